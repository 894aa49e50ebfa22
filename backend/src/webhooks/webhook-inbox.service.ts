import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { CredentialsService } from '../credentials/credentials.service.js';
import { type WebhookEvent } from '../database/schema.js';
import { EventsService } from '../events/events.service.js';
import { MediaService } from '../media/media.service.js';
import { describeError, isTransientDatabaseError } from './database-errors.js';
import {
  type StoredDelivery,
  type Transaction,
  WebhookEventsRepository,
} from './webhook-events.repository.js';
import { WebhookProcessor } from './webhook-processor.service.js';

/** Attempts at applying one event before it is left aside for an operator. */
export const MAX_EVENT_ATTEMPTS = 10;
/** Events one sweep applies at most, so a backlog never holds one timer tick for long. */
const SWEEP_BATCH = 100;
/**
 * Events applied together in one transaction at most. Under a burst, the events stored while a
 * batch was being applied form the next batch, so the work per event (transaction, account
 * lookup, savepoints, marking processed) shrinks as the load grows; a lone event is applied on
 * its own, right away.
 */
const APPLY_BATCH = 100;
/**
 * Deliveries written at the same time at most, each write storing every delivery that arrived
 * while the previous ones were being written (a group commit): one statement and one commit for
 * many of Meta's requests under a burst, and no waiting at all for a lone request.
 */
const CONCURRENT_STORES = 2;
/** Deliveries one write stores at most (a delivery is up to 3 MB). */
const STORE_GROUP = 200;

interface PendingDelivery extends StoredDelivery {
  readonly stored: (id: number) => void;
  readonly failed: (error: unknown) => void;
}

/**
 * The durable inbox: a signed delivery is stored before Meta gets its 200, then applied right
 * after the answer. A sweeper picks up what was stored but not applied (a crash, a restart,
 * a failure, another instance) with `FOR UPDATE SKIP LOCKED`, so every event is applied once
 * however many instances run.
 */
