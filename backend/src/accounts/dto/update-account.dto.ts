import { ACCESS_TOKEN_MAX_LENGTH, APP_SECRET_MAX_LENGTH, NAME_MAX_LENGTH } from '@convis/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';

import {
  IsGraphIdField,
  IsNameField,
  IsSecretField,
  Optional,
} from '../../common/validation/fields.js';

export class UpdateAccountDto {
  @ApiPropertyOptional({ example: 'Sales line', maxLength: NAME_MAX_LENGTH })
  @Optional()
  @IsNameField()
  label?: string;

  @ApiPropertyOptional({
    description: 'A new access token; it is tested before it replaces the old one.',
    example: 'EAAG...',
  })
  @Optional()
  @IsSecretField('access_token', ACCESS_TOKEN_MAX_LENGTH)
  access_token?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'A new app secret, or null to remove it (webhooks then use WHATSAPP_APP_SECRET).',
    example: '8f14e45fceea167a5a36dedd4bea2543',
  })
  @Optional({ nullable: true })
  @IsSecretField('app_secret', APP_SECRET_MAX_LENGTH)
  app_secret?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'The Meta app id, for templates with a media header (their sample is uploaded through the app); null removes it.',
    example: '1234567890123456',
  })
  @Optional({ nullable: true })
  @IsGraphIdField('app_id must be the numeric Meta app id')
  app_id?: string | null;
}
