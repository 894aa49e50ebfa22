import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/**
 * Checks Meta's `X-Hub-Signature-256: sha256=<hex>` header: HMAC-SHA256 of the exact bytes
 * received, keyed with the app secret, compared in constant time. Never re-serialise the parsed
 * JSON to check it: Meta escapes non-ASCII and `/`, so only the raw bytes match.
 */
export function isValidSignature(
  rawBody: Buffer,
  header: string | undefined,
  appSecret: string,
): boolean {
  const match = header === undefined ? null : SIGNATURE.exec(header.trim());
  if (!match?.[1]) return false;
  const received = Buffer.from(match[1], 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  // Both are 32 bytes (the pattern guarantees it), as timingSafeEqual requires.
  return received.length === expected.length && timingSafeEqual(received, expected);
}

/** Compares two secrets (e.g. verify tokens) without leaking where they differ, or their length. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