@Injectable()
export class WebhookInbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookInbox.name);
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Verified deliveries waiting to be written, and the writes under way. */
  private readonly toStore: PendingDelivery[] = [];
  private storing = 0;
  /** Stored events waiting for the applier (lost on a crash: the sweeper has them). */
  private readonly waiting: number[] = [];
  /**
   * One batch at a time: two concurrent batches would lock the same messages in different
   * orders and deadlock; the pool's other connections stay free for storing new deliveries.
   */
  private applying = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: WebhookEventsRepository,
    private readonly processor: WebhookProcessor,
    private readonly media: MediaService,
    private readonly liveEvents: EventsService,
    private readonly credentials: CredentialsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.track(this.sweep()), this.config.webhooks.sweepIntervalMs);
    this.timer.unref();
    // Whatever an earlier run stored but did not apply (a crash, a restart).
    this.track(this.sweep());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.drain();
  }

  /**
   * Stores a verified delivery (its JSON text); resolves with its id once committed, and throws
   * when the database cannot take it (the caller answers 503).
   */
  store(credentialId: string | null, payload: string, rawBody?: Buffer): Promise<number> {
    return new Promise((stored, failed) => {
      this.toStore.push({ credentialId, payload, rawBody, stored, failed });
      this.writeStores();
    });
  }

  /** Deliveries waiting for a write to store them (diagnostics and tests). */
  get deliveriesWaiting(): number {
    return this.toStore.length;
  }

  private writeStores(): void {
    while (this.storing < CONCURRENT_STORES && this.toStore.length > 0) {
      const group = this.toStore.splice(0, STORE_GROUP);
      this.storing++;
      void this.writeGroup(group).finally(() => {
        this.storing--;
        this.writeStores();
      });
    }
  }

  private async writeGroup(group: PendingDelivery[]): Promise<void> {
    const graceMs = this.config.webhooks.sweepIntervalMs;
    try {
      const ids = await this.events.insertMany(group, graceMs);
      group.forEach((delivery, i) => delivery.stored(ids[i]!));
    } catch (error) {
      if (group.length === 1 || isTransientDatabaseError(error)) {
        for (const delivery of group) delivery.failed(error);
        return;
      }
      // One delivery the database refuses must not fail the others: store them one by one.
      for (const delivery of group) {
        await this.events.insertMany([delivery], graceMs).then(
          ([id]) => delivery.stored(id!),
          (failure: unknown) => delivery.failed(failure),
        );
      }
    }
  }

  /** Applies a stored event right after the current request has been answered. */
  applySoon(id: number): void {
    if (this.stopped) return;
    this.waiting.push(id);
    this.pump();
  }

  private pump(): void {
    if (this.stopped || this.applying || this.waiting.length === 0) return;
    this.applying = true;
    this.track(
      new Promise<void>((resolve) => {
        // After the current answers are written: Meta's 200 comes first.
        setImmediate(() => {
          const ids = this.waiting.splice(0, APPLY_BATCH);
          void this.applyBatch(ids).finally(() => {
            this.applying = false;
            this.pump();
            resolve();
          });
        });
      }),
    );
  }

  /**
   * Applies freshly stored events in one transaction, all or nothing (no savepoint per item):
   * claimed (marked processed) first, then applied, then committed together.
   * If anything fails, the batch is rolled back and its events are applied one by one, each
   * item isolated, so one bad item never holds the others back.
   */
  private async applyBatch(ids: number[]): Promise<void> {
    try {
      const newMedia = await this.events.transaction((tx) =>
        this.liveEvents.publishTogether(tx, async () => {
          const events = await this.events.claimPendingMany(ids, tx);
          let media = false;
          for (const event of events) {
            const applied = await this.processor.apply(event, tx, {
              items: 'all-or-nothing',
              accountById: async (id) => (await this.credentials.forWebhook(id)).credential,
            });
            media ||= applied.newMedia;
          }
          return media;
        }),
      );
      if (newMedia) this.media.startDownloads();
      return;
    } catch (error) {
      this.logger.debug(
        { events: ids.length, reason: describeError(error) },
        'Webhook batch rolled back: applying its events one by one',
      );
    }
    for (const id of ids) {
      if (this.stopped) return;
      try {
        await this.applyOne((tx) => this.events.lockPending(id, tx));
      } catch (error) {
        this.logger.warn(
          { webhook_event_id: id, reason: describeError(error) },
          'Webhook event could not be applied now; the sweeper retries it',
        );
      }
    }
  }

  /** Applies every due event that was stored but not applied; returns how many it applied. */
  async sweep(): Promise<number> {
    let applied = 0;
    try {
      // A failed event is not due again before its backoff, so this ends.
      for (let round = 0; !this.stopped && round < SWEEP_BATCH; round++) {
        const event = await this.applyOne((tx) => this.events.lockNextDue(tx, MAX_EVENT_ATTEMPTS));
        if (event === undefined) break;
        if (event !== 'failed') applied++;
      }
    } catch (error) {
      this.logger.warn({ reason: describeError(error) }, 'Webhook inbox sweep failed');
    }
    if (applied > 0) this.logger.log({ applied }, 'Webhook inbox sweep applied stored events');
    return applied;
  }

  /** Resolves when nothing is being applied (tests and shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Locks one event (as `lock` chooses), applies it and marks it processed, all in one
   * transaction. Returns the event, undefined when there was none to lock, or 'failed'.
   */
  private async applyOne(
    lock: (tx: Transaction) => Promise<WebhookEvent | undefined>,
  ): Promise<WebhookEvent | undefined | 'failed'> {
    let event: WebhookEvent | undefined;
    try {
      const result = await this.events.transaction(async (tx) => {
        event = await lock(tx);
        if (!event) return undefined;
        const applied = await this.processor.apply(event, tx);
        await this.events.markProcessed(
          event.id,
          applied.problems.length > 0 ? applied.problems.join('\n').slice(0, 2000) : null,
          tx,
        );
        return applied;
      });
      if (result?.newMedia) this.media.startDownloads();
      return event;
    } catch (error) {
      // Before the lock, the sweep's own loop reports the failure.
      if (!event) throw error;
      await this.recordFailure(event, error);
      return 'failed';
    }
  }

  private async recordFailure(event: WebhookEvent, error: unknown): Promise<void> {
    const reason = describeError(error);
    try {
      const attempts = await this.events.recordFailure(
        event.id,
        reason,
        this.config.webhooks.sweepIntervalMs,
      );
      const context = { webhook_event_id: event.id, attempts, reason };
      if (attempts >= MAX_EVENT_ATTEMPTS) {
        this.logger.error(context, 'Webhook event failed too often: left unapplied in the inbox');
      } else {
        this.logger.warn(context, 'Webhook event could not be applied; the sweeper retries it');
      }
    } catch {
      this.logger.warn(
        { webhook_event_id: event.id, reason },
        'Webhook event could not be applied; the sweeper retries it',
      );
    }
  }

  private track(work: Promise<unknown>): void {
    this.inFlight.add(work);
    void work.catch(() => undefined).finally(() => this.inFlight.delete(work));
  }
}
