import type { StatsFailureDto } from '../../core/api/models/stats-failure-dto';
import type { StatsResponseDto } from '../../core/api/models/stats-response-dto';
import { formatCount, formatShare } from '../../shared/format/number';

/**
 * What the dashboard shows from `GET /api/whatsapp/stats`, as plain functions of the response.
 *
 * The API counts outbound messages by the day they were created and by their CURRENT status
 * (`by_status` splits them: each message counts once). The cards show them as a funnel, as
 * WhatsApp Manager does: "Delivered" counts every message that reached the phone, read ones
 * included, so sent ≥ delivered ≥ read, like the API's `per_day`.
 */

export type StatCardKey =
  'sent' | 'delivered' | 'read' | 'failed' | 'inbound' | 'delivery_rate' | 'read_rate';

export interface StatCard {
  readonly key: StatCardKey;
  readonly label: string;
  /** A Material Symbols name. */
  readonly icon: string;
  /** The figure, formatted. */
  readonly value: string;
  /** A smaller line under the figure, or `null`. */
  readonly detail: string | null;
  /** How the figure is computed, for a tooltip. */
  readonly explanation: string;
}

/** Outbound messages as a funnel (each includes the next), plus what the rates divide by. */
export interface Funnel {
  /** Accepted by WhatsApp and not failed: now sent, delivered or read. */
  readonly sent: number;
  /** Delivered or read. */
  readonly delivered: number;
  readonly read: number;
  readonly failed: number;
  readonly queued: number;
  /** Outbound messages created in the period, any status. */
  readonly outbound: number;
  /** Outbound messages that left the queue (sent, delivered, read or failed): the rates' base. */
  readonly leftQueue: number;
}

export function funnel(stats: StatsResponseDto): Funnel {
  const { queued, sent, delivered, read, failed } = stats.by_status;
  return {
    sent: sent + delivered + read,
    delivered: delivered + read,
    read,
    failed,
    queued,
    outbound: stats.total,
    leftQueue: stats.total - queued,
  };
}

/** Whether nothing was sent or received in the period. */
export function isEmptyPeriod(stats: StatsResponseDto): boolean {
  return stats.total === 0 && stats.inbound === 0;
}

const RATE_BASE =
  'outbound messages that left the queue (sent, delivered, read or failed): failed messages ' +
  'count against the rate, queued ones are left out. Messages count on the day they were ' +
  'created, by their status now.';

/** The figure cards, in display order. */
export function statCards(stats: StatsResponseDto, locale = 'en'): StatCard[] {
  const f = funnel(stats);
  const count = (value: number) => formatCount(value, locale);
  const rate = (share: number) => (f.leftQueue > 0 ? formatShare(share, locale) : '—');
  const of = (part: number) =>
    f.leftQueue > 0 ? `${count(part)} of ${count(f.leftQueue)}` : 'Nothing left the queue';
  return [
    {
      key: 'sent',
      label: 'Sent',
      icon: 'check',
      value: count(f.sent),
      detail:
        `${count(f.outbound)} outbound` + (f.queued > 0 ? ` · ${count(f.queued)} queued` : ''),
      explanation:
        'Outbound messages WhatsApp accepted and that have not failed: now sent, delivered or ' +
        'read. Queued and failed messages are not included.',
    },
    {
      key: 'delivered',
      label: 'Delivered',
      icon: 'done_all',
      value: count(f.delivered),
      detail: `${count(stats.by_status.delivered)} not read yet`,
      explanation: "Outbound messages that reached the recipient's phone, read ones included.",
    },
    {
      key: 'read',
      label: 'Read',
      icon: 'done_all',
      value: count(f.read),
      detail: null,
      explanation: 'Outbound messages the recipient opened (voice messages: played).',
    },
    {
      key: 'failed',
      label: 'Failed',
      icon: 'error',
      value: count(f.failed),
      detail: stats.top_failures[0] ? `Mostly: ${stats.top_failures[0].title}` : null,
      explanation:
        'Outbound messages that could not be delivered, before or after WhatsApp accepted them.',
    },
    {
      key: 'inbound',
      label: 'Inbound',
      icon: 'call_received',
      value: count(stats.inbound),
      detail: null,
      explanation: 'Messages your contacts sent to your WhatsApp numbers.',
    },
    {
      key: 'delivery_rate',
      label: 'Delivery rate',
      icon: 'local_shipping',
      value: rate(stats.delivery_rate),
      detail: of(f.delivered),
      explanation: `Delivered or read messages ÷ ${RATE_BASE}`,
    },
    {
      key: 'read_rate',
      label: 'Read rate',
      icon: 'visibility',
      value: rate(stats.read_rate),
      detail: of(f.read),
      explanation: `Read messages ÷ ${RATE_BASE}`,
    },
  ];
}

/** `Nov 24`: a UTC date (`YYYY-MM-DD`) for an axis. */
export function formatShortDay(day: string, locale = 'en'): string {
  return new Intl.DateTimeFormat(locale, {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

/** `Nov 1 – 30, 2026`: a range of UTC dates (both included). */
export function formatDayRange(from: string, to: string, locale = 'en'): string {
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  return format.formatRange(new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`));
}

/** The days the response covers: its `since` and the day before its (exclusive) `until`. */
export function responseDays(stats: StatsResponseDto): { from: string; to: string } {
  return {
    from: stats.per_day[0]?.date ?? stats.since.slice(0, 10),
    to: stats.per_day.at(-1)?.date ?? stats.until.slice(0, 10),
  };
}

/** A failure reason as one line: `131026 · Message undeliverable`. */
export function failureLabel(failure: StatsFailureDto): string {
  return failure.code === null ? failure.title : `${failure.code} · ${failure.title}`;
}

const plural = (count: number, one: string, many: string, locale: string) =>
  `${formatCount(count, locale)} ${count === 1 ? one : many}`;

/** The daily chart in words, for its `aria-label`. */
export function dailySummary(stats: StatsResponseDto, locale = 'en'): string {
  const { from, to } = responseDays(stats);
  const f = funnel(stats);
  const count = (value: number) => formatCount(value, locale);
  const totals =
    `${count(f.sent)} sent, ${count(f.delivered)} delivered, ${count(f.read)} read, ` +
    `${count(f.failed)} failed, ${count(stats.inbound)} inbound`;
  let busiest = '';
  let most = 0;
  for (const day of stats.per_day) {
    const outbound = day.sent + day.failed;
    if (outbound > most) {
      most = outbound;
      busiest = day.date;
    }
  }
  const peak = busiest
    ? ` Busiest day: ${formatShortDay(busiest, locale)}, ${plural(most, 'outbound message', 'outbound messages', locale)}.`
    : '';
  return `Messages per day, ${formatDayRange(from, to, locale)}: ${totals}.${peak}`;
}

export interface PricingRow {
  readonly category: string;
  readonly label: string;
  readonly count: string;
  /** Share of the priced messages, formatted. */
  readonly share: string;
  /** Share from 0 to 1, for a bar. */
  readonly fraction: number;
}

/** Priced outbound messages by Meta's category, largest first. */
export function pricingRows(stats: StatsResponseDto, locale = 'en'): PricingRow[] {
  const entries = Object.entries(stats.pricing).filter(([, count]) => count > 0);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  return entries
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([category, count]) => ({
      category,
      label: categoryLabel(category),
      count: formatCount(count, locale),
      share: formatShare(count / total, locale),
      fraction: count / total,
    }));
}

/** `referral_conversion` → `Referral conversion`. */
export function categoryLabel(category: string): string {
  const words = category.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
