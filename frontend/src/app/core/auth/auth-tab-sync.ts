import { DestroyRef, Injectable, InjectionToken, inject } from '@angular/core';
import type { UserResponseDto } from '../api/models/user-response-dto';

/** Name of the Web Lock that lets one tab at a time refresh the session. */
export const REFRESH_LOCK_NAME = 'convis-auth-refresh';
/** BroadcastChannel on which a tab that refreshed the session hands the result to the others. */
export const AUTH_CHANNEL_NAME = 'convis-auth';

/** The smallest part of `BroadcastChannel` the tabs need (a fake in tests). */
export interface AuthChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** The Web Locks API, or `null` where there is none (old browsers, jsdom). */
export const WEB_LOCKS = new InjectionToken<LockManager | null>('WEB_LOCKS', {
  providedIn: 'root',
  factory: () => (typeof navigator === 'undefined' ? null : (navigator.locks ?? null)),
});

/** This tab's end of the auth channel, or `null` without BroadcastChannel. */
export const AUTH_CHANNEL = new InjectionToken<AuthChannel | null>('AUTH_CHANNEL', {
  providedIn: 'root',
  factory: () =>
    typeof BroadcastChannel === 'function' ? new BroadcastChannel(AUTH_CHANNEL_NAME) : null,
});

/** What a tab posts after refreshing: the new session, and the refresh token it spent. */
export interface SharedSession {
  readonly type: 'session-refreshed';
  /** The refresh token that was traded in; the backend refuses (and punishes) its reuse. */
  readonly replaces: string;
  readonly refresh_token: string;
  readonly access_token: string;
  readonly user: UserResponseDto;
}

function isSharedSession(value: unknown): value is SharedSession {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Partial<Record<keyof SharedSession, unknown>>;
  return (
    message.type === 'session-refreshed' &&
    typeof message.replaces === 'string' &&
    typeof message.refresh_token === 'string' &&
    typeof message.access_token === 'string' &&
    typeof message.user === 'object' &&
    message.user !== null
  );
}

/** How many spent refresh tokens a tab remembers (one is spent every access-token lifetime). */
const SPENT_TOKENS_KEPT = 20;

/**
 * Coordinates token refreshes between the tabs of the console.
 *
 * Refresh tokens are single-use and the backend revokes the whole session when one is presented
 * twice, so two tabs must never refresh with the same token. `exclusive()` runs a refresh under a
 * Web Lock, one tab at a time; the tab that refreshed `publish()`es the new session on a
 * BroadcastChannel (memory only: the access token never touches storage), and a tab that waited
 * for the lock takes that session instead of refreshing again.
 *
 * Without Web Locks (or BroadcastChannel) each tab falls back to refreshing on its own.
 */
@Injectable({ providedIn: 'root' })
export class AuthTabSync {
  private readonly locks = inject(WEB_LOCKS);
  private readonly channel = inject(AUTH_CHANNEL);
  private readonly listeners = new Set<(session: SharedSession) => void>();
  /** The newest session another tab shared. */
  private latest: SharedSession | null = null;
  /** Refresh tokens other tabs have already traded in. */
  private readonly spent = new Set<string>();

  constructor() {
    const onMessage = (event: MessageEvent): void => {
      if (isSharedSession(event.data)) this.receive(event.data);
    };
    this.channel?.addEventListener('message', onMessage);
    inject(DestroyRef).onDestroy(() => {
      this.channel?.removeEventListener('message', onMessage);
      this.channel?.close();
    });
  }

  /** Runs `task` while no other tab runs one; without Web Locks, runs it right away. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    if (!this.locks) return task();
    return this.locks.request(REFRESH_LOCK_NAME, task);
  }

  /** Tells the other tabs about a session this tab just refreshed. */
  publish(session: Omit<SharedSession, 'type'>): void {
    try {
      this.channel?.postMessage({ type: 'session-refreshed', ...session } satisfies SharedSession);
    } catch {
      // A closed channel (tab shutting down): the other tabs will refresh on their own.
    }
  }

  /** Calls `listener` with every session another tab shares; returns the unsubscribe function. */
  onSession(listener: (session: SharedSession) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The newest shared session when `refreshToken` was already traded in by another tab (this
   * tab's storage can lag behind the other tab's write); otherwise `null`.
   */
  sessionReplacing(refreshToken: string): SharedSession | null {
    return this.spent.has(refreshToken) ? this.latest : null;
  }

  /**
   * The session another tab shared with `refreshToken` as its new token, waiting up to
   * `timeoutMs` for the message; `null` if none comes (or there is no channel).
   */
  sessionWith(refreshToken: string, timeoutMs: number): Promise<SharedSession | null> {
    if (this.latest?.refresh_token === refreshToken) return Promise.resolve(this.latest);
    if (!this.channel) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        stop();
        resolve(null);
      }, timeoutMs);
      const stop = this.onSession((session) => {
        if (session.refresh_token !== refreshToken) return;
        clearTimeout(timer);
        stop();
        resolve(session);
      });
    });
  }

  private receive(session: SharedSession): void {
    this.latest = session;
    this.spent.add(session.replaces);
    if (this.spent.size > SPENT_TOKENS_KEPT) {
      const [oldest] = this.spent;
      if (oldest !== undefined) this.spent.delete(oldest);
    }
    for (const listener of [...this.listeners]) listener(session);
  }
}
