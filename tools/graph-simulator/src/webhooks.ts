// Signed webhook deliveries with retries, every attempt recorded.
import { createHmac } from 'node:crypto';
import { shortId } from './ids.ts';
import type { Scheduler } from './scheduler.ts';
import type { WebhookAttempt, WebhookKind, WebhookRetryConfig } from './types.ts';

export interface WebhookTarget {
  url: string | null;
  appSecret: string;
}

export interface WebhookMeta {
  kind: WebhookKind;
  wabaId: string;
  phoneNumberId?: string;
  wamid?: string;
  status?: string;
  duplicate?: boolean;
}

export interface DispatcherSettings {
  retry: WebhookRetryConfig;
  escapeJson: boolean;
}

/**
 * JSON as Meta writes it: non-ASCII characters as `\uXXXX` escapes and `/` as `\/`. Both only
 * occur inside strings, so the result parses to the same value.
 */
export function serializeLikeMeta(payload: unknown, escape: boolean): string {
  const json = JSON.stringify(payload);
  if (!escape) return json;
  return json
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

/** `sha256=<hex HMAC-SHA256 of the raw body keyed with the app secret>`. */
export function signature256(rawBody: string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody, 'utf8').digest('hex')}`;
}

export function signature1(rawBody: string, appSecret: string): string {
  return `sha1=${createHmac('sha1', appSecret).update(rawBody, 'utf8').digest('hex')}`;
}

export class WebhookDispatcher {
  readonly #scheduler: Scheduler;
  readonly #settings: () => DispatcherSettings;
  readonly #log: WebhookAttempt[];

  constructor(scheduler: Scheduler, settings: () => DispatcherSettings, log: WebhookAttempt[]) {
    this.#scheduler = scheduler;
    this.#settings = settings;
    this.#log = log;
  }

  /** Sends `payload` to `target` now (in the background), retrying on failure. */
  deliver(target: WebhookTarget, payload: Record<string, unknown>, meta: WebhookMeta): void {
    const settings = this.#settings();
    const rawBody = serializeLikeMeta(payload, settings.escapeJson);
    const deliveryId = shortId('whd');
    const signature = signature256(rawBody, target.appSecret);
    const attempt = (n: number): Promise<void> =>
      this.#attempt(target, rawBody, signature, payload, meta, deliveryId, n, settings);
    this.#scheduler.run(() => attempt(1));
  }

  async #attempt(
    target: WebhookTarget,
    rawBody: string,
    signature: string,
    payload: Record<string, unknown>,
    meta: WebhookMeta,
    deliveryId: string,
    n: number,
    settings: DispatcherSettings,
  ): Promise<void> {
    const started = Date.now();
    const record: WebhookAttempt = {
      delivery_id: deliveryId,
      attempt: n,
      kind: meta.kind,
      url: target.url,
      ...(meta.phoneNumberId !== undefined && { phone_number_id: meta.phoneNumberId }),
      waba_id: meta.wabaId,
      ...(meta.wamid !== undefined && { wamid: meta.wamid }),
      ...(meta.status !== undefined && { status: meta.status }),
      duplicate: meta.duplicate ?? false,
      raw_body: rawBody,
      payload,
      signature,
      sent_at: new Date(started).toISOString(),
      status_code: null,
      ok: false,
      duration_ms: 0,
    };
    if (!target.url) {
      record.error = 'no webhook_url configured for this account';
      this.#log.push(record);
      return;
    }
    const controller = this.#scheduler.controller();
    const timer = setTimeout(
      () => controller.abort(new Error('timeout')),
      settings.retry.timeout_ms,
    );
    timer.unref();
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'facebookexternalua',
          'x-hub-signature-256': signature,
          'x-hub-signature': signature1(rawBody, target.appSecret),
        },
        body: rawBody,
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      record.status_code = response.status;
      record.ok = response.status >= 200 && response.status < 300;
      if (!record.ok) record.error = `HTTP ${response.status}`;
    } catch (error) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
      record.error = reason instanceof Error ? reason.message : String(reason);
      if (controller.signal.aborted && !(reason instanceof Error && reason.message === 'timeout')) {
        // Cancelled by close() or reset(): the log was cleared with it, nothing to record.
        return;
      }
    } finally {
      clearTimeout(timer);
      this.#scheduler.release(controller);
    }
    record.duration_ms = Date.now() - started;
    this.#log.push(record);
    if (!record.ok && n < settings.retry.attempts) {
      const delay = settings.retry.base_delay_ms * 2 ** (n - 1);
      this.#scheduler.after(delay, () =>
        this.#attempt(target, rawBody, signature, payload, meta, deliveryId, n + 1, settings),
      );
    }
  }
}

export interface VerifyResult {
  ok: boolean;
  url: string;
  challenge: string;
  status_code: number | null;
  body: string;
  error?: string;
}

/** Meta's subscription handshake: GET `url?hub.mode=subscribe&hub.challenge=&hub.verify_token=`. */
export async function verifyCallback(
  url: string,
  verifyToken: string,
  timeoutMs = 5000,
): Promise<VerifyResult> {
  const challenge = String(Math.floor(Math.random() * 1_000_000_000));
  const target = new URL(url);
  target.searchParams.set('hub.mode', 'subscribe');
  target.searchParams.set('hub.challenge', challenge);
  target.searchParams.set('hub.verify_token', verifyToken);
  try {
    const response = await fetch(target, {
      headers: { 'user-agent': 'facebookplatform/1.0 (+http://developers.facebook.com)' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await response.text();
    return {
      ok: response.status === 200 && body.trim() === challenge,
      url,
      challenge,
      status_code: response.status,
      body: body.slice(0, 500),
    };
  } catch (error) {
    return {
      ok: false,
      url,
      challenge,
      status_code: null,
      body: '',
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
