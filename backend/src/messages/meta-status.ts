/** Meta's error object in webhooks: a failed status's `errors[]`, an inbound message's `errors[]`. */
export interface MetaErrorObject {
  readonly code?: number;
  readonly title?: string;
  readonly message?: string;
  readonly error_data?: { readonly details?: string };
}

/**
 * One status of an outbound message as Meta reports it in `statuses[]`
 * (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components#statuses-object).
 */
export interface MetaStatus {
  readonly id: string;
  readonly status: string;
  /** Unix seconds, as a string. */
  readonly timestamp?: string;
  readonly recipient_id?: string;
  readonly recipient_user_id?: string;
  readonly biz_opaque_callback_data?: string;
  readonly pricing?: Record<string, unknown>;
  readonly conversation?: Record<string, unknown>;
  readonly errors?: MetaErrorObject[];
}
