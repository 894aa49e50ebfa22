import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { PeriodicTask } from '../common/maintenance/periodic-task.js';
import {
  PRUNE_BATCH,
  PRUNE_INTERVAL_MS,
  pruneInBatches,
  retentionCutoff,
} from '../common/maintenance/pruning.js';
import { WebhookEventsRepository } from './webhook-events.repository.js';

/**
 * Deletes applied webhook events (and their raw bodies) after WEBHOOK_RETENTION_DAYS, hourly,
 * in batches of PRUNE_BATCH rows. Unapplied events are never pruned: they wait for the sweeper
 * or an operator. Safe on several instances (SKIP LOCKED).
 */
@Injectable()
export class WebhookRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookRetention.name);
  private readonly task = new PeriodicTask(this.logger, 'Webhook pruning', () => this.pruneNow());

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: WebhookEventsRepository,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.retention.webhookEventsDays > 0) this.task.start(PRUNE_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Prunes what has aged out now; resolves with how many events went. */
  prune(): Promise<number> {
    return this.task.run();
  }

  private async pruneNow(): Promise<number> {
    const days = this.config.retention.webhookEventsDays;
    if (days === 0) return 0;
    const cutoff = retentionCutoff(days);
    const removed = await pruneInBatches(() =>
      this.events.deleteAppliedBefore(cutoff, PRUNE_BATCH),
    );
    if (removed > 0)
      this.logger.log(
        { removed, applied_before: cutoff.toISOString() },
        'Old webhook events pruned',
      );
    return removed;
  }
}
