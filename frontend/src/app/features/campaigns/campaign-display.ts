import {
  type CampaignState,
  FINAL_RECIPIENT_STATES,
  RECIPIENT_STATES,
  type RecipientState,
  SKIP_REASON_TEXT,
  SKIP_REASONS,
  type SkipReason,
} from '@convis/contracts';
import type { AudienceReportDto } from '../../core/api/models/audience-report-dto';
import type { CampaignEstimateDto } from '../../core/api/models/campaign-estimate-dto';
import type { CampaignMinuteDto } from '../../core/api/models/campaign-minute-dto';
import type { CampaignRecipientDto } from '../../core/api/models/campaign-recipient-dto';
import type { RecipientCountsDto } from '../../core/api/models/recipient-counts-dto';
import type { RetargetDto } from '../../core/api/models/retarget-dto';
import type { SkipCountsDto } from '../../core/api/models/skip-counts-dto';
import { formatDateTime } from '../../shared/format/date-time';
import { formatCount, formatMoney } from '../../shared/format/number';

// How the Campaigns pages word and measure a campaign: pure functions, unit-tested.

export interface StateView {
  readonly label: string;
  readonly icon: string;
  /** What it means, for a tooltip or a screen reader. */
  readonly description: string;
}

export const CAMPAIGN_STATE_VIEWS: Readonly<Record<CampaignState, StateView>> = {
  draft: {
    label: 'Draft',
    icon: 'edit_note',
    description: 'Not launched yet: add an audience, then launch it.',
  },
  scheduled: { label: 'Scheduled', icon: 'schedule', description: 'Waits for its send time.' },
  running: { label: 'Sending', icon: 'send', description: 'Messages are going out.' },
  paused: { label: 'Paused', icon: 'pause_circle', description: 'Nothing is sent until resumed.' },
  completed: {
    label: 'Completed',
    icon: 'task_alt',
    description: 'Every recipient was handled.',
  },
  cancelled: {
    label: 'Cancelled',
    icon: 'cancel',
    description: 'Stopped for good: recipients not sent yet were not sent.',
  },
};

export const RECIPIENT_STATE_VIEWS: Readonly<Record<RecipientState, StateView>> = {
  pending: { label: 'Pending', icon: 'schedule', description: 'Waiting for its turn.' },
  sending: { label: 'Sending', icon: 'send', description: 'Being handed to WhatsApp.' },
  sent: { label: 'Sent', icon: 'check', description: 'WhatsApp accepted the message.' },
  delivered: {
    label: 'Delivered',
    icon: 'done_all',
    description: "Delivered to the recipient's phone.",
  },
  read: { label: 'Read', icon: 'done_all', description: 'The recipient opened the message.' },
  replied: { label: 'Replied', icon: 'reply', description: 'The recipient wrote back.' },
  failed: { label: 'Failed', icon: 'error', description: 'WhatsApp refused or lost it.' },
  skipped: {
    label: 'Skipped',
    icon: 'block',
    description: 'Never sent: opted out, invalid number, duplicate or missing values.',
  },
  limited: {
    label: 'Limited by Meta',
    icon: 'hourglass_top',
    description:
      "Meta's limit of marketing messages per person was reached: it is tried again after 24 hours.",
  },
  unknown: {
    label: 'Unknown',
    icon: 'help',
    description:
      'Its send could not be confirmed either way. It is never sent again automatically: use Send again if you decide to.',
  },
  cancelled: {
    label: 'Cancelled',
    icon: 'cancel',
    description: 'Not sent: the campaign was cancelled first.',
  },
};

/** The states the counts and the filters show, in this order. */
export const SHOWN_RECIPIENT_STATES: readonly RecipientState[] = [
  'pending',
  'sending',
  'sent',
  'delivered',
  'read',
  'replied',
  'failed',
  'limited',
  'unknown',
  'skipped',
  'cancelled',
];

/** Recipients that reached Meta, in whatever state they are now. */
export function sentCount(counts: RecipientCountsDto): number {
  return counts.sent + counts.delivered + counts.read + counts.replied;
}

