import { Injectable, Logger } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service.js';
import { ConsentService } from '../contacts/consent/consent.service.js';
import { type WhatsAppAccount } from '../accounts/accounts.schema.js';
import { type WebhookEvent } from './webhooks.schema.js';
import { MessagesService } from '../messages/messages.service.js';
import { type StatusOutcome } from '../messages/status-applier.service.js';
import { AccountUpdatesService } from './account-updates.service.js';
import { describeError, isTransientDatabaseError } from './database-errors.js';
import { timestampOf } from './inbound-message.js';
import { type ConsentReply, InboundMessagesService } from './inbound-messages.service.js';
import {
  type MetaMessagesValue,
  type MetaQualityValue,
  type MetaTemplateCategoryValue,
  type MetaTemplateQualityValue,
  type MetaTemplateStatusValue,
  type MetaUserPreferencesValue,
} from './meta-webhook.types.js';
import { type Transaction } from './webhook-events.repository.js';

export interface ApplyResult {
  /** Items that could not be applied (each rolled back alone); the rest of the event was. */
  readonly problems: string[];
  /** New media waits for download. */
  newMedia: boolean;
  /** Confirmations of consent keywords, to send once the transaction committed. */
  readonly replies: ConsentReply[];
  /**
   * The connected accounts the event reached (the one whose URL received it, the ones its
   * changes were for), by id: their last webhook time is recorded once the transaction committed.
   */
  readonly reached: Map<string, WhatsAppAccount>;
}

/**
 * How {@link WebhookProcessor.apply} treats one item (a status, a message, an update) that fails:
 * - `isolated`: each item runs in a savepoint, so a bad item is logged, recorded and skipped
 *   while the rest of the event applies;
 * - `all-or-nothing`: no savepoints (three fewer round trips per item); the first failure
 *   aborts the caller's transaction, which then applies the events one by one, isolated.
 */
export type ItemMode = 'isolated' | 'all-or-nothing';

export interface ApplyOptions {
  readonly items: ItemMode;
  /**
   * Where the account a per-account URL names is read (default: in the transaction). A batch
   * passes a short-lived cache: a disconnected account is noticed within seconds either way.
   */
  readonly accountById?: (id: string) => Promise<WhatsAppAccount | undefined>;
}

/**
 * Applies one stored webhook event, inside the caller's transaction. Idempotent and
 * order-proof: statuses go through {@link MessagesService.applyStatus}; an inbound message is stored once per
 * wamid. Database outages roll everything back for a later retry.
 *
 * Tenancy: the organization always comes from the connected account. On a per-account URL only
 * that account's organization can be touched; on the global URL each change goes to the account
 * owning its `phone_number_id` (or, for business-account fields, the accounts of that WABA).
 */
@Injectable()
export class WebhookProcessor {
  private readonly logger = new Logger(WebhookProcessor.name);

  constructor(
    private readonly accounts: AccountsService,
    private readonly messages: MessagesService,
    private readonly inbound: InboundMessagesService,
    private readonly updates: AccountUpdatesService,
    private readonly consent: ConsentService,
  ) {}

