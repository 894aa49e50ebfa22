import {
  DestroyRef,
  Injectable,
  InjectionToken,
  type Signal,
  type WritableSignal,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { Router } from '@angular/router';
import type { LiveEventFrame, LiveEventType } from '@convis/contracts';
import { type Observable, Subject, filter } from 'rxjs';
import { ApiConfiguration } from '../api/api-configuration';
import { streamEvents } from '../api/fn/events/stream-events';
import { AuthService, isAuthRejection } from '../auth/auth.service';
import { parseLiveMessage } from './live-events';
import { reconnectDelay } from './reconnect-delay';
import { SseParser } from './sse-parser';

/**
 * The live connection as the user sees it:
 * - `connecting`: the first connection since sign-in is being opened;
 * - `live`: connected, events arrive;
 * - `reconnecting`: the connection ended or failed and is being opened again (after a pause);
 * - `offline`: signed out, or the browser reports no network (it retries when the network is back).
 */
export type RealtimeConnection = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface RealtimeOptions {
  /** Pause before the first reconnection after a failure; it doubles per failure… */
  readonly minDelayMs: number;
  /** …up to this. */
  readonly maxDelayMs: number;
  /** Pause after the server ended a stream normally, until it sends its own `retry:`. */
  readonly defaultRetryMs: number;
  /**
   * A connection that receives nothing before `ready` for this long is considered dead and
   * replaced. After `ready`, 2.5 heartbeat intervals are used instead (5 s at the server's 2 s).
   */
  readonly stallTimeoutMs: number;
  /** Source of the jitter, in [0, 1). */
  readonly random: () => number;
}

export const DEFAULT_REALTIME_OPTIONS: RealtimeOptions = {
  minDelayMs: 1000,
  maxDelayMs: 30_000,
  defaultRetryMs: 3000,
  stallTimeoutMs: 10_000,
  random: Math.random,
};

/** Timing of `RealtimeService` (shorter in specs). */
export const REALTIME_OPTIONS = new InjectionToken<RealtimeOptions>('REALTIME_OPTIONS', {
  providedIn: 'root',
  factory: () => DEFAULT_REALTIME_OPTIONS,
});

/** How one connection attempt ended. */
type Outcome =
  /** The server ended a stream that had been live (token lifetime over, or a deploy). */
  | { readonly kind: 'ended' }
  /** The server refused the access token that was sent. */
  | { readonly kind: 'unauthorized'; readonly sentToken: string | null }
  /** Network error, unexpected answer, broken or silent stream: try again after a backoff. */
  | { readonly kind: 'failed' };

/** State of one signed-in session's connection loop. */
interface Session {
  readonly abort: AbortController;
  /** Consecutive failed attempts (reset when a connection becomes live). */
  failures: number;
  /** Consecutive 401s (a 401 right after a refresh must not loop without pause). */
  unauthorized: number;
  /** Pause after a normal end, from the server's `retry:`. */
  retryMs: number;
  /** Whether a `ready` was seen in this session: every later one means "refetch". */
  sawReady: boolean;
  /** Cuts the current pause short (`retryNow()`, the browser going online). */
  wake: (() => void) | null;
}

/**
 * The organization's live events (`GET /api/events`, Server-Sent Events) over ONE connection per
 * tab while a user is signed in. It connects on sign-in and disconnects on sign-out by following
 * `AuthService.isAuthenticated`; the shell's toolbar status creates it, and any page may inject
 * it.
 *
 * `EventSource` cannot send an Authorization header, so the stream is read with `fetch()` and
 * `response.body`. A stream ends after one access-token lifetime: the service reconnects after the
 * server's `retry` with the current token, and when the server answers 401 it refreshes the
 * token through `AuthService` (shared with the HTTP interceptor and the other tabs) and
 * reconnects; when the refresh is refused the session expires as it does for any API call.
 * Failures and silent connections are retried with a jittered exponential backoff (1 s … 30 s).
 *
 * Events are hints, and nothing is replayed after a gap: on every `ready` after the first one of
 * a session (a reconnection, or the backend's own feed recovering) `resync$` fires, and pages
 * refetch what they show.
 *
 * ```ts
 * const realtime = inject(RealtimeService);
 * realtime.on('message.status').pipe(takeUntilDestroyed()).subscribe(({ data }) => ...);
 * realtime.resync$.pipe(takeUntilDestroyed()).subscribe(() => list.reload());
 * ```
 */
@Injectable({ providedIn: 'root' })
export class RealtimeService {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly config = inject(ApiConfiguration);
  private readonly options = inject(REALTIME_OPTIONS);

  private readonly state = signal<RealtimeConnection>('offline');
  private readonly resyncCount = signal(0);
  private readonly eventsSubject = new Subject<LiveEventFrame>();
  private readonly resyncSubject = new Subject<void>();
  private readonly latestByType = new Map<LiveEventType, WritableSignal<LiveEventFrame | null>>();
  private session: Session | null = null;
  /** Ends the connection under way (the browser went offline); it is then retried as usual. */
  private dropConnection: (() => void) | null = null;

  /** The connection state, for a status indicator. */
  readonly connection = this.state.asReadonly();
  /** Every live event (not `ready`), in order of arrival. */
  readonly events$: Observable<LiveEventFrame> = this.eventsSubject.asObservable();
  /** Fires when events may have been missed (a `ready` after a reconnection): refetch. */
  readonly resync$: Observable<void> = this.resyncSubject.asObservable();
  /** Counts the resyncs so far: read it in a `resource`'s params or a `computed` to refetch. */
  readonly resyncs = this.resyncCount.asReadonly();

  constructor() {
    effect(() => {
      const signedIn = this.auth.isAuthenticated();
      untracked(() => (signedIn ? this.start() : this.stop()));
    });
    const online = (): void => this.retryNow();
    // The browser lost the network: say so now rather than after the heartbeat times out.
    const offline = (): void => this.dropConnection?.();
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    inject(DestroyRef).onDestroy(() => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      this.stop();
      this.eventsSubject.complete();
      this.resyncSubject.complete();
    });
  }

  /** The live events of one type. */
  on<T extends LiveEventType>(type: T): Observable<LiveEventFrame<T>> {
    // `LiveEventFrame` (every type) narrowed by its `type`: TypeScript cannot follow a generic `T` through it.
    return this.events$.pipe(filter((event) => event.type === type)) as Observable<
      LiveEventFrame<T>
    >;
  }

  /** The last live event of one type since this signal was first asked for, or `null`. */
  latest<T extends LiveEventType>(type: T): Signal<LiveEventFrame<T> | null> {
    let latest = this.latestByType.get(type);
    if (!latest) {
      latest = signal<LiveEventFrame | null>(null);
      this.latestByType.set(type, latest);
    }
    return latest.asReadonly() as Signal<LiveEventFrame<T> | null>;
  }

  /** Skips the pause before the next reconnection attempt (no effect while live). */
  retryNow(): void {
    this.session?.wake?.();
  }

  private start(): void {
    if (this.session) return;
    const session: Session = {
      abort: new AbortController(),
      failures: 0,
      unauthorized: 0,
      retryMs: this.options.defaultRetryMs,
      sawReady: false,
      wake: null,
    };
    this.session = session;
    void this.run(session);
  }

  private stop(): void {
    this.session?.abort.abort();
    this.session = null;
    this.state.set('offline');
  }

  /** Connects, and connects again, until the session is stopped. */
  private async run(session: Session): Promise<void> {
    const stopped = session.abort.signal;
    let everLive = false;
    while (!stopped.aborted) {
      this.state.set(everLive || session.failures > 0 ? 'reconnecting' : 'connecting');
      const outcome = await this.connect(session, () => (everLive = true));
      if (stopped.aborted) return;

      let pauseMs: number;
      switch (outcome.kind) {
        case 'ended':
          session.unauthorized = 0;
          pauseMs = session.retryMs;
          break;
        case 'unauthorized': {
          session.unauthorized++;
          const renewed = await this.renewToken(outcome.sentToken);
          if (stopped.aborted || renewed === 'signed-out') return;
          if (renewed === 'renewed' && session.unauthorized === 1) {
            pauseMs = 0;
          } else {
            // Refused again with a fresh token, or the refresh could not reach the server.
            session.failures++;
            pauseMs = this.backoff(session.failures);
          }
          break;
        }
        case 'failed':
          session.failures++;
          pauseMs = this.backoff(session.failures);
          break;
      }
      if (pauseMs > 0) {
        this.state.set(navigator.onLine === false ? 'offline' : 'reconnecting');
        await this.pause(session, pauseMs);
      }
    }
  }

  /** One connection, read until it ends. */
  private async connect(session: Session, onLive: () => void): Promise<Outcome> {
    const attempt = new AbortController();
    const stop = (): void => attempt.abort();
    this.dropConnection = stop;
    session.abort.signal.addEventListener('abort', stop, { once: true });
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const watch = (ms: number): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(stop, ms);
    };
    let stallMs = this.options.stallTimeoutMs;
    let live = false;
    const sentToken = this.auth.accessToken();
    try {
      watch(stallMs);
      const response = await fetch(this.config.rootUrl + streamEvents.PATH, {
        headers: {
          Accept: 'text/event-stream',
          ...(sentToken ? { Authorization: `Bearer ${sentToken}` } : {}),
        },
        cache: 'no-store',
        signal: attempt.signal,
      });
      if (response.status === 401) {
        await response.body?.cancel();
        return { kind: 'unauthorized', sentToken };
      }
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok || !response.body || !type.startsWith('text/event-stream')) {
        await response.body?.cancel();
        return { kind: 'failed' };
      }

      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      const parser = new SseParser();
      for (;;) {
        watch(stallMs);
        const { value, done } = await reader.read();
        if (done) break;
        for (const frame of parser.push(decoder.decode(value, { stream: true }))) {
          if (frame.retry !== undefined) session.retryMs = frame.retry;
          const message = parseLiveMessage(frame);
          if (!message) continue;
          if (message.type !== 'ready') {
            this.dispatch(message);
            continue;
          }
          if (message.data.heartbeat_ms) stallMs = Math.ceil(message.data.heartbeat_ms * 2.5);
          if (!live) {
            live = true;
            session.failures = 0;
            session.unauthorized = 0;
            onLive();
            this.state.set('live');
          }
          if (session.sawReady) this.resync();
          session.sawReady = true;
        }
      }
      // A stream that ends before `ready` never worked: back off like any failure.
      return live ? { kind: 'ended' } : { kind: 'failed' };
    } catch {
      // Network error, or aborted: by stop() (the caller checks) or by the watchdog.
      return { kind: 'failed' };
    } finally {
      clearTimeout(watchdog);
      session.abort.signal.removeEventListener('abort', stop);
      if (this.dropConnection === stop) this.dropConnection = null;
      attempt.abort();
    }
  }

  /**
   * After a 401: takes a token another request already refreshed, or refreshes it. When the
   * refresh is refused the session is over: sign out as the HTTP interceptor does.
   */
  private async renewToken(
    sentToken: string | null,
  ): Promise<'renewed' | 'unavailable' | 'signed-out'> {
    const current = this.auth.accessToken();
    if (current && current !== sentToken) return 'renewed';
    try {
      await this.auth.refreshAccessToken();
      return 'renewed';
    } catch (error) {
      if (!isAuthRejection(error)) return 'unavailable';
      void this.auth.expireSession(this.router.url);
      return 'signed-out';
    }
  }

  private pause(session: Session, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        session.abort.signal.removeEventListener('abort', done);
        session.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      session.abort.signal.addEventListener('abort', done, { once: true });
      session.wake = done;
    });
  }

  private backoff(failures: number): number {
    const { minDelayMs, maxDelayMs, random } = this.options;
    return reconnectDelay(failures, minDelayMs, maxDelayMs, random);
  }

  private dispatch(event: LiveEventFrame): void {
    this.latestByType.get(event.type)?.set(event);
    this.eventsSubject.next(event);
  }

  private resync(): void {
    this.resyncCount.update((count) => count + 1);
    this.resyncSubject.next();
  }
}
