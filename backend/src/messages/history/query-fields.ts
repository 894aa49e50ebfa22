import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsString, IsUUID, Max, MaxLength, Min, ValidateBy } from 'class-validator';

/**
 * Query-string fields shared by the reading routes (history, conversations, stats): keyset
 * cursors, page sizes, dates and search text, validated the same way everywhere.
 */

export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 200;

/** A keyset position: the sort timestamp (microsecond ISO, as PostgreSQL stores it) and the row id. */
export interface KeysetPosition {
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ`; microseconds, so rows in the same millisecond never collide. */
  readonly at: string;
  readonly id: string;
}

/** An example `cursor`, for the API documentation. */
export const CURSOR_EXAMPLE =
  'MjAyNi0xMS0yNFQxMjowMDowMC4xMjM0NTZafDVkN2MxZTJhLThiNGYtNGY3YS05YzNkLTJlMWYwYTliOGM3ZA';

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The opaque `cursor` handed to clients: base64url of `<at>|<id>`. */
export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(`${position.at}|${position.id}`, 'utf8').toString('base64url');
}

/** The position in a cursor, or undefined when it is not one of ours (tampered, truncated). */
export function decodeCursor(cursor: string): KeysetPosition | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !at || !id || !CURSOR_TIME.test(at) || !UUID.test(id)) return undefined;
  if (!sameCalendarDate(at)) return undefined;
  return { at, id };
}

/** `cursor`: the `next_cursor` of the previous page. */
export function IsCursorField(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    ValidateBy({
      name: 'isCursor',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && decodeCursor(value) !== undefined,
        defaultMessage: () => 'cursor must be the next_cursor of a previous page',
      },
    }),
  );
}

/** `limit`: an integer page size from 1 to 200. */
export function IsLimitField(): PropertyDecorator {
  const message = `limit must be an integer from 1 to ${PAGE_LIMIT_MAX}`;
  return applyDecorators(
    Type(() => Number),
    IsInt({ message }),
    Min(1, { message }),
    Max(PAGE_LIMIT_MAX, { message }),
  );
}

/** A UUID query field such as `account_id` (any version: ids may come from other systems). */
export function IsUuidQueryField(name: string): PropertyDecorator {
  return IsUUID('all', { message: `${name} must be a UUID` });
}

/** A trimmed free-text search term. */
export function IsSearchField(name: string, max = 200): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.trim() : value,
    ),
    IsString({ message: `${name} must be a string` }),
    MaxLength(max, { message: `${name} must be at most ${max} characters` }),
  );
}

/** What `error_code` filters on: a Meta error code, or `none` for failures without one. */
export type ErrorCodeFilter = number | 'none';

/** A Meta error code as the stats read it: an integer of at most 9 digits. */
const ERROR_CODE = /^-?\d{1,9}$/;

/** `error_code`: digits (a Meta error code, becomes a number) or `none`. */
export function IsErrorCodeField(name: string): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => {
      if (typeof value !== 'string') return value;
      const text = value.trim();
      if (text === 'none') return text;
      return ERROR_CODE.test(text) ? Number(text) : value;
    }),
    ValidateBy({
      name: 'isErrorCode',
      validator: {
        validate: (value: unknown) => value === 'none' || Number.isInteger(value),
        defaultMessage: () => `${name} must be a Meta error code (digits) or none`,
      },
    }),
  );
}

/** `true`/`false` (also `1`/`0`) in a query string; anything else stays as is and is refused. */
export function IsBooleanQueryField(name: string): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => {
      if (value === 'true' || value === '1') return true;
      if (value === 'false' || value === '0') return false;
      return value;
    }),
    ValidateBy({
      name: 'isBooleanQuery',
      validator: {
        validate: (value: unknown) => typeof value === 'boolean',
        defaultMessage: () => `${name} must be true or false`,
      },
    }),
  );
}

const DATE_BOUND =
  /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Reads a `since`/`until` bound: an ISO 8601 date (`2026-11-24`, midnight UTC) or date-time
 * (`2026-11-24T09:30:00Z`, `…+02:00`; without an offset it is UTC). With `end`, a date alone
 * means the end of that day, so `to=2026-11-24` includes the 24th. Undefined when invalid.
 */
export function parseDateBound(value: string, side: 'start' | 'end'): Date | undefined {
  const match = DATE_BOUND.exec(value);
  if (!match) return undefined;
  const [, day, time, zone] = match;
  if (!day || !sameCalendarDate(`${day}T00:00:00Z`)) return undefined;
  const year = Number(day.slice(0, 4));
  if (year < DATE_BOUND_YEARS.first || year > DATE_BOUND_YEARS.last) return undefined;
  if (!time) {
    const midnight = new Date(`${day}T00:00:00Z`);
    return side === 'end' ? new Date(midnight.getTime() + 86_400_000) : midnight;
  }
  const parsed = new Date(`${day}T${time}${zone ?? 'Z'}`);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/**
 * Years a `since`/`until` bound may name: no message predates 1970 or will see the year 3000, and
 * the extremes break in the queries instead of being refused here (PostgreSQL has no year 0,
 * and the end of 9999-12-31 is in year 10000, which ISO strings write as `+010000`).
 */
export const DATE_BOUND_YEARS = { first: 1970, last: 2999 } as const;

/** `since` / `until` query fields; a `+` in an offset that arrived as a space is put back. */
export function IsDateBoundField(name: string): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.trim().replace(/ (\d{2}:?\d{2})$/, '+$1') : value,
    ),
    IsString({ message: `${name} must be an ISO 8601 date or date-time` }),
    ValidateBy({
      name: 'isDateBound',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && parseDateBound(value, 'start') !== undefined,
        defaultMessage: () =>
          `${name} must be an ISO 8601 date (2026-11-24) or date-time (2026-11-24T09:30:00Z) ` +
          `from ${DATE_BOUND_YEARS.first} to ${DATE_BOUND_YEARS.last}`,
      },
    }),
  );
}

/** Escapes `\`, `%` and `_` so user text matches literally inside LIKE/ILIKE (escape `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Whether the date part is a real calendar date (JavaScript rolls 2026-02-30 over to March). */
function sameCalendarDate(iso: string): boolean {
  const time = Date.parse(iso);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === iso.slice(0, 10);
}
