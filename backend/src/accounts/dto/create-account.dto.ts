import { APP_SECRET_MAX_LENGTH, NAME_MAX_LENGTH } from '@convis/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { IsNameField, IsSecretField, Optional } from '../../common/validation/fields.js';
import { TestAccountDto } from './connection-test.dto.js';

export class CreateAccountDto extends TestAccountDto {
  @ApiProperty({
    description: 'A name for this account in the console.',
    example: 'Support line',
    maxLength: NAME_MAX_LENGTH,
  })
  @IsNameField()
  label!: string;

  @ApiPropertyOptional({
    description:
      'The Meta app secret, to verify this account’s webhook signatures. Never returned by the API.',
    example: '8f14e45fceea167a5a36dedd4bea2543',
  })
  @Optional()
  @IsSecretField('app_secret', APP_SECRET_MAX_LENGTH)
  app_secret?: string;
}
