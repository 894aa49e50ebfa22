import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type WebhookEvent } from '../database/schema.js';
import { MediaService } from '../media/media.service.js';
import { describeError } from './database-errors.js';
import { type Transaction, WebhookEventsRepository } from './webhook-events.repository.js';
import { WebhookProcessor } from './webhook-processor.service.js';

/** Attempts at applying one event before it is left aside for an operator. */
export const MAX_EVENT_ATTEMPTS = 10;
/** Events one sweep applies at most, so a backlog never holds one timer tick for long. */
const SWEEP_BATCH = 100;
/**
 * Events applied side by side right after their answer. Each holds one pooled connection for
 * its transaction; the rest of the pool stays free for storing new deliveries, so a burst of
 * webhooks queues here (durably stored already) instead of slowing Meta's 200s down.
 */
const CONCURRENT_APPLIES = 3;

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
  /** Stored events waiting for a free applier (lost on a crash: the sweeper has them). */
  private readonly waiting: number[] = [];
  private applying = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: WebhookEventsRepository,
    private readonly processor: WebhookProcessor,
    private readonly media: MediaService,
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

  /** Stores a verified delivery; throws when the database cannot take it (the caller answers 503). */
  store(credentialId: string | null, payload: unknown): Promise<number> {
    return this.events.insert(credentialId, payload, this.config.webhooks.sweepIntervalMs);
  }

  /** Applies a stored event right after the current request has been answered. */
  applySoon(id: number): void {
    if (this.stopped) return;
    this.waiting.push(id);
    this.pump();
  }

  private pump(): void {
    while (!this.stopped && this.applying < CONCURRENT_APPLIES && this.waiting.length > 0) {
      const id = this.waiting.shift()!;
      this.applying++;
      this.track(
        new Promise<void>((resolve) => {
          setImmediate(() => {
            this.applyOne((tx) => this.events.lockPending(id, tx))
              .catch((error: unknown) =>
                this.logger.warn(
                  { webhook_event_id: id, reason: describeError(error) },
                  'Webhook event could not be applied now; the sweeper retries it',
                ),
              )
              .finally(() => {
                this.applying--;
                this.pump();
                resolve();
              });
          });
        }),
      );
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

  /** Events stored and waiting to be applied on this instance (diagnostics). */
  get backlog(): number {
    return this.waiting.length + this.applying;
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
