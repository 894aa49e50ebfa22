import type { ValidatorFn } from '@angular/forms';
import { FORMAT_ERROR } from '../../../shared/forms/validators';

/** Meta's Cloud API limits, as the backend checks them (`SendMessageDto`'s `LIMITS`). */
export const LIMITS = {
  text: 4096,
  caption: 1024,
  interactiveBody: 1024,
  interactiveHeaderFooter: 60,
  buttonTitle: 20,
  buttons: 3,
  listButton: 20,
  listSections: 10,
  listRows: 10,
  rowTitle: 24,
  rowDescription: 72,
  sectionTitle: 24,
  filename: 240,
  link: 2048,
} as const;

/**
 * Characters as WhatsApp and the server count them: an emoji is one, where `String.length`
 * counts two.
 */
export function charCount(text: string): number {
  let count = 0;
  for (const _char of text) count++;
  return count;
}

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
