import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { Router } from '@angular/router';
import { aUser, anAuthResponse, anErrorBody, settle } from '../../../testing/auth-fixtures';
import { provideTestApp } from '../../../testing/test-providers';
import { AuthService } from './auth.service';
import { REFRESH_TOKEN_KEY } from './token-storage';

@Component({ template: '' })
class HostComponent {}

describe('AuthService', () => {
  let http: HttpTestingController;
  let auth: AuthService;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: provideTestApp() });
    http = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
  });

  afterEach(() => http.verify());

  it('starts signed out', () => {
    expect(auth.user()).toBeNull();
    expect(auth.isAuthenticated()).toBe(false);
  });

  it('keeps the access token in memory and the refresh token in localStorage after login', async () => {
    const login = auth.login({ email: 'ada@example.com', password: 'correct horse battery' });
    http.expectOne('/api/auth/login').flush(anAuthResponse(1));

    await expect(login).resolves.toEqual(aUser());
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.accessToken()).toBe('access-1');
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-1');
    expect(JSON.stringify({ ...localStorage })).not.toContain('access-1');
  });

  describe('restoreSession', () => {
    it('does nothing without a saved session', async () => {
      await auth.restoreSession();
      http.expectNone('/api/auth/refresh');
      expect(auth.isAuthenticated()).toBe(false);
    });

    it('resumes the saved session with a refresh', async () => {
      localStorage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
      const restore = auth.restoreSession();
      http.expectOne('/api/auth/refresh').flush(anAuthResponse(2));
      await restore;

      expect(auth.user()?.name).toBe('Ada Lovelace');
      expect(auth.accessToken()).toBe('access-2');
      expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-2');
    });

    it('forgets a refresh token the server refuses', async () => {
      localStorage.setItem(REFRESH_TOKEN_KEY, 'stale');
      const restore = auth.restoreSession();
      http.expectOne('/api/auth/refresh').flush(anErrorBody(401, 'Invalid refresh token'), {
        status: 401,
        statusText: 'Unauthorized',
      });
      await restore;

      expect(auth.isAuthenticated()).toBe(false);
      expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    });

    it('keeps the token and tells the user when the server cannot be reached', async () => {
      const fixture = TestBed.createComponent(HostComponent);
      localStorage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
      const restore = auth.restoreSession();
      http.expectOne('/api/auth/refresh').error(new ProgressEvent('error'));
      await restore;

      expect(auth.isAuthenticated()).toBe(false);
      expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-1');
      const snackBar =
        await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatSnackBarHarness);
      expect(await snackBar.getMessage()).toBe(
        "Can't reach the server. Check your connection and try again.",
      );
    });
  });

  describe('logout', () => {
    beforeEach(async () => {
      const login = auth.login({ email: 'ada@example.com', password: 'correct horse battery' });
      http.expectOne('/api/auth/login').flush(anAuthResponse(1));
      await login;
      await TestBed.inject(Router).navigateByUrl('/dashboard');
    });

    it('revokes the refresh token, clears the session and goes to /login', async () => {
      const logout = auth.logout();
      const request = http.expectOne({ method: 'POST', url: '/api/auth/logout' });
      expect(request.request.body).toEqual({ refresh_token: 'refresh-1' });
      request.flush(null, { status: 204, statusText: 'No Content' });
      await logout;

      expect(auth.isAuthenticated()).toBe(false);
      expect(auth.accessToken()).toBeNull();
      expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
      expect(TestBed.inject(Router).url).toBe('/login');
    });

    it('still signs out locally when the server call fails', async () => {
      const logout = auth.logout();
      http.expectOne('/api/auth/logout').error(new ProgressEvent('error'));
      await logout;

      expect(auth.isAuthenticated()).toBe(false);
      expect(TestBed.inject(Router).url).toBe('/login');
    });

    it('follows a sign-out made in another tab', async () => {
      localStorage.removeItem(REFRESH_TOKEN_KEY);
      window.dispatchEvent(
        new StorageEvent('storage', {
          key: REFRESH_TOKEN_KEY,
          oldValue: 'refresh-1',
          newValue: null,
        }),
      );
      await settle();

      expect(auth.isAuthenticated()).toBe(false);
      expect(TestBed.inject(Router).url).toBe('/login');
    });
  });
});
