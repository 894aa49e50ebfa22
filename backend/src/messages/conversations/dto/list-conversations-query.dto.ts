import { Optional } from '../../../common/validation/fields.js';
import { ApiPropertyOptional } from '@nestjs/swagger';

import { PageQueryDto } from '../../history/dto/list-messages-query.dto.js';
import {
  IsBooleanQueryField,
  IsSearchField,
  IsUuidQueryField,
} from '../../history/query-fields.js';

/** The filters of GET /api/whatsapp/conversations; all optional and combined with AND. */
export class ListConversationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Only conversations on this WhatsApp account.',
    format: 'uuid',
    example: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d',
  })
  @Optional()
  @IsUuidQueryField('account_id')
  account_id?: string;

  @ApiPropertyOptional({
    description:
      'Part of the contact’s profile name or user id (case-insensitive), or of its number (digits, in any notation).',
    example: 'grace',
    maxLength: 200,
  })
  @Optional()
  @IsSearchField('q')
  q?: string;

  @ApiPropertyOptional({
    description: 'true: only conversations with unread inbound messages.',
    type: Boolean,
    example: true,
  })
  @Optional()
  @IsBooleanQueryField('unread_only')
  unread_only?: boolean;
}
