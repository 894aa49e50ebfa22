import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/**
 * The lowest zxcvbn score accepted: 3, "safely unguessable" (at least 10^8 guesses). Below it,
 * zxcvbn's own scale says a password only resists throttled online guessing; 3 is what resists an
 * offline attack on a leaked argon2id hash, and what zxcvbn's authors recommend for sign-ups.
 */
export const MIN_PASSWORD_SCORE = 3;

/**
 * Only the first 40 characters are judged: zxcvbn's l33t matcher is combinatorial, and a random
 * 128-character password took over a second of CPU on the event loop (registration is public).
 * Cutting can only refuse more (a weak start), never accept a weak password: 40 characters that
 * score 3 are unguessable whatever follows.
 */
const JUDGED_LENGTH = 40;

/** Whose password it is: their email and name count as easy guesses. */
export interface PasswordOwner {
  readonly email?: string | undefined;
  readonly name?: string | undefined;
}

let estimator: ZxcvbnFactory | undefined;

/** Built on first use: loading the dictionaries takes a few hundred milliseconds. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: {
      ...en.translations,
      // zxcvbn's wording ("personal or page related data") is meant for web pages.
      warnings: {
        ...en.translations.warnings,
        userInputs: 'It contains the user’s name or email.',
      },
    },
    maxLength: JUDGED_LENGTH,
    // Bounds the l33t matcher's work (see JUDGED_LENGTH); common substitutions are still found.
    l33tMaxSubstitutions: 16,
  });
  return estimator;
}

/**
 * Why `password` is refused, in words for the user (starting with "password", like the other
 * field messages), or undefined when it is acceptable. Length is checked elsewhere
 * (`IsPasswordField`).
 */
export function passwordProblem(password: string, owner: PasswordOwner = {}): string | undefined {
  if (password.trim() === '') return 'password must not be only spaces';
  const email = owner.email?.trim().toLowerCase();
  if (email && password.toLowerCase().includes(email)) {
    return 'password must not contain the user’s email address';
  }
  const name = lettersAndDigits(owner.name ?? '');
  // A shorter name would refuse innocent words ("bo" in "rainbow"); zxcvbn still weighs it.
  if (name.length >= 4 && lettersAndDigits(password).includes(name)) {
    return 'password must not contain the user’s name';
  }
  const result = zxcvbn().check(password, ownerWords(owner));
  if (result.score >= MIN_PASSWORD_SCORE) return undefined;
  const { warning, suggestions } = result.feedback;
  const advice = [warning, ...suggestions].filter(Boolean).join(' ');
  return `password is too easy to guess.${advice ? ` ${advice}` : ''}`;
}

/** The email, its parts and the name's words, which zxcvbn then treats as first guesses. */
function ownerWords(owner: PasswordOwner): string[] {
  const words = [owner.email, owner.name]
    .filter((value): value is string => !!value)
    .flatMap((value) => [value, ...value.split(/[^\p{L}\p{N}]+/u)])
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word.length >= 3);
  return [...new Set(words)];
}

/** Lower case, without spaces or punctuation: "Ada Lovelace" and "ada.lovelace" read the same. */
function lettersAndDigits(value: string): string {
  return value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}
