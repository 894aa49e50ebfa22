// Owned by the media feature: inbound media and their downloads.
import { sql } from 'drizzle-orm';
import { index, integer, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../database/columns.js';
import { messages } from '../messages/messages.schema.js';
import { organizations } from '../users/users.schema.js';

/** `expired`: stored, then removed after MEDIA_RETENTION_DAYS (the message itself stays). */
export const mediaStatus = pgEnum('media_status', ['pending', 'stored', 'failed', 'expired']);

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
    /** Download attempts so far (each pg-boss run of the file's job counts one). */
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('media_files_meta_unique').on(t.organizationId, t.metaMediaId),
    // The media of a thread's messages (GET /api/whatsapp/media?message_id=…).
    index('media_files_message_idx').on(t.messageId),
    // Pending files, queued for download at start if they have no job yet.
    index('media_files_pending_idx')
      .on(t.createdAt)
      .where(sql`status = 'pending'`),
    // Stored files age out (MEDIA_RETENTION_DAYS), oldest first.
    index('media_files_stored_idx')
      .on(t.createdAt)
      .where(sql`status = 'stored'`),
  ],
);

export type MediaFile = typeof mediaFiles.$inferSelect;
