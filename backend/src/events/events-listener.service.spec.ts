import { reconnectDelay } from './events-listener.service.js';

describe('reconnect backoff of the LISTEN connection', () => {
  it('doubles per failed attempt up to the maximum', () => {
    const top = () => 1; // no jitter: the full delay
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => reconnectDelay(n, 500, 30_000, top))).toEqual([
      500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
    expect(reconnectDelay(5_000, 500, 30_000, top)).toBe(30_000);
  });

  it('spreads instances out with jitter between half and all of the delay', () => {
    expect(reconnectDelay(2, 500, 30_000, () => 0)).toBe(1000);
    expect(reconnectDelay(2, 500, 30_000, () => 0.5)).toBe(1500);
    for (let i = 0; i < 100; i++) {
      const delay = reconnectDelay(3, 500, 30_000);
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });
});
