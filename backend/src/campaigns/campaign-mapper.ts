import { RECIPIENT_STATES, templateVariableSlots } from '@convis/contracts';
import { numberThroughput } from '../pacing/pacing.service.js';
import { type RecipientCounts } from './campaigns.repository.js';
import { type Campaign, type CampaignRecipient } from './campaigns.schema.js';
import {
  type CampaignDto,
  type CampaignRecipientDto,
  type RecipientCountsDto,
} from './dto/campaign-response.dto.js';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

export function toCounts(counts: RecipientCounts): RecipientCountsDto {
  const out = { total: 0 } as RecipientCountsDto;
  for (const state of RECIPIENT_STATES) {
    out[state] = counts[state] ?? 0;
    out.total += out[state];
  }
  return out;
}

/** Messages per second a campaign goes at: its number's throughput, or its own lower cap. */
export function effectiveRate(c: Campaign, throughputLevel: string | null): number {
  const numberRate = numberThroughput(throughputLevel);
  return Math.min(numberRate, c.ratePerSecond ?? numberRate);
}

export function toCampaignDto(
  c: Campaign,
  counts: RecipientCounts,
  template: { components: readonly unknown[] } | null,
  throughputLevel: string | null,
): CampaignDto {
  return {
    id: c.id,
    name: c.name,
    account_id: c.accountId,
    template_name: c.templateName,
    template_language: c.templateLanguage,
    template_category: c.templateCategory,
    variables: template
      ? templateVariableSlots(template.components).map((v) => ({
          key: v.key,
          name: v.name,
          part: v.part,
        }))
      : [],
    default_variables: c.variables,
    header_media: c.headerMedia ? { ...c.headerMedia } : null,
    state: c.state,
    state_reason: c.stateReason,
    rate_per_second: c.ratePerSecond,
    effective_rate_per_second: effectiveRate(c, throughputLevel),
    send_at: iso(c.sendAt),
    time_zone: c.timeZone,
    counts: toCounts(counts),
    created_at: c.createdAt.toISOString(),
    launched_at: iso(c.launchedAt),
    started_at: iso(c.startedAt),
    finished_at: iso(c.finishedAt),
  };
}

export function toRecipientDto(r: CampaignRecipient): CampaignRecipientDto {
  return {
    id: r.id,
    to: r.address,
    state: r.state,
    skip_reason: r.skipReason,
    error: r.error ?? null,
    message_id: r.messageId,
    contact_id: r.contactId,
    variables: r.variables,
    attempts: r.attempts,
    source_line: r.sourceLine,
    sent_at: iso(r.sentAt),
    delivered_at: iso(r.deliveredAt),
    read_at: iso(r.readAt),
    replied_at: iso(r.repliedAt),
    failed_at: iso(r.failedAt),
    retry_at: iso(r.retryAt),
  };
}
