import { ApiPropertyOptional } from '@nestjs/swagger';

import { IsNameField, IsSecretField, Optional } from '../../common/validation/fields.js';

export class UpdateAccountDto {
  @ApiPropertyOptional({ example: 'Sales line', maxLength: 100 })
  @Optional()
  @IsNameField()
  label?: string;

  @ApiPropertyOptional({
    description: 'A new access token; it is tested before it replaces the old one.',
    example: 'EAAG...',
  })
  @Optional()
  @IsSecretField('access_token', 1024)
  access_token?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'A new app secret, or null to remove it (webhooks then use WHATSAPP_APP_SECRET).',
    example: '8f14e45fceea167a5a36dedd4bea2543',
  })
  @Optional({ nullable: true })
  @IsSecretField('app_secret', 256)
  app_secret?: string | null;
}
