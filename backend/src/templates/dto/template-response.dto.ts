import { TEMPLATE_CATEGORIES, TEMPLATE_STATUSES } from '@convis/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { Optional, Trim } from '../../common/validation/fields.js';

export class ListTemplatesQueryDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The WhatsApp account whose business account’s templates to list.',
    example: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d',
  })
  @IsUUID('4')
  account_id!: string;

  @ApiPropertyOptional({
    enum: TEMPLATE_STATUSES,
    description: 'Only templates with this status.',
    example: 'APPROVED',
  })
  @Optional()
  @IsIn(TEMPLATE_STATUSES)
  status?: string;

  @ApiPropertyOptional({
    enum: TEMPLATE_CATEGORIES,
    description: 'Only templates of this category.',
    example: 'UTILITY',
  })
  @Optional()
  @IsIn(TEMPLATE_CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ description: 'Only templates in this language.', example: 'en_US' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(16)
  language?: string;

  @ApiPropertyOptional({
    description: 'Only templates whose name contains this text (case-insensitive).',
    example: 'order',
  })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(512)
  q?: string;
}

export class DeleteTemplateQueryDto {
  @ApiPropertyOptional({
    enum: ['language', 'all'],
    description:
      '`language` (default): this template’s language only; `all`: every language of its name.',
    example: 'language',
  })
  @Optional()
  @IsIn(['language', 'all'])
  scope?: 'language' | 'all';
}

export class DeletedTemplatesResponseDto {
  @ApiProperty({ example: 'order_update' })
  name!: string;

  @ApiProperty({ type: [String], description: 'The languages deleted.', example: ['en_US'] })
  languages!: string[];

  @ApiProperty({ example: 1 })
  deleted_count!: number;

  @ApiProperty({
    format: 'date-time',
    description:
      'Meta keeps a deleted name for 30 days: a template of this name and language can be created again from then on.',
    example: '2027-01-06T12:00:00.000Z',
  })
  name_reusable_at!: string;
}

export class UploadedTemplateMediaDto {
  @ApiProperty({
    description:
      'Meta’s handle of the sample (Resumable Upload API): give it as `header.handle` when creating or editing a template.',
    example: '4::aW1hZ2UvanBlZw==:ARZxR9...',
  })
  handle!: string;

  @ApiProperty({ enum: ['IMAGE', 'VIDEO', 'DOCUMENT'], example: 'IMAGE' })
  format!: 'IMAGE' | 'VIDEO' | 'DOCUMENT';

  @ApiProperty({ example: 'image/jpeg' })
  mime_type!: string;

  @ApiProperty({ example: 48213 })
  size_bytes!: number;

  @ApiProperty({ example: 'menu.jpg' })
  filename!: string;
}

export class TemplateEditAllowanceDto {
  @ApiProperty({ description: 'Whether Meta accepts an edit now.', example: false })
  allowed!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why not, in plain words; null when allowed.',
    example:
      'An approved template can be edited once in 24 hours; the next edit is possible at 2026-11-25T12:00:00.000Z.',
  })
  reason!: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Edits left in the rolling 30 days (approved templates: 10 in 30 days); null: no limit (rejected, paused).',
    example: 9,
  })
  remaining_count!: number | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The earliest time of the next edit; null when it is allowed now (or never).',
    example: '2026-11-25T12:00:00.000Z',
  })
  next_edit_at!: string | null;
}

export class SyncTemplatesDto {
  @ApiProperty({ format: 'uuid', example: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d' })
  @IsUUID('4')
  account_id!: string;
}

export class SyncTemplatesResponseDto {
  @ApiProperty({ description: 'How many templates Meta has for the business account.', example: 6 })
  synced!: number;
}

export class TemplateResponseDto {
  @ApiProperty({ format: 'uuid', example: '7c1e2a5d-8b4f-4f7a-9c3d-2e1f0a9b8c7d' })
  id!: string;

  @ApiProperty({ description: 'Meta’s template id.', example: '594425479261596' })
  meta_template_id!: string;

  @ApiProperty({ example: 'order_update' })
  name!: string;

  @ApiProperty({ example: 'en_US' })
  language!: string;

  @ApiProperty({ enum: ['MARKETING', 'UTILITY', 'AUTHENTICATION'], example: 'UTILITY' })
  category!: string;

  @ApiProperty({ enum: TEMPLATE_STATUSES, example: 'APPROVED' })
  status!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'],
    description: 'Meta’s quality score; null until Meta rates it.',
    example: 'GREEN',
  })
  quality_rating!: string | null;

  @ApiProperty({
    description:
      'Meta’s components: HEADER (text or media), BODY with {{n}} placeholders, FOOTER, BUTTONS.',
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    example: [{ type: 'BODY', text: 'Hi {{1}}, order {{2}} is on its way.' }],
  })
  components!: Array<Record<string, unknown>>;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why Meta rejected, paused or disabled it.',
    example: null,
  })
  status_reason!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The reason in plain words (Meta’s reason codes explained).',
    example: null,
  })
  status_reason_text!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The category Meta moved the template from, when it did.',
    example: null,
  })
  previous_category!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'A category Meta announced it will move the template to.',
    example: null,
  })
  upcoming_category!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the announced category change takes effect.',
    example: null,
  })
  upcoming_category_at!: string | null;

  @ApiProperty({ type: TemplateEditAllowanceDto, description: 'What Meta allows for an edit now.' })
  edit!: TemplateEditAllowanceDto;

  @ApiProperty({
    format: 'date-time',
    description: 'When the template last changed: at Meta (webhooks) or here.',
    example: '2026-11-24T12:00:00.000Z',
  })
  updated_at!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'When it was last copied from Meta.',
    example: '2026-11-24T12:00:00.000Z',
  })
  synced_at!: string;
}
