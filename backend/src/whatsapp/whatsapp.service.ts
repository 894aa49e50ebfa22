import { Inject, Injectable, Logger } from '@nestjs/common';
import axios, { type AxiosInstance, type AxiosRequestConfig, isAxiosError } from 'axios';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { GraphApiError } from './graph-api.error.js';
import {
  type BusinessAccountInfo,
  type CreateTemplateInput,
  type MediaInfo,
  type MessageTemplate,
  type OutgoingMessage,
  type Paged,
  type PhoneNumberInfo,
  type SendMessageResult,
  type TemplateComponent,
} from './graph-api.types.js';
import { parseRetryAfter, retryDelayMs, type RetryPolicy } from './retry-policy.js';

const PHONE_NUMBER_FIELDS = [
  'id',
  'display_phone_number',
  'verified_name',
  'quality_rating',
  'throughput',
  'whatsapp_business_manager_messaging_limit',
  'name_status',
  'code_verification_status',
  'platform_type',
  'status',
].join(',');

/** What a template listing asks for: the defaults, and the rejection reason and quality score. */
const TEMPLATE_FIELDS = [
  'id',
  'name',
  'language',
  'status',
  'category',
  'parameter_format',
  'components',
  'rejected_reason',
  'quality_score',
  'previous_category',
].join(',');

/** One step of a connection test, as shown in the console's checklist. */
export interface ConnectionStep {
  readonly key:
    'token' | 'phone_number' | 'business_account' | 'not_connected' | 'quality' | 'throughput';
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface ConnectionTestResult {
  readonly success: boolean;
  readonly display_phone_number: string | null;
  readonly verified_name: string | null;
  readonly quality_rating: string | null;
  readonly throughput_level: string | null;
  readonly messaging_limit: string | null;
  readonly steps: ConnectionStep[];
}

/**
 * The only code that talks to Meta's Graph API. Every call has a timeout; transient failures
 * (5xx, timeouts, throttling) are retried with backoff and jitter, honouring Retry-After;
 * every failure surfaces as one {@link GraphApiError}. Tokens are sent, never logged.
 */
@Injectable()
export class WhatsAppService {
  private readonly logger = new Logger(WhatsAppService.name);
  private readonly http: AxiosInstance;
  private readonly policy: RetryPolicy;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const { baseUrl, version, timeoutMs } = config.graphApi;
    this.http = axios.create({
      baseURL: `${baseUrl}/${version}`,
      timeout: timeoutMs,
      // Errors are classified here, not by axios' status check.
      validateStatus: () => true,
      maxBodyLength: 110 * 1024 * 1024,
      maxContentLength: 110 * 1024 * 1024,
    });
    this.policy = {
      maxRetries: config.graphApi.maxRetries,
      baseDelayMs: config.graphApi.retryBaseDelayMs,
      maxDelayMs: config.graphApi.retryMaxDelayMs,
    };
  }

  getPhoneNumber(accessToken: string, phoneNumberId: string): Promise<PhoneNumberInfo> {
    return this.call(accessToken, {
      method: 'GET',
      url: `/${id(phoneNumberId)}`,
      params: { fields: PHONE_NUMBER_FIELDS },
    });
  }

  getBusinessAccount(accessToken: string, wabaId: string): Promise<BusinessAccountInfo> {
    return this.call(accessToken, { method: 'GET', url: `/${id(wabaId)}` });
  }

  listPhoneNumbers(accessToken: string, wabaId: string): Promise<Paged<PhoneNumberInfo>> {
    return this.call(accessToken, {
      method: 'GET',
      url: `/${id(wabaId)}/phone_numbers`,
      params: { fields: PHONE_NUMBER_FIELDS, limit: 100 },
    });
  }

