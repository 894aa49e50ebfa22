import { Injectable } from '@nestjs/common';
import { type SendMessageDto } from './dto/send-message.dto.js';
import { MessageDelivery, type PreparedMessage } from './message-delivery.service.js';
import { type CampaignSend, MessagePreparer, type Sender } from './message-preparer.service.js';
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
   * Writes one message of a campaign, `queued`, under the id the campaign chose for it (checks
   * that refuse it throw, as for `send`). Meta is called afterwards, by `deliverForCampaign`:
   * the campaign takes its pacing slot in between, so the slot is used at once.
   */
  async prepareForCampaign(
    sender: Sender,
    dto: SendMessageDto,
    campaign: CampaignSend,
  ): Promise<PreparedMessage> {
    const preparation = await this.preparer.prepare(sender, dto, undefined, campaign);
    if (preparation.kind === 'replay')
      throw new Error(`Message ${campaign.messageId} exists already`);
    return preparation.prepared;
  }

  /**
   * Hands a campaign's message to Meta. A campaign paces itself (rate limits come back as
   * failures for it to retry) and never repeats a call that may have reached Meta: such a
   * message stays queued until Meta's status webhook settles it (`uncertain`).
   */
  deliverForCampaign(prepared: PreparedMessage): Promise<SendResult> {
    return this.delivery.deliver(prepared, { deferRateLimits: false, settleUncertainLater: true });
  }
}
