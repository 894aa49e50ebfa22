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
  @MaxLength(128)
  password!: string;
}
