// Recipient normalisation, as Meta does it for `to`.

/** Strips `+`, whitespace, dashes and parentheses (the characters Meta accepts in `to`). */
export function normalizePhone(input: string): string {
  return input.replace(/[+\s\-()]/g, '');
}

/** Only the digits (for display numbers such as `+1 555-555-0101`). */
export function digitsOnly(input: string): string {
  return input.replace(/\D/g, '');
}

/** A plausible phone number in international format without `+`: 6 to 15 digits. */
export function isPhoneDigits(value: string): boolean {
  return /^\d{6,15}$/.test(value);
}
