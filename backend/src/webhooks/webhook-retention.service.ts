import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { PRUNE_BATCH } from '../common/maintenance/pruning.js';
import { RetentionTask } from '../common/maintenance/retention-task.js';
import { WebhookEventsRepository } from './webhook-events.repository.js';

/**
 * Deletes applied webhook events (and their raw bodies) after WEBHOOK_RETENTION_DAYS.
 * Unapplied events are never pruned: they wait for the sweep or an operator. Safe on several
 * instances (SKIP LOCKED).
 */
@Injectable()
export class WebhookRetention extends RetentionTask {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: WebhookEventsRepository,
  ) {
    super(new Logger(WebhookRetention.name), 'Webhook pruning');
  }

  protected retentionDays(): number {
    return this.config.retention.webhookEventsDays;
  }

  protected pruneBatch(cutoff: Date): Promise<number> {
    return this.events.deleteAppliedBefore(cutoff, PRUNE_BATCH);
  }

  protected logPruned(removed: number, cutoff: Date): void {
    this.logger.log({ removed, applied_before: cutoff.toISOString() }, 'Old webhook events pruned');
  }
}
