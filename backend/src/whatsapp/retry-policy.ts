/** When and how long to wait before retrying a Graph API call. Pure, so it is unit-tested alone. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Exponential backoff with "equal jitter" (a random wait between half and all of base·2^n),
 * so many clients retrying together spread out. A Retry-After from Meta is a floor.
 * Returns undefined when no retry should happen.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retryNumber: number,
  retryAfterSeconds: number | undefined,
  random: () => number = Math.random,
): number | undefined {
  if (retryNumber > policy.maxRetries) return undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retryNumber - 1));
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  if (retryAfterSeconds === undefined) return jittered;
  const asked = retryAfterSeconds * 1000;
  // Waiting longer than maxDelayMs inside a request is not worth it: the caller (queue) retries later.
  if (asked > policy.maxDelayMs) return undefined;
  return Math.max(asked, jittered);
}

/** Parses Retry-After (seconds or an HTTP date) into seconds. */
export function parseRetryAfter(header: unknown, now: number = Date.now()): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
