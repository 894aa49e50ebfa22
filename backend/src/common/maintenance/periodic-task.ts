import { type Logger } from '@nestjs/common';

/**
 * Background upkeep that runs every so often on each instance (folding stats, pruning old rows):
 * one run at a time per instance (a call during a run joins it), failures logged and retried at
 * the next tick. The work itself must be safe on several instances (locks, SKIP LOCKED).
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly logger: Logger,
    /** What it does, for the log: "Stats compaction". */
    private readonly what: string,
    /** One run; resolves with how many things it handled. */
    private readonly work: () => Promise<number>,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.run().catch(() => undefined), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  run(): Promise<number> {
    this.running ??= this.work()
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn({ reason }, `${this.what} failed; retrying at the next run`);
        throw error;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}
