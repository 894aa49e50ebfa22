import { Injectable, Logger } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service.js';
import { type Executor } from '../database/database.js';
import { type WhatsAppAccount } from '../accounts/accounts.schema.js';
import { EventsService } from '../events/events.service.js';
import {
  type MetaQualityValue,
  type MetaTemplateCategoryValue,
  type MetaTemplateQualityValue,
  type MetaTemplateStatusValue,
} from './meta-webhook.types.js';
import { type TemplateMetaChange, TemplatesService } from '../templates/templates.service.js';

/**
 * Template status events that are not a status of their own: FLAGGED warns about quality (the
 * template stays APPROVED until Meta pauses it); REINSTATED and UNPAUSED make it usable again.
 */
const TEMPLATE_STATUS_OF_EVENT: Record<string, string | null> = {
  FLAGGED: null,
  REINSTATED: 'APPROVED',
  UNPAUSED: 'APPROVED',
};

/** Business-account changes Meta reports by webhook: template reviews, number quality and limits. */
@Injectable()
export class AccountUpdatesService {
  private readonly logger = new Logger(AccountUpdatesService.name);

  constructor(
    private readonly templates: TemplatesService,
    private readonly accounts: AccountsService,
    private readonly events: EventsService,
  ) {}

  /**
   * `message_template_status_update`: updates the template's status and reason in every
   * organization (within the delivery's scope) that has this business account connected.
   */
  async templateStatus(
    accounts: readonly WhatsAppAccount[],
    wabaId: string,
    value: MetaTemplateStatusValue,
    executor: Executor,
  ): Promise<void> {
    const templateId =
      typeof value.message_template_id === 'number' || typeof value.message_template_id === 'string'
        ? String(value.message_template_id)
        : '';
    const event = typeof value.event === 'string' ? value.event.toUpperCase() : '';
    if (!templateId || !event) {
      this.logger.warn({ waba_id: wabaId }, 'Template status update without a template or event');
      return;
    }
    const status = event in TEMPLATE_STATUS_OF_EVENT ? TEMPLATE_STATUS_OF_EVENT[event] : event;
    const statusReason = reasonOf(value);
    const organizations = [...new Set(accounts.map((a) => a.organizationId))];
    let updated = 0;
    for (const organizationId of organizations) {
      updated += await this.templates.applyStatusUpdate(
        organizationId,
        wabaId,
        templateId,
        { event, ...(status ? { status } : {}), statusReason },
        executor,
      );
    }
    this.logger.log(
      { waba_id: wabaId, meta_template_id: templateId, event, templates_updated: updated },
      updated > 0
        ? 'Template status updated'
        : 'Template status update for a template not synced yet: ignored',
    );
  }

  /**
   * `message_template_quality_update` (a new quality score) and `template_category_update`
   * (Meta announced or made a category change): applied like status updates, to every
   * organization (within the delivery's scope) that has this business account connected.
   */
  async templateChange(
    accounts: readonly WhatsAppAccount[],
    wabaId: string,
    field: 'message_template_quality_update' | 'template_category_update',
    value: MetaTemplateQualityValue | MetaTemplateCategoryValue,
    executor: Executor,
  ): Promise<void> {
    const templateId =
      typeof value.message_template_id === 'number' || typeof value.message_template_id === 'string'
        ? String(value.message_template_id)
        : '';
    const change = templateChangeOf(field, value);
    if (!templateId || !change) {
      this.logger.warn({ waba_id: wabaId, field }, 'Template update without a template or change');
      return;
    }
    let updated = 0;
    for (const organizationId of new Set(accounts.map((a) => a.organizationId))) {
      updated += await this.templates.applyMetaChange(
        organizationId,
        wabaId,
        templateId,
        change,
        executor,
      );
    }
    this.logger.log(
      { waba_id: wabaId, meta_template_id: templateId, field, templates_updated: updated },
      updated > 0 ? 'Template updated' : 'Template update for a template not synced yet: ignored',
    );
  }

