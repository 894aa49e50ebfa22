import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { Optional } from '../../common/validation/fields.js';

export class ListTemplatesQueryDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The WhatsApp account whose business account’s templates to list.',
    example: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d',
  })
  @IsUUID('4')
  account_id!: string;

  @ApiPropertyOptional({
    enum: ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED'],
    description: 'Only templates with this status.',
    example: 'APPROVED',
  })
  @Optional()
  @IsIn(['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED'])
  status?: string;
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

  @ApiProperty({ example: 'APPROVED' })
  status!: string;

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
    format: 'date-time',
    description: 'When it was last copied from Meta.',
    example: '2026-11-24T12:00:00.000Z',
  })
  synced_at!: string;
}
