import type { ValidatorFn } from '@angular/forms';
import { charCount } from '@convis/contracts';
import { FORMAT_ERROR } from './validators';

// The message forms' validators (send dialog, reply box, template composer): Angular's face of
// @convis/contracts' MESSAGE_LIMITS and charCount, the limits and the count the API checks.

/**
 * At most `max` characters (see `charCount`), reported like Angular's `maxlength` so
 * `fieldErrorMessage` words it.
 */
export function maxCharsValidator(max: number): ValidatorFn {
  return (control) => {
    const value: unknown = control.value;
    if (typeof value !== 'string') return null;
    const actualLength = charCount(value);
    return actualLength > max ? { maxlength: { requiredLength: max, actualLength } } : null;
  };
}

/** Required, where only spaces count as empty (WhatsApp refuses blank texts). */
export const requiredTextValidator: ValidatorFn = (control) => {
  const value: unknown = control.value;
  return typeof value === 'string' && value.trim() !== '' ? null : { required: true };
};

/** A number between `min` and `max`, with its own message. Empty values pass. */
export function rangeValidator(min: number, max: number, message: string): ValidatorFn {
  return (control) => {
    const value: unknown = control.value;
    if (value === null || value === '') return null;
    return typeof value === 'number' && value >= min && value <= max
      ? null
      : { [FORMAT_ERROR]: message };
  };
}
