/**
 * How long to wait before reconnection attempt number `failures` (1 for the first failure):
 * doubling from `minMs` up to `maxMs`, each delay spread by ±20 % so that the tabs and users
 * that lost the connection together do not all come back in the same instant. Never below
 * `minMs` nor above `maxMs`.
 */
export function reconnectDelay(
  failures: number,
  minMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const base = Math.min(maxMs, minMs * 2 ** exponent);
  const jittered = base * (0.8 + 0.4 * random());
  return Math.round(Math.min(maxMs, Math.max(minMs, jittered)));
}
