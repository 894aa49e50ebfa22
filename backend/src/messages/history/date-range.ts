import { ValidationException } from '../../common/errors/validation.exception.js';
import { parseDateBound } from './query-fields.js';

const DAY_MS = 86_400_000;

/** A half-open range of instants: `from` inclusive, `to` exclusive. */
export interface DateRange {
  readonly from: Date;
  readonly to: Date;
}

/**
 * The range of optional `from`/`to` query values (already format-checked by the DTO).
 * Missing bounds stay open; a range whose end is not after its start is a 400 naming `to`.
 */
export function openRange(
  from: string | undefined,
  to: string | undefined,
): { from?: Date; to?: Date } {
  const range = {
    from: from === undefined ? undefined : parseDateBound(from, 'start'),
    to: to === undefined ? undefined : parseDateBound(to, 'end'),
  };
  if (range.from && range.to && range.to <= range.from)
    throw rangeError('to', 'to must be after from');
  return range;
}

/**
 * A closed range for aggregates. Defaults: `to` = the end of today (UTC), `from` = 30 days
 * before `to`; so no parameters means the last 30 UTC days including today. At most `maxDays`
 * calendar days (UTC) may be touched.
 */
export function boundedRange(
  from: string | undefined,
  to: string | undefined,
  options: { defaultDays: number; maxDays: number; now?: Date },
): DateRange {
  const open = openRange(from, to);
  const end = open.to ?? startOfUtcDay(new Date((options.now ?? new Date()).getTime() + DAY_MS));
  const start = open.from ?? new Date(end.getTime() - options.defaultDays * DAY_MS);
  if (end <= start)
    throw rangeError('from', 'from must be before to (to defaults to the end of today, UTC)');
  if (utcDays({ from: start, to: end }).length > options.maxDays)
    throw rangeError('from', `the range from … to may cover at most ${options.maxDays} days`);
  return { from: start, to: end };
}

/** The UTC calendar dates (`YYYY-MM-DD`) a range touches, first to last. */
export function utcDays(range: DateRange): string[] {
  const first = startOfUtcDay(range.from).getTime();
  const last = startOfUtcDay(new Date(range.to.getTime() - 1)).getTime();
  const days: string[] = [];
  for (let day = first; day <= last && days.length <= 10_000; day += DAY_MS)
    days.push(new Date(day).toISOString().slice(0, 10));
  return days;
}

function startOfUtcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

function rangeError(field: string, message: string): ValidationException {
  return new ValidationException([{ field, messages: [message] }]);
}
