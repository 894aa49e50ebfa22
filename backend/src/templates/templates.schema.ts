// Owned by the templates feature: the local copy of each business account's templates.
// Other features read and update them through TemplateCatalog and TemplatesService.
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { updatedAt } from '../database/columns.js';
import { organizations } from '../users/users.schema.js';
import { type TemplateComponent } from '../whatsapp/graph-api.types.js';

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
    components: jsonb('components').$type<TemplateComponent[]>().notNull(),
    /** Why Meta rejected, paused or disabled it, from the status webhook. */
    statusReason: text('status_reason'),
    /** Meta's quality score (GREEN, YELLOW, RED, UNKNOWN); null until Meta rates it. */
    qualityRating: text('quality_rating'),
    /** The category Meta moved it from (`template_category_update`). */
    previousCategory: text('previous_category'),
    /** A category change Meta announced and the time it takes effect. */
    upcomingCategory: text('upcoming_category'),
    upcomingCategoryAt: timestamp('upcoming_category_at', { withTimezone: true }),
    /** When it was edited while approved: Meta allows 10 such edits in 30 days, one per 24 hours. */
    approvedEdits: jsonb('approved_edits').$type<string[]>().notNull().default([]),
    /** When Meta last reported a change (webhook) or we last changed it there. */
    lastMetaUpdateAt: timestamp('last_meta_update_at', { withTimezone: true }),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('message_templates_unique').on(t.organizationId, t.wabaId, t.name, t.language),
    index('message_templates_meta_idx').on(t.metaTemplateId),
  ],
);

export type MessageTemplate = typeof messageTemplates.$inferSelect;
