import type { Params } from '@angular/router';
import type { StatsFailureDto } from '../../core/api/models/stats-failure-dto';
import type { StatsResponseDto } from '../../core/api/models/stats-response-dto';
import { type MessageFilters, NO_FILTERS, filtersToParams } from '../messages/message-filters';
import { type StatCardKey, failureLabel, responseDays } from './stats-view';

/**
 * Where the Dashboard's figures lead: the Messages page, filtered to the messages a figure
 * counts, through its URL filters. The days are the response's own UTC days (`tz=utc`) and the
 * account the one the figures are for, so the list holds exactly the messages counted, as their
 * status is now.
 */

/** What each card counts, as Messages filters; the rates count no list of their own. */
const CARD_FILTERS: Partial<Record<StatCardKey, Partial<MessageFilters>>> = {
  // The cards are a funnel: "Sent" includes what was delivered or read since, and so on.
  sent: { direction: 'out', statuses: ['sent', 'delivered', 'read', 'played'] },
  delivered: { direction: 'out', statuses: ['delivered', 'read', 'played'] },
  read: { direction: 'out', statuses: ['read', 'played'] },
  failed: { direction: 'out', statuses: ['failed'] },
  inbound: { direction: 'in' },
};

/** The Messages page's query params for the figures' period and account, narrowed by `extra`. */
export function messagesQuery(
  stats: StatsResponseDto,
  account: string | null,
  extra: Partial<MessageFilters>,
): Params {
  const { from, to } = responseDays(stats);
  const params = filtersToParams({ ...NO_FILTERS, account, from, to, utc: true, ...extra });
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== null));
}

/** The messages a card counts; `null` for the rates. */
export function cardQuery(
  key: StatCardKey,
  stats: StatsResponseDto,
  account: string | null,
): Params | null {
  const filters = CARD_FILTERS[key];
  return filters ? messagesQuery(stats, account, filters) : null;
}

/** The failed messages of one failure reason (`none` for those without a code). */
export function failureQuery(
  failure: StatsFailureDto,
  stats: StatsResponseDto,
  account: string | null,
): Params {
  return messagesQuery(stats, account, {
    direction: 'out',
    statuses: ['failed'],
    errorCode: failure.code === null ? 'none' : String(failure.code),
  });
}

/** The accessible name of a failure reason's link. */
export function failureLinkLabel(failure: StatsFailureDto, count: string): string {
  return `Show the ${count} failed ${failure.count === 1 ? 'message' : 'messages'}: ${failureLabel(failure)}`;
}
