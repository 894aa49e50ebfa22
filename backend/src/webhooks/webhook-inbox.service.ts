import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { type AppConfig, worksJobs } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AccountsService, type WebhookReceipt } from '../accounts/accounts.service.js';
import { JobQueue } from '../jobs/job-queue.service.js';
import { type WebhookEvent } from './webhooks.schema.js';
import { EventsListener } from '../events/events-listener.service.js';
import { EventsService } from '../events/events.service.js';
import { MediaService } from '../media/media.service.js';
import { describeError, isTransientDatabaseError } from './database-errors.js';
import { lockOrderKey } from './lock-order.js';
import {
  type Lane,
  type StoredDelivery,
  type Transaction,
  WebhookEventsRepository,
} from './webhook-events.repository.js';
import { WebhookProcessor } from './webhook-processor.service.js';
import { ConsentReplies } from './consent-replies.service.js';
import { type ConsentReply } from './inbound-messages.service.js';

/** The sweep, as pg-boss jobs: the periodic one ('tick') and one at each instance's start. */
export const SWEEP_QUEUE = 'webhook-sweep';
/** Attempts at applying one event before it is left aside for an operator. */
export const MAX_EVENT_ATTEMPTS = 10;
/**
 * Events one sweep claims and applies per transaction. A sweep claims batch after batch until
 * none is due, so a backlog drains as fast as the database takes it.
 */
const SWEEP_BATCH = 100;
/**
 * Sweep batches applied at the same time, on parts of the inbox that touch different rows (see
 * `Lane`): while one waits for PostgreSQL, Node builds the other's queries. On 2 cores, two
 * lanes drained 10,000 events ~30% faster than one; a third did not help.
 */
const SWEEP_LANES = 2;
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
/**
 * A web process (PROCESS_ROLE=web) applies nothing itself: it stores deliveries due at once and
 * NOTIFYs this channel; the processes that work jobs sweep when they hear it.
 */
const STORED_CHANNEL = 'webhook_events_stored';

interface SweepJob {
  /** How far past now events count as due (the start's sweep looks one grace ahead). */
  readonly aheadMs: number;
  /** The periodic sweep: queues the next one when it ends. */
  readonly tick?: boolean;
}

interface PendingDelivery extends StoredDelivery {
  readonly stored: (id: number) => void;
  readonly failed: (error: unknown) => void;
}

/** A sweep under way: at most one per instance, its batches taking turns with fresh events. */
interface Sweep {
  /** How far past now (the database's clock at its first batch) events count as due. */
  aheadMs: number;
  /**
   * The cutoff, fixed at the first batch: events due later wait for the next sweep (unless a
   * sweep asked to look further ahead joins this one: then it is taken again, further).
   */
  dueBy: string | undefined;
  /** The lanes that still had due events at their last claim. */
  lanes: Lane[];
  applied: number;
  readonly startedAt: number;
  readonly done: Promise<number>;
  readonly finish: (applied: number) => void;
}

/** One batch's outcome: the events it claimed, and whether (and why) it was rolled back. */
type BatchOutcome =
  | { readonly claimed: readonly number[]; readonly rolledBack: false }
  | { readonly claimed: readonly number[]; readonly rolledBack: true; readonly error: unknown };

/**
 * The durable inbox: a signed delivery is stored before Meta gets its 200, then applied right
 * after the answer. The sweep, a pg-boss job, picks up what was stored but not applied (a crash,
 * a restart, a failure, another instance): every WEBHOOK_SWEEP_INTERVAL_MS on whichever instance
 * pg-boss gives the job to, and at each start. It claims rows with `FOR UPDATE SKIP LOCKED`, so
 * every event is applied once however many instances run and sweep.
 */
