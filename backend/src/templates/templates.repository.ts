import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, sql } from 'drizzle-orm';
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

  listForAccount(organizationId: string, wabaId: string): Promise<MessageTemplate[]> {
    return this.db
      .select()
      .from(messageTemplates)
      .where(
        and(
          eq(messageTemplates.organizationId, organizationId),
          eq(messageTemplates.wabaId, wabaId),
        ),
      )
      .orderBy(asc(messageTemplates.name), asc(messageTemplates.language));
  }

  /**
   * A status change Meta reported (`message_template_status_update`) on the local copy of one
   * template; returns the rows changed (none when it was never synced).
   */
  updateStatus(
    organizationId: string,
    wabaId: string,
    metaTemplateId: string,
    changes: { status?: string; statusReason: string | null },
    executor: Executor = this.db,
  ): Promise<MessageTemplate[]> {
    return executor
      .update(messageTemplates)
      .set({
        ...(changes.status ? { status: changes.status } : {}),
        statusReason: changes.statusReason,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(messageTemplates.organizationId, organizationId),
          eq(messageTemplates.wabaId, wabaId),
          eq(messageTemplates.metaTemplateId, metaTemplateId),
        ),
      )
      .returning();
  }

  /** Replaces the stored copy of these templates (one business account's sync). */
  async upsertMany(rows: TemplateRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db
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
          syncedAt: sql`now()`,
          updatedAt: sql`now()`,
        },
      });
  }
}
