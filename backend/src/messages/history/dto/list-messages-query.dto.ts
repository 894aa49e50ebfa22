import { MESSAGE_STATUSES } from '@convis/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, IsIn } from 'class-validator';
import { Optional } from '../../../common/validation/fields.js';
import { type MessageStatus } from '../../messages.schema.js';
import {
  CURSOR_EXAMPLE,
  type ErrorCodeFilter,
  IsCursorField,
  IsDateBoundField,
  IsErrorCodeField,
  IsLimitField,
  IsSearchField,
  IsUuidQueryField,
  PAGE_LIMIT_DEFAULT,
  PAGE_LIMIT_MAX,
} from '../query-fields.js';

export const DIRECTIONS = ['in', 'out'] as const;

/** `limit` and `cursor`: one page of a keyset-paged list, newest first. */
export class PageQueryDto {
  @ApiPropertyOptional({
    description: `Page size, 1 to ${PAGE_LIMIT_MAX}.`,
    example: PAGE_LIMIT_DEFAULT,
    minimum: 1,
    maximum: PAGE_LIMIT_MAX,
    default: PAGE_LIMIT_DEFAULT,
    type: 'integer',
  })
  @Optional()
  @IsLimitField()
  limit: number = PAGE_LIMIT_DEFAULT;

  @ApiPropertyOptional({
    description:
      'Where the page starts: the `next_cursor` of the previous page (opaque). Omit for the first page.',
    example: CURSOR_EXAMPLE,
  })
  @Optional()
  @IsCursorField()
  cursor?: string;
}

/** The filters of GET /api/whatsapp/messages; all optional and combined with AND. */
export class ListMessagesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Only messages of this WhatsApp account.',
    format: 'uuid',
    example: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d',
  })
  @Optional()
  @IsUuidQueryField('account_id')
  account_id?: string;

  @ApiPropertyOptional({
    description: '`out`: sent by the business; `in`: received from contacts.',
    enum: DIRECTIONS,
    example: 'out',
  })
  @Optional()
  @IsIn(DIRECTIONS, { message: 'direction must be in or out' })
  direction?: 'in' | 'out';

  @ApiPropertyOptional({
    description: `Current status, one or several comma-separated: ${MESSAGE_STATUSES.join(', ')}. \`read\` does not include \`played\`: ask for both.`,
    type: String,
    example: 'delivered,read',
  })
  @Optional()
  @Transform(({ value }: { value: unknown }) => {
    // ?status=a,b and ?status=a&status=b both give [a, b].
    const parts: unknown[] = Array.isArray(value) ? value : [value];
    if (!parts.every((part): part is string => typeof part === 'string')) return value;
    return parts
      .join(',')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
  })
  @ArrayMinSize(1, { message: `status must list at least one of: ${MESSAGE_STATUSES.join(', ')}` })
  @IsIn(MESSAGE_STATUSES, {
    each: true,
    message: `status must be a comma-separated list of: ${MESSAGE_STATUSES.join(', ')}`,
  })
  status?: MessageStatus[];

  @ApiPropertyOptional({
    description:
      'The contact, given as any of: the contact’s id (UUID); any part of its number in any ' +
      'spelling (`5550101234`, `555-010-1234` and `+1 555 010 1234` all match wa_id 15550101234: ' +
      'digits are compared); part of its name (the business’s or WhatsApp’s, case-insensitive); ' +
      'its username; its business-scoped user id (exact).',
    example: '+15550101234',
    maxLength: 200,
  })
  @Optional()
  @IsSearchField('contact')
  contact?: string;

  @ApiPropertyOptional({
    description: 'Only messages of this campaign.',
    format: 'uuid',
    example: '0b9f7a3e-6a53-4c0e-9a55-1f1d3f0a8c11',
  })
  @Optional()
  @IsUuidQueryField('campaign_id')
  campaign_id?: string;

  @ApiPropertyOptional({
    description:
      'Only failed messages with this Meta error code (the `code` of the stats’ `top_failures`); ' +
      '`none`: failed messages whose error has no code (Meta was not reached, or gave none).',
    type: String,
    example: '131026',
  })
  @Optional()
  @IsErrorCodeField('error_code')
  error_code?: ErrorCodeFilter;

  @ApiPropertyOptional({
    description:
      'Created at or after this instant. ISO 8601 date (midnight UTC) or date-time; without an offset, UTC.',
    example: '2026-11-01',
  })
  @Optional()
  @IsDateBoundField('since')
  since?: string;

  @ApiPropertyOptional({
    description:
      'Created before this instant. A date alone includes that whole day (UTC): `until=2026-11-24` ends at 2026-11-25T00:00:00Z.',
    example: '2026-11-24',
  })
  @Optional()
  @IsDateBoundField('until')
  until?: string;

  @ApiPropertyOptional({
    description:
      'Text the message preview contains (body, caption, file name or template name); case-insensitive, `%` and `_` match literally.',
    example: 'order 1042',
    maxLength: 200,
  })
  @Optional()
  @IsSearchField('q')
  q?: string;
}
