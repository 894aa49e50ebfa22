// Checks of admin API bodies (also applied to the programmatic API), with messages that name the
// offending field.
import { isRecord, type JsonObject } from './json.ts';
import { SimError } from './sim-error.ts';
import type {
  AccountBehaviour,
  AccountInput,
  AccountPatch,
  CustomerInput,
  FaultEndpoint,
  FaultInput,
  FaultKind,
  InboundInput,
  InboundType,
  QualityRating,
  StatusPushInput,
  TemplateCategory,
  TemplateInput,
  TemplateStatus,
} from './types.ts';

function fail(message: string): never {
  throw new SimError(400, message);
}

function object(value: unknown, what: string): JsonObject {
  if (!isRecord(value)) fail(`${what} must be a JSON object`);
  return value;
}

function optString(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(`${key} must be a string`);
  return value;
}

function reqString(body: JsonObject, key: string): string {
  const value = optString(body, key);
  if (value === undefined || value === '') fail(`${key} is required`);
  return value;
}

function numericId(body: JsonObject, key: string): string {
  const raw = body[key];
  const value = typeof raw === 'number' ? String(raw) : raw;
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value))
    fail(`${key} must be a numeric id string`);
  return value;
}

function optNumber(body: JsonObject, key: string, min = 0): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    fail(`${key} must be a number >= ${min}`);
  }
  return value;
}

function optBoolean(body: JsonObject, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') fail(`${key} must be a boolean`);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], key: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(`${key} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function optUrl(body: JsonObject, key: string): string | null | undefined {
  const value = body[key];
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string' || !/^https?:\/\//.test(value))
    fail(`${key} must be an http(s) URL or null`);
  return value;
}

const QUALITY: QualityRating[] = ['GREEN', 'YELLOW', 'RED', 'NA'];

/** The behaviour fields shared by accounts and simulator defaults. */
export function parseBehaviour(body: JsonObject): AccountBehaviour {
  const out: AccountBehaviour = {};
  const mps = optNumber(body, 'mps', 0.001);
  if (mps !== undefined) out.mps = mps;
  if (body['status_delays_ms'] !== undefined) {
    const delays = object(body['status_delays_ms'], 'status_delays_ms');
    out.status_delays_ms = {};
    for (const key of ['sent', 'delivered', 'read'] as const) {
      const value = delays[key];
      if (value === undefined) continue;
      if (value !== null && (typeof value !== 'number' || value < 0)) {
        fail(`status_delays_ms.${key} must be a number >= 0 or null`);
      }
      out.status_delays_ms[key] = value;
    }
  }
  if (body['pair_rate'] !== undefined) {
    const pair = object(body['pair_rate'], 'pair_rate');
    out.pair_rate = {};
    const interval = optNumber(pair, 'interval_ms', 1);
    const burst = optNumber(pair, 'burst', 1);
    if (interval !== undefined) out.pair_rate.interval_ms = interval;
    if (burst !== undefined) out.pair_rate.burst = burst;
  }
  if (body['undeliverable'] !== undefined) {
    const list = body['undeliverable'];
    if (!Array.isArray(list) || !list.every((n) => typeof n === 'string')) {
      fail('undeliverable must be an array of phone numbers');
    }
    out.undeliverable = list;
  }
  if (body['undeliverable_suffix'] !== undefined) {
    const suffix = body['undeliverable_suffix'];
    if (suffix !== null && (typeof suffix !== 'string' || !/^\d+$/.test(suffix))) {
      fail('undeliverable_suffix must be a string of digits or null');
    }
    out.undeliverable_suffix = suffix;
  }
  if (body['fail_after_send'] !== undefined) {
    const map = object(body['fail_after_send'], 'fail_after_send');
    const parsed: Record<string, number> = {};
    for (const [number, code] of Object.entries(map)) {
      if (typeof code !== 'number' || !Number.isInteger(code)) {
        fail(`fail_after_send["${number}"] must be an error code (integer)`);
      }
      parsed[number] = code;
    }
    out.fail_after_send = parsed;
  }
  const duplicate = optBoolean(body, 'duplicate_statuses');
  if (duplicate !== undefined) out.duplicate_statuses = duplicate;
  const shuffle = optBoolean(body, 'shuffle_statuses');
  if (shuffle !== undefined) out.shuffle_statuses = shuffle;
  if (body['service_window'] !== undefined) {
    out.service_window = oneOf(
      body['service_window'],
      ['sync', 'webhook', 'off'] as const,
      'service_window',
    );
  }
  if (body['template_review'] !== undefined) {
    const review = body['template_review'];
    if (review === null) out.template_review = null;
    else {
      const r = object(review, 'template_review');
      out.template_review = {
        outcome: oneOf(
          r['outcome'] ?? 'APPROVED',
          ['APPROVED', 'REJECTED'] as const,
          'template_review.outcome',
        ),
        delay_ms: optNumber(r, 'delay_ms') ?? 0,
      };
    }
  }
  if (body['pricing_model'] !== undefined) {
    out.pricing_model = oneOf(body['pricing_model'], ['PMP', 'CBP'] as const, 'pricing_model');
  }
  if (body['rate_limit_http_status'] !== undefined) {
    const status = body['rate_limit_http_status'];
    if (status !== 400 && status !== 429) fail('rate_limit_http_status must be 400 or 429');
    out.rate_limit_http_status = status;
  }
  return out;
}

