// Owned by the webhooks feature: the durable inbox of Meta's deliveries.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea } from '../database/columns.js';
import { type MetaWebhookPayload } from './meta-webhook.types.js';

/**
 * The durable webhook inbox: every signed delivery is stored before Meta gets its 200, then
 * applied. Unapplied rows are picked up again (SKIP LOCKED) after a crash or on another instance.
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The account whose URL received it, when the per-account URL was used. */
    accountId: uuid('account_id'),
    /**
     * A JSON object, as Meta sent it (signed, so trusted for where it comes from, never for its
     * shape: the processor checks each part before reading it).
     */
    payload: jsonb('payload').$type<MetaWebhookPayload>().notNull(),
    /**
     * The exact bytes Meta sent, kept only when `payload` had to be sanitised to be stored
     * (jsonb refuses U+0000 and lone surrogates).
     */
    rawBody: bytea('raw_body'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    /** When the sweep job may (re)try an unapplied event: after a grace period, then backing off. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
  },
  (t) => [
    index('webhook_events_pending_idx')
      .on(t.nextAttemptAt)
      .where(sql`processed_at IS NULL`),
    // Applied events age out (WEBHOOK_RETENTION_DAYS), oldest first.
    index('webhook_events_applied_idx')
      .on(t.processedAt)
      .where(sql`processed_at IS NOT NULL`),
  ],
);

export type WebhookEvent = typeof webhookEvents.$inferSelect;
