import {
  MEDIA_TYPES,
  MESSAGE_LIMITS,
  MESSAGE_TYPES,
  TEMPLATE_LANGUAGE_PATTERN,
  type MessageType,
} from '@convis/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MaxChars, Optional, Trim } from '../../../common/validation/fields.js';

export class MediaDto {
  @ApiPropertyOptional({
    description: 'A media id from POST /api/whatsapp/messages/media (or Meta).',
    example: '1037543291543636',
  })
  @ValidateIf((media: MediaDto) => media.link === undefined)
  @IsString()
  @Matches(/^\d{3,40}$/, { message: 'media.id must be a numeric media id (or give media.link)' })
  id?: string;

  @ApiPropertyOptional({
    description: 'A public HTTPS URL Meta downloads the file from.',
    example: 'https://example.com/menu.pdf',
  })
  @ValidateIf((media: MediaDto) => media.id === undefined)
  @IsString()
  @Matches(/^https:\/\/\S+$/, { message: 'media.link must be an https:// URL (or give media.id)' })
  @MaxChars(MESSAGE_LIMITS.link)
  link?: string;

  @ApiPropertyOptional({
    description: 'Not for audio and stickers.',
    example: 'Our new menu',
    maxLength: MESSAGE_LIMITS.caption,
  })
  @Optional()
  @IsString()
  @MaxChars(MESSAGE_LIMITS.caption)
  caption?: string;

  @ApiPropertyOptional({
    description: 'Documents only: the name the recipient sees.',
    example: 'menu.pdf',
  })
  @Optional()
  @IsString()
  @MaxChars(MESSAGE_LIMITS.filename)
  filename?: string;
}

export class ReplyButtonDto {
  @ApiProperty({
    description: 'Comes back in the reply webhook.',
    example: 'confirm',
    maxLength: MESSAGE_LIMITS.buttonId,
  })
  @IsString()
  @IsNotEmpty()
  @MaxChars(MESSAGE_LIMITS.buttonId)
  id!: string;

  @ApiProperty({ example: 'Confirm', maxLength: MESSAGE_LIMITS.buttonTitle })
  @IsString()
  @IsNotEmpty()
  @MaxChars(MESSAGE_LIMITS.buttonTitle)
  title!: string;
}

export class ListRowDto {
  @ApiProperty({ example: 'slot-0900', maxLength: MESSAGE_LIMITS.rowId })
  @IsString()
  @IsNotEmpty()
  @MaxChars(MESSAGE_LIMITS.rowId)
  id!: string;

  @ApiProperty({ example: '09:00', maxLength: MESSAGE_LIMITS.rowTitle })
  @IsString()
  @IsNotEmpty()
  @MaxChars(MESSAGE_LIMITS.rowTitle)
  title!: string;

  @ApiPropertyOptional({ example: 'Morning slot', maxLength: MESSAGE_LIMITS.rowDescription })
  @Optional()
  @IsString()
  @MaxChars(MESSAGE_LIMITS.rowDescription)
  description?: string;
}

export class ListSectionDto {
  @ApiPropertyOptional({
    description: 'Required when there are several sections.',
    example: 'Tomorrow',
    maxLength: MESSAGE_LIMITS.sectionTitle,
  })
  @Optional()
  @IsString()
  @MaxChars(MESSAGE_LIMITS.sectionTitle)
  title?: string;

