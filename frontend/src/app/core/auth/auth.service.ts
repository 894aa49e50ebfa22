import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { Api } from '../api/api';
import { login } from '../api/fn/auth/login';
import { logout } from '../api/fn/auth/logout';
import { refreshSession } from '../api/fn/auth/refresh-session';
import { registerOrganization } from '../api/fn/auth/register-organization';
import type { AuthResponseDto } from '../api/models/auth-response-dto';
import type { LoginDto } from '../api/models/login-dto';
import type { RegisterDto } from '../api/models/register-dto';
import type { UserResponseDto } from '../api/models/user-response-dto';
import { APP_LINKS } from '../../app.paths';
import { httpStatus } from '../errors/api-error';
import { ErrorNotifier } from '../errors/error-notifier.service';
import { AuthTabSync, type SharedSession } from './auth-tab-sync';
import { REFRESH_TOKEN_KEY, TokenStorage } from './token-storage';

/**
 * How long a tab that finds the refresh token rotated by another tab waits for that tab's new
 * access token before refreshing with the new refresh token itself.
 */
const ROTATION_NOTICE_TIMEOUT_MS = 1000;

/** Thrown by `refreshAccessToken()` when there is no refresh token to use. */
export class NoSessionError extends Error {
  constructor() {
    super('No refresh token: not signed in.');
    this.name = 'NoSessionError';
  }
}

