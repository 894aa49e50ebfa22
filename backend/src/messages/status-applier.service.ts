import { advancesStatus } from '@convis/contracts';
import { Injectable } from '@nestjs/common';
import { type Executor } from '../database/database.js';
import { type Message } from './messages.schema.js';
import { EventsService } from '../events/events.service.js';
import { wasCancelled } from './cancelled-send.js';
import { type MetaStatusName, parseMetaStatus, timestampColumnOf } from './message-status.js';
import { MessagesRepository, type NewMessage } from './messages.repository.js';
import { type MetaErrorObject, type MetaStatus } from './meta-status.js';
import { ConsentService } from '../contacts/consent/consent.service.js';
import { MARKETING_STOPPED } from '../contacts/consent/consent-keywords.js';

export type StatusOutcome = 'applied' | 'recorded' | 'duplicate' | 'orphaned' | 'ignored';

/** A status Meta reported for a campaign's message, new to its timeline. */
export interface CampaignMessageStatus {
  readonly organizationId: string;
  readonly campaignId: string;
  readonly messageId: string;
  readonly contactId: string;
  readonly status: MetaStatusName;
  readonly errors: readonly MetaErrorObject[] | null;
  readonly occurredAt: Date;
}

/** Told of each such status inside the applying transaction (campaigns move their recipients). */
export type CampaignStatusObserver = (status: CampaignMessageStatus, tx: Executor) => Promise<void>;

/**
 * Applies Meta's delivery statuses to messages, idempotently and whatever their order:
 * each status lands once in the timeline; the message's status only moves forward (failed is
 * terminal); a status for a message we do not know yet is parked and applied when it appears.
 */
@Injectable()
export class StatusApplier {
  private readonly campaignObservers: CampaignStatusObserver[] = [];

  constructor(
    private readonly messages: MessagesRepository,
    private readonly events: EventsService,
    private readonly consent: ConsentService,
  ) {}

  onCampaignStatus(observer: CampaignStatusObserver): void {
    this.campaignObservers.push(observer);
  }

  /**
   * Meta took a campaign's message (its send was answered with a wamid): its recipient is sent,
   * in the transaction that records it, so the two never disagree.
   */
  accepted(message: Message, acceptedAt: Date, executor: Executor): Promise<void> {
    return this.tellCampaign(message, 'sent', null, acceptedAt, executor);
  }

  private async tellCampaign(
    message: Message,
    status: MetaStatusName,
    errors: readonly MetaErrorObject[] | null,
    occurredAt: Date,
    executor: Executor,
  ): Promise<void> {
    if (!message.campaignId) return;
    for (const observer of this.campaignObservers) {
      await observer(
        {
          organizationId: message.organizationId,
          campaignId: message.campaignId,
          messageId: message.id,
          contactId: message.contactId,
          status,
          errors,
          occurredAt,
        },
        executor,
      );
    }
  }

  /** Applies one status; runs in its own transaction unless given one. */
  async apply(
    organizationId: string,
    status: MetaStatus,
    executor?: Executor,
  ): Promise<StatusOutcome> {
    if (!executor) return this.messages.transaction((tx) => this.apply(organizationId, status, tx));
    const name = parseMetaStatus(status.status);
    if (!name || !status.id) return 'ignored';
    const message = await this.messages.findByWamidOrCallback(
      organizationId,
      status.id,
      status.biz_opaque_callback_data,
      executor,
    );
    if (!message || message.direction !== 'out') {
      await this.messages.addOrphanStatus(
        {
          organizationId,
          waMessageId: status.id,
          callbackData: status.biz_opaque_callback_data ?? null,
          status: name,
          payload: status,
        },
        executor,
      );
      return 'orphaned';
    }
    return this.applyTo(message, name, status, executor);
  }

  /**
   * After a message got its wamid (or was first written), applies the statuses that arrived
   * before it did. Call inside the transaction that locked the message.
   */
  async reconcile(message: Message, executor: Executor): Promise<Message> {
    let current = message;
    const parked = await this.messages.takeOrphanStatuses(
      message.organizationId,
      message,
      executor,
    );
    for (const orphan of parked) {
      // Parked under the name parseMetaStatus gave it, so this always finds one.
      const name = parseMetaStatus(orphan.status);
      if (!name) continue;
      await this.applyTo(current, name, orphan.payload, executor);
      current = (await this.messages.find(message.organizationId, message.id, executor)) ?? current;
    }
    return current;
  }

  private async applyTo(
    found: Message,
    name: MetaStatusName,
    status: MetaStatus,
    executor: Executor,
  ): Promise<StatusOutcome> {
    // A status from Meta for a send cancelled while it was on its way: Meta has it after all.
    const message = wasCancelled(found) ? await this.messages.revive(found, executor) : found;
    const occurredAt = status.timestamp ? new Date(Number(status.timestamp) * 1000) : new Date();
    const errors = status.errors?.length ? status.errors : null;
    const changes: Partial<NewMessage> = {};
    const column = timestampColumnOf(name);
    // Every status's time is kept, even one that arrives after a later status (read before delivered).
    if (column && !message[column]) changes[column] = occurredAt;
    if (status.pricing) changes.pricing = status.pricing;
    if (status.conversation) changes.conversation = status.conversation;
    if (!message.waMessageId) changes.waMessageId = status.id;
    const advances = advancesStatus(message.status, name);
    if (advances) changes.status = name;
    if (name === 'failed' && errors) changes.error = { ...errors[0], source: 'webhook' };
    // The changes apply only if this status is new to the timeline.
    const isNew = await this.messages.addStatusEventAndUpdate(
      {
        organizationId: message.organizationId,
        messageId: message.id,
        status: name,
        occurredAt,
        errors,
        pricing: status.pricing ?? null,
        conversation: status.conversation ?? null,
      },
      changes,
      executor,
    );
    if (!isNew) return 'duplicate';

    // Meta failed a marketing template because the user stopped marketing messages: recorded
    // as their opt-out (131050 comes in the send's answer or, later, in a failed status).
    const stopped = name === 'failed' ? errors?.find((e) => e.code === MARKETING_STOPPED) : null;
    if (stopped) {
      await this.consent.recordMarketingRefusal(
        message.organizationId,
        message.contactId,
        stopped.error_data?.details ?? stopped.title ?? 'Error 131050',
        executor,
        occurredAt,
      );
    }

    await this.tellCampaign(message, name, errors, occurredAt, executor);

    await this.events.publish(
      {
        type: 'message.status',
        organizationId: message.organizationId,
        data: {
          message_id: message.id,
          wa_message_id: status.id,
          status: advances ? name : message.status,
          event: name,
          occurred_at: occurredAt.toISOString(),
        },
      },
      executor,
    );
    return advances ? 'applied' : 'recorded';
  }
}
