// Test data for the dashboard's specs (type-only imports: nothing here reaches a bundle).
import type { StatsResponseDto } from '../../core/api/models/stats-response-dto';

/**
 * Three UTC days of figures that agree with each other: 100 outbound messages (2 queued, 10
 * sent, 40 delivered, 45 read, 3 failed) and 37 inbound ones.
 */
export function aStats(overrides: Partial<StatsResponseDto> = {}): StatsResponseDto {
  return {
    since: '2026-11-22T00:00:00.000Z',
    until: '2026-11-25T00:00:00.000Z',
    total: 100,
    by_status: { queued: 2, sent: 10, delivered: 40, read: 45, failed: 3 },
    delivery_rate: 0.8673,
    read_rate: 0.4592,
    inbound: 37,
    top_failures: [
      { code: 131026, title: 'Message undeliverable', count: 2 },
      { code: null, title: 'Meta did not answer in time', count: 1 },
    ],
    per_day: [
      { date: '2026-11-22', sent: 30, delivered: 28, read: 15, failed: 1, inbound: 12 },
      { date: '2026-11-23', sent: 25, delivered: 22, read: 10, failed: 0, inbound: 10 },
      { date: '2026-11-24', sent: 40, delivered: 35, read: 20, failed: 2, inbound: 15 },
    ],
    pricing: { marketing: 40, utility: 35, referral_conversion: 5 },
    ...overrides,
  };
}

/** A period with no messages at all. */
export function anEmptyStats(days: readonly string[] = ['2026-11-24']): StatsResponseDto {
  return aStats({
    total: 0,
    by_status: { queued: 0, sent: 0, delivered: 0, read: 0, failed: 0 },
    delivery_rate: 0,
    read_rate: 0,
    inbound: 0,
    top_failures: [],
    per_day: days.map((date) => ({ date, sent: 0, delivered: 0, read: 0, failed: 0, inbound: 0 })),
    pricing: {},
  });
}