  /**
   * `phone_number_quality_update`: the number's messaging limit, throughput or quality flag.
   * Meta names the number by its display number, within the business account of the entry.
   */
  async quality(
    accounts: readonly WhatsAppAccount[],
    wabaId: string,
    value: MetaQualityValue,
    executor: Executor,
  ): Promise<void> {
    const digits = digitsOf(value.display_phone_number);
    const event = typeof value.event === 'string' ? value.event.toUpperCase() : '';
    const matching = accounts.filter((a) => digits && digitsOf(a.displayPhoneNumber) === digits);
    if (matching.length === 0) {
      this.logger.warn(
        { waba_id: wabaId, display_phone_number: value.display_phone_number, event },
        'Quality update for a number that is not connected: ignored',
      );
      return;
    }
    const changes = qualityChanges(event, value);
    for (const account of matching) {
      if (Object.keys(changes).length > 0) {
        await this.accounts.recordQualityUpdate(
          account.organizationId,
          account.id,
          changes,
          executor,
        );
      }
      await this.events.publish(
        {
          type: 'account.changed',
          organizationId: account.organizationId,
          data: {
            account_id: account.id,
            event,
            quality_rating: changes.qualityRating ?? account.qualityRating,
            throughput_level: changes.throughputLevel ?? account.throughputLevel,
            messaging_limit: changes.messagingLimit ?? account.messagingLimit,
          },
        },
        executor,
      );
      this.logger.log(
        { account_id: account.id, organization_id: account.organizationId, event },
        'Phone number quality update applied',
      );
    }
  }
}

function templateChangeOf(
  field: 'message_template_quality_update' | 'template_category_update',
  value: MetaTemplateQualityValue | MetaTemplateCategoryValue,
): TemplateMetaChange | undefined {
  if (field === 'message_template_quality_update') {
    const score = (value as MetaTemplateQualityValue).new_quality_score;
    return typeof score === 'string' && score
      ? { kind: 'quality', qualityRating: score }
      : undefined;
  }
  const category = value as MetaTemplateCategoryValue;
  // Announced: `correct_category` is the one to come; `new_category` is still the current one.
  if (typeof category.correct_category === 'string' && category.correct_category) {
    const at = category.category_update_timestamp;
    return {
      kind: 'category',
      category: category.correct_category,
      impending: true,
      effectiveAt: typeof at === 'number' && Number.isFinite(at) ? new Date(at * 1000) : null,
    };
  }
  if (typeof category.new_category === 'string' && category.new_category) {
    return {
      kind: 'category',
      category: category.new_category,
      impending: false,
      effectiveAt: null,
    };
  }
  return undefined;
}

function reasonOf(value: MetaTemplateStatusValue): string | null {
  const reason = typeof value.reason === 'string' && value.reason !== 'NONE' ? value.reason : null;
  const detail = value.rejection_info?.recommendation || value.other_info?.description || undefined;
  if (reason && detail) return `${reason}: ${detail}`;
  return reason ?? detail ?? null;
}

function qualityChanges(
  event: string,
  value: MetaQualityValue,
): { qualityRating?: string; throughputLevel?: string; messagingLimit?: string } {
  const changes: { qualityRating?: string; throughputLevel?: string; messagingLimit?: string } = {};
  // The portfolio's messaging limit (2025+); `current_limit` is its deprecated predecessor,
  // except in THROUGHPUT_UPGRADE where it names the throughput (TIER_UNLIMITED).
  const limit =
    value.max_daily_conversations_per_business ||
    (event === 'THROUGHPUT_UPGRADE' ? undefined : value.current_limit);
  if (limit) changes.messagingLimit = limit;
  switch (event) {
    case 'THROUGHPUT_UPGRADE':
      changes.throughputLevel = 'HIGH';
      break;
    case 'FLAGGED':
      changes.qualityRating = 'RED';
      break;
    case 'UNFLAGGED':
      // Meta does not say the new rating; the next connection test reads it.
      changes.qualityRating = 'UNKNOWN';
      break;
    default:
      // ONBOARDING, UPGRADE, DOWNGRADE: the limit alone.
      break;
  }
  return changes;
}

function digitsOf(value: string | null | undefined): string {
  return typeof value === 'string' ? value.replace(/\D/g, '') : '';
}
