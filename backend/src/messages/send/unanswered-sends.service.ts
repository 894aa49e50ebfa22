import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../../jobs/job-queue.service.js';
import {
  MessageDelivery,
  UNANSWERED_SEND_QUEUE,
  type UnansweredSendJob,
} from './message-delivery.service.js';

/**
 * Settles the sends Meta did not answer (timeouts) that no status webhook settled in time: a
 * pg-boss job per message, queued for the end of the window when the call timed out, fails the
 * message as unanswered if it still has no wamid. Campaign messages are their reconciler's.
 */
@Injectable()
export class UnansweredSends implements OnModuleInit {
  private readonly logger = new Logger(UnansweredSends.name);

  constructor(
    private readonly jobs: JobQueue,
    private readonly delivery: MessageDelivery,
  ) {}

  onModuleInit(): void {
    this.jobs.define<UnansweredSendJob>({
      name: UNANSWERED_SEND_QUEUE,
      queue: { retryLimit: 5, retryDelay: 5, retryBackoff: true },
      work: { pollingIntervalSeconds: 1 },
      handle: (job) => this.settle(job),
    });
  }

  private async settle({ organizationId, messageId }: UnansweredSendJob): Promise<void> {
    if (await this.delivery.failUnanswered(organizationId, messageId)) {
      this.logger.warn(
        { message_id: messageId },
        'No status from Meta in time: failed as unanswered',
      );
    }
  }
}
