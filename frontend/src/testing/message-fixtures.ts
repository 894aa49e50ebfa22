import type { MessageDetailDto } from '../app/core/api/models/message-detail-dto';
import type { MessageErrorDto } from '../app/core/api/models/message-error-dto';
import type { MessagePageDto } from '../app/core/api/models/message-page-dto';
import type { MessageSummaryDto } from '../app/core/api/models/message-summary-dto';
import type { StatusEventDto } from '../app/core/api/models/status-event-dto';

/** The account id of `aAccount()` (account fixtures). */
const ACCOUNT_ID = '7f9a2c1e-3b4d-4e5f-8a6b-9c0d1e2f3a4b';
const CONTACT_ID = '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a';

/**
 * A message as `GET /api/whatsapp/messages` lists it: by default an outbound template delivered
 * to +1 555-010-1234 by the Support line of `aAccount()`.
 */
export function aMessage(overrides: Partial<MessageSummaryDto> = {}): MessageSummaryDto {
  return {
    id: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    wa_message_id: 'wamid.HBgLMTU1NTAxMDEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA',
    account_id: ACCOUNT_ID,
    phone_number_id: '106540352242922',
    contact_name: null,
    contact_id: CONTACT_ID,
    direction: 'out',
    to: '15550101234',
    from: '15550100001',
    message_type: 'template',
    status: 'delivered',
    preview_text: 'hello_world',
    sent_at: '2026-11-24T11:58:01.000Z',
    delivered_at: '2026-11-24T11:58:03.000Z',
    read_at: null,
    failed_at: null,
    received_at: null,
    created_at: '2026-11-24T11:58:00.000Z',
    error: null,
    campaign_id: null,
    ...overrides,
  };
}

/** Meta's error 131026 as the API explains it. */
export function aMessageError(overrides: Partial<MessageErrorDto> = {}): MessageErrorDto {
  return {
    code: 131026,
    title: 'Message undeliverable',
    message: 'Message Undeliverable.',
    details: 'The recipient may not have WhatsApp or has not accepted the terms.',
    explanation: "The number can't receive this message: it may not be on WhatsApp.",
    fix: 'Check the number with the contact and ask them to update WhatsApp.',
    retryable: false,
    fbtrace_id: 'AqVbT0dpbHlTVHJhY2VfaWQ',
    ...overrides,
  };
}

/** One page of the history. */
export function aMessagePage(
  items: MessageSummaryDto[],
  next_cursor: string | null = null,
): MessagePageDto {
  return { items, next_cursor };
}

/** A timeline entry with Meta's per-message pricing. */
export function aStatusEvent(overrides: Partial<StatusEventDto> = {}): StatusEventDto {
  return {
    status: 'sent',
    occurred_at: '2026-11-24T11:58:01.000Z',
    errors: null,
    pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' },
    conversation: null,
    ...overrides,
  };
}

/** `GET /api/whatsapp/messages/:id` of `aMessage()` (or of the message given). */
export function aMessageDetail(
  message: MessageSummaryDto = aMessage(),
  overrides: Partial<MessageDetailDto> = {},
): MessageDetailDto {
  return {
    ...message,
    content: {
      messaging_product: 'whatsapp',
      to: message.to,
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' } },
    },
    contact: {
      id: message.contact_id,
      wa_id: message.direction === 'out' ? message.to : message.from,
      user_id: null,
      profile_name: 'Grace Hopper',
      name: null,
      consent_state: 'unknown',
    },
    context_wa_message_id: null,
    template: null,
    conversation: null,
    pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' },
    sent_by_user_id: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d',
    updated_at: message.delivered_at ?? message.created_at,
    timeline: [
      aStatusEvent({ status: 'queued', occurred_at: message.created_at, pricing: null }),
      aStatusEvent({ status: 'sent', occurred_at: '2026-11-24T11:58:01.000Z' }),
      aStatusEvent({ status: 'delivered', occurred_at: '2026-11-24T11:58:03.000Z' }),
    ],
    ...overrides,
  };
}
