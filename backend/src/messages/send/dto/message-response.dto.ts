import { ApiProperty } from '@nestjs/swagger';
import { ErrorResponseDto } from '../../../common/errors/error-response.dto.js';

/** Meta's error on a failed message, with what it means and how to fix it. */
export class MessageErrorDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Meta’s error code.', example: 131026 })
  code!: number | null;

  @ApiProperty({ example: 'Message undeliverable' })
  title!: string;

  @ApiProperty({ description: 'Meta’s message.', example: '(#131026) Message undeliverable' })
  message!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Meta’s error_data.details.',
    example: 'Recipient is not a valid WhatsApp user',
  })
  details!: string | null;

  @ApiProperty({
    description: 'What happened, in plain language.',
    example:
      'The recipient cannot receive it: not on WhatsApp, an outdated app, or they have not accepted the terms.',
  })
  explanation!: string;

  @ApiProperty({
    description: 'What to do about it.',
    example: 'Check the number. Do not retry this message.',
  })
  fix!: string;

  @ApiProperty({ description: 'Whether sending again later may work.', example: false })
  retryable!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Quote this to Meta support.',
    example: 'AbCdEfGh123',
  })
  fbtrace_id!: string | null;
}

/** A message as the send endpoint returns it. */
export class SentMessageDto {
  @ApiProperty({ format: 'uuid', example: '0b9f7a3e-6a53-4c0e-9a55-1f1d3f0a8c11' })
  id!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Meta’s message id (wamid), once accepted.',
    example: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA',
  })
  wa_message_id!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    example: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d',
  })
  account_id!: string | null;

  @ApiProperty({ example: '106540352242922' })
  phone_number_id!: string;

  @ApiProperty({ format: 'uuid', example: '9a1c2e0a-3f7b-4a55-9d6e-2b1d7c0f8e21' })
  contact_id!: string;

  @ApiProperty({ enum: ['in', 'out'], example: 'out' })
  direction!: 'in' | 'out';

  @ApiProperty({ example: '+15550101234' })
  to!: string;

  @ApiProperty({ example: '+1 555-010-0001' })
  from!: string;

  @ApiProperty({ example: 'text' })
  message_type!: string;

  @ApiProperty({
    enum: ['queued', 'sent', 'delivered', 'read', 'played', 'failed', 'received'],
    enumName: 'MessageStatus',
    example: 'sent',
  })
  status!: string;

  @ApiProperty({ example: 'Your order has shipped.' })
  preview_text!: string;

  @ApiProperty({ type: MessageErrorDto, nullable: true })
  error!: MessageErrorDto | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-24T12:00:00.000Z' })
  created_at!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-24T12:00:01.000Z',
  })
  sent_at!: string | null;
}

/** 422 when Meta refused a call (a Graph API error answer), 502 when Meta could not be reached. */
export class MetaErrorResponseDto extends ErrorResponseDto {
  @ApiProperty({ type: MessageErrorDto })
  meta_error!: MessageErrorDto;
}

/** 422/502 when Meta refused or could not take the message; it is recorded as failed. */
export class SendFailedResponseDto extends MetaErrorResponseDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The failed message, kept in the history.',
    example: '0b9f7a3e-6a53-4c0e-9a55-1f1d3f0a8c11',
  })
  message_id!: string;
}

export class UploadedMediaDto {
  @ApiProperty({
    description: 'Use as media.id when sending (valid 30 days).',
    example: '1037543291543636',
  })
  media_id!: string;

  @ApiProperty({ example: 'image/jpeg' })
  mime_type!: string;

  @ApiProperty({ example: 48213 })
  size_bytes!: number;

  @ApiProperty({ example: 'menu.jpg' })
  filename!: string;
}
