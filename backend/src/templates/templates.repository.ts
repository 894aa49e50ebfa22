import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, ilike, inArray, notInArray, sql } from 'drizzle-orm';
import { type Database, type Executor } from '../database/database.js';
import { DATABASE } from '../database/database.module.js';
import { type MessageTemplate, messageTemplates } from './templates.schema.js';

export type TemplateRow = typeof messageTemplates.$inferInsert;

/** The local copy of each business account's templates; every query carries the organization. */
@Injectable()
export class TemplatesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async find(
    organizationId: string,
    wabaId: string,
    name: string,
    language: string,
  ): Promise<MessageTemplate | undefined> {
    const [row] = await this.db
      .select()
      .from(messageTemplates)
      .where(
        and(
          eq(messageTemplates.organizationId, organizationId),
          eq(messageTemplates.wabaId, wabaId),
          eq(messageTemplates.name, name),
          eq(messageTemplates.language, language),
        ),
      );
    return row;
  }

  async findById(organizationId: string, id: string): Promise<MessageTemplate | undefined> {
    const [row] = await this.db
      .select()
      .from(messageTemplates)
      .where(and(eq(messageTemplates.organizationId, organizationId), eq(messageTemplates.id, id)));
    return row;
  }

  /** Every language of a template name in one business account. */
  listByName(organizationId: string, wabaId: string, name: string): Promise<MessageTemplate[]> {
    return this.db
      .select()
      .from(messageTemplates)
      .where(
        and(
          eq(messageTemplates.organizationId, organizationId),
          eq(messageTemplates.wabaId, wabaId),
          eq(messageTemplates.name, name),
        ),
      )
      .orderBy(asc(messageTemplates.language));
  }

  listForAccount(
    organizationId: string,
    wabaId: string,
    filters: { status?: string; category?: string; language?: string; q?: string } = {},
  ): Promise<MessageTemplate[]> {
    const escaped = filters.q?.replace(/[\\%_]/g, (c) => `\\${c}`);
    return this.db
      .select()
      .from(messageTemplates)
      .where(
        and(
          eq(messageTemplates.organizationId, organizationId),
          eq(messageTemplates.wabaId, wabaId),
          filters.status ? eq(messageTemplates.status, filters.status) : undefined,
          filters.category ? eq(messageTemplates.category, filters.category) : undefined,
          filters.language ? eq(messageTemplates.language, filters.language) : undefined,
          escaped ? ilike(messageTemplates.name, `%${escaped}%`) : undefined,
        ),
      )
      .orderBy(asc(messageTemplates.name), asc(messageTemplates.language));
  }

  /** Whether the organization has any copy of the business account's templates. */
  async hasAny(organizationId: string, wabaId: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: messageTemplates.id })
      .from(messageTemplates)
      .where(
        and(
          eq(messageTemplates.organizationId, organizationId),
          eq(messageTemplates.wabaId, wabaId),
        ),
      )
      .limit(1);
    return row !== undefined;
  }

  /** Changes of one template by our id; returns it afterwards. */
  async update(
    organizationId: string,
    id: string,
    changes: Partial<TemplateRow>,
    executor: Executor = this.db,
  ): Promise<MessageTemplate | undefined> {
    const [row] = await executor
      .update(messageTemplates)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(and(eq(messageTemplates.organizationId, organizationId), eq(messageTemplates.id, id)))
      .returning();
    return row;
  }

  /**
   * A change Meta reported (webhook) on the local copy of one template, by Meta's id; returns
   * the rows changed (none when it was never synced).
   */
  applyMetaChange(
    organizationId: string,
    wabaId: string,
    metaTemplateId: string,
    changes: Partial<TemplateRow>,
    executor: Executor = this.db,
  ): Promise<MessageTemplate[]> {
    return executor
      .update(messageTemplates)
      .set({ ...changes, lastMetaUpdateAt: sql`now()`, updatedAt: sql`now()` })
      .where(
        and(
          eq(messageTemplates.organizationId, organizationId),
          eq(messageTemplates.wabaId, wabaId),
          eq(messageTemplates.metaTemplateId, metaTemplateId),
        ),
      )
      .returning();
  }

  async deleteByIds(organizationId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .delete(messageTemplates)
      .where(
        and(eq(messageTemplates.organizationId, organizationId), inArray(messageTemplates.id, ids)),
      );
  }

  /** Drops the copies of templates Meta no longer has (a sync saw every one it has). */
  async deleteMissing(
    organizationId: string,
    wabaId: string,
    metaTemplateIds: string[],
  ): Promise<void> {
    await this.db
      .delete(messageTemplates)
      .where(
        and(
          eq(messageTemplates.organizationId, organizationId),
          eq(messageTemplates.wabaId, wabaId),
          metaTemplateIds.length > 0
            ? notInArray(messageTemplates.metaTemplateId, metaTemplateIds)
            : undefined,
        ),
      );
  }

  /** Replaces the stored copy of these templates (one business account's sync, or a create). */
  async upsertMany(rows: TemplateRow[]): Promise<MessageTemplate[]> {
    if (rows.length === 0) return [];
    return this.db
      .insert(messageTemplates)
      .values(rows)
      .onConflictDoUpdate({
        target: [
          messageTemplates.organizationId,
          messageTemplates.wabaId,
          messageTemplates.name,
          messageTemplates.language,
        ],
        set: {
          metaTemplateId: sql`excluded.meta_template_id`,
          category: sql`excluded.category`,
          status: sql`excluded.status`,
          components: sql`excluded.components`,
          qualityRating: sql`coalesce(excluded.quality_rating, ${messageTemplates.qualityRating})`,
          // Meta lists the reason of a rejection only; another status's reason (from its
          // webhook) stays while the status does.
          statusReason: sql`case
            when excluded.status_reason is not null then excluded.status_reason
            when excluded.status = ${messageTemplates.status} then ${messageTemplates.statusReason}
          end`,
          syncedAt: sql`now()`,
          updatedAt: sql`now()`,
        },
      })
      .returning();
  }
}
