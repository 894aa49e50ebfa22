import type { ValidatorFn } from '@angular/forms';
import { type PhoneNumberProblem, checkPhoneNumber } from '@convis/contracts';
import { FORMAT_ERROR } from '../forms/validators';
import type { Country } from './countries';

/** Error key of a number the phone rule refuses (see `internationalPhoneValidator`). */
export const PHONE_ERROR = 'phoneNumber';

export interface PhoneError {
  readonly problem: Extract<PhoneNumberProblem, 'too-short' | 'too-long' | 'invalid-length'>;
  /** The country calling code, when the number has a known one. */
  readonly callingCode: string | null;
  /** The number may still be being typed: say so only once the field is left. */
  readonly incomplete: boolean;
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
 * The API's phone rule (`checkPhoneNumber` in @convis/contracts: `+`, a country code and a
 * length that country's numbers have), so a number accepted here is accepted by the server.
 * Pair it with `requiredValidator`, since empty values pass.
 */
export const internationalPhoneValidator: ValidatorFn = (control) => {
  const value: unknown = control.value;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const check = checkPhoneNumber(value);
  if (check.ok) return null;
  switch (check.problem) {
    case 'not-digits':
      return {
        [FORMAT_ERROR]: 'Use digits only (spaces, dashes and brackets are fine), after a +.',
      };
    case 'no-country-code':
      return { [FORMAT_ERROR]: 'Start with + and the country code, or choose the country.' };
    case 'unknown-country-code':
      return {
        [FORMAT_ERROR]: /^\+0/.test(value.trim())
          ? 'A country code never starts with 0.'
          : 'No country has the code this number starts with: check the digits after +.',
      };
    case 'too-short':
    case 'too-long':
    case 'invalid-length':
      return {
        [PHONE_ERROR]: {
          problem: check.problem,
          callingCode: check.callingCode,
          incomplete: check.problem !== 'too-long',
        } satisfies PhoneError,
      };
  }
};

/** The message for a `PHONE_ERROR`. */
export function phoneErrorMessage(error: PhoneError): string {
  const numbers = error.callingCode ? `+${error.callingCode} numbers` : 'numbers of this country';
  switch (error.problem) {
    case 'too-short':
      return `Too short: ${numbers} have more digits.`;
    case 'too-long':
      return `Too long: ${numbers} have fewer digits.`;
    case 'invalid-length':
      return `Check the number: ${numbers} do not have this many digits.`;
  }
}