  @ApiProperty({ type: [ListRowDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MESSAGE_LIMITS.listRows)
  @ValidateNested({ each: true })
  @Type(() => ListRowDto)
  rows!: ListRowDto[];
}

const BUTTONS_MESSAGE = `interactive.buttons must list 1 to ${MESSAGE_LIMITS.buttons} buttons`;

/** Reply buttons (1–3) or a list (sections of rows, at most 10 rows in all). */
export class InteractiveDto {
  @ApiProperty({ enum: ['button', 'list'], example: 'button' })
  @IsIn(['button', 'list'], { message: 'interactive.type must be button or list' })
  type!: 'button' | 'list';

  @ApiProperty({
    description: 'The message text.',
    example: 'Can you make it on Tuesday at 10:00?',
    maxLength: MESSAGE_LIMITS.interactiveBody,
  })
  @IsString()
  @IsNotEmpty()
  @MaxChars(MESSAGE_LIMITS.interactiveBody)
  body!: string;

  @ApiPropertyOptional({
    description: 'A text header.',
    example: 'Appointment',
    maxLength: MESSAGE_LIMITS.interactiveHeaderFooter,
  })
  @Optional()
  @IsString()
  @MaxChars(MESSAGE_LIMITS.interactiveHeaderFooter)
  header?: string;

  @ApiPropertyOptional({
    example: 'Reply to choose',
    maxLength: MESSAGE_LIMITS.interactiveHeaderFooter,
  })
  @Optional()
  @IsString()
  @MaxChars(MESSAGE_LIMITS.interactiveHeaderFooter)
  footer?: string;

  @ApiPropertyOptional({ type: [ReplyButtonDto], description: 'type=button: 1 to 3 buttons.' })
  @ValidateIf((i: InteractiveDto) => i.type === 'button')
  @IsArray({ message: BUTTONS_MESSAGE })
  @ArrayMinSize(1, { message: BUTTONS_MESSAGE })
  @ArrayMaxSize(MESSAGE_LIMITS.buttons, { message: BUTTONS_MESSAGE })
  @ValidateNested({ each: true })
  @Type(() => ReplyButtonDto)
  buttons?: ReplyButtonDto[];

  @ApiPropertyOptional({
    description: 'type=list: the label of the button that opens the list.',
    example: 'Pick a time',
    maxLength: MESSAGE_LIMITS.listButton,
  })
  @ValidateIf((i: InteractiveDto) => i.type === 'list')
  @IsString()
  @IsNotEmpty()
  @MaxChars(MESSAGE_LIMITS.listButton)
  button?: string;

  @ApiPropertyOptional({
    type: [ListSectionDto],
    description: 'type=list: up to 10 sections, 10 rows in all.',
  })
  @ValidateIf((i: InteractiveDto) => i.type === 'list')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MESSAGE_LIMITS.listSections)
  @ValidateNested({ each: true })
  @Type(() => ListSectionDto)
  sections?: ListSectionDto[];
}

export class LocationDto {
  @ApiProperty({ example: 52.3676 })
  @IsLatitude()
  latitude!: number;

  @ApiProperty({ example: 4.9041 })
  @IsLongitude()
  longitude!: number;

  @ApiPropertyOptional({ example: 'Acme Store' })
  @Optional()
  @IsString()
  @MaxChars(MESSAGE_LIMITS.locationName)
  name?: string;

  @ApiPropertyOptional({ example: 'Dam 1, Amsterdam' })
  @Optional()
  @IsString()
  @MaxChars(MESSAGE_LIMITS.locationAddress)
  address?: string;
}

export class ReactionDto {
  @ApiProperty({
    description: 'The message reacted to: our message id or Meta’s wamid.',
    example: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  message_id!: string;

  @ApiProperty({ description: 'One emoji; an empty string removes the reaction.', example: '👍' })
  @IsString()
  @MaxLength(16)
  emoji!: string;
}

/**
 * One message to send. The seed's shape (`account_id, to, message_type, text,
 * template_name, template_language, template_components`) extended with every Cloud API type.
 */
export class SendMessageDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The WhatsApp account to send from.',
    example: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d',
  })
  @IsUUID('4')
  account_id!: string;

  @ApiProperty({
    description:
      'Recipient: a phone number in international format (+ and country code), or a business-scoped user id.',
    example: '+15550101234',
  })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  to!: string;

