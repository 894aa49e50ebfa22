import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { type AuthenticatedUser } from '../auth/authenticated-user.js';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type Executor } from '../database/database.js';
import { type WhatsAppAccount } from './accounts.schema.js';
import { type ConnectionTestResult, WhatsAppService } from '../whatsapp/whatsapp.service.js';
import { type AccountChanges, AccountsRepository } from './accounts.repository.js';
import { type ConnectionTestResponseDto, type TestAccountDto } from './dto/connection-test.dto.js';
import { type CreateAccountDto } from './dto/create-account.dto.js';
import { type AccountResponseDto } from './dto/account-response.dto.js';
import { type UpdateAccountDto } from './dto/update-account.dto.js';
import { maskSecret, TokenVault } from './token-vault.js';

/** The decrypted secrets of an account, for features that call Meta or check webhooks. */
export interface AccountSecrets {
  readonly account: WhatsAppAccount;
  readonly accessToken: string;
  readonly appSecret: string | null;
}

/**
 * Work another feature does when an account is disconnected, in the same transaction, before
 * the account's row goes (its rows still name the account).
 */
export type DisconnectHook = (
  account: { readonly organizationId: string; readonly id: string },
  tx: Executor,
) => Promise<unknown>;

/** How other features show an account beside their own data (e.g. a conversation's number). */
export interface AccountLabel {
  readonly label: string;
  readonly displayPhoneNumber: string | null;
}

/** An account behind a per-account webhook URL, with its app secret decrypted. */
export interface WebhookAccount {
  /** Undefined for an id no connected account has. */
  readonly account: WhatsAppAccount | undefined;
  /** The account's own app secret, or null when it has none. */
  readonly appSecret: string | null;
}

/**
 * How long {@link AccountsService.forWebhook} reuses an account. Every delivery needs it and
 * Meta sends bursts. Changes made through this instance drop the entry at once; another
 * instance's changes take effect within this time.
 */
const WEBHOOK_CACHE_MS = 5_000;
/** Accounts remembered at most (unknown ids too, so a flood of random ids stays bounded). */
const WEBHOOK_CACHE_SIZE = 1_000;
/**
 * An account's last webhook time is written when it moves forward by this much at least (per
 * instance): a burst of deliveries costs one UPDATE a minute, and the console says "2 minutes
 * ago" either way.
 */
export const WEBHOOK_SEEN_PRECISION_MS = 60_000;

/** Meta's webhooks reached an account: the event's account and when it was received. */
export interface WebhookReceipt {
  readonly organizationId: string;
  readonly accountId: string;
  readonly receivedAt: Date;
}

