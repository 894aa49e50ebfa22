const UNITS: readonly (readonly [Intl.RelativeTimeFormatUnit, number])[] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** Below this many seconds either way, a time is "just now". */
const JUST_NOW_SECONDS = 45;

/**
 * `3 minutes ago`, `yesterday`, `in 2 hours`: how far `time` is from `now`, in the largest unit
 * that fits. Pair it with the exact time (a `title` or `<time datetime>`), since it is rounded.
 */
export function formatRelativeTime(
  time: string | number | Date,
  now: number = Date.now(),
  locale = 'en',
): string {
  const seconds = Math.round((new Date(time).getTime() - now) / 1000);
  if (!Number.isFinite(seconds)) return '';
  if (Math.abs(seconds) < JUST_NOW_SECONDS) return 'just now';
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) {
      // Rounded away from zero either way: 90 seconds ago is "2 minutes ago".
      return format.format(Math.sign(seconds) * Math.round(Math.abs(seconds) / size), unit);
    }
  }
  return format.format(seconds, 'second');
}

/** `24 Nov 2026, 12:00:00`: a date and time in the user's locale, to sit beside a relative time. */
export function formatDateTime(time: string | number | Date, locale?: string): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}
