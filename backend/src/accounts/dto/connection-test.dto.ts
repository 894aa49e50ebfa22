import { ACCESS_TOKEN_MAX_LENGTH } from '@convis/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { IsGraphIdField, IsSecretField } from '../../common/validation/fields.js';

/** The three values that identify and authorise a WhatsApp Business phone number. */
export class TestAccountDto {
  @ApiProperty({
    description: 'Phone number ID from WhatsApp Manager (API Setup), digits only.',
    example: '106540352242922',
  })
  @IsGraphIdField('phone_number_id must be the numeric Phone Number ID from WhatsApp Manager')
  phone_number_id!: string;

  @ApiProperty({
    description: 'WhatsApp Business Account ID, digits only.',
    example: '102290129340398',
  })
  @IsGraphIdField('waba_id must be the numeric WhatsApp Business Account ID')
  waba_id!: string;

  @ApiProperty({
    description: 'A (preferably permanent, system-user) access token. Never returned by the API.',
    example: 'EAAG...',
  })
  @IsSecretField('access_token', ACCESS_TOKEN_MAX_LENGTH)
  access_token!: string;
}

export class ConnectionStepDto {
  @ApiProperty({
    enum: ['token', 'phone_number', 'business_account', 'not_connected', 'quality', 'throughput'],
    enumName: 'ConnectionStepKey',
    example: 'token',
  })
  key!: 'token' | 'phone_number' | 'business_account' | 'not_connected' | 'quality' | 'throughput';

  @ApiProperty({ example: 'Access token accepted' })
  name!: string;

  @ApiProperty({ example: true })
  ok!: boolean;

  @ApiProperty({
    description: 'What was found, or why the step failed and how to fix it.',
    example: 'Meta accepted the token.',
  })
  detail!: string;
}

export class ConnectionTestResponseDto {
  @ApiProperty({ description: 'True when every step passed.', example: true })
  success!: boolean;

  @ApiProperty({ type: String, nullable: true, example: '+1 555-010-0001' })
  display_phone_number!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Verified business name.',
    example: 'Acme Support',
  })
  verified_name!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['GREEN', 'YELLOW', 'RED', 'NA', 'UNKNOWN'],
    example: 'GREEN',
  })
  quality_rating!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'STANDARD' })
  throughput_level!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'TIER_2K' })
  messaging_limit!: string | null;

  @ApiProperty({ type: [ConnectionStepDto] })
  steps!: ConnectionStepDto[];
}

/** The 422 body when saving an account whose connection test failed. */
export class ConnectionTestFailedResponseDto extends ErrorResponseDto {
  @ApiProperty({
    type: ConnectionTestResponseDto,
    description: 'The checklist, with the failing step.',
  })
  connection_test!: ConnectionTestResponseDto;
}
