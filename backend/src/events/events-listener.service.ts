import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import pg from 'pg';
import { Observable, type Subscriber } from 'rxjs';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { EVENTS_CHANNEL } from './events.service.js';
import { EventsSettings } from './events.settings.js';
import { type PublishedLiveEvent } from './events.types.js';
import { parseLiveEventPayload } from './live-event-payload.js';

/** How the LISTEN connection shows up in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'convis-events-listener';

/** What an organization's feed carries. */
export type FeedSignal =
  | { readonly kind: 'event'; readonly event: PublishedLiveEvent }
  /**
   * The LISTEN connection was down and is back: events of that gap are lost, so clients should
   * refetch what they show.
   */
  | { readonly kind: 'resync' };

interface ListenConnection {
  readonly client: pg.Client;
  close(): Promise<void>;
}

/**
 * The one LISTEN connection of this backend instance. Every instance publishes with NOTIFY
 * (EventsService) and receives everything here, then hands each event to the open streams of
 * its organization only. A dedicated `pg.Client`, not a pool client: LISTEN belongs to a session,
 * and a pooled connection would be handed to queries of other requests.
 *
 * A lost connection is re-opened with exponential backoff; open streams stay connected meanwhile
 * and get a `resync` once it is back.
 */
@Injectable()
export class EventsListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EventsListener.name);
  private readonly databaseUrl: string | undefined;
  /** Open feeds by organization id: an event costs one map lookup, whatever the tenant count. */
  private readonly feeds = new Map<string, Set<Subscriber<FeedSignal>>>();
  private connection: ListenConnection | undefined;
  private connecting: Promise<void> | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** Failed or lost connections since the last good one. */
  private failures = 0;
  private stopped = false;
  /** Other channels this connection listens on, for the instance's own features (see onNudge). */
  private readonly nudges = new Map<string, () => void>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly settings: EventsSettings,
  ) {
    this.databaseUrl = config.databaseUrl;
  }

  /** Open feeds on this instance (one per SSE connection). */
  get subscriberCount(): number {
    let count = 0;
    for (const feed of this.feeds.values()) count += feed.size;
    return count;
  }

  /** Whether this instance is currently LISTENing. */
  get listening(): boolean {
    return this.connection !== undefined;
  }

  /** The live events of one organization, for as long as the subscriber stays. */
  feed(organizationId: string): Observable<FeedSignal> {
    return new Observable<FeedSignal>((subscriber) => {
      if (this.stopped) {
        subscriber.complete();
        return undefined;
      }
      let feed = this.feeds.get(organizationId);
      if (!feed) {
        feed = new Set();
        this.feeds.set(organizationId, feed);
      }
      const own = feed;
      own.add(subscriber);
      return () => {
        own.delete(subscriber);
        if (own.size === 0 && this.feeds.get(organizationId) === own) {
          this.feeds.delete(organizationId);
        }
      };
    });
  }

  /**
   * Calls `nudged` on every NOTIFY on `channel` (its payload unread), and when the connection
   * comes back after a loss (nudges of the gap are lost). Register in onModuleInit, before the
   * connection opens. Internal signals between instances, such as "webhooks were stored".
   */
  onNudge(channel: string, nudged: () => void): void {
    if (!/^[a-z_]+$/.test(channel)) throw new Error(`Not a channel name: ${channel}`);
    this.nudges.set(channel, nudged);
  }

  /** Listens before the HTTP server accepts requests; a failure is retried, not fatal. */
  async onApplicationBootstrap(): Promise<void> {
    this.connecting = this.connect();
    await this.connecting;
  }

  /**
   * Runs before the HTTP server closes: ending the open streams lets it close (an SSE response
   * never ends by itself) and sends their clients to reconnect to another instance.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    for (const feed of [...this.feeds.values()]) {
      for (const subscriber of [...feed]) subscriber.complete();
    }
    this.feeds.clear();
    await this.connecting;
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close();
  }

  private async connect(): Promise<void> {
    if (this.stopped || !this.databaseUrl) return;
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      application_name: LISTENER_APPLICATION_NAME,
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
      query_timeout: 10_000,
    });
    let closed = false;
    let livenessTimer: NodeJS.Timeout | undefined = undefined; // set once listening
    const close = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      clearInterval(livenessTimer);
      client.removeAllListeners('notification');
      // end() destroys the socket itself when a query hangs, so this cannot block shutdown.
      await client.end().catch(() => undefined);
    };
    const lost = (error?: unknown): void => {
      if (closed) return;
      void close();
      const wasListening = this.connection?.client === client;
      if (wasListening) this.connection = undefined;
      this.scheduleReconnect(wasListening ? 'lost' : 'failed', error);
    };
    // The error listener stays for the client's life: an 'error' without one crashes the process.
    client.on('error', lost);
    client.on('end', () => lost(new Error('connection ended')));
    client.on('notification', (notification) => this.onNotification(notification));
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      for (const channel of this.nudges.keys()) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      lost(error);
      return;
    }
    if (closed) return;
    if (this.stopped) {
      await close();
      return;
    }
    this.connection = { client, close };
    livenessTimer = setInterval(() => {
      client.query('SELECT 1').catch(lost);
    }, this.settings.livenessCheckMs);
    livenessTimer.unref();
    if (this.failures > 0) {
      // Nudges sent while the connection was down are lost: act as if one came.
      for (const nudged of this.nudges.values()) nudged();
      this.logger.log(
        `Listening for live events again, after ${this.failures} failed or lost connection(s)`,
      );
      this.failures = 0;
      this.broadcast({ kind: 'resync' });
    }
  }

  private scheduleReconnect(what: 'lost' | 'failed', error: unknown): void {
    if (this.stopped) return;
    const delay = reconnectDelay(
      this.failures,
      this.settings.reconnectBaseMs,
      this.settings.reconnectMaxMs,
    );
    this.failures += 1;
    const reason = error instanceof Error ? error.message : 'connection closed';
    this.logger.warn(
      `Live-event LISTEN connection ${what} (${reason}); reconnecting in ${delay} ms. ` +
        `Open streams stay connected (${this.subscriberCount}).`,
    );
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connecting = this.connect();
    }, delay);
  }

  private onNotification(notification: pg.Notification): void {
    this.nudges.get(notification.channel)?.();
    if (notification.channel !== EVENTS_CHANNEL || notification.payload === undefined) return;
    const parsed = parseLiveEventPayload(notification.payload);
    if (!parsed.ok) {
      this.logger.warn(`Ignored a live event on ${EVENTS_CHANNEL}: ${parsed.reason}`);
      return;
    }
    const feed = this.feeds.get(parsed.event.organizationId);
    if (!feed) return;
    for (const subscriber of [...feed]) subscriber.next({ kind: 'event', event: parsed.event });
  }

  private broadcast(signal: FeedSignal): void {
    for (const feed of [...this.feeds.values()]) {
      for (const subscriber of [...feed]) subscriber.next(signal);
    }
  }
}

/**
 * Exponential backoff with jitter (between half and all of the exponential delay), so instances
 * that lost the database together do not reconnect in lockstep.
 */
export function reconnectDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(exponential * (0.5 + random() * 0.5));
}
