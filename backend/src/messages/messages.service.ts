import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service.js';
import { type Executor } from '../database/database.js';
import { EventsService } from '../events/events.service.js';
import { ACCOUNT_DISCONNECTED } from './cancelled-send.js';
import { type Contact } from '../contacts/contacts.schema.js';
import { ContactsService, type ErasureStep } from '../contacts/contacts.service.js';
import { type Message, type MessageError, type MetaObject } from './messages.schema.js';
import { type MessageMove, MessagesRepository } from './messages.repository.js';

export type { MessageMove };
import { type MetaStatus } from './meta-status.js';
import {
  type CampaignStatusObserver,
  StatusApplier,
  type StatusOutcome,
} from './status-applier.service.js';

/** A customer's message as the webhook read it, ready to be filed. */
export interface InboundMessage {
  readonly organizationId: string;
  readonly accountId: string;
  /** The business number it was sent to. */
  readonly phoneNumberId: string;
  readonly sender: {
    /** Phone-number WhatsApp id; '' for username users. */
    readonly waId: string;
    readonly userId: string | null;
    readonly profileName: string | null;
    /** The WhatsApp username, when Meta sends one. */
    readonly username?: string | null;
  };
  readonly waMessageId: string;
  readonly type: string;
  /** Meta's message object as received. */
  readonly content: MetaObject;
  readonly previewText: string;
  /** The business number in display form. */
  readonly toAddress: string;
  /** Meta's error, for a message it could not pass on (unsupported types). */
  readonly error: MessageError | null;
  readonly contextWaMessageId: string | null;
  readonly receivedAt: Date;
}

/** Where a message belongs: the account it went through (null once disconnected), its contact. */
export interface MessageOrigin {
  readonly accountId: string | null;
  readonly contactId: string;
}

/** Where a stored inbound message belongs. */
export interface FiledMessage {
  readonly messageId: string;
  readonly contactId: string;
  /** The contact as it stands (consent, names), for what the intake does next (keywords). */
  readonly contact: Contact;
}

/** Told of a customer's new message inside the filing transaction (campaigns count replies). */
export type InboundObserver = (
  inbound: {
    readonly organizationId: string;
    readonly contactId: string;
    readonly receivedAt: Date;
  },
  tx: Executor,
) => Promise<void>;

/** Where a campaign's send stands, for reconciling a recipient whose worker died. */
export interface SendState {
  readonly messageId: string;
  readonly status: Message['status'];
  readonly contactId: string;
  readonly sentAt: Date | null;
  readonly error: MessageError | null;
}

/** Erases other features' rows of messages being erased, in the erasing transaction. */
export type MessagesEraser = (
  organizationId: string,
  messageIds: readonly string[],
  tx: Executor,
) => Promise<ErasureStep>;

/**
 * What other features may do with messages (their tables are this feature's alone): file a
 * customer's message, apply Meta's statuses, read where a message belongs. Each write takes
 * the caller's transaction, so a webhook batch still commits (or rolls back) as one. Sends still
 * queued when their account is disconnected are cancelled, in the disconnecting transaction.
 */
@Injectable()
export class MessagesService implements OnModuleInit {
  private readonly logger = new Logger(MessagesService.name);
  private readonly erasers: MessagesEraser[] = [];
  private readonly inboundObservers: InboundObserver[] = [];

  constructor(
    private readonly messages: MessagesRepository,
    private readonly contacts: ContactsService,
    private readonly statuses: StatusApplier,
    private readonly accounts: AccountsService,
    private readonly events: EventsService,
  ) {}

  onModuleInit(): void {
    this.accounts.onDisconnect((account, tx) =>
      this.cancelQueued(account.organizationId, account.id, tx),
    );
    this.contacts.onErase((organizationId, contactId, tx) =>
      this.eraseContactMessages(organizationId, contactId, tx),
    );
  }

  /** Registers a feature's interest in customers' new messages. */
  onInbound(observer: InboundObserver): void {
    this.inboundObservers.push(observer);
  }

  /** Registers a feature's interest in Meta's statuses of campaign messages. */
  onCampaignStatus(observer: CampaignStatusObserver): void {
    this.statuses.onCampaignStatus(observer);
  }

  /** Where these messages stand; messages that do not exist are left out. */
  async sendStates(organizationId: string, messageIds: readonly string[]): Promise<SendState[]> {
    const rows = await this.messages.findMany(organizationId, messageIds);
    return rows.map((m) => ({
      messageId: m.id,
      status: m.status,
      contactId: m.contactId,
      sentAt: m.sentAt,
      error: m.error,
    }));
  }

  /** Registers a feature's part of erasing messages (media registers its files). */
  onErase(eraser: MessagesEraser): void {
    this.erasers.push(eraser);
  }

  /**
   * Erases a contact's messages both ways, their status timelines, and (through the registered
   * erasers) what other features keep of them, in the erasing transaction.
   */
  async eraseContactMessages(
    organizationId: string,
    contactId: string,
    tx: Executor,
  ): Promise<ErasureStep> {
    const ids = await this.messages.idsOfContact(organizationId, contactId, tx);
    const counts: Record<string, number> = {};
    const afterCommit: (() => Promise<void>)[] = [];
    for (const eraser of this.erasers) {
      const step = await eraser(organizationId, ids, tx);
      Object.assign(counts, step.counts);
      if (step.afterCommit) afterCommit.push(step.afterCommit);
    }
    const erased = await this.messages.deleteOfContact(organizationId, contactId, tx);
    return {
      counts: { ...counts, ...erased },
      afterCommit: async () => {
        for (const work of afterCommit) await work();
      },
    };
  }

