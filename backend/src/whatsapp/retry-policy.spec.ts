import { parseRetryAfter, retryDelayMs } from './retry-policy.js';

const policy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 2000 };

describe('retry policy', () => {
  it('backs off exponentially, with jitter between half and all of each step', () => {
    expect(retryDelayMs(policy, 1, undefined, () => 0)).toBe(50);
    expect(retryDelayMs(policy, 1, undefined, () => 1)).toBe(100);
    expect(retryDelayMs(policy, 2, undefined, () => 1)).toBe(200);
    expect(retryDelayMs(policy, 3, undefined, () => 0.5)).toBe(300);
  });

  it('stops after the configured number of retries', () => {
    expect(retryDelayMs(policy, 4, undefined)).toBeUndefined();
    expect(retryDelayMs({ ...policy, maxRetries: 0 }, 1, undefined)).toBeUndefined();
  });

  it('waits at least as long as Retry-After asks, and gives up when that is too long', () => {
    expect(retryDelayMs(policy, 1, 1, () => 0)).toBe(1000);
    expect(retryDelayMs(policy, 1, 60)).toBeUndefined();
  });

  it('caps the delay', () => {
    expect(
      retryDelayMs({ maxRetries: 20, baseDelayMs: 100, maxDelayMs: 2000 }, 15, undefined, () => 1),
    ).toBe(2000);
  });

  it('parses Retry-After in seconds and as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 5_000)).toBe(5);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
