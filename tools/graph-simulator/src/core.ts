// The simulated Cloud API: accounts, tokens, templates, media, the send pipeline, statuses,
// inbound messages and webhooks. The HTTP layer (routes/) stays thin and calls in here.
import { randomBytes } from 'node:crypto';
import {
  charCount,
  MESSAGE_TYPES,
  TEMPLATE_EDIT_LIMITS,
  templateEditAllowance,
} from '@convis/contracts';
import {
  parseAccountInput,
  parseAccountPatch,
  parseCustomerInput,
  parseFaultInput,
  parseInboundInput,
  parseStatusPush,
  parseTemplateInput,
} from './admin-input.ts';
import { FaultQueue, type CallContext } from './faults.ts';
import {
  GraphError,
  detailsForCode,
  expiredToken,
  invalid131009,
  invalidParameter,
  invalidToken,
  metaError,
  missingParameter,
  missingToken,
  titleForCode,
  tooLong,
} from './graph-error.ts';
import { IdFactory } from './ids.ts';
import { asString, clone, describe, isRecord, type JsonObject } from './json.ts';
import {
  checkUpload,
  mediaUrl,
  sampleMedia,
  sha256Base64,
  sha256Hex,
  type MediaKind,
} from './media.ts';
import { checkPayload, checkTemplateShape, isMessageType } from './message-validation.ts';
import { digitsOnly, isPhoneDigits, normalizePhone } from './phone.ts';
import { TokenBucket } from './rate-limit.ts';
import { Scheduler } from './scheduler.ts';
import { SimError } from './sim-error.ts';
import { checkTemplateParams, parseNewTemplate } from './templates.ts';
import { headerFormatOf, SIM_APP_ID, UploadStore, type UploadSession } from './uploads.ts';
import type {
  Account,
  AccountInput,
  AccountPatch,
  Customer,
  CustomerInput,
  Fault,
  FaultInput,
  InboundInput,
  UserPreferenceInput,
  InboundMediaInput,
  InboundResult,
  PairRateConfig,
  ReadReceipt,
  SentMessage,
  ServiceWindowMode,
  SimulatorDefaults,
  StatusDelays,
  StatusName,
  StatusPushInput,
  Template,
  TemplateCategory,
  TemplateComponent,
  TemplateInput,
  TemplateReviewConfig,
  TemplateStatus,
  WebhookAttempt,
  WebhookFilter,
  WebhookRetryConfig,
} from './types.ts';
import { WebhookDispatcher, type WebhookMeta, type WebhookTarget } from './webhooks.ts';

const BUILT_IN = {
  mps: 80,
  status_delays_ms: { sent: 200, delivered: 1000, read: 3000 } satisfies StatusDelays,
  pair_rate: { interval_ms: 6000, burst: 45 } satisfies PairRateConfig,
  undeliverable_suffix: '0000',
  service_window: 'sync' as ServiceWindowMode,
  template_review: { outcome: 'APPROVED', delay_ms: 2000 } satisfies TemplateReviewConfig,
  pricing_model: 'PMP' as const,
  rate_limit_http_status: 400 as const,
  app_secret: 'sim-app-secret',
  service_window_ms: 24 * 60 * 60 * 1000,
  webhook_retry: { attempts: 5, base_delay_ms: 250, timeout_ms: 5000 } satisfies WebhookRetryConfig,
  timeout_fault_ms: 30_000,
  media_url_ttl_ms: 5 * 60 * 1000,
  escape_webhook_json: true,
};

interface Effective {
  mps: number;
  delays: StatusDelays;
  pair: PairRateConfig;
  undeliverable: Set<string>;
  undeliverableSuffix: string | null;
  failAfterSend: Map<string, number>;
  duplicate: boolean;
  shuffle: boolean;
  serviceWindow: ServiceWindowMode;
  templateReview: TemplateReviewConfig | null;
  pricingModel: 'PMP' | 'CBP';
  rateLimitStatus: 400 | 429;
}

interface AccountRecord extends Account {
  seq: number;
}

interface TemplateRecord extends Template {
  seq: number;
  /** When the template was edited while approved (Meta's edit limits count these). */
  approved_edits: string[];
}

export interface MediaRecord {
  id: string;
  phone_number_id: string;
  mime_type: string;
  data: Buffer;
  sha256: string;
  filename?: string;
  source: 'upload' | 'inbound';
  created_at: string;
}

interface ContactRecord {
  key: string;
  wa_id: string;
  user_id?: string;
  profile_name: string;
  username?: string;
  last_inbound_at: number;
}

interface SentRecord extends SentMessage {
  recipientWaId: string;
  recipientUserId?: string;
  category: string;
  billable: boolean;
  pricingType: string;
  failCode?: number;
}

interface Recipient {
  key: string;
  waId: string;
  userId?: string;
}

/** Access of one token: its phone numbers and their WABAs. */
export interface Scope {
  token: string;
  phoneNumberIds: Set<string>;
  wabaIds: Set<string>;
  appIds: Set<string>;
}

export type ResolvedNode =
  | { kind: 'phone'; account: Account }
  | { kind: 'waba'; wabaId: string }
  | { kind: 'media'; media: MediaRecord }
  | { kind: 'template'; template: Template }
  | { kind: 'app'; appId: string }
  | { kind: 'upload'; session: UploadSession };

function publicAccount(record: AccountRecord, expired: boolean): Account {
  const { seq: _seq, ...account } = record;
  return { ...clone(account), token_expired: expired };
}

function publicTemplate(record: TemplateRecord): Template {
  const { seq: _seq, approved_edits: _edits, ...template } = record;
  return clone(template);
}

function publicSent(record: SentRecord): SentMessage {
  const {
    recipientWaId: _w,
    recipientUserId: _u,
    category: _c,
    billable: _b,
    pricingType: _p,
    failCode: _f,
    ...sent
  } = record;
  return clone(sent);
}

function unixSeconds(ms: number): string {
  return String(Math.floor(ms / 1000));
}

export class SimulatorCore {
  readonly defaults: SimulatorDefaults;
  readonly scheduler: Scheduler;
  readonly faults = new FaultQueue();
  readonly ids = new IdFactory();
  /** Key of the HMAC that signs media download URLs. */
  readonly mediaKey = randomBytes(32);

  readonly #accounts = new Map<string, AccountRecord>();
  readonly #expiredTokens = new Map<string, Date>();
  readonly #templates = new Map<string, TemplateRecord>();
  /** `waba|name|language` of deleted templates -> when (Meta keeps the name 30 days). */
  readonly #deletedNames = new Map<string, number>();
  readonly uploads = new UploadStore();
  readonly #media = new Map<string, MediaRecord>();
  readonly #sent: SentRecord[] = [];
  readonly #sentById = new Map<string, SentRecord>();
  readonly #inboundIds = new Map<string, string>();
  readonly #contacts = new Map<string, Map<string, ContactRecord>>();
  /** `phone_number_id:recipient key` of users who stopped marketing messages from that number. */
  readonly #marketingStopped = new Set<string>();
  readonly #receipts: ReadReceipt[] = [];
  readonly #throughput = new Map<string, TokenBucket>();
  readonly #pair = new Map<string, TokenBucket>();
  readonly #subscribedWabas = new Set<string>();
  readonly #webhookLog: WebhookAttempt[] = [];
  readonly #holds = new Set<() => void>();
  readonly #dispatcher: WebhookDispatcher;
  #seq = 0;

