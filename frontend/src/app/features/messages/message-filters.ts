import type { Params } from '@angular/router';
import { MESSAGE_STATUSES } from '@convis/contracts';
import type { ListMessages$Params } from '../../core/api/fn/messages/list-messages';
import type { MessageStatus } from '../../core/api/models/message-status';

export type MessageDirection = 'in' | 'out';

/** What the history is filtered by, as the URL carries it. */
export interface MessageFilters {
  /** A WhatsApp account (account) id. */
  readonly account: string | null;
  readonly direction: MessageDirection | null;
  /** Any of these statuses; empty for all. Always in `MESSAGE_STATUSES` order (a message's own). */
  readonly statuses: readonly MessageStatus[];
  /** First day, `YYYY-MM-DD` in the user's time zone. */
  readonly from: string | null;
  /** Last day (included), `YYYY-MM-DD` in the user's time zone. */
  readonly to: string | null;
  /** Text the preview contains. */
  readonly q: string;
  /** A contact: id, phone number, WhatsApp id or the start of a profile name. */
  readonly contact: string;
  /** A campaign id (links from the Campaigns page). */
  readonly campaign: string | null;
  /**
   * Failed messages with this Meta error code, or `none` for failures without one (links from
   * the Dashboard's failure reasons).
   */
  readonly errorCode: string | null;
  /**
   * `from` and `to` are UTC days (`?tz=utc`), as the Dashboard counts them, rather than the
   * user's own: a link from a Dashboard figure lists exactly its messages.
   */
  readonly utc: boolean;
}

export const NO_FILTERS: MessageFilters = {
  account: null,
  direction: null,
  statuses: [],
  from: null,
  to: null,
  q: '',
  contact: '',
  campaign: null,
  errorCode: null,
  utc: false,
};

/** Names of the filters in the URL's query string (`?status=failed&from=2026-11-01`). */
export const FILTER_PARAMS = {
  account: 'account',
  direction: 'direction',
  statuses: 'status',
  from: 'from',
  to: 'to',
  q: 'q',
  contact: 'contact',
  campaign: 'campaign',
  errorCode: 'error_code',
  utc: 'tz',
} as const satisfies Record<keyof MessageFilters, string>;

/** A Meta error code as the API's `error_code` takes it, or `none`. */
const ERROR_CODE = /^(?:none|-?\d{1,9})$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function single(value: unknown): string | null {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : null;
}

function uuidOrNull(value: unknown): string | null {
  const text = single(value);
  return text && UUID.test(text) ? text.toLowerCase() : null;
}

function dayOrNull(value: unknown): string | null {
  const text = single(value);
  return text && parseDay(text) ? text : null;
}

/** The filters in a URL's query params; what is missing or malformed is left out. */
export function filtersFromParams(params: Params): MessageFilters {
  const direction = single(params[FILTER_PARAMS.direction]);
  const statuses = new Set(
    (single(params[FILTER_PARAMS.statuses]) ?? '').split(',').map((status) => status.trim()),
  );
  let from = dayOrNull(params[FILTER_PARAMS.from]);
  let to = dayOrNull(params[FILTER_PARAMS.to]);
  if (from && to && from > to) [from, to] = [to, from];
  const errorCode = single(params[FILTER_PARAMS.errorCode])?.trim() ?? '';
  return {
    account: uuidOrNull(params[FILTER_PARAMS.account]),
    direction: direction === 'in' || direction === 'out' ? direction : null,
    statuses: MESSAGE_STATUSES.filter((status) => statuses.has(status)),
    from,
    to,
    q: (single(params[FILTER_PARAMS.q]) ?? '').trim(),
    contact: (single(params[FILTER_PARAMS.contact]) ?? '').trim(),
    campaign: uuidOrNull(params[FILTER_PARAMS.campaign]),
    errorCode: ERROR_CODE.test(errorCode) ? errorCode : null,
    // Only says how to read the days: without them it is off.
    utc: single(params[FILTER_PARAMS.utc]) === 'utc' && (from !== null || to !== null),
  };
}

/** Query params for `filters`: `null` for each filter that is off (so it leaves the URL). */
export function filtersToParams(filters: MessageFilters): Record<string, string | null> {
  return {
    [FILTER_PARAMS.account]: filters.account,
    [FILTER_PARAMS.direction]: filters.direction,
    [FILTER_PARAMS.statuses]: filters.statuses.length > 0 ? filters.statuses.join(',') : null,
    [FILTER_PARAMS.from]: filters.from,
    [FILTER_PARAMS.to]: filters.to,
    [FILTER_PARAMS.q]: filters.q.trim() || null,
    [FILTER_PARAMS.contact]: filters.contact.trim() || null,
    [FILTER_PARAMS.campaign]: filters.campaign,
    [FILTER_PARAMS.errorCode]: filters.errorCode,
    [FILTER_PARAMS.utc]: filters.utc && (filters.from || filters.to) ? 'utc' : null,
  };
}

export function sameFilters(a: MessageFilters, b: MessageFilters): boolean {
  return (
    a.account === b.account &&
    a.direction === b.direction &&
    a.statuses.join(',') === b.statuses.join(',') &&
    a.from === b.from &&
    a.to === b.to &&
    a.q === b.q &&
    a.contact === b.contact &&
    a.campaign === b.campaign &&
    a.errorCode === b.errorCode &&
    a.utc === b.utc
  );
}

export function hasFilters(filters: MessageFilters): boolean {
  return !sameFilters(filters, NO_FILTERS);
}

/** `YYYY-MM-DD` as local midnight, or `null` when it is not a real date. */
export function parseDay(day: string): Date | null {
  const match = DAY.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const value = new Date(year, month - 1, date);
  return value.getFullYear() === year && value.getMonth() === month - 1 && value.getDate() === date
    ? value
    : null;
}

/** A date's local day as `YYYY-MM-DD`. */
export function formatDay(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The API query of one page. Days are the user's: `from` becomes local midnight and `to` the
 * local midnight after it (the API's `until` is exclusive), both as instants. UTC days (`utc`)
 * go as dates, which the API reads as UTC days (`until` then includes its whole day).
 */
export function toListParams(
  filters: MessageFilters,
  limit: number,
  cursor: string | null,
): ListMessages$Params {
  let since: string | null;
  let until: string | null;
  if (filters.utc) {
    since = filters.from;
    until = filters.to;
  } else {
    const from = filters.from ? parseDay(filters.from) : null;
    const to = filters.to ? parseDay(filters.to) : null;
    if (to) to.setDate(to.getDate() + 1);
    since = from?.toISOString() ?? null;
    until = to?.toISOString() ?? null;
  }
  return {
    limit,
    ...(cursor && { cursor }),
    ...(filters.account && { account_id: filters.account }),
    ...(filters.direction && { direction: filters.direction }),
    ...(filters.statuses.length > 0 && { status: filters.statuses.join(',') }),
    ...(since && { since }),
    ...(until && { until }),
    ...(filters.q && { q: filters.q }),
    ...(filters.contact && { contact: filters.contact }),
    ...(filters.campaign && { campaign_id: filters.campaign }),
    ...(filters.errorCode && { error_code: filters.errorCode }),
  };
}
