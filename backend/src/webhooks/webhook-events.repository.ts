import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, isNull, lt, lte, sql } from 'drizzle-orm';
import { type Database } from '../database/database.js';
import { DATABASE } from '../database/database.module.js';
import { type WebhookEvent, webhookEvents } from '../database/schema.js';

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Longest wait between two attempts at a failing event. */
const MAX_BACKOFF_MS = 60 * 60 * 1000;

/**
 * The durable webhook inbox. Its rows are Meta's deliveries as received, before any
 * organization is known (the processor finds it from the account), so this table alone is not
 * scoped by organization; everything the processor writes is.
 */
@Injectable()
export class WebhookEventsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Stores a delivery. The sweeper leaves it alone for `graceMs` (the instance that stored it
   * applies it at once); after that it counts as stranded (a crash, a restart) and any instance
   * takes it.
   */
  async insert(credentialId: string | null, payload: unknown, graceMs: number): Promise<number> {
    // The hot path of every delivery: a prepared statement skips building the SQL each time.
    const [row] = await this.insertStatement.execute({
      credentialId,
      payload: JSON.stringify(payload),
      graceMs,
    });
    if (!row) throw new Error('INSERT … RETURNING returned no row');
    return row.id;
  }

  private readonly insertStatement = this.db
    .insert(webhookEvents)
    .values({
      credentialId: sql.placeholder('credentialId'),
      payload: sql`${sql.placeholder('payload')}::jsonb`,
      nextAttemptAt: sql`now() + ${sql.placeholder('graceMs')}::float8 * interval '1 millisecond'`,
    })
    .returning({ id: webhookEvents.id })
    .prepare('webhook_event_insert');

  /** Locks one unapplied event; undefined when it is applied already or being applied elsewhere. */
  async lockPending(id: number, tx: Transaction): Promise<WebhookEvent | undefined> {
    const [row] = await tx
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.id, id), isNull(webhookEvents.processedAt)))
      .for('update', { skipLocked: true });
    return row;
  }

  /**
   * Locks the unapplied event that has been due longest. Events that failed `maxAttempts` times
   * stay in the table, unapplied, for an operator to look at
   * (`processed_at IS NULL AND attempts >= max`).
   */
  async lockNextDue(tx: Transaction, maxAttempts: number): Promise<WebhookEvent | undefined> {
    const [row] = await tx
      .select()
      .from(webhookEvents)
      .where(
        and(
          isNull(webhookEvents.processedAt),
          lte(webhookEvents.nextAttemptAt, sql`now()`),
          lt(webhookEvents.attempts, maxAttempts),
        ),
      )
      .orderBy(asc(webhookEvents.nextAttemptAt))
      .limit(1)
      .for('update', { skipLocked: true });
    return row;
  }

  /** Done; `problems` lists the items that could not be applied (kept for diagnosis). */
  async markProcessed(id: number, problems: string | null, tx: Transaction): Promise<void> {
    await tx
      .update(webhookEvents)
      .set({
        processedAt: sql`now()`,
        attempts: sql`${webhookEvents.attempts} + 1`,
        lastError: problems,
      })
      .where(eq(webhookEvents.id, id));
  }

  /**
   * Counts a failed attempt (its transaction was rolled back) and sets the next one
   * `baseMs` × 2^attempts later (at most an hour); returns the attempts so far.
   */
  async recordFailure(id: number, error: string, baseMs: number): Promise<number> {
    const backoff = sql`least(${baseMs}::float8 * power(2, ${webhookEvents.attempts}), ${MAX_BACKOFF_MS}::float8)`;
    const [row] = await this.db
      .update(webhookEvents)
      .set({
        attempts: sql`${webhookEvents.attempts} + 1`,
        nextAttemptAt: sql`now() + ${backoff} * interval '1 millisecond'`,
        lastError: error.slice(0, 2000),
      })
      .where(eq(webhookEvents.id, id))
      .returning({ attempts: webhookEvents.attempts });
    return row?.attempts ?? 0;
  }
}
