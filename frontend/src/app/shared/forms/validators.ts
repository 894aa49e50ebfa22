import { type ValidatorFn, Validators } from '@angular/forms';

// Angular's `Validators.required` / `Validators.email` are static methods; passing them unbound
// trips `@typescript-eslint/unbound-method` even though they never use `this`. These plain
// functions keep form definitions readable without disabling the rule.

export const requiredValidator: ValidatorFn = (control) => Validators.required(control);
export const emailValidator: ValidatorFn = (control) => Validators.email(control);
/** Minimum password length, as enforced by the backend (`RegisterDto.password`). */
export const PASSWORD_MIN_LENGTH = 8;

/** Error key of validators that carry their own message (see `fieldErrorMessage`). */
export const FORMAT_ERROR = 'format';

/**
 * Checks the trimmed value against `pattern` and, when it does not match, reports `message` under
 * the `format` key, which `fieldErrorMessage` shows as is. Empty values pass (pair it with
 * `requiredValidator`).
 */
export function formatValidator(pattern: RegExp, message: string): ValidatorFn {
  return (control) => {
    const value: unknown = control.value;
    if (typeof value !== 'string' || value.trim() === '') return null;
    return pattern.test(value.trim()) ? null : { [FORMAT_ERROR]: message };
  };
}

/** A Meta Graph id (phone number id, WhatsApp Business Account id), as the backend checks it. */
export const GRAPH_ID_PATTERN = /^\d{5,25}$/;
/** Tokens and secrets: one word, no spaces. */
export const NO_SPACES_PATTERN = /^\S+$/;
