/** Meta's error for a marketing template to a user who stopped marketing messages. */
export const MARKETING_STOPPED = 131050;

/**
 * Keywords that opt a contact out of marketing, or back in, when they are the whole message.
 * Several languages by default; each organization can change the lists (consent settings).
 */
export const DEFAULT_OPT_OUT_KEYWORDS: readonly string[] = [
  'STOP',
  'UNSUBSCRIBE',
  'STOP PROMOTIONS',
  'STOPP', // de, sv, no
  'ABMELDEN', // de
  'ARRET', // fr (ARRÊT)
  'DESABONNER', // fr
  'BAJA', // es
  'PARAR', // es, pt
  'CANCELAR', // es, pt
  'SAIR', // pt
  'ANNULLA', // it
];

export const DEFAULT_OPT_IN_KEYWORDS: readonly string[] = [
  'START',
  'SUBSCRIBE',
  'UNSTOP',
  'ANMELDEN', // de
  'DEMARRER', // fr (DÉMARRER)
  'ALTA', // es
  'COMENZAR', // es
  'INICIAR', // pt
  'ISCRIVITI', // it
];

export const DEFAULT_OPT_OUT_REPLY =
  'You will no longer receive marketing messages from us. Reply START to subscribe again.';
export const DEFAULT_OPT_IN_REPLY =
  'You are subscribed to our marketing messages again. Reply STOP to unsubscribe.';

/**
 * A message or keyword in the form keywords are compared in: upper case, accents dropped,
 * surrounding punctuation and emoji dropped, inner white space collapsed (`  Stop! ` and `stop`
 * are `STOP`; `Arrêt` is `ARRET`).
 */
export function keywordForm(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    .replace(/\s+/g, ' ');
}

/** Whether a message is an opt-out or opt-in keyword: the whole message, not a word in it. */
/** Keywords are at most this long (in their `keywordForm`): longer texts are never one. */
const KEYWORD_MAX_FORM = 40;

/** Whether `text` could be a keyword at all, before any organization's keywords are read. */
export function mayBeKeyword(text: string): boolean {
  const form = keywordForm(text);
  return form !== '' && form.length <= KEYWORD_MAX_FORM;
}

export function keywordIntent(
  text: string,
  keywords: { optOut: readonly string[]; optIn: readonly string[] },
): 'opt_out' | 'opt_in' | null {
  if (!mayBeKeyword(text)) return null;
  const form = keywordForm(text);
  if (keywords.optOut.some((k) => keywordForm(k) === form)) return 'opt_out';
  if (keywords.optIn.some((k) => keywordForm(k) === form)) return 'opt_in';
  return null;
}
