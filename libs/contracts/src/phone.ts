import { parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js';

/** What people type between the digits of a phone number. */
const SEPARATORS = /[\s().\-/]/g;

/**
 * A business-scoped user id (2026 username users), as Meta hands them out: a two-letter country
 * code, a period, then letters and digits (`US.13491208655302741918`).
 */
const USER_ID = /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/;

/** Why a phone number is refused. */
export type PhoneNumberProblem =
  /** Something other than digits, `+` and separators (spaces, dashes, dots, brackets, `/`). */
  | 'not-digits'
  /** No `+` in front: the country code is missing. */
  | 'no-country-code'
  /** No country has the code it starts with. */
  | 'unknown-country-code'
  | 'too-short'
  | 'too-long'
  /** Between the shortest and the longest numbers of its country, but no number has its length. */
  | 'invalid-length';

export type PhoneNumberCheck =
  | {
      readonly ok: true;
      /** E.164: `+` and digits (`+447700900123`). */
      readonly e164: string;
      /** The country calling code, without `+` (`44`). */
      readonly callingCode: string;
    }
  | {
      readonly ok: false;
      readonly problem: PhoneNumberProblem;
      /** The country calling code, when the number has a known one. */
      readonly callingCode: string | null;
    };

/**
 * The phone rule of the API and the console: an international number (`+` and the country code;
 * spaces, dashes, dots, brackets and slashes allowed) that libphonenumber finds *possible*, that
 * is, a known country code and a length that country's numbers have. Stricter checks would refuse
 * numbers Meta accepts (new ranges, the 555-01xx numbers of demos); Meta answers 131026 for
 * numbers that are not on WhatsApp.
 */
export function checkPhoneNumber(input: string): PhoneNumberCheck {
  const compact = input.trim().replace(SEPARATORS, '');
  if (!/^\+?\d*$/.test(compact)) return refused('not-digits', null);
  if (!compact.startsWith('+')) return refused('no-country-code', null);
  const phone = parsePhoneNumberFromString(compact);
  if (phone?.isPossible()) {
    return { ok: true, e164: phone.number, callingCode: phone.countryCallingCode };
  }
  const callingCode = phone?.countryCallingCode ?? null;
  switch (validatePhoneNumberLength(compact)) {
    case 'INVALID_COUNTRY':
      return refused('unknown-country-code', null);
    case 'NOT_A_NUMBER':
    case 'TOO_SHORT':
      return refused('too-short', callingCode);
    case 'TOO_LONG':
      return refused('too-long', callingCode);
    case 'INVALID_LENGTH':
    case undefined:
      return refused('invalid-length', callingCode);
  }
}

function refused(problem: PhoneNumberProblem, callingCode: string | null): PhoneNumberCheck {
  return { ok: false, problem, callingCode };
}

/**
 * Whether a recipient is meant as a phone number (`+…`, digits, `(…`) rather than a
 * business-scoped user id, which starts with a letter.
 */
export function isPhoneRecipient(input: string): boolean {
  return /^[+\d(]/.test(input.trim());
}

/** Whether `input` (trimmed) is a business-scoped user id. */
export function isBusinessScopedUserId(input: string): boolean {
  return USER_ID.test(input.trim());
}

/** Who a message goes to: a phone number (`wa_id` digits) or a business-scoped user id. */
export type Recipient =
  | { readonly kind: 'phone'; readonly waId: string; readonly display: string }
  | { readonly kind: 'user'; readonly userId: string };

export type RecipientCheck =
  | { readonly ok: true; readonly recipient: Recipient }
  | { readonly ok: false; readonly problem: PhoneNumberProblem | 'not-a-recipient' };

/**
 * Reads a message's `to`: a phone number by the phone rule (`checkPhoneNumber`), or a
 * business-scoped user id. A number must carry its country code: Meta would otherwise prepend
 * the business number's own, which is rarely what was meant.
 */
export function parseRecipient(input: string): RecipientCheck {
  const value = input.trim();
  if (isPhoneRecipient(value)) {
    const phone = checkPhoneNumber(value);
    if (!phone.ok) return { ok: false, problem: phone.problem };
    return {
      ok: true,
      recipient: { kind: 'phone', waId: phone.e164.slice(1), display: phone.e164 },
    };
  }
  if (isBusinessScopedUserId(value)) {
    return { ok: true, recipient: { kind: 'user', userId: value } };
  }
  return { ok: false, problem: 'not-a-recipient' };
}

/**
 * The country (ISO 3166 alpha-2) of a phone number, for display beside its calling code (Meta
 * prices template messages by calling code); null when libphonenumber cannot tell (fictional
 * numbers, or a shared calling code whose number is not valid in any of its countries).
 */
export function phoneCountry(e164: string): string | null {
  return parsePhoneNumberFromString(e164)?.country ?? null;
}

/**
 * A number as its country writes it internationally (`+44 7700 900123`, `+1 555 010 1234`):
 * libphonenumber's grouping; the number as given when it cannot tell.
 */
export function formatPhoneNumber(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
