// Fixtures of the send dialog: templates, send results and failures, uploads.
import type { MessageErrorDto } from '../app/core/api/models/message-error-dto';
import type { SendFailedResponseDto } from '../app/core/api/models/send-failed-response-dto';
import type { SentMessageDto } from '../app/core/api/models/sent-message-dto';
import type { TemplateResponseDto } from '../app/core/api/models/template-response-dto';
import type { UploadedMediaDto } from '../app/core/api/models/uploaded-media-dto';

/** The account id of `aAccount()` (account fixtures). */
const ACCOUNT_ID = '7f9a2c1e-3b4d-4e5f-8a6b-9c0d1e2f3a4b';

/** An approved template as `GET /api/whatsapp/templates` returns it. */
export function aTemplate(overrides: Partial<TemplateResponseDto> = {}): TemplateResponseDto {
  return {
    id: '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a',
    meta_template_id: '1234567890',
    name: 'hello_world',
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
      { type: 'BODY', text: 'Welcome and congratulations!!' },
      { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
    ],
    quality_rating: 'GREEN',
    status_reason: null,
    status_reason_text: null,
    previous_category: null,
    upcoming_category: null,
    upcoming_category_at: null,
    edit: { allowed: true, reason: null, remaining_count: 10, next_edit_at: null },
    synced_at: '2026-11-24T11:00:00.000Z',
    updated_at: '2026-11-24T11:00:00.000Z',
    ...overrides,
  };
}

/** Body `Hi {{1}}, your order {{2}} has shipped…` with examples (the demo's `order_update`). */
export function anOrderUpdateTemplate(): TemplateResponseDto {
  return aTemplate({
    id: '5e4d3c2b-1a09-4f8e-8d7c-6b5a4f3e2d1c',
    name: 'order_update',
    components: [
      {
        type: 'BODY',
        text: 'Hi {{1}}, your order {{2}} has shipped and is on its way.',
        example: { body_text: [['Maria', '#4521']] },
      },
      { type: 'FOOTER', text: 'Reply STOP to opt out' },
    ],
  });
}

/** One placeholder in the header text, two in the body, one in a URL button; a quick reply. */
export function aShippingTemplate(): TemplateResponseDto {
  return aTemplate({
    id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    name: 'shipping_update',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Order for {{1}}' },
      { type: 'BODY', text: 'Hi {{1}}, order *{{2}}* ships today.' },
      { type: 'FOOTER', text: 'Acme Shop' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: 'Track order', url: 'https://acme.example/track/{{1}}' },
          { type: 'QUICK_REPLY', text: 'Stop updates' },
        ],
      },
    ],
  });
}

/** An image header and three body placeholders (the demo's `appointment_reminder`). */
export function anAppointmentTemplate(): TemplateResponseDto {
  return aTemplate({
    id: '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b',
    name: 'appointment_reminder',
    components: [
      { type: 'HEADER', format: 'IMAGE' },
      {
        type: 'BODY',
        text: 'Hello {{1}}, this is a reminder of your appointment on {{2}} at {{3}}.',
      },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Confirm' },
          { type: 'QUICK_REPLY', text: 'Reschedule' },
        ],
      },
    ],
  });
}

/** Named placeholders (`parameter_format: NAMED` templates). */
export function aNamedTemplate(): TemplateResponseDto {
  return aTemplate({
    id: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d',
    name: 'order_named',
    components: [
      {
        type: 'BODY',
        text: 'Hi {{first_name}}, order {{order_id}} is ready.',
        example: {
          body_text_named_params: [
            { param_name: 'first_name', example: 'Ada' },
            { param_name: 'order_id', example: 'A-1001' },
          ],
        },
      },
    ],
  });
}

/** A message Meta accepted (`201` of `POST /api/whatsapp/messages`). */
export function aSentMessage(overrides: Partial<SentMessageDto> = {}): SentMessageDto {
  return {
    id: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
    wa_message_id: 'wamid.HBgLMTU1NTAxMDEyMzQVAgARGBI',
    account_id: ACCOUNT_ID,
    phone_number_id: '106540352242922',
    contact_id: '6b5a4f3e-2d1c-4b0a-9f8e-7d6c5b4a3f2e',
    direction: 'out',
    to: '+15550101234',
    from: '+1 555-010-0001',
    message_type: 'text',
    status: 'sent',
    preview_text: 'Hello',
    error: null,
    created_at: '2026-11-24T12:00:00.000Z',
    sent_at: '2026-11-24T12:00:01.000Z',
    ...overrides,
  };
}

/** Meta's refusal as the API explains it (`meta_error`): by default 131026, not retryable. */
export function aMetaError(overrides: Partial<MessageErrorDto> = {}): MessageErrorDto {
  return {
    code: 131026,
    title: 'Message undeliverable',
    message: 'Message undeliverable',
    details: 'The recipient is not a WhatsApp user.',
    explanation: 'This number is not on WhatsApp, or it cannot receive messages from businesses.',
    fix: 'Check the number with the customer, or reach them another way.',
    retryable: false,
    fbtrace_id: 'AbCdEf123456',
    ...overrides,
  };
}

/** The body of a send Meta refused (422) or could not take (502, retryable). */
export function aSendFailedBody(
  status: 422 | 502,
  metaError: MessageErrorDto = aMetaError(),
): SendFailedResponseDto {
  return {
    status_code: status,
    error: status === 422 ? 'Unprocessable Entity' : 'Bad Gateway',
    message: `${metaError.title}: ${metaError.explanation} ${metaError.fix}`,
    request_id: `req-${status}`,
    message_id: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
    meta_error: metaError,
  };
}

/** The 422 of a free-form message outside the 24-hour window. */
export function aWindowClosedBody(lastInboundAt: string | null = null) {
  return {
    status_code: 422,
    error: 'Unprocessable Entity',
    message:
      'This contact has never written to this number. Outside the 24-hour customer service window WhatsApp only delivers approved templates: send a template instead.',
    request_id: 'req-window',
    window: { open: false, last_inbound_at: lastInboundAt },
  };
}

/** `POST /api/whatsapp/messages/media`'s answer. */
export function anUploadedMedia(overrides: Partial<UploadedMediaDto> = {}): UploadedMediaDto {
  return {
    media_id: '1037543291543636',
    mime_type: 'image/png',
    size_bytes: 2048,
    filename: 'photo.png',
    ...overrides,
  };
}
