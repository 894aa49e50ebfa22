import {
  TEMPLATE_LANGUAGE_PATTERN,
  CAMPAIGN_LIMITS,
  CAMPAIGN_STATES,
  type CampaignState,
  RECIPIENT_STATES,
  type RecipientState,
} from '@convis/contracts';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { CommaSeparated, Optional, Trim } from '../../common/validation/fields.js';
import { PageQueryDto } from '../../messages/history/dto/list-messages-query.dto.js';
import { IsSearchField } from '../../messages/history/query-fields.js';

/** `{ "body_1": "Ada" }`: text values by variable key. */
function IsVariables(field: string): PropertyDecorator {
  return ValidateBy({
    name: 'isVariables',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length <= 50 &&
        Object.entries(value).every(
          ([key, v]) =>
            /^[A-Za-z0-9_]{1,80}$/.test(key) &&
            typeof v === 'string' &&
            v.length <= CAMPAIGN_LIMITS.variableLength,
        ),
      defaultMessage: () =>
        `${field} must be an object of up to 50 text values (at most ${CAMPAIGN_LIMITS.variableLength} characters) by variable key, like {"body_1": "Ada"}`,
    },
  });
}

const VARIABLES_DOC =
  'Template variable values by key: `header_<name>` for a text header, `body_<name>` for the ' +
  'body (`body_1`, `body_order_id`), `button<index>_<name>` for a URL button. Keys are listed ' +
  'per template in `GET /campaigns/{id}` (`variables`).';

export class RecipientRowDto {
  @ApiProperty({
    description: 'A phone number in international format, or a business-scoped user id.',
    example: '+15550101234',
  })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  to!: string;

  @ApiPropertyOptional({
    description: VARIABLES_DOC,
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { body_1: 'Ada' },
  })
  @Optional()
  @IsVariables('variables')
  variables?: Record<string, string>;
}

export class HeaderMediaDto {
  @ApiPropertyOptional({
    description: 'A public https link to the file.',
    example: 'https://example.com/offer.jpg',
  })
  @Optional()
  @IsString()
  @Matches(/^https:\/\/\S+$/, { message: 'header_media.link must be an https link' })
  @MaxLength(2000)
  link?: string;

  @ApiPropertyOptional({ description: 'A media id from an upload to Meta.', example: '1234567890' })
  @Optional()
  @IsString()
  @Matches(/^\d{1,40}$/, { message: 'header_media.id must be a media id (digits)' })
  id?: string;
}

export class CreateCampaignDto {
  @ApiProperty({ example: 'November offer', maxLength: CAMPAIGN_LIMITS.nameLength })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(CAMPAIGN_LIMITS.nameLength)
  name!: string;

  @ApiProperty({ format: 'uuid', description: 'The WhatsApp account to send from.' })
  @IsUUID('4')
  account_id!: string;

  @ApiProperty({ description: 'An approved template of the account.', example: 'order_update' })
  @IsString()
  @Matches(/^[a-z0-9_]{1,512}$/, { message: 'template_name must be a template name (a-z, 0-9, _)' })
  template_name!: string;

  @ApiPropertyOptional({
    description: 'The language it was approved in.',
    example: 'en_US',
    default: 'en_US',
  })
  @Optional()
  @IsString()
  @Matches(TEMPLATE_LANGUAGE_PATTERN, { message: 'template_language must look like en or en_US' })
  template_language?: string;

  @ApiPropertyOptional({
    description: `Values for every recipient (a recipient's own values win). ${VARIABLES_DOC}`,
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { body_2: 'November' },
  })
  @Optional()
  @IsVariables('variables')
  variables?: Record<string, string>;

  @ApiPropertyOptional({
    type: HeaderMediaDto,
    description: 'The file of a template with an image, video or document header.',
  })
  @Optional()
  @ValidateNested()
  @Type(() => HeaderMediaDto)
  header_media?: HeaderMediaDto;

