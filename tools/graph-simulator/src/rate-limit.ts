// Token buckets for the per-number throughput limit and the pair rate limit.

export class TokenBucket {
  #tokens: number;
  #last: number;
  readonly capacity: number;
  readonly refillPerMs: number;

  constructor(capacity: number, refillPerMs: number, now: number) {
    this.capacity = Math.max(1, capacity);
    this.refillPerMs = refillPerMs;
    this.#tokens = this.capacity;
    this.#last = now;
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#last);
    this.#tokens = Math.min(this.capacity, this.#tokens + elapsed * this.refillPerMs);
    this.#last = now;
  }

  canTake(now: number): boolean {
    this.#refill(now);
    return this.#tokens >= 1;
  }

  take(now: number): void {
    this.#refill(now);
    this.#tokens -= 1;
  }

  /** Milliseconds until a token is available again. */
  msUntilToken(now: number): number {
    this.#refill(now);
    if (this.#tokens >= 1) return 0;
    return Math.ceil((1 - this.#tokens) / this.refillPerMs);
  }
}
