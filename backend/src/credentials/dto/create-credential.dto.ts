import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsNameField } from '../../common/validation/fields.js';
import { TestCredentialDto } from './connection-test.dto.js';

export class CreateCredentialDto extends TestCredentialDto {
  @ApiProperty({
    description: 'A name for this account in the console.',
    example: 'Support line',
    maxLength: 100,
  })
  @IsNameField()
  label!: string;

  @ApiPropertyOptional({
    description:
      'The Meta app secret, to verify this account’s webhook signatures. Never returned by the API.',
    example: '8f14e45fceea167a5a36dedd4bea2543',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  @Matches(/^\S+$/, { message: 'app_secret must not contain spaces' })
  app_secret?: string;
}
