import { parseRecipient as readRecipient, type Recipient } from '@convis/contracts';

export type { Recipient };

export type RecipientResult = { ok: true; recipient: Recipient } | { ok: false; reason: string };

/**
 * Reads `to`: an E.164 number by the phone rule the console checks too (`checkPhoneNumber` in
 * @convis/contracts), or a business-scoped user id (2026 username users). The refusals are
 * worded for the API.
 */
export function parseRecipient(input: string): RecipientResult {
  const parsed = readRecipient(input);
  if (parsed.ok) return parsed;
  switch (parsed.problem) {
    case 'no-country-code':
      return { ok: false, reason: 'to must start with + and the country code, e.g. +15550101234' };
    case 'not-a-recipient':
      return {
        ok: false,
        reason:
          'to must be a phone number in international format (+…) or a business-scoped user id',
      };
    case 'not-digits':
    case 'unknown-country-code':
    case 'too-short':
    case 'too-long':
    case 'invalid-length':
      return { ok: false, reason: `to is not a valid phone number: ${input.trim()}` };
  }
}

/** The value of `to` in the Graph API call. */
export function graphAddress(recipient: Recipient): string {
  return recipient.kind === 'phone' ? `+${recipient.waId}` : recipient.userId;
}