/** Recipients in a state they never leave by themselves, and their share of the total. */
export function progressOf(counts: RecipientCountsDto): {
  readonly done: number;
  readonly total: number;
  /** 0 to 100, for a progress bar. */
  readonly percent: number;
} {
  const done = FINAL_RECIPIENT_STATES.reduce((sum, state) => sum + counts[state], 0);
  const percent = counts.total > 0 ? Math.round((100 * done) / counts.total) : 0;
  return { done, total: counts.total, percent };
}

/** One line under a campaign's progress bar: "120 of 500 sent · 3 failed · 2 skipped". */
export function countsSummary(counts: RecipientCountsDto): string {
  const parts = [`${formatCount(sentCount(counts))} of ${formatCount(counts.total)} sent`];
  const extra: [RecipientState, string][] = [
    ['failed', 'failed'],
    ['limited', 'limited by Meta'],
    ['unknown', 'unknown'],
    ['skipped', 'skipped'],
    ['cancelled', 'cancelled'],
  ];
  for (const [state, words] of extra) {
    if (counts[state] > 0) parts.push(`${formatCount(counts[state])} ${words}`);
  }
  return parts.join(' · ');
}

/** `45 seconds`, `about 3 minutes`, `about 2 hours 5 minutes`: how long `seconds` is, roughly. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return 'no time';
  if (seconds < 60) {
    const whole = Math.max(1, Math.ceil(seconds));
    return `${whole} second${whole === 1 ? '' : 's'}`;
  }
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const hourText = `${hours} hour${hours === 1 ? '' : 's'}`;
  return rest === 0
    ? `about ${hourText}`
    : `about ${hourText} ${rest} minute${rest === 1 ? '' : 's'}`;
}

/** How long pacing takes to send `pending` messages at `ratePerSecond`. */
export function pacingText(pending: number, ratePerSecond: number): string {
  if (pending <= 0) return 'Nothing left to send.';
  if (ratePerSecond <= 0) return `${formatCount(pending)} messages to send.`;
  return `${formatCount(pending)} messages at ${formatCount(ratePerSecond)} per second: ${formatDuration(pending / ratePerSecond)}.`;
}

/** Skipped rows by reason, the reasons that happened only, with their plain words. */
export function skippedByReason(
  skipped: SkipCountsDto,
): { readonly reason: SkipReason; readonly text: string; readonly count: number }[] {
  return SKIP_REASONS.filter((reason) => skipped[reason] > 0).map((reason) => ({
    reason,
    text: SKIP_REASON_TEXT[reason],
    count: skipped[reason],
  }));
}

/** Every skipped row of `skipped`. */
export function skippedTotal(skipped: SkipCountsDto): number {
  return SKIP_REASONS.reduce((sum, reason) => sum + skipped[reason], 0);
}

/** The audience reports of one wizard session added up (several uploads, a tag, ...). */
export function addReports(
  reports: readonly Pick<AudienceReportDto, 'rows' | 'added' | 'skipped'>[],
): { rows: number; added: number; skipped: SkipCountsDto } {
  const skipped = Object.fromEntries(SKIP_REASONS.map((reason) => [reason, 0])) as Record<
    SkipReason,
    number
  >;
  let rows = 0;
  let added = 0;
  for (const report of reports) {
    rows += report.rows;
    added += report.added;
    for (const reason of SKIP_REASONS) skipped[reason] += report.skipped[reason];
  }
  return { rows, added, skipped };
}

export const RETARGET_OUTCOMES: readonly {
  readonly value: RetargetDto['outcome'];
  readonly label: string;
}[] = [
  { value: 'failed', label: 'Failed' },
  { value: 'not_delivered', label: 'Not delivered (sent, failed or unknown)' },
  { value: 'delivered_not_read', label: 'Delivered, not read' },
  { value: 'read_not_replied', label: 'Read, no reply' },
  { value: 'replied', label: 'Replied' },
  { value: 'limited', label: 'Limited by Meta' },
];

