/**
 * The Idempotency-Key of each send. Sending the same message again after an attempt whose outcome
 * is unknown (no answer, a 5xx without Meta's error) reuses that attempt's key, so the server
 * answers with the first result instead of sending twice. Once the server gave a definite answer
 * (`settle()`), or the message changed, the next send is a new submission with a new key.
 *
 * A definite failure must not keep its key: the server stores it and would replay the same
 * failure for that key forever, so Retry after "Meta unreachable" (502) needs a new one.
 */
export class SubmissionKeys {
  private current: { readonly key: string; readonly fingerprint: string } | null = null;

  constructor(private readonly newKey: () => string = newIdempotencyKey) {}

  /** The key for sending `request`. */
  keyFor(request: unknown): string {
    const fingerprint = JSON.stringify(request);
    if (this.current?.fingerprint !== fingerprint) {
      this.current = { key: this.newKey(), fingerprint };
    }
    return this.current.key;
  }

  /** The server answered definitely: the next send gets a new key. */
  settle(): void {
    this.current = null;
  }
}

/** A random UUID v4 (also where `crypto.randomUUID` is missing: pages on plain http). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
