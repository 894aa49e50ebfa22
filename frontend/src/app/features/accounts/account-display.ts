import type { ConnectionTestResponseDto } from '../../core/api/models/connection-test-response-dto';
import type { AccountResponseDto } from '../../core/api/models/account-response-dto';
import { apiErrorBody, httpStatus } from '../../core/errors/api-error';

export type QualityRating = AccountResponseDto['quality_rating'];
/** Colour family of a quality chip (a class in the accounts styles). */
export type QualityTone = 'green' | 'yellow' | 'red' | 'unknown';

export interface QualityView {
  readonly tone: QualityTone;
  /** Short label, as WhatsApp Manager words it. */
  readonly label: string;
  /** One sentence on what the rating means, for a tooltip. */
  readonly description: string;
}

/** How Meta's quality rating is shown: colour, word and meaning. */
export function qualityView(rating: QualityRating): QualityView {
  switch (rating) {
    case 'GREEN':
      return { tone: 'green', label: 'High', description: 'Quality rating GREEN: high quality.' };
    case 'YELLOW':
      return {
        tone: 'yellow',
        label: 'Medium',
        description: 'Quality rating YELLOW: some recipients are blocking or reporting messages.',
      };
    case 'RED':
      return {
        tone: 'red',
        label: 'Low',
        description:
          'Quality rating RED: recipients are blocking or reporting messages; sending may soon be limited.',
      };
    case 'NA':
    case 'UNKNOWN':
    case null:
      return {
        tone: 'unknown',
        label: 'Unknown',
        description: 'Meta has not rated this number yet.',
      };
  }
}

// Shared with the places that offer an account (send dialog, campaign wizard, reply box).
export { failingStep, failureReason } from '../../shared/account-state/account-state';

/**
 * The checklist of a save that failed its connection test (422 with `connection_test`), or
 * `null` for any other error.
 */
export function failedConnectionTest(error: unknown): ConnectionTestResponseDto | null {
  if (httpStatus(error) !== 422) return null;
  const body = apiErrorBody(error) as { connection_test?: unknown } | null;
  const result = body?.connection_test;
  if (typeof result !== 'object' || result === null) return null;
  return Array.isArray((result as Partial<ConnectionTestResponseDto>).steps)
    ? (result as ConnectionTestResponseDto)
    : null;
}
