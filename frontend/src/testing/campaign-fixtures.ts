import type { AudienceReportDto } from '../app/core/api/models/audience-report-dto';
import type { CampaignDto } from '../app/core/api/models/campaign-dto';
import type { CampaignEstimateDto } from '../app/core/api/models/campaign-estimate-dto';
import type { CampaignTimelineDto } from '../app/core/api/models/campaign-timeline-dto';
import type { CampaignRecipientDto } from '../app/core/api/models/campaign-recipient-dto';
import type { RecipientCountsDto } from '../app/core/api/models/recipient-counts-dto';
import { aAccount } from './account-fixtures';

/** Recipient counts: zero everywhere but `overrides`, with the total they add up to. */
export function someCounts(overrides: Partial<RecipientCountsDto> = {}): RecipientCountsDto {
  const counts = {
    pending: 0,
    sending: 0,
    sent: 0,
    delivered: 0,
    read: 0,
    replied: 0,
    failed: 0,
    skipped: 0,
    limited: 0,
    unknown: 0,
    cancelled: 0,
    ...overrides,
  };
  const total = Object.values(counts).reduce((sum, value) => sum + value, 0);
  return { ...counts, total: overrides.total ?? total };
}

/** A running campaign of `order_update` ("Hi {{1}}, your order {{2}} ..."). */
export function aCampaign(overrides: Partial<CampaignDto> = {}): CampaignDto {
  return {
    id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    name: 'Spring shipping notice',
    account_id: aAccount().id,
    template_name: 'order_update',
    template_language: 'en_US',
    template_category: 'UTILITY',
    variables: [
      { key: 'body_1', name: '1', part: 'body' },
      { key: 'body_2', name: '2', part: 'body' },
    ],
    default_variables: { body_2: 'A-1001' },
    header_media: null,
    state: 'running',
    state_reason: null,
    rate_per_second: null,
    effective_rate_per_second: 80,
    send_at: null,
    time_zone: null,
    counts: someCounts({ pending: 60, sent: 20, delivered: 10, failed: 2, skipped: 8 }),
    created_at: '2026-11-24T12:00:00.000Z',
    launched_at: '2026-11-24T12:05:00.000Z',
    started_at: '2026-11-24T12:05:01.000Z',
    finished_at: null,
    ...overrides,
  };
}

export function aRecipient(overrides: Partial<CampaignRecipientDto> = {}): CampaignRecipientDto {
  return {
    id: '0b6a1f4e-4c1d-4f0e-9a43-4b1b3a1a0001',
    to: '+15550101234',
    state: 'delivered',
    skip_reason: null,
    error: null,
    message_id: '5f0c2b1e-1111-4a7b-9c3d-2e1f0a9b8c7d',
    contact_id: null,
    variables: { body_1: 'Ada' },
    attempts: 1,
    source_line: 2,
    sent_at: '2026-11-24T12:05:02.000Z',
    delivered_at: '2026-11-24T12:05:04.000Z',
    read_at: null,
    replied_at: null,
    failed_at: null,
    retry_at: null,
    ...overrides,
  };
}

/** The report of a CSV of 5 rows: 3 added, one invalid number, one without its value. */
export function anAudienceReport(overrides: Partial<AudienceReportDto> = {}): AudienceReportDto {
  return {
    rows: 5,
    added: 3,
    skipped: {
      invalid_number: 1,
      duplicate: 0,
      opted_out: 0,
      missing_variables: 1,
      extra_variables: 0,
      invalid_variables: 0,
    },
    problems: [
      {
        line: 6,
        to: '+15550101299',
        reason: 'missing_variables',
        detail: 'no value for body_1',
      },
      { line: 4, to: 'not a number', reason: 'invalid_number', detail: '' },
    ],
    mapping: { to: 'phone', body_1: 'first_name' },
    campaign: aCampaign({
      state: 'draft',
      launched_at: null,
      started_at: null,
      counts: someCounts({ pending: 3, skipped: 2 }),
    }),
    ...overrides,
  };
}

/**
 * The estimate of 1,200 UTILITY recipients with a rate card that prices Germany and the UK but
 * not +1: $10.50 for 150 of them.
 */
export function anEstimate(overrides: Partial<CampaignEstimateDto> = {}): CampaignEstimateDto {
  return {
    category: 'UTILITY',
    recipients: 1200,
    pacing_seconds: 15,
    rate_card: 'configured',
    currency: 'USD',
    estimated_cost: 10.5,
    priced_recipients: 150,
    by_calling_code: [
      {
        calling_code: '1',
        country: 'US',
        market: null,
        recipients: 1050,
        price_each: null,
        cost: null,
      },
      {
        calling_code: '49',
        country: 'DE',
        market: 'Germany',
        recipients: 100,
        price_each: 0.0768,
        cost: 7.68,
      },
      {
        calling_code: '44',
        country: 'GB',
        market: 'United Kingdom',
        recipients: 50,
        price_each: 0.0564,
        cost: 2.82,
      },
    ],
    ...overrides,
  };
}

/** The same estimate without a rate card: counts by calling code, no price. */
export function anUnpricedEstimate(): CampaignEstimateDto {
  const priced = anEstimate();
  return {
    ...priced,
    rate_card: 'none',
    estimated_cost: null,
    priced_recipients: 0,
    by_calling_code: priced.by_calling_code.map((code) => ({
      ...code,
      market: null,
      price_each: null,
      cost: null,
    })),
  };
}

/** Two busy minutes of `aCampaign()` with a quiet one between: 30 sent, 2 failed. */
export function aTimeline(): CampaignTimelineDto {
  return {
    per_minute: [
      { starts_at: '2026-11-24T12:05:00.000Z', sent: 25, failed: 1 },
      { starts_at: '2026-11-24T12:07:00.000Z', sent: 5, failed: 1 },
    ],
  };
}