@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);
  private readonly webhookCache = new Map<string, WebhookAccount & { expiresAt: number }>();
  private readonly disconnectHooks: DisconnectHook[] = [];
  /** The last webhook time this instance wrote, per account (ms). */
  private readonly webhookSeen = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsRepository,
    private readonly whatsapp: WhatsAppService,
    private readonly vault: TokenVault,
  ) {}

  /**
   * Tests values without saving anything: Meta's checks, then that the number is not connected
   * already (so a duplicate fails here, on its checklist, rather than only on Save).
   */
  async test(caller: AuthenticatedUser, dto: TestAccountDto): Promise<ConnectionTestResponseDto> {
    const result = await this.testAtMeta(dto);
    const existing = await this.accounts.findByPhoneNumberId(dto.phone_number_id);
    const step = {
      key: 'not_connected' as const,
      name: 'Not connected yet',
      ok: !existing,
      detail: !existing
        ? `Phone number ${dto.phone_number_id} is not connected yet.`
        : existing.organizationId === caller.organizationId
          ? `Phone number ${dto.phone_number_id} is already connected here as "${existing.label}": edit that account instead.`
          : `Phone number ${dto.phone_number_id} is already connected to another organization. Ask them to disconnect it first.`,
    };
    return { ...result, success: result.success && step.ok, steps: [...result.steps, step] };
  }

  async list(caller: AuthenticatedUser): Promise<AccountResponseDto[]> {
    return (await this.accounts.list(caller.organizationId)).map((row) => this.toResponse(row));
  }

  async get(caller: AuthenticatedUser, id: string): Promise<AccountResponseDto> {
    return this.toResponse(await this.findOrThrow(caller.organizationId, id));
  }

  /** Meta's part of the test: token, number, business account, quality, throughput. */
  private testAtMeta(dto: TestAccountDto): Promise<ConnectionTestResponseDto> {
    return this.whatsapp.testConnection({
      phoneNumberId: dto.phone_number_id,
      wabaId: dto.waba_id,
      accessToken: dto.access_token,
    });
  }

  async create(caller: AuthenticatedUser, dto: CreateAccountDto): Promise<AccountResponseDto> {
    // A number connected already is a 409 below (the insert's unique index decides, race-free).
    const result = await this.testAtMeta(dto);
    if (!result.success) throw new ConnectionTestFailedException(result);
    const row = await this.accounts.insert({
      organizationId: caller.organizationId,
      label: dto.label,
      phoneNumberId: dto.phone_number_id,
      wabaId: dto.waba_id,
      appId: dto.app_id ?? null,
      ...this.encryptedToken(dto.access_token),
      ...this.encryptedAppSecret(dto.app_secret ?? null),
      webhookVerifyToken: `wvt_${randomBytes(16).toString('hex')}`,
      ...checkColumns(result),
    });
    if (!row)
      throw new ConflictException(`Phone number ${dto.phone_number_id} is already connected.`);
    this.logger.log(
      { account_id: row.id, organization_id: caller.organizationId },
      'WhatsApp account connected',
    );
    return this.toResponse(row);
  }

  async update(
    caller: AuthenticatedUser,
    id: string,
    dto: UpdateAccountDto,
  ): Promise<AccountResponseDto> {
    const existing = await this.findOrThrow(caller.organizationId, id);
    const changes: AccountChanges = {};
    if (dto.label !== undefined) changes.label = dto.label;
    if (dto.app_id !== undefined) changes.appId = dto.app_id;
    if (dto.app_secret !== undefined)
      Object.assign(changes, this.encryptedAppSecret(dto.app_secret));
    if (dto.access_token !== undefined) {
      // A replacement token must work before it replaces one that may still work.
      const result = await this.whatsapp.testConnection({
        phoneNumberId: existing.phoneNumberId,
        wabaId: existing.wabaId,
        accessToken: dto.access_token,
      });
      if (!result.success) throw new ConnectionTestFailedException(result);
      Object.assign(changes, this.encryptedToken(dto.access_token), checkColumns(result));
    }
    const row = await this.accounts.update(caller.organizationId, id, changes);
    if (!row) throw notFound();
    this.webhookCache.delete(id);
    return this.toResponse(row);
  }

  /** Re-tests the stored values and records the outcome (status, quality, last verified time). */
  async verify(caller: AuthenticatedUser, id: string): Promise<AccountResponseDto> {
    const secrets = await this.secrets(caller.organizationId, id);
    const result = await this.whatsapp.testConnection({
      phoneNumberId: secrets.account.phoneNumberId,
      wabaId: secrets.account.wabaId,
      accessToken: secrets.accessToken,
    });
    const row = await this.accounts.update(caller.organizationId, id, checkColumns(result));
    if (!row) throw notFound();
    return this.toResponse(row);
  }

  /**
   * Registers work for other features to do when an account is disconnected (messages cancels
   * the sends still queued from it), so this feature never touches their tables.
   */
  onDisconnect(hook: DisconnectHook): void {
    this.disconnectHooks.push(hook);
  }

  /** Disconnects: the account's row goes, with whatever other features do about it, at once. */
  async remove(caller: AuthenticatedUser, id: string): Promise<void> {
    const { organizationId } = caller;
    const removed = await this.accounts.transaction(async (tx) => {
      if (!(await this.accounts.lock(organizationId, id, tx))) return false;
      for (const hook of this.disconnectHooks) await hook({ organizationId, id }, tx);
      return this.accounts.delete(organizationId, id, tx);
    });
    if (!removed) throw notFound();
    this.webhookCache.delete(id);
    this.logger.log(
      { account_id: id, organization_id: caller.organizationId },
      'WhatsApp account removed',
    );
  }

  /**
   * The label and display number of the organization's accounts among `ids`, in one query (for
   * pages of other features' rows); ids of disconnected or other organizations' accounts are
   * left out.
   */
  async labels(organizationId: string, ids: Iterable<string>): Promise<Map<string, AccountLabel>> {
    const rows = await this.accounts.listByIds(organizationId, [...new Set(ids)]);
    return new Map(
      rows.map((row) => [row.id, { label: row.label, displayPhoneNumber: row.displayPhoneNumber }]),
    );
  }

  /** For other features' reads: the account without its secrets; undefined when it is gone. */
  find(organizationId: string, id: string): Promise<WhatsAppAccount | undefined> {
    return this.accounts.find(organizationId, id);
  }

  /** For other features (sending, webhooks): the account with its secrets decrypted. */
  async secrets(organizationId: string, id: string): Promise<AccountSecrets> {
    const account = await this.findOrThrow(organizationId, id);
    return {
      account,
      accessToken: this.vault.decrypt(account.accessTokenEncrypted),
      appSecret: account.appSecretEncrypted ? this.vault.decrypt(account.appSecretEncrypted) : null,
    };
  }

  private async findOrThrow(organizationId: string, id: string): Promise<WhatsAppAccount> {
    const row = await this.accounts.find(organizationId, id);
    if (!row) throw notFound();
    return row;
  }

  private encryptedToken(token: string): {
    accessTokenEncrypted: string;
    accessTokenLast4: string;
  } {
    return { accessTokenEncrypted: this.vault.encrypt(token), accessTokenLast4: token.slice(-4) };
  }

  private encryptedAppSecret(secret: string | null): {
    appSecretEncrypted: string | null;
    appSecretLast4: string | null;
  } {
    return secret === null
      ? { appSecretEncrypted: null, appSecretLast4: null }
      : { appSecretEncrypted: this.vault.encrypt(secret), appSecretLast4: secret.slice(-4) };
  }

  private toResponse(row: WhatsAppAccount): AccountResponseDto {
    return {
      id: row.id,
      label: row.label,
      phone_number_id: row.phoneNumberId,
      waba_id: row.wabaId,
      app_id: row.appId,
      display_phone_number: row.displayPhoneNumber,
      verified_name: row.verifiedName,
      quality_rating: row.qualityRating,
      throughput_level: row.throughputLevel,
      messaging_limit: row.messagingLimit,
      status: row.status,
      access_token_mask: maskSecret(row.accessTokenLast4),
      app_secret_mask: row.appSecretLast4 === null ? null : maskSecret(row.appSecretLast4),
      webhook: {
        callback_url: `${this.config.publicUrl}/api/webhooks/whatsapp/${row.id}`,
        verify_token: row.webhookVerifyToken,
      },
      last_check: row.lastCheck,
      last_verified_at: row.lastVerifiedAt?.toISOString() ?? null,
      last_webhook_at: row.lastWebhookAt?.toISOString() ?? null,
      created_at: row.createdAt.toISOString(),
      updated_at: row.updatedAt.toISOString(),
    };
  }

  // For webhooks: Meta's deliveries carry no organization; these find the account first.
  // They take the caller's transaction, so applying an event needs one connection only.

  /** The account behind a per-account webhook URL (any organization), or undefined. */
  findForWebhook(id: string, executor?: Executor): Promise<WhatsAppAccount | undefined> {
    return this.accounts.findForWebhook(id, executor);
  }

  /**
   * The account behind a per-account webhook URL and its app secret, from a short-lived cache
   * (see {@link WEBHOOK_CACHE_MS}); throws when the database cannot be read.
   */
  async forWebhook(id: string): Promise<WebhookAccount> {
    const now = Date.now();
    const cached = this.webhookCache.get(id);
    if (cached && cached.expiresAt > now) return cached;
    const account = await this.accounts.findForWebhook(id);
    const entry = {
      account,
      appSecret: account ? this.appSecretOf(account) : null,
      expiresAt: now + WEBHOOK_CACHE_MS,
    };
    // A Map iterates in insertion order: re-inserting keeps the oldest entries first.
    this.webhookCache.delete(id);
    this.webhookCache.set(id, entry);
    if (this.webhookCache.size > WEBHOOK_CACHE_SIZE) {
      const oldest = this.webhookCache.keys().next();
      if (!oldest.done) this.webhookCache.delete(oldest.value);
    }
    return entry;
  }

  /** The account of a business number (any organization), or undefined. */
  findByPhoneNumberId(
    phoneNumberId: string,
    executor?: Executor,
  ): Promise<WhatsAppAccount | undefined> {
    return this.accounts.findByPhoneNumberId(phoneNumberId, executor);
  }

  /** Every connected number of a WhatsApp Business Account (any organization). */
  listByWaba(wabaId: string, executor?: Executor): Promise<WhatsAppAccount[]> {
    return this.accounts.listByWaba(wabaId, executor);
  }

  /** The account's own app secret, decrypted, or null when it has none. */
  appSecretOf(account: WhatsAppAccount): string | null {
    return account.appSecretEncrypted ? this.vault.decrypt(account.appSecretEncrypted) : null;
  }

  /**
   * Records when Meta's webhooks last reached each account (`last_webhook_at`), for the console
   * to show a broken webhook set-up. Called after the deliveries were applied, outside their
   * transaction (the account row is never locked by the intake); a time less than
   * {@link WEBHOOK_SEEN_PRECISION_MS} after the one this instance last wrote is skipped. Never
   * throws: a failure is logged, and the next delivery writes it.
   */
  async recordWebhooks(receipts: readonly WebhookReceipt[]): Promise<void> {
    const latest = new Map<string, WebhookReceipt>();
    for (const receipt of receipts) {
      const known = latest.get(receipt.accountId);
      if (!known || known.receivedAt < receipt.receivedAt) latest.set(receipt.accountId, receipt);
    }
    for (const { organizationId, accountId, receivedAt } of latest.values()) {
      const at = receivedAt.getTime();
      const written = this.webhookSeen.get(accountId);
      if (written !== undefined && at < written + WEBHOOK_SEEN_PRECISION_MS) continue;
      // Re-inserted: the Map keeps the accounts written longest ago first.
      this.webhookSeen.delete(accountId);
      this.webhookSeen.set(accountId, at);
      if (this.webhookSeen.size > WEBHOOK_CACHE_SIZE) {
        const oldest = this.webhookSeen.keys().next();
        if (!oldest.done) this.webhookSeen.delete(oldest.value);
      }
      try {
        await this.accounts.recordWebhook(organizationId, accountId, receivedAt);
      } catch (error) {
        if (this.webhookSeen.get(accountId) === at) this.webhookSeen.delete(accountId);
        this.logger.warn(
          { account_id: accountId, organization_id: organizationId, err: error },
          "Account's last webhook time not recorded; the next delivery records it",
        );
      }
    }
  }

  /** Records quality, throughput or messaging-limit changes Meta reported by webhook. */
  recordQualityUpdate(
    organizationId: string,
    id: string,
    changes: Pick<AccountChanges, 'qualityRating' | 'throughputLevel' | 'messagingLimit'>,
    executor: Executor,
  ): Promise<WhatsAppAccount | undefined> {
    return this.accounts.updateQuality(organizationId, id, changes, executor);
  }
}

/** 422 carrying the failed checklist, so the console can show each step. */
export class ConnectionTestFailedException extends UnprocessableEntityException {
  constructor(result: ConnectionTestResult) {
    const failed = result.steps.find((step) => !step.ok);
    super({
      message: `The connection test failed${failed ? ` at "${failed.name}": ${failed.detail}` : ''}. Nothing was saved.`,
      extensions: { connection_test: result },
    });
  }
}

/** What a connection test tells about the account, as columns. */
function checkColumns(result: ConnectionTestResult): AccountChanges {
  return {
    status: result.success ? 'active' : 'failing',
    lastCheck: result,
    lastVerifiedAt: new Date(),
    // Keep the last known details when a re-test could not read them.
    ...(result.display_phone_number !== null
      ? {
          displayPhoneNumber: result.display_phone_number,
          verifiedName: result.verified_name,
          qualityRating: result.quality_rating,
          throughputLevel: result.throughput_level,
          messagingLimit: result.messaging_limit,
        }
      : {}),
  };
}

function notFound(): NotFoundException {
  return new NotFoundException('No such WhatsApp account in your organization.');
}
