import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import {
  IsEmailField,
  IsNameField,
  IsPasswordField,
  PASSWORD_MIN_LENGTH,
} from '../../common/validation/fields.js';

export const ROLES = ['admin', 'member'] as const;

export class CreateUserDto {
  @ApiProperty({ example: 'grace@example.com', format: 'email' })
  @IsEmailField()
  email!: string;

  @ApiProperty({
    description: `Initial password, at least ${PASSWORD_MIN_LENGTH} characters.`,
    example: 'another good passphrase',
    format: 'password',
    minLength: PASSWORD_MIN_LENGTH,
  })
  @IsPasswordField()
  password!: string;

  @ApiProperty({ example: 'Grace Hopper', maxLength: 100 })
  @IsNameField()
  name!: string;

  @ApiProperty({ enum: ROLES, enumName: 'UserRole', example: 'member' })
  @IsIn(ROLES, { message: 'role must be admin or member' })
  role!: 'admin' | 'member';
}
