import { type ValidatorFn, Validators } from '@angular/forms';

// Angular's `Validators.required` / `Validators.email` are static methods; passing them unbound
// trips `@typescript-eslint/unbound-method` even though they never use `this`. These plain
// functions keep form definitions readable without disabling the rule.

export const requiredValidator: ValidatorFn = (control) => Validators.required(control);
export const emailValidator: ValidatorFn = (control) => Validators.email(control);
/** Minimum password length, as enforced by the backend (`RegisterDto.password`). */
export const PASSWORD_MIN_LENGTH = 8;
