import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsString,
  MaxLength,
} from 'class-validator';
import { Optional, Trim } from '../../common/validation/fields.js';

/** Who records a consent change through the API. */
export const API_CONSENT_SOURCES = ['agent', 'api'] as const;

/** POST /api/whatsapp/contacts/{id}/consent: an opt-out or opt-in, recorded in the history. */
export class UpdateContactConsentDto {
  @ApiProperty({ enum: ['opted_in', 'opted_out'], example: 'opted_out' })
  @IsIn(['opted_in', 'opted_out'], { message: 'state must be opted_in or opted_out' })
  state!: 'opted_in' | 'opted_out';

  @ApiPropertyOptional({
    enum: API_CONSENT_SOURCES,
    default: 'agent',
    description:
      '`agent`: a person in the console (the caller is recorded); `api`: an opt-in or opt-out collected elsewhere (a web form, a checkout box), with its wording in `detail`.',
    example: 'agent',
  })
  @Optional()
  @IsIn(API_CONSENT_SOURCES, { message: 'source must be agent or api' })
  source?: (typeof API_CONSENT_SOURCES)[number];

  @ApiPropertyOptional({
    description:
      'The words behind it: the wording shown to the user when they opted in, or a note (asked by phone, …).',
    example: 'Yes, send me offers on WhatsApp (checkbox at checkout)',
    maxLength: 1000,
  })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  detail?: string;
}

const KEYWORD_RULES = { max: 30, count: 30 };

function KeywordList(): PropertyDecorator {
  return (target, key) => {
    IsArray()(target, key);
    ArrayMinSize(1, { message: `${String(key)} needs at least one keyword` })(target, key);
    ArrayMaxSize(KEYWORD_RULES.count)(target, key);
    IsString({ each: true })(target, key);
    IsNotEmpty({ each: true, message: `${String(key)} may not hold blank keywords` })(target, key);
    MaxLength(KEYWORD_RULES.max, { each: true })(target, key);
  };
}

/** An organization's consent keywords and confirmation replies. */
export class ConsentSettingsDto {
  @ApiProperty({
    type: [String],
    description:
      'A message that is exactly one of these (any case, accents and surrounding punctuation ignored) opts the contact out of marketing.',
    example: ['STOP', 'UNSUBSCRIBE', 'BAJA', 'ARRET'],
  })
  opt_out_keywords!: string[];

  @ApiProperty({ type: [String], example: ['START', 'SUBSCRIBE', 'ALTA'] })
  opt_in_keywords!: string[];

  @ApiProperty({
    description:
      'Whether a keyword gets a confirmation reply (sent within the 24-hour window the keyword opened).',
    example: false,
  })
  confirmation_enabled!: boolean;

  @ApiProperty({
    example:
      'You will no longer receive marketing messages from us. Reply START to subscribe again.',
  })
  opt_out_reply!: string;

  @ApiProperty({
    example: 'You are subscribed to our marketing messages again. Reply STOP to unsubscribe.',
  })
  opt_in_reply!: string;
}

/** PUT /api/whatsapp/consent-settings: fields left out stay as they are. */
export class UpdateConsentSettingsDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'Replaces the opt-out keywords (1 to 30, each up to 30 characters).',
    example: ['STOP', 'BASTA'],
  })
  @Optional()
  @KeywordList()
  opt_out_keywords?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Replaces the opt-in keywords (1 to 30, each up to 30 characters).',
    example: ['START', 'ANCORA'],
  })
  @Optional()
  @KeywordList()
  opt_in_keywords?: string[];

  @ApiPropertyOptional({ description: 'Turns the confirmation replies on or off.', example: true })
  @Optional()
  @IsBoolean()
  confirmation_enabled?: boolean;

  @ApiPropertyOptional({
    maxLength: 1024,
    description: 'The confirmation of an opt-out keyword.',
    example: 'You will get no more offers from us. Reply START to get them again.',
  })
  @Optional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  opt_out_reply?: string;

  @ApiPropertyOptional({
    maxLength: 1024,
    description: 'The confirmation of an opt-in keyword.',
    example: 'Welcome back! Reply STOP to stop our offers.',
  })
  @Optional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  opt_in_reply?: string;
}
