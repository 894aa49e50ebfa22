import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { type WhatsAppAccount } from '../accounts/accounts.schema.js';
import { isUtf8 } from 'node:buffer';
import { sanitiseText } from '../common/http/unsafe-text.js';
import { describeError } from './database-errors.js';
import { WebhookInbox } from './webhook-inbox.service.js';
import { isValidSignature, secretsEqual } from './webhook-signature.js';

/** Meta's handshake query: `hub.mode`, `hub.challenge`, `hub.verify_token`. */
export type HandshakeQuery = Readonly<Record<string, unknown>>;

/** One POST as received: the exact bytes, the parsed JSON and the signature header. */
export interface WebhookDelivery {
  /** Undefined when the body was not JSON (only JSON bodies keep their raw bytes). */
  readonly rawBody: Buffer | undefined;
  readonly body: unknown;
  readonly signature: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Meta's webhook endpoints. Order of checks on a delivery:
 * 1. the JSON syntax, by the HTTP layer before any of this runs (malformed -> 400, signed or not:
 *    nothing is stored, and the parser is bounded by the 3 MB body limit);
 * 2. the `X-Hub-Signature-256` over the raw bytes (missing, wrong, or no secret to check it
 *    with -> 401, nothing stored; an unknown account answers exactly like a wrong signature);
 * 3. the body is a JSON object (-> 400);
 * 4. stored in the inbox (database unavailable -> 503, so Meta retries), then 200, then applied.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsService,
    private readonly inbox: WebhookInbox,
  ) {}

  /** The global URL's handshake, against WHATSAPP_WEBHOOK_VERIFY_TOKEN. */
  verifyGlobal(query: HandshakeQuery): string {
    return handshake(query, this.config.webhooks.verifyToken);
  }

  /** A per-account URL's handshake, against that account's own verify token. */
  async verifyAccount(accountId: string, query: HandshakeQuery): Promise<string> {
    const { account } = await this.findAccount(accountId);
    return handshake(query, account?.webhookVerifyToken);
  }

  /** The global URL: signed with WHATSAPP_APP_SECRET, routed by each change's phone_number_id. */
  async receiveGlobal(delivery: WebhookDelivery): Promise<void> {
    requireSignatureHeader(delivery);
    const secret = this.config.webhooks.appSecret;
    if (!secret) {
      this.logger.warn(
        'Webhook on the global URL, but WHATSAPP_APP_SECRET is not set: refused. Set it, or use the per-account URL.',
      );
    }
    await this.accept(null, secret, delivery);
  }

  /** A per-account URL: signed with the account's app secret (or WHATSAPP_APP_SECRET). */
  async receiveAccount(accountId: string, delivery: WebhookDelivery): Promise<void> {
    requireSignatureHeader(delivery);
    const { account, secret } = await this.findAccount(accountId);
    if (account && !secret) {
      this.logger.warn(
        { account_id: account.id, organization_id: account.organizationId },
        'Webhook for an account without an app secret (and WHATSAPP_APP_SECRET is not set): refused',
      );
    }
    await this.accept(account?.id ?? null, secret, delivery);
  }

  private async accept(
    accountId: string | null,
    secret: string | undefined,
    delivery: WebhookDelivery,
  ): Promise<void> {
    if (!delivery.rawBody) {
      throw new BadRequestException(
        'Webhook bodies must be JSON (Content-Type: application/json).',
      );
    }
    if (!secret || !isValidSignature(delivery.rawBody, delivery.signature, secret)) {
      this.logger.warn({ account_id: accountId }, 'Webhook with a wrong signature: refused');
      throw invalidSignature();
    }
    if (
      typeof delivery.body !== 'object' ||
      delivery.body === null ||
      Array.isArray(delivery.body)
    ) {
      throw new BadRequestException('The webhook body must be a JSON object.');
    }
    const { payload, rawBody } = storable(delivery.body, delivery.rawBody);
    let id: number;
    try {
      id = await this.inbox.store(accountId, payload, rawBody);
    } catch (error) {
      this.logger.error(
        { account_id: accountId, reason: describeError(error) },
        'Webhook could not be stored: answered 503 so Meta retries',
      );
      throw new ServiceUnavailableException(
        'The webhook could not be stored right now. Retry later.',
      );
    }
    this.inbox.applySoon(id);
  }

  /**
   * The account behind a per-account URL and the secret its deliveries are signed with: its own
   * app secret, else WHATSAPP_APP_SECRET (undefined for unknown ids); 503 when the database is
   * out.
   */
  private async findAccount(
    accountId: string,
  ): Promise<{ account: WhatsAppAccount | undefined; secret: string | undefined }> {
    if (!UUID.test(accountId)) return { account: undefined, secret: undefined };
    try {
      const { account, appSecret } = await this.accounts.forWebhook(accountId);
      return {
        account,
        secret: account ? (appSecret ?? this.config.webhooks.appSecret) : undefined,
      };
    } catch (error) {
      this.logger.error(
        { account_id: accountId, reason: describeError(error) },
        'Webhook account could not be looked up: answered 503',
      );
      throw new ServiceUnavailableException(
        'The webhook cannot be handled right now. Retry later.',
      );
    }
  }
}

/** Meta's handshake: 200 with the raw challenge when mode and token match, else 403. */
function handshake(query: HandshakeQuery, expectedToken: string | undefined | null): string {
  const mode = query['hub.mode'];
  const challenge = query['hub.challenge'];
  const token = query['hub.verify_token'];
  if (
    mode === 'subscribe' &&
    typeof challenge === 'string' &&
    typeof token === 'string' &&
    expectedToken &&
    secretsEqual(token, expectedToken)
  ) {
    return challenge;
  }
  throw new ForbiddenException('Webhook verification failed.');
}

function requireSignatureHeader(delivery: WebhookDelivery): void {
  if (!delivery.signature) throw invalidSignature();
}

function invalidSignature(): UnauthorizedException {
  return new UnauthorizedException('The X-Hub-Signature-256 signature is missing or wrong.');
}

/** `\u0000`, or the escape of a surrogate (paired ones are common: Meta escapes emoji). */
const MAYBE_UNSAFE_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

/**
 * What the inbox stores of a signed delivery: its JSON re-serialised rather than as received
 * (Meta escapes non-ASCII characters, and a database whose encoding is not UTF-8 refuses such
 * escapes in jsonb). jsonb cannot hold U+0000 or unpaired surrogates: those are dropped or
 * replaced (U+FFFD) so the delivery is stored and acknowledged all the same, and then the exact
 * bytes Meta sent are kept beside it.
 */
function storable(body: unknown, rawBody: Buffer): { payload: string; rawBody?: Buffer } {
  // Bytes that are not UTF-8 were read as U+FFFD by the JSON parser: sanitised already.
  if (!isUtf8(rawBody)) return { payload: JSON.stringify(body), rawBody };
  if (!MAYBE_UNSAFE_ESCAPE.test(rawBody.toString('latin1')))
    return { payload: JSON.stringify(body) };
  const sanitised = sanitiseText(body);
  return sanitised.changed
    ? { payload: JSON.stringify(sanitised.value), rawBody }
    : { payload: JSON.stringify(body) };
}
