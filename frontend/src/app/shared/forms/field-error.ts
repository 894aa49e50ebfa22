import type { AbstractControl } from '@angular/forms';
import { serverError } from '../../core/errors/form-errors';
import { FORMAT_ERROR } from './validators';

interface LengthError {
  requiredLength: number;
}

/**
 * The message to show in a field's `<mat-error>`: client-side validation first, then a message
 * the server sent for that field (see `applyServerFieldErrors`).
 */
export function fieldErrorMessage(control: AbstractControl, label: string): string {
  if (control.hasError('required')) return `${label} is required.`;
  if (control.hasError('email')) return 'Enter a valid email address, like name@example.com.';
  const minLength = control.getError('minlength') as LengthError | null;
  if (minLength) return `${label} must be at least ${minLength.requiredLength} characters.`;
  const maxLength = control.getError('maxlength') as LengthError | null;
  if (maxLength) return `${label} must be at most ${maxLength.requiredLength} characters.`;
  const format: unknown = control.getError(FORMAT_ERROR);
  if (typeof format === 'string') return format;
  return serverError(control) ?? `${label} is not valid.`;
}