function parseAccountFields(body: JsonObject): AccountPatch {
  const out: AccountPatch = parseBehaviour(body);
  if (body['waba_id'] !== undefined) out.waba_id = numericId(body, 'waba_id');
  const token = optString(body, 'access_token');
  if (token !== undefined) {
    if (token.trim() === '') fail('access_token must not be empty');
    out.access_token = token;
  }
  const secret = optString(body, 'app_secret');
  if (secret !== undefined) out.app_secret = secret;
  if (body['app_id'] !== undefined) out.app_id = numericId(body, 'app_id');
  const display = optString(body, 'display_phone_number');
  if (display !== undefined) {
    if (!/^\+?[\d\s\-()]{6,24}$/.test(display)) fail('display_phone_number must be a phone number');
    out.display_phone_number = display;
  }
  const verified = optString(body, 'verified_name');
  if (verified !== undefined) out.verified_name = verified;
  if (body['quality_rating'] !== undefined) {
    out.quality_rating = oneOf(body['quality_rating'], QUALITY, 'quality_rating');
  }
  const url = optUrl(body, 'webhook_url');
  if (url !== undefined) out.webhook_url = url;
  const wabaName = optString(body, 'waba_name');
  if (wabaName !== undefined) out.waba_name = wabaName;
  const limit = optString(body, 'messaging_limit');
  if (limit !== undefined) out.messaging_limit = limit;
  const expired = optBoolean(body, 'token_expired');
  if (expired !== undefined) out.token_expired = expired;
  return out;
}

export function parseAccountInput(value: unknown): AccountInput {
  const body = object(value, 'account');
  const phoneNumberId = numericId(body, 'phone_number_id');
  numericId(body, 'waba_id');
  reqString(body, 'access_token');
  const fields = parseAccountFields(body);
  return { ...fields, phone_number_id: phoneNumberId } as AccountInput;
}

export function parseAccountPatch(value: unknown): AccountPatch {
  const body = object(value, 'patch');
  if (body['phone_number_id'] !== undefined) fail('phone_number_id cannot be changed');
  return parseAccountFields(body);
}

const CATEGORIES: TemplateCategory[] = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];
export const TEMPLATE_STATUSES: TemplateStatus[] = [
  'APPROVED',
  'PENDING',
  'REJECTED',
  'PAUSED',
  'DISABLED',
  'IN_APPEAL',
  'ARCHIVED',
  'PENDING_DELETION',
  'DELETED',
  'LIMIT_EXCEEDED',
];

export function parseTemplateInput(value: unknown): TemplateInput {
  const body = object(value, 'template');
  const out: TemplateInput = {
    waba_id: numericId(body, 'waba_id'),
    name: reqString(body, 'name'),
    language: reqString(body, 'language'),
    category: oneOf(
      typeof body['category'] === 'string' ? body['category'].toUpperCase() : body['category'],
      CATEGORIES,
      'category',
    ),
  };
  if (body['status'] !== undefined) out.status = oneOf(body['status'], TEMPLATE_STATUSES, 'status');
  if (body['components'] !== undefined) {
    const components = body['components'];
    if (
      !Array.isArray(components) ||
      !components.every((c) => isRecord(c) && typeof c['type'] === 'string')
    ) {
      fail('components must be an array of objects with a type');
    }
    out.components = components as TemplateInput['components'];
  }
  if (body['parameter_format'] !== undefined) {
    out.parameter_format = oneOf(
      body['parameter_format'],
      ['POSITIONAL', 'NAMED'] as const,
      'parameter_format',
    );
  }
  if (body['id'] !== undefined) out.id = numericId(body, 'id');
  const reason = optString(body, 'rejected_reason');
  if (reason !== undefined) out.rejected_reason = reason;
  return out;
}

export function parseTemplateQuality(value: unknown): { score: string } {
  const body = object(value, 'body');
  return {
    score: oneOf(
      body['quality_score'],
      ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'] as const,
      'quality_score',
    ),
  };
}

