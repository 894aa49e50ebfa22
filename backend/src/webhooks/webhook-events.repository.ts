import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import { type Database } from '../database/database.js';
import { DATABASE } from '../database/database.module.js';
import { type WebhookEvent, webhookEvents } from './webhooks.schema.js';

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** A verified delivery as it is stored: the account whose URL received it, and its JSON text. */
export interface StoredDelivery {
  readonly accountId: string | null;
  readonly payload: string;
  /** The exact bytes received, only when `payload` had to be sanitised. */
  readonly rawBody?: Buffer;
}

/**
 * One of `of` disjoint parts of the inbox, split by the customer an event is about (an inbound
 * message's sender, a status's recipient): events of different lanes touch different contacts
 * and messages, so lanes can be applied at the same time without waiting for each other.
 */
export interface Lane {
  readonly index: number;
  readonly of: number;
}

/** The first item's customer; '' for account updates and anything else (all in one lane). */
const CUSTOMER = sql`coalesce(
  ${webhookEvents.payload} #>> '{entry,0,changes,0,value,messages,0,from}',
  ${webhookEvents.payload} #>> '{entry,0,changes,0,value,statuses,0,recipient_id}',
  '')`;

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

  /** Deletes up to `limit` events applied before `cutoff`, oldest first; returns how many. */
  async deleteAppliedBefore(cutoff: Date, limit: number): Promise<number> {
    const result = await this.db.execute(sql`
      DELETE FROM webhook_events
      WHERE id IN (
        SELECT id FROM webhook_events
        WHERE processed_at < ${cutoff.toISOString()}::timestamptz
        ORDER BY processed_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )`);
    return result.rowCount ?? 0;
  }

  /**
   * Stores deliveries (their JSON text) in one statement; returns their ids in
   * the same order. The sweep leaves them alone for `graceMs` (the instance that stored them
   * applies them at once); after that they count as stranded (a crash, a restart) and any
   * instance takes them.
   */
  async insertMany(deliveries: readonly StoredDelivery[], graceMs: number): Promise<number[]> {
    // Ids are drawn in the deliveries' order first, so the answer maps back to each of them
    // (RETURNING has no guaranteed order).
    const result = await this.db.execute<{ id: string }>(sql`
      WITH delivery AS (
        SELECT n, nextval(pg_get_serial_sequence('webhook_events', 'id')) AS id, account_id, payload, raw_body
        FROM unnest(
          ${sql.param(deliveries.map((d) => d.accountId))}::uuid[],
          ${sql.param(deliveries.map((d) => d.payload))}::text[],
          ${sql.param(deliveries.map((d) => d.rawBody ?? null))}::bytea[]
        ) WITH ORDINALITY AS d(account_id, payload, raw_body, n)
      ), stored AS (
        INSERT INTO webhook_events (id, account_id, payload, raw_body, next_attempt_at)
        SELECT id, account_id, payload::jsonb, raw_body, now() + ${graceMs}::float8 * interval '1 millisecond'
        FROM delivery
      )
      SELECT id FROM delivery ORDER BY n`);
    if (result.rows.length !== deliveries.length) {
      throw new Error(`Stored ${result.rows.length} of ${deliveries.length} webhook deliveries`);
    }
    return result.rows.map((row) => Number(row.id));
  }

  /** Tells the instances that work jobs that deliveries were stored (see WebhookInbox). */
  async announceStored(channel: string): Promise<void> {
    await this.db.execute(sql`SELECT pg_notify(${channel}, '')`);
  }

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
   * Claims the given events that are still unapplied (oldest first) by marking them processed,
   * in the caller's transaction: if applying them fails, the rollback unmarks them. Events
   * applied already or being applied elsewhere are left out.
   */
  async claimPendingMany(ids: readonly number[], tx: Transaction): Promise<WebhookEvent[]> {
    if (ids.length === 0) return [];
    const pending = tx
      .select({ id: webhookEvents.id })
      .from(webhookEvents)
      .where(and(inArray(webhookEvents.id, [...ids]), isNull(webhookEvents.processedAt)))
      .for('update', { skipLocked: true });
    const rows = await tx
      .update(webhookEvents)
      .set({
        processedAt: sql`now()`,
        attempts: sql`${webhookEvents.attempts} + 1`,
        lastError: null,
      })
      .where(inArray(webhookEvents.id, pending))
      .returning();
    return rows.sort((a, b) => a.id - b.id);
  }

  /**
   * The database's clock `aheadMs` from now, as text (microseconds kept): the cutoff of one
   * sweep, so that events becoming due while it runs wait for the next one.
   */
  async dueCutoff(aheadMs: number): Promise<string> {
    const result = await this.db.execute<{ at: string }>(
      sql`SELECT (now() + ${aheadMs}::float8 * interval '1 millisecond')::text AS at`,
    );
    return result.rows[0]!.at;
  }

  /**
   * Locks up to `limit` unapplied events of `lane` due by `dueBy` (those due longest first), in
   * the caller's transaction, for {@link claimPendingMany}. Events being applied elsewhere are
   * skipped (SKIP LOCKED), and one applied since it was read is left out (the lock re-reads
   * `processed_at`), so each event is claimed once however many instances sweep. Events that
   * failed `maxAttempts` times stay in the table, unapplied, for an operator
   * (`processed_at IS NULL AND attempts >= max`).
   */
  async lockDue(
    tx: Transaction,
    dueBy: string,
    limit: number,
    maxAttempts: number,
    lane: Lane = { index: 0, of: 1 },
  ): Promise<number[]> {
    const due = await tx
      .select({ id: webhookEvents.id })
      .from(webhookEvents)
      .where(
        and(
          isNull(webhookEvents.processedAt),
          lte(webhookEvents.nextAttemptAt, sql`${dueBy}::timestamptz`),
          lt(webhookEvents.attempts, maxAttempts),
          lane.of > 1 ? sql`abs(hashtext(${CUSTOMER}) % ${lane.of}) = ${lane.index}` : undefined,
        ),
      )
      .orderBy(asc(webhookEvents.nextAttemptAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    return due.map((row) => row.id);
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
