import { describeMetaError } from '../../whatsapp/meta-error-catalog.js';

export { PAIR_RATE_LIMIT, THROUGHPUT_REACHED } from '../../whatsapp/meta-error-catalog.js';
import { type RecipientError } from '../campaigns.schema.js';

/** Meta's per-user marketing limit ("healthy ecosystem"): try again after 24 hours. */
export const MARKETING_LIMITED = 131049;
/** Spam rate limit: the number is sending too much that users do not want; stop. */
export const SPAM_RATE_LIMIT = 131048;
/** The account's token or access broke: nothing can be sent until it is fixed. */
export const ACCOUNT_ERRORS: readonly number[] = [190, 131031, 131005, 100];
/** The template was paused or disabled by Meta (quality). */
export const TEMPLATE_ERRORS: readonly number[] = [132015, 132016, 132001];

/** Meta's error as a recipient keeps it: the code, its title and the plain-language reason. */
export function recipientError(
  code: number | null,
  title?: string | null,
  details?: string | null,
): RecipientError {
  const info = describeMetaError(code ?? undefined);
  return {
    code,
    title: title || info.title,
    reason: [info.explanation, details].filter(Boolean).join(' '),
  };
}
