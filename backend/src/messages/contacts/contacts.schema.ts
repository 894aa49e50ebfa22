// Owned by the messages feature, behind ContactsService (contacts become a feature of their own
// later): the people a business talks to.
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { whatsappAccounts } from '../../accounts/accounts.schema.js';
import { createdAt, updatedAt } from '../../database/columns.js';
import { organizations } from '../../users/users.schema.js';

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

export type Contact = typeof contacts.$inferSelect;
