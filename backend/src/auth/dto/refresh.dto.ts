import { ApiProperty } from '@nestjs/swagger';
import { IsJWT } from 'class-validator';

export class RefreshDto {
  @ApiProperty({
    description: 'The refresh token from login, register or the last refresh.',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.signature',
  })
  @IsJWT({ message: 'refresh_token must be a refresh token' })
  refresh_token!: string;
}

export class LogoutDto extends RefreshDto {}
