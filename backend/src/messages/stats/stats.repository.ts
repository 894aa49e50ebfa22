import { Inject, Injectable } from '@nestjs/common';
import { type SQL, sql } from 'drizzle-orm';
import { type Database } from '../../database/database.js';
import { DATABASE } from '../../database/database.module.js';
import { type DateRange, startOfUtcDay } from '../history/date-range.js';

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

/** The dashboard's figures, read together. */
export interface StatsFigures {
  readonly totals: StatsTotals;
  readonly perDay: StatsDay[];
  readonly failures: StatsFailure[];
  readonly pricing: StatsPricing[];
}

const DAY_MS = 86_400_000;

/** The outbound statuses that mean Meta accepted the message (and it has not failed). */
const ACCEPTED = sql`('sent', 'delivered', 'read', 'played')`;
const DELIVERED = sql`('delivered', 'read', 'played')`;
const READ = sql`('read', 'played')`;

/**
 * Figures for the dashboard from kept counts (stats.schema.ts), not from the messages: whole
 * days of the range read `message_stats` plus the deltas not yet compacted; the partial days at
 * either end (a range need not start at midnight) are counted from `messages` through
 * `messages_history_idx`, with the same key function the triggers use. The figures equal a full
 * count over `messages` (stats-rollup.e2e-spec.ts holds them to it).
 */
@Injectable()
export class StatsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Every figure of the dashboard in one statement, so they agree with each other (one
   * snapshot): the scope's counts are gathered once (the partial days at either end of the
   * range are counted from `messages`, the costly part) and read four times.
   */
  async dashboard(
    scope: StatsScope,
    days: { first: string; last: string },
    failureLimit: number,
  ): Promise<StatsFigures> {
    const result = await this.db.execute<{
      totals: StatsTotals;
      per_day: StatsDay[];
      failures: StatsFailure[];
      pricing: StatsPricing[];
    }>(sql`
      WITH ${counts(scope)},
      totals AS (
        SELECT coalesce(sum(n) FILTER (WHERE direction = 'out'), 0)::int AS total,
               coalesce(sum(n) FILTER (WHERE direction = 'out' AND status = 'queued'), 0)::int AS queued,
               coalesce(sum(n) FILTER (WHERE direction = 'out' AND status = 'sent'), 0)::int AS sent,
               coalesce(sum(n) FILTER (WHERE direction = 'out' AND status = 'delivered'), 0)::int AS delivered,
               coalesce(sum(n) FILTER (WHERE direction = 'out' AND status IN ${READ}), 0)::int AS read,
               coalesce(sum(n) FILTER (WHERE direction = 'out' AND status = 'failed'), 0)::int AS failed,
               coalesce(sum(n) FILTER (WHERE direction = 'in'), 0)::int AS inbound
        FROM counts
      ),
      per_day AS (
        SELECT to_char(d.day, 'YYYY-MM-DD') AS date,
               coalesce(x.sent, 0)::int AS sent, coalesce(x.delivered, 0)::int AS delivered,
               coalesce(x.read, 0)::int AS read, coalesce(x.failed, 0)::int AS failed,
               coalesce(x.inbound, 0)::int AS inbound
        FROM generate_series(${days.first}::date, ${days.last}::date, interval '1 day') AS d(day)
        LEFT JOIN (
          SELECT day,
                 sum(n) FILTER (WHERE direction = 'out' AND status IN ${ACCEPTED}) AS sent,
                 sum(n) FILTER (WHERE direction = 'out' AND status IN ${DELIVERED}) AS delivered,
                 sum(n) FILTER (WHERE direction = 'out' AND status IN ${READ}) AS read,
                 sum(n) FILTER (WHERE direction = 'out' AND status = 'failed') AS failed,
                 sum(n) FILTER (WHERE direction = 'in') AS inbound
          FROM counts
          GROUP BY day
        ) x ON x.day = d.day::date
      ),
      -- Failed outbound messages by Meta's error code (errors without a code, such as
      -- timeouts, by their title), the largest groups; the title is the group's most common one
      -- (the first alphabetically on a tie).
      titles AS (
        SELECT failure_code AS code, failure_title AS title, sum(n) AS n
        FROM counts
        WHERE direction = 'out' AND status = 'failed'
        GROUP BY 1, 2
        HAVING sum(n) > 0
      ),
      failures AS (
        SELECT code,
               (array_agg(title ORDER BY n DESC, title) FILTER (WHERE title IS NOT NULL))[1] AS title,
               sum(n)::int AS count
        FROM titles
        GROUP BY code, CASE WHEN code IS NULL THEN title END
        ORDER BY count DESC, code ASC NULLS LAST, 2 ASC
        LIMIT ${failureLimit}
      ),
      -- Outbound messages by the pricing category Meta reported for them.
      pricing AS (
        SELECT pricing_category AS category, sum(n)::int AS count
        FROM counts
        WHERE direction = 'out' AND pricing_category IS NOT NULL
        GROUP BY 1
        HAVING sum(n) > 0
      )
      SELECT (SELECT row_to_json(totals) FROM totals) AS totals,
             (SELECT coalesce(json_agg(per_day ORDER BY per_day.date), '[]') FROM per_day) AS per_day,
             (SELECT coalesce(
                json_agg(failures ORDER BY failures.count DESC, failures.code ASC NULLS LAST, failures.title ASC),
                '[]') FROM failures) AS failures,
             (SELECT coalesce(json_agg(pricing ORDER BY pricing.category), '[]') FROM pricing) AS pricing`);
    const [row] = result.rows;
    if (!row) throw new Error('An aggregate query returned no row');
    return {
      totals: row.totals,
      perDay: row.per_day,
      failures: row.failures,
      pricing: row.pricing,
    };
  }
}

