import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import { aCampaign, someCounts } from '../../../testing/campaign-fixtures';
import { settle } from '../../../testing/auth-fixtures';
import { FakeRealtimeService, provideFakeRealtime } from '../../../testing/fake-realtime';
import { aAccount } from '../../../testing/account-fixtures';
import { provideTestApp } from '../../../testing/test-providers';
import { CampaignsComponent } from './campaigns.component';

const LIST_URL = '/api/whatsapp/campaigns';

describe('CampaignsComponent', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        ...provideTestApp([{ path: 'campaigns', component: CampaignsComponent }]),
        provideFakeRealtime(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  async function render(): Promise<HTMLElement> {
    harness = await RouterTestingHarness.create();
    void harness.navigateByUrl('/campaigns');
    return harness.fixture.nativeElement as HTMLElement;
  }

  const listRequest = () =>
    vi.waitFor(() => http.expectOne((r) => r.method === 'GET' && r.url === LIST_URL));

  async function show(): Promise<void> {
    await settle();
    harness.detectChanges();
  }

  it('lists campaigns with their state, progress and counts, which move live', async () => {
    const page = await render();
    (await listRequest()).flush({ items: [aCampaign()], next_cursor: null });
    await show();
    const row = page.querySelector('.row')!;
    expect(row.textContent).toContain('Spring shipping notice');
    expect(row.textContent).toContain('order_update · UTILITY');
    expect(row.textContent).toContain('Sending');
    expect(row.textContent).toContain('30 of 100 sent · 2 failed · 8 skipped');
    expect(row.getAttribute('href')).toBe(`/campaigns/${aCampaign().id}`);
    const bar = row.querySelector('mat-progress-bar')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('40');

    const { total: _total, ...counts } = someCounts({ read: 90, failed: 2, skipped: 8 });
    TestBed.inject(FakeRealtimeService).emit('campaign.progress', {
      campaign_id: aCampaign().id,
      state: 'completed',
      state_reason: null,
      counts,
    });
    await show();
    expect(row.textContent).toContain('Completed');
    expect(row.textContent).toContain('90 of 100 sent · 2 failed · 8 skipped');
    expect(bar.getAttribute('aria-valuenow')).toBe('100');
  });

  it('offers Edit on drafts only, opening the wizard at the draft’s settings', async () => {
    const draft = aCampaign({
      id: '7c9e6679-7425-40de-944b-e07fc1f90ae8',
      name: 'Winter draft',
      state: 'draft',
      counts: someCounts({ pending: 3 }),
    });
    const page = await render();
    (await listRequest()).flush({ items: [draft, aCampaign()], next_cursor: null });
    await show();
    const edits = [...page.querySelectorAll<HTMLAnchorElement>('.list a.edit')];
    expect(edits.map((a) => [a.getAttribute('aria-label'), a.getAttribute('href')])).toEqual([
      ['Edit the draft Winter draft', `/campaigns/new?campaign=${draft.id}&edit=true`],
    ]);
  });

  /** With no campaign, the page asks whether there is an account to send from. */
  async function flushAccounts(accounts = [aAccount()]): Promise<void> {
    (await vi.waitFor(() => http.expectOne('/api/whatsapp/accounts'))).flush(accounts);
    await show();
  }

  it('says what to do next when there are no campaigns yet', async () => {
    const page = await render();
    (await listRequest()).flush({ items: [], next_cursor: null });
    await show();
    await flushAccounts();
    expect(page.textContent).toContain('No campaigns yet');
    const create = [...page.querySelectorAll('a')].find((a) =>
      a.textContent?.includes('Create a campaign'),
    );
    expect(create?.getAttribute('href')).toBe('/campaigns/new');
  });

  it('says to connect an account first when there is none, with a link to the Accounts page', async () => {
    const page = await render();
    (await listRequest()).flush({ items: [], next_cursor: null });
    await show();
    await flushAccounts([]);
    expect(page.querySelector('app-empty-state h2')?.textContent?.trim()).toBe(
      'Connect a WhatsApp account first',
    );
    expect(page.querySelector('app-empty-state a')?.getAttribute('href')).toBe('/accounts');
    expect(page.textContent).not.toContain('Create a campaign');
  });

  it('loads more campaigns through the cursor', async () => {
    const page = await render();
    (await listRequest()).flush({ items: [aCampaign()], next_cursor: 'next' });
    await show();
    const more = [...page.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Load more'),
    )!;
    more.click();
    const next = await vi.waitFor(() =>
      http.expectOne((r) => r.url === LIST_URL && r.params.get('cursor') === 'next'),
    );
    next.flush({
      items: [aCampaign({ id: 'c2', name: 'Older one', state: 'cancelled' })],
      next_cursor: null,
    });
    await show();
    expect([...page.querySelectorAll('.name')].map((n) => n.textContent?.trim())).toEqual([
      'Spring shipping notice',
      'Older one',
    ]);
    expect(page.textContent).not.toContain('Load more');
  });

  it('shows a load error with Retry', async () => {
    const page = await render();
    (await listRequest()).flush(null, { status: 500, statusText: 'Server Error' });
    await show();
    expect(page.textContent).toContain("Couldn't load the campaigns");
    const retry = [...page.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Retry'),
    )!;
    retry.click();
    (await listRequest()).flush({ items: [], next_cursor: null });
    await show();
    await flushAccounts();
    expect(page.textContent).toContain('No campaigns yet');
  });
});