  @ApiProperty({ enum: MESSAGE_TYPES, enumName: 'MessageType', example: 'text' })
  @IsIn(MESSAGE_TYPES, { message: `message_type must be one of ${MESSAGE_TYPES.join(', ')}` })
  message_type!: MessageType;

  @ApiPropertyOptional({
    description: 'message_type=text: the text.',
    example: 'Your order has shipped.',
    maxLength: MESSAGE_LIMITS.text,
  })
  @ValidateIf((m: SendMessageDto) => m.message_type === 'text')
  @IsString()
  @IsNotEmpty()
  @MaxChars(MESSAGE_LIMITS.text)
  text?: string;

  @ApiPropertyOptional({
    description: 'message_type=text: show a preview of the first URL.',
    example: false,
  })
  @Optional()
  @IsBoolean()
  preview_url?: boolean;

  @ApiPropertyOptional({
    description: 'message_type=template: an approved template’s name.',
    example: 'order_update',
  })
  @ValidateIf((m: SendMessageDto) => m.message_type === 'template')
  @IsString()
  @Matches(/^[a-z0-9_]{1,512}$/, {
    message: 'template_name must be a template name (lowercase letters, digits, _)',
  })
  template_name?: string;

  @ApiPropertyOptional({
    description: 'message_type=template: the language it was approved in.',
    example: 'en_US',
    default: 'en_US',
  })
  @Optional()
  @IsString()
  @Matches(TEMPLATE_LANGUAGE_PATTERN, { message: 'template_language must look like en_US or en' })
  template_language?: string;

  @ApiPropertyOptional({
    description:
      'message_type=template: Meta’s components with parameters, e.g. [{ "type": "body", "parameters": [{ "type": "text", "text": "A-1001" }] }]. ' +
      'Header media, currency, date_time and button parameters are passed through as Meta defines them.',
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    example: [
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Ada' },
          { type: 'text', text: 'A-1001' },
        ],
      },
    ],
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  template_components?: Array<Record<string, unknown>>;

  @ApiPropertyOptional({
    type: MediaDto,
    description: 'message_type=image|video|audio|document|sticker.',
  })
  @ValidateIf((m: SendMessageDto) => (MEDIA_TYPES as readonly string[]).includes(m.message_type))
  @IsObject({ message: 'media is required for media messages' })
  @ValidateNested()
  @Type(() => MediaDto)
  media?: MediaDto;

  @ApiPropertyOptional({ type: InteractiveDto })
  @ValidateIf((m: SendMessageDto) => m.message_type === 'interactive')
  @IsObject({ message: 'interactive is required for interactive messages' })
  @ValidateNested()
  @Type(() => InteractiveDto)
  interactive?: InteractiveDto;

  @ApiPropertyOptional({ type: LocationDto })
  @ValidateIf((m: SendMessageDto) => m.message_type === 'location')
  @IsObject({ message: 'location is required for location messages' })
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;

  @ApiPropertyOptional({
    description:
      'message_type=contacts: contact cards as Meta defines them (name.formatted_name required).',
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    example: [
      {
        name: { formatted_name: 'Ada Lovelace', first_name: 'Ada' },
        phones: [{ phone: '+15550101234', type: 'CELL' }],
      },
    ],
  })
  @ValidateIf((m: SendMessageDto) => m.message_type === 'contacts')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  contacts?: Array<Record<string, unknown>>;

  @ApiPropertyOptional({ type: ReactionDto })
  @ValidateIf((m: SendMessageDto) => m.message_type === 'reaction')
  @IsObject({ message: 'reaction is required for reactions' })
  @ValidateNested()
  @Type(() => ReactionDto)
  reaction?: ReactionDto;

  @ApiPropertyOptional({
    description: 'Quote a message: our message id or Meta’s wamid.',
    example: '0b9f7a3e-6a53-4c0e-9a55-1f1d3f0a8c11',
  })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  reply_to?: string;
}
