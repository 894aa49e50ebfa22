/**
 * Runs an async task once for a burst of requests: `delayMs` after the first request, never two
 * runs at a time, and one more run after the current one when requests came in while it ran. A
 * campaign sending hundreds of messages costs a handful of refetches, not hundreds.
 */
export class CoalescedTask {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private again = false;
  private cancelled = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly delayMs: number,
  ) {}

  request(): void {
    if (this.cancelled) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.timer ??= setTimeout(() => void this.run(), this.delayMs);
  }

  /** Drops what is scheduled; a run in progress finishes but is not repeated. */
  cancel(): void {
    this.cancelled = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.again = false;
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.running = true;
    try {
      await this.task();
    } finally {
      this.running = false;
      if (this.again && !this.cancelled) {
        this.again = false;
        this.request();
      }
    }
  }
}
