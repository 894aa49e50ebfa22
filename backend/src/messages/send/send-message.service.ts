import { Injectable } from '@nestjs/common';
import { type SendMessageDto } from './dto/send-message.dto.js';
import { MessageDelivery, type PreparedMessage } from './message-delivery.service.js';
import {
  type CampaignPreparation,
  type CampaignSend,
  MessagePreparer,
  type Sender,
} from './message-preparer.service.js';
import { type Executor } from '../../database/database.js';
import { type SendResult } from './send-result.js';

/**
 * Sends one message for the API: prepares it (checks, Idempotency-Key, the `queued` row), then
 * delivers it (Meta's answer recorded). A retried request gets the first result instead. The
 * controller turns the result into HTTP (`send-answer.ts`).
 */
@Injectable()
export class SendMessageService {
  constructor(
    private readonly preparer: MessagePreparer,
    private readonly delivery: MessageDelivery,
  ) {}

  async send(sender: Sender, dto: SendMessageDto, idempotencyKey?: string): Promise<SendResult> {
    const preparation = await this.preparer.prepare(sender, dto, idempotencyKey);
    return preparation.kind === 'replay'
      ? preparation.result
      : this.delivery.deliver(preparation.prepared);
  }

  /**
   * Writes a group of a campaign's messages, `queued`, under the ids the campaign chose, in one
   * transaction that first runs the campaign's `claim` (see MessagePreparer.prepareCampaignGroup).
   * Meta is called afterwards, by `deliverForCampaign`: the campaign takes its pacing slots in
   * between, so each slot is used at once.
   */
  prepareCampaignGroup(
    sender: Sender,
    items: readonly { readonly dto: SendMessageDto; readonly campaign: CampaignSend }[],
    claim: (tx: Executor) => Promise<ReadonlySet<string>>,
  ): Promise<CampaignPreparation[]> {
    return this.preparer.prepareCampaignGroup(sender, items, claim);
  }

  /**
   * Hands a campaign's message to Meta. A campaign paces itself (rate limits come back as
   * failures for it to retry), and its acceptances are recorded in groups.
   */
  deliverForCampaign(prepared: PreparedMessage): Promise<SendResult> {
    return this.delivery.deliver(prepared, { deferRateLimits: false, acceptTogether: true });
  }
}
