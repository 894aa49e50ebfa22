import { ApiProperty } from '@nestjs/swagger';
import {
  IsEmailField,
  IsNameField,
  IsPasswordField,
  PASSWORD_MIN_LENGTH,
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
    maxLength: 100,
  })
  @IsNameField()
  name!: string;

  @ApiProperty({
    description: 'Name of the new organization; you become its first admin.',
    example: 'Acme Ltd',
    maxLength: 100,
  })
  @IsNameField()
  organization_name!: string;
}
