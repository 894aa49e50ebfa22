import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { Router, TitleStrategy } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { anAuthResponse } from '../testing/auth-fixtures';
import { provideTestApp } from '../testing/test-providers';
import { AppTitleStrategy } from './app-title.strategy';
import { routes } from './app.routes';
import { AuthService } from './core/auth/auth.service';
import { anEmptyStats } from './features/dashboard/stats-fixtures';

describe('app routes', () => {
  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        ...provideTestApp(routes),
        { provide: TitleStrategy, useClass: AppTitleStrategy },
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
      'No messages yet',
      {
        '/api/whatsapp/accounts': [],
        '/api/whatsapp/messages?limit=50': { items: [], next_cursor: null },
      },
    ],
    [
      '/inbox',
      'Inbox',
      'No conversations yet',
      {
        '/api/whatsapp/accounts': [],
        '/api/whatsapp/conversations?limit=30': { items: [], next_cursor: null },
      },
    ],
    [
      '/campaigns',
      'Campaigns',
      'No campaigns yet',
      { '/api/whatsapp/campaigns?limit=50': { items: [], next_cursor: null } },
    ],
    ['/templates', 'Templates', 'No WhatsApp account yet', { '/api/whatsapp/accounts': [] }],
  ])('%s shows its heading and empty state', async (url, heading, emptyState, lists) => {
    const harness = await RouterTestingHarness.create(url);
    if (lists) {
      // Pages that load lists show their empty state once they arrive empty.
      for (const [listUrl, body] of Object.entries(lists)) {
        TestBed.inject(HttpTestingController).expectOne(listUrl).flush(body);
      }
      await harness.fixture.whenStable();
    }
    const page = harness.fixture.nativeElement as HTMLElement;

    expect(page.querySelector('h1')?.textContent?.trim()).toBe(heading);
    expect(page.querySelector('app-empty-state h2')?.textContent?.trim()).toBe(emptyState);
    expect(TestBed.inject(Title).getTitle()).toBe(`${heading} · Convis WhatsApp`);
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
