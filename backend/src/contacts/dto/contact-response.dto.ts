import {
  CONSENT_SOURCES,
  CONSENT_STATES,
  type ConsentSource,
  type ConsentState,
} from '@convis/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { ServiceWindowDto } from '../../messages/conversations/dto/conversation-response.dto.js';
import { CURSOR_EXAMPLE } from '../../messages/history/query-fields.js';

/** A contact: who they are on one business number, what the business set, their consent. */
export class ContactDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'Also the id of its Inbox conversation (`/api/whatsapp/conversations/{contact_id}`) and the `contact` filter of the message history (`/api/whatsapp/messages?contact={id}`).',
    example: '3f2b8c1d-9e4a-4b7f-8c6d-5a4b3c2d1e0f',
  })
  id!: string;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The WhatsApp account of the business number; null once disconnected.',
    example: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d',
  })
  account_id!: string | null;

  @ApiProperty({ description: 'The business number’s Graph API id.', example: '106540352242922' })
  phone_number_id!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'WhatsApp id (the phone number’s digits); null for username users without a number.',
    example: '15550101234',
  })
  wa_id!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The number in E.164 (`+` and the digits of wa_id); null without a number.',
    example: '+15550101234',
  })
  phone_number!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Business-scoped user id (BSUID), when Meta sent one.',
    example: 'US.13491208655302741918',
  })
  user_id!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'WhatsApp username, when Meta sent one.',
    example: 'gracehopper',
  })
  username!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The name the contact gave WhatsApp.',
    example: 'Grace',
  })
  profile_name!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The name the business gave the contact (shown first when set).',
    example: 'Grace Hopper (ACME Corp)',
  })
  name!: string | null;

  @ApiProperty({ type: [String], example: ['vip'] })
  tags!: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { city: 'Lisbon' },
  })
  attributes!: Record<string, string>;

  @ApiProperty({
    enum: CONSENT_STATES,
    description:
      'Marketing consent on this business number. `unknown`: never recorded (WhatsApp delivers marketing until they stop it).',
    example: 'opted_in',
  })
  consent_state!: ConsentState;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-24T12:00:00.000Z',
  })
  consent_changed_at!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the contact last wrote.',
    example: '2026-11-24T12:00:00.000Z',
  })
  last_inbound_at!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-24T12:00:00.000Z',
  })
  last_message_at!: string | null;

  @ApiProperty({ type: ServiceWindowDto })
  window!: ServiceWindowDto;

  @ApiProperty({ format: 'date-time', example: '2026-11-20T09:00:00.000Z' })
  created_at!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-24T12:00:00.000Z' })
  updated_at!: string;
}

export class ContactPageDto {
  @ApiProperty({ type: [ContactDto], description: 'Newest contact first.' })
  items!: ContactDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
    example: CURSOR_EXAMPLE,
  })
  next_cursor!: string | null;
}

/** One consent change in a contact's history. */
export class ConsentEventDto {
  @ApiProperty({ enum: ['opted_in', 'opted_out'], example: 'opted_out' })
  state!: 'opted_in' | 'opted_out';

  @ApiProperty({
    enum: CONSENT_SOURCES,
    description:
      '`meta_preferences`: "Stop promotions"/"Resume" in WhatsApp (Meta’s user_preferences webhook); `keyword`: the contact sent STOP, START or another keyword; `agent`: changed in the console; `meta_131050`: Meta refused a marketing template (the user stopped marketing); `api`; `import`.',
    example: 'keyword',
  })
  source!: ConsentSource;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The words behind it: the keyword sent, Meta’s detail, the wording shown to the user at opt-in.',
    example: 'STOP',
  })
  detail!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The agent, for `agent` changes.',
  })
  user_id!: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-24T12:00:00.000Z' })
  occurred_at!: string;
}

/** A contact with its consent history, and where to find its conversation and messages. */
export class ContactDetailDto extends ContactDto {
  @ApiProperty({ type: [ConsentEventDto], description: 'Oldest first.' })
  consent_history!: ConsentEventDto[];
}

/** What erasing a contact removed. */
export class ContactErasureDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The erased contact.',
    example: '3f2b8c1d-9e4a-4b7f-8c6d-5a4b3c2d1e0f',
  })
  contact_id!: string;

  @ApiProperty({ description: 'Messages both ways.', example: 12 })
  messages_count!: number;

  @ApiProperty({ description: 'Status timeline entries of those messages.', example: 30 })
  status_events_count!: number;

  @ApiProperty({ description: 'Media files (rows and stored files).', example: 2 })
  media_files_count!: number;

  @ApiProperty({ example: 1 })
  consent_events_count!: number;
}
