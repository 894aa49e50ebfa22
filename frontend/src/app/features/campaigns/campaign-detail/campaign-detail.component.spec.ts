import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { aAccount } from '../../../../testing/account-fixtures';
import { anErrorBody, settle } from '../../../../testing/auth-fixtures';
import {
  aCampaign,
  aRecipient,
  aTimeline,
  someCounts,
} from '../../../../testing/campaign-fixtures';
import { FakeRealtimeService, provideFakeRealtime } from '../../../../testing/fake-realtime';
import { aMessage, aMessageDetail } from '../../../../testing/message-fixtures';
import { provideTestApp } from '../../../../testing/test-providers';
import { CampaignDetailComponent, TIMELINE_REFRESH_MS } from './campaign-detail.component';

const campaign = aCampaign();
const CAMPAIGN_URL = `/api/whatsapp/campaigns/${campaign.id}`;
const RECIPIENTS_URL = `${CAMPAIGN_URL}/recipients`;
const TIMELINE_URL = `${CAMPAIGN_URL}/timeline`;

const failed = aRecipient({
  id: '0b6a1f4e-4c1d-4f0e-9a43-4b1b3a1a0002',
  to: '+15550100000',
  state: 'failed',
  message_id: null,
  delivered_at: null,
  failed_at: '2026-11-24T12:05:03.000Z',
  error: { code: 131026, title: 'Message undeliverable', reason: 'The number is not on WhatsApp.' },
});
const unknown = aRecipient({
  id: '0b6a1f4e-4c1d-4f0e-9a43-4b1b3a1a0003',
  to: '+15550102222',
  state: 'unknown',
  message_id: null,
  sent_at: null,
  delivered_at: null,
});