  /**
   * Checks values before they are saved: the token works, the phone number is reachable with it,
   * the number belongs to the WhatsApp Business Account, and its quality and throughput.
   */
  async testConnection(input: {
    phoneNumberId: string;
    wabaId: string;
    accessToken: string;
  }): Promise<ConnectionTestResult> {
    const steps: ConnectionStep[] = [];
    const failed = (): ConnectionTestResult => ({
      success: false,
      display_phone_number: null,
      verified_name: null,
      quality_rating: null,
      throughput_level: null,
      messaging_limit: null,
      steps,
    });

    let phone: PhoneNumberInfo;
    try {
      phone = await this.getPhoneNumber(input.accessToken, input.phoneNumberId);
      steps.push({
        key: 'token',
        name: 'Access token accepted',
        ok: true,
        detail: 'Meta accepted the token.',
      });
      steps.push({
        key: 'phone_number',
        name: 'Phone number reachable',
        ok: true,
        detail: `${phone.display_phone_number} (${phone.verified_name})`,
      });
    } catch (error) {
      const e = asGraphError(error);
      const tokenRejected = e.code === 190 || e.code === 0 || e.httpStatus === 401;
      const unreachable = e.httpStatus === 0;
      steps.push({
        key: 'token',
        name: 'Access token accepted',
        ok: !tokenRejected && !unreachable,
        detail:
          tokenRejected || unreachable ? `${e.title}: ${e.message}` : 'Meta accepted the token.',
      });
      if (!tokenRejected && !unreachable) {
        steps.push({
          key: 'phone_number',
          name: 'Phone number reachable',
          ok: false,
          detail: `No phone number ${input.phoneNumberId} is reachable with this token: ${e.message}`,
        });
      }
      return failed();
    }

    try {
      const numbers = await this.listPhoneNumbers(input.accessToken, input.wabaId);
      const belongs = numbers.data.some((n) => n.id === input.phoneNumberId);
      steps.push({
        key: 'business_account',
        name: 'Number belongs to the business account',
        ok: belongs,
        detail: belongs
          ? `Phone number ${input.phoneNumberId} is in WhatsApp Business Account ${input.wabaId}.`
          : `WhatsApp Business Account ${input.wabaId} has no phone number ${input.phoneNumberId}: check both ids in WhatsApp Manager.`,
      });
    } catch (error) {
      const e = asGraphError(error);
      steps.push({
        key: 'business_account',
        name: 'Number belongs to the business account',
        ok: false,
        detail: `WhatsApp Business Account ${input.wabaId} could not be read: ${e.message}`,
      });
    }

    const quality = phone.quality_rating ?? 'UNKNOWN';
    steps.push({
      key: 'quality',
      name: 'Quality rating',
      // A RED number can still send; it is shown as a warning, not a failure.
      ok: true,
      detail:
        quality === 'RED'
          ? 'RED: recipients are blocking or reporting messages; sending may soon be limited.'
          : `${quality}${quality === 'GREEN' ? ': high quality.' : '.'}`,
    });
    const throughput = phone.throughput?.level ?? null;
    steps.push({
      key: 'throughput',
      name: 'Throughput',
      ok: true,
      detail: throughput
        ? `${throughput} (80 messages/s by default; up to 1,000 when upgraded).`
        : 'Not reported by Meta.',
    });

    return {
      success: steps.every((s) => s.ok),
      display_phone_number: phone.display_phone_number,
      verified_name: phone.verified_name,
      quality_rating: quality,
      throughput_level: throughput,
      messaging_limit: phone.whatsapp_business_manager_messaging_limit ?? null,
      steps,
    };
  }

  /**
   * Sends a message. A call that may have reached Meta without an answer (a timeout) is not
   * repeated: Meta would send it twice. The caller settles it from Meta's status webhook instead
   * (`GraphApiError.mayHaveArrived`).
   */
  sendMessage(
    accessToken: string,
    phoneNumberId: string,
    message: OutgoingMessage,
  ): Promise<SendMessageResult> {
    return this.call(
      accessToken,
      {
        method: 'POST',
        url: `/${id(phoneNumberId)}/messages`,
        data: { messaging_product: 'whatsapp', recipient_type: 'individual', ...message },
      },
      'Bearer',
      false,
    );
  }

  async markAsRead(
    accessToken: string,
    phoneNumberId: string,
    wamid: string,
    showTyping = false,
  ): Promise<void> {
    await this.call<{ success: boolean }>(accessToken, {
      method: 'POST',
      url: `/${id(phoneNumberId)}/messages`,
      data: {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: wamid,
        ...(showTyping ? { typing_indicator: { type: 'text' } } : {}),
      },
    });
  }

