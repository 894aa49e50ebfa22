import type { Params } from '@angular/router';
import type { GetStats$Params } from '../../core/api/fn/stats/get-stats';

/**
 * The dashboard's filters as the URL carries them: `?account=<account id>` and a period,
 * either `?days=7|30|90` (the last days up to today) or `?from=YYYY-MM-DD&to=YYYY-MM-DD`.
 *
 * Days are UTC dates, as the stats API counts them (`per_day` is one bar per UTC date), so a
 * period here is exactly the bars the chart shows.
 */

/** The periods offered as one-click choices, in days up to today (included). */
export const PERIOD_PRESETS = [7, 30, 90] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];
/** The period with no `days` in the URL: also the API's own default (30 UTC days up to today). */
export const DEFAULT_PRESET: PeriodPreset = 30;

export interface DashboardFilters {
  /** A WhatsApp account (account) id; `null` for all accounts. */
  readonly account: string | null;
  /** The last `days` days up to today; `null` when the period is `from`…`to`. */
  readonly days: PeriodPreset | null;
  /** First day of a custom period (UTC date, `YYYY-MM-DD`). */
  readonly from: string | null;
  /** Last day (included) of a custom period; `null` is today. */
  readonly to: string | null;
}

export const DEFAULT_FILTERS: DashboardFilters = {
  account: null,
  days: DEFAULT_PRESET,
  from: null,
  to: null,
};

/** Names of the filters in the URL's query string. */
export const FILTER_PARAMS = {
  account: 'account',
  days: 'days',
  from: 'from',
  to: 'to',
} as const satisfies Record<keyof DashboardFilters, string>;

/** A first and last day (both included), `YYYY-MM-DD`. */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function single(value: unknown): string | null {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : null;
}

function dayOrNull(value: unknown): string | null {
  const text = single(value);
  return text !== null && isDay(text) ? text : null;
}

/** Whether `text` is a real calendar date as `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
  const match = DAY.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** Today's UTC date, `YYYY-MM-DD`. */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** `day` moved by `count` days (negative: back). */
export function addDays(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * DAY_MS).toISOString().slice(0, 10);
}

/** The filters in a URL's query params; what is missing or malformed falls back to the default. */
export function filtersFromParams(params: Params): DashboardFilters {
  const account = single(params[FILTER_PARAMS.account]);
  const base = {
    account: account !== null && UUID.test(account) ? account.toLowerCase() : null,
  };
  let from = dayOrNull(params[FILTER_PARAMS.from]);
  let to = dayOrNull(params[FILTER_PARAMS.to]);
  if (from !== null) {
    if (to !== null && from > to) [from, to] = [to, from];
    return { ...base, days: null, from, to };
  }
  const days = Number(single(params[FILTER_PARAMS.days]));
  const preset = PERIOD_PRESETS.find((preset) => preset === days) ?? DEFAULT_PRESET;
  return { ...base, days: preset, from: null, to: null };
}

/** Query params for `filters`: `null` for each one at its default (so it leaves the URL). */
export function filtersToParams(filters: DashboardFilters): Record<string, string | null> {
  return {
    [FILTER_PARAMS.account]: filters.account,
    [FILTER_PARAMS.days]:
      filters.days !== null && filters.days !== DEFAULT_PRESET ? String(filters.days) : null,
    [FILTER_PARAMS.from]: filters.days === null ? filters.from : null,
    [FILTER_PARAMS.to]: filters.days === null ? filters.to : null,
  };
}

export function sameFilters(a: DashboardFilters, b: DashboardFilters): boolean {
  return a.account === b.account && a.days === b.days && a.from === b.from && a.to === b.to;
}

/** Whether anything differs from the default view (all accounts, last 30 days). */
export function hasFilters(filters: DashboardFilters): boolean {
  return !sameFilters(filters, DEFAULT_FILTERS);
}

/** The days the filters cover, with `today` (a UTC date) as the end of a preset. */
export function periodDays(filters: DashboardFilters, today: string): DayRange {
  if (filters.days === null && filters.from !== null) {
    return { from: filters.from, to: filters.to ?? today };
  }
  const days = filters.days ?? DEFAULT_PRESET;
  return { from: addDays(today, 1 - days), to: today };
}

/**
 * The stats query of the filters. A preset sends only `since` and lets the API end the period at
 * the end of today, UTC (its default); the default preset sends no dates at all (the API's
 * default period is the same 30 days). `until` as a date alone includes that whole day.
 */
export function toStatsParams(filters: DashboardFilters, today: string): GetStats$Params {
  const account = filters.account ? { account_id: filters.account } : {};
  if (filters.days === DEFAULT_PRESET) return account;
  const { from, to } = periodDays(filters, today);
  return {
    ...account,
    since: from,
    ...(filters.days === null && filters.to !== null && { until: to }),
  };
}

export function sameStatsParams(a: GetStats$Params, b: GetStats$Params): boolean {
  return a.account_id === b.account_id && a.since === b.since && a.until === b.until;
}

/** Whether messages created now fall in the period (they can't in one that ended before today). */
export function coversToday(filters: DashboardFilters, today: string): boolean {
  return periodDays(filters, today).to >= today;
}

/** `YYYY-MM-DD` as local midnight, for a date picker (which works in local time). */
export function dayToPickerDate(day: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, date ?? 1);
}

/** A date picker's (local) date as `YYYY-MM-DD`. */
export function pickerDateToDay(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