describe('CampaignDetailComponent', () => {
  let fixture: ComponentFixture<CampaignDetailComponent>;
  let root: HarnessLoader;
  let http: HttpTestingController;
  let realtime: FakeRealtimeService;

  const page = () => fixture.nativeElement as HTMLElement;
  const recipientRows = () => page().querySelectorAll('.recipients tbody tr');
  const text = (selector: string) =>
    page().querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim();
  const button = (label: string) => {
    const found = [...page().querySelectorAll<HTMLButtonElement>('button')].find((b) =>
      b.textContent?.replace(/\s+/g, ' ').trim().endsWith(label),
    );
    if (!found) throw new Error(`No button "${label}"`);
    return found;
  };
  async function shown(): Promise<void> {
    await settle();
    fixture.detectChanges();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [...provideTestApp(), provideFakeRealtime()] });
    http = TestBed.inject(HttpTestingController);
    realtime = TestBed.inject(FakeRealtimeService);
    fixture = TestBed.createComponent(CampaignDetailComponent);
    root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    fixture.componentRef.setInput('id', campaign.id);
    fixture.detectChanges();
    await settle();
    http.expectOne(CAMPAIGN_URL).flush(campaign);
    http.expectOne('/api/whatsapp/accounts').flush([aAccount()]);
    http
      .expectOne((r) => r.url === RECIPIENTS_URL)
      .flush({ items: [aRecipient(), failed, unknown], next_cursor: 'more' });
    http.expectOne(TIMELINE_URL).flush(aTimeline());
    await shown();
  });
  afterEach(() => http.verify());

  it('shows the state, progress and counts, and follows campaign.progress live', async () => {
    expect(text('h1')).toBe('Spring shipping notice');
    expect(text('[data-testid=campaign-state]')).toContain('Sending');
    expect(text('[data-testid=campaign-summary]')).toBe(
      '40% done · 30 of 100 sent · 2 failed · 8 skipped',
    );
    expect(text('.pacing')).toBe('60 messages at 80 per second: 1 second.');
    expect(page().querySelector('[data-state=failed]')?.getAttribute('aria-label')).toBe(
      'Failed: 2. Show these recipients.',
    );

    const { total: _total, ...counts } = someCounts({ read: 88, failed: 4, skipped: 8 });
    realtime.emit('campaign.progress', {
      campaign_id: campaign.id,
      state: 'completed',
      state_reason: null,
      counts,
    });
    // Its times are not in the event: the campaign is fetched again (the page waits for it).
    await settle();
    fixture.detectChanges();
    http
      .expectOne(CAMPAIGN_URL)
      .flush({ ...campaign, state: 'completed', counts: someCounts(counts) });
    await shown();
    expect(text('[data-testid=campaign-state]')).toContain('Completed');
    expect(text('[data-testid=campaign-summary]')).toBe(
      '100% done · 88 of 100 sent · 4 failed · 8 skipped',
    );
    expect(page().querySelector('mat-progress-bar')?.getAttribute('aria-valuenow')).toBe('100');
    // The table follows too, a moment later (one refetch for a burst of events).
    const refresh = await vi.waitFor(
      () => http.expectOne((r) => r.url === RECIPIENTS_URL && r.params.get('limit') === '50'),
      { timeout: 4000 },
    );
    refresh.flush({ items: [aRecipient({ state: 'read' })], next_cursor: null });
    await shown();
    expect(recipientRows()).toHaveLength(1);
  });

  it("explains each recipient's state and filters by state", async () => {
    const rows = [...recipientRows()].map((tr) => tr.textContent?.replace(/\s+/g, ' '));
    expect(rows[1]).toContain(
      'Message undeliverable (code 131026): The number is not on WhatsApp.',
    );
    expect(rows[2]).toContain('Its send could not be confirmed');
    expect(rows[0]).not.toContain('Send again');
    expect(rows[1]).toContain('Send again');

    page().querySelector<HTMLButtonElement>('[data-state=failed]')!.click();
    await settle();
    fixture.detectChanges();
    const filtered = http.expectOne(
      (r) => r.url === RECIPIENTS_URL && r.params.get('state') === 'failed',
    );
    filtered.flush({ items: [failed], next_cursor: null });
    await shown();
    expect(recipientRows()).toHaveLength(1);
    expect(page().textContent).not.toContain('Load more');
  });

  it('pages recipients through the cursor', async () => {
    button('Load more').click();
    const next = http.expectOne(
      (r) => r.url === RECIPIENTS_URL && r.params.get('cursor') === 'more',
    );
    next.flush({ items: [aRecipient({ id: 'r4', to: '+15550103333' })], next_cursor: null });
    await shown();
    expect(recipientRows()).toHaveLength(4);
  });

  it('sends an unknown recipient again only once the person confirmed it may arrive twice', async () => {
    const again = [...recipientRows()][2].querySelector('button')!;
    again.click();
    const dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getText()).toContain('may receive the message twice');
    const confirm = [
      ...document.querySelectorAll<HTMLButtonElement>('mat-dialog-container button'),
    ].find((b) => b.textContent?.trim() === 'Send again')!;
    confirm.click();
    await shown();
    const resend = http.expectOne({
      method: 'POST',
      url: `${RECIPIENTS_URL}/${unknown.id}/send-again`,
    });
    resend.flush(campaign);
    await shown();
    expect([...recipientRows()][2].textContent).toContain('Pending');
    await vi
      .waitFor(() => http.expectOne((r) => r.url === RECIPIENTS_URL), { timeout: 4000 })
      .then((refresh) => refresh.flush({ items: [], next_cursor: null }));
  });

  it('pauses at once, and cancels only after confirmation', async () => {
    button('Pause').click();
    http
      .expectOne({ method: 'POST', url: `${CAMPAIGN_URL}/pause` })
      .flush({ ...campaign, state: 'paused', state_reason: 'Paused by a user.' });
    await shown();
    expect(text('[data-testid=campaign-state]')).toContain('Paused');
    expect(text('.reason')).toBe('Paused by a user.');

    button('Cancel campaign').click();
    const dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getText()).toContain('60 recipients not sent yet will not be sent');
    await dialog.close();
    await shown();
    http.expectNone(`${CAMPAIGN_URL}/cancel`);

    button('Cancel campaign').click();
    await root.getHarness(MatDialogHarness);
    [...document.querySelectorAll<HTMLButtonElement>('mat-dialog-container button')]
      .find((b) => b.textContent?.trim() === 'Cancel campaign')!
      .click();
    await shown();
    http
      .expectOne({ method: 'POST', url: `${CAMPAIGN_URL}/cancel` })
      .flush({ ...campaign, state: 'cancelled', state_reason: 'Cancelled by a user.' });
    await shown();
    expect(text('[data-testid=campaign-state]')).toContain('Cancelled');
    await vi
      .waitFor(() => http.expectOne((r) => r.url === RECIPIENTS_URL), { timeout: 4000 })
      .then((refresh) => refresh.flush({ items: [], next_cursor: null }));
  });

  it("opens the recipient's message in the message drawer", async () => {
    button(`${aRecipient().to}`).click();
    // The drawer's message loads: the page is not stable until it has.
    await settle();
    fixture.detectChanges();
    await settle();
    http
      .expectOne(`/api/whatsapp/messages/${aRecipient().message_id}`)
      .flush(aMessageDetail(aMessage({ id: aRecipient().message_id! })));
    await shown();
    expect(page().querySelector('app-message-detail')).not.toBeNull();
  });

  it('charts the sends and failures of every minute of the campaign, quiet minutes at zero', () => {
    const chart = page().querySelector('app-chart');
    expect(chart?.getAttribute('aria-label')).toMatch(
      /^Sends per minute over the whole campaign, .+ to .+: 30 sent, 2 failed\.$/,
    );
    // The figures for screen readers: the minutes with sends or failures.
    const rows = [...page().querySelectorAll('.chart-card table tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(rows).toEqual([
      ['25', '1'],
      ['5', '1'],
    ]);
    expect(page().querySelector('[data-testid=chart-empty]')).toBeNull();
  });

  it('fetches the chart again from live progress, at most every 5 seconds', async () => {
    const { total: _total, ...counts } = someCounts({ pending: 49, sent: 30, failed: 3 });
    const progress = () =>
      realtime.emit('campaign.progress', {
        campaign_id: campaign.id,
        state: 'running',
        state_reason: null,
        counts,
      });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      progress();
      vi.advanceTimersByTime(2000);
      progress();
      // The recipients table follows after a second.
      http
        .expectOne((r) => r.url === RECIPIENTS_URL)
        .flush({ items: [aRecipient()], next_cursor: null });
      vi.advanceTimersByTime(TIMELINE_REFRESH_MS - 2001);
      progress();
      http.expectNone(TIMELINE_URL);
      // One fetch for the burst, five seconds after its first event.
      vi.advanceTimersByTime(1);
      http.expectOne(TIMELINE_URL).flush({
        per_minute: [
          ...aTimeline().per_minute,
          { starts_at: '2026-11-24T12:08:00.000Z', sent: 8, failed: 1 },
        ],
      });
    } finally {
      vi.useRealTimers();
    }
    await shown();
    expect(page().querySelector('app-chart')?.getAttribute('aria-label')).toContain(
      '38 sent, 3 failed.',
    );
    expect(page().querySelectorAll('.chart-card table tbody tr')).toHaveLength(3);
  });

  it("says so when the chart's minutes cannot load, and when nothing was sent yet", async () => {
    const draft = aCampaign({
      id: '7c9e6679-7425-40de-944b-e07fc1f90ae8',
      state: 'draft',
      counts: someCounts({ pending: 3 }),
    });
    const draftUrl = `/api/whatsapp/campaigns/${draft.id}`;
    fixture.componentRef.setInput('id', draft.id);
    fixture.detectChanges();
    await settle();
    http.expectOne(draftUrl).flush(draft);
    http
      .expectOne((r) => r.url === `${draftUrl}/recipients`)
      .flush({ items: [], next_cursor: null });
    http.expectOne(`${draftUrl}/timeline`).flush(anErrorBody(500, 'Internal server error'), {
      status: 500,
      statusText: 'Internal Server Error',
    });
    await shown();
    // A draft can be edited (its settings) or continued (its audience) in the wizard.
    const links = [...page().querySelectorAll<HTMLAnchorElement>('.actions a')].map((a) => [
      a.textContent?.replace(/\s+/g, ' ').trim(),
      a.getAttribute('href'),
    ]);
    expect(links).toEqual(
      expect.arrayContaining([
        ['group_add Continue setup', `/campaigns/new?campaign=${draft.id}`],
        ['edit Edit', `/campaigns/new?campaign=${draft.id}&edit=true`],
      ]),
    );
    // The other campaign's chart is not shown in its place.
    expect(page().querySelector('app-chart')).toBeNull();
    expect(text('.chart-card app-load-error')).toContain("Couldn't load the sends over time");

    [...page().querySelectorAll<HTMLButtonElement>('.chart-card button')]
      .find((b) => b.textContent?.includes('Retry'))!
      .click();
    await settle();
    http.expectOne(`${draftUrl}/timeline`).flush({ per_minute: [] });
    await shown();
    expect(text('[data-testid=chart-empty]')).toBe(
      'Nothing sent yet. The sends and failures of each minute appear here as the campaign sends.',
    );
  });
});
