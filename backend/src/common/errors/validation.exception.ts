import { BadRequestException } from '@nestjs/common';
import { type ValidationError } from 'class-validator';
import { type FieldErrorDto } from './error-response.dto.js';

/** A 400 that lists every failing field by its JSON name. */
export class ValidationException extends BadRequestException {
  constructor(readonly details: FieldErrorDto[]) {
    super('Validation failed');
  }

  static fromErrors(errors: ValidationError[]): ValidationException {
    return new ValidationException(flatten(errors));
  }
}

function flatten(errors: ValidationError[], parent = ''): FieldErrorDto[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints
      ? [
          {
            field,
            messages: Object.values(error.constraints).map((m) =>
              humanize(m, error.property, field),
            ),
          },
        ]
      : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** class-validator's whitelist message reads "property x should not exist"; say it plainly. */
function humanize(message: string, property: string, field: string): string {
  if (message === `property ${property} should not exist`)
    return `${field} is not an accepted field`;
  return message;
}
