import { Injectable } from '@nestjs/common';
import { and, eq, sql } from 'drizzle-orm';
import { type Executor } from '../database/database.js';
import { type MessageTemplate, messageTemplates } from '../database/schema.js';

/**
 * Template status changes reported by Meta's `message_template_status_update` webhook.
 * Lives here until the templates feature (templates/, in progress elsewhere) owns a method for
 * it; then this moves into TemplatesRepository. Every query carries the organization.
 */
@Injectable()
export class TemplateStatusRepository {
  /** Updates the local copy of one template; returns the rows changed (none when not synced yet). */
  updateStatus(
    organizationId: string,
    wabaId: string,
    metaTemplateId: string,
    changes: { status?: string; statusReason: string | null },
    executor: Executor,
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
}
