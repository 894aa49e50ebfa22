// Owned by the contacts feature: the people a business talks to, their marketing consent and its
// history, and each organization's consent keywords. Other features go through ContactsService
// and ConsentService.
import { CONSENT_SOURCES, CONSENT_STATES } from '@convis/contracts';
import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { whatsappAccounts } from '../accounts/accounts.schema.js';
import { createdAt, updatedAt } from '../database/columns.js';
import { organizations, users } from '../users/users.schema.js';

/** Marketing consent: `unknown` until the contact opts in or out (Meta's default is subscribed). */
export const consentState = pgEnum('consent_state', CONSENT_STATES);

/**
 * Where a consent change came from: Meta's `user_preferences` webhook (`meta_preferences`), a
 * keyword in the contact's message, an agent in the console, Meta refusing a marketing template
 * with 131050 (`meta_131050`), the API (an opt-in collected elsewhere), or a CSV import.
 */
export const consentSource = pgEnum('consent_source', CONSENT_SOURCES);

/**
 * A person the business talks to on one of its numbers. Keyed by the business number and the
 * contact's WhatsApp id; for 2026 "username" users without a phone number, their business-scoped
 * user id stands in, so `contact_key` is `wa_id || user_id`
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/bsuid).
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
    /** The WhatsApp username (`profile.username`), when Meta sends one. */
    username: text('username'),
    /** The name the contact gave WhatsApp (refreshed by every inbound message). */
    profileName: text('profile_name'),
    /** The name the business gave the contact (console, API, import); never overwritten by Meta. */
    name: text('name'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Custom attributes (template variables), text values by name. */
    attributes: jsonb('attributes').$type<Record<string, string>>().notNull().default({}),
    /** Marketing consent on this business number; its history is in `consent_events`. */
    consentState: consentState('consent_state').notNull().default('unknown'),
    consentChangedAt: timestamp('consent_changed_at', { withTimezone: true }),
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
    // The Inbox's unread conversations (the console's badge and tab title count them on every
    // inbound message): only unread contacts are in it, so counting them never reads the rest.
    index('contacts_unread_idx')
      .on(t.organizationId, t.lastMessageAt)
      .where(sql`unread_count > 0`),
    // The contacts list: newest first, keyset by (created_at, id).
    index('contacts_list_idx').on(t.organizationId, t.createdAt, t.id),
    // Search by any part of the number (digits) or of a name: trigram indexes serve `LIKE '%…%'`.
    index('contacts_wa_id_trgm_idx').using('gin', sql`${t.waId} gin_trgm_ops`),
    index('contacts_names_trgm_idx').using(
      'gin',
      sql`(coalesce(${t.name}, '') || ' ' || coalesce(${t.profileName}, '')) gin_trgm_ops`,
    ),
    index('contacts_tags_idx').using('gin', t.tags),
  ],
);

/** Every consent change of a contact: what, when, from where, and the words behind it. */
export const consentEvents = pgTable(
  'consent_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    state: consentState('state').notNull(),
    source: consentSource('source').notNull(),
    /**
     * The words behind it: the keyword the contact sent, Meta's `detail`, the wording shown to the
     * user when they opted in, or the agent's note.
     */
    detail: text('detail'),
    /** The agent, for `agent` changes. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('consent_events_contact_idx').on(t.contactId, t.occurredAt)],
);

/** Each organization's consent keywords and confirmation replies (defaults until changed). */
export const consentSettings = pgTable(
  'consent_settings',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    optOutKeywords: text('opt_out_keywords').array().notNull(),
    optInKeywords: text('opt_in_keywords').array().notNull(),
    /** Whether a keyword gets a confirmation reply (inside the window the keyword opened). */
    confirmationEnabled: boolean('confirmation_enabled').notNull().default(false),
    optOutReply: text('opt_out_reply').notNull(),
    optInReply: text('opt_in_reply').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId] })],
);

export type Contact = typeof contacts.$inferSelect;
export type ConsentEvent = typeof consentEvents.$inferSelect;
export type ConsentSettings = typeof consentSettings.$inferSelect;
export type ConsentState = (typeof consentState.enumValues)[number];
export type ConsentSource = (typeof consentSource.enumValues)[number];
