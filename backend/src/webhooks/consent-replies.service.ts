import { Injectable, Logger } from '@nestjs/common';
import { SendMessageService } from '../messages/send/send-message.service.js';
import { type ConsentReply } from './inbound-messages.service.js';

/**
 * Sends the confirmation of a consent keyword (when the organization turned confirmations on)
 * once the batch that recorded the change committed: a text inside the 24-hour window the
 * keyword itself opened, through the send pipeline like any message. Best effort: a refusal is
 * in the history as a failed message and in the logs; the consent change stands.
 */
@Injectable()
export class ConsentReplies {
  private readonly logger = new Logger(ConsentReplies.name);

  constructor(private readonly sender: SendMessageService) {}

  async send(replies: readonly ConsentReply[]): Promise<void> {
    for (const reply of replies) {
      try {
        const result = await this.sender.send(
          { id: null, organizationId: reply.organizationId },
          {
            account_id: reply.accountId,
            to: reply.to,
            message_type: 'text',
            text: reply.text,
          },
        );
        if (result.outcome === 'failed')
          this.logger.warn(
            { organization_id: reply.organizationId, message_id: result.messageId },
            'Consent confirmation refused by Meta',
          );
      } catch (error) {
        this.logger.warn(
          { err: error, organization_id: reply.organizationId },
          'Consent confirmation could not be sent',
        );
      }
    }
  }
}
