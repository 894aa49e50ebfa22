import type { AbstractControl, FormGroup, ValidationErrors } from '@angular/forms';
import { apiFieldErrors } from './api-error';

/** Error key used for messages that come from the server. */
export const SERVER_ERROR = 'server';

/**
 * Puts the field messages of a 400 response onto the matching form controls (control names are
 * the JSON field names), so each appears in that field's `<mat-error>`. The message is cleared as
 * soon as the user edits the field, because Angular re-runs the validators.
 *
 * @returns `true` when at least one field error was shown; otherwise the caller should show
 *   the error some other way.
 */
export function applyServerFieldErrors(form: FormGroup, error: unknown): boolean {
  let applied = false;
  for (const [field, messages] of apiFieldErrors(error)) {
    const control = form.get(field);
    if (!control) continue;
    setServerError(control, messages.join(' '));
    applied = true;
  }
  return applied;
}

/** Adds a server message to `control` and shows it immediately. */
export function setServerError(control: AbstractControl, message: string): void {
  control.setErrors({ ...control.errors, [SERVER_ERROR]: message } satisfies ValidationErrors);
  control.markAsTouched();
}

/** The server message on `control`, if any. */
export function serverError(control: AbstractControl): string | null {
  const value: unknown = control.getError(SERVER_ERROR);
  return typeof value === 'string' ? value : null;
}
