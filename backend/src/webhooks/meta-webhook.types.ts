// Shapes of Meta's webhook deliveries, as far as we read them (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview,
// business-scoped user ids: https://developers.facebook.com/documentation/business-messaging/whatsapp/bsuid; Meta's OpenAPI `WebhookPayload`). Everything is optional: a payload is trusted for its signature,
// never for its shape, and whatever we do not know is kept in the inbox and ignored.
import { type MetaStatus } from '../messages/meta-status.js';

export interface MetaWebhookPayload {
  readonly object?: string;
  readonly entry?: readonly MetaWebhookEntry[];
}

export interface MetaWebhookEntry {
  /** The WhatsApp Business Account id. */
  readonly id?: string;
  /** Unix seconds (template and account fields). */
  readonly time?: number;
  readonly changes?: readonly MetaWebhookChange[];
}

export interface MetaWebhookChange {
  readonly field?: string;
  readonly value?: unknown;
}

/** `value` of `field: "messages"`. */
export interface MetaMessagesValue {
  readonly messaging_product?: string;
  readonly metadata?: { readonly display_phone_number?: string; readonly phone_number_id?: string };
  readonly contacts?: readonly MetaContact[];
  readonly messages?: readonly MetaInboundMessage[];
  readonly statuses?: readonly MetaStatus[];
  /** System or app-level errors, not tied to one message. */
  readonly errors?: readonly MetaError[];
}

/** A `user_preferences` change: the user stopped or resumed marketing messages from a number. */
export interface MetaUserPreferencesValue {
  readonly messaging_product?: string;
  readonly metadata?: { readonly display_phone_number?: string; readonly phone_number_id?: string };
  readonly contacts?: readonly MetaContact[];
  readonly user_preferences?: readonly MetaUserPreference[];
}

export interface MetaUserPreference {
  readonly wa_id?: string;
  readonly user_id?: string;
  readonly detail?: string;
  /** `marketing_messages` (the only category so far). */
  readonly category?: string;
  /** `stop` or `resume`. */
  readonly value?: string;
  /** Unix seconds. */
  readonly timestamp?: string | number;
}

export interface MetaContact {
  readonly profile?: { readonly name?: string; readonly username?: string };
  /** Phone-number WhatsApp id; '' for username users (2026). */
  readonly wa_id?: string;
  /** Business-scoped user id (2026). */
  readonly user_id?: string;
}

export interface MetaError {
  readonly code?: number;
  readonly title?: string;
  readonly message?: string;
  readonly error_data?: { readonly details?: string };
}

export interface MetaMedia {
  readonly id?: string;
  readonly mime_type?: string;
  readonly sha256?: string;
  readonly caption?: string;
  readonly filename?: string;
  readonly voice?: boolean;
  readonly animated?: boolean;
  readonly url?: string;
}

/** One inbound message; its type-specific object sits under the key named by `type`. */
export interface MetaInboundMessage {
  readonly id?: string;
  /** The customer's number; may be '' for username users, who then have `from_user_id`. */
  readonly from?: string;
  readonly from_user_id?: string;
  /** Unix seconds, as a string. */
  readonly timestamp?: string;
  readonly type?: string;
  readonly context?: { readonly id?: string; readonly from?: string; readonly forwarded?: boolean };
  readonly referral?: Record<string, unknown>;
  readonly errors?: readonly MetaError[];
  readonly text?: { readonly body?: string };
  readonly image?: MetaMedia;
  readonly video?: MetaMedia;
  readonly audio?: MetaMedia;
  readonly document?: MetaMedia;
  readonly sticker?: MetaMedia;
  readonly location?: {
    readonly latitude?: number;
    readonly longitude?: number;
    readonly name?: string;
    readonly address?: string;
  };
  readonly contacts?: ReadonlyArray<{ readonly name?: { readonly formatted_name?: string } }>;
  readonly interactive?: {
    readonly type?: string;
    readonly button_reply?: { readonly id?: string; readonly title?: string };
    readonly list_reply?: { readonly id?: string; readonly title?: string };
    readonly nfm_reply?: { readonly name?: string; readonly body?: string };
  };
  readonly button?: { readonly payload?: string; readonly text?: string };
  readonly reaction?: { readonly message_id?: string; readonly emoji?: string };
  readonly order?: { readonly text?: string; readonly product_items?: readonly unknown[] };
  readonly system?: { readonly body?: string; readonly type?: string; readonly wa_id?: string };
}

/** `value` of `field: "message_template_status_update"`. */
export interface MetaTemplateStatusValue {
  readonly event?: string;
  readonly message_template_id?: number | string;
  readonly message_template_name?: string;
  readonly message_template_language?: string;
  readonly reason?: string | null;
  readonly rejection_info?: { readonly reason?: string; readonly recommendation?: string };
  readonly other_info?: { readonly title?: string; readonly description?: string };
}

/** `value` of `field: "message_template_quality_update"`. */
export interface MetaTemplateQualityValue {
  readonly previous_quality_score?: string;
  readonly new_quality_score?: string;
  readonly message_template_id?: number | string;
  readonly message_template_name?: string;
  readonly message_template_language?: string;
}

/**
 * `value` of `field: "template_category_update"`: announced (`correct_category`, `new_category`
 * the current one, `category_update_timestamp`) or done (`previous_category`, `new_category`).
 */
export interface MetaTemplateCategoryValue {
  readonly message_template_id?: number | string;
  readonly message_template_name?: string;
  readonly message_template_language?: string;
  readonly correct_category?: string;
  readonly previous_category?: string;
  readonly new_category?: string;
  readonly category_update_timestamp?: number;
}

/** `value` of `field: "phone_number_quality_update"`. */
export interface MetaQualityValue {
  readonly display_phone_number?: string;
  readonly event?: string;
  /** Deprecated by Meta (2026) in favour of max_daily_conversations_per_business. */
  readonly current_limit?: string;
  readonly old_limit?: string;
  readonly max_daily_conversations_per_business?: string;
}