/** Why a recipient is where it is, in words: the error, the skip reason, the retry time. */
export function recipientDetail(recipient: CampaignRecipientDto): string | null {
  switch (recipient.state) {
    case 'failed': {
      const error = recipient.error;
      if (!error) return 'WhatsApp did not say why.';
      const code = error.code === null ? '' : ` (code ${error.code})`;
      return `${error.title}${code}: ${error.reason}`;
    }
    case 'skipped':
      return recipient.skip_reason ? SKIP_REASON_TEXT[recipient.skip_reason] : null;
    case 'limited':
      return recipient.retry_at
        ? `Meta's per-person marketing limit: tried again after ${formatDateTime(recipient.retry_at)}.`
        : "Meta's per-person marketing limit: tried again after 24 hours.";
    case 'unknown':
      return 'Its send could not be confirmed, so it is not sent again automatically.';
    case 'pending':
    case 'sending':
    case 'sent':
    case 'delivered':
    case 'read':
    case 'replied':
    case 'cancelled':
      return recipient.error ? recipient.error.reason : null;
  }
}

/** The latest thing that happened to a recipient, and when. */
export function recipientLastEvent(
  recipient: CampaignRecipientDto,
): { readonly what: string; readonly at: string } | null {
  const events: [string, string | null][] = [
    ['Replied', recipient.replied_at],
    ['Read', recipient.read_at],
    ['Delivered', recipient.delivered_at],
    ['Failed', recipient.failed_at],
    ['Sent', recipient.sent_at],
  ];
  let latest: { what: string; at: string } | null = null;
  for (const [what, at] of events) {
    if (at && (!latest || new Date(at).getTime() > new Date(latest.at).getTime())) {
      latest = { what, at };
    }
  }
  return latest;
}

/** A recipient a person may send again (its send failed or could not be confirmed). */
export function canSendAgain(recipient: CampaignRecipientDto): boolean {
  return recipient.state === 'failed' || recipient.state === 'unknown';
}

/** The widths a chart slot can have, in minutes. */
const SLOT_MINUTES = [1, 5, 15, 60, 360, 1440] as const;
/** The most bars the campaign's chart draws: longer campaigns get wider slots. */
export const MAX_CHART_SLOTS = 180;

/** Sends and failures in one slot of the campaign's chart, from `start` (ms since the epoch). */
export interface SendsSlot {
  readonly start: number;
  readonly sent: number;
  readonly failed: number;
}

/**
 * The campaign's minutes (`GET …/timeline` lists only those with sends or failures) as slots of
 * one width from the first to the last, quiet ones at zero, so the bars keep the campaign's time
 * scale: one minute each, or 5, 15, 60 minutes… when one-minute slots would be more than
 * `maxSlots` (a campaign that waits a day for Meta's limits).
 */
export function sendsOverTime(
  minutes: readonly CampaignMinuteDto[],
  maxSlots = MAX_CHART_SLOTS,
): { readonly slotMinutes: number; readonly slots: SendsSlot[] } {
  if (minutes.length === 0) return { slotMinutes: 1, slots: [] };
  const times = minutes.map((m) => Date.parse(m.starts_at));
  const first = times.reduce((a, b) => Math.min(a, b));
  const last = times.reduce((a, b) => Math.max(a, b));
  const slotMinutes =
    SLOT_MINUTES.find(
      (width) =>
        Math.floor(last / (width * 60_000)) - Math.floor(first / (width * 60_000)) < maxSlots,
    ) ?? 1440;
  const width = slotMinutes * 60_000;
  const start = Math.floor(first / width) * width;
  const slots = Array.from({ length: Math.floor((last - start) / width) + 1 }, (_, i) => ({
    start: start + i * width,
    sent: 0,
    failed: 0,
  }));
  minutes.forEach((m, i) => {
    const slot = slots[Math.floor((times[i] - start) / width)];
    slot.sent += m.sent;
    slot.failed += m.failed;
  });
  return { slotMinutes, slots };
}

