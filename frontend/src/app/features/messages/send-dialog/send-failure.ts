import { HttpErrorResponse } from '@angular/common/http';
import type { MessageErrorDto } from '../../../core/api/models/message-error-dto';
import { apiFieldErrors, describeError } from '../../../core/errors/api-error';
import { metaErrorOf } from '../../../shared/meta-error/meta-error-of';

/** Why a send failed, as the dialog shows it. */
export type SendFailure =
  /** 400: messages for the fields (shown under them). */
  | { readonly kind: 'fields' }
  /** 422: a free-form message outside the 24-hour customer service window. */
  | {
      readonly kind: 'window-closed';
      readonly message: string;
      /** When the contact last wrote, or `null` when they never did. */
      readonly lastInboundAt: string | null;
    }
  /** 422 (refused) or 502 (Meta unreachable, `retryable`): Meta's error, explained. */
  | { readonly kind: 'meta'; readonly message: string; readonly error: MessageErrorDto }
  /** Another 422: no such template, not approved, an Idempotency-Key reused. */
  | { readonly kind: 'refused'; readonly message: string }
  /** No answer, or a server error without Meta's: the message may or may not have gone out. */
  | { readonly kind: 'unknown'; readonly message: string }
  /** Anything else (403, 404, ...): for the error snackbar. */
  | { readonly kind: 'other'; readonly error: unknown };

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

export function classifySendFailure(error: unknown): SendFailure {
  if (!(error instanceof HttpErrorResponse)) return { kind: 'other', error };
  const body = record(error.error);
  const message = typeof body?.['message'] === 'string' ? body['message'] : describeError(error);
  const metaError = metaErrorOf(body?.['meta_error']);
  if (metaError && (error.status === 422 || error.status === 502)) {
    return { kind: 'meta', message, error: metaError };
  }
  if (error.status === 400 && apiFieldErrors(error).size > 0) return { kind: 'fields' };
  if (error.status === 422) {
    const window = record(body?.['window']);
    if (window && window['open'] === false) {
      const last = window['last_inbound_at'];
      return {
        kind: 'window-closed',
        message,
        lastInboundAt: typeof last === 'string' ? last : null,
      };
    }
    return { kind: 'refused', message };
  }
  if (error.status === 0 || error.status >= 500) {
    return { kind: 'unknown', message: describeError(error) };
  }
  return { kind: 'other', error };
}
