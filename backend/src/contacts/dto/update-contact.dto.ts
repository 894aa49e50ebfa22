import { attributeNameProblem, CONTACT_LIMITS, tagProblem } from '@convis/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, MaxLength, ValidateBy } from 'class-validator';
import { Optional } from '../../common/validation/fields.js';

/** Tags: a list of strings each following the contracts' tag rule. */
export function IsTagList(field: string): PropertyDecorator {
  return (target, key) => {
    IsArray({ message: `${field} must be a list of tags` })(target, key);
    ArrayMaxSize(CONTACT_LIMITS.tags, {
      message: `${field} holds at most ${CONTACT_LIMITS.tags} tags`,
    })(target, key);
    ValidateBy({
      name: 'isTagList',
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) &&
          value.every((tag) => typeof tag === 'string' && tagProblem(tag.trim()) === null),
        defaultMessage: (args) => {
          const list = Array.isArray(args?.value) ? (args.value as unknown[]) : [];
          const bad = list.find((tag) => typeof tag !== 'string' || tagProblem(tag.trim()));
          return typeof bad === 'string'
            ? `${field}: "${bad.slice(0, 60)}": ${tagProblem(bad.trim())}`
            : `${field} must hold text tags only`;
        },
      },
    })(target, key);
  };
}

/** Attributes: an object of at most 50 names (contracts' rule) to text values. */
export function IsAttributeMap(field: string): PropertyDecorator {
  const problem = (value: unknown): string | null => {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return `${field} must be an object of names to text values`;
    const entries = Object.entries(value);
    if (entries.length > CONTACT_LIMITS.attributes)
      return `${field} holds at most ${CONTACT_LIMITS.attributes} attributes`;
    for (const [name, text] of entries) {
      const nameProblem = attributeNameProblem(name);
      if (nameProblem) return `${field}.${name.slice(0, 60)}: ${nameProblem}`;
      if (typeof text !== 'string') return `${field}.${name} must be text`;
      if (text.length > CONTACT_LIMITS.attributeValueLength)
        return `${field}.${name} has at most ${CONTACT_LIMITS.attributeValueLength} characters`;
    }
    return null;
  };
  return ValidateBy({
    name: 'isAttributeMap',
    validator: {
      validate: (value: unknown) => problem(value) === null,
      defaultMessage: (args) => problem(args?.value) ?? `${field} is invalid`,
    },
  });
}

/** PATCH /api/whatsapp/contacts/{id}: what the business sets; fields left out stay as they are. */
export class UpdateContactDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'The name the business gives the contact, shown instead of the WhatsApp profile name. `null` removes it.',
    example: 'Grace Hopper (ACME Corp)',
    maxLength: CONTACT_LIMITS.nameLength,
  })
  @Optional({ nullable: true })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim() || null : value,
  )
  @IsString({ message: 'name must be text or null' })
  @MaxLength(CONTACT_LIMITS.nameLength)
  name?: string | null;

  @ApiPropertyOptional({
    type: [String],
    description: `Replaces the tags (at most ${CONTACT_LIMITS.tags}, each up to ${CONTACT_LIMITS.tagLength} characters; duplicates in any case are dropped).`,
    example: ['vip', 'lead: web'],
  })
  @Optional()
  @IsTagList('tags')
  tags?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: `Replaces the custom attributes: names (letters, digits, _; starting with a letter) to text, at most ${CONTACT_LIMITS.attributes}. Usable as template variables.`,
    example: { city: 'Lisbon', customer_id: 'C-1042' },
  })
  @Optional()
  @IsAttributeMap('attributes')
  attributes?: Record<string, string>;
}
