import { Injectable } from '@angular/core';

/** localStorage key of the refresh token. Other tabs watch it to follow sign-outs. */
export const REFRESH_TOKEN_KEY = 'convis.refresh_token';

/**
 * Where the refresh token lives between page loads.
 *
 * Token placement, and why:
 * - The refresh token goes to localStorage so a reload (or a new tab) can resume the session.
 *   It is single-use: the backend rotates it on every refresh and revokes the family on reuse,
 *   which limits what a stolen copy is worth.
 * - The access token is kept in memory only (see `AuthService`). It is short-lived, so it is never
 *   written to disk; the price is one `POST /api/auth/refresh` per page load.
 * An httpOnly cookie would hide the refresh token from scripts entirely, but the API contract
 * returns tokens in JSON bodies, so that would be a backend change.
 */
@Injectable({ providedIn: 'root' })
export class TokenStorage {
  read(): string | null {
    try {
      return localStorage.getItem(REFRESH_TOKEN_KEY);
    } catch {
      return null; // Storage disabled (privacy mode): the session lasts until reload.
    }
  }

  write(refreshToken: string): void {
    try {
      localStorage.setItem(REFRESH_TOKEN_KEY, refreshToken);
    } catch {
      // Storage disabled or full: keep working for this page load.
    }
  }

  clear(): void {
    try {
      localStorage.removeItem(REFRESH_TOKEN_KEY);
    } catch {
      // Nothing stored, nothing to clear.
    }
  }
}
