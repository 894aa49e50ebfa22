// Test data of the inbox specs: conversations, thread messages and media files as the API
// returns them. (Beside the feature: `src/testing/` is shared by every team.)
import type { ConversationDto } from '../../../core/api/models/conversation-dto';
import type { MediaFileDto } from '../../../core/api/models/media-file-dto';
import type { MessageWithContentDto } from '../../../core/api/models/message-with-content-dto';

/** The account id of `aAccount()` (account fixtures). */
export const ACCOUNT_ID = '7f9a2c1e-3b4d-4e5f-8a6b-9c0d1e2f3a4b';
export const GRACE_ID = '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a';
export const ALAN_ID = '4d3c2b1a-9f8e-4e7d-8c6b-5a4f3e2d1c0b';

const HOUR = 3600_000;

/** An ISO time `ms` from now. */
export function fromNow(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}

/**
 * A conversation as `GET /api/whatsapp/conversations` lists it: Grace Hopper wrote 20 h 47 min
 * ago (the window closes in 3 h 13 min), two messages unread.
 */
export function aConversation(overrides: Partial<ConversationDto> = {}): ConversationDto {
  const lastInbound = fromNow(-(20 * HOUR + 47 * 60_000 + 30_000));
  return {
    contact: {
      id: GRACE_ID,
      wa_id: '15550101234',
      user_id: null,
      profile_name: 'Grace Hopper',
      name: null,
      consent_state: 'unknown',
    },
    business_number: {
      phone_number_id: '106540352242922',
      account_id: ACCOUNT_ID,
      display_phone_number: '+1 555-010-0001',
      label: 'Support line',
    },
    last_message: {
      id: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
      direction: 'in',
      message_type: 'text',
      preview_text: 'Is my order on its way?',
      status: 'received',
      created_at: lastInbound,
    },
    last_message_at: lastInbound,
    last_inbound_at: lastInbound,
    unread_count: 2,
    window: { open: true, expires_at: new Date(Date.parse(lastInbound) + 24 * HOUR).toISOString() },
    ...overrides,
  };
}

/** Alan Turing's conversation: our template was read two days ago; his window is closed. */
export function aClosedConversation(overrides: Partial<ConversationDto> = {}): ConversationDto {
  const lastInbound = fromNow(-50 * HOUR);
  const lastMessage = fromNow(-48 * HOUR);
  return aConversation({
    contact: {
      id: ALAN_ID,
      wa_id: '15550105678',
      user_id: null,
      profile_name: 'Alan Turing',
      name: null,
      consent_state: 'unknown',
    },
    last_message: {
      id: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
      direction: 'out',
      message_type: 'template',
      preview_text: 'Template: order_update',
      status: 'read',
      created_at: lastMessage,
    },
    last_message_at: lastMessage,
    last_inbound_at: lastInbound,
    unread_count: 0,
    window: {
      open: false,
      expires_at: new Date(Date.parse(lastInbound) + 24 * HOUR).toISOString(),
    },
    ...overrides,
  });
}

let sequence = 0;

/**
 * A thread message (`GET /api/whatsapp/conversations/:id/messages`): by default Grace's text
 * "Hello", received now.
 */
export function aThreadMessage(
  overrides: Partial<MessageWithContentDto> = {},
): MessageWithContentDto {
  sequence++;
  const direction = overrides.direction ?? 'in';
  const created = overrides.created_at ?? fromNow(-60_000);
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    wa_message_id: `wamid.${sequence}`,
    account_id: ACCOUNT_ID,
    phone_number_id: '106540352242922',
    contact_name: null,
    contact_id: GRACE_ID,
    direction,
    to: direction === 'in' ? '+1 555-010-0001' : '+15550101234',
    from: direction === 'in' ? '15550101234' : '+1 555-010-0001',
    message_type: 'text',
    status: direction === 'in' ? 'received' : 'delivered',
    preview_text: 'Hello',
    sent_at: direction === 'out' ? created : null,
    delivered_at: null,
    read_at: null,
    failed_at: null,
    received_at: direction === 'in' ? created : null,
    created_at: created,
    error: null,
    campaign_id: null,
    content: { type: 'text', text: { body: overrides.preview_text ?? 'Hello' } },
    context_wa_message_id: null,
    template: null,
    ...overrides,
  };
}

/** A media file of an inbound message (`GET /api/whatsapp/media?message_id=…`). */
export function aMediaFile(overrides: Partial<MediaFileDto> = {}): MediaFileDto {
  return {
    id: '6f1c0d52-8d8e-4a59-9d3e-5a1f1f0b9a11',
    message_id: '00000000-0000-4000-8000-000000000000',
    status: 'stored',
    mime_type: 'image/jpeg',
    size_bytes: 48_213,
    filename: null,
    error: null,
    ...overrides,
  };
}
