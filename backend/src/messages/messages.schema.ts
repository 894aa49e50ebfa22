// Owned by the messages feature: every message, its status timeline, and statuses that came
// before their message. Other features write and read them through MessagesService.
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
import { whatsappAccounts } from '../accounts/accounts.schema.js';
import { createdAt, updatedAt } from '../database/columns.js';
import { organizations, users } from '../users/users.schema.js';
import { type GraphErrorJson } from '../whatsapp/graph-api.error.js';
import { contacts } from '../contacts/contacts.schema.js';
import { type MetaErrorObject, type MetaStatus } from './meta-status.js';
import { type SendResult } from './send/send-result.js';
import { type SentTemplate } from './send/sent-template.js';

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

/** A JSON object as Meta defines it (pricing, conversation, message payloads). */
export type MetaObject = Readonly<Record<string, unknown>>;

/** Why a queued message was never handed to Meta (see `messages/cancelled-send.ts`). */
export interface CancelledSendError {
  readonly source: 'cancelled';
  readonly title: string;
  readonly message: string;
  readonly explanation: string;
  readonly fix: string;
  readonly retryable: false;
}

/**
 * The error kept with a message, in the shape of the path that wrote it (the history's
 * `toMessageError` reads them all):
 * - `send`: our call to the Graph API failed (`GraphApiError.toJSON()`);
 * - `webhook`: a `failed` status, Meta's error object;
 * - no source: an inbound message Meta could not pass on, its `errors[0]`;
 * - `cancelled`: still queued when its account was disconnected, never sent.
 */
export type MessageError =
  | (GraphErrorJson & { readonly source: 'send' })
  | (MetaErrorObject & { readonly source?: 'webhook' })
  | CancelledSendError;

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
    content: jsonb('content').$type<MetaObject>().notNull(),
    /** Plain text for search and previews: body, caption, filename, a template's filled-in body. */
    previewText: text('preview_text').notNull().default(''),
    /** A template as the customer received it (variables filled in), kept when it was sent. */
    sentTemplate: jsonb('sent_template').$type<SentTemplate>(),
    status: messageStatus('status').notNull(),
    /** Meta's error (code, title, details, explanation) when failed. */
    error: jsonb('error').$type<MessageError>(),
    pricing: jsonb('pricing').$type<MetaObject>(),
    conversation: jsonb('conversation').$type<MetaObject>(),
    /** wamid of the message this one replies to. */
    contextWaMessageId: text('context_wa_message_id'),
    idempotencyKey: text('idempotency_key'),
    /** Hash of the request an Idempotency-Key was first used with. */
    requestHash: text('request_hash'),
    /**
     * What the send endpoint first answered (the message, or Meta's error), for sends with an
     * Idempotency-Key: a retry gets exactly this again, whatever happened to the message since.
     */
    sendResult: jsonb('send_result').$type<SendResult>(),
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
    // `q` in the history is a substring search (ILIKE '%…%'): trigrams answer it from an index.
    index('messages_preview_trgm_idx').using('gin', t.previewText.op('gin_trgm_ops')),
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
    errors: jsonb('errors').$type<MetaErrorObject[]>(),
    pricing: jsonb('pricing').$type<MetaObject>(),
    conversation: jsonb('conversation').$type<MetaObject>(),
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
    payload: jsonb('payload').$type<MetaStatus>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('orphan_statuses_once').on(t.waMessageId, t.status),
    index('orphan_statuses_callback_idx').on(t.callbackData),
  ],
);

export type Message = typeof messages.$inferSelect;
export type MessageStatus = (typeof messageStatus.enumValues)[number];
export type MessageStatusEvent = typeof messageStatusEvents.$inferSelect;
