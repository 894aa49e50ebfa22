import { CONSENT_STATES, type ConsentState } from '@convis/contracts';
import { MESSAGE_STATUSES } from '@convis/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { type MessageStatus } from '../../messages.schema.js';
// One error shape for the whole API: the send feature's (a sent message's error and a listed one's match).
import { MessageErrorDto } from '../../send/dto/message-response.dto.js';
import { CURSOR_EXAMPLE } from '../query-fields.js';
import { DIRECTIONS } from './list-messages-query.dto.js';

const UUID_EXAMPLE = '8a3c2f1e-4b5d-4e6f-9a7b-0c1d2e3f4a5b';
const TIME_EXAMPLE = '2026-11-24T12:00:05.000Z';

/** A message as history lists show it (no payload). */
export class MessageSummaryDto {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  id!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Meta’s message id (wamid); null while queued or when Meta refused the send.',
    example: 'wamid.HBgLMTU1NTAxMDEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA',
  })
  wa_message_id!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The WhatsApp account; null once that account was disconnected.',
    example: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d',
  })
  account_id!: string | null;

  @ApiProperty({
    description: 'The business phone number’s Graph API id (kept after a disconnect).',
    example: '106540352242922',
  })
  phone_number_id!: string;

  @ApiProperty({ format: 'uuid', example: '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b' })
  contact_id!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The contact’s name as the console shows it: the business’s name for them, else their WhatsApp profile name; null when neither is known (or not looked up: send answers).',
    example: 'Grace Hopper',
  })
  contact_name!: string | null;

  @ApiProperty({
    enum: DIRECTIONS,
    description: '`out`: sent by the business; `in`: received.',
    example: 'out',
  })
  direction!: 'in' | 'out';

  @ApiProperty({
    description: 'Recipient: the contact for outbound, the business number for inbound.',
    example: '15550101234',
  })
  to!: string;

  @ApiProperty({
    description: 'Sender: the business number for outbound, the contact for inbound.',
    example: '+1 555-010-0001',
  })
  from!: string;

  @ApiProperty({
    description: 'text, template, image, video, audio, document, sticker, interactive, …',
    example: 'text',
  })
  message_type!: string;

  @ApiProperty({
    enum: MESSAGE_STATUSES,
    enumName: 'MessageStatus',
    description:
      'Outbound: queued → sent → delivered → read (played for voice); failed is terminal. Inbound: received (read once marked read).',
    example: 'delivered',
  })
  status!: MessageStatus;

  @ApiProperty({
    description: 'Plain text preview: body, caption, file name or template name.',
    example: 'Your order 1042 has shipped',
  })
  preview_text!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: TIME_EXAMPLE })
  sent_at!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-24T12:00:07.000Z',
  })
  delivered_at!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it was read (or played, for voice).',
    example: '2026-11-24T12:03:10.000Z',
  })
  read_at!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it failed; null unless failed.',
    example: null,
  })
  failed_at!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Inbound: Meta’s timestamp of the message.',
    example: null,
  })
  received_at!: string | null;

  @ApiProperty({
    format: 'date-time',
    description: 'When the row was written (sending: when it was queued). Lists sort by it.',
    example: '2026-11-24T12:00:04.512Z',
  })
  created_at!: string;

  @ApiProperty({
    type: MessageErrorDto,
    nullable: true,
    description: 'Why it failed; null unless failed.',
  })
  error!: MessageErrorDto | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The campaign that sent it, if any.',
    example: null,
  })
  campaign_id!: string | null;
}

export class SentTemplateHeaderDto {
  @ApiProperty({ enum: ['text', 'image', 'video', 'document', 'location'], example: 'text' })
  format!: 'text' | 'image' | 'video' | 'document' | 'location';

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The header text with its variable filled in; null for a media header.',
    example: 'Order 1042',
  })
  text!: string | null;
}

export class SentTemplateButtonDto {
  @ApiProperty({
    example: 'quick_reply',
    description: 'quick_reply, url, phone_number, copy_code…',
  })
  type!: string;

  @ApiProperty({ example: 'Track order' })
  text!: string;
}

/** A template message as the customer received it. */
export class SentTemplateDto {
  @ApiProperty({ example: 'order_update' })
  name!: string;

  @ApiProperty({ example: 'en_US' })
  language!: string;

