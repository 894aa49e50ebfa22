import { MESSAGE_STATUSES } from '@convis/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { type MessageStatus } from '../../messages.schema.js';
import { DIRECTIONS } from '../../history/dto/list-messages-query.dto.js';
import { ContactSummaryDto } from '../../history/dto/message-response.dto.js';
import { CURSOR_EXAMPLE } from '../../history/query-fields.js';

/** The business number a conversation runs on. */
export class BusinessNumberDto {
  @ApiProperty({ description: 'The number’s Graph API id.', example: '106540352242922' })
  phone_number_id!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The WhatsApp account; null once it was disconnected.',
    example: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d',
  })
  account_id!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The number as people see it; null when unknown or disconnected.',
    example: '+1 555-010-0001',
  })
  display_phone_number!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The account’s name in the console; null once disconnected.',
    example: 'Support line',
  })
  label!: string | null;
}

export class LastMessageDto {
  @ApiProperty({ format: 'uuid', example: '8a3c2f1e-4b5d-4e6f-9a7b-0c1d2e3f4a5b' })
  id!: string;

  @ApiProperty({ enum: DIRECTIONS, example: 'in' })
  direction!: 'in' | 'out';

  @ApiProperty({ example: 'text' })
  message_type!: string;

  @ApiProperty({ example: 'Is my order on its way?' })
  preview_text!: string;

  @ApiProperty({ enum: MESSAGE_STATUSES, enumName: 'MessageStatus', example: 'received' })
  status!: MessageStatus;

  @ApiProperty({ format: 'date-time', example: '2026-11-24T12:00:04.512Z' })
  created_at!: string;
}

/** The 24-hour customer service window: free-form messages are allowed only while it is open. */
export class ServiceWindowDto {
  @ApiProperty({
    description: 'Whether the contact wrote within the last 24 hours.',
    example: true,
  })
  open!: boolean;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'When the window closes (or closed): 24 hours after the contact’s last message; null if they never wrote.',
    example: '2026-11-25T12:00:04.000Z',
  })
  expires_at!: string | null;
}

/** A contact the business talks to, on one business number. */
export class ConversationDto {
  @ApiProperty({ type: ContactSummaryDto })
  contact!: ContactSummaryDto;

  @ApiProperty({ type: BusinessNumberDto })
  business_number!: BusinessNumberDto;

  @ApiProperty({
    type: LastMessageDto,
    nullable: true,
    description: 'The newest message, either way.',
  })
  last_message!: LastMessageDto | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the last message was sent or received; lists sort by it.',
    example: '2026-11-24T12:00:04.512Z',
  })
  last_message_at!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the contact last wrote.',
    example: '2026-11-24T12:00:04.000Z',
  })
  last_inbound_at!: string | null;

  @ApiProperty({
    description: 'Inbound messages since the conversation was last marked read.',
    example: 2,
  })
  unread_count!: number;

  @ApiProperty({ type: ServiceWindowDto })
  window!: ServiceWindowDto;
}

export class ConversationPageDto {
  @ApiProperty({ type: [ConversationDto], description: 'Most recent conversation first.' })
  items!: ConversationDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
    example: CURSOR_EXAMPLE,
  })
  next_cursor!: string | null;
}

/** What is unread in the organization's inbox. */
export class UnreadCountsDto {
  @ApiProperty({
    description: 'Conversations with unread inbound messages.',
    example: 3,
  })
  conversation_count!: number;

  @ApiProperty({
    description: 'Unread inbound messages, all conversations together.',
    example: 7,
  })
  message_count!: number;
}
