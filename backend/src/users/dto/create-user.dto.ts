import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import {
  IsEmailField,
  IsNameField,
  IsPasswordField,
  PASSWORD_MIN_LENGTH,
  PASSWORD_RULES,
} from '../../common/validation/fields.js';

export const ROLES = ['admin', 'member'] as const;

export class CreateUserDto {
  @ApiProperty({ example: 'grace@example.com', format: 'email' })
  @IsEmailField()
  email!: string;

  @ApiProperty({
    description: `Initial password. ${PASSWORD_RULES}`,
    example: 'another good passphrase',
    format: 'password',
    minLength: PASSWORD_MIN_LENGTH,
  })
  @IsPasswordField({ email: 'email', name: 'name' })
  password!: string;

  @ApiProperty({ example: 'Grace Hopper', maxLength: 100 })
  @IsNameField()
  name!: string;

  @ApiProperty({ enum: ROLES, enumName: 'UserRole', example: 'member' })
  @IsIn(ROLES, { message: 'role must be admin or member' })
  role!: 'admin' | 'member';
}