  @ApiPropertyOptional({
    description:
      'The campaign’s own cap, messages per second; the number’s throughput applies anyway.',
    minimum: 1,
    maximum: CAMPAIGN_LIMITS.maxRatePerSecond,
    type: 'integer',
  })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(CAMPAIGN_LIMITS.maxRatePerSecond)
  rate_per_second?: number;

  @ApiPropertyOptional({
    type: [RecipientRowDto],
    description: `Recipients (up to ${CAMPAIGN_LIMITS.rowsPerRequest}); more with POST /campaigns/{id}/audience.`,
  })
  @Optional()
  @ArrayMaxSize(CAMPAIGN_LIMITS.rowsPerRequest)
  @ValidateNested({ each: true })
  @Type(() => RecipientRowDto)
  recipients?: RecipientRowDto[];
}

/**
 * PATCH /api/whatsapp/campaigns/{id}: a draft's settings; fields left out stay as they are. The
 * audience has its own routes; a new account, template or default values check it again.
 */
export class UpdateCampaignDto {
  @ApiPropertyOptional({ example: 'November offer', maxLength: CAMPAIGN_LIMITS.nameLength })
  @Optional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(CAMPAIGN_LIMITS.nameLength)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The WhatsApp account to send from.' })
  @Optional()
  @IsUUID('4')
  account_id?: string;

  @ApiPropertyOptional({
    description: 'An approved template of the account.',
    example: 'order_update',
  })
  @Optional()
  @IsString()
  @Matches(/^[a-z0-9_]{1,512}$/, { message: 'template_name must be a template name (a-z, 0-9, _)' })
  template_name?: string;

  @ApiPropertyOptional({
    description: 'The language it was approved in; the campaign’s language when left out.',
    example: 'en_US',
  })
  @Optional()
  @IsString()
  @Matches(TEMPLATE_LANGUAGE_PATTERN, { message: 'template_language must look like en or en_US' })
  template_language?: string;

  @ApiPropertyOptional({
    description: `Values for every recipient, replacing the current ones; left out, the values the template still has are kept. ${VARIABLES_DOC}`,
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { body_2: 'November' },
  })
  @Optional()
  @IsVariables('variables')
  variables?: Record<string, string>;

  @ApiPropertyOptional({
    type: HeaderMediaDto,
    description: 'The file of a template with an image, video or document header.',
  })
  @Optional()
  @ValidateNested()
  @Type(() => HeaderMediaDto)
  header_media?: HeaderMediaDto;

  @ApiPropertyOptional({
    description:
      'The campaign’s own cap, messages per second; `null` removes it (the number’s throughput applies anyway).',
    minimum: 1,
    maximum: CAMPAIGN_LIMITS.maxRatePerSecond,
    type: 'integer',
    nullable: true,
  })
  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(CAMPAIGN_LIMITS.maxRatePerSecond)
  rate_per_second?: number | null;
}

export const RETARGET_OUTCOMES = [
  'failed',
  'delivered_not_read',
  'read_not_replied',
  'replied',
  'not_delivered',
  'limited',
] as const;
export type RetargetOutcome = (typeof RETARGET_OUTCOMES)[number];

export class RetargetDto {
  @ApiProperty({ format: 'uuid', description: 'An earlier campaign of the organization.' })
  @IsUUID('4')
  campaign_id!: string;

  @ApiProperty({ enum: RETARGET_OUTCOMES, description: 'Which of its recipients.' })
  @IsIn(RETARGET_OUTCOMES, { message: `outcome must be one of ${RETARGET_OUTCOMES.join(', ')}` })
  outcome!: RetargetOutcome;
}

/** One source per request: JSON rows, a contact tag, or an earlier campaign's outcome. */
export class AddAudienceDto {
  @ApiPropertyOptional({
    type: [RecipientRowDto],
    description: `Up to ${CAMPAIGN_LIMITS.rowsPerRequest} rows.`,
  })
  @Optional()
  @ArrayMinSize(1)
  @ArrayMaxSize(CAMPAIGN_LIMITS.rowsPerRequest)
  @ValidateNested({ each: true })
  @Type(() => RecipientRowDto)
  recipients?: RecipientRowDto[];

