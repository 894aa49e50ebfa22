import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { sql } from 'drizzle-orm';
import {
  fromDrizzle,
  type Job,
  PgBoss,
  type Queue,
  type SendOptions,
  type WorkOptions,
} from 'pg-boss';
import { type AppConfig, worksJobs } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type Executor } from '../database/database.js';

/** One kind of background work: its queue's retry and expiry rules, and what a worker does. */
export interface JobDefinition<T extends object> {
  readonly name: string;
  readonly queue?: Omit<Queue, 'name'>;
  readonly work?: WorkOptions;
  /** Runs one job; throwing fails it (pg-boss retries it by the queue's rules). */
  readonly handle: (data: T, job: Job<T>) => Promise<void>;
}

/** Where a job is written: in the caller's transaction, so that it commits (or not) with it. */
export interface InsertOptions {
  readonly tx?: Executor;
}

/** What a job's state is, as far as a caller needs to know (tests, diagnostics). */
export interface JobState {
  readonly state: string;
  readonly retryCount: number;
}

/** Start attempts in the background after the first failed (about 8 h at 30 s apart). */
const START_ATTEMPTS = 1000;

/** The pg-boss schema, beside the application's tables in the same database. */
const SCHEMA = 'pgboss';

/**
 * The one job mechanism: pg-boss on the application's own PostgreSQL. Features define their
 * jobs while the app builds (onModuleInit); at bootstrap every instance creates the queues and
 * starts workers for all of them, so any instance may run any job, and a job whose instance
 * died is retried by another (expiry or missed heartbeats).
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private readonly definitions = new Map<string, JobDefinition<object>>();
  private boss: PgBoss | undefined;
  /** The workers started per job name (to wake them). */
  private readonly workers = new Map<string, string>();
  private started: Promise<PgBoss> | undefined;
  /** The pg-boss instance, created at the first start attempt (started or not). */
  private instance: PgBoss | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Registers a kind of job; call from onModuleInit so its worker starts with the others. */
  define<T extends object>(definition: JobDefinition<T>): void {
    if (this.started) throw new Error(`Job ${definition.name} defined after the queue started`);
    this.definitions.set(definition.name, definition as unknown as JobDefinition<object>);
  }

  /**
   * Starts pg-boss, the queues and the workers. With the database unavailable the app still
   * starts (webhooks answer 503, health says why): pg-boss then keeps trying in the background
   * (1 s, doubling up to 30 s), and jobs sent meanwhile wait for it.
   */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.start();
    } catch (error) {
      this.logger.warn(
        { reason: error instanceof Error ? error.message : String(error) },
        'Job queue could not start; retrying in the background',
      );
      const retry = this.boot(START_ATTEMPTS);
      this.started = retry;
      retry.catch((failure: unknown) =>
        this.logger.error(
          { reason: failure instanceof Error ? failure.message : String(failure) },
          'Job queue did not start: background jobs are not running',
        ),
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    // Also ends start attempts still under way.
    const boss = this.instance;
    this.instance = undefined;
    this.boss = undefined;
    // Running jobs get a moment to finish; what is left is retried by another instance.
    await boss?.stop({ graceful: true, timeout: 5_000, close: true });
  }

  /**
   * Queues a job; resolves with its id, or null when a job with the same `singletonKey` is
   * queued already (that one will do the work).
   */
  async send<T extends object>(
    name: string,
    data: T,
    options: SendOptions = {},
  ): Promise<string | null> {
    const boss = await this.ready();
    return boss.send(name, data, options);
  }

  /**
   * Queues many jobs in one statement; with `tx`, inside that transaction (the jobs exist once it
   * commits, and not at all if it rolls back). A job whose singleton key is taken (per the queue's
   * policy) is left out.
   */
  async insert<T extends object>(
    name: string,
    jobs: readonly {
      readonly data: T;
      readonly startAfter?: Date;
      readonly singletonKey?: string;
      /** Higher first, among jobs due. */
      readonly priority?: number;
    }[],
    options: InsertOptions = {},
  ): Promise<void> {
    if (jobs.length === 0) return;
    const boss = await this.ready();
    await boss.insert(name, [...jobs], options.tx ? { db: fromDrizzle(options.tx, sql) } : {});
  }

  /**
   * Makes this instance's worker of `name` look for jobs now instead of at its next poll (a job
   * was just committed); does nothing before the workers started.
   */
  wake(name: string): void {
    const worker = this.workers.get(name);
    if (worker) this.boss?.notifyWorker(worker);
  }

  /** The jobs of `name` with this singleton key, oldest first (tests, diagnostics). */
  async find(name: string, singletonKey: string): Promise<JobState[]> {
    const boss = await this.ready();
    const jobs = await boss.findJobs(name, { key: singletonKey });
    return jobs.map(({ state, retryCount }) => ({ state, retryCount }));
  }

  /**
   * Resolves once no job of `name` is running or waiting to run now (jobs due later, retries
   * backing off, do not count): what tests wait for after causing background work.
   */
  async settled(name: string, timeoutMs = 30_000): Promise<void> {
    const boss = await this.ready();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.wake(name);
      const { rows } = await boss.getDb().executeSql(
        `SELECT count(*)::int AS n FROM ${SCHEMA}.job
         WHERE name = $1 AND (state = 'active' OR (state IN ('created', 'retry') AND start_after <= now()))`,
        [name],
      );
      if ((rows[0] as { n: number }).n === 0) return;
      if (Date.now() > deadline) throw new Error(`Jobs of ${name} did not settle`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private ready(): Promise<PgBoss> {
    return this.started ?? this.start();
  }

  private start(): Promise<PgBoss> {
    this.started ??= this.boot(1);
    return this.started;
  }

  /** Starts pg-boss (the same instance on every call, as pg-boss allows), then queues and workers. */
  private async boot(attempts: number): Promise<PgBoss> {
    const boss = (this.instance ??= this.create());
    await boss.start({ attempts });
    this.boss = boss;
    for (const definition of this.definitions.values()) {
      await boss.createQueue(definition.name, definition.queue ?? {});
      // A web process queues jobs; worker processes work them.
      if (!worksJobs(this.config.role)) continue;
      const worker = await boss.work<object>(
        definition.name,
        { ...definition.work },
        async (jobs) => {
          for (const job of jobs) await definition.handle(job.data, job);
        },
      );
      this.workers.set(definition.name, worker);
    }
    return boss;
  }

  private create(): PgBoss {
    const url = this.config.databaseUrl;
    if (!url) throw new Error('The database URL must be resolved before jobs start.');
    const boss = new PgBoss({
      connectionString: url,
      schema: SCHEMA,
      max: this.config.jobs.poolSize,
      application_name: 'convis-jobs',
      // A job whose worker vanished (kill -9) is found by missed heartbeats this often.
      superviseIntervalSeconds: this.config.jobs.superviseIntervalSeconds,
      monitorIntervalSeconds: this.config.jobs.superviseIntervalSeconds,
    });
    boss.on('error', (error: Error) =>
      this.logger.warn({ reason: error.message }, 'Job queue error'),
    );
    return boss;
  }
}
