import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type Job, PgBoss, type Queue, type SendOptions, type WorkOptions } from 'pg-boss';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/** One kind of background work: its queue's retry and expiry rules, and what a worker does. */
export interface JobDefinition<T extends object> {
  readonly name: string;
  readonly queue?: Omit<Queue, 'name'>;
  readonly work?: WorkOptions;
  /** Runs one job; throwing fails it (pg-boss retries it by the queue's rules). */
  readonly handle: (data: T, job: Job<T>) => Promise<void>;
}

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
  private started: Promise<PgBoss> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Registers a kind of job; call from onModuleInit so its worker starts with the others. */
  define<T extends object>(definition: JobDefinition<T>): void {
    if (this.started) throw new Error(`Job ${definition.name} defined after the queue started`);
    this.definitions.set(definition.name, definition as unknown as JobDefinition<object>);
  }

  onApplicationBootstrap(): Promise<void> {
    return this.start().then(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    const boss = this.boss;
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

  /** Queues many jobs in one statement. */
  async insert<T extends object>(
    name: string,
    jobs: readonly {
      readonly data: T;
      readonly startAfter?: Date;
      readonly singletonKey?: string;
    }[],
  ): Promise<void> {
    if (jobs.length === 0) return;
    const boss = await this.ready();
    await boss.insert(name, [...jobs]);
  }

  private ready(): Promise<PgBoss> {
    return this.started ?? this.start();
  }

  private start(): Promise<PgBoss> {
    this.started ??= this.boot();
    return this.started;
  }

  private async boot(): Promise<PgBoss> {
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
    await boss.start();
    this.boss = boss;
    for (const definition of this.definitions.values()) {
      await boss.createQueue(definition.name, definition.queue ?? {});
      await boss.work<object>(definition.name, { ...definition.work }, async (jobs) => {
        for (const job of jobs) await definition.handle(job.data, job);
      });
    }
    return boss;
  }
}
