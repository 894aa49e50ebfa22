import { NAME_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@convis/contracts';
import { ApiProperty } from '@nestjs/swagger';
import {
  IsEmailField,
  IsNameField,
  IsPasswordField,
  PASSWORD_RULES,
} from '../../common/validation/fields.js';

export class RegisterDto {
  @ApiProperty({
    description: 'Email to sign in with; unique.',
    example: 'ada@example.com',
    format: 'email',
  })
  @IsEmailField()
  email!: string;

  @ApiProperty({
    description: PASSWORD_RULES,
    example: 'correct horse battery',
    minLength: PASSWORD_MIN_LENGTH,
    format: 'password',
  })
  @IsPasswordField({ email: 'email', name: 'name' })
  password!: string;

  @ApiProperty({
    description: 'Your name, shown to your team.',
    example: 'Ada Lovelace',
    maxLength: NAME_MAX_LENGTH,
  })
  @IsNameField()
  name!: string;

  @ApiProperty({
    description: 'Name of the new organization; you become its first admin.',
    example: 'Acme Ltd',
    maxLength: NAME_MAX_LENGTH,
  })
  @IsNameField()
  organization_name!: string;
}