  listTemplates(
    accessToken: string,
    wabaId: string,
    page: { limit?: number; after?: string } = {},
  ): Promise<Paged<MessageTemplate>> {
    return this.call(accessToken, {
      method: 'GET',
      url: `/${id(wabaId)}/message_templates`,
      params: {
        fields: TEMPLATE_FIELDS,
        limit: page.limit ?? 100,
        ...(page.after ? { after: page.after } : {}),
      },
    });
  }

  /** Every template of the business account, following the cursors. */
  async listAllTemplates(accessToken: string, wabaId: string): Promise<MessageTemplate[]> {
    const all: MessageTemplate[] = [];
    let after: string | undefined;
    for (let page = 0; page < 50; page++) {
      const result = await this.listTemplates(accessToken, wabaId, { after });
      all.push(...result.data);
      after = result.paging?.cursors?.after;
      if (!after || result.data.length === 0 || !result.paging?.next) break;
    }
    return all;
  }

  createTemplate(
    accessToken: string,
    wabaId: string,
    template: CreateTemplateInput,
  ): Promise<{ id: string; status: string; category: string }> {
    return this.call(accessToken, {
      method: 'POST',
      url: `/${id(wabaId)}/message_templates`,
      data: template,
    });
  }

  /** Edits a template's components (Meta sends it back to review); the category stays. */
  async editTemplate(
    accessToken: string,
    templateId: string,
    changes: { components: readonly TemplateComponent[]; parameter_format?: string },
  ): Promise<void> {
    await this.call<{ success: boolean }>(accessToken, {
      method: 'POST',
      url: `/${id(templateId)}`,
      data: changes,
    });
  }

  getTemplate(accessToken: string, templateId: string): Promise<MessageTemplate> {
    return this.call(accessToken, { method: 'GET', url: `/${id(templateId)}` });
  }

  /**
   * Uploads a file through Meta's Resumable Upload API and returns its handle, which a
   * template's media header takes as its sample (`example.header_handle`):
   * `POST /{app-id}/uploads` opens a session, `POST /upload:…` (OAuth header, `file_offset: 0`)
   * sends the bytes. https://developers.facebook.com/docs/graph-api/guides/upload
   */
  async uploadTemplateSample(
    accessToken: string,
    appId: string,
    file: { data: Buffer; mimeType: string; filename: string },
  ): Promise<string> {
    const session = await this.call<{ id: string }>(accessToken, {
      method: 'POST',
      url: `/${id(appId)}/uploads`,
      params: {
        file_name: file.filename,
        file_length: file.data.length,
        file_type: file.mimeType,
      },
    });
    const result = await this.call<{ h?: string }>(
      accessToken,
      {
        method: 'POST',
        url: `/${uploadSession(session.id)}`,
        headers: { file_offset: '0', 'Content-Type': 'application/octet-stream' },
        data: file.data,
      },
      'OAuth',
    );
    if (!result.h) {
      throw new GraphApiError({
        message: 'The upload session did not return a handle',
        httpStatus: 502,
        retryable: false,
      });
    }
    return result.h;
  }

  async deleteTemplate(
    accessToken: string,
    wabaId: string,
    name: string,
    templateId?: string,
  ): Promise<void> {
    await this.call(accessToken, {
      method: 'DELETE',
      url: `/${id(wabaId)}/message_templates`,
      params: { name, ...(templateId ? { hsm_id: templateId } : {}) },
    });
  }

  uploadMedia(
    accessToken: string,
    phoneNumberId: string,
    file: { data: Buffer; mimeType: string; filename: string },
  ): Promise<{ id: string }> {
    return this.call(accessToken, {
      method: 'POST',
      url: `/${id(phoneNumberId)}/media`,
      // A fresh FormData per attempt: retries must not reuse a consumed body.
      data: () => {
        const form = new FormData();
        form.append('messaging_product', 'whatsapp');
        form.append('type', file.mimeType);
        form.append(
          'file',
          new Blob([new Uint8Array(file.data)], { type: file.mimeType }),
          file.filename,
        );
        return form;
      },
    });
  }

  getMedia(accessToken: string, mediaId: string): Promise<MediaInfo> {
    return this.call(accessToken, { method: 'GET', url: `/${id(mediaId)}` });
  }

