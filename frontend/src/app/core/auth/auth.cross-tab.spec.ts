import { HttpTestingController } from '@angular/common/http/testing';
import {
  EnvironmentInjector,
  type EnvironmentProviders,
  type Provider,
  createEnvironmentInjector,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { anAuthResponse, settle } from '../../../testing/auth-fixtures';
import { FakeLockManager } from '../../../testing/fake-web-locks';
import { provideTestApp } from '../../../testing/test-providers';
import {
  AUTH_CHANNEL,
  AUTH_CHANNEL_NAME,
  AuthTabSync,
  REFRESH_LOCK_NAME,
  WEB_LOCKS,
} from './auth-tab-sync';
import { AuthService } from './auth.service';
import { REFRESH_TOKEN_KEY } from './token-storage';

/**
 * Two "tabs" in one window: each has its own AuthService and its own end of the auth channel
 * (a real BroadcastChannel), and they share localStorage, the HTTP backend and the lock manager,
 * as tabs of one browser share storage and `navigator.locks`.
 */
describe('AuthService across tabs', () => {
  let http: HttpTestingController;
  let locks: FakeLockManager;
  const tabs: EnvironmentInjector[] = [];

  function openTab(extra: (Provider | EnvironmentProviders)[] = []): AuthService {
    const tab = createEnvironmentInjector(
      [
        AuthService,
        AuthTabSync,
        { provide: AUTH_CHANNEL, useFactory: () => new BroadcastChannel(AUTH_CHANNEL_NAME) },
        ...extra,
      ],
      TestBed.inject(EnvironmentInjector),
    );
    tabs.push(tab);
    return tab.get(AuthService);
  }

  /** Signs a tab in; every tab then shares refresh-1 through localStorage. */
  async function signIn(tab: AuthService): Promise<void> {
    const login = tab.login({ email: 'ada@example.com', password: 'correct horse battery' });
    http.expectOne('/api/auth/login').flush(anAuthResponse(1));
    await login;
  }

  beforeEach(() => {
    localStorage.clear();
    locks = new FakeLockManager();
    TestBed.configureTestingModule({
      providers: [...provideTestApp(), { provide: WEB_LOCKS, useValue: locks }],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    for (const tab of tabs.splice(0)) tab.destroy();
    http.verify();
  });

  it('refreshes once when two tabs refresh at the same moment; the other adopts the result', async () => {
    const first = openTab();
    const second = openTab();
    await signIn(first);
    await signIn(second);

    const firstRefresh = first.refreshAccessToken();
    const secondRefresh = second.refreshAccessToken();
    await settle();

    // expectOne fails if the second tab sent a refresh of its own (with the spent refresh-1).
    const request = http.expectOne('/api/auth/refresh');
    expect(request.request.body).toEqual({ refresh_token: 'refresh-1' });
    request.flush(anAuthResponse(2));

    await expect(firstRefresh).resolves.toBe('access-2');
    await expect(secondRefresh).resolves.toBe('access-2');
    http.expectNone('/api/auth/refresh');
    expect(second.accessToken()).toBe('access-2');
    expect(second.user()?.email).toBe('ada@example.com');
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-2');
    expect(locks.granted.get(REFRESH_LOCK_NAME)).toBe(2);
  });

  it('follows a refresh made in another tab, so it needs none of its own', async () => {
    const first = openTab();
    const second = openTab();
    await signIn(first);
    await signIn(second);

    const refresh = first.refreshAccessToken();
    await settle(); // the lock is granted asynchronously
    http.expectOne('/api/auth/refresh').flush(anAuthResponse(2));
    await refresh;
    await settle();

    expect(second.accessToken()).toBe('access-2');
    http.expectNone('/api/auth/refresh');
  });

  it('refreshes with the rotated token, never the spent one, when the other tab says nothing', async () => {
    const first = openTab();
    // A tab without a channel never hears about the other tab's refresh.
    const second = openTab([{ provide: AUTH_CHANNEL, useValue: null }]);
    await signIn(first);
    await signIn(second);

    const firstRefresh = first.refreshAccessToken();
    const secondRefresh = second.refreshAccessToken();
    await settle();
    http.expectOne('/api/auth/refresh').flush(anAuthResponse(2));
    await firstRefresh;
    await settle();

    const request = http.expectOne('/api/auth/refresh');
    expect(request.request.body).toEqual({ refresh_token: 'refresh-2' });
    request.flush(anAuthResponse(3));

    await expect(secondRefresh).resolves.toBe('access-3');
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-3');
  });

  it('does not reuse a token another tab spent even if its storage still shows it', async () => {
    const first = openTab();
    const second = openTab();
    await signIn(first);
    await signIn(second);

    const refresh = first.refreshAccessToken();
    await settle(); // the lock is granted asynchronously
    http.expectOne('/api/auth/refresh').flush(anAuthResponse(2));
    await refresh;
    await settle();
    // Storage lagging behind the other tab's write.
    localStorage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');

    await expect(second.refreshAccessToken()).resolves.toBe('access-2');
    http.expectNone('/api/auth/refresh');
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-2');
  });

  it('keeps single-flight refreshes within a tab where there are no Web Locks', async () => {
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ providers: provideTestApp() });
    http = TestBed.inject(HttpTestingController);
    expect(TestBed.inject(WEB_LOCKS)).toBeNull(); // jsdom has no navigator.locks
    const tab = TestBed.inject(AuthService);
    await signIn(tab);

    const refreshes = [tab.refreshAccessToken(), tab.refreshAccessToken()];
    http.expectOne('/api/auth/refresh').flush(anAuthResponse(2));

    await expect(Promise.all(refreshes)).resolves.toEqual(['access-2', 'access-2']);
  });
});
