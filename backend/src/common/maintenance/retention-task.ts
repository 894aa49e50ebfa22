import {
  type Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PeriodicTask } from './periodic-task.js';
import { PRUNE_INTERVAL_MS, pruneInBatches, retentionCutoff } from './pruning.js';

/**
 * What every retention setting shares: pruned hourly while its setting is above 0 (0 keeps
 * everything), in batches until none is left, with one log line when something went.
 * Subclasses say how many days, how to prune one batch, and what the log says.
 */
export abstract class RetentionTask implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task = new PeriodicTask(this.logger, this.what, () => this.pruneNow());

  protected constructor(
    protected readonly logger: Logger,
    /** For the log, e.g. "Webhook pruning". */
    private readonly what: string,
  ) {}

  /** Days things are kept; 0 keeps them for good. */
  protected abstract retentionDays(): number;
  /** Removes at most PRUNE_BATCH things older than `cutoff`; resolves with how many. */
  protected abstract pruneBatch(cutoff: Date): Promise<number>;
  /** Logs what a run removed (only called when it removed something). */
  protected abstract logPruned(removed: number, cutoff: Date): void;

  onApplicationBootstrap(): void {
    if (this.retentionDays() > 0) this.task.start(PRUNE_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Prunes what has aged out now; resolves with how many things went. */
  prune(): Promise<number> {
    return this.task.run();
  }

  private async pruneNow(): Promise<number> {
    const days = this.retentionDays();
    if (days === 0) return 0;
    const cutoff = retentionCutoff(days);
    const removed = await pruneInBatches(() => this.pruneBatch(cutoff));
    if (removed > 0) this.logPruned(removed, cutoff);
    return removed;
  }
}
