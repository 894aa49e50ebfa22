import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import type { ContactDto } from '../../core/api/models/contact-dto';
import { aAccount } from '../../../testing/account-fixtures';
import { settle } from '../../../testing/auth-fixtures';
import { provideTestApp } from '../../../testing/test-providers';
import { ContactsComponent } from './contacts.component';

const LIST_URL = '/api/whatsapp/contacts';

function aContact(overrides: Partial<ContactDto> = {}): ContactDto {
  return {
    id: '3f2b8c1d-9e4a-4b7f-8c6d-5a4b3c2d1e0f',
    account_id: aAccount().id,
    phone_number_id: '106540352242922',
    wa_id: '15550101234',
    phone_number: '+15550101234',
    user_id: null,
    username: null,
    profile_name: 'Grace',
    name: 'Grace Hopper (ACME)',
    tags: ['vip'],
    attributes: {},
    consent_state: 'opted_out',
    consent_changed_at: '2026-11-24T12:00:00.000Z',
    last_inbound_at: null,
    last_message_at: null,
    window: { open: false, expires_at: null },
    created_at: '2026-11-20T09:00:00.000Z',
    updated_at: '2026-11-24T12:00:00.000Z',
    ...overrides,
  };
}

describe('ContactsComponent', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: provideTestApp([{ path: 'contacts', component: ContactsComponent }]),
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  async function render(accounts = [aAccount()]): Promise<HTMLElement> {
    harness = await RouterTestingHarness.create();
    void harness.navigateByUrl('/contacts');
    (await vi.waitFor(() => http.expectOne('/api/whatsapp/accounts'))).flush(accounts);
    return harness.routeNativeElement!;
  }

  const listRequest = () =>
    vi.waitFor(() => http.expectOne((r) => r.method === 'GET' && r.url === LIST_URL));

  it('lists contacts by the business’s name with their number, tags and consent, then loads more', async () => {
    const page = await render();
    (await listRequest()).flush({ items: [aContact()], next_cursor: 'next' });
    await settle();
    harness.detectChanges();
    const row = page.querySelector('.row')!;
    expect(row.textContent).toContain('Grace Hopper (ACME)');
    expect(row.textContent).toContain('+15550101234');
    expect(row.textContent).toContain('vip');
    expect(row.textContent).toContain('Opted out');

    const more = [...page.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Load more'),
    )!;
    more.click();
    const next = await vi.waitFor(() =>
      http.expectOne((r) => r.url === LIST_URL && r.params.get('cursor') === 'next'),
    );
    next.flush({
      items: [
        aContact({ id: '4f2b8c1d-9e4a-4b7f-8c6d-5a4b3c2d1e0f', name: null, profile_name: 'Alan' }),
      ],
      next_cursor: null,
    });
    await settle();
    harness.detectChanges();
    expect([...page.querySelectorAll('.row .name')].map((n) => n.textContent?.trim())).toEqual([
      'Grace Hopper (ACME)',
      'Alan',
    ]);
    expect(page.textContent).not.toContain('Load more');
  });

  it('says what to do next when there are no contacts yet', async () => {
    const page = await render();
    (await listRequest()).flush({ items: [], next_cursor: null });
    await settle();
    harness.detectChanges();
    expect(page.textContent).toContain('No contacts yet');
    expect(page.textContent).toContain('Import a CSV file');
  });

  it('says to connect an account first when there is none, with a link to the Accounts page', async () => {
    const page = await render([]);
    (await listRequest()).flush({ items: [], next_cursor: null });
    await settle();
    harness.detectChanges();
    expect(page.querySelector('app-empty-state h2')?.textContent?.trim()).toBe(
      'Connect a WhatsApp account first',
    );
    expect(page.querySelector('app-empty-state a')?.getAttribute('href')).toBe('/accounts');
  });

  it('searches by any spelling of the number', async () => {
    const page = await render();
    (await listRequest()).flush({ items: [aContact()], next_cursor: null });
    await settle();
    harness.detectChanges();
    const input = page.querySelector<HTMLInputElement>('input[name="q"]')!;
    input.value = '555-010';
    input.dispatchEvent(new Event('input'));
    const search = await vi.waitFor(() =>
      http.expectOne((r) => r.url === LIST_URL && r.params.get('q') === '555-010'),
    );
    search.flush({ items: [], next_cursor: null });
    await settle();
    harness.detectChanges();
    expect(page.textContent).toContain('No contacts match');
  });
});