  async apply(
    event: WebhookEvent,
    tx: Transaction,
    options: ApplyOptions = { items: 'isolated' },
  ): Promise<ApplyResult> {
    const result: ApplyResult = { problems: [], newMedia: false, replies: [], reached: new Map() };
    let via: WhatsAppAccount | undefined;
    if (event.accountId) {
      via = await (options.accountById
        ? options.accountById(event.accountId)
        : this.accounts.findForWebhook(event.accountId, tx));
      if (!via) {
        this.logger.warn(
          { webhook_event_id: event.id, account_id: event.accountId },
          'Webhook for an account that was disconnected since: ignored',
        );
        return result;
      }
      result.reached.set(via.id, via);
    }
    const runItem = (what: string, work: (sp: Transaction) => Promise<void>) =>
      options.items === 'isolated' ? this.isolated(tx, result, what, work) : work(tx);
    const routing = new Routing(this.accounts, tx, via, this.logger, event.id, result.reached);
    const payload = isObject(event.payload) ? event.payload : {};
    for (const entry of listOf(payload.entry)) {
      if (!isObject(entry)) continue;
      const wabaId = typeof entry.id === 'string' ? entry.id : '';
      for (const change of listOf(entry.changes)) {
        if (!isObject(change) || !isObject(change.value)) continue;
        switch (change.field ?? '') {
          case 'messages':
            await this.applyMessages(routing, change.value, runItem, result);
            break;
          case 'message_template_status_update': {
            const accounts = await routing.accountsOfWaba(wabaId);
            await runItem(`template status (WABA ${wabaId})`, (sp) =>
              this.updates.templateStatus(
                accounts,
                wabaId,
                change.value as MetaTemplateStatusValue,
                sp,
              ),
            );
            break;
          }
          case 'message_template_quality_update':
          case 'template_category_update': {
            const accounts = await routing.accountsOfWaba(wabaId);
            const field = change.field;
            await runItem(`${field} (WABA ${wabaId})`, (sp) =>
              this.updates.templateChange(
                accounts,
                wabaId,
                field as 'message_template_quality_update' | 'template_category_update',
                change.value as MetaTemplateQualityValue | MetaTemplateCategoryValue,
                sp,
              ),
            );
            break;
          }
          case 'user_preferences':
            await this.applyUserPreferences(routing, change.value, runItem);
            break;
          case 'phone_number_quality_update': {
            const accounts = await routing.accountsOfWaba(wabaId);
            await runItem(`quality update (WABA ${wabaId})`, (sp) =>
              this.updates.quality(accounts, wabaId, change.value as MetaQualityValue, sp),
            );
            break;
          }
          default:
            // Kept in the inbox; nothing to do with it (yet).
            this.logger.debug(
              { webhook_event_id: event.id, field: change.field },
              'Webhook field not handled: ignored',
            );
        }
      }
    }
    return result;
  }

  private async applyMessages(
    routing: Routing,
    value: MetaMessagesValue,
    runItem: (what: string, work: (sp: Transaction) => Promise<void>) => Promise<void>,
    result: ApplyResult,
  ): Promise<void> {
    const phoneNumberId = value.metadata?.phone_number_id;
    const account = await routing.accountOf(phoneNumberId);
    if (!account) return;
    const organizationId = account.organizationId;

    for (const error of listOf(value.errors)) {
      this.logger.warn(
        {
          organization_id: organizationId,
          account_id: account.id,
          phone_number_id: account.phoneNumberId,
          code: error?.code,
          title: error?.title,
          details: error?.error_data?.details ?? error?.message,
        },
        'WhatsApp reported an error for this number',
      );
    }

    const outcomes: Partial<Record<StatusOutcome, number>> = {};
    for (const status of listOf(value.statuses)) {
      if (!isObject(status)) continue;
      await runItem(`status ${String(status.id)}`, async (sp) => {
        const outcome = await this.messages.applyStatus(organizationId, status, sp);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      });
    }
    if (Object.keys(outcomes).length > 0) {
      this.logger.debug(
        { organization_id: organizationId, phone_number_id: account.phoneNumberId, outcomes },
        'Statuses applied',
      );
    }

    for (const message of listOf(value.messages)) {
      if (!isObject(message)) continue;
      await runItem(`inbound message ${String(message.id)}`, async (sp) => {
        const stored = await this.inbound.store(account, value, message, sp);
        if (stored.media) result.newMedia = true;
        if (stored.reply) result.replies.push(stored.reply);
      });
    }
  }

  /**
   * Meta's `user_preferences`: a user stopped ("Stop promotions") or resumed marketing messages
   * from one business number; recorded as that contact's consent (ConsentService).
   */
  private async applyUserPreferences(
    routing: Routing,
    value: MetaUserPreferencesValue,
    runItem: (what: string, work: (sp: Transaction) => Promise<void>) => Promise<void>,
  ): Promise<void> {
    const account = await routing.accountOf(value.metadata?.phone_number_id);
    if (!account) return;
    for (const preference of listOf(value.user_preferences)) {
      if (!isObject(preference)) continue;
      const waId = typeof preference.wa_id === 'string' ? preference.wa_id : '';
      const userId = typeof preference.user_id === 'string' ? preference.user_id : null;
      const choice = preference.value;
      if (
        preference.category !== 'marketing_messages' ||
        (choice !== 'stop' && choice !== 'resume')
      )
        continue;
      if (!waId && !userId) continue;
      const profile = listOf(value.contacts).find(
        (c) => isObject(c) && ((waId && c.wa_id === waId) || (userId && c.user_id === userId)),
      )?.profile;
      await runItem(`user preference ${waId || userId}`, async (sp) => {
        await this.consent.applyMetaPreference(
          {
            organizationId: account.organizationId,
            phoneNumberId: account.phoneNumberId,
            accountId: account.id,
            waId,
            userId,
            profileName: typeof profile?.name === 'string' ? profile.name : null,
            username: typeof profile?.username === 'string' ? profile.username : null,
          },
          {
            value: choice,
            detail: typeof preference.detail === 'string' ? preference.detail.slice(0, 500) : null,
            occurredAt: timestampOf(preference.timestamp),
          },
          sp,
        );
      });
    }
  }

