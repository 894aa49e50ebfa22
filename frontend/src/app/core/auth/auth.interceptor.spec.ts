import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { anAuthResponse, anErrorBody, settle } from '../../../testing/auth-fixtures';
import { provideTestApp } from '../../../testing/test-providers';
import { AuthService } from './auth.service';
import { REFRESH_TOKEN_KEY } from './token-storage';

describe('authInterceptor', () => {
  let http: HttpTestingController;
  let client: HttpClient;
  let auth: AuthService;

  const unauthorized = { status: 401, statusText: 'Unauthorized' };

  /** Signs in through the real login call; the session gets access-1 / refresh-1. */
  async function signIn(): Promise<void> {
    const login = auth.login({ email: 'ada@example.com', password: 'correct horse battery' });
    http.expectOne('/api/auth/login').flush(anAuthResponse(1));
    await login;
  }

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: provideTestApp() });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
    auth = TestBed.inject(AuthService);
    await signIn();
  });

  afterEach(() => http.verify());

  it('adds the bearer token to API calls', () => {
    client.get('/api/users').subscribe();

    const request = http.expectOne('/api/users');
    expect(request.request.headers.get('Authorization')).toBe('Bearer access-1');
    request.flush([]);
  });

  it('sends no token to the credential endpoints or to other hosts', async () => {
    const refresh = auth.refreshAccessToken();
    const refreshRequest = http.expectOne('/api/auth/refresh');
    expect(refreshRequest.request.headers.has('Authorization')).toBe(false);
    refreshRequest.flush(anAuthResponse(2));
    await refresh;

    client.get('https://graph.example.com/api/users').subscribe();
    const external = http.expectOne('https://graph.example.com/api/users');
    expect(external.request.headers.has('Authorization')).toBe(false);
    external.flush({});
  });

  it('refreshes the token once on a 401 and retries the request', async () => {
    const result = firstValueFrom(client.get<string[]>('/api/users'));

    http.expectOne('/api/users').flush(anErrorBody(401, 'Token expired'), unauthorized);
    const refresh = http.expectOne('/api/auth/refresh');
    expect(refresh.request.body).toEqual({ refresh_token: 'refresh-1' });
    refresh.flush(anAuthResponse(2));
    await settle();

    const retry = http.expectOne('/api/users');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer access-2');
    retry.flush(['ada']);

    expect(await result).toEqual(['ada']);
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-2');
  });

  it('shares one refresh between concurrent 401s', async () => {
    const first = firstValueFrom(client.get('/api/users'));
    const second = firstValueFrom(client.get('/api/auth/me'));

    http.expectOne('/api/users').flush(anErrorBody(401, 'Token expired'), unauthorized);
    http.expectOne('/api/auth/me').flush(anErrorBody(401, 'Token expired'), unauthorized);

    // expectOne fails if the second 401 started a refresh of its own.
    http.expectOne('/api/auth/refresh').flush(anAuthResponse(2));
    await settle();

    const retries = [http.expectOne('/api/users'), http.expectOne('/api/auth/me')];
    for (const retry of retries) {
      expect(retry.request.headers.get('Authorization')).toBe('Bearer access-2');
      retry.flush({ ok: true });
    }
    await expect(first).resolves.toEqual({ ok: true });
    await expect(second).resolves.toEqual({ ok: true });
  });

  it('does not refresh again for a 401 that raced an earlier refresh', async () => {
    const first = firstValueFrom(client.get('/api/users'));
    const late = firstValueFrom(client.get('/api/auth/me'));

    http.expectOne('/api/users').flush(anErrorBody(401, 'Token expired'), unauthorized);
    http.expectOne('/api/auth/refresh').flush(anAuthResponse(2));
    await settle();
    http.expectOne('/api/users').flush({ ok: 1 });

    // Sent with access-1 before the refresh finished: replayed with access-2, no new refresh.
    http.expectOne('/api/auth/me').flush(anErrorBody(401, 'Token expired'), unauthorized);
    const replay = http.expectOne('/api/auth/me');
    expect(replay.request.headers.get('Authorization')).toBe('Bearer access-2');
    replay.flush({ ok: 2 });

    await expect(first).resolves.toEqual({ ok: 1 });
    await expect(late).resolves.toEqual({ ok: 2 });
  });

  it('signs out and goes to /login with a returnUrl when the refresh is refused', async () => {
    const router = TestBed.inject(Router);
    await router.navigateByUrl('/campaigns');
    const result = firstValueFrom(client.get('/api/users'));

    http.expectOne('/api/users').flush(anErrorBody(401, 'Token expired'), unauthorized);
    http
      .expectOne('/api/auth/refresh')
      .flush(anErrorBody(401, 'Refresh token reused'), unauthorized);

    const error: unknown = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpErrorResponse);
    expect((error as HttpErrorResponse).status).toBe(401);
    await settle();

    expect(auth.isAuthenticated()).toBe(false);
    expect(auth.accessToken()).toBeNull();
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(router.url).toBe('/login?returnUrl=%2Fcampaigns');
    http.expectNone('/api/users');
  });

  it('passes other errors through untouched', async () => {
    const result = firstValueFrom(client.get('/api/users'));
    http.expectOne('/api/users').flush(anErrorBody(403, 'Admins only'), {
      status: 403,
      statusText: 'Forbidden',
    });

    await expect(result).rejects.toMatchObject({ status: 403 });
    http.expectNone('/api/auth/refresh');
    expect(auth.isAuthenticated()).toBe(true);
  });
});
