import { type ValidatorFn, Validators } from '@angular/forms';

// Angular's `Validators.required` / `Validators.email` are static methods; passing them unbound
// trips `@typescript-eslint/unbound-method` even though they never use `this`. These plain
// functions keep form definitions readable without disabling the rule.

export const requiredValidator: ValidatorFn = (control) => Validators.required(control);
export const emailValidator: ValidatorFn = (control) => Validators.email(control);
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
