import { CONSENT_STATES, type ConsentState } from '@convis/contracts';
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { ArrayMinSize, IsIn } from 'class-validator';
import { CommaSeparated, Optional } from '../../common/validation/fields.js';
import { PageQueryDto } from '../../messages/history/dto/list-messages-query.dto.js';
import {
  IsDateBoundField,
  IsSearchField,
  IsUuidQueryField,
} from '../../messages/history/query-fields.js';

/** The filters of the contacts list and export; all optional and combined with AND. */
export class ContactFiltersDto {
  @ApiPropertyOptional({
    description:
      'Part of a name (the business’s or WhatsApp’s, case-insensitive), of the number in any ' +
      'spelling (`5550101234`, `555-010-1234` and `+1 555 010 1234` all find +15550101234: ' +
      'digits are compared), the username, the business-scoped user id, or the contact’s id.',
    example: '555-010',
    maxLength: 200,
  })
  @Optional()
  @IsSearchField('q')
  q?: string;

  @ApiPropertyOptional({ description: 'Only contacts with this tag (exact).', example: 'vip' })
  @Optional()
  @IsSearchField('tag', 50)
  tag?: string;

  @ApiPropertyOptional({
    description: `Marketing consent, one or several comma-separated: ${CONSENT_STATES.join(', ')}.`,
    type: String,
    example: 'opted_out',
  })
  @Optional()
  @CommaSeparated()
  @ArrayMinSize(1, {
    message: `consent_state must list at least one of: ${CONSENT_STATES.join(', ')}`,
  })
  @IsIn(CONSENT_STATES, {
    each: true,
    message: `consent_state must be a comma-separated list of: ${CONSENT_STATES.join(', ')}`,
  })
  consent_state?: ConsentState[];

  @ApiPropertyOptional({
    description: 'Only contacts of this WhatsApp account.',
    format: 'uuid',
    example: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d',
  })
  @Optional()
  @IsUuidQueryField('account_id')
  account_id?: string;

  @ApiPropertyOptional({
    description:
      'Last wrote at or after this instant. ISO 8601 date (midnight UTC) or date-time; without an offset, UTC.',
    example: '2026-11-01',
  })
  @Optional()
  @IsDateBoundField('last_inbound_since')
  last_inbound_since?: string;

  @ApiPropertyOptional({
    description:
      'Last wrote before this instant. A date alone includes that whole day (UTC). Contacts who never wrote match neither bound.',
    example: '2026-11-24',
  })
  @Optional()
  @IsDateBoundField('last_inbound_until')
  last_inbound_until?: string;
}

/** GET /api/whatsapp/contacts: the filters and a page. */
export class ListContactsQueryDto extends IntersectionType(ContactFiltersDto, PageQueryDto) {}
