import { attributeNameProblem, CONTACT_LIMITS } from '@convis/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, IsUUID, MaxLength, ValidateBy } from 'class-validator';
import { Optional, Trim } from '../../common/validation/fields.js';
import { IsTagList } from './update-contact.dto.js';

function attributeColumnsProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'attribute_columns must be an object of column names to attribute names';
  const entries = Object.entries(value);
  if (entries.length > CONTACT_LIMITS.attributes)
    return `attribute_columns maps at most ${CONTACT_LIMITS.attributes} columns`;
  for (const [column, name] of entries) {
    if (column.length > 200) return 'attribute_columns: a column name has at most 200 characters';
    if (typeof name !== 'string') return `attribute_columns.${column.slice(0, 60)} must be text`;
    const problem = attributeNameProblem(name);
    if (problem) return `attribute_columns.${column.slice(0, 60)}: ${problem}`;
  }
  return null;
}

/** What an uploaded file holds, before anything is written. */
export class ContactImportDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The upload, kept on the server for an hour: check and import it by this id.',
  })
  id!: string;

  @ApiProperty({ example: 'customers.csv' })
  filename!: string;

  @ApiProperty({
    enum: [',', ';', '\t', '|'],
    description: 'Found in the header line.',
    example: ';',
  })
  delimiter!: string;

  @ApiProperty({
    type: [String],
    description: 'The header line.',
    example: ['Phone', 'Name', 'City'],
  })
  columns!: string[];

  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
    description: 'The first rows after the header, as read.',
    example: [['+1 555 010 1234', 'Alice', 'Lisbon']],
  })
  sample!: string[][];

  @ApiProperty({ description: 'Rows after the header (blank lines left out).', example: 1200 })
  row_count!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The column that looks like the phone number, by its header.',
    example: 'Phone',
  })
  suggested_phone_column!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Name' })
  suggested_name_column!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  suggested_tags_column!: string | null;
}

/** How to read the rows: which column is what, for which number, and what to do. */
export class ImportContactsDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The WhatsApp account (business number) the contacts are for.',
    example: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d',
  })
  @IsUUID('all', { message: 'account_id must be a UUID' })
  account_id!: string;

  @ApiProperty({ description: 'The column with the phone number (required).', example: 'Phone' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  phone_column!: string;

  @ApiPropertyOptional({
    description: 'The column with the name the business uses.',
    example: 'Name',
  })
  @Optional()
  @IsString()
  @MaxLength(200)
  name_column?: string;

  @ApiPropertyOptional({
    description: 'A column of tags, separated by `,`, `;` or `|`.',
    example: 'Tags',
  })
  @Optional()
  @IsString()
  @MaxLength(200)
  tags_column?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Columns to keep as attributes: column -> attribute name (letters, digits, _).',
    example: { City: 'city' },
  })
  @Optional()
  @ValidateBy({
    name: 'isAttributeColumns',
    validator: {
      validate: (value: unknown) => attributeColumnsProblem(value) === null,
      defaultMessage: (args) =>
        attributeColumnsProblem(args?.value) ?? 'attribute_columns is invalid',
    },
  })
  attribute_columns?: Record<string, string>;

  @ApiPropertyOptional({
    enum: ['create_only', 'create_or_update'],
    default: 'create_only',
    description:
      '`create_only`: numbers that are contacts already are left as they are. `create_or_update`: they get the name (when the row has one), the tags added and the attributes merged.',
    example: 'create_or_update',
  })
  @Optional()
  @IsIn(['create_only', 'create_or_update'], {
    message: 'mode must be create_only or create_or_update',
  })
  mode?: 'create_only' | 'create_or_update';

  @ApiPropertyOptional({
    type: [String],
    description: `Tags added to every imported contact (at most ${CONTACT_LIMITS.tags}).`,
    example: ['newsletter'],
  })
  @Optional()
  @IsTagList('tags')
  tags?: string[];

  @ApiPropertyOptional({
    description:
      'Where these people agreed to marketing messages, with the wording they saw. Given: each imported contact is opted in, recorded with source `import` and this text (a contact who opted out stays opted out). Left out: consent is not changed.',
    example: 'Newsletter form on shop.example.com, 2026: "Send me offers on WhatsApp"',
    maxLength: 1000,
  })
  @Optional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  opt_in_source?: string;
}

export class ImportProblemDto {
  @ApiProperty({ description: 'The line of the file (1 is the header).', example: 5 })
  line!: number;

  @ApiProperty({ example: 'no country code (write it as +<country code> <number>): 555-010-9999' })
  reason!: string;
}

/** A pass over the file with a mapping: what would be (or was) imported, line by line. */
export class ContactImportReportDto {
  @ApiProperty({ format: 'uuid', description: 'The upload.' })
  import_id!: string;

  @ApiProperty({ description: 'Rows after the header.', example: 1200 })
  row_count!: number;

  @ApiProperty({ description: 'Rows that can be imported.', example: 1180 })
  valid_count!: number;

  @ApiProperty({ description: 'Rows left out for a bad value.', example: 15 })
  invalid_count!: number;

  @ApiProperty({ description: 'Rows repeating a number of an earlier line.', example: 5 })
  duplicate_count!: number;

  @ApiProperty({ description: 'Valid rows whose number is a new contact.', example: 1000 })
  new_count!: number;

  @ApiProperty({ description: 'Valid rows whose number is a contact already.', example: 180 })
  existing_count!: number;

  @ApiProperty({
    type: [ImportProblemDto],
    description: 'The lines left out, with their reason (the first 1,000).',
  })
  problems!: ImportProblemDto[];
}

/** What an import wrote. */
export class ContactImportResultDto extends ContactImportReportDto {
  @ApiProperty({ example: 1000 })
  created_count!: number;

  @ApiProperty({ example: 180 })
  updated_count!: number;

  @ApiProperty({ description: 'Contacts already, left as they were (create_only).', example: 0 })
  skipped_count!: number;

  @ApiProperty({ description: 'Contacts opted in (with opt_in_source).', example: 1180 })
  opted_in_count!: number;

  @ApiProperty({
    description: 'Contacts who had opted out and stay opted out (with opt_in_source).',
    example: 0,
  })
  kept_opted_out_count!: number;
}
