import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { Api } from '../api/api';
import { authLogin } from '../api/fn/auth/auth-login';
import { authLogout } from '../api/fn/auth/auth-logout';
import { authRefresh } from '../api/fn/auth/auth-refresh';
import { authRegister } from '../api/fn/auth/auth-register';
import type { AuthResponseDto } from '../api/models/auth-response-dto';
import type { LoginDto } from '../api/models/login-dto';
import type { RegisterDto } from '../api/models/register-dto';
import type { UserResponseDto } from '../api/models/user-response-dto';
import { APP_LINKS } from '../../app.paths';
import { httpStatus } from '../errors/api-error';
import { ErrorNotifier } from '../errors/error-notifier.service';
import { REFRESH_TOKEN_KEY, TokenStorage } from './token-storage';

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
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly tokens = inject(TokenStorage);
  private readonly errors = inject(ErrorNotifier);

  private readonly currentUser = signal<UserResponseDto | null>(null);
  private readonly currentAccessToken = signal<string | null>(null);
  /** The refresh in flight, shared by every caller until it settles. */
  private refreshing: Promise<string> | null = null;

  /** The signed-in user, or `null`. */
  readonly user = this.currentUser.asReadonly();
  readonly isAuthenticated = computed(() => this.currentUser() !== null);
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
    inject(DestroyRef).onDestroy(() => window.removeEventListener('storage', onStorage));
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
    const response = await this.api.invoke(authLogin, { body: credentials });
    return this.startSession(response);
  }

  async register(account: RegisterDto): Promise<UserResponseDto> {
    const response = await this.api.invoke(authRegister, { body: account });
    return this.startSession(response);
  }

  /**
   * Trades the refresh token for a new token pair and returns the new access token. Concurrent
   * callers share one request, because the backend rotates refresh tokens: a second request
   * with the same token would count as reuse and revoke the session.
   *
   * When the server refuses the token the local session is cleared before the promise rejects.
   */
  refreshAccessToken(): Promise<string> {
    this.refreshing ??= this.refreshOnce().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Revokes the refresh token on the server, forgets the session and goes to the sign-in page. */
  async logout(): Promise<void> {
    const refreshToken = this.tokens.read();
    if (refreshToken) {
      try {
        await this.api.invoke(authLogout, { body: { refresh_token: refreshToken } });
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

  private async refreshOnce(): Promise<string> {
    const refreshToken = this.tokens.read();
    if (!refreshToken) {
      this.clearSession();
      throw new NoSessionError();
    }
    try {
      const response = await this.api.invoke(authRefresh, {
        body: { refresh_token: refreshToken },
      });
      this.startSession(response);
      return response.access_token;
    } catch (error) {
      // Keep the token on network or server failures: it may still be valid on the next try.
      if (isAuthRejection(error)) this.clearSession();
      throw error;
    }
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
