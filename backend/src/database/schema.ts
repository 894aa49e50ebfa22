// Drizzle schema: the source of the SQL migrations in backend/migrations (npm run db:generate -w backend).
// Kept free of relative imports so drizzle-kit can load it on its own.
// Every tenant-owned table carries organization_id; queries always filter by it.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** Binary column (drizzle has no built-in bytea). */
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

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
    /**
     * Every token carries the generation it was issued under; raising it (password change or
     * reset, role change) ends every session issued before, even within the same second.
     */
    sessionGeneration: integer('session_generation').notNull().default(0),
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
    lastCheck: jsonb('last_check'),
    lastVerifiedAt: timestamp('last_verified_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // A number's webhooks are routed by phone_number_id, so it can be connected once only.
    uniqueIndex('whatsapp_accounts_phone_number_unique').on(t.phoneNumberId),
    index('whatsapp_accounts_organization_idx').on(t.organizationId),
  ],
);

/**
 * A person the business talks to on one of its numbers. Keyed by the business number and the
 * contact's WhatsApp id; for 2026 "username" users without a phone number, their business-scoped
 * user id stands in (see the fact sheet §9), so `contact_key` is `wa_id || user_id`.
 */
export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** The business number; kept when its account is disconnected, so history stays readable. */
    phoneNumberId: text('phone_number_id').notNull(),
    accountId: uuid('account_id').references(() => whatsappAccounts.id, {
      onDelete: 'set null',
    }),
    contactKey: text('contact_key').notNull(),
    /** Phone-number WhatsApp id (digits); empty for username users. */
    waId: text('wa_id').notNull().default(''),
    /** Business-scoped user id (BSUID), when Meta sends one. */
    userId: text('user_id'),
    profileName: text('profile_name'),
    /** Opens the 24-hour customer service window. */
    lastInboundAt: timestamp('last_inbound_at', { withTimezone: true }),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
    unreadCount: integer('unread_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('contacts_number_key_unique').on(t.organizationId, t.phoneNumberId, t.contactKey),
    index('contacts_recent_idx').on(t.organizationId, t.lastMessageAt),
  ],
);

export const messageDirection = pgEnum('message_direction', ['in', 'out']);
/**
 * Outbound: queued -> sent -> delivered -> read (played for voice); failed is terminal.
 * Inbound messages are `received` (and `read` once the business marked them read).
 */
export const messageStatus = pgEnum('message_status', [
  'queued',
  'sent',
  'delivered',
  'read',
  'played',
  'failed',
  'received',
]);