  /** Downloads media from the short-lived URL of {@link getMedia}; it needs the same token. */
  async downloadMedia(accessToken: string, url: string, maxBytes: number): Promise<Buffer> {
    const data = await this.call<ArrayBuffer>(accessToken, {
      method: 'GET',
      url,
      baseURL: '',
      responseType: 'arraybuffer',
      maxContentLength: maxBytes,
    });
    return Buffer.from(data);
  }

  /** One Graph API call with retries. `data` may be a factory for bodies that can be sent once only. */
  private async call<T>(
    accessToken: string,
    request: Omit<AxiosRequestConfig, 'data'> & { data?: unknown },
    scheme: 'Bearer' | 'OAuth' = 'Bearer',
    repeatUncertain = true,
  ): Promise<T> {
    for (let retry = 0; ; retry++) {
      try {
        return await this.attempt<T>(accessToken, request, scheme);
      } catch (error) {
        const e = asGraphError(error);
        const delay =
          e.retryable && (repeatUncertain || !e.mayHaveArrived)
            ? retryDelayMs(this.policy, retry + 1, e.retryAfterSeconds)
            : undefined;
        this.logger.warn(
          {
            graph_error: e.toJSON(),
            method: request.method,
            path: pathOf(request.url),
            retry_in_ms: delay ?? null,
          },
          delay === undefined ? 'Graph API call failed' : 'Graph API call failed; retrying',
        );
        if (delay === undefined) throw e;
        await sleep(delay);
      }
    }
  }

  private async attempt<T>(
    accessToken: string,
    request: AxiosRequestConfig & { data?: unknown },
    scheme: 'Bearer' | 'OAuth',
  ): Promise<T> {
    const data: unknown =
      typeof request.data === 'function' ? (request.data as () => unknown)() : request.data;
    let response;
    try {
      response = await this.http.request<T>({
        ...request,
        data,
        headers: { ...request.headers, Authorization: `${scheme} ${accessToken}` },
      });
    } catch (error) {
      if (isAxiosError(error) && (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT')) {
        throw GraphApiError.timeout(this.config.graphApi.timeoutMs);
      }
      if (
        isAxiosError(error) &&
        error.code === 'ERR_BAD_RESPONSE' &&
        /maxContentLength/.test(error.message)
      ) {
        throw new GraphApiError({
          message: 'The file is larger than allowed',
          httpStatus: 413,
          retryable: false,
          code: 131052,
        });
      }
      throw GraphApiError.network(
        isAxiosError(error) ? (error.code ?? error.message) : String(error),
      );
    }
    if (response.status >= 200 && response.status < 300) return response.data;
    throw GraphApiError.fromResponse(
      response.status,
      parseBody(response.data),
      parseRetryAfter(response.headers['retry-after']),
    );
  }
}

/** Ids go into URL paths: allow only what Meta's ids look like, so no path can be smuggled in. */
function id(value: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(value)) {
    throw new GraphApiError({
      message: `Not a valid Graph API id: ${value}`,
      httpStatus: 400,
      code: 100,
      retryable: false,
    });
  }
  return encodeURIComponent(value);
}

/**
 * An upload session id goes into the path as Meta wrote it (`upload:<id>`, Meta's may end in
 * `?sig=…`); only its characters are allowed, so no other path can be reached.
 */
function uploadSession(value: string): string {
  if (!/^upload:[A-Za-z0-9_=+-]+(\?sig=[A-Za-z0-9_=+-]+)?$/.test(value)) {
    throw new GraphApiError({
      message: `Not an upload session id: ${value.slice(0, 80)}`,
      httpStatus: 502,
      code: 100,
      retryable: false,
    });
  }
  return value;
}

function asGraphError(error: unknown): GraphApiError {
  return error instanceof GraphApiError ? error : GraphApiError.network(String(error));
}

function parseBody(data: unknown): unknown {
  if (data instanceof ArrayBuffer || Buffer.isBuffer(data)) {
    try {
      return JSON.parse(Buffer.from(data as ArrayBuffer).toString('utf8'));
    } catch {
      return undefined;
    }
  }
  return data;
}

/** Media URLs carry signatures in their query; log the path only. */
function pathOf(url: string | undefined): string | undefined {
  return url?.split('?')[0];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
