import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import {
  IsNameField,
  IsPasswordField,
  Optional,
  PASSWORD_MIN_LENGTH,
} from '../../common/validation/fields.js';
import { ROLES } from './create-user.dto.js';

export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Grace B. Hopper', maxLength: 100 })
  @Optional()
  @IsNameField()
  name?: string;

  @ApiPropertyOptional({ enum: ROLES, enumName: 'UserRole', example: 'admin' })
  @Optional()
  @IsIn(ROLES, { message: 'role must be admin or member' })
  role?: 'admin' | 'member';

  @ApiPropertyOptional({
    description: `New password, at least ${PASSWORD_MIN_LENGTH} characters; signs the user out everywhere.`,
    format: 'password',
  })
  @Optional()
  @IsPasswordField()
  password?: string;
}