/** Every message sent or received, once. Outbound rows exist before Meta is called. */
export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id').references(() => whatsappAccounts.id, {
      onDelete: 'set null',
    }),
    phoneNumberId: text('phone_number_id').notNull(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    direction: messageDirection('direction').notNull(),
    /** Meta's id (wamid); null while queued or when the send failed before Meta accepted it. */
    waMessageId: text('wa_message_id'),
    /** Business number (display form) for outbound, the contact for inbound. */
    fromAddress: text('from_address').notNull(),
    toAddress: text('to_address').notNull(),
    messageType: text('message_type').notNull(),
    /** What was sent (the Graph API payload object) or received (Meta's message object). */
    content: jsonb('content').notNull(),
    /** Plain text for search and previews: body, caption, filename, template name. */
    previewText: text('preview_text').notNull().default(''),
    status: messageStatus('status').notNull(),
    /** Meta's error (code, title, details, explanation) when failed. */
    error: jsonb('error'),
    pricing: jsonb('pricing'),
    conversation: jsonb('conversation'),
    /** wamid of the message this one replies to. */
    contextWaMessageId: text('context_wa_message_id'),
    idempotencyKey: text('idempotency_key'),
    /** Hash of the request an Idempotency-Key was first used with. */
    requestHash: text('request_hash'),
    campaignId: uuid('campaign_id'),
    sentByUserId: uuid('sent_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    readAt: timestamp('read_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    /** Meta's timestamp of an inbound message. */
    receivedAt: timestamp('received_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Meta redelivers webhooks: one row per wamid, whatever arrives twice.
    uniqueIndex('messages_wa_message_id_unique').on(t.waMessageId),
    uniqueIndex('messages_idempotency_unique').on(t.organizationId, t.idempotencyKey),
    index('messages_history_idx').on(t.organizationId, t.createdAt, t.id),
    index('messages_contact_idx').on(t.contactId, t.createdAt),
    index('messages_status_idx').on(t.organizationId, t.status),
    index('messages_campaign_idx').on(t.campaignId),
  ],
);

/** The timeline of a message: each status once, with Meta's timestamp, pricing and errors. */
export const messageStatusEvents = pgTable(
  'message_status_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    status: messageStatus('status').notNull(),
    /** Meta's timestamp of the status (or ours for queued/sent-by-API). */
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    errors: jsonb('errors'),
    pricing: jsonb('pricing'),
    conversation: jsonb('conversation'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('message_status_events_once').on(t.messageId, t.status)],
);

/**
 * Statuses for a wamid we have no message for yet (sent by another tool, or arriving before
 * our own write finished). Applied and removed when the message appears.
 */
export const orphanStatuses = pgTable(
  'orphan_statuses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    waMessageId: text('wa_message_id').notNull(),
    /** Our message id, echoed by Meta as biz_opaque_callback_data. */
    callbackData: text('callback_data'),
    status: messageStatus('status').notNull(),
    /** Meta's status object as received. */
    payload: jsonb('payload').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('orphan_statuses_once').on(t.waMessageId, t.status),
    index('orphan_statuses_callback_idx').on(t.callbackData),
  ],
);

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
    payload: jsonb('payload').notNull(),
    /**
     * The exact bytes Meta sent, kept only when `payload` had to be sanitised to be stored
     * (jsonb refuses U+0000 and lone surrogates).
     */
    rawBody: bytea('raw_body'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    /** When the sweeper may (re)try an unapplied event: after a grace period, then backing off. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
  },
  (t) => [
    index('webhook_events_pending_idx')
      .on(t.nextAttemptAt)
      .where(sql`processed_at IS NULL`),
  ],
);

export const mediaStatus = pgEnum('media_status', ['pending', 'stored', 'failed']);

/** Media of inbound messages, downloaded in the background into the media store. */
export const mediaFiles = pgTable(
  'media_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'cascade' }),
    /** Meta's media id (inbound ids can be downloaded for 7 days). */
    metaMediaId: text('meta_media_id').notNull(),
    mimeType: text('mime_type'),
    sha256: text('sha256'),
    fileSize: integer('file_size'),
    filename: text('filename'),
    /** Path inside the media store, once stored. */
    storageKey: text('storage_key'),
    status: mediaStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('media_files_meta_unique').on(t.organizationId, t.metaMediaId),
    // The media of a thread's messages (GET /api/whatsapp/media?message_id=…).
    index('media_files_message_idx').on(t.messageId),
    index('media_files_pending_idx')
      .on(t.nextAttemptAt)
      .where(sql`status = 'pending'`),
  ],
);

/** Templates of a business account, as last synced from Meta (or updated by webhooks). */
export const messageTemplates = pgTable(
  'message_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    wabaId: text('waba_id').notNull(),
    metaTemplateId: text('meta_template_id').notNull(),
    name: text('name').notNull(),
    language: text('language').notNull(),
    category: text('category').notNull(),
    status: text('status').notNull(),
    components: jsonb('components').notNull(),
    /** Why Meta rejected, paused or disabled it, from the status webhook. */
    statusReason: text('status_reason'),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('message_templates_unique').on(t.organizationId, t.wabaId, t.name, t.language),
    index('message_templates_meta_idx').on(t.metaTemplateId),
  ],
);

export type Organization = typeof organizations.$inferSelect;
export type User = typeof users.$inferSelect;
export type UserRole = (typeof userRole.enumValues)[number];
export type RefreshToken = typeof refreshTokens.$inferSelect;
export type WhatsAppAccount = typeof whatsappAccounts.$inferSelect;
export type Contact = typeof contacts.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type MessageStatus = (typeof messageStatus.enumValues)[number];
export type MessageStatusEvent = typeof messageStatusEvents.$inferSelect;
export type WebhookEvent = typeof webhookEvents.$inferSelect;
export type MediaFile = typeof mediaFiles.$inferSelect;
export type MessageTemplate = typeof messageTemplates.$inferSelect;