  /**
   * Fails the account's sends that are still queued (never answered by Meta: a request with
   * Meta right now, or one whose process died first), with their live events; returns how many.
   */
  async cancelQueued(organizationId: string, accountId: string, tx: Executor): Promise<number> {
    const ids = await this.messages.failQueued(organizationId, accountId, ACCOUNT_DISCONNECTED, tx);
    const cancelledAt = new Date().toISOString();
    for (const id of ids) {
      await this.events.publish(
        {
          type: 'message.status',
          organizationId,
          data: {
            message_id: id,
            wa_message_id: null,
            status: 'failed',
            event: 'failed',
            occurred_at: cancelledAt,
          },
        },
        tx,
      );
    }
    if (ids.length > 0) {
      this.logger.log(
        { organization_id: organizationId, account_id: accountId, messages: ids.length },
        'Queued sends cancelled: their account was disconnected',
      );
    }
    return ids.length;
  }

  /**
   * Files a customer's message: its contact (created, or refreshed with Meta's profile), the
   * message once per wamid, and (only for a new message) the 24-hour window and unread count.
   * Undefined when this wamid was filed already: Meta redelivers, and a redelivery changes nothing.
   */
  async recordInbound(
    inbound: InboundMessage,
    executor: Executor,
  ): Promise<FiledMessage | undefined> {
    const { organizationId } = inbound;
    const contact = await this.contacts.upsert(
      {
        organizationId,
        phoneNumberId: inbound.phoneNumberId,
        accountId: inbound.accountId,
        waId: inbound.sender.waId,
        userId: inbound.sender.userId,
        profileName: inbound.sender.profileName,
        username: inbound.sender.username ?? null,
      },
      executor,
    );
    const row = await this.messages.insert(
      {
        organizationId,
        accountId: inbound.accountId,
        phoneNumberId: inbound.phoneNumberId,
        contactId: contact.id,
        direction: 'in',
        waMessageId: inbound.waMessageId,
        fromAddress: inbound.sender.waId || inbound.sender.userId || '',
        toAddress: inbound.toAddress,
        messageType: inbound.type,
        content: inbound.content,
        previewText: inbound.previewText,
        status: 'received',
        error: inbound.error,
        contextWaMessageId: inbound.contextWaMessageId,
        receivedAt: inbound.receivedAt,
      },
      executor,
    );
    if (!row) return undefined;
    // A system notice (e.g. the customer changed number) is not the customer writing.
    if (inbound.type !== 'system') {
      await this.contacts.recordInbound(organizationId, contact.id, inbound.receivedAt, executor);
      for (const observer of this.inboundObservers) {
        await observer(
          { organizationId, contactId: contact.id, receivedAt: inbound.receivedAt },
          executor,
        );
      }
    }
    return { messageId: row.id, contactId: contact.id, contact };
  }

  /** Applies one of Meta's delivery statuses (idempotent, order-proof; see StatusApplier). */
  applyStatus(
    organizationId: string,
    status: MetaStatus,
    executor?: Executor,
  ): Promise<StatusOutcome> {
    return this.statuses.apply(organizationId, status, executor);
  }

  /** Whether the organization has sent or received any message. */
  hasMessages(organizationId: string): Promise<boolean> {
    return this.messages.hasAny(organizationId);
  }

  /**
   * Demo mode's history: moves messages that were just sent and received (through the real
   * send pipeline and webhooks) to the times of a past week. Each message keeps its own pace:
   * every time it carries and its timeline move by the same amount. The stats follow (their
   * triggers count by the new day), and so do the inbox order and the 24-hour windows of their
   * contacts, set from their messages' new times. One transaction.
   */
  moveInTime(organizationId: string, moves: readonly MessageMove[]): Promise<void> {
    return this.messages.transaction(async (tx) => {
      const contactIds = await this.messages.moveInTime(organizationId, moves, tx);
      const activities = await this.messages.activityOf(organizationId, contactIds, tx);
      for (const { contactId, ...activity } of activities) {
        await this.contacts.setActivity(organizationId, contactId, activity, tx);
      }
    });
  }

  /**
   * The Meta media ids our messages sent (`image.id`: a file uploaded first), by message id, for
   * media to find its copy of the file; messages sent by link, inbound ones and other
   * organizations' are left out.
   */
  async sentMediaIds(
    organizationId: string,
    messageIds: readonly string[],
  ): Promise<Map<string, string>> {
    if (messageIds.length === 0) return new Map();
    const rows = await this.messages.findMany(organizationId, messageIds);
    return new Map(
      rows.flatMap((message) => {
        if (message.direction !== 'out') return [];
        const object = message.content[message.messageType];
        const id =
          typeof object === 'object' && object !== null
            ? (object as Record<string, unknown>)['id']
            : undefined;
        return typeof id === 'string' && id !== '' ? [[message.id, id] as const] : [];
      }),
    );
  }

  /** The account a message went through and its contact; undefined for no such message. */
  async findAccountAndContact(
    organizationId: string,
    messageId: string,
  ): Promise<MessageOrigin | undefined> {
    const message = await this.messages.find(organizationId, messageId);
    return message && { accountId: message.accountId, contactId: message.contactId };
  }
}
