// Public types of the Graph API simulator.
//
// Field names of everything that travels through the admin API (accounts, templates, inbound
// messages, faults, statuses) are snake_case, like Meta's own payloads, so the same object can be
// sent as JSON to `/_sim/...` or passed to the programmatic API.

export type QualityRating = 'GREEN' | 'YELLOW' | 'RED' | 'NA';
export type StatusName = 'sent' | 'delivered' | 'read' | 'failed';

/** Delay (ms after the send was accepted) of each status webhook; `null` skips that status. */
export interface StatusDelays {
  sent: number | null;
  delivered: number | null;
  read: number | null;
}

/** Pair rate limit (same business number -> same recipient): a token bucket. */
export interface PairRateConfig {
  /** One token comes back every `interval_ms` (Meta: about 1 message per 6 s). */
  interval_ms: number;
  /** Bucket size: how many messages may be sent back to back (Meta: bursts up to 45). */
  burst: number;
}

/**
 * What happens to a non-template message sent outside the 24-hour customer service window:
 * `sync` = HTTP error 131047 at once; `webhook` = accepted, then a `failed` status with 131047
 * (what Meta itself usually does); `off` = no window check.
 */
export type ServiceWindowMode = 'sync' | 'webhook' | 'off';

/** Automatic review of templates created through `POST /{waba-id}/message_templates`. */
export interface TemplateReviewConfig {
  outcome: 'APPROVED' | 'REJECTED';
  delay_ms: number;
}

export interface WebhookRetryConfig {
  /** Total attempts per webhook delivery, the first one included. */
  attempts: number;
  /** Delay before the first retry; doubles for each further retry. */
  base_delay_ms: number;
  /** Per-attempt timeout. */
  timeout_ms: number;
}

/** Per-account behaviour. Every field is optional: account -> `defaults` -> built-in default. */
export interface AccountBehaviour {
  /** Throughput limit in messages per second (error 130429 beyond). Built-in: 80. */
  mps?: number;
  /** Built-in: `{ sent: 200, delivered: 1000, read: 3000 }`. */
  status_delays_ms?: Partial<StatusDelays>;
  /** Built-in: `{ interval_ms: 6000, burst: 45 }` (error 131056 beyond). */
  pair_rate?: Partial<PairRateConfig>;
  /** Recipients answered synchronously with 131026 (any format; normalised like `to`). */
  undeliverable?: string[];
  /** Recipients ending with this suffix are undeliverable (131026). Built-in: `"0000"`; `null` = off. */
  undeliverable_suffix?: string | null;
  /** Recipient -> error code: the send is accepted, then a `failed` status webhook with that code. */
  fail_after_send?: Record<string, number>;
  /** Deliver every status webhook twice. */
  duplicate_statuses?: boolean;
  /** Deliver the status webhooks of a message in reverse order (read, delivered, sent). */
  shuffle_statuses?: boolean;
  /** Built-in: `sync`. */
  service_window?: ServiceWindowMode;
  /** Built-in: `{ outcome: 'APPROVED', delay_ms: 2000 }`; `null` = templates stay PENDING. */
  template_review?: TemplateReviewConfig | null;
  /** `PMP` (per-message pricing, built-in) or the legacy `CBP` (adds `conversation`). */
  pricing_model?: 'PMP' | 'CBP';
  /** HTTP status of the 130429 / 131056 rate-limit errors. Built-in: 400 (see README). */
  rate_limit_http_status?: 400 | 429;
}

/** Body of `POST /_sim/accounts`: one business phone number the simulator then serves. */
export interface AccountInput extends AccountBehaviour {
  phone_number_id: string;
  waba_id: string;
  access_token: string;
  /** Signs this account's webhooks. Default: `defaults.app_secret` or `"sim-app-secret"`. */
  app_secret?: string;
  /** Default: `"+1 555-555-" + last 4 digits of phone_number_id`. */
  display_phone_number?: string;
  /** Default: `"Simulated Business"`. */
  verified_name?: string;
  /** Default: `GREEN`. */
  quality_rating?: QualityRating;
  /** Where this account's webhooks go (default: `defaults.webhook_url`; none = not delivered). */
  webhook_url?: string | null;
  /** WABA display name. Default: `"Simulated WABA <waba_id>"`. */
  waba_name?: string;
  /** `whatsapp_business_manager_messaging_limit`. Default: `TIER_2K`. */
  messaging_limit?: string;
  /** Register the account with an expired token: every call answers 190 / subcode 463. */
  token_expired?: boolean;
  /** The Meta app the access token belongs to (`/{app-id}/uploads`). Default: `100000000000999`. */
  app_id?: string;
}

