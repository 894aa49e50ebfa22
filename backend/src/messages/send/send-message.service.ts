import { Injectable } from '@nestjs/common';
import { type SendMessageDto } from './dto/send-message.dto.js';
import { MessageDelivery } from './message-delivery.service.js';
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
   * Sends one message of a campaign under the id the campaign chose for it. The row is written
   * before Meta is called, so a send whose process dies midway is found again by that id (Meta
   * echoes it in every status webhook). Checks that refuse it throw, as for `send`.
   */
  async sendForCampaign(
    sender: Sender,
    dto: SendMessageDto,
    campaign: CampaignSend,
  ): Promise<SendResult> {
    const preparation = await this.preparer.prepare(sender, dto, undefined, campaign);
    if (preparation.kind === 'replay') return preparation.result;
    // A campaign paces itself and hands rate-limited recipients back to its own queue.
    return this.delivery.deliver(preparation.prepared, { deferRateLimits: false });
  }
}
