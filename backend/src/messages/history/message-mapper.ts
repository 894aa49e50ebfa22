import { type Contact } from '../../contacts/contacts.schema.js';
import { type Message } from '../messages.schema.js';
import { describeMetaError } from '../../whatsapp/meta-error-catalog.js';
import { type MessageErrorDto } from '../send/dto/message-response.dto.js';
import {
  type ContactSummaryDto,
  type MessageSummaryDto,
  type MessageWithContentDto,
  type StatusEventDto,
} from './dto/message-response.dto.js';
import { type TimelineEvent } from './message-history.repository.js';

/** The message columns every API shape shows. */
export type MessageFields = Omit<
  Message,
  'content' | 'idempotencyKey' | 'requestHash' | 'sendResult'
>;

export function toMessageSummary(
  row: MessageFields,
  contactName: string | null = null,
): MessageSummaryDto {
  return {
    id: row.id,
    wa_message_id: row.waMessageId,
    account_id: row.accountId,
    phone_number_id: row.phoneNumberId,
    contact_id: row.contactId,
    contact_name: contactName,
    direction: row.direction,
    to: row.toAddress,
    from: row.fromAddress,
    message_type: row.messageType,
    status: row.status,
    preview_text: row.previewText,
    sent_at: iso(row.sentAt),
    delivered_at: iso(row.deliveredAt),
    read_at: iso(row.readAt),
    failed_at: iso(row.failedAt),
    received_at: iso(row.receivedAt),
    created_at: row.createdAt.toISOString(),
    error: toMessageError(row.error),
    campaign_id: row.campaignId,
  };
}

export function toMessageWithContent(
  row: MessageFields & { content: unknown },
): MessageWithContentDto {
  return {
    ...toMessageSummary(row),
    content: isRecord(row.content) ? row.content : {},
    context_wa_message_id: row.contextWaMessageId,
    template: row.sentTemplate
      ? { ...row.sentTemplate, buttons: [...row.sentTemplate.buttons] }
      : null,
  };
}

export function toContactSummary(contact: Contact): ContactSummaryDto {
  return {
    id: contact.id,
    wa_id: contact.waId || null,
    user_id: contact.userId,
    profile_name: contact.profileName,
    name: contact.name,
    consent_state: contact.consentState,
  };
}

export function toStatusEvent(event: TimelineEvent): StatusEventDto {
  return {
    status: event.status,
    occurred_at: event.occurredAt.toISOString(),
    errors: Array.isArray(event.errors) ? event.errors.filter(isRecord) : null,
    pricing: recordOrNull(event.pricing),
    conversation: recordOrNull(event.conversation),
  };
}

/**
 * A stored error in one shape, whichever path wrote it: the send path stores our Graph API error
 * (code, title, message, details, explanation, fix, retryable, fbtrace_id), a failed-status
 * webhook stores Meta's error (code, title, message, error_data.details). What is missing comes
 * from the Meta error catalog.
 */
export function toMessageError(error: unknown): MessageErrorDto | null {
  if (!isRecord(error)) return null;
  const code = codeOf(error['code']);
  const info = describeMetaError(code ?? undefined);
  const errorData = isRecord(error['error_data']) ? error['error_data'] : {};
  const title = text(error['title']) ?? info.title;
  return {
    code,
    title,
    message: text(error['message']) ?? title,
    details: text(error['details']) ?? text(errorData['details']) ?? null,
    explanation: text(error['explanation']) ?? info.explanation,
    fix: text(error['fix']) ?? info.fix,
    retryable: typeof error['retryable'] === 'boolean' ? error['retryable'] : info.retryable,
    fbtrace_id: text(error['fbtrace_id']) ?? null,
  };
}

export function recordOrNull(value: unknown): Record<string, unknown> | null {
  return isRecord(value) ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function codeOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,12}$/.test(value)) return Number(value);
  return null;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}
