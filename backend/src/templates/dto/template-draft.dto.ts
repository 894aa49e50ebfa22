import {
  TEMPLATE_BUTTON_TYPES,
  TEMPLATE_CATEGORIES,
  TEMPLATE_HEADER_FORMATS,
  TEMPLATE_LIMITS,
} from '@convis/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsString,
  IsUUID,
  MaxLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { Optional } from '../../common/validation/fields.js';

// The shapes are checked here (types, sizes that keep a request small); Meta's rules themselves
// (lengths, variables, examples, button counts) are checked by @convis/contracts'
// checkTemplateDraft in the service, the same function the console's builder runs.

/** Room above Meta's limits, so the rule's own message (from contracts) is the one people see. */
const TEXT_MAX = 4096;

/** An object of string values (a variable's name -> its example). */
function IsStringRecord(maxEntries: number, maxLength: number): PropertyDecorator {
  return ValidateBy({
    name: 'isStringRecord',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length <= maxEntries &&
        Object.values(value).every((v) => typeof v === 'string' && v.length <= maxLength),
      defaultMessage: (args) =>
        `${args?.property ?? 'the field'} must be an object of at most ${maxEntries} texts (a variable's name -> its example)`,
    },
  });
}

export class TemplateHeaderDto {
  @ApiProperty({ enum: TEMPLATE_HEADER_FORMATS, example: 'TEXT' })
  @IsIn(TEMPLATE_HEADER_FORMATS)
  format!: string;

  @ApiPropertyOptional({
    description: `TEXT: the header (at most ${TEMPLATE_LIMITS.headerText} characters, one variable).`,
    example: 'Order {{1}}',
  })
  @Optional()
  @IsString()
  @MaxLength(TEXT_MAX)
  text?: string;

  @ApiPropertyOptional({ description: 'TEXT: the example of its variable.', example: 'A-1017' })
  @Optional()
  @IsString()
  @MaxLength(TEXT_MAX)
  example?: string;

  @ApiPropertyOptional({
    description:
      'IMAGE, VIDEO, DOCUMENT: the sample’s handle from `POST /api/whatsapp/templates/media`. Or give `media_file_id`.',
    example: '4::aW1hZ2UvanBlZw==:ARZxR9...',
  })
  @Optional()
  @IsString()
  @MaxLength(TEXT_MAX)
  handle?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'IMAGE, VIDEO, DOCUMENT: a stored media file (`GET /api/whatsapp/media`) to upload to Meta as the sample.',
    example: '0f8a2c1e-5b7d-4e3a-9c6f-1d2e3f4a5b6c',
  })
  @Optional()
  @IsUUID('4')
  media_file_id?: string;
}

export class TemplateBodyDto {
  @ApiProperty({
    description: `The message, at most ${TEMPLATE_LIMITS.body} characters, with numbered ({{1}}) or named ({{order_id}}) variables: in order from {{1}}, not next to each other, not first or last.`,
    example: 'Hi {{1}}, your order {{2}} is on its way.',
  })
  @IsString()
  @MaxLength(TEXT_MAX)
  text!: string;

  @ApiPropertyOptional({
    description: 'One example per variable, by its name.',
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { '1': 'Ada', '2': 'A-1017' },
  })
  @Optional()
  @IsStringRecord(100, TEXT_MAX)
  examples?: Record<string, string>;
}

export class TemplateFooterDto {
  @ApiProperty({
    description: `At most ${TEMPLATE_LIMITS.footer} characters, no variables.`,
    example: 'Reply STOP to opt out',
  })
  @IsString()
  @MaxLength(TEXT_MAX)
  text!: string;
}

export class TemplateButtonDto {
  @ApiProperty({ enum: TEMPLATE_BUTTON_TYPES, example: 'URL' })
  @IsIn(TEMPLATE_BUTTON_TYPES)
  type!: string;

  @ApiPropertyOptional({
    description: `The label, at most ${TEMPLATE_LIMITS.buttonText} characters (COPY_CODE: Meta’s own).`,
    example: 'Track order',
  })
  @Optional()
  @IsString()
  @MaxLength(TEXT_MAX)
  text?: string;

  @ApiPropertyOptional({
    description: 'URL: the address; `{{1}}` at its end makes the end vary per message.',
    example: 'https://shop.example/track/{{1}}',
  })
  @Optional()
  @IsString()
  @MaxLength(TEXT_MAX)
  url?: string;

  @ApiPropertyOptional({
    description: 'URL: an example of the varying end; COPY_CODE: an example code.',
    example: 'A-1017',
  })
  @Optional()
  @IsString()
  @MaxLength(TEXT_MAX)
  example?: string;

  @ApiPropertyOptional({
    description: 'PHONE_NUMBER: the number to call.',
    example: '+15550101234',
  })
  @Optional()
  @IsString()
  @MaxLength(TEXT_MAX)
  phone_number?: string;
}

/** A template's content: what an edit replaces. */
export class TemplateContentDto {
  @ApiPropertyOptional({ type: TemplateHeaderDto })
  @Optional()
  @ValidateNested()
  @Type(() => TemplateHeaderDto)
  header?: TemplateHeaderDto;

  @ApiProperty({ type: TemplateBodyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => TemplateBodyDto)
  body!: TemplateBodyDto;

  @ApiPropertyOptional({ type: TemplateFooterDto })
  @Optional()
  @ValidateNested()
  @Type(() => TemplateFooterDto)
  footer?: TemplateFooterDto;

  @ApiPropertyOptional({
    type: [TemplateButtonDto],
    description: `At most ${TEMPLATE_LIMITS.buttons}: ${TEMPLATE_LIMITS.urlButtons} URL, ${TEMPLATE_LIMITS.phoneNumberButtons} PHONE_NUMBER, ${TEMPLATE_LIMITS.copyCodeButtons} COPY_CODE; quick replies together.`,
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => TemplateButtonDto)
  buttons?: TemplateButtonDto[];
}

/** Edits a template: its content is replaced; name, language and category stay. */
export class UpdateTemplateDto extends TemplateContentDto {}

export class CreateTemplateDto extends TemplateContentDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The WhatsApp account whose business account gets the template.',
    example: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d',
  })
  @IsUUID('4')
  account_id!: string;

  @ApiProperty({
    description: `Lowercase letters, digits and underscores, at most ${TEMPLATE_LIMITS.name} characters.`,
    example: 'order_update',
  })
  @IsString()
  @MaxLength(TEMPLATE_LIMITS.name + 1)
  name!: string;

  @ApiProperty({ description: 'Meta’s language code.', example: 'en_US' })
  @IsString()
  @MaxLength(16)
  language!: string;

  @ApiProperty({ enum: TEMPLATE_CATEGORIES, example: 'UTILITY' })
  @IsIn(TEMPLATE_CATEGORIES)
  category!: string;
}