  @ApiPropertyOptional({
    description: 'Every contact with this tag; variables from their attributes by name.',
    example: 'vip',
  })
  @Optional()
  @IsSearchField('tag', 50)
  tag?: string;

  @ApiPropertyOptional({
    type: RetargetDto,
    description: 'Recipients of an earlier campaign, by outcome.',
  })
  @Optional()
  @ValidateNested()
  @Type(() => RetargetDto)
  from_campaign?: RetargetDto;
}

export class LaunchCampaignDto {
  @ApiPropertyOptional({
    description: 'Send later: an ISO 8601 date-time. Without an offset it is read in `time_zone`.',
    format: 'date-time',
    example: '2026-12-24T09:00:00',
  })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'send_at must be an ISO 8601 date-time' })
  send_at?: string;

  @ApiPropertyOptional({ description: 'IANA time zone of `send_at`.', example: 'Europe/Berlin' })
  @Optional()
  @IsString()
  @ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string') return false;
        try {
          new Intl.DateTimeFormat('en', { timeZone: value });
          return true;
        } catch {
          return false;
        }
      },
      defaultMessage: () => 'time_zone must be an IANA time zone such as Europe/Berlin',
    },
  })
  time_zone?: string;
}

export class TestSendDto {
  @ApiProperty({ description: 'The number to send the test to.', example: '+15550101234' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  to!: string;

  @ApiPropertyOptional({
    description: VARIABLES_DOC,
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  @Optional()
  @IsVariables('variables')
  variables?: Record<string, string>;
}

export class ListCampaignsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: `One or several comma-separated: ${CAMPAIGN_STATES.join(', ')}.`,
    type: String,
  })
  @Optional()
  @CommaSeparated()
  @IsIn(CAMPAIGN_STATES, {
    each: true,
    message: `state must list some of: ${CAMPAIGN_STATES.join(', ')}`,
  })
  state?: CampaignState[];
}

export class ListRecipientsQueryDto {
  @ApiPropertyOptional({
    description: `One or several comma-separated: ${RECIPIENT_STATES.join(', ')}.`,
    type: String,
  })
  @Optional()
  @CommaSeparated()
  @IsIn(RECIPIENT_STATES, {
    each: true,
    message: `state must list some of: ${RECIPIENT_STATES.join(', ')}`,
  })
  state?: RecipientState[];

  @ApiPropertyOptional({
    description: 'Page size, 1 to 200.',
    default: 50,
    type: 'integer',
    minimum: 1,
    maximum: 200,
  })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer from 1 to 200' })
  @Min(1, { message: 'limit must be an integer from 1 to 200' })
  @Max(200, { message: 'limit must be an integer from 1 to 200' })
  limit: number = 50;

  @ApiPropertyOptional({ description: 'The `next_cursor` of the previous page.' })
  @Optional()
  @IsString()
  @Matches(/^r\d{1,9}$/, { message: 'cursor must be the next_cursor of a previous page' })
  cursor?: string;
}

/** The seed's bulk send: a campaign made and launched in one call (its name optional). */
export class BulkSendDto extends OmitType(CreateCampaignDto, [
  'name',
  'recipients',
  'rate_per_second',
]) {
  @ApiPropertyOptional({
    description: 'A name for the campaign; "Bulk send <time>" by default.',
    maxLength: CAMPAIGN_LIMITS.nameLength,
  })
  @Optional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(CAMPAIGN_LIMITS.nameLength)
  name?: string;

  @ApiProperty({
    type: [RecipientRowDto],
    description: `1 to ${CAMPAIGN_LIMITS.bulkRecipients} recipients.`,
  })
  @ArrayMinSize(1, { message: 'recipients must list at least one recipient' })
  @ArrayMaxSize(CAMPAIGN_LIMITS.bulkRecipients, {
    message: `recipients takes at most ${CAMPAIGN_LIMITS.bulkRecipients} rows; use a campaign for more`,
  })
  @ValidateNested({ each: true })
  @Type(() => RecipientRowDto)
  recipients!: RecipientRowDto[];
}
