import type { MessageErrorDto } from '../../core/api/models/message-error-dto';

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

/** Meta's error as the API explains it (`meta_error`), when `value` is one. */
export function metaErrorOf(value: unknown): MessageErrorDto | null {
  const error = record(value);
  if (!error) return null;
  return typeof error['title'] === 'string' &&
    typeof error['explanation'] === 'string' &&
    typeof error['fix'] === 'string' &&
    typeof error['retryable'] === 'boolean'
    ? (error as unknown as MessageErrorDto)
    : null;
}
