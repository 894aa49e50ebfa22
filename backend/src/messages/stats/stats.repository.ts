import { Inject, Injectable } from '@nestjs/common';
import { type SQL, sql } from 'drizzle-orm';
import { type Database, type Executor } from '../../database/database.js';
import { DATABASE } from '../../database/database.module.js';
import { type DateRange } from '../history/date-range.js';

export interface StatsScope {
  readonly organizationId: string;
  readonly accountId?: string;
  readonly range: DateRange;
}

export interface StatsTotals {
  readonly total: number;
  readonly queued: number;
  readonly sent: number;
  readonly delivered: number;
  readonly read: number;
  readonly failed: number;
  readonly inbound: number;
  readonly [column: string]: unknown;
}

export interface StatsDay {
  readonly date: string;
  readonly sent: number;
  readonly delivered: number;
  readonly read: number;
  readonly failed: number;
  readonly inbound: number;
  readonly [column: string]: unknown;
}

export interface StatsFailure {
  readonly code: number | null;
  readonly title: string | null;
  readonly count: number;
  readonly [column: string]: unknown;
}

export interface StatsPricing {
  readonly category: string;
  readonly count: number;
  readonly [column: string]: unknown;
}

/** The outbound statuses that mean Meta accepted the message (and it has not failed). */
const ACCEPTED = sql`('sent', 'delivered', 'read', 'played')`;
const DELIVERED = sql`('delivered', 'read', 'played')`;
const READ = sql`('read', 'played')`;

/**
 * Aggregates for the dashboard, computed in PostgreSQL (no rows are loaded): each query scans
 * the organization's messages in the range through `messages_history_idx`.
 */
@Injectable()
export class StatsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Runs `work` on one consistent, read-only snapshot, so all figures agree with each other. */
  snapshot<T>(work: (executor: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction(work, {
      isolationLevel: 'repeatable read',
      accessMode: 'read only',
    });
  }

  async totals(scope: StatsScope, executor: Executor): Promise<StatsTotals> {
    const result = await executor.execute<StatsTotals>(sql`
      SELECT count(*) FILTER (WHERE m.direction = 'out')::int AS total,
             count(*) FILTER (WHERE m.direction = 'out' AND m.status = 'queued')::int AS queued,
             count(*) FILTER (WHERE m.direction = 'out' AND m.status = 'sent')::int AS sent,
             count(*) FILTER (WHERE m.direction = 'out' AND m.status = 'delivered')::int AS delivered,
             count(*) FILTER (WHERE m.direction = 'out' AND m.status IN ${READ})::int AS read,
             count(*) FILTER (WHERE m.direction = 'out' AND m.status = 'failed')::int AS failed,
             count(*) FILTER (WHERE m.direction = 'in')::int AS inbound
      FROM messages m
      WHERE ${inScope(scope)}`);
    const [row] = result.rows;
    if (!row) throw new Error('An aggregate query returned no row');
    return row;
  }

  /** One row per UTC date from `firstDay` to `lastDay`, zeros included. */
  async perDay(
    scope: StatsScope,
    days: { first: string; last: string },
    executor: Executor,
  ): Promise<StatsDay[]> {
    const result = await executor.execute<StatsDay>(sql`
      SELECT to_char(d.day, 'YYYY-MM-DD') AS date,
             coalesce(x.sent, 0)::int AS sent, coalesce(x.delivered, 0)::int AS delivered,
             coalesce(x.read, 0)::int AS read, coalesce(x.failed, 0)::int AS failed,
             coalesce(x.inbound, 0)::int AS inbound
      FROM generate_series(${days.first}::date, ${days.last}::date, interval '1 day') AS d(day)
      LEFT JOIN (
        SELECT (m.created_at AT TIME ZONE 'UTC')::date AS day,
               count(*) FILTER (WHERE m.direction = 'out' AND m.status IN ${ACCEPTED}) AS sent,
               count(*) FILTER (WHERE m.direction = 'out' AND m.status IN ${DELIVERED}) AS delivered,
               count(*) FILTER (WHERE m.direction = 'out' AND m.status IN ${READ}) AS read,
               count(*) FILTER (WHERE m.direction = 'out' AND m.status = 'failed') AS failed,
               count(*) FILTER (WHERE m.direction = 'in') AS inbound
        FROM messages m
        WHERE ${inScope(scope)}
        GROUP BY 1
      ) x ON x.day = d.day::date
      ORDER BY d.day`);
    return result.rows;
  }

  /**
   * Failed outbound messages grouped by Meta's error code (errors without a code, such as
   * timeouts, by their title), the `limit` largest groups; the title is the group's most common one.
   */
  async topFailures(scope: StatsScope, limit: number, executor: Executor): Promise<StatsFailure[]> {
    const result = await executor.execute<StatsFailure>(sql`
      SELECT f.code, mode() WITHIN GROUP (ORDER BY f.title) AS title, count(*)::int AS count
      FROM (
        SELECT CASE WHEN m.error->>'code' ~ '^-?[0-9]{1,9}$' THEN (m.error->>'code')::int END AS code,
               nullif(m.error->>'title', '') AS title
        FROM messages m
        WHERE ${inScope(scope)} AND m.direction = 'out' AND m.status = 'failed'
      ) f
      GROUP BY f.code, CASE WHEN f.code IS NULL THEN f.title END
      ORDER BY count(*) DESC, f.code ASC NULLS LAST, 2 ASC
      LIMIT ${limit}`);
    return result.rows;
  }

  /** Outbound messages by the pricing category Meta reported for them. */
  async pricing(scope: StatsScope, executor: Executor): Promise<StatsPricing[]> {
    const result = await executor.execute<StatsPricing>(sql`
      SELECT m.pricing->>'category' AS category, count(*)::int AS count
      FROM messages m
      WHERE ${inScope(scope)} AND m.direction = 'out' AND m.pricing->>'category' IS NOT NULL
      GROUP BY 1
      ORDER BY 1`);
    return result.rows;
  }
}

/** The organization, the range on created_at (half-open) and the optional account. */
function inScope(scope: StatsScope): SQL {
  const conditions = [
    sql`m.organization_id = ${scope.organizationId}`,
    sql`m.created_at >= ${scope.range.since.toISOString()}::timestamptz`,
    sql`m.created_at < ${scope.range.until.toISOString()}::timestamptz`,
  ];
  if (scope.accountId) conditions.push(sql`m.account_id = ${scope.accountId}`);
  return sql.join(conditions, sql` AND `);
}