  /**
   * Runs one item in a savepoint. A database outage (or deadlock) aborts the whole event so it
   * is retried; any other failure is that item's alone: logged, recorded, skipped.
   */
  private async isolated(
    tx: Transaction,
    result: ApplyResult,
    what: string,
    work: (savepoint: Transaction) => Promise<void>,
  ): Promise<void> {
    try {
      await tx.transaction(work);
    } catch (error) {
      if (isTransientDatabaseError(error)) throw error;
      const problem = `${what}: ${describeError(error)}`;
      result.problems.push(problem);
      this.logger.error({ err: error, item: what }, 'Webhook item could not be applied: skipped');
    }
  }
}

/** Finds, once per event, which connected account each change belongs to. */
class Routing {
  private readonly byPhoneNumber = new Map<string, WhatsAppAccount | undefined>();
  private readonly byWaba = new Map<string, WhatsAppAccount[]>();

  constructor(
    private readonly accounts: AccountsService,
    private readonly tx: Transaction,
    /** The account whose URL received the event; undefined for the global URL. */
    private readonly via: WhatsAppAccount | undefined,
    private readonly logger: Logger,
    private readonly eventId: number,
    /** Every account a change was routed to. */
    private readonly reached: Map<string, WhatsAppAccount>,
  ) {}

  async accountOf(phoneNumberId: string | undefined): Promise<WhatsAppAccount | undefined> {
    if (typeof phoneNumberId !== 'string' || !phoneNumberId) {
      this.logger.warn(
        { webhook_event_id: this.eventId },
        'Webhook change without a phone_number_id: ignored',
      );
      return undefined;
    }
    if (this.byPhoneNumber.has(phoneNumberId)) return this.byPhoneNumber.get(phoneNumberId);
    let account: WhatsAppAccount | undefined =
      this.via?.phoneNumberId === phoneNumberId
        ? this.via
        : await this.accounts.findByPhoneNumberId(phoneNumberId, this.tx);
    if (!account) {
      this.logger.warn(
        { webhook_event_id: this.eventId, phone_number_id: phoneNumberId },
        'Webhook for a phone_number_id that is not connected: ignored',
      );
    } else if (this.via && account.organizationId !== this.via.organizationId) {
      // Signed with one organization's secret, about another organization's number.
      this.logger.warn(
        {
          webhook_event_id: this.eventId,
          phone_number_id: phoneNumberId,
          account_id: this.via.id,
        },
        "Webhook on an account's URL for a number of another organization: ignored",
      );
      account = undefined;
    }
    if (account) this.reached.set(account.id, account);
    this.byPhoneNumber.set(phoneNumberId, account);
    return account;
  }

  async accountsOfWaba(wabaId: string): Promise<WhatsAppAccount[]> {
    if (!wabaId) return [];
    let accounts = this.byWaba.get(wabaId);
    if (!accounts) {
      accounts = (await this.accounts.listByWaba(wabaId, this.tx)).filter(
        (a) => !this.via || a.organizationId === this.via.organizationId,
      );
      this.byWaba.set(wabaId, accounts);
      for (const account of accounts) this.reached.set(account.id, account);
    }
    if (accounts.length === 0) {
      this.logger.warn(
        { webhook_event_id: this.eventId, waba_id: wabaId },
        'Webhook for a business account that is not connected: ignored',
      );
    }
    return accounts;
  }
}

/** The array, or none when the payload has something else there. */
function listOf<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : [];
}

/** A JSON object (not an array): payload parts are checked before they are read. */
function isObject<T>(value: T): value is T & object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
