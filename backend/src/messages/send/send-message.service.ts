import { Injectable } from '@nestjs/common';
import { type SendMessageDto } from './dto/send-message.dto.js';
import { MessageDelivery } from './message-delivery.service.js';
import { MessagePreparer, type Sender } from './message-preparer.service.js';
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
}