export function parseTemplateCategory(value: unknown): {
  category: TemplateCategory;
  impending: boolean;
} {
  const body = object(value, 'body');
  const category = oneOf(body['category'], CATEGORIES, 'category');
  return { category, impending: optBoolean(body, 'impending') ?? false };
}

export function parseTemplateStatus(value: unknown): { status: TemplateStatus; reason?: string } {
  const body = object(value, 'body');
  const status = oneOf(body['status'], TEMPLATE_STATUSES, 'status');
  const reason = optString(body, 'reason');
  return reason === undefined ? { status } : { status, reason };
}

const INBOUND_TYPES: InboundType[] = [
  'text',
  'image',
  'video',
  'audio',
  'document',
  'sticker',
  'location',
  'contacts',
  'interactive',
  'button',
  'reaction',
  'unsupported',
];

export function parseInboundInput(value: unknown): InboundInput {
  const body = object(value, 'inbound message');
  numericId(body, 'phone_number_id');
  const from = body['from'] ?? '';
  if (typeof from !== 'string') fail('from must be a string');
  oneOf(body['type'], INBOUND_TYPES, 'type');
  for (const key of ['profile_name', 'from_user_id', 'user_id', 'username']) optString(body, key);
  optNumber(body, 'delay_ms');
  if (body['context'] !== undefined) {
    const context = object(body['context'], 'context');
    reqString(context, 'message_id');
  }
  if (body['extra'] !== undefined) object(body['extra'], 'extra');
  return { ...body, from } as unknown as InboundInput;
}

export function parseCustomerInput(value: unknown): CustomerInput {
  const body = object(value, 'customer');
  const out: CustomerInput = { phone_number_id: numericId(body, 'phone_number_id') };
  const waId = optString(body, 'wa_id');
  if (waId !== undefined) out.wa_id = waId;
  const userId = optString(body, 'user_id');
  if (userId !== undefined) out.user_id = userId;
  const name = optString(body, 'profile_name');
  if (name !== undefined) out.profile_name = name;
  const at = optNumber(body, 'last_inbound_at');
  if (at !== undefined) out.last_inbound_at = at;
  return out;
}

const FAULT_KINDS: FaultKind[] = ['5xx', 'timeout', '429', 'error', 'slow'];
const FAULT_ENDPOINTS: FaultEndpoint[] = [
  'phone_number',
  'messages',
  'media_upload',
  'media',
  'media_download',
  'waba',
  'phone_numbers',
  'message_templates',
  'template',
  'subscribed_apps',
];

export function parseFaultInput(value: unknown): FaultInput {
  const body = object(value, 'fault');
  const out: FaultInput = { kind: oneOf(body['kind'], FAULT_KINDS, 'kind') };
  if (body['phone_number_id'] !== undefined)
    out.phone_number_id = numericId(body, 'phone_number_id');
  if (body['endpoint'] !== undefined)
    out.endpoint = oneOf(body['endpoint'], FAULT_ENDPOINTS, 'endpoint');
  const code = optNumber(body, 'code');
  if (code !== undefined) out.code = code;
  if (out.kind === 'error' && code === undefined) fail('code is required for kind "error"');
  const count = optNumber(body, 'count', 1);
  if (count !== undefined) out.count = Math.floor(count);
  const retryAfter = optNumber(body, 'retry_after');
  if (retryAfter !== undefined) out.retry_after = retryAfter;
  const hold = optNumber(body, 'hold_ms');
  if (hold !== undefined) out.hold_ms = hold;
  const status = optNumber(body, 'http_status', 100);
  if (status !== undefined) out.http_status = status;
  const details = optString(body, 'details');
  if (details !== undefined) out.details = details;
  return out;
}

export function parseStatusPush(value: unknown): StatusPushInput {
  const body = object(value, 'status');
  const out: StatusPushInput = {
    phone_number_id: numericId(body, 'phone_number_id'),
    wamid: reqString(body, 'wamid'),
    status: oneOf(body['status'], ['sent', 'delivered', 'read', 'failed'] as const, 'status'),
  };
  const recipient = optString(body, 'recipient_id');
  if (recipient !== undefined) out.recipient_id = recipient;
  const code = optNumber(body, 'code');
  if (code !== undefined) out.code = code;
  const title = optString(body, 'title');
  if (title !== undefined) out.title = title;
  const details = optString(body, 'details');
  if (details !== undefined) out.details = details;
  const biz = optString(body, 'biz_opaque_callback_data');
  if (biz !== undefined) out.biz_opaque_callback_data = biz;
  const timestamp = optNumber(body, 'timestamp');
  if (timestamp !== undefined) out.timestamp = timestamp;
  const delay = optNumber(body, 'delay_ms');
  if (delay !== undefined) out.delay_ms = delay;
  return out;
}
