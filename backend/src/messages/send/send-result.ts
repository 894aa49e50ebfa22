import { toMessageError } from '../history/message-mapper.js';
import { type Message } from '../messages.schema.js';
import { type MessageErrorDto, type SentMessageDto } from './dto/message-response.dto.js';

/**
 * What a send came to, as the API answers it (`send-answer.ts` turns it into HTTP). Kept with
 * the message when the request had an Idempotency-Key, so that a retry answers the same.
 */
export type SendResult =
  /** Meta took the message (201). */
  | { readonly outcome: 'sent'; readonly message: SentMessageDto }
  /** Meta refused it, or could not be reached (422, or 502 when retrying may work). */
  | { readonly outcome: 'failed'; readonly messageId: string; readonly error: MessageErrorDto }
  /**
   * Meta rate-limited it with a Retry-After longer than a request may wait: still queued, and
   * sent by a job after that time (202).
   */
  | { readonly outcome: 'deferred'; readonly message: SentMessageDto; readonly retryAt: string }
  /**
   * No answer from Meta, which may have the message (a timeout): still queued, and settled by
   * Meta's status webhook, never sent again by itself (202).
   */
  | { readonly outcome: 'uncertain'; readonly message: SentMessageDto };

/** The send endpoint's view of a message. */
export function toSentMessage(message: Message): SentMessageDto {
  return {
    id: message.id,
    wa_message_id: message.waMessageId,
    account_id: message.accountId,
    phone_number_id: message.phoneNumberId,
    contact_id: message.contactId,
    direction: message.direction,
    to: message.toAddress,
    from: message.fromAddress,
    message_type: message.messageType,
    status: message.status,
    preview_text: message.previewText,
    error: toMessageError(message.error),
    created_at: message.createdAt.toISOString(),
    sent_at: message.sentAt?.toISOString() ?? null,
  };
}
