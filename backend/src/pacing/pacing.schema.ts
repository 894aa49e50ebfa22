// Owned by the pacing feature: when each phone number (and each capped campaign) may send next.
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per pacing key (`number:<phone_number_id>`, `campaign:<id>`): the earliest time the
 * next message may go. Every instance takes its slots here, so the rate holds across them.
 */
export const sendPacing = pgTable('send_pacing', {
  key: text('key').primaryKey(),
  nextAt: timestamp('next_at', { withTimezone: true }).notNull(),
});
