import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { Router, TitleStrategy } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { anAuthResponse, settle } from '../testing/auth-fixtures';
import { FakeRealtimeService, provideFakeRealtime } from '../testing/fake-realtime';
import { provideTestApp } from '../testing/test-providers';
import { AppTitleStrategy } from './app-title.strategy';
import { routes } from './app.routes';
import { AuthService } from './core/auth/auth.service';
import { UNREAD_REFRESH_DELAY_MS } from './core/shell/unread-counts.store';
import { anEmptyStats } from './features/dashboard/stats-fixtures';

const UNREAD_URL = '/api/whatsapp/conversations/unread';
const NOTHING_UNREAD = { conversation_count: 0, message_count: 0 };

describe('app routes', () => {
  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        ...provideTestApp(routes),
        { provide: TitleStrategy, useExisting: AppTitleStrategy },
        provideFakeRealtime(),
      ],
    });
    const login = TestBed.inject(AuthService).login({ email: 'a@b.co', password: '12345678' });
    TestBed.inject(HttpTestingController).expectOne('/api/auth/login').flush(anAuthResponse());
    await login;
  });

  it.each<[string, string, string, Record<string, object> | null]>([
    [
      '/dashboard',
      'Dashboard',
      'Nothing to report yet',
      { '/api/whatsapp/accounts': [], '/api/whatsapp/stats': anEmptyStats() },
    ],
    ['/accounts', 'Accounts', 'No WhatsApp accounts yet', { '/api/whatsapp/accounts': [] }],
    [
      '/messages',
      'Messages',
      'Connect a WhatsApp account first',
      {
        '/api/whatsapp/accounts': [],
        '/api/whatsapp/messages?limit=50': { items: [], next_cursor: null },
      },
    ],
    [
      '/inbox',
      'Inbox',
      'Connect a WhatsApp account first',
      {
        '/api/whatsapp/accounts': [],
        '/api/whatsapp/conversations?limit=30': { items: [], next_cursor: null },
      },
    ],
    [
      '/campaigns',
      'Campaigns',
      'Connect a WhatsApp account first',
      {
        '/api/whatsapp/campaigns?limit=50': { items: [], next_cursor: null },
        '/api/whatsapp/accounts': [],
      },
    ],
    [
      '/templates',
      'Templates',
      'Connect a WhatsApp account first',
      { '/api/whatsapp/accounts': [] },
    ],
  ])('%s shows its heading and empty state', async (url, heading, emptyState, lists) => {
    const harness = await RouterTestingHarness.create(url);
    const http = TestBed.inject(HttpTestingController);
    // The shell counts the unread conversations; pages that load lists show their empty state
    // once they arrive empty (one list may ask for the next).
    for (const [listUrl, body] of Object.entries({ [UNREAD_URL]: NOTHING_UNREAD, ...lists })) {
      (await vi.waitFor(() => http.expectOne(listUrl))).flush(body);
      await settle();
    }
    await harness.fixture.whenStable();
    const page = harness.fixture.nativeElement as HTMLElement;

    expect(page.querySelector('h1')?.textContent?.trim()).toBe(heading);
    expect(page.querySelector('app-empty-state h2')?.textContent?.trim()).toBe(emptyState);
    expect(TestBed.inject(Title).getTitle()).toBe(`${heading} · Convis WhatsApp`);
  });

  it('shows the unread conversations in the tab title, kept current by live events', async () => {
    const harness = await RouterTestingHarness.create('/accounts');
    const http = TestBed.inject(HttpTestingController);
    http.expectOne('/api/whatsapp/accounts').flush([]);
    http.expectOne(UNREAD_URL).flush({ conversation_count: 3, message_count: 4 });
    await settle();
    await harness.fixture.whenStable();
    expect(TestBed.inject(Title).getTitle()).toBe('(3) Accounts · Convis WhatsApp');

    // A customer wrote: the count is asked again.
    TestBed.inject(FakeRealtimeService).emit('message.inbound', {
      message_id: 'm1',
      contact_id: 'c1',
      account_id: 'a1',
      phone_number_id: '1065',
      wa_message_id: 'wamid.1',
      message_type: 'text',
      preview: 'Hi',
      media_id: null,
      received_at: new Date().toISOString(),
    });
    await new Promise((resolve) => setTimeout(resolve, UNREAD_REFRESH_DELAY_MS + 50));
    (await vi.waitFor(() => http.expectOne(UNREAD_URL))).flush({
      conversation_count: 4,
      message_count: 5,
    });
    await settle();
    TestBed.tick();
    expect(TestBed.inject(Title).getTitle()).toBe('(4) Accounts · Convis WhatsApp');

    // Another page keeps the count; everything read: the plain title.
    await harness.navigateByUrl('/contacts');
    expect(TestBed.inject(Title).getTitle()).toBe('(4) Contacts · Convis WhatsApp');
    TestBed.inject(FakeRealtimeService).emit('conversation.read', {
      contact_id: 'c1',
      read_at: new Date().toISOString(),
    });
    await new Promise((resolve) => setTimeout(resolve, UNREAD_REFRESH_DELAY_MS + 50));
    (await vi.waitFor(() => http.expectOne(UNREAD_URL))).flush(NOTHING_UNREAD);
    await settle();
    TestBed.tick();
    expect(TestBed.inject(Title).getTitle()).toBe('Contacts · Convis WhatsApp');
  });

  it('greets the user on the dashboard', async () => {
    const harness = await RouterTestingHarness.create('/');
    expect(TestBed.inject(Router).url).toBe('/dashboard');
    expect((harness.fixture.nativeElement as HTMLElement).textContent).toContain('Welcome, Ada!');
  });

  it('shows a not-found page for unknown addresses', async () => {
    const harness = await RouterTestingHarness.create('/no/such/page');
    expect(
      (harness.fixture.nativeElement as HTMLElement).querySelector('h1')?.textContent?.trim(),
    ).toBe('Page not found');
  });
});
