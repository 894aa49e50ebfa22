// Owned by the auth feature: the refresh tokens of sessions.
import { index, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from '../database/columns.js';
import { users } from '../users/users.schema.js';

/**
 * One row per issued refresh token. Rotation marks the old row `replaced_at`; presenting a
 * replaced or revoked token again revokes its whole family (every token descended from one login).
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    familyId: uuid('family_id').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    replacedAt: timestamp('replaced_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('refresh_tokens_family_idx').on(t.familyId),
    index('refresh_tokens_user_idx').on(t.userId),
  ],
);

export type RefreshToken = typeof refreshTokens.$inferSelect;