  constructor(defaults: SimulatorDefaults = {}) {
    this.defaults = clone(defaults);
    this.scheduler = new Scheduler((error) => {
      console.error('[graph-simulator] background task failed:', error);
    });
    this.#dispatcher = new WebhookDispatcher(
      this.scheduler,
      () => ({
        retry: { ...BUILT_IN.webhook_retry, ...this.defaults.webhook_retry },
        escapeJson: this.defaults.escape_webhook_json ?? BUILT_IN.escape_webhook_json,
      }),
      this.#webhookLog,
    );
  }

  // ------------------------------------------------------------ settings

  get timeoutFaultMs(): number {
    return this.defaults.timeout_fault_ms ?? BUILT_IN.timeout_fault_ms;
  }

  get mediaUrlTtlMs(): number {
    return this.defaults.media_url_ttl_ms ?? BUILT_IN.media_url_ttl_ms;
  }

  #effective(account: Account): Effective {
    const d = this.defaults;
    const pick = <K extends keyof Account & keyof SimulatorDefaults>(
      key: K,
    ): Account[K] | undefined =>
      account[key] !== undefined ? account[key] : (d[key] as Account[K] | undefined);
    const normalise = (list: string[] | undefined): string[] =>
      (list ?? []).map((n) => normalizePhone(n));
    const failAfter = new Map<string, number>();
    for (const source of [d.fail_after_send, account.fail_after_send]) {
      for (const [number, code] of Object.entries(source ?? {})) {
        failAfter.set(normalizePhone(number), code);
      }
    }
    const suffix = pick('undeliverable_suffix');
    const review = pick('template_review');
    return {
      mps: pick('mps') ?? BUILT_IN.mps,
      delays: { ...BUILT_IN.status_delays_ms, ...d.status_delays_ms, ...account.status_delays_ms },
      pair: { ...BUILT_IN.pair_rate, ...d.pair_rate, ...account.pair_rate },
      undeliverable: new Set([...normalise(d.undeliverable), ...normalise(account.undeliverable)]),
      undeliverableSuffix: suffix === undefined ? BUILT_IN.undeliverable_suffix : suffix,
      failAfterSend: failAfter,
      duplicate: pick('duplicate_statuses') ?? false,
      shuffle: pick('shuffle_statuses') ?? false,
      serviceWindow: pick('service_window') ?? BUILT_IN.service_window,
      templateReview: review === undefined ? BUILT_IN.template_review : review,
      pricingModel: pick('pricing_model') ?? BUILT_IN.pricing_model,
      rateLimitStatus: pick('rate_limit_http_status') ?? BUILT_IN.rate_limit_http_status,
    };
  }

  #webhookTarget(account: Account): WebhookTarget {
    return {
      url: account.webhook_url ?? this.defaults.webhook_url ?? null,
      appSecret: account.app_secret,
    };
  }

  // ------------------------------------------------------------ accounts and tokens

  addAccount(input: AccountInput): Account {
    const parsed = parseAccountInput(input);
    if (this.#accounts.has(parsed.phone_number_id)) {
      throw new SimError(409, `phone_number_id ${parsed.phone_number_id} is already registered`);
    }
    const id = parsed.phone_number_id;
    const record: AccountRecord = {
      ...parsed,
      app_secret: parsed.app_secret ?? this.defaults.app_secret ?? BUILT_IN.app_secret,
      display_phone_number:
        parsed.display_phone_number ?? `+1 555-555-${id.slice(-4).padStart(4, '0')}`,
      verified_name: parsed.verified_name ?? 'Simulated Business',
      quality_rating: parsed.quality_rating ?? 'GREEN',
      webhook_url: parsed.webhook_url ?? null,
      waba_name: parsed.waba_name ?? `Simulated WABA ${parsed.waba_id}`,
      messaging_limit: parsed.messaging_limit ?? 'TIER_2K',
      token_expired: false,
      created_at: new Date().toISOString(),
      seq: ++this.#seq,
    };
    this.ids.reserve(id);
    this.ids.reserve(record.waba_id);
    this.#accounts.set(id, record);
    if (parsed.token_expired) this.expireToken(record.access_token);
    return this.getAccount(id) as Account;
  }

  updateAccount(phoneNumberId: string, patch: AccountPatch): Account {
    const record = this.#accounts.get(phoneNumberId);
    if (!record) throw new SimError(404, `no account with phone_number_id ${phoneNumberId}`);
    const parsed = parseAccountPatch(patch);
    const { token_expired: expired, ...rest } = parsed;
    Object.assign(record, rest);
    if (expired === true) this.expireToken(record.access_token);
    if (expired === false) this.#expiredTokens.delete(record.access_token);
    return this.getAccount(phoneNumberId) as Account;
  }

  deleteAccount(phoneNumberId: string): void {
    if (!this.#accounts.delete(phoneNumberId)) {
      throw new SimError(404, `no account with phone_number_id ${phoneNumberId}`);
    }
  }

  getAccount(phoneNumberId: string): Account | undefined {
    const record = this.#accounts.get(phoneNumberId);
    return record && publicAccount(record, this.#expiredTokens.has(record.access_token));
  }

  accounts(): Account[] {
    return [...this.#accounts.values()].map((r) =>
      publicAccount(r, this.#expiredTokens.has(r.access_token)),
    );
  }

  #wabaAccounts(wabaId: string): AccountRecord[] {
    return [...this.#accounts.values()].filter((a) => a.waba_id === wabaId);
  }

  expireToken(accessToken: string): void {
    if (![...this.#accounts.values()].some((a) => a.access_token === accessToken)) {
      throw new SimError(404, 'no account uses this access_token');
    }
    if (!this.#expiredTokens.has(accessToken)) this.#expiredTokens.set(accessToken, new Date());
  }

  /** Checks a bearer token: 104 missing, 190 unknown, 190/463 expired. */
  authenticate(token: string | undefined): Scope {
    if (!token) throw missingToken();
    const accounts = [...this.#accounts.values()].filter((a) => a.access_token === token);
    if (accounts.length === 0) throw invalidToken();
    const expiredAt = this.#expiredTokens.get(token);
    if (expiredAt) throw expiredToken(expiredAt, new Date());
    return {
      token,
      phoneNumberIds: new Set(accounts.map((a) => a.phone_number_id)),
      wabaIds: new Set(accounts.map((a) => a.waba_id)),
      appIds: new Set(accounts.map((a) => a.app_id ?? SIM_APP_ID)),
    };
  }

  /** What a Graph node id is, without checking access. */
  resolveNode(id: string): ResolvedNode | undefined {
    const account = this.#accounts.get(id);
    if (account) return { kind: 'phone', account };
    if ([...this.#accounts.values()].some((a) => a.waba_id === id))
      return { kind: 'waba', wabaId: id };
    const media = this.#media.get(id);
    if (media) return { kind: 'media', media };
    const template = this.#templates.get(id);
    if (template) return { kind: 'template', template: publicTemplate(template) };
    if (id.startsWith('upload:')) {
      const session = this.uploads.session(id);
      return session && { kind: 'upload', session };
    }
    if ([...this.#accounts.values()].some((a) => (a.app_id ?? SIM_APP_ID) === id))
      return { kind: 'app', appId: id };
    return undefined;
  }

  canAccess(scope: Scope, node: ResolvedNode): boolean {
    switch (node.kind) {
      case 'phone':
        return scope.phoneNumberIds.has(node.account.phone_number_id);
      case 'waba':
        return scope.wabaIds.has(node.wabaId);
      case 'media':
        return scope.phoneNumberIds.has(node.media.phone_number_id);
      case 'template':
        return scope.wabaIds.has(node.template.waba_id);
      case 'app':
        return scope.appIds.has(node.appId);
      case 'upload':
        return node.session.token === scope.token;
    }
  }

  /** Phone numbers and WABA fields, as `GET /{phone-number-id}` reports them. */
  phoneNumberFields(account: Account): JsonObject {
    const mps = this.#effective(account).mps;
    const legacyTier: Record<string, string> = { TIER_2K: 'TIER_1K' };
    const url = this.#webhookTarget(account).url;
    return {
      id: account.phone_number_id,
      display_phone_number: account.display_phone_number,
      verified_name: account.verified_name,
      quality_rating: account.quality_rating,
      code_verification_status: 'VERIFIED',
      name_status: 'APPROVED',
      platform_type: 'CLOUD_API',
      status: 'CONNECTED',
      account_mode: 'LIVE',
      is_official_business_account: false,
      throughput: { level: mps >= 1000 ? 'HIGH' : 'STANDARD' },
      whatsapp_business_manager_messaging_limit: account.messaging_limit,
      messaging_limit_tier: legacyTier[account.messaging_limit] ?? account.messaging_limit,
      ...(url !== null && { webhook_configuration: { application: url } }),
    };
  }

  wabaFields(wabaId: string): JsonObject {
    const first = this.#wabaAccounts(wabaId)[0];
    return {
      id: wabaId,
      name: first?.waba_name ?? `Simulated WABA ${wabaId}`,
      currency: 'USD',
      timezone_id: '1',
      message_template_namespace: `sim_${wabaId.slice(-8)}_namespace`,
      account_review_status: 'APPROVED',
      business_verification_status: 'VERIFIED',
      country: 'US',
      ownership_type: 'SELF_OWNED',
    };
  }

  /** Phone numbers of a WABA, oldest first, with their paging sequence. */
  wabaPhoneNumbers(wabaId: string): { seq: number; account: Account }[] {
    return this.#wabaAccounts(wabaId).map((record) => ({
      seq: record.seq,
      account: publicAccount(record, this.#expiredTokens.has(record.access_token)),
    }));
  }

  subscribeApp(wabaId: string, subscribed: boolean): void {
    if (subscribed) this.#subscribedWabas.add(wabaId);
    else this.#subscribedWabas.delete(wabaId);
  }

  isSubscribed(wabaId: string): boolean {
    return this.#subscribedWabas.has(wabaId);
  }

  /** `override_callback_uri` of `POST /{waba-id}/subscribed_apps`: new webhook URL for the WABA. */
  setWabaWebhook(wabaId: string, url: string): void {
    for (const account of this.#wabaAccounts(wabaId)) account.webhook_url = url;
  }

  // ------------------------------------------------------------ faults and held requests

  addFault(input: FaultInput): Fault {
    return this.faults.add(parseFaultInput(input));
  }

  takeFault(call: CallContext): Fault | undefined {
    return this.faults.take(call);
  }

  /** Registers a way to release a request held by a `timeout` fault (on close/reset). */
  hold(release: () => void): () => void {
    this.#holds.add(release);
    return () => this.#holds.delete(release);
  }

  get heldRequests(): number {
    return this.#holds.size;
  }

  releaseHolds(): void {
    for (const release of [...this.#holds]) release();
    this.#holds.clear();
  }

  // ------------------------------------------------------------ templates

  addTemplate(input: TemplateInput): Template {
    const parsed = parseTemplateInput(input);
    if (this.#wabaAccounts(parsed.waba_id).length === 0) {
      throw new SimError(404, `no account is registered for waba_id ${parsed.waba_id}`);
    }
    if (this.#findTemplate(parsed.waba_id, parsed.name, parsed.language)) {
      throw new SimError(
        409,
        `template ${parsed.name} (${parsed.language}) already exists in WABA ${parsed.waba_id}`,
      );
    }
    if (parsed.id !== undefined && this.#templates.has(parsed.id)) {
      throw new SimError(409, `template id ${parsed.id} already exists`);
    }
    const id = parsed.id ?? this.ids.numeric();
    this.ids.reserve(id);
    const record: TemplateRecord = {
      id,
      waba_id: parsed.waba_id,
      name: parsed.name,
      language: parsed.language,
      category: parsed.category,
      status: parsed.status ?? 'APPROVED',
      components: clone(parsed.components ?? [{ type: 'BODY', text: parsed.name }]),
      parameter_format: parsed.parameter_format ?? 'POSITIONAL',
      ...(parsed.rejected_reason !== undefined && { rejected_reason: parsed.rejected_reason }),
      created_at: new Date().toISOString(),
      seq: ++this.#seq,
      approved_edits: [],
    };
    this.#templates.set(id, record);
    return publicTemplate(record);
  }

  #findTemplate(wabaId: string, name: string, language: string): TemplateRecord | undefined {
    for (const t of this.#templates.values()) {
      if (t.waba_id === wabaId && t.name === name && t.language === language) return t;
    }
    return undefined;
  }

  templates(wabaId?: string): Template[] {
    return this.#templateRecords(wabaId).map(publicTemplate);
  }

  #templateRecords(wabaId?: string): TemplateRecord[] {
    return [...this.#templates.values()]
      .filter((t) => wabaId === undefined || t.waba_id === wabaId)
      .sort((a, b) => a.seq - b.seq);
  }

  /** Templates of a WABA with their paging sequence (Graph listing). */
  templatePage(wabaId: string): { seq: number; template: Template }[] {
    return this.#templateRecords(wabaId).map((t) => ({ seq: t.seq, template: publicTemplate(t) }));
  }

  /** `POST /{waba-id}/message_templates`. */
  createTemplateFromGraph(wabaId: string, body: unknown): JsonObject {
    if (!isRecord(body)) throw invalidParameter('Invalid parameter');
    const parsed = parseNewTemplate(body);
    this.#checkHeaderHandle(parsed.components);
    const deletedAt = this.#deletedNames.get(`${wabaId}|${parsed.name}|${parsed.language}`);
    const reuseMs = TEMPLATE_EDIT_LIMITS.nameReuseDays * 24 * 60 * 60 * 1000;
    if (deletedAt !== undefined && Date.now() - deletedAt < reuseMs) {
      throw new GraphError({
        status: 400,
        code: 100,
        subcode: 2388023,
        message: '(#100) Invalid parameter',
        userTitle: 'Message template is being deleted',
        userMsg: `New ${parsed.language} content can't be added while the existing ${parsed.language} content is being deleted. Try again after ${new Date(deletedAt + reuseMs).toISOString()} or create a template with a new name.`,
      });
    }
    if (this.#findTemplate(wabaId, parsed.name, parsed.language)) {
      throw new GraphError({
        status: 400,
        code: 100,
        subcode: 2388024,
        message: '(#100) Invalid parameter',
        userTitle: 'Content in this language already exists',
        userMsg: `There is already ${parsed.language} content for this template. You can create a new template and try again.`,
      });
    }
    if (this.#templateRecords(wabaId).length >= 250) {
      throw new GraphError({
        status: 400,
        code: 100,
        subcode: 2388019,
        message: '(#100) Invalid parameter',
        userTitle: 'Message template limit exceeded',
        userMsg: 'A WhatsApp Business Account can have at most 250 message templates.',
      });
    }
    const id = this.ids.numeric();
    const record: TemplateRecord = {
      id,
      waba_id: wabaId,
      ...parsed,
      status: 'PENDING',
      created_at: new Date().toISOString(),
      seq: ++this.#seq,
      approved_edits: [],
    };
    this.#templates.set(id, record);
    this.#scheduleReview(record);
    return { id, status: 'PENDING', category: record.category };
  }

  /** `POST /{template-id}`: edit components/category; the template goes back to review. */
  editTemplateFromGraph(templateId: string, body: unknown): JsonObject {
    const record = this.#templates.get(templateId);
    if (!record) throw new SimError(404, 'no such template');
    if (!isRecord(body)) throw invalidParameter('Invalid parameter');
    // Meta's edit rules: only approved, rejected or paused templates; an approved one 10 times in
    // 30 days and once in 24 hours, its category fixed.
    const allowance = templateEditAllowance(record.status, record.approved_edits);
    if (!allowance.editable) {
      throw new GraphError({
        status: 400,
        code: 100,
        subcode: 2388098,
        message: '(#100) Invalid parameter',
        userTitle: 'Message template can’t be edited',
        userMsg: allowance.reason ?? 'This template cannot be edited now.',
      });
    }
    const newCategory = asString(body['category'])?.toUpperCase();
    if (
      record.status === 'APPROVED' &&
      newCategory !== undefined &&
      newCategory !== record.category
    ) {
      throw new GraphError({
        status: 400,
        code: 100,
        message: '(#100) Invalid parameter',
        userTitle: 'Category can’t be changed',
        userMsg: 'The category of an approved template cannot be edited.',
      });
    }
    const parsed = parseNewTemplate({
      name: record.name,
      language: record.language,
      category: body['category'] ?? record.category,
      components: body['components'] ?? record.components,
      parameter_format: body['parameter_format'] ?? record.parameter_format,
    });
    record.category = parsed.category;
    record.components = parsed.components;
    record.parameter_format = parsed.parameter_format;
    this.#checkHeaderHandle(parsed.components);
    if (record.status === 'APPROVED') record.approved_edits.push(new Date().toISOString());
    record.status = 'PENDING';
    this.#scheduleReview(record);
    return { success: true };
  }

  #scheduleReview(record: TemplateRecord): void {
    const account = this.#wabaAccounts(record.waba_id)[0];
    const review = account ? this.#effective(account).templateReview : BUILT_IN.template_review;
    if (!review) return;
    this.scheduler.after(review.delay_ms, () => {
      if (this.#templates.get(record.id) === record && record.status === 'PENDING') {
        // A name with "reject" in it is rejected, so tests and demos can see a rejection.
        const outcome = record.name.includes('reject') ? 'REJECTED' : review.outcome;
        const reason = record.name.includes('reject_category')
          ? 'INCORRECT_CATEGORY'
          : 'INVALID_FORMAT';
        this.setTemplateStatus(record.id, outcome, outcome === 'REJECTED' ? reason : undefined);
      }
    });
  }

  /** Changes a template's status and sends `message_template_status_update` webhooks. */
  setTemplateStatus(templateId: string, status: TemplateStatus, reason?: string): Template {
    const record = this.#templates.get(templateId);
    if (!record) throw new SimError(404, `no template with id ${templateId}`);
    const changed = record.status !== status;
    record.status = status;
    if (status === 'REJECTED') record.rejected_reason = reason ?? 'INVALID_FORMAT';
    if (changed) this.#sendTemplateStatusWebhook(record, reason);
    return publicTemplate(record);
  }

  #sendTemplateStatusWebhook(record: TemplateRecord, reason: string | undefined): void {
    const value: JsonObject = {
      event: record.status,
      message_template_id: Number(record.id),
      message_template_name: record.name,
      message_template_language: record.language,
      reason: reason ?? (record.status === 'REJECTED' ? 'INVALID_FORMAT' : 'NONE'),
      message_template_category: record.category,
    };
    if (record.status === 'REJECTED') {
      value['rejection_info'] = {
        reason: reason ?? 'INVALID_FORMAT',
        recommendation: 'Review the template guidelines and submit again.',
      };
    }
    if (record.status === 'DISABLED')
      value['disable_info'] = { disable_date: Math.floor(Date.now() / 1000) };
    this.#sendWabaWebhook(record.waba_id, 'message_template_status_update', value, {
      kind: 'template_status',
      wabaId: record.waba_id,
      status: record.status,
    });
  }

  /** One WABA webhook to each distinct receiver of the WABA's numbers. */
  #sendWabaWebhook(wabaId: string, field: string, value: JsonObject, meta: WebhookMeta): void {
    const payload = {
      object: 'whatsapp_business_account',
      entry: [{ id: wabaId, time: Math.floor(Date.now() / 1000), changes: [{ value, field }] }],
    };
    const seen = new Set<string>();
    for (const account of this.#wabaAccounts(wabaId)) {
      const target = this.#webhookTarget(account);
      const key = `${target.url ?? ''}|${target.appSecret}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.#dispatcher.deliver(target, payload, meta);
    }
  }

  /** A new quality score: `message_template_quality_update`. */
  setTemplateQuality(templateId: string, score: string): Template {
    const record = this.#templates.get(templateId);
    if (!record) throw new SimError(404, `no template with id ${templateId}`);
    const previous = record.quality_score ?? 'UNKNOWN';
    record.quality_score = score;
    this.#sendWabaWebhook(
      record.waba_id,
      'message_template_quality_update',
      {
        previous_quality_score: previous,
        new_quality_score: score,
        message_template_id: Number(record.id),
        message_template_name: record.name,
        message_template_language: record.language,
      },
      { kind: 'template_quality', wabaId: record.waba_id, status: score },
    );
    return publicTemplate(record);
  }

  /**
   * Meta's recategorisation, `template_category_update`: `impending` announces it (the category
   * stays until `category_update_timestamp`), otherwise it is done.
   */
  updateTemplateCategory(
    templateId: string,
    category: TemplateCategory,
    impending: boolean,
  ): Template {
    const record = this.#templates.get(templateId);
    if (!record) throw new SimError(404, `no template with id ${templateId}`);
    const base = {
      message_template_id: Number(record.id),
      message_template_name: record.name,
      message_template_language: record.language,
    };
    let value: JsonObject;
    if (impending) {
      value = {
        ...base,
        correct_category: category,
        new_category: record.category,
        category_update_timestamp: Math.floor(Date.now() / 1000) + 24 * 60 * 60,
      };
    } else {
      value = { ...base, previous_category: record.category, new_category: category };
      record.previous_category = record.category;
      record.category = category;
    }
    this.#sendWabaWebhook(record.waba_id, 'template_category_update', value, {
      kind: 'template_category',
      wabaId: record.waba_id,
      status: impending ? 'IMPENDING' : 'COMPLETED',
    });
    return publicTemplate(record);
  }

  /** A media header's sample must be a handle from the Resumable Upload API, of its kind. */
  #checkHeaderHandle(components: TemplateComponent[]): void {
    const header = components.find((c) => c.type === 'HEADER');
    const format = header?.format;
    if (!header || !format || !['IMAGE', 'VIDEO', 'DOCUMENT'].includes(format)) return;
    const example = isRecord(header.example) ? header.example['header_handle'] : undefined;
    const handle = Array.isArray(example) ? asString(example[0]) : undefined;
    const file = handle === undefined ? undefined : this.uploads.file(handle);
    if (!file) {
      throw new GraphError({
        status: 400,
        code: 100,
        message: '(#100) Invalid parameter',
        userTitle: 'Missing sample media',
        userMsg: `A ${format} header needs a sample: the handle (h) of a file uploaded with the Resumable Upload API, in example.header_handle.`,
      });
    }
    if (headerFormatOf(file.fileType) !== format) {
      throw new GraphError({
        status: 400,
        code: 100,
        message: '(#100) Invalid parameter',
        userTitle: 'Sample media does not match the header',
        userMsg: `The sample is ${file.fileType}, the header is ${format}.`,
      });
    }
  }

  /** `DELETE /{waba-id}/message_templates?name=[&hsm_id=]`. */
  deleteTemplatesFromGraph(
    wabaId: string,
    name: string | undefined,
    hsmId: string | undefined,
  ): void {
    if (!name) throw missingParameter('name');
    const matches = this.#templateRecords(wabaId).filter(
      (t) => t.name === name && (hsmId === undefined || t.id === hsmId),
    );
    if (matches.length === 0) {
      throw new GraphError({
        status: 400,
        code: 100,
        message: '(#100) Invalid parameter',
        userTitle: 'Message template not found',
        userMsg: hsmId
          ? `There is no message template named ${name} with id ${hsmId}.`
          : `There is no message template named ${name}.`,
      });
    }
    for (const t of matches) {
      this.#templates.delete(t.id);
      this.#deletedNames.set(`${wabaId}|${t.name}|${t.language}`, Date.now());
    }
  }

  // ------------------------------------------------------------ media

  uploadMedia(
    phoneNumberId: string,
    mimeType: string,
    data: Buffer,
    filename?: string,
  ): MediaRecord {
    const error = checkUpload(mimeType, data);
    if (error) throw error;
    return this.#storeMedia(phoneNumberId, mimeType, data, 'upload', filename);
  }

  #storeMedia(
    phoneNumberId: string,
    mimeType: string,
    data: Buffer,
    source: MediaRecord['source'],
    filename?: string,
  ): MediaRecord {
    const record: MediaRecord = {
      id: this.ids.numeric(),
      phone_number_id: phoneNumberId,
      mime_type: mimeType,
      data,
      sha256: sha256Hex(data),
      ...(filename !== undefined && { filename }),
      source,
      created_at: new Date().toISOString(),
    };
    this.#media.set(record.id, record);
    return record;
  }

  getMedia(mediaId: string): MediaRecord | undefined {
    return this.#media.get(mediaId);
  }

  deleteMedia(mediaId: string): void {
    this.#media.delete(mediaId);
  }

  /** `GET /{media-id}` body; `file_size` is a string, as in Meta's spec. */
  mediaInfo(media: MediaRecord, baseUrl: string): JsonObject {
    return {
      messaging_product: 'whatsapp',
      url: mediaUrl(baseUrl, media.id, this.mediaKey, this.mediaUrlTtlMs, Date.now()),
      mime_type: media.mime_type,
      sha256: media.sha256,
      file_size: String(media.data.length),
      id: media.id,
    };
  }

  // ------------------------------------------------------------ sending

  #contactsOf(phoneNumberId: string): Map<string, ContactRecord> {
    let contacts = this.#contacts.get(phoneNumberId);
    if (!contacts) {
      contacts = new Map();
      this.#contacts.set(phoneNumberId, contacts);
    }
    return contacts;
  }

  #resolveRecipient(account: Account, raw: string): Recipient {
    const normalised = normalizePhone(raw);
    if (/^\d+$/.test(normalised)) {
      if (!isPhoneDigits(normalised)) {
        throw invalid131009(`The parameter to (${raw}) is not a valid phone number.`);
      }
      const contact = this.#contactsOf(account.phone_number_id).get(normalised);
      return contact?.user_id
        ? { key: normalised, waId: normalised, userId: contact.user_id }
        : { key: normalised, waId: normalised };
    }
    const userId = raw.trim();
    for (const contact of this.#contactsOf(account.phone_number_id).values()) {
      if (contact.user_id === userId) {
        return { key: contact.key, waId: contact.wa_id, userId };
      }
    }
    throw invalid131009(
      `The parameter to (${raw}) is neither a phone number nor a business-scoped user ID known to this phone number.`,
    );
  }

  #windowOpen(account: Account, recipient: Recipient, now: number): boolean {
    const contact = this.#contactsOf(account.phone_number_id).get(recipient.key);
    const windowMs = this.defaults.service_window_ms ?? BUILT_IN.service_window_ms;
    return contact !== undefined && now - contact.last_inbound_at < windowMs;
  }

  #bucket(
    map: Map<string, TokenBucket>,
    key: string,
    capacity: number,
    refillPerMs: number,
    now: number,
  ): TokenBucket {
    let bucket = map.get(key);
    if (!bucket || bucket.capacity !== capacity || bucket.refillPerMs !== refillPerMs) {
      bucket = new TokenBucket(capacity, refillPerMs, now);
      map.set(key, bucket);
    }
    return bucket;
  }

  /** `POST /{phone-number-id}/messages`. */
  send(account: Account, body: unknown): JsonObject {
    const now = Date.now();
    if (!isRecord(body))
      throw invalidParameter('Invalid parameter', 'The request body must be a JSON object.');
    const product = body['messaging_product'];
    if (product === undefined)
      throw missingParameter('messaging_product', 'The parameter messaging_product is required.');
    if (product !== 'whatsapp') {
      const text = `Param messaging_product must be one of {WHATSAPP} - got "${describe(product)}".`;
      throw invalidParameter(text, text);
    }
    if (body['status'] !== undefined) return this.#markRead(account, body, now);

    const recipientType = body['recipient_type'] ?? 'individual';
    if (recipientType === 'group') {
      throw invalid131009('recipient_type "group" (Groups API) is not supported by the simulator.');
    }
    if (recipientType !== 'individual') {
      const text = `Param recipient_type must be one of {INDIVIDUAL, GROUP} - got "${describe(recipientType)}".`;
      throw invalidParameter(text, text);
    }
    const to = body['to'];
    if (to === undefined || to === '')
      throw missingParameter('to', 'The parameter to is required.');
    if (typeof to !== 'string')
      throw invalidParameter('Param to must be a string.', 'Param to must be a string.');
    const rawType = body['type'] ?? 'text';
    if (typeof rawType !== 'string' || !isMessageType(rawType)) {
      const text = `Param type must be one of {${MESSAGE_TYPES.map((t) => t.toUpperCase()).join(', ')}} - got "${describe(rawType)}".`;
      throw invalidParameter(text, text);
    }
    const type = rawType;
    const recipient = this.#resolveRecipient(account, to);
    if (recipient.waId !== '' && recipient.waId === digitsOnly(account.display_phone_number)) {
      throw metaError(131021);
    }
    const biz = body['biz_opaque_callback_data'];
    if (biz !== undefined) {
      if (typeof biz !== 'string') {
        throw invalidParameter(
          'Param biz_opaque_callback_data must be a string.',
          'biz_opaque_callback_data must be a string.',
        );
      }
      if (charCount(biz) > 512) throw tooLong('biz_opaque_callback_data', 512, true);
    }
    const context = body['context'];
    if (
      context !== undefined &&
      !(isRecord(context) && typeof context['message_id'] === 'string')
    ) {
      throw invalid131009('The parameter context must be an object with a message_id.');
    }
    checkPayload(type, body, {
      mediaExists: (id) => this.#media.get(id)?.phone_number_id === account.phone_number_id,
    });

    let template: TemplateRecord | undefined;
    if (type === 'template') {
      const { name, language } = checkTemplateShape(body);
      template = this.#findTemplate(account.waba_id, name, language);
      if (!template || !['APPROVED', 'PAUSED', 'DISABLED'].includes(template.status)) {
        throw metaError(132001, {
          details: template
            ? `template name (${name}) in ${language} is ${template.status}, not APPROVED`
            : `template name (${name}) does not exist in ${language}`,
        });
      }
      if (template.status === 'PAUSED')
        throw metaError(132015, { details: `template ${name} is paused` });
      if (template.status === 'DISABLED')
        throw metaError(132016, { details: `template ${name} is disabled` });
      const templateBody = body['template'] as JsonObject;
      checkTemplateParams(template, templateBody['components']);
      if (template.category === 'AUTHENTICATION' && recipient.waId === '') {
        throw metaError(131062);
      }
      // A user who chose "Stop promotions" gets no marketing template from this number.
      if (
        template.category === 'MARKETING' &&
        this.#marketingStopped.has(`${account.phone_number_id}:${recipient.key}`)
      ) {
        throw metaError(131050);
      }
    }

    const cfg = this.#effective(account);
    const windowOpen = this.#windowOpen(account, recipient, now);
    let failCode: number | undefined;
    if (type !== 'template' && !windowOpen) {
      if (cfg.serviceWindow === 'sync') throw metaError(131047);
      if (cfg.serviceWindow === 'webhook') failCode = 131047;
    }
    if (
      recipient.waId !== '' &&
      (cfg.undeliverable.has(recipient.waId) ||
        (cfg.undeliverableSuffix !== null && recipient.waId.endsWith(cfg.undeliverableSuffix)))
    ) {
      throw metaError(131026);
    }

    const throughput = this.#bucket(
      this.#throughput,
      account.phone_number_id,
      cfg.mps,
      cfg.mps / 1000,
      now,
    );
    const pairKey = `${account.phone_number_id}:${recipient.key}`;
    const pair = this.#bucket(this.#pair, pairKey, cfg.pair.burst, 1 / cfg.pair.interval_ms, now);
    if (!throughput.canTake(now)) {
      throw metaError(130429, {
        status: cfg.rateLimitStatus,
        details: `Cloud API message throughput (${cfg.mps} messages per second) has been reached.`,
      });
    }
    if (!pair.canTake(now)) {
      throw metaError(131056, { status: cfg.rateLimitStatus });
    }
    throughput.take(now);
    pair.take(now);

    failCode ??= cfg.failAfterSend.get(recipient.waId);
    const wamid = this.ids.wamid(recipient.waId || (recipient.userId ?? ''), 'out');
    const category = template ? template.category.toLowerCase() : 'service';
    const free = !template || (template.category === 'UTILITY' && windowOpen);
    const record: SentRecord = {
      wamid,
      phone_number_id: account.phone_number_id,
      to: recipient.waId || (recipient.userId ?? ''),
      input: to,
      type,
      body: clone(body),
      accepted_at: new Date(now).toISOString(),
      ...(typeof biz === 'string' && { biz_opaque_callback_data: biz }),
      ...(template && {
        template: {
          id: template.id,
          name: template.name,
          language: template.language,
          category: template.category,
        },
      }),
      statuses: [],
      recipientWaId: recipient.waId,
      ...(recipient.userId !== undefined && { recipientUserId: recipient.userId }),
      category,
      billable: !free,
      pricingType: free ? 'free_customer_service' : 'regular',
      ...(failCode !== undefined && { failCode }),
    };
    this.#sent.push(record);
    this.#sentById.set(wamid, record);
    this.#scheduleStatuses(account, record, cfg, now);

    const contact: JsonObject = { input: to };
    if (recipient.waId !== '') contact['wa_id'] = recipient.waId;
    if (recipient.userId !== undefined && recipient.waId === '')
      contact['user_id'] = recipient.userId;
    return {
      messaging_product: 'whatsapp',
      contacts: [contact],
      messages: [type === 'template' ? { id: wamid, message_status: 'accepted' } : { id: wamid }],
    };
  }

  #markRead(account: Account, body: JsonObject, now: number): JsonObject {
    if (body['status'] !== 'read') {
      const text = `Param status must be one of {READ} - got "${describe(body['status'])}".`;
      throw invalidParameter(text, text);
    }
    const messageId = asString(body['message_id']);
    if (!messageId) throw missingParameter('message_id', 'The parameter message_id is required.');
    if (this.#inboundIds.get(messageId) !== account.phone_number_id) {
      throw invalid131009(
        `message_id ${messageId} is not a message received by this phone number.`,
      );
    }
    const indicator = body['typing_indicator'];
    let typing: string | undefined;
    if (indicator !== undefined) {
      if (!isRecord(indicator) || indicator['type'] !== 'text') {
        throw invalid131009('typing_indicator must be {"type": "text"}.');
      }
      typing = 'text';
    }
    this.#receipts.push({
      phone_number_id: account.phone_number_id,
      message_id: messageId,
      ...(typing !== undefined && { typing_indicator: typing }),
      at: new Date(now).toISOString(),
    });
    return { success: true };
  }

  // ------------------------------------------------------------ statuses

  #scheduleStatuses(
    account: Account,
    record: SentRecord,
    cfg: Effective,
    acceptedAt: number,
  ): void {
    const plan: { status: StatusName; delay: number; code?: number }[] = [];
    if (record.failCode !== undefined) {
      plan.push({ status: 'failed', delay: cfg.delays.sent ?? 0, code: record.failCode });
    } else {
      for (const status of ['sent', 'delivered', 'read'] as const) {
        const delay = cfg.delays[status];
        if (delay !== null) plan.push({ status, delay });
      }
      plan.sort((a, b) => a.delay - b.delay);
    }
    const emitAt = plan.map((p) => p.delay).sort((a, b) => a - b);
    if (cfg.shuffle) emitAt.reverse();
    plan.forEach((step, i) => {
      const when = emitAt[i] ?? step.delay;
      const logical = acceptedAt + step.delay;
      const emit = (duplicate: boolean) => (): void => {
        const current = this.#accounts.get(account.phone_number_id);
        if (!current || this.#sentById.get(record.wamid) !== record) return;
        this.#emitStatus(current, record, step.status, logical, step.code, duplicate);
      };
      this.scheduler.after(when, emit(false));
      if (cfg.duplicate) this.scheduler.after(when + 5, emit(true));
    });
  }

  #statusObject(
    account: Account,
    record: SentRecord,
    status: StatusName,
    at: number,
    code: number | undefined,
    custom?: { title?: string; details?: string },
  ): JsonObject {
    const object: JsonObject = {
      id: record.wamid,
      status,
      timestamp: unixSeconds(at),
      recipient_id: record.recipientWaId,
    };
    if (record.recipientUserId !== undefined) object['recipient_user_id'] = record.recipientUserId;
    if (status !== 'failed') {
      if (this.#effective(account).pricingModel === 'CBP') {
        object['conversation'] = {
          id: record.wamid.slice(6, 38),
          ...(status === 'sent' && { expiration_timestamp: unixSeconds(at + 24 * 3600 * 1000) }),
          origin: { type: record.category === 'service' ? 'service' : record.category },
        };
        object['pricing'] = {
          billable: record.billable,
          pricing_model: 'CBP',
          category: record.category,
        };
      } else {
        object['pricing'] = {
          billable: record.billable,
          pricing_model: 'PMP',
          type: record.pricingType,
          category: record.category,
        };
      }
    }
    if (record.biz_opaque_callback_data !== undefined) {
      object['biz_opaque_callback_data'] = record.biz_opaque_callback_data;
    }
    if (status === 'failed') {
      const errorCode = code ?? 131026;
      const title = custom?.title ?? titleForCode(errorCode);
      object['errors'] = [
        {
          code: errorCode,
          title,
          message: title,
          error_data: { details: custom?.details ?? detailsForCode(errorCode) },
          href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
        },
      ];
    }
    return object;
  }

  #messagesEnvelope(account: Account, value: JsonObject): Record<string, unknown> {
    return {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: account.waba_id,
          changes: [
            {
              value: {
                messaging_product: 'whatsapp',
                metadata: {
                  display_phone_number: digitsOnly(account.display_phone_number),
                  phone_number_id: account.phone_number_id,
                },
                ...value,
              },
              field: 'messages',
            },
          ],
        },
      ],
    };
  }

  #emitStatus(
    account: Account,
    record: SentRecord,
    status: StatusName,
    at: number,
    code: number | undefined,
    duplicate: boolean,
    custom?: { title?: string; details?: string },
  ): void {
    const statusObject = this.#statusObject(account, record, status, at, code, custom);
    if (!duplicate) {
      record.statuses.push({
        status,
        at: new Date(at).toISOString(),
        ...(status === 'failed' && { code: code ?? 131026 }),
      });
    }
    this.#dispatcher.deliver(
      this.#webhookTarget(account),
      this.#messagesEnvelope(account, { statuses: [statusObject] }),
      {
        kind: 'status',
        wabaId: account.waba_id,
        phoneNumberId: account.phone_number_id,
        wamid: record.wamid,
        status,
        duplicate,
      },
    );
  }

  /** `POST /_sim/statuses`: an arbitrary status webhook, for a sent message or any wamid. */
  pushStatus(input: StatusPushInput): void {
    const parsed = parseStatusPush(input);
    const account = this.#accounts.get(parsed.phone_number_id);
    if (!account)
      throw new SimError(404, `no account with phone_number_id ${parsed.phone_number_id}`);
    let record = this.#sentById.get(parsed.wamid);
    if (!record) {
      if (!parsed.recipient_id) {
        throw new SimError(400, 'recipient_id is required for a wamid the simulator did not send');
      }
      record = {
        wamid: parsed.wamid,
        phone_number_id: account.phone_number_id,
        to: parsed.recipient_id,
        input: parsed.recipient_id,
        type: 'text',
        body: {},
        accepted_at: new Date().toISOString(),
        statuses: [],
        recipientWaId: parsed.recipient_id,
        category: 'service',
        billable: false,
        pricingType: 'free_customer_service',
      };
    }
    const target = record;
    if (parsed.biz_opaque_callback_data !== undefined) {
      target.biz_opaque_callback_data = parsed.biz_opaque_callback_data;
    }
    const at = parsed.timestamp !== undefined ? parsed.timestamp * 1000 : Date.now();
    const custom = {
      ...(parsed.title !== undefined && { title: parsed.title }),
      ...(parsed.details !== undefined && { details: parsed.details }),
    };
    this.scheduler.after(parsed.delay_ms ?? 0, () => {
      this.#emitStatus(account, target, parsed.status, at, parsed.code, false, custom);
    });
  }

  // ------------------------------------------------------------ inbound

  /** `POST /_sim/inbound`: a customer writes; a signed `messages` webhook follows. */
  inbound(input: InboundInput, baseUrl: string): InboundResult {
    const parsed = parseInboundInput(input);
    const account = this.#accounts.get(parsed.phone_number_id);
    if (!account)
      throw new SimError(404, `no account with phone_number_id ${parsed.phone_number_id}`);
    const from = normalizePhone(parsed.from);
    const userId = parsed.from_user_id ?? parsed.user_id;
    if (!from && !userId)
      throw new SimError(400, 'from (or from_user_id for username users) is required');
    if (from && !isPhoneDigits(from))
      throw new SimError(400, `from (${parsed.from}) is not a phone number`);
    const now = Date.now();
    const businessDigits = digitsOnly(account.display_phone_number);
    const wamid = this.ids.wamid(from || (userId ?? ''), 'in');
    const contacts = this.#contactsOf(account.phone_number_id);
    const key = from || `user:${userId ?? ''}`;
    const previous = contacts.get(key);
    const profileName =
      parsed.profile_name ??
      previous?.profile_name ??
      `Customer ${(from || userId || '').slice(-4)}`;
    contacts.set(key, {
      key,
      wa_id: from,
      ...((userId ?? previous?.user_id) !== undefined && { user_id: userId ?? previous?.user_id }),
      profile_name: profileName,
      ...((parsed.username ?? previous?.username) !== undefined && {
        username: parsed.username ?? previous?.username,
      }),
      last_inbound_at: now,
    });
    this.#inboundIds.set(wamid, account.phone_number_id);

    const message: JsonObject = {};
    let context: JsonObject | undefined;
    if (parsed.context) {
      context = { from: parsed.context.from ?? businessDigits, id: parsed.context.message_id };
    } else if (parsed.type === 'interactive' || parsed.type === 'button') {
      const wanted = parsed.type === 'interactive' ? 'interactive' : 'template';
      const last = [...this.#sent]
        .reverse()
        .find(
          (s) =>
            s.phone_number_id === account.phone_number_id &&
            s.to === (from || userId) &&
            s.type === wanted,
        );
      if (last) context = { from: businessDigits, id: last.wamid };
    }
    if (context) message['context'] = context;
    message['from'] = from;
    if (userId !== undefined) message['from_user_id'] = userId;
    message['id'] = wamid;
    message['timestamp'] = unixSeconds(now);
    message['type'] = parsed.type;
    let mediaId: string | undefined;
    switch (parsed.type) {
      case 'text': {
        const text = parsed.text;
        const bodyText = typeof text === 'string' ? text : text?.body;
        if (typeof bodyText !== 'string')
          throw new SimError(400, 'text (a string or {body}) is required');
        message['text'] = { body: bodyText };
        break;
      }
      case 'image':
      case 'video':
      case 'audio':
      case 'document':
      case 'sticker': {
        const media = this.#inboundMedia(account, parsed.type, parsed[parsed.type] ?? {}, baseUrl);
        mediaId = media.id;
        message[parsed.type] = media.object;
        break;
      }
      case 'location': {
        const location = parsed.location;
        if (
          !location ||
          typeof location.latitude !== 'number' ||
          typeof location.longitude !== 'number'
        ) {
          throw new SimError(400, 'location {latitude, longitude} is required');
        }
        message['location'] = clone(location);
        break;
      }
      case 'contacts':
        if (!Array.isArray(parsed.contacts) || parsed.contacts.length === 0) {
          throw new SimError(400, 'contacts (a non-empty array) is required');
        }
        message['contacts'] = clone(parsed.contacts);
        break;
      case 'interactive': {
        const interactive = parsed.interactive;
        if (
          !interactive ||
          !(
            (interactive.type === 'button_reply' && isRecord(interactive.button_reply)) ||
            (interactive.type === 'list_reply' && isRecord(interactive.list_reply))
          )
        ) {
          throw new SimError(
            400,
            'interactive {type: button_reply|list_reply, button_reply|list_reply: {id, title}} is required',
          );
        }
        message['interactive'] = clone(interactive);
        break;
      }
      case 'button':
        if (
          !parsed.button ||
          typeof parsed.button.payload !== 'string' ||
          typeof parsed.button.text !== 'string'
        ) {
          throw new SimError(400, 'button {payload, text} is required');
        }
        message['button'] = clone(parsed.button);
        break;
      case 'reaction':
        if (
          !parsed.reaction ||
          typeof parsed.reaction.message_id !== 'string' ||
          typeof parsed.reaction.emoji !== 'string'
        ) {
          throw new SimError(400, 'reaction {message_id, emoji} is required');
        }
        message['reaction'] = clone(parsed.reaction);
        break;
      case 'unsupported':
        message['errors'] = [
          {
            code: 131051,
            title: 'Message type unknown',
            message: 'Message type unknown',
            error_data: { details: 'Message type is currently not supported.' },
          },
        ];
        break;
    }
    if (parsed.extra) Object.assign(message, clone(parsed.extra));

    const stored = contacts.get(key);
    const profile: JsonObject = { name: profileName };
    if (stored?.username !== undefined) profile['username'] = stored.username;
    const contact: JsonObject = { profile, wa_id: from };
    if (stored?.user_id !== undefined) contact['user_id'] = stored.user_id;
    const payload = this.#messagesEnvelope(account, { contacts: [contact], messages: [message] });
    this.scheduler.after(parsed.delay_ms ?? 0, () => {
      const current = this.#accounts.get(account.phone_number_id);
      if (!current) return;
      this.#dispatcher.deliver(this.#webhookTarget(current), payload, {
        kind: 'inbound',
        wabaId: current.waba_id,
        phoneNumberId: current.phone_number_id,
        wamid,
      });
    });
    return {
      message_id: wamid,
      wa_id: from,
      ...(stored?.user_id !== undefined && { user_id: stored.user_id }),
      ...(mediaId !== undefined && { media_id: mediaId }),
      webhook: clone(payload),
    };
  }

  /**
   * `POST /_sim/customers`: a customer the number knows already (their profile, when they last
   * wrote), without a webhook. Meta keeps this across time; the simulator forgets it when it
   * restarts, so a backend that kept its history (demo mode) tells it again. An earlier
   * `last_inbound_at` than the one known leaves the window as it is.
   */
  addCustomer(input: CustomerInput): Customer {
    const parsed = parseCustomerInput(input);
    const account = this.#accounts.get(parsed.phone_number_id);
    if (!account)
      throw new SimError(404, `no account with phone_number_id ${parsed.phone_number_id}`);
    const waId = parsed.wa_id !== undefined ? normalizePhone(parsed.wa_id) : '';
    const userId = parsed.user_id?.trim() || undefined;
    if (!waId && !userId)
      throw new SimError(400, 'wa_id (or user_id for username users) is required');
    if (waId && !isPhoneDigits(waId))
      throw new SimError(400, `wa_id (${parsed.wa_id}) is not a phone number`);
    const contacts = this.#contactsOf(account.phone_number_id);
    const key = waId || `user:${userId ?? ''}`;
    const previous = contacts.get(key);
    const at = parsed.last_inbound_at !== undefined ? parsed.last_inbound_at * 1000 : Date.now();
    const knownUserId = userId ?? previous?.user_id;
    const record: ContactRecord = {
      key,
      wa_id: waId,
      ...(knownUserId !== undefined && { user_id: knownUserId }),
      profile_name:
        parsed.profile_name ??
        previous?.profile_name ??
        `Customer ${(waId || userId || '').slice(-4)}`,
      ...(previous?.username !== undefined && { username: previous.username }),
      last_inbound_at: Math.max(previous?.last_inbound_at ?? 0, at),
    };
    contacts.set(key, record);
    return {
      phone_number_id: account.phone_number_id,
      wa_id: record.wa_id,
      ...(record.user_id !== undefined && { user_id: record.user_id }),
      profile_name: record.profile_name,
      last_inbound_at: Math.floor(record.last_inbound_at / 1000),
    };
  }

  /**
   * The user stops or resumes marketing messages from a business number, as "Stop promotions"
   * and "Resume" do in WhatsApp: marketing templates to them then fail with 131050, and a
   * `user_preferences` webhook tells the business
   * (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/user_preferences).
   */
  userPreference(input: UserPreferenceInput): JsonObject {
    const account = this.#accounts.get(String(input?.phone_number_id ?? ''));
    if (!account)
      throw new SimError(404, `no account with phone_number_id ${String(input?.phone_number_id)}`);
    if (input.value !== 'stop' && input.value !== 'resume')
      throw new SimError(400, 'value must be stop or resume');
    if (
      input.timestamp !== undefined &&
      (typeof input.timestamp !== 'number' ||
        !Number.isInteger(input.timestamp) ||
        input.timestamp < 0)
    )
      throw new SimError(400, 'timestamp must be Unix seconds (an integer >= 0)');
    const waId = typeof input.wa_id === 'string' ? normalizePhone(input.wa_id) : '';
    const userId = typeof input.user_id === 'string' ? input.user_id.trim() : '';
    if (waId && !isPhoneDigits(waId)) throw new SimError(400, 'wa_id is not a phone number');
    if (!waId && !userId) throw new SimError(400, 'wa_id (or user_id) is required');
    const key = waId || `user:${userId}`;
    const stopKey = `${account.phone_number_id}:${key}`;
    if (input.value === 'stop') this.#marketingStopped.add(stopKey);
    else this.#marketingStopped.delete(stopKey);
    const known = this.#contactsOf(account.phone_number_id).get(key);
    const profile: JsonObject = { name: known?.profile_name ?? `Customer ${key.slice(-4)}` };
    const contact: JsonObject = { profile, wa_id: waId };
    if (userId) contact['user_id'] = userId;
    const preference: JsonObject = {
      wa_id: waId,
      ...(userId && { user_id: userId }),
      detail:
        input.detail ??
        (input.value === 'stop'
          ? 'User requested to stop marketing messages'
          : 'User requested to resume marketing messages'),
      category: 'marketing_messages',
      value: input.value,
      timestamp: input.timestamp ?? Math.floor(Date.now() / 1000),
    };
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: account.waba_id,
          changes: [
            {
              value: {
                messaging_product: 'whatsapp',
                metadata: {
                  display_phone_number: digitsOnly(account.display_phone_number),
                  phone_number_id: account.phone_number_id,
                },
                contacts: [contact],
                user_preferences: [preference],
              },
              field: 'user_preferences',
            },
          ],
        },
      ],
    };
    this.scheduler.after(input.delay_ms ?? 0, () => {
      const current = this.#accounts.get(account.phone_number_id);
      if (!current) return;
      this.#dispatcher.deliver(this.#webhookTarget(current), payload, {
        kind: 'user_preferences',
        wabaId: current.waba_id,
        phoneNumberId: current.phone_number_id,
      });
    });
    return clone(payload);
  }

  #inboundMedia(
    account: Account,
    kind: MediaKind,
    input: InboundMediaInput,
    baseUrl: string,
  ): { id: string; object: JsonObject } {
    const sample = sampleMedia(kind, this.#media.size);
    const data =
      input.data_base64 !== undefined ? Buffer.from(input.data_base64, 'base64') : sample.data;
    const mimeType = input.mime_type ?? sample.mimeType;
    const filename = kind === 'document' ? (input.filename ?? 'document.pdf') : input.filename;
    const record = this.#storeMedia(account.phone_number_id, mimeType, data, 'inbound', filename);
    const object: JsonObject = {};
    if (input.caption !== undefined && kind !== 'audio' && kind !== 'sticker')
      object['caption'] = input.caption;
    if (kind === 'document') object['filename'] = filename;
    object['mime_type'] = mimeType;
    object['sha256'] = sha256Base64(data);
    object['id'] = record.id;
    object['url'] = mediaUrl(baseUrl, record.id, this.mediaKey, this.mediaUrlTtlMs, Date.now());
    if (kind === 'audio') object['voice'] = input.voice ?? false;
    if (kind === 'sticker') object['animated'] = input.animated ?? false;
    return { id: record.id, object };
  }

  // ------------------------------------------------------------ records

  sent(phoneNumberId?: string, to?: string): SentMessage[] {
    const wanted = to === undefined ? undefined : normalizePhone(to);
    return this.#sent
      .filter(
        (s) =>
          (phoneNumberId === undefined || s.phone_number_id === phoneNumberId) &&
          (wanted === undefined || s.to === wanted),
      )
      .map(publicSent);
  }

  receipts(phoneNumberId?: string): ReadReceipt[] {
    return this.#receipts
      .filter((r) => phoneNumberId === undefined || r.phone_number_id === phoneNumberId)
      .map((r) => ({ ...r }));
  }

  webhooks(filter: WebhookFilter = {}): WebhookAttempt[] {
    return this.#webhookLog
      .filter(
        (w) =>
          (filter.phone_number_id === undefined || w.phone_number_id === filter.phone_number_id) &&
          (filter.waba_id === undefined || w.waba_id === filter.waba_id) &&
          (filter.kind === undefined || w.kind === filter.kind) &&
          (filter.wamid === undefined || w.wamid === filter.wamid) &&
          (filter.status === undefined || w.status === filter.status),
      )
      .map((w) => clone(w));
  }

  clearWebhooks(): void {
    this.#webhookLog.length = 0;
  }

  /** Forgets everything and cancels every pending timer, delivery and held request. */
  reset(): void {
    this.scheduler.cancelAll();
    this.releaseHolds();
    this.#accounts.clear();
    this.#expiredTokens.clear();
    this.#templates.clear();
    this.#deletedNames.clear();
    this.uploads.clear();
    this.#media.clear();
    this.#sent.length = 0;
    this.#sentById.clear();
    this.#inboundIds.clear();
    this.#contacts.clear();
    this.#marketingStopped.clear();
    this.#receipts.length = 0;
    this.#throughput.clear();
    this.#pair.clear();
    this.#subscribedWabas.clear();
    this.#webhookLog.length = 0;
    this.faults.clear();
    this.ids.clear();
  }
}
