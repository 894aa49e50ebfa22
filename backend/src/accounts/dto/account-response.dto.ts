import { ApiProperty } from '@nestjs/swagger';
import { ConnectionTestResponseDto } from './connection-test.dto.js';

export class WebhookSettingsDto {
  @ApiProperty({
    description: 'Paste into Meta’s App Dashboard > WhatsApp > Configuration > Callback URL.',
    example:
      'https://convis.example.com/api/webhooks/whatsapp/5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d',
  })
  callback_url!: string;

  @ApiProperty({
    description: 'Paste into the Verify token field next to it.',
    example: 'wvt_9c2f0e4b7a1d4c8e9f3a6b5d2c1e0f7a',
  })
  verify_token!: string;
}

/** A connected account as the API shows it: secrets appear only as masks. */
export class AccountResponseDto {
  @ApiProperty({ format: 'uuid', example: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d' })
  id!: string;

  @ApiProperty({ example: 'Support line' })
  label!: string;

  @ApiProperty({ example: '106540352242922' })
  phone_number_id!: string;

  @ApiProperty({ example: '102290129340398' })
  waba_id!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The Meta app id; templates with a media header need it.',
    example: '1234567890123456',
  })
  app_id!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '+1 555-010-0001' })
  display_phone_number!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Acme Support' })
  verified_name!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['GREEN', 'YELLOW', 'RED', 'NA', 'UNKNOWN'],
    example: 'GREEN',
  })
  quality_rating!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'STANDARD' })
  throughput_level!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'TIER_2K' })
  messaging_limit!: string | null;

  @ApiProperty({
    enum: ['active', 'failing'],
    description: 'failing: the last verification did not pass.',
    example: 'active',
  })
  status!: 'active' | 'failing';

  @ApiProperty({ description: 'The stored access token, masked.', example: '••••a1b2' })
  access_token_mask!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The stored app secret, masked, or null.',
    example: '••••2543',
  })
  app_secret_mask!: string | null;

  @ApiProperty({ type: WebhookSettingsDto })
  webhook!: WebhookSettingsDto;

  @ApiProperty({
    type: ConnectionTestResponseDto,
    nullable: true,
    description: 'The checklist of the last verification.',
  })
  last_check!: ConnectionTestResponseDto | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-24T12:00:00.000Z',
  })
  last_verified_at!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'When Meta’s webhooks last reached this account: a signed delivery on its callback URL, or a ' +
      'change for its number on the global URL. Accurate to about a minute; null when none has ' +
      'arrived yet (check the webhook settings in Meta’s App Dashboard).',
    example: '2026-11-24T12:03:00.000Z',
  })
  last_webhook_at!: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-24T12:00:00.000Z' })
  created_at!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-24T12:00:00.000Z' })
  updated_at!: string;
}
