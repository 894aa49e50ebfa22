// Every timer and background task of a simulator goes through here, so `close()` and
// `reset()` can cancel all of them and `idle()` can tell when nothing is pending.

export class Scheduler {
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #controllers = new Set<AbortController>();
  readonly #waiters = new Set<() => void>();
  #running = 0;
  #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  /** Runs `task` after `ms` milliseconds (unref'd: a forgotten simulator never holds the process). */
  after(ms: number, task: () => void | Promise<void>): void {
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        this.run(task);
      },
      Math.max(0, ms),
    );
    timer.unref();
    this.#timers.add(timer);
  }

  /** Runs `task` now, tracked until it settles. */
  run(task: () => void | Promise<void>): void {
    this.#running += 1;
    let settled: Promise<void>;
    try {
      settled = Promise.resolve(task());
    } catch (error) {
      settled = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    settled
      .catch((error: unknown) => this.#onError(error))
      .finally(() => {
        this.#running -= 1;
        this.#notify();
      });
  }

  /** An AbortController that `cancelAll()` aborts. */
  controller(): AbortController {
    const controller = new AbortController();
    this.#controllers.add(controller);
    return controller;
  }

  release(controller: AbortController): void {
    this.#controllers.delete(controller);
  }

  get pending(): number {
    return this.#timers.size + this.#running;
  }

  cancelAll(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const controller of this.#controllers) controller.abort();
    this.#controllers.clear();
    this.#notify();
  }

  idle(timeoutMs = 10_000): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`simulator not idle after ${timeoutMs} ms (${this.pending} pending)`));
      }, timeoutMs);
      const check = (): void => {
        if (this.pending !== 0) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve();
      };
      this.#waiters.add(check);
    });
  }

  #notify(): void {
    if (this.pending !== 0) return;
    for (const waiter of [...this.#waiters]) waiter();
  }
}
