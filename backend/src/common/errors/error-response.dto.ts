import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({
    description: 'JSON name of the failing field (dotted for nested fields).',
    example: 'email',
  })
  field!: string;

  @ApiProperty({
    description: 'Why the value was refused.',
    example: ['email must be an email'],
    type: [String],
  })
  messages!: string[];
}

/** The one error body of the whole API. */
export class ErrorResponseDto {
  @ApiProperty({ description: 'HTTP status code.', example: 400 })
  status_code!: number;

  @ApiProperty({ description: 'Short name of the status.', example: 'Bad Request' })
  error!: string;

  @ApiProperty({ description: 'What went wrong, in plain language.', example: 'Validation failed' })
  message!: string;

  @ApiProperty({
    description: 'Id of the request, also sent as the X-Request-Id header and written in the logs.',
    example: '6f1c2e0a-3f7b-4a55-9d6e-2b1d7c0f8e21',
  })
  request_id!: string;

  @ApiPropertyOptional({
    description: 'The failing fields, on validation errors.',
    type: [FieldErrorDto],
  })
  details?: FieldErrorDto[];
}
