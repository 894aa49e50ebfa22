import { Injectable } from '@nestjs/common';
import { type MessageTemplate } from './templates.schema.js';
import { WhatsAppService } from '../whatsapp/whatsapp.service.js';
import { TemplatesRepository } from './templates.repository.js';

/**
 * Knows the templates of a business account. Reads the local copy, and refreshes it from Meta
 * when a template is missing or not approved there (it may have been created or approved since).
 */
@Injectable()
export class TemplateCatalog {
  constructor(
    private readonly templates: TemplatesRepository,
    private readonly whatsapp: WhatsAppService,
  ) {}

  async find(
    account: { organizationId: string; wabaId: string; accessToken: string },
    name: string,
    language: string,
  ): Promise<MessageTemplate | undefined> {
    const cached = await this.templates.find(
      account.organizationId,
      account.wabaId,
      name,
      language,
    );
    if (cached?.status === 'APPROVED') return cached;
    await this.sync(account);
    return this.templates.find(account.organizationId, account.wabaId, name, language);
  }

  /** The local copy alone (kept current by Meta's template webhooks): no call to Meta. */
  stored(
    organizationId: string,
    wabaId: string,
    name: string,
    language: string,
  ): Promise<MessageTemplate | undefined> {
    return this.templates.find(organizationId, wabaId, name, language);
  }

  /** Copies every template of the business account from Meta. */
  async sync(account: {
    organizationId: string;
    wabaId: string;
    accessToken: string;
  }): Promise<number> {
    const all = await this.whatsapp.listAllTemplates(account.accessToken, account.wabaId);
    await this.templates.upsertMany(
      all.map((t) => ({
        qualityRating: qualityOf(t['quality_score']),
        statusReason: typeof t['rejected_reason'] === 'string' ? t['rejected_reason'] : null,
        organizationId: account.organizationId,
        wabaId: account.wabaId,
        metaTemplateId: t.id,
        name: t.name,
        language: t.language,
        category: t.category,
        status: t.status,
        components: t.components,
      })),
    );
    // Templates deleted at Meta (in WhatsApp Manager, say) go here too.
    await this.templates.deleteMissing(
      account.organizationId,
      account.wabaId,
      all.map((t) => t.id),
    );
    return all.length;
  }
}

/** Meta's `quality_score: {score}` of a listed template, when it has one. */
function qualityOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const score = (value as { score?: unknown }).score;
  return typeof score === 'string' ? score : null;
}