/** Body of `PATCH /_sim/accounts/:phone_number_id`. */
export type AccountPatch = Partial<Omit<AccountInput, 'phone_number_id'>>;

/** An account as the simulator holds it (defaults filled in). */
export interface Account extends AccountInput {
  app_secret: string;
  display_phone_number: string;
  verified_name: string;
  quality_rating: QualityRating;
  webhook_url: string | null;
  waba_name: string;
  messaging_limit: string;
  token_expired: boolean;
  created_at: string;
}

/** Simulator-wide defaults: account behaviour plus settings that only exist globally. */
export interface SimulatorDefaults extends AccountBehaviour {
  app_secret?: string;
  webhook_url?: string | null;
  /** Length of the customer service window. Built-in: 24 h. */
  service_window_ms?: number;
  /** Built-in: `{ attempts: 5, base_delay_ms: 250, timeout_ms: 5000 }`. */
  webhook_retry?: Partial<WebhookRetryConfig>;
  /** How long a `timeout` fault holds the request open. Built-in: 30000. */
  timeout_fault_ms?: number;
  /** Lifetime of media download URLs. Built-in: 300000 (Meta: 5 minutes). */
  media_url_ttl_ms?: number;
  /**
   * Serialise webhook bodies like Meta does (non-ASCII as `\uXXXX`, `/` as `\/`), so a receiver
   * that re-serialises parsed JSON instead of hashing the raw bytes fails, as it would with Meta.
   * Built-in: true.
   */
  escape_webhook_json?: boolean;
}

export interface SimulatorOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Base URL put into media URLs; default: taken from the request's Host header. */
  publicUrl?: string;
  defaults?: SimulatorDefaults;
  /** Fastify request logging (default false). */
  logger?: boolean;
}

// ---------------------------------------------------------------- templates

export type TemplateCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
export type TemplateStatus =
  | 'APPROVED'
  | 'PENDING'
  | 'REJECTED'
  | 'PAUSED'
  | 'DISABLED'
  | 'IN_APPEAL'
  | 'ARCHIVED'
  | 'PENDING_DELETION'
  | 'DELETED'
  | 'LIMIT_EXCEEDED';

export interface TemplateButton {
  type: string;
  text?: string;
  url?: string;
  phone_number?: string;
  otp_type?: string;
  [key: string]: unknown;
}

