/** What a search term means for contacts: part of a number, or part of a name or id. */
export interface ContactSearch {
  /** The term's digits, when it is written like (part of) a phone number. */
  readonly digits: string | null;
  /** The term as typed, for names, usernames and business-scoped user ids. */
  readonly text: string;
}

/** Digits with what people type between them: spaces, dashes, dots, brackets, slashes and `+`. */
const NUMBER_LIKE = /^[\d\s().+\-/]+$/;

/**
 * Reads a search term. A number in any spelling (`5550101234`, `555-010-1234`,
 * `+1 555 010 1234`) becomes its digits, compared with the digits of `wa_id`, so every spelling
 * of a part of the number finds it. Fewer than 3 digits would match almost everyone: searched
 * as text instead.
 */
export function parseContactSearch(term: string): ContactSearch {
  const text = term.trim();
  if (NUMBER_LIKE.test(text)) {
    const digits = text.replace(/\D/g, '');
    if (digits.length >= 3) return { digits, text };
  }
  return { digits: null, text };
}