/** A slot's width in words, after "per": `minute`, `15 minutes`, `hour`, `6 hours`, `day`. */
export function slotWords(minutes: number): string {
  if (minutes === 1) return 'minute';
  if (minutes === 1440) return 'day';
  if (minutes === 60) return 'hour';
  return minutes % 60 === 0 ? `${minutes / 60} hours` : `${minutes} minutes`;
}

/** How many calling codes the summary lists; the others are added up in one line. */
export const ESTIMATE_CODES_SHOWN = 5;

/** One calling code of the estimate, worded. */
export interface EstimateRow {
  readonly key: string;
  /** `+49`, or "No number" for business-scoped user ids. */
  readonly code: string;
  /** The rate card's market, or the country the numbers are in. */
  readonly place: string | null;
  readonly recipients: number;
  /** Formatted in the estimate's currency; null when the rate card has no price. */
  readonly priceEach: string | null;
  readonly cost: string | null;
}

/** The cost estimate before launch, worded for the summary. */
export interface EstimateView {
  /**
   * `priced`: an amount for the recipients the rate card prices; `unpriced`: a rate card that
   * prices none of them; `no-rate-card`: counts only.
   */
  readonly kind: 'priced' | 'unpriced' | 'no-rate-card';
  /** Meta's pricing category: the template's. */
  readonly category: string;
  /** The estimated amount, formatted; null unless `priced`. */
  readonly cost: string | null;
  readonly recipients: number;
  readonly pricedRecipients: number;
  /** Recipients the rate card does not price (0 without a rate card: nothing is priced). */
  readonly unpricedRecipients: number;
  /** The calling codes with the most recipients. */
  readonly rows: readonly EstimateRow[];
  /** The calling codes not listed, added up. */
  readonly more: { readonly codes: number; readonly recipients: number } | null;
}

export function estimateView(
  estimate: CampaignEstimateDto,
  shown = ESTIMATE_CODES_SHOWN,
): EstimateView {
  const money = (amount: number | null, decimals?: number) =>
    amount === null ? null : formatMoney(amount, estimate.currency, decimals);
  const configured = estimate.rate_card === 'configured';
  const kind = !configured
    ? 'no-rate-card'
    : estimate.priced_recipients > 0 && estimate.estimated_cost !== null
      ? 'priced'
      : 'unpriced';
  const rest = estimate.by_calling_code.slice(shown);
  return {
    kind,
    category: estimate.category,
    cost: kind === 'priced' ? money(estimate.estimated_cost) : null,
    recipients: estimate.recipients,
    pricedRecipients: estimate.priced_recipients,
    unpricedRecipients: configured ? estimate.recipients - estimate.priced_recipients : 0,
    rows: estimate.by_calling_code.slice(0, shown).map((code) => ({
      key: code.calling_code ?? '',
      code: code.calling_code === null ? 'No number' : `+${code.calling_code}`,
      place:
        code.calling_code === null
          ? 'Business-scoped user ids'
          : (code.market ?? regionName(code.country)),
      recipients: code.recipients,
      // Prices are often a fraction of a cent: up to 4 decimals, as Meta's rate card.
      priceEach: money(code.price_each, 4),
      cost: money(code.cost),
    })),
    more:
      rest.length === 0
        ? null
        : { codes: rest.length, recipients: rest.reduce((sum, code) => sum + code.recipients, 0) },
  };
}

/** "Germany" for `DE`; null when unknown. */
function regionName(country: string | null): string | null {
  if (!country) return null;
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(country) ?? country;
  } catch {
    return country;
  }
}

/** The counts of a `campaign.progress` event (every state, no total) as the API's counts. */
export function countsOfEvent(
  counts: Readonly<Record<RecipientState, number>>,
): RecipientCountsDto {
  const total = RECIPIENT_STATES.reduce((sum, state) => sum + (counts[state] ?? 0), 0);
  return { ...counts, total };
}
