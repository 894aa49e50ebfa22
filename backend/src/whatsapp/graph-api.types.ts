/**
 * Shapes of the Graph API answers we use: Meta's Cloud API reference and its OpenAPI document
 * (tools/graph-simulator/meta-spec).
 */

export type QualityRating = 'GREEN' | 'YELLOW' | 'RED' | 'NA' | 'UNKNOWN';

export interface PhoneNumberInfo {
  readonly id: string;
  readonly display_phone_number: string;
  readonly verified_name: string;
  readonly quality_rating?: QualityRating;
  readonly throughput?: { readonly level: string };
  readonly whatsapp_business_manager_messaging_limit?: string;
  readonly name_status?: string;
  readonly code_verification_status?: string;
  readonly platform_type?: string;
  readonly status?: string;
}

export interface BusinessAccountInfo {
  readonly id: string;
  readonly name?: string;
  readonly currency?: string;
  readonly timezone_id?: string;
  readonly message_template_namespace?: string;
}

export interface Paged<T> {
  readonly data: T[];
  readonly paging?: {
    readonly cursors?: { readonly before?: string; readonly after?: string };
    readonly next?: string;
  };
}

/** The body of POST /{phone-number-id}/messages minus `messaging_product`, which the client adds. */
export interface OutgoingMessage {
  readonly to: string;
  readonly type: string;
  readonly recipient_type?: 'individual' | 'group';
  readonly context?: { readonly message_id: string };
  readonly biz_opaque_callback_data?: string;
  readonly [payload: string]: unknown;
}

export interface SendMessageResult {
  readonly messaging_product: 'whatsapp';
  readonly contacts?: Array<{ readonly input: string; readonly wa_id: string }>;
  readonly messages: Array<{ readonly id: string; readonly message_status?: string }>;
}

export interface TemplateButton {
  readonly type?: string;
  readonly text?: string;
  /** URL buttons: may hold one placeholder ({{1}}). */
  readonly url?: string;
  readonly [other: string]: unknown;
}

export interface TemplateComponent {
  readonly type: string;
  readonly format?: string;
  readonly text?: string;
  readonly buttons?: TemplateButton[];
  readonly example?: unknown;
  readonly [other: string]: unknown;
}

export interface MessageTemplate {
  readonly id: string;
  readonly name: string;
  readonly language: string;
  readonly status: string;
  readonly category: string;
  readonly components: TemplateComponent[];
  readonly [other: string]: unknown;
}

export interface CreateTemplateInput {
  readonly name: string;
  readonly language: string;
  readonly category: string;
  readonly parameter_format?: 'POSITIONAL' | 'NAMED';
  readonly components: readonly TemplateComponent[];
}

export interface MediaInfo {
  readonly id: string;
  readonly url: string;
  readonly mime_type: string;
  readonly sha256: string;
  /** A string in Meta's spec (e.g. "303833"); treat as either. */
  readonly file_size: string | number;
}
