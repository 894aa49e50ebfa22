import { APP_SECRET_MAX_LENGTH, NAME_MAX_LENGTH } from '@convis/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import {
  IsGraphIdField,
  IsNameField,
  IsSecretField,
  Optional,
} from '../../common/validation/fields.js';
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

  @ApiPropertyOptional({
    description:
      'The Meta app id (App Dashboard > App settings > Basic). Needed to create templates with an image, video or document header: their sample goes through the app’s Resumable Upload API.',
    example: '1234567890123456',
  })
  @Optional()
  @IsGraphIdField('app_id must be the numeric Meta app id')
  app_id?: string;
}
