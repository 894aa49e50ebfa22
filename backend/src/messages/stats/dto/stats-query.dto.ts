import { Optional } from '../../../common/validation/fields.js';
import { ApiPropertyOptional } from '@nestjs/swagger';

import { IsDateBoundField, IsUuidQueryField } from '../../history/query-fields.js';

export const STATS_DEFAULT_DAYS = 30;
export const STATS_MAX_DAYS = 366;

export class StatsQueryDto {
  @ApiPropertyOptional({
    description: 'Only messages of this WhatsApp account.',
    format: 'uuid',
    example: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d',
  })
  @Optional()
  @IsUuidQueryField('account_id')
  account_id?: string;

  @ApiPropertyOptional({
    description: `Start (inclusive) of the range on created_at: an ISO 8601 date (midnight UTC) or date-time. Default: ${STATS_DEFAULT_DAYS} days before \`until\`.`,
    example: '2026-11-01',
  })
  @Optional()
  @IsDateBoundField('since')
  since?: string;

  @ApiPropertyOptional({
    description: `End (exclusive) of the range. A date alone includes that whole day (UTC). Default: the end of today (UTC). At most ${STATS_MAX_DAYS} days from \`since\`.`,
    example: '2026-11-30',
  })
  @Optional()
  @IsDateBoundField('until')
  until?: string;
}
