import { NAME_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@convis/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import {
  IsEmailField,
  IsNameField,
  IsPasswordField,
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

  @ApiProperty({ example: 'Grace Hopper', maxLength: NAME_MAX_LENGTH })
  @IsNameField()
  name!: string;

  @ApiProperty({ enum: ROLES, enumName: 'UserRole', example: 'member' })
  @IsIn(ROLES, { message: 'role must be admin or member' })
  role!: 'admin' | 'member';
}
