import { HttpErrorResponse } from '@angular/common/http';
import type { ErrorResponseDto } from '../api/models/error-response-dto';

/** True when `value` has the backend's stable error body (`ErrorResponseDto`). */
export function isErrorResponseDto(value: unknown): value is ErrorResponseDto {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Partial<Record<keyof ErrorResponseDto, unknown>>;
  return typeof body.status_code === 'number' && typeof body.message === 'string';
}

/** The HTTP status of an API failure, or `null` when `error` is not an HTTP error. */
export function httpStatus(error: unknown): number | null {
  return error instanceof HttpErrorResponse ? error.status : null;
}

/** The backend's error body, when the failure carries one. */
export function apiErrorBody(error: unknown): ErrorResponseDto | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  return isErrorResponseDto(error.error) ? error.error : null;
}

/**
 * Field-level messages of a 400 validation error, keyed by JSON field name (`email`,
 * `organization_name`, ...). Empty for any other error.
 */
export function apiFieldErrors(error: unknown): ReadonlyMap<string, readonly string[]> {
  const details = apiErrorBody(error)?.details ?? [];
  const byField = new Map<string, string[]>();
  for (const { field, messages } of details) {
    byField.set(field, [...(byField.get(field) ?? []), ...messages]);
  }
  return byField;
}

/** A short sentence for the user. Never exposes stack traces or internals. */
export function describeError(error: unknown): string {
  if (!(error instanceof HttpErrorResponse)) {
    return 'Something unexpected went wrong. Please reload the page and try again.';
  }
  if (error.status === 0) {
    return "Can't reach the server. Check your connection and try again.";
  }
  const body = apiErrorBody(error);
  if (error.status >= 500) {
    const reference = body?.request_id ? ` (reference ${body.request_id})` : '';
    return `Something went wrong on the server. Please try again${reference}.`;
  }
  if (body?.message) return body.message;
  if (error.status === 429) return 'Too many attempts. Please wait a moment and try again.';
  return `The request failed (${error.status}${error.statusText ? ` ${error.statusText}` : ''}).`;
}
