import {
  CAMPAIGN_STATES,
  type CampaignState,
  RECIPIENT_STATES,
  type RecipientState,
  SKIP_REASONS,
} from '@convis/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { HeaderMediaDto } from './campaign-request.dto.js';

export class RecipientCountsDto {
  @ApiProperty({ example: 1200 }) total!: number;
  @ApiProperty({ example: 0 }) pending!: number;
  @ApiProperty({ example: 0 }) sending!: number;
  @ApiProperty({ example: 300 }) sent!: number;
  @ApiProperty({ example: 500 }) delivered!: number;
  @ApiProperty({ example: 250 }) read!: number;
  @ApiProperty({ example: 40 }) replied!: number;
  @ApiProperty({ example: 10 }) failed!: number;
  @ApiProperty({ example: 100 }) skipped!: number;
  @ApiProperty({ example: 0 }) limited!: number;
  @ApiProperty({ example: 0 }) unknown!: number;
  @ApiProperty({ example: 0 }) cancelled!: number;
}

export class TemplateVariableDto {
  @ApiProperty({ example: 'body_1', description: 'The key to give its value under.' })
  key!: string;
  @ApiProperty({ example: '1', description: 'The placeholder’s name in the template.' })
  name!: string;
  @ApiProperty({ enum: ['header', 'body', 'button'], enumName: 'TemplateVariablePart' })
  part!: 'header' | 'body' | 'button';
}

export class CampaignDto {
  @ApiProperty({ format: 'uuid', description: 'The campaign’s id.' }) id!: string;
  @ApiProperty({ example: 'November offer' }) name!: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The account it sends from; null once disconnected.',
  })
  account_id!: string | null;
  @ApiProperty({ example: 'order_update' }) template_name!: string;
  @ApiProperty({ example: 'en_US' }) template_language!: string;
  @ApiProperty({ example: 'MARKETING' }) template_category!: string;
  @ApiProperty({ type: [TemplateVariableDto], description: 'The variables each recipient needs.' })
  variables!: TemplateVariableDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Values every recipient gets.',
  })
  default_variables!: Record<string, string>;
  @ApiProperty({
    type: HeaderMediaDto,
    nullable: true,
    description: 'The file of an image, video or document header; null for other templates.',
  })
  header_media!: HeaderMediaDto | null;
  @ApiProperty({ enum: CAMPAIGN_STATES, enumName: 'CampaignState' }) state!: CampaignState;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why it is paused or stopped, in plain language.',
    example:
      'Paused: Meta paused the template for low quality. It resumes when the template is approved again.',
  })
  state_reason!: string | null;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Its own cap, if any.',
    example: 20,
  })
  rate_per_second!: number | null;
  @ApiProperty({
    type: 'integer',
    description:
      'Messages per second it is sent at: the number’s throughput or the campaign’s cap.',
  })
  effective_rate_per_second!: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When a scheduled campaign starts.',
  })
  send_at!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The time zone `send_at` was given in.',
    example: 'Europe/Berlin',
  })
  time_zone!: string | null;
  @ApiProperty({ type: RecipientCountsDto }) counts!: RecipientCountsDto;
  @ApiProperty({ type: String, format: 'date-time', description: 'When it was created.' })
  created_at!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it was launched (or scheduled).',
  })
  launched_at!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When its first message went.',
  })
  started_at!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it completed or was cancelled.',
  })
  finished_at!: string | null;
}

export class CampaignPageDto {
  @ApiProperty({ type: [CampaignDto], description: 'Newest first.' }) items!: CampaignDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
  })
  next_cursor!: string | null;
}

export class AudienceProblemDto {
  @ApiProperty({
    type: 'integer',
    description: 'CSV line (header is line 1) or row number (from 1).',
  })
  line!: number;
  @ApiProperty({ example: '+1555' }) to!: string;
  @ApiProperty({ enum: SKIP_REASONS, description: 'Why the row is skipped.' }) reason!: string;
  @ApiProperty({ example: 'too short for its country: +1555' }) detail!: string;
}

export class SkipCountsDto {
  @ApiProperty({ example: 3, description: 'Not a valid number or user id.' })
  invalid_number!: number;
  @ApiProperty({ example: 2, description: 'In the campaign already.' }) duplicate!: number;
  @ApiProperty({ example: 5, description: 'Opted out of marketing messages.' }) opted_out!: number;
  @ApiProperty({ example: 1, description: 'A variable has no value.' }) missing_variables!: number;
  @ApiProperty({ example: 0, description: 'Values for variables the template lacks.' })
  extra_variables!: number;
  @ApiProperty({
    example: 0,
    description: 'A value Meta would refuse (line breaks, tabs, too long).',
  })
  invalid_variables!: number;
}

export class AudienceReportDto {
  @ApiProperty({ description: 'Rows read.', example: 1200 }) rows!: number;
  @ApiProperty({ description: 'Recipients added, to be sent.', example: 1189 }) added!: number;
  @ApiProperty({ type: SkipCountsDto, description: 'Rows that will not be sent, by reason.' })
  skipped!: SkipCountsDto;
  @ApiProperty({ type: [AudienceProblemDto], description: 'The first 200 of those rows.' })
  problems!: AudienceProblemDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'CSV: the column read for each field (`to`, variable keys).',
  })
  mapping!: Record<string, string>;
  @ApiProperty({ type: CampaignDto }) campaign!: CampaignDto;
}