/**
 * The signed-in user and their tokens.
 *
 * The access token lives in memory only; the refresh token in localStorage (see `TokenStorage`
 * for why). On page load `restoreSession()` trades the stored refresh token for a fresh pair,
 * which also returns the user.
 *
 * Tabs share the refresh token, and the backend revokes the session when a refresh token is used
 * twice, so refreshes are serialised across tabs and their results shared (see `AuthTabSync`).
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly tokens = inject(TokenStorage);
  private readonly errors = inject(ErrorNotifier);
  private readonly tabs = inject(AuthTabSync);

  private readonly currentUser = signal<UserResponseDto | null>(null);
  private readonly currentAccessToken = signal<string | null>(null);
  /** The refresh in flight, shared by every caller until it settles. */
  private refreshing: Promise<string> | null = null;

  /** The signed-in user, or `null`. */
  readonly user = this.currentUser.asReadonly();
  readonly isAuthenticated = computed(() => this.currentUser() !== null);
  /** Admins connect and change WhatsApp accounts and manage members; the API enforces it too. */
  readonly isAdmin = computed(() => this.currentUser()?.role === 'admin');
  /** The access token for `Authorization: Bearer`, or `null` when signed out. */
  readonly accessToken = this.currentAccessToken.asReadonly();

  constructor() {
    // Signing out in one tab signs out every tab.
    const onStorage = (event: StorageEvent): void => {
      if (event.key === REFRESH_TOKEN_KEY && event.newValue === null && this.isAuthenticated()) {
        this.clearSession();
        void this.router.navigateByUrl(APP_LINKS.login);
      }
    };
    window.addEventListener('storage', onStorage);
    // Another tab refreshed the session: take its access token, so this tab needs no refresh of
    // its own when its current one expires.
    const stopFollowing = this.tabs.onSession((session) => {
      if (this.currentUser()?.id === session.user.id) this.adopt(session);
    });
    inject(DestroyRef).onDestroy(() => {
      window.removeEventListener('storage', onStorage);
      stopFollowing();
    });
  }

  /**
   * Resumes the session saved in localStorage, if any. Never rejects: when the server refuses
   * the token the user simply starts signed out; when it can't be reached, a snackbar says so.
   */
  async restoreSession(): Promise<void> {
    if (!this.tokens.read()) return;
    try {
      await this.refreshAccessToken();
    } catch (error) {
      if (!isAuthRejection(error)) this.errors.notify(error);
    }
  }

  async login(credentials: LoginDto): Promise<UserResponseDto> {
    const response = await this.api.invoke(login, { body: credentials });
    return this.startSession(response);
  }

  async register(account: RegisterDto): Promise<UserResponseDto> {
    const response = await this.api.invoke(registerOrganization, { body: account });
    return this.startSession(response);
  }

  /**
   * Trades the refresh token for a new token pair and returns the new access token. Concurrent
   * callers share one request, because the backend rotates refresh tokens: a second request
   * with the same token would count as reuse and revoke the session. Across tabs, refreshes take
   * turns under a Web Lock, and a tab that finds the token already rotated by another tab takes
   * that tab's new session instead of refreshing again.
   *
   * When the server refuses the token the local session is cleared before the promise rejects.
   */
  refreshAccessToken(): Promise<string> {
    if (!this.refreshing) {
      // The token this tab would use, read before waiting for other tabs to finish.
      const startToken = this.tokens.read();
      this.refreshing = this.tabs
        .exclusive(() => this.refreshOnce(startToken))
        .finally(() => {
          this.refreshing = null;
        });
    }
    return this.refreshing;
  }

  /** Revokes the refresh token on the server, forgets the session and goes to the sign-in page. */
  async logout(): Promise<void> {
    const refreshToken = this.tokens.read();
    if (refreshToken) {
      try {
        await this.api.invoke(logout, { body: { refresh_token: refreshToken } });
      } catch {
        // Signing out locally must always work; the token expires on the server anyway.
      }
    }
    this.clearSession();
    await this.router.navigateByUrl(APP_LINKS.login);
  }

  /**
   * Ends a session the server no longer accepts and sends the user to sign in again, returning to
   * `returnUrl` afterwards.
   */
  async expireSession(returnUrl: string): Promise<void> {
    const wasSignedIn = this.isAuthenticated();
    this.clearSession();
    if (wasSignedIn) this.errors.show('Your session has expired. Please sign in again.');
    const onAuthPage = [APP_LINKS.login, APP_LINKS.register].some((link) =>
      returnUrl.startsWith(link),
    );
    await this.router.navigate([APP_LINKS.login], {
      queryParams: onAuthPage || returnUrl === '/' ? {} : { returnUrl },
    });
  }

  /** Runs while this tab holds the refresh lock. */
  private async refreshOnce(startToken: string | null): Promise<string> {
    const refreshToken = this.tokens.read();
    if (!refreshToken) {
      this.clearSession();
      throw new NoSessionError();
    }
    // Another tab already spent the stored token (this tab's storage has not caught up yet).
    const successor = this.tabs.sessionReplacing(refreshToken);
    if (successor) return this.adopt(successor);
    if (refreshToken !== startToken) {
      // Another tab rotated the token while this one waited for the lock: use what it got.
      const shared = await this.tabs.sessionWith(refreshToken, ROTATION_NOTICE_TIMEOUT_MS);
      if (shared) return this.adopt(shared);
      // No word from that tab. The stored token has not been used yet, so refreshing with it is
      // safe (unlike refreshing with the one this tab started with).
    }
    try {
      const response = await this.api.invoke(refreshSession, {
        body: { refresh_token: refreshToken },
      });
      this.startSession(response);
      this.tabs.publish({
        replaces: refreshToken,
        refresh_token: response.refresh_token,
        access_token: response.access_token,
        user: response.user,
      });
      return response.access_token;
    } catch (error) {
      // Keep the token on network or server failures: it may still be valid on the next try.
      if (isAuthRejection(error)) this.clearSession();
      throw error;
    }
  }

  /** Takes over a session another tab refreshed. */
  private adopt(session: SharedSession): string {
    // Storage normally holds the new token already; write it only over the spent one, never over
    // a token that is newer still.
    if (this.tokens.read() === session.replaces) this.tokens.write(session.refresh_token);
    this.currentAccessToken.set(session.access_token);
    this.currentUser.set(session.user);
    return session.access_token;
  }

  private startSession(response: AuthResponseDto): UserResponseDto {
    this.tokens.write(response.refresh_token);
    this.currentAccessToken.set(response.access_token);
    this.currentUser.set(response.user);
    return response.user;
  }

  private clearSession(): void {
    this.tokens.clear();
    this.currentAccessToken.set(null);
    this.currentUser.set(null);
  }
}

/** True when the server refused the credentials (as opposed to being unreachable or failing). */
export function isAuthRejection(error: unknown): boolean {
  if (error instanceof NoSessionError) return true;
  const status = httpStatus(error);
  return status !== null && status >= 400 && status < 500 && status !== 429;
}
