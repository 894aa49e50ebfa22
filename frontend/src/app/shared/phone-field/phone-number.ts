import type { ValidatorFn } from '@angular/forms';
import { FORMAT_ERROR } from '../forms/validators';
import type { Country } from './countries';

/** E.164: at most 15 digits with the country code. Fewer than 8 is not a real number anywhere. */
export const PHONE_MIN_DIGITS = 8;
export const PHONE_MAX_DIGITS = 15;
/** Error key of a number with too few or too many digits. */
export const PHONE_LENGTH_ERROR = 'phoneLength';

export interface PhoneLengthError {
  readonly actual: number;
  readonly tooShort: boolean;
}

/** What people type in phone numbers besides digits. */
const SEPARATORS = /[\s().\-/]/g;

/**
 * The number to send to, as `+` and digits, from what was typed: an international number
 * (`+44 7700 900123`, `0044 7700 900123`), or a national one (`07700 900123`) with `country`.
 * Text that is not a number comes back as typed, for the validator to explain.
 */
export function composePhoneNumber(typed: string, country: Country | null): string {
  const text = typed.trim();
  if (text === '') return '';
  const compact = text.replace(SEPARATORS, '');
  if (!/^\+?\d*$/.test(compact)) return text;
  if (compact.startsWith('+')) return compact;
  if (compact.startsWith('00')) return `+${compact.slice(2)}`;
  if (!country) return compact;
  const trunk = country.trunkPrefix;
  const national = trunk && compact.startsWith(trunk) ? compact.slice(trunk.length) : compact;
  return `+${country.dialCode}${national}`;
}

/**
 * A possible international number: `+`, a country code not starting with 0, and 8 to 15 digits
 * in all. A pragmatic check (the server checks numbering plans with libphonenumber); pair it
 * with `requiredValidator`, since empty values pass.
 */
export const internationalPhoneValidator: ValidatorFn = (control) => {
  const value: unknown = control.value;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const compact = value.trim().replace(SEPARATORS, '');
  if (!/^\+?\d*$/.test(compact)) {
    return {
      [FORMAT_ERROR]: 'Use digits only (spaces, dashes and brackets are fine), after a +.',
    };
  }
  if (!compact.startsWith('+')) {
    return { [FORMAT_ERROR]: 'Start with + and the country code, or choose the country.' };
  }
  if (compact[1] === '0') return { [FORMAT_ERROR]: 'A country code never starts with 0.' };
  const digits = compact.length - 1;
  if (digits < PHONE_MIN_DIGITS || digits > PHONE_MAX_DIGITS) {
    return {
      [PHONE_LENGTH_ERROR]: {
        actual: digits,
        tooShort: digits < PHONE_MIN_DIGITS,
      } satisfies PhoneLengthError,
    };
  }
  return null;
};

/** The message for a `PHONE_LENGTH_ERROR`. */
export function phoneLengthMessage(error: PhoneLengthError): string {
  return `${error.tooShort ? 'Too short' : 'Too long'}: a number has ${PHONE_MIN_DIGITS} to ${PHONE_MAX_DIGITS} digits with the country code (this one has ${error.actual}).`;
}
