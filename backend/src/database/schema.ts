// Drizzle schema: the source of the SQL migrations in backend/migrations (npm run db:generate -w backend).
// Kept free of relative imports so drizzle-kit can load it on its own.
// Every tenant-owned table carries organization_id; queries always filter by it.
import { sql } from 'drizzle-orm';
import {
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const userRole = pgEnum('user_role', ['admin', 'member']);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: userRole('role').notNull(),
    /** Tokens issued before this instant are refused (set when the password changes). */
    sessionsRevokedAt: timestamp('sessions_revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Login is by email alone, so an email is unique across all organizations.
    uniqueIndex('users_email_unique').on(sql`lower(${t.email})`),
    index('users_organization_idx').on(t.organizationId),
  ],
);

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

export const credentialStatus = pgEnum('credential_status', ['active', 'failing']);

/**
 * A connected WhatsApp Business phone number. The access token and app secret are stored
 * encrypted (see credentials/token-vault.ts); only their last four characters in clear.
 */
export const whatsappCredentials = pgTable(
  'whatsapp_credentials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    phoneNumberId: text('phone_number_id').notNull(),
    wabaId: text('waba_id').notNull(),
    accessTokenEncrypted: text('access_token_encrypted').notNull(),
    accessTokenLast4: text('access_token_last4').notNull(),
    appSecretEncrypted: text('app_secret_encrypted'),
    appSecretLast4: text('app_secret_last4'),
    /** Meta's webhook handshake token for this account: shown to the user to paste into Meta. */
    webhookVerifyToken: text('webhook_verify_token').notNull(),
    displayPhoneNumber: text('display_phone_number'),
    verifiedName: text('verified_name'),
    qualityRating: text('quality_rating'),
    throughputLevel: text('throughput_level'),
    messagingLimit: text('messaging_limit'),
    status: credentialStatus('status').notNull().default('active'),
    /** The checklist of the last verification, for showing why an account is failing. */
    lastCheck: jsonb('last_check'),
    lastVerifiedAt: timestamp('last_verified_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // A number's webhooks are routed by phone_number_id, so it can be connected once only.
    uniqueIndex('whatsapp_credentials_phone_number_unique').on(t.phoneNumberId),
    index('whatsapp_credentials_organization_idx').on(t.organizationId),
  ],
);

export type Organization = typeof organizations.$inferSelect;
export type User = typeof users.$inferSelect;
export type UserRole = (typeof userRole.enumValues)[number];
export type RefreshToken = typeof refreshTokens.$inferSelect;
export type WhatsAppCredential = typeof whatsappCredentials.$inferSelect;