export class CreatedCampaignDto extends CampaignDto {
  @ApiProperty({
    type: AudienceReportDto,
    nullable: true,
    description: 'The report of `recipients`, when given.',
  })
  audience!: Omit<AudienceReportDto, 'campaign'> | null;
}

export class RecipientErrorDto {
  @ApiProperty({ type: 'integer', nullable: true, example: 131026 }) code!: number | null;
  @ApiProperty({ example: 'Message undeliverable' }) title!: string;
  @ApiProperty({ example: 'The number is not on WhatsApp, or cannot receive this message.' })
  reason!: string;
}

export class CampaignRecipientDto {
  @ApiProperty({ format: 'uuid', description: 'The recipient’s id.' }) id!: string;
  @ApiProperty({ example: '+15550101234' }) to!: string;
  @ApiProperty({ enum: RECIPIENT_STATES, enumName: 'RecipientState' }) state!: RecipientState;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: [...SKIP_REASONS, null],
    description: 'Why it was skipped.',
  })
  skip_reason!: string | null;
  @ApiProperty({ type: RecipientErrorDto, nullable: true }) error!: RecipientErrorDto | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Its message: the status timeline is there.',
  })
  message_id!: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Its contact, once sent.',
  })
  contact_id!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Its own variable values.',
    example: { body_1: 'Ada' },
  })
  variables!: Record<string, string>;
  @ApiProperty({
    type: 'integer',
    description: 'Sends tried (Meta’s limits can make it more than one).',
    example: 1,
  })
  attempts!: number;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Its CSV line or row number.',
    example: 2,
  })
  source_line!: number | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When Meta took it.',
  })
  sent_at!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it was delivered.',
  })
  delivered_at!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it was read.',
  })
  read_at!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the recipient wrote back.',
  })
  replied_at!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it failed.',
  })
  failed_at!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Limited by Meta: when it is tried again.',
  })
  retry_at!: string | null;
}

export class RecipientPageDto {
  @ApiProperty({ type: [CampaignRecipientDto], description: 'In audience order.' })
  items!: CampaignRecipientDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
  })
  next_cursor!: string | null;
}

export class BulkSendAcceptedDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The campaign sending them: follow it at GET /campaigns/{id}.',
  })
  campaign_id!: string;
  @ApiProperty({ type: AudienceReportDto }) audience!: Omit<AudienceReportDto, 'campaign'>;
}

export class CallingCodeEstimateDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: '49',
    description: 'Without +; null for business-scoped user ids (no number).',
  })
  calling_code!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'DE',
    description: 'The country, when the number tells.',
  })
  country!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Germany',
    description: 'The rate card’s market for this calling code.',
  })
  market!: string | null;
  @ApiProperty({ example: 1200, description: 'Pending recipients with this calling code.' })
  recipients!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.1365,
    description: 'USD per delivered message, from the rate card; null when unknown.',
  })
  price_each!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 163.8,
    description: 'recipients × price_each; null when unknown.',
  })
  cost!: number | null;
}

export class CampaignEstimateDto {
  @ApiProperty({ example: 'MARKETING', description: 'Meta’s pricing category: the template’s.' })
  category!: string;
  @ApiProperty({ example: 5000, description: 'Recipients still to send to.' })
  recipients!: number;
  @ApiProperty({
    example: 64,
    description: 'How long pacing will take at the effective rate, in seconds.',
  })
  pacing_seconds!: number;
  @ApiProperty({
    enum: ['configured', 'none'],
    description: 'Whether a rate card is configured (PRICING_RATE_CARD_FILE).',
  })
  rate_card!: 'configured' | 'none';
  @ApiProperty({ example: 'USD', description: 'Currency of the prices.' })
  currency!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 412.5,
    description:
      'An estimate, not a bill: the sum over the recipients whose calling code the rate card prices, if every one is delivered. Meta charges delivered templates only; a utility template inside an open service window is free; volume tiers lower utility and authentication prices.',
  })
  estimated_cost!: number | null;
  @ApiProperty({ example: 4800, description: 'Recipients the estimate covers.' })
  priced_recipients!: number;
  @ApiProperty({ type: [CallingCodeEstimateDto], description: 'Most recipients first.' })
  by_calling_code!: CallingCodeEstimateDto[];
}

export class CampaignMinuteDto {
  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-11-24T12:05:00.000Z',
    description: 'The minute’s start, in UTC.',
  })
  starts_at!: string;
  @ApiProperty({
    type: 'integer',
    example: 4800,
    description:
      'Recipients Meta took in this minute that have not failed since (sent, delivered, read or replied now).',
  })
  sent!: number;
  @ApiProperty({
    type: 'integer',
    example: 12,
    description:
      'Recipients that failed in this minute (refused by Meta, or failed after sending).',
  })
  failed!: number;
}

export class CampaignTimelineDto {
  @ApiProperty({
    type: [CampaignMinuteDto],
    description:
      'The whole campaign, oldest minute first; minutes with no send and no failure are left out. Each recipient counts once, where it is now: `sent` adds up to the sent, delivered, read and replied counts, `failed` to the failed count.',
  })
  per_minute!: CampaignMinuteDto[];
}

export class UpdatedCampaignDto extends CampaignDto {
  @ApiProperty({
    type: AudienceReportDto,
    nullable: true,
    description:
      'The audience checked again, every row, when the account, template or default values changed (a recipient the new template cannot be sent to is now skipped, one it can is pending again); null otherwise.',
  })
  audience!: Omit<AudienceReportDto, 'campaign'> | null;
}
