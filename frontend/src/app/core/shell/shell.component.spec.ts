import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatNavListHarness } from '@angular/material/list/testing';
import { MatSidenavHarness } from '@angular/material/sidenav/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { aUser, anAuthResponse, settle } from '../../../testing/auth-fixtures';
import { FakeRealtimeService, provideFakeRealtime } from '../../../testing/fake-realtime';
import { STUB_ROUTES, provideTestApp } from '../../../testing/test-providers';
import { AuthService } from '../auth/auth.service';
import { ShellComponent } from './shell.component';
import { UNREAD_REFRESH_DELAY_MS } from './unread-counts.store';

const UNREAD_URL = '/api/whatsapp/conversations/unread';
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ShellComponent', () => {
  let harness: RouterTestingHarness;
  let loader: HarnessLoader;
  let http: HttpTestingController;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        ...provideTestApp([{ path: '', component: ShellComponent, children: STUB_ROUTES }]),
        provideFakeRealtime(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const login = TestBed.inject(AuthService).login({ email: 'a@b.co', password: '12345678' });
    http
      .expectOne('/api/auth/login')
      .flush(
        anAuthResponse(
          1,
          aUser({ name: 'Grace Hopper', organization: { id: 'o', name: 'Navy Labs' } }),
        ),
      );
    await login;

    harness = await RouterTestingHarness.create('/inbox');
    loader = TestbedHarnessEnvironment.loader(harness.fixture);
    await flushUnread(0);
  });

  /** Answers the unread counts the shell asked for. */
  async function flushUnread(conversations: number): Promise<void> {
    const request = await vi.waitFor(() => http.expectOne(UNREAD_URL));
    request.flush({ conversation_count: conversations, message_count: conversations * 2 });
    await settle();
    await harness.fixture.whenStable();
  }
  const shell = () => harness.fixture.nativeElement as HTMLElement;
  const inboxBadge = () =>
    shell().querySelector('a[href="/inbox"] .nav-badge')?.textContent?.trim() ?? null;

  afterEach(() => http.verify());

  it("shows the app name, the user's name and organization", () => {
    const element = harness.routeNativeElement?.closest('app-shell') ?? document.body;
    expect(element.querySelector('mat-toolbar')?.textContent).toContain('Convis WhatsApp');
    expect(element.querySelector('[data-testid="user-name"]')?.textContent?.trim()).toBe(
      'Grace Hopper',
    );
    expect(element.querySelector('[data-testid="organization-name"]')?.textContent?.trim()).toBe(
      'Navy Labs',
    );
  });

  it('lists the seven sections with their links and highlights the current one', async () => {
    const nav = await loader.getHarness(MatNavListHarness);
    const items = await nav.getItems();

    expect(await Promise.all(items.map((item) => item.getTitle()))).toEqual([
      'Dashboard',
      'Accounts',
      'Messages',
      'Inbox',
      'Contacts',
      'Campaigns',
      'Templates',
    ]);
    expect(await Promise.all(items.map((item) => item.getHref()))).toEqual([
      '/dashboard',
      '/accounts',
      '/messages',
      '/inbox',
      '/contacts',
      '/campaigns',
      '/templates',
    ]);
    expect(await Promise.all(items.map((item) => item.isActivated()))).toEqual([
      false,
      false,
      false,
      true,
      false,
      false,
      false,
    ]);
    for (const item of items) {
      expect(await item.hasIcon()).toBe(true);
    }
  });

  it("shows the unread conversations on the Inbox's item, kept current by live events", async () => {
    const realtime = TestBed.inject(FakeRealtimeService);
    expect(inboxBadge()).toBeNull();

    realtime.emit('message.inbound', {
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
    // A burst costs one request, a moment later.
    realtime.emit('conversation.read', { contact_id: 'c2', read_at: new Date().toISOString() });
    await wait(UNREAD_REFRESH_DELAY_MS + 50);
    await flushUnread(3);
    expect(inboxBadge()).toBe('3');
    // The link keeps its name, and says how many are unread in its description.
    const inbox = shell().querySelector('a[href="/inbox"]');
    const description = inbox?.getAttribute('aria-describedby') ?? '';
    expect(shell().querySelector(`#${description}`)?.textContent?.trim()).toBe(
      '3 unread conversations',
    );

    realtime.emit('conversation.read', { contact_id: 'c1', read_at: new Date().toISOString() });
    await wait(UNREAD_REFRESH_DELAY_MS + 50);
    await flushUnread(120);
    expect(inboxBadge()).toBe('99+');

    // After a reconnection events may have been missed: it asks again.
    realtime.resync();
    await wait(UNREAD_REFRESH_DELAY_MS + 50);
    await flushUnread(0);
    expect(inboxBadge()).toBeNull();
  });

  it('navigates with the side navigation', async () => {
    const nav = await loader.getHarness(MatNavListHarness);
    const [campaigns] = await nav.getItems({ title: 'Campaigns' });
    await campaigns?.click();

    expect(TestBed.inject(Router).url).toBe('/campaigns');
    expect(await campaigns?.isActivated()).toBe(true);
  });

  it('keeps the navigation open beside the page on wide screens', async () => {
    const sidenav = await loader.getHarness(MatSidenavHarness);
    expect(await sidenav.isOpen()).toBe(true);
    expect(await sidenav.getMode()).toBe('side');
  });

  it('logs out from the toolbar', async () => {
    const logout = await loader.getHarness(
      MatButtonHarness.with({ selector: '[aria-label="Log out"]' }),
    );
    await logout.click();

    const request = http.expectOne('/api/auth/logout');
    expect(request.request.body).toEqual({ refresh_token: 'refresh-1' });
    request.flush(null, { status: 204, statusText: 'No Content' });
    await settle();

    expect(TestBed.inject(AuthService).isAuthenticated()).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/login');
  });
});
