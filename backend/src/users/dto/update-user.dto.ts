import { NAME_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@convis/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import {
  IsNameField,
  IsPasswordField,
  Optional,
  PASSWORD_RULES,
} from '../../common/validation/fields.js';
import { ROLES } from './create-user.dto.js';

export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Grace B. Hopper', maxLength: NAME_MAX_LENGTH })
  @Optional()
  @IsNameField()
  name?: string;

  @ApiPropertyOptional({ enum: ROLES, enumName: 'UserRole', example: 'admin' })
  @Optional()
  @IsIn(ROLES, { message: 'role must be admin or member' })
  role?: 'admin' | 'member';

  @ApiPropertyOptional({
    description: `New password; signs the user out everywhere. ${PASSWORD_RULES}`,
    format: 'password',
    minLength: PASSWORD_MIN_LENGTH,
  })
  @Optional()
  // The user's email is not in this DTO: UsersService.update checks against it.
  @IsPasswordField({ name: 'name' })
  password?: string;
}
