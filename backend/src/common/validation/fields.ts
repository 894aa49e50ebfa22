import {
  charCount,
  GRAPH_ID_PATTERN,
  NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  SECRET_PATTERN,
} from '@convis/contracts';
import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';
import { passwordProblem, type PasswordOwner } from '../../auth/password-strength.js';

/**
 * Shared field rules, so every DTO validates emails, passwords and names the same way. The
 * lengths and patterns come from @convis/contracts, which the console's validators use too.
 */

/**
 * A field that may be left out. `null` is refused (400 naming the field) unless the field is
 * documented as nullable, where null has a meaning of its own (`app_secret: null` removes the
 * secret): one rule for the whole API, instead of class-validator's IsOptional, which lets null
 * through to the service as if it were a value.
 */
export function Optional(options: { nullable?: boolean } = {}): PropertyDecorator {
  if (options.nullable) return IsOptional();
  return applyDecorators(
    ValidateIf((_object, value) => value !== undefined),
    ValidateBy({
      name: 'isNotNull',
      validator: {
        validate: (value: unknown) => value !== null,
        defaultMessage: (args) => `${args?.property ?? 'the field'} may be left out, but not null`,
      },
    }),
  );
}

/** Trims surrounding white space of string values (pasted ids and tokens often carry some). */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim() : value,
  );
}

export function IsEmailField(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.trim().toLowerCase() : value,
    ),
    IsString(),
    IsEmail({}, { message: 'email must be a valid email address' }),
    MaxLength(254),
  );
}

/** What a password must be, for API descriptions. */
export const PASSWORD_RULES = `At least ${PASSWORD_MIN_LENGTH} characters and hard to guess: not a common password, not only spaces, not containing the email or name.`;

/** The DTO's fields that hold the password owner's email and name, when it has them. */
export interface PasswordOwnerFields {
  readonly email?: string;
  readonly name?: string;
}

/**
 * A new password: its length, then how guessable it is (see `passwordProblem`), judged against
 * the email and name found in the DTO's `owner` fields.
 */
export function IsPasswordField(owner: PasswordOwnerFields = {}): PropertyDecorator {
  return applyDecorators(
    IsString(),
    MinLength(PASSWORD_MIN_LENGTH, {
      message: `password must be at least ${PASSWORD_MIN_LENGTH} characters`,
    }),
    MaxLength(PASSWORD_MAX_LENGTH),
    IsHardToGuess(owner),
  );
}

/** Cross-field: reads the owner's email and name from the object being validated. */
function IsHardToGuess(fields: PasswordOwnerFields): PropertyDecorator {
  // The reason found by validate(), for defaultMessage() (called right after, on the same object).
  const reasons = new WeakMap<object, string>();
  return ValidateBy({
    name: 'isHardToGuess',
    validator: {
      validate(value: unknown, args?: ValidationArguments): boolean {
        if (typeof value !== 'string' || !args) return true;
        const reason = passwordProblem(value, ownerOf(args.object, fields));
        if (reason) reasons.set(args.object, reason);
        return reason === undefined;
      },
      defaultMessage(args?: ValidationArguments): string {
        return (args && reasons.get(args.object)) ?? 'password is too easy to guess';
      },
    },
  });
}

function ownerOf(object: object, fields: PasswordOwnerFields): PasswordOwner {
  const read = (field: string | undefined): string | undefined => {
    const value = field === undefined ? undefined : (object as Record<string, unknown>)[field];
    return typeof value === 'string' ? value : undefined;
  };
  return { email: read(fields.email), name: read(fields.name) };
}

/**
 * At most `max` characters as `charCount` counts them (an emoji is one), the count of the
 * console's counters. Worded like class-validator's MaxLength.
 */
export function MaxChars(max: number): PropertyDecorator {
  return ValidateBy({
    name: 'maxChars',
    constraints: [max],
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || charCount(value) <= max,
      defaultMessage: (args) =>
        `${args?.property ?? 'the field'} must be shorter than or equal to ${max} characters`,
    },
  });
}

/** A trimmed, non-empty display name. */
export function IsNameField(max = NAME_MAX_LENGTH): PropertyDecorator {
  return applyDecorators(Trim(), IsString(), IsNotEmpty(), MaxLength(max));
}

/** A pasted secret (access token, app secret): trimmed, non-empty, no inner white space. */
export function IsSecretField(name: string, max: number): PropertyDecorator {
  return applyDecorators(
    Trim(),
    IsString(),
    IsNotEmpty(),
    MaxLength(max),
    Matches(SECRET_PATTERN, { message: `${name} must not contain spaces` }),
  );
}

/** A numeric Graph API id (phone number id, business account id). */
export function IsGraphIdField(message: string): PropertyDecorator {
  return applyDecorators(Trim(), IsString(), Matches(GRAPH_ID_PATTERN, { message }));
}

/**
 * A query value listing several values: `?state=a,b`, `?state=a&state=b`, or both, read as one
 * list of trimmed, non-empty strings (anything else is left for the validators to refuse).
 */
export function CommaSeparated(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    const parts: unknown[] = Array.isArray(value) ? value : [value];
    if (!parts.every((part): part is string => typeof part === 'string')) return value;
    return parts
      .join(',')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
  });
}
