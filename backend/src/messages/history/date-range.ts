import { ValidationException } from '../../common/errors/validation.exception.js';
import { parseDateBound } from './query-fields.js';

const DAY_MS = 86_400_000;

/** A half-open range of instants: `since` inclusive, `until` exclusive. */
export interface DateRange {
  readonly since: Date;
  readonly until: Date;
}

/**
 * The range of optional `since`/`until` query values (already format-checked by the DTO).
 * Missing bounds stay open; a range whose end is not after its start is a 400 naming `until`.
 */
export function openRange(
  since: string | undefined,
  until: string | undefined,
): { since?: Date; until?: Date } {
  const range = {
    since: since === undefined ? undefined : parseDateBound(since, 'start'),
    until: until === undefined ? undefined : parseDateBound(until, 'end'),
  };
  if (range.since && range.until && range.until <= range.since)
    throw rangeError('until', 'until must be after since');
  return range;
}

/**
 * A closed range for aggregates. Defaults: `until` = the end of today (UTC), `since` = 30 days
 * before `until`; so no parameters means the last 30 UTC days including today. At most `maxDays`
 * calendar days (UTC) may be touched.
 */
export function boundedRange(
  since: string | undefined,
  until: string | undefined,
  options: { defaultDays: number; maxDays: number; now?: Date },
): DateRange {
  const open = openRange(since, until);
  const end = open.until ?? startOfUtcDay(new Date((options.now ?? new Date()).getTime() + DAY_MS));
  const start = open.since ?? new Date(end.getTime() - options.defaultDays * DAY_MS);
  if (end <= start)
    throw rangeError(
      'since',
      'since must be before until (until defaults to the end of today, UTC)',
    );
  if (utcDays({ since: start, until: end }).length > options.maxDays)
    throw rangeError('since', `the range since … until may cover at most ${options.maxDays} days`);
  return { since: start, until: end };
}

/** The UTC calendar dates (`YYYY-MM-DD`) a range touches, first to last. */
export function utcDays(range: DateRange): string[] {
  const first = startOfUtcDay(range.since).getTime();
  const last = startOfUtcDay(new Date(range.until.getTime() - 1)).getTime();
  const days: string[] = [];
  for (let day = first; day <= last && days.length <= 10_000; day += DAY_MS)
    days.push(new Date(day).toISOString().slice(0, 10));
  return days;
}

export function startOfUtcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

function rangeError(field: string, message: string): ValidationException {
  return new ValidationException([{ field, messages: [message] }]);
}
