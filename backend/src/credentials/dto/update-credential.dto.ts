import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsNameField } from '../../common/validation/fields.js';

const trim = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value,
);

export class UpdateCredentialDto {
  @ApiPropertyOptional({ example: 'Sales line', maxLength: 100 })
  @IsOptional()
  @IsNameField()
  label?: string;

  @ApiPropertyOptional({
    description: 'A new access token; it is tested before it replaces the old one.',
    example: 'EAAG...',
  })
  @IsOptional()
  @trim
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  @Matches(/^\S+$/, { message: 'access_token must not contain spaces' })
  access_token?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'A new app secret, or null to remove it (webhooks then use WHATSAPP_APP_SECRET).',
    example: '8f14e45fceea167a5a36dedd4bea2543',
  })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @trim
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  @Matches(/^\S+$/, { message: 'app_secret must not contain spaces' })
  app_secret?: string | null;
}
