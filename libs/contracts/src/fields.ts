/** Passwords: long enough to resist guessing, short enough to hash cheaply. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** A display name: a person's, an organization's, an account's label. */
export const NAME_MAX_LENGTH = 100;

/** Pasted secrets: a WhatsApp access token, a Meta app secret. */
export const ACCESS_TOKEN_MAX_LENGTH = 1024;
export const APP_SECRET_MAX_LENGTH = 256;

/** A secret is one word: white space inside it is a paste gone wrong. */
export const SECRET_PATTERN = /^\S+$/;

/** A numeric Meta Graph id: a phone number id, a WhatsApp Business Account id. */
export const GRAPH_ID_PATTERN = /^\d{5,25}$/;

/** Whether `value` (trimmed) is a Graph id. */
export function isGraphId(value: string): boolean {
  return GRAPH_ID_PATTERN.test(value.trim());
}