@Injectable()
export class WebhookInbox implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookInbox.name);
  private stopped = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Verified deliveries waiting to be written, and the writes under way. */
  private readonly toStore: PendingDelivery[] = [];
  private storing = 0;
  /** Stored events waiting for the applier (lost on a crash: the sweep has them). */
  private readonly waiting: number[] = [];
  /**
   * One turn at a time, fresh or swept: two batches of fresh events would wait for each other on
   * the same rows (a sweep turn's batches, one per lane, never do); the pool's other connections
   * stay free for storing new deliveries. Batches of different instances do run at the same
   * time: they lock their rows in one order (`lock-order.ts`), so they wait, never deadlock.
   */
  private applying = false;
  private sweeping: Sweep | undefined;
  /** Whose turn the applier gave last, so that a burst and a backlog share it. */
  private lastTurn: 'fresh' | 'sweep' = 'sweep';
  /** Deliveries were announced while a sweep ran (its cutoff may be before them): sweep again. */
  private announcedDuringSweep = false;
  /** Whether this process applies events (PROCESS_ROLE all or worker). */
  private readonly applies: boolean;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: WebhookEventsRepository,
    private readonly processor: WebhookProcessor,
    private readonly media: MediaService,
    private readonly liveEvents: EventsService,
    private readonly accounts: AccountsService,
    private readonly replies: ConsentReplies,
    private readonly jobs: JobQueue,
    private readonly listener: EventsListener,
  ) {
    this.applies = worksJobs(config.role);
  }

  onModuleInit(): void {
    if (this.applies) this.listener.onNudge(STORED_CHANNEL, () => this.onAnnounced());
    const intervalMs = this.config.webhooks.sweepIntervalMs;
    this.jobs.define<SweepJob>({
      name: SWEEP_QUEUE,
      queue: {
        // Per kind (the periodic one, a start's) one job waiting and one running, cluster-wide:
        // a tick queues the next while it still runs, a second queued tick is dropped.
        policy: 'stately',
        // A sweep that could not queue the next tick (the database away) is retried until it
        // can, so the chain of ticks never ends; a killed instance's sweep is taken over after
        // missed heartbeats.
        retryLimit: 100_000,
        retryDelay: 1,
        retryBackoff: true,
        retryDelayMax: 60,
        heartbeatSeconds: 10,
        expireInSeconds: 3600,
        deleteAfterSeconds: 3600,
      },
      // Two at a time: a start's sweep is taken while a periodic one runs here, and joins it.
      work: {
        localConcurrency: 2,
        pollingIntervalSeconds: Math.min(15, Math.max(0.5, intervalMs / 2000)),
      },
      handle: (job) => this.runSweep(job),
    });
  }

  onApplicationBootstrap(): void {
    // Not tracked: it waits for the job queue, which may still be starting when we shut down.
    void this.queueStartSweeps();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.pump();
    await this.drain();
  }

  /**
   * Whatever an earlier run stored but did not apply (a crash, a restart), at once, and the
   * periodic sweep if no instance has queued it yet. A crash leaves events inside their grace
   * (stored + WEBHOOK_SWEEP_INTERVAL_MS, the time the periodic sweep leaves an event to the
   * instance that stored it); waiting it out would hold them for up to a minute. Taking them
   * early is safe even if their instance is alive: claiming locks each row and re-reads
   * processed_at, so an event it applies meanwhile is skipped, never applied twice. The grace
   * only spares instances needless competition, so only the start's sweep looks past it.
   */
  private async queueStartSweeps(): Promise<void> {
    try {
      // Before a periodic sweep that is due as well (priority), or joining it (see startSweep).
      await this.jobs.insert<SweepJob>(SWEEP_QUEUE, [
        {
          data: { aheadMs: this.config.webhooks.sweepIntervalMs },
          singletonKey: 'start',
          priority: 1,
        },
      ]);
      await this.queueTick();
      this.jobs.wake(SWEEP_QUEUE);
    } catch (error) {
      this.logger.warn(
        { reason: describeError(error) },
        'Webhook inbox sweep could not be queued at start; the periodic sweep applies what is due',
      );
    }
  }

  /** The next periodic sweep, one interval from now (nothing if one is queued already). */
  private queueTick(): Promise<void> {
    return this.jobs.insert<SweepJob>(SWEEP_QUEUE, [
      {
        data: { aheadMs: 0, tick: true },
        singletonKey: 'tick',
        startAfter: new Date(Date.now() + this.config.webhooks.sweepIntervalMs),
      },
    ]);
  }

  /** One sweep job: sweeps (joining a sweep under way here), then queues the next tick. */
  private async runSweep(job: SweepJob): Promise<void> {
    try {
      await this.startSweep(job.aheadMs);
    } finally {
      // Throws when the database is away: pg-boss retries this job, which queues it then.
      if (job.tick) await this.queueTick();
    }
  }

  /**
   * Stores a verified delivery (its JSON text); resolves with its id once committed, and throws
   * when the database cannot take it (the caller answers 503).
   */
  store(accountId: string | null, payload: string, rawBody?: Buffer): Promise<number> {
    return new Promise((stored, failed) => {
      this.toStore.push({ accountId, payload, rawBody, stored, failed });
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
    // The grace leaves an event to the instance that stored it; a web process applies none.
    const graceMs = this.applies ? this.config.webhooks.sweepIntervalMs : 0;
    try {
      const ids = await this.events.insertMany(group, graceMs);
      group.forEach((delivery, i) => delivery.stored(ids[i]!));
      if (!this.applies) await this.announceStored();
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

  /**
   * Stored, so a worker applies it soon: a lost NOTIFY (the database restarting in between)
   * costs only time, as the periodic sweep takes the event then.
   */
  private async announceStored(): Promise<void> {
    await this.events
      .announceStored(STORED_CHANNEL)
      .catch((error: unknown) =>
        this.logger.warn(
          { reason: describeError(error) },
          'Stored webhooks could not be announced; the periodic sweep applies them',
        ),
      );
  }

  /** Deliveries stored by a web process: sweep them now (again after a sweep under way). */
  private onAnnounced(): void {
    if (this.stopped) return;
    if (this.sweeping) {
      this.announcedDuringSweep = true;
      return;
    }
    void this.startSweep(0);
  }

  /** Applies a stored event right after the current request has been answered. */
  applySoon(id: number): void {
    // A web process leaves it to the workers (announced when stored).
    if (this.stopped || !this.applies) return;
    this.waiting.push(id);
    this.pump();
  }

  /**
   * Applies every stored event that is due (stranded by a crash or a restart, a failure whose
   * backoff is over, another instance's event past its grace) in batches until none is due;
   * resolves with how many it applied. Asked for while a sweep runs, it joins that one.
   */
  sweep(): Promise<number> {
    return this.startSweep(0);
  }

  private startSweep(aheadMs: number): Promise<number> {
    const running = this.sweeping;
    if (running) {
      // A start's sweep joining a periodic one (or the reverse, at boot): one sweep, as far
      // ahead as either asked, with every lane claimed again up to the new cutoff.
      if (aheadMs > running.aheadMs) {
        running.aheadMs = aheadMs;
        running.dueBy = undefined;
        running.lanes = allLanes();
      }
      return running.done;
    }
    if (this.stopped) return Promise.resolve(0);
    let finish!: (applied: number) => void;
    const done = new Promise<number>((resolve) => (finish = resolve));
    this.sweeping = {
      aheadMs,
      dueBy: undefined,
      lanes: allLanes(),
      applied: 0,
      startedAt: Date.now(),
      done,
      finish,
    };
    this.pump();
    return done;
  }

  /**
   * Gives the applier its next batch: fresh events or the sweep's next claim, taking turns when
   * both wait, so that neither a burst nor a backlog holds the other up.
   */
  private pump(): void {
    if (this.stopped) this.endSweep();
    if (this.stopped || this.applying) return;
    const sweep = this.sweeping;
    const fresh = this.waiting.length > 0;
    if (!fresh && !sweep) return;
    const sweepTurn = sweep !== undefined && (!fresh || this.lastTurn === 'fresh');
    this.lastTurn = sweepTurn ? 'sweep' : 'fresh';
    this.applying = true;
    this.track(
      new Promise<void>((resolve) => {
        // After the current answers are written: Meta's 200 comes first.
        setImmediate(() => {
          const work = sweepTurn
            ? this.sweepBatch(sweep)
            : this.applyFresh(this.waiting.splice(0, APPLY_BATCH));
          void work.finally(() => {
            this.applying = false;
            this.pump();
            resolve();
          });
        });
      }),
    );
  }

  /** Applies freshly stored events together; if that fails, one by one. */
  private async applyFresh(ids: number[]): Promise<void> {
    const batch = await this.applyTogether(() => Promise.resolve(ids));
    if (!batch.rolledBack) return;
    this.logger.debug(
      { events: ids.length, reason: describeError(batch.error) },
      'Webhook batch rolled back: applying its events one by one',
    );
    // The claim itself may have failed: every id is tried (one applied meanwhile is skipped).
    await this.applyEach(ids);
  }

  /**
   * One turn of the sweep: a batch per lane, at the same time; ends the sweep once no lane has
   * due events left.
   */
  private async sweepBatch(sweep: Sweep): Promise<void> {
    if (this.sweeping !== sweep) return;
    try {
      let dueBy = sweep.dueBy;
      if (dueBy === undefined) {
        const aheadMs = sweep.aheadMs;
        dueBy = await this.events.dueCutoff(aheadMs);
        // A sweep looking further ahead joined while the cutoff was read: this one is stale,
        // and the next turn reads the new one (keeping it would end the sweep short of it).
        if (sweep.aheadMs !== aheadMs || sweep.dueBy !== undefined) return;
        sweep.dueBy = dueBy;
      }
      const lanes = sweep.lanes;
      // Settled, not raced: a lane's transaction never outlives the turn.
      const claimed = await Promise.allSettled(
        lanes.map((lane) => this.sweepLane(sweep, dueBy, lane)),
      );
      const failure = claimed.find((result) => result.status === 'rejected');
      if (failure) throw failure.reason;
      // Unless a sweep looking further ahead joined meanwhile (it reset the lanes).
      if (sweep.lanes === lanes) {
        sweep.lanes = lanes.filter((_, i) => (claimed[i] as PromiseFulfilledResult<boolean>).value);
      }
      if (sweep.lanes.length === 0) this.endSweep();
    } catch (error) {
      this.logger.warn({ reason: describeError(error) }, 'Webhook inbox sweep failed');
      this.endSweep();
    }
  }

  /** Claims and applies one batch of a lane's due events; false when it had none. */
  private async sweepLane(sweep: Sweep, dueBy: string, lane: Lane): Promise<boolean> {
    const batch = await this.applyTogether((tx) =>
      this.events.lockDue(tx, dueBy, SWEEP_BATCH, MAX_EVENT_ATTEMPTS, lane),
    );
    if (batch.rolledBack && batch.claimed.length === 0) throw batch.error;
    if (batch.claimed.length === 0) return false;
    if (!batch.rolledBack) {
      sweep.applied += batch.claimed.length;
    } else {
      this.logger.debug(
        { events: batch.claimed.length, reason: describeError(batch.error) },
        'Webhook sweep batch rolled back: applying its events one by one',
      );
      // A failing event backs off past the sweep's cutoff, so the sweep never sees it again.
      sweep.applied += await this.applyEach(batch.claimed);
    }
    return true;
  }

  private endSweep(): void {
    const sweep = this.sweeping;
    if (!sweep) return;
    this.sweeping = undefined;
    if (sweep.applied > 0) {
      this.logger.log(
        { applied: sweep.applied, duration_ms: Date.now() - sweep.startedAt },
        'Webhook inbox sweep applied stored events',
      );
    }
    sweep.finish(sweep.applied);
    if (this.announcedDuringSweep) {
      this.announcedDuringSweep = false;
      this.onAnnounced();
    }
  }

  /**
   * Claims the events `select` names (marks them processed) and applies them in one
   * transaction, all or nothing (no savepoint per item), their live events in one pg_notify.
   * Returns the ids selected (known even when claiming them failed) and, when the transaction
   * was rolled back, why.
   */
  private async applyTogether(
    select: (tx: Transaction) => Promise<readonly number[]>,
  ): Promise<BatchOutcome> {
    let claimed: readonly number[] = [];
    try {
      const { newMedia, replies, receipts } = await this.events.transaction((tx) =>
        this.liveEvents.publishTogether(tx, async () => {
          claimed = await select(tx);
          const events = await this.events.claimPendingMany(claimed, tx);
          let media = false;
          const replies: ConsentReply[] = [];
          const receipts: WebhookReceipt[] = [];
          for (const event of inLockOrder(events)) {
            const applied = await this.processor.apply(event, tx, {
              items: 'all-or-nothing',
              accountById: async (id) => (await this.accounts.forWebhook(id)).account,
            });
            media ||= applied.newMedia;
            replies.push(...applied.replies);
            receipts.push(...receiptsOf(event, applied.reached));
          }
          return { newMedia: media, replies, receipts };
        }),
      );
      if (newMedia) this.media.startDownloads();
      // Only what committed: a rolled-back batch is applied again, one event at a time.
      if (replies.length > 0) this.track(this.replies.send(replies));
      if (receipts.length > 0) this.track(this.accounts.recordWebhooks(receipts));
      return { claimed, rolledBack: false };
    } catch (error) {
      return { claimed, rolledBack: true, error };
    }
  }

  /**
   * Applies events one transaction each, each item isolated, so one bad item never holds the
   * others back; a failing event backs off. Returns how many were applied.
   */
  private async applyEach(ids: readonly number[]): Promise<number> {
    let applied = 0;
    for (const id of ids) {
      if (this.stopped) break;
      try {
        const event = await this.applyOne((tx) => this.events.lockPending(id, tx));
        if (event !== undefined && event !== 'failed') applied++;
      } catch (error) {
        this.logger.warn(
          { webhook_event_id: id, reason: describeError(error) },
          'Webhook event could not be applied now; the sweep retries it',
        );
      }
    }
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
      if (result && result.replies.length > 0) this.track(this.replies.send(result.replies));
      if (event && result && result.reached.size > 0) {
        this.track(this.accounts.recordWebhooks(receiptsOf(event, result.reached)));
      }
      return event;
    } catch (error) {
      // Before the lock (the database is unreachable): the caller reports it.
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
        this.logger.warn(context, 'Webhook event could not be applied; the sweep retries it');
      }
    } catch {
      this.logger.warn(
        { webhook_event_id: event.id, reason },
        'Webhook event could not be applied; the sweep retries it',
      );
    }
  }

  private track(work: Promise<unknown>): void {
    this.inFlight.add(work);
    void work.catch(() => undefined).finally(() => this.inFlight.delete(work));
  }
}

/** The accounts an applied event reached, with when it was received. */
function receiptsOf(
  event: WebhookEvent,
  reached: ReadonlyMap<string, { readonly organizationId: string }>,
): WebhookReceipt[] {
  return [...reached].map(([accountId, account]) => ({
    organizationId: account.organizationId,
    accountId,
    receivedAt: event.receivedAt,
  }));
}

/** Every lane of the inbox, for a sweep to claim from. */
function allLanes(): Lane[] {
  return Array.from({ length: SWEEP_LANES }, (_, index) => ({ index, of: SWEEP_LANES }));
}

/** The events sorted by the row each locks first (stable: arrival order otherwise). */
function inLockOrder(events: readonly WebhookEvent[]): WebhookEvent[] {
  return events
    .map((event) => ({ event, key: lockOrderKey(event.payload) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ event }) => event);
}
