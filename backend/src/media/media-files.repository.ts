import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Database, type Executor } from '../database/database.js';
import { DATABASE } from '../database/database.module.js';
import { type MediaFile, mediaFiles } from './media.schema.js';

export interface NewInboundMedia {
  readonly organizationId: string;
  readonly messageId: string;
  readonly metaMediaId: string;
  readonly mimeType: string | null;
  readonly sha256: string | null;
  readonly filename: string | null;
}

/** The media_files table; every query carries the organization, except the list of pending files at start. */
@Injectable()
export class MediaFilesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** A pending file to download; undefined when this media id is known already. */
  async insertPending(
    values: NewInboundMedia,
    executor: Executor = this.db,
  ): Promise<MediaFile | undefined> {
    const [row] = await executor
      .insert(mediaFiles)
      .values({ ...values, status: 'pending' })
      .onConflictDoNothing()
      .returning();
    return row;
  }

  /**
   * A file the organization uploaded to Meta, stored under `id` (the caller put the bytes at
   * `storageKey` first); false when this media id is known already.
   */
  async insertUploaded(
    values: Pick<
      MediaFile,
      'id' | 'organizationId' | 'metaMediaId' | 'mimeType' | 'sha256' | 'fileSize' | 'filename'
    > & { storageKey: string },
  ): Promise<boolean> {
    const rows = await this.db
      .insert(mediaFiles)
      .values({ ...values, messageId: null, status: 'stored' })
      .onConflictDoNothing()
      .returning({ id: mediaFiles.id });
    return rows.length > 0;
  }

  /** The organization's files with these Meta media ids (uploads sent by id), in no particular order. */
  findByMetaIds(organizationId: string, metaMediaIds: readonly string[]): Promise<MediaFile[]> {
    return this.findWhereIn(organizationId, mediaFiles.metaMediaId, metaMediaIds);
  }

  /**
   * Marks up to `limit` files stored before `cutoff` expired, oldest first, and returns where
   * each was stored (the caller deletes them from the store once this has committed).
   */
  async expireStoredBefore(cutoff: Date, limit: number): Promise<Array<string | null>> {
    const result = await this.db.execute<{ storage_key: string | null }>(sql`
      WITH aged AS (
        SELECT id, storage_key FROM media_files
        WHERE status = 'stored' AND created_at < ${cutoff.toISOString()}::timestamptz
        ORDER BY created_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE media_files m
      SET status = 'expired', storage_key = NULL, updated_at = now()
      FROM aged
      WHERE m.id = aged.id
      RETURNING aged.storage_key`);
    return result.rows.map((row) => row.storage_key);
  }

  /** Deletes the media files of these messages; their storage keys (for the stored files). */
  async deleteByMessages(
    organizationId: string,
    messageIds: readonly string[],
    executor: Executor,
  ): Promise<{ storageKey: string | null }[]> {
    if (messageIds.length === 0) return [];
    return executor
      .delete(mediaFiles)
      .where(
        and(
          eq(mediaFiles.organizationId, organizationId),
          inArray(mediaFiles.messageId, [...messageIds]),
        ),
      )
      .returning({ storageKey: mediaFiles.storageKey });
  }

  async find(organizationId: string, id: string): Promise<MediaFile | undefined> {
    const [row] = await this.db
      .select()
      .from(mediaFiles)
      .where(and(eq(mediaFiles.organizationId, organizationId), eq(mediaFiles.id, id)));
    return row;
  }

  async findByMessage(organizationId: string, messageId: string): Promise<MediaFile | undefined> {
    const [row] = await this.db
      .select()
      .from(mediaFiles)
      .where(
        and(eq(mediaFiles.organizationId, organizationId), eq(mediaFiles.messageId, messageId)),
      );
    return row;
  }

  /** The media files of these messages (those that have one), in no particular order. */
  findByMessages(organizationId: string, messageIds: readonly string[]): Promise<MediaFile[]> {
    return this.findWhereIn(organizationId, mediaFiles.messageId, messageIds);
  }

  /** The organization's files whose `column` is one of `values`. */
  private findWhereIn(
    organizationId: string,
    column: typeof mediaFiles.messageId | typeof mediaFiles.metaMediaId,
    values: readonly string[],
  ): Promise<MediaFile[]> {
    if (values.length === 0) return Promise.resolve([]);
    return this.db
      .select()
      .from(mediaFiles)
      .where(and(eq(mediaFiles.organizationId, organizationId), inArray(column, [...values])));
  }

  /** Every pending file, across organizations (queued for download at start). */
  pending(): Promise<Pick<MediaFile, 'id' | 'organizationId'>[]> {
    return this.db
      .select({ id: mediaFiles.id, organizationId: mediaFiles.organizationId })
      .from(mediaFiles)
      .where(eq(mediaFiles.status, 'pending'))
      .orderBy(asc(mediaFiles.createdAt));
  }

  /**
   * A download attempt starts: counts it on the file and answers the row; undefined when the
   * file is no longer pending (stored, failed, erased), so there is nothing to do.
   */
  async startAttempt(organizationId: string, id: string): Promise<MediaFile | undefined> {
    const [row] = await this.db
      .update(mediaFiles)
      .set({ attempts: sql`${mediaFiles.attempts} + 1`, updatedAt: sql`now()` })
      .where(
        and(
          eq(mediaFiles.organizationId, organizationId),
          eq(mediaFiles.id, id),
          eq(mediaFiles.status, 'pending'),
        ),
      )
      .returning();
    return row;
  }

  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The file is in the media store; answers the updated row (undefined unless it was pending). */
  async markStored(
    organizationId: string,
    id: string,
    stored: {
      storageKey: string;
      mimeType: string | null;
      sha256: string | null;
      fileSize: number;
    },
    executor: Executor = this.db,
  ): Promise<MediaFile | undefined> {
    const [row] = await executor
      .update(mediaFiles)
      .set({ ...stored, status: 'stored', lastError: null, updatedAt: sql`now()` })
      .where(
        and(
          eq(mediaFiles.organizationId, organizationId),
          eq(mediaFiles.id, id),
          eq(mediaFiles.status, 'pending'),
        ),
      )
      .returning();
    return row;
  }

  /** An attempt failed and will be retried: keeps why. */
  async recordError(organizationId: string, id: string, error: string): Promise<void> {
    await this.db
      .update(mediaFiles)
      .set({ lastError: error, updatedAt: sql`now()` })
      .where(and(eq(mediaFiles.organizationId, organizationId), eq(mediaFiles.id, id)));
  }

  /** The download gave up; answers the updated row (undefined unless it was pending). */
  async markFailed(
    organizationId: string,
    id: string,
    error: string,
    executor: Executor = this.db,
  ): Promise<MediaFile | undefined> {
    const [row] = await executor
      .update(mediaFiles)
      .set({ status: 'failed', lastError: error, updatedAt: sql`now()` })
      .where(
        and(
          eq(mediaFiles.organizationId, organizationId),
          eq(mediaFiles.id, id),
          eq(mediaFiles.status, 'pending'),
        ),
      )
      .returning();
    return row;
  }
}