/** A template component in Meta's creation format (`HEADER`, `BODY`, `FOOTER`, `BUTTONS`). */
export interface TemplateComponent {
  type: string;
  format?: string;
  text?: string;
  buttons?: TemplateButton[];
  example?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Body of `POST /_sim/templates`. */
export interface TemplateInput {
  waba_id: string;
  name: string;
  language: string;
  category: TemplateCategory;
  /** Default `APPROVED`. */
  status?: TemplateStatus;
  components?: TemplateComponent[];
  parameter_format?: 'POSITIONAL' | 'NAMED';
  /** Default: a generated numeric id. */
  id?: string;
  rejected_reason?: string;
}

export interface Template {
  id: string;
  waba_id: string;
  name: string;
  language: string;
  category: TemplateCategory;
  status: TemplateStatus;
  components: TemplateComponent[];
  parameter_format: 'POSITIONAL' | 'NAMED';
  rejected_reason?: string;
  /** Meta's quality score (`GREEN`, `YELLOW`, `RED`, `UNKNOWN`); absent until rated. */
  quality_score?: string;
  /** The category before Meta changed it (`template_category_update`). */
  previous_category?: string;
  created_at: string;
}

// ---------------------------------------------------------------- inbound

export type InboundType =
  | 'text'
  | 'image'
  | 'video'
  | 'audio'
  | 'document'
  | 'sticker'
  | 'location'
  | 'contacts'
  | 'interactive'
  | 'button'
  | 'reaction'
  | 'unsupported';

export interface InboundMediaInput {
  caption?: string;
  filename?: string;
  mime_type?: string;
  /** File content; default: a small generated file of the right type (a PNG for images). */
  data_base64?: string;
  /** audio: a voice note. */
  voice?: boolean;
  /** sticker: animated. */
  animated?: boolean;
}

/** `POST /_sim/user-preferences`: a user taps "Stop promotions" (or resumes them) in WhatsApp. */
export interface UserPreferenceInput {
  phone_number_id: string;
  /** The user's phone number (wa_id), or `user_id` for username users. */
  wa_id?: string;
  user_id?: string;
  /** `stop` or `resume` marketing messages. */
  value: 'stop' | 'resume';
  detail?: string;
  /** When the user made the choice, Unix seconds (the webhook's `timestamp`); default now. */
  timestamp?: number;
  delay_ms?: number;
}

/**
 * `POST /_sim/customers`: a customer the number knows already, as Meta remembers them and a
 * restarted simulator does not: their profile and when they last wrote. Sends no webhook.
 */
export interface CustomerInput {
  phone_number_id: string;
  /** The customer's number (any format), or `user_id` for username users. */
  wa_id?: string;
  user_id?: string;
  profile_name?: string;
  /** When they last wrote, Unix seconds (default now): their 24-hour window runs from then. */
  last_inbound_at?: number;
}

/** A customer as a business number knows them. */
export interface Customer {
  phone_number_id: string;
  /** Digits; `""` for username users. */
  wa_id: string;
  user_id?: string;
  profile_name: string;
  /** When they last wrote, Unix seconds. */
  last_inbound_at: number;
}

/** Body of `POST /_sim/inbound`: a customer writes to a business number. */
export interface InboundInput {
  phone_number_id: string;
  /** The customer's number (any format). May be `""` for username users with `from_user_id`. */
  from: string;
  profile_name?: string;
  type: InboundType;
  text?: string | { body: string };
  image?: InboundMediaInput;
  video?: InboundMediaInput;
  audio?: InboundMediaInput;
  document?: InboundMediaInput;
  sticker?: InboundMediaInput;
  location?: { latitude: number; longitude: number; name?: string; address?: string; url?: string };
  contacts?: Record<string, unknown>[];
  interactive?:
    | { type: 'button_reply'; button_reply: { id: string; title: string } }
    | { type: 'list_reply'; list_reply: { id: string; title: string; description?: string } };
  button?: { payload: string; text: string };
  reaction?: { message_id: string; emoji: string };
  /** A reply: `message_id` of the quoted message (`from` defaults to the business number). */
  context?: { message_id: string; from?: string };
  /** Business-scoped user id (2026 usernames). `user_id` is accepted as an alias. */
  from_user_id?: string;
  user_id?: string;
  username?: string;
  /** Merged into the webhook's message object (e.g. `referral`). */
  extra?: Record<string, unknown>;
  /** Deliver the webhook after this delay (default at once). */
  delay_ms?: number;
}

export interface InboundResult {
  message_id: string;
  wa_id: string;
  user_id?: string;
  media_id?: string;
  /** The webhook body that is (or will be) delivered. */
  webhook: Record<string, unknown>;
}

// ---------------------------------------------------------------- records

export interface StatusEvent {
  status: StatusName;
  at: string;
  code?: number;
}

/** A message the simulator accepted (`GET /_sim/sent`). */
export interface SentMessage {
  wamid: string;
  phone_number_id: string;
  /** Normalised recipient (wa_id), or the business-scoped user id. */
  to: string;
  /** `to` as the client sent it. */
  input: string;
  type: string;
  /** The request body, as received. */
  body: Record<string, unknown>;
  accepted_at: string;
  biz_opaque_callback_data?: string;
  template?: { id: string; name: string; language: string; category: TemplateCategory };
  /** Status webhooks emitted so far (first delivery of each). */
  statuses: StatusEvent[];
}

/** A mark-as-read call (`GET /_sim/receipts`). */
export interface ReadReceipt {
  phone_number_id: string;
  message_id: string;
  typing_indicator?: string;
  at: string;
}

/**
 * `slow`: Meta does the work (a message is accepted, its statuses follow) but answers only
 * after `hold_ms`, so a client that gives up first cannot know it went.
 */
export type FaultKind = '5xx' | 'timeout' | '429' | 'error' | 'slow';
export type FaultEndpoint =
  | 'phone_number'
  | 'messages'
  | 'media_upload'
  | 'media'
  | 'media_download'
  | 'waba'
  | 'phone_numbers'
  | 'message_templates'
  | 'template'
  | 'subscribed_apps';

/** Body of `POST /_sim/faults`. */
export interface FaultInput {
  /** Only calls for this number (its node, /messages, /media, and media it owns). Omitted: any call. */
  phone_number_id?: string;
  /** Only calls to this endpoint. Omitted: any. */
  endpoint?: FaultEndpoint;
  kind: FaultKind;
  /** `5xx`: 1 or 2 (default 2); `429`: 4 (default), 80007 or 130429; `error`: any Meta code. */
  code?: number;
  /** How many calls fail (default 1). */
  count?: number;
  /** `429`: the Retry-After header in seconds (default 1). */
  retry_after?: number;
  /** `timeout` / `slow`: how long to hold the request or its answer (default `defaults.timeout_fault_ms`). */
  hold_ms?: number;
  /** Override the HTTP status (e.g. 503 for a `5xx`). */
  http_status?: number;
  /** `error`: override the error_data.details text. */
  details?: string;
}

export interface Fault extends FaultInput {
  id: string;
  count: number;
  remaining: number;
  created_at: string;
}

export type WebhookKind =
  | 'status'
  | 'inbound'
  | 'template_status'
  | 'template_quality'
  | 'template_category'
  | 'user_preferences';

/** One attempt to deliver a webhook (`GET /_sim/webhooks`). */
export interface WebhookAttempt {
  delivery_id: string;
  attempt: number;
  kind: WebhookKind;
  url: string | null;
  phone_number_id?: string;
  waba_id: string;
  wamid?: string;
  status?: string;
  duplicate: boolean;
  /** The exact bytes sent, as a string. */
  raw_body: string;
  payload: Record<string, unknown>;
  signature: string;
  sent_at: string;
  /** HTTP status of the receiver's answer; null when none (network error, timeout, no URL). */
  status_code: number | null;
  ok: boolean;
  error?: string;
  duration_ms: number;
}

export interface WebhookFilter {
  phone_number_id?: string;
  waba_id?: string;
  kind?: WebhookKind;
  wamid?: string;
  status?: string;
}

/** Body of `POST /_sim/statuses`: push an arbitrary status webhook for a message. */
export interface StatusPushInput {
  phone_number_id: string;
  /** A wamid the simulator accepted, or any id (then `recipient_id` is needed). */
  wamid: string;
  status: StatusName;
  recipient_id?: string;
  /** For `failed`: the error code (default 131026). */
  code?: number;
  /** Custom error title/message/details for `failed`. */
  title?: string;
  details?: string;
  biz_opaque_callback_data?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  delay_ms?: number;
}

export interface Simulator {
  /** e.g. `http://127.0.0.1:8089` — the Graph base URL is `${url}/v23.0`. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** Stops the server, cancels every timer, pending webhook and held request. */
  close(): Promise<void>;
  /** Forgets everything (like `POST /_sim/reset`). */
  reset(): void;
  /** Resolves when no status, retry, review timer or webhook delivery is pending. */
  idle(timeoutMs?: number): Promise<void>;
  addAccount(input: AccountInput): Account;
  updateAccount(phoneNumberId: string, patch: AccountPatch): Account;
  getAccount(phoneNumberId: string): Account | undefined;
  expireToken(accessToken: string): void;
  addTemplate(input: TemplateInput): Template;
  setTemplateStatus(templateId: string, status: TemplateStatus, reason?: string): Template;
  /** Sends `message_template_quality_update` with the new score. */
  setTemplateQuality(templateId: string, score: string): Template;
  /** Sends `template_category_update`, impending (announced) or completed. */
  updateTemplateCategory(
    templateId: string,
    category: TemplateCategory,
    impending: boolean,
  ): Template;
  templates(wabaId?: string): Template[];
  inbound(input: InboundInput): InboundResult;
  /** The user stops or resumes marketing messages from a number (`user_preferences` webhook). */
  userPreference(input: UserPreferenceInput): Record<string, unknown>;
  /** A customer the number knows already, and when they last wrote (no webhook). */
  addCustomer(input: CustomerInput): Customer;
  pushStatus(input: StatusPushInput): void;
  addFault(input: FaultInput): Fault;
  sent(phoneNumberId?: string): SentMessage[];
  receipts(phoneNumberId?: string): ReadReceipt[];
  webhooks(filter?: WebhookFilter): WebhookAttempt[];
}
