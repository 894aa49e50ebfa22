import { Inject, Injectable } from '@nestjs/common';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { CredentialsService } from '../credentials/credentials.service.js';
import { type WhatsAppCredential } from '../database/schema.js';

/**
 * How long the account behind a per-account URL (and its decrypted app secret) is reused.
 * Every delivery needs it and Meta sends bursts; a changed secret or a disconnected account
 * takes effect within this time.
 */
const CACHE_MS = 5_000;
/** Accounts remembered at most (unknown ids too, so a flood of random ids stays bounded). */
const CACHE_SIZE = 1_000;

export interface WebhookAccount {
  /** Undefined for an id no connected account has. */
  readonly account: WhatsAppCredential | undefined;
  /** The secret its deliveries must be signed with; undefined when none is set. */
  readonly secret: string | undefined;
}

interface Entry extends WebhookAccount {
  readonly expiresAt: number;
}

/** The accounts behind per-account webhook URLs, read through a short-lived cache. */
@Injectable()
export class WebhookAccounts {
  private readonly entries = new Map<string, Entry>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly credentials: CredentialsService,
  ) {}

  /** The account with this id; throws when the database cannot be read. */
  async get(credentialId: string): Promise<WebhookAccount> {
    const now = Date.now();
    const cached = this.entries.get(credentialId);
    if (cached && cached.expiresAt > now) return cached;
    const account = await this.credentials.findForWebhook(credentialId);
    const entry: Entry = {
      account,
      secret: account
        ? (this.credentials.appSecretOf(account) ?? this.config.webhooks.appSecret)
        : undefined,
      expiresAt: now + CACHE_MS,
    };
    // A Map iterates in insertion order: re-inserting keeps the oldest entries first.
    this.entries.delete(credentialId);
    this.entries.set(credentialId, entry);
    if (this.entries.size > CACHE_SIZE) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return entry;
  }
}
