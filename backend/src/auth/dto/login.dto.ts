import { PASSWORD_MAX_LENGTH } from '@convis/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsEmailField } from '../../common/validation/fields.js';

export class LoginDto {
  @ApiProperty({ example: 'ada@example.com', format: 'email' })
  @IsEmailField()
  email!: string;

  @ApiProperty({ example: 'correct horse battery', format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}
