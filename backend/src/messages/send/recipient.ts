import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** Who a message goes to: a phone number (wa_id digits) or a business-scoped user id. */
export type Recipient =
  | { readonly kind: 'phone'; readonly waId: string; readonly display: string }
  | { readonly kind: 'user'; readonly userId: string };

export type RecipientResult = { ok: true; recipient: Recipient } | { ok: false; reason: string };

const USER_ID = /^[A-Za-z][A-Za-z0-9._:-]{2,127}$/;

/**
 * Accepts an E.164 number (spaces, dashes and parentheses allowed, like Meta) or a
 * business-scoped user id (2026 username users). A number must carry its country code:
 * Meta would otherwise prepend the business number's own, which is rarely what was meant.
 */
export function parseRecipient(input: string): RecipientResult {
  const value = input.trim();
  if (/^[+\d(]/.test(value)) {
    if (!value.startsWith('+')) {
      return { ok: false, reason: 'to must start with + and the country code, e.g. +15550101234' };
    }
    const phone = parsePhoneNumberFromString(value);
    // "Possible" (a known country code and the right length for it): stricter checks would refuse
    // numbers Meta accepts (new ranges, the 555-01xx numbers of demos); Meta answers 131026 for the rest.
    if (!phone?.isPossible())
      return { ok: false, reason: `to is not a valid phone number: ${value}` };
    return {
      ok: true,
      recipient: { kind: 'phone', waId: phone.number.slice(1), display: phone.number },
    };
  }
  if (USER_ID.test(value)) return { ok: true, recipient: { kind: 'user', userId: value } };
  return {
    ok: false,
    reason: 'to must be a phone number in international format (+…) or a business-scoped user id',
  };
}

/** The value of `to` in the Graph API call. */
export function graphAddress(recipient: Recipient): string {
  return recipient.kind === 'phone' ? `+${recipient.waId}` : recipient.userId;
}
