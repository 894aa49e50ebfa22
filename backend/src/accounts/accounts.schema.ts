// Owned by the accounts feature: connected WhatsApp numbers and their encrypted secrets.
// Other features read them through AccountsService.
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
import { createdAt, updatedAt } from '../database/columns.js';
import { organizations } from '../users/users.schema.js';
import { type ConnectionTestResult } from '../whatsapp/whatsapp.service.js';

export const accountStatus = pgEnum('account_status', ['active', 'failing']);

/**
 * A connected WhatsApp Business phone number. The access token and app secret are stored
 * encrypted (see accounts/token-vault.ts); only their last four characters in clear.
 */
export const whatsappAccounts = pgTable(
  'whatsapp_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    phoneNumberId: text('phone_number_id').notNull(),
    wabaId: text('waba_id').notNull(),
    /** The Meta app of the access token; templates' sample media are uploaded through it. */
    appId: text('app_id'),
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
    status: accountStatus('status').notNull().default('active'),
    /** The checklist of the last verification, for showing why an account is failing. */
    lastCheck: jsonb('last_check').$type<ConnectionTestResult>(),
    lastVerifiedAt: timestamp('last_verified_at', { withTimezone: true }),
    /**
     * When Meta's webhooks last reached this account (see AccountsService.recordWebhooks):
     * written after the delivery was applied, at most once a minute per instance, never by the
     * intake itself. Null until the first one.
     */
    lastWebhookAt: timestamp('last_webhook_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // A number's webhooks are routed by phone_number_id, so it can be connected once only.
    uniqueIndex('whatsapp_accounts_phone_number_unique').on(t.phoneNumberId),
    index('whatsapp_accounts_organization_idx').on(t.organizationId),
  ],
);

export type WhatsAppAccount = typeof whatsappAccounts.$inferSelect;
