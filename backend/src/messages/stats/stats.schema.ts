// Owned by the messages feature (its stats): message counts kept as messages are written, so
// the dashboard reads a few hundred rows instead of counting millions.
//
// A trigger on `messages` (migration 0010_message_stats_triggers) records every change to what
// the stats count (a message's day, account, direction, status, failure and pricing category)
// as signed deltas in `message_stats_changes`, in the writing transaction: nothing that writes
// messages needs to know. StatsCompactor folds the deltas into `message_stats` every few
// seconds; the dashboard reads both, so its figures equal a full count at any moment.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, date, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { messageDirection, messageStatus } from '../messages.schema.js';

/** The columns a count is kept by: everything the dashboard groups or filters on. */
const statsKey = () => ({
  organizationId: uuid('organization_id').notNull(),
  accountId: uuid('account_id'),
  /** The UTC date of the message's `created_at` (the dashboard's ranges are on it). */
  day: date('day', { mode: 'string' }).notNull(),
  direction: messageDirection('direction').notNull(),
  status: messageStatus('status').notNull(),
  /** A failed message's Meta error code (null when it had none, or it did not fail). */
  failureCode: integer('failure_code'),
  /** A failed message's error title (null unless failed). */
  failureTitle: text('failure_title'),
  /** An outbound message's pricing category, once Meta reported one. */
  pricingCategory: text('pricing_category'),
});

/** How many messages have each key, up to the last compaction. */
export const messageStats = pgTable(
  'message_stats',
  {
    ...statsKey(),
    count: bigint('count', { mode: 'number' }).notNull(),
  },
  (t) => [
    unique('message_stats_key')
      .on(
        t.organizationId,
        t.day,
        t.accountId,
        t.direction,
        t.status,
        t.failureCode,
        t.failureTitle,
        t.pricingCategory,
      )
      .nullsNotDistinct(),
  ],
);

/** Changes to the counts since the last compaction: +n and -n per key, per writing statement. */
export const messageStatsChanges = pgTable('message_stats_changes', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  ...statsKey(),
  delta: bigint('delta', { mode: 'number' }).notNull(),
});

/** Columns of the key, in SQL, in the order of `message_stats_key`. */
export const STATS_KEY_COLUMNS = sql.raw(
  'organization_id, day, account_id, direction, status, failure_code, failure_title, pricing_category',
);