  @ApiProperty({ example: 'UTILITY', description: 'The template’s category when it was sent.' })
  category!: string;

  @ApiProperty({ type: SentTemplateHeaderDto, nullable: true })
  header!: SentTemplateHeaderDto | null;

  @ApiProperty({
    description: 'The body with the variables of this send filled in.',
    example: 'Hi Ana, your order 1042 has shipped.',
  })
  body!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Reply STOP to opt out' })
  footer!: string | null;

  @ApiProperty({ type: [SentTemplateButtonDto] })
  buttons!: SentTemplateButtonDto[];
}

/** A message with its payload: a conversation thread's item. */
export class MessageWithContentDto extends MessageSummaryDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Outbound: the Graph API message object that was sent. Inbound: Meta’s message object as received.',
    example: { type: 'text', text: { body: 'Your order 1042 has shipped' } },
  })
  content!: Record<string, unknown>;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The wamid of the message this one replies to.',
    example: null,
  })
  context_wa_message_id!: string | null;

  @ApiProperty({
    type: SentTemplateDto,
    nullable: true,
    description:
      'A template message as the customer received it (variables filled in); null for other messages and for templates sent before this was kept.',
  })
  template!: SentTemplateDto | null;
}

export class ContactSummaryDto {
  @ApiProperty({ format: 'uuid', example: '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b' })
  id!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'WhatsApp id (phone number digits); null for username users without a number.',
    example: '15550101234',
  })
  wa_id!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Business-scoped user id, when Meta sent one.',
    example: null,
  })
  user_id!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The name the contact set in WhatsApp.',
    example: 'Grace Hopper',
  })
  profile_name!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The name the business gave the contact (show it first when set).',
    example: 'Grace Hopper (ACME Corp)',
  })
  name!: string | null;

  @ApiProperty({
    enum: CONSENT_STATES,
    description:
      'Marketing consent on this business number (`unknown`: never recorded); its history is in GET /api/whatsapp/contacts/{id}.',
    example: 'opted_in',
  })
  consent_state!: ConsentState;
}

/** One step of a message's delivery, as Meta reported it. */
export class StatusEventDto {
  @ApiProperty({
    enum: MESSAGE_STATUSES,
    enumName: 'MessageStatus',
    example: 'delivered',
  })
  status!: MessageStatus;

  @ApiProperty({
    format: 'date-time',
    description: 'Meta’s timestamp of the status (ours for queued).',
    example: '2026-11-24T12:00:07.000Z',
  })
  occurred_at!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    nullable: true,
    description: 'Meta’s errors (failed statuses).',
    example: null,
  })
  errors!: Array<Record<string, unknown>> | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Meta’s pricing object of this status.',
    example: { billable: true, pricing_model: 'PMP', category: 'utility' },
  })
  pricing!: Record<string, unknown> | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Meta’s conversation object of this status.',
    example: { id: 'c0a5b4e0f0c7d5a8', origin: { type: 'utility' } },
  })
  conversation!: Record<string, unknown> | null;
}

/** One message with everything known about it. */
export class MessageDetailDto extends MessageWithContentDto {
  @ApiProperty({ type: ContactSummaryDto })
  contact!: ContactSummaryDto;

  @ApiProperty({
    type: [StatusEventDto],
    description: 'Delivery statuses, oldest first (by Meta’s time, then by status order).',
  })
  timeline!: StatusEventDto[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The latest pricing Meta reported (billable, pricing_model, category).',
    example: { billable: true, pricing_model: 'PMP', category: 'utility' },
  })
  pricing!: Record<string, unknown> | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The latest conversation object Meta reported.',
    example: null,
  })
  conversation!: Record<string, unknown> | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The user who sent it from the console or API; null for inbound and campaigns.',
    example: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d',
  })
  sent_by_user_id!: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-24T12:03:10.120Z' })
  updated_at!: string;
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageSummaryDto], description: 'Newest first.' })
  items!: MessageSummaryDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next (older) page; null on the last page.',
    example: CURSOR_EXAMPLE,
  })
  next_cursor!: string | null;
}

export class MessageThreadPageDto {
  @ApiProperty({ type: [MessageWithContentDto], description: 'Newest first.' })
  items!: MessageWithContentDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next (older) page; null on the last page.',
    example: CURSOR_EXAMPLE,
  })
  next_cursor!: string | null;
}