const KEY = sql.raw(
  'day, account_id, direction, status, failure_code, failure_title, pricing_category',
);

/**
 * `counts(day, account_id, direction, status, failure_code, failure_title, pricing_category, n)`:
 * the scope's messages counted by stats key. Rows of one key may repeat (kept count, deltas,
 * edges): readers sum `n`.
 */
function counts(scope: StatsScope): SQL {
  const { since, until } = scope.range;
  const firstWholeDay = startOfUtcDay(new Date(since.getTime() + DAY_MS - 1));
  const endOfWholeDays = startOfUtcDay(until);
  const parts: SQL[] = [];
  if (firstWholeDay < endOfWholeDays) {
    const days = sql`organization_id = ${scope.organizationId}
      AND day >= ${isoDate(firstWholeDay)}::date AND day < ${isoDate(endOfWholeDays)}::date
      ${scope.accountId ? sql`AND account_id = ${scope.accountId}` : sql``}`;
    parts.push(
      sql`SELECT ${KEY}, count AS n FROM message_stats WHERE ${days}`,
      sql`SELECT ${KEY}, delta AS n FROM message_stats_changes WHERE ${days}`,
    );
    if (since < firstWholeDay) parts.push(edge(scope, since, firstWholeDay));
    if (endOfWholeDays < until) parts.push(edge(scope, endOfWholeDays, until));
  } else {
    parts.push(edge(scope, since, until));
  }
  // Materialised: the dashboard reads it four times, and the partial days are the costly part.
  return sql`counts AS MATERIALIZED (${sql.join(parts, sql` UNION ALL `)})`;
}

/** Messages created in [from, to), counted by the key the triggers use. */
function edge(scope: StatsScope, from: Date, to: Date): SQL {
  return sql`SELECT (k).day, (k).account_id, (k).direction, (k).status, (k).failure_code,
      (k).failure_title, (k).pricing_category, count(*) AS n
    FROM (
      SELECT message_stats_key_of(m) AS k
      FROM messages m
      WHERE m.organization_id = ${scope.organizationId}
        AND m.created_at >= ${from.toISOString()}::timestamptz
        AND m.created_at < ${to.toISOString()}::timestamptz
        ${scope.accountId ? sql`AND m.account_id = ${scope.accountId}` : sql``}
    ) e
    GROUP BY k`;
}

function isoDate(day: Date): string {
  return day.toISOString().slice(0, 10);
}
