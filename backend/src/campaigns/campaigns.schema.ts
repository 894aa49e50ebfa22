// Owned by the campaigns feature: campaigns and one row per recipient with its own state.
// Other features reach them through CampaignsService.
import { CAMPAIGN_STATES, type HeaderMedia, RECIPIENT_STATES } from '@convis/contracts';
import { sql } from 'drizzle-orm';
import {
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
import { whatsappAccounts } from '../accounts/accounts.schema.js';
import { createdAt, updatedAt } from '../database/columns.js';
import { organizations, users } from '../users/users.schema.js';

export const campaignState = pgEnum('campaign_state', CAMPAIGN_STATES);
export const recipientState = pgEnum('campaign_recipient_state', RECIPIENT_STATES);

/** Who paused a campaign: a person, or the service on Meta's word (resumed when that clears). */
export type PauseCause = 'user' | 'template' | 'account' | 'spam_limit';

/** A recipient's error: Meta's code and the plain-language reason. */
export interface RecipientError {
  readonly code: number | null;
  readonly title: string;
  readonly reason: string;
}

export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id').references(() => whatsappAccounts.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    templateName: text('template_name').notNull(),
    templateLanguage: text('template_language').notNull(),
    /** Meta's category when the campaign was made (consent rules and the cost estimate). */
    templateCategory: text('template_category').notNull(),
    /** Values every recipient gets unless their own row has one (by variable key). */
    variables: jsonb('variables').$type<Record<string, string>>().notNull().default({}),
    headerMedia: jsonb('header_media').$type<HeaderMedia>(),
    state: campaignState('state').notNull().default('draft'),
    /** Why it is paused or stopped, in plain language. */
    stateReason: text('state_reason'),
    pausedBy: text('paused_by').$type<PauseCause>(),
    /** The campaign's own cap in messages per second (below the number's throughput). */
    ratePerSecond: integer('rate_per_second'),
    sendAt: timestamp('send_at', { withTimezone: true }),
    timeZone: text('time_zone'),
    /** Recipients sent to Meta again after a 131049 until this time. */
    limitedDeadline: timestamp('limited_deadline', { withTimezone: true }),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    launchedAt: timestamp('launched_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('campaigns_organization_created_idx').on(t.organizationId, t.createdAt, t.id),
    index('campaigns_state_idx').on(t.state),
  ],
);

export const campaignRecipients = pgTable(
  'campaign_recipients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').notNull(),
    /** Order of the audience: sends go out in this order. */
    seq: integer('seq').notNull(),
    /** `+` and digits, or a business-scoped user id; unique in its campaign. */
    address: text('address').notNull(),
    /** The line of the CSV (or the index of the row) it came from, for the report. */
    sourceLine: integer('source_line'),
    variables: jsonb('variables').$type<Record<string, string>>().notNull().default({}),
    state: recipientState('state').notNull().default('pending'),
    skipReason: text('skip_reason'),
    error: jsonb('error').$type<RecipientError>(),
    /** The message of the latest attempt; its status timeline is the message's. */
    messageId: uuid('message_id'),
    contactId: uuid('contact_id'),
    attempts: integer('attempts').notNull().default(0),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    readAt: timestamp('read_at', { withTimezone: true }),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    /** Limited by Meta (131049): when it is tried again. */
    retryAt: timestamp('retry_at', { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [
    // A number is in a campaign once; the skipped rows of the report (duplicates too) are not counted.
    uniqueIndex('campaign_recipients_address_unique')
      .on(t.campaignId, t.address)
      .where(sql`state <> 'skipped'`),
    index('campaign_recipients_seq_idx').on(t.campaignId, t.seq),
    index('campaign_recipients_state_idx').on(t.campaignId, t.state, t.seq),
    index('campaign_recipients_message_idx').on(t.messageId),
    index('campaign_recipients_contact_idx').on(t.organizationId, t.contactId),
  ],
);

export type Campaign = typeof campaigns.$inferSelect;
export type NewCampaign = typeof campaigns.$inferInsert;
export type CampaignRecipient = typeof campaignRecipients.$inferSelect;
export type NewCampaignRecipient = typeof campaignRecipients.$inferInsert;
