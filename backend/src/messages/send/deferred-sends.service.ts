import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AccountsService } from '../../accounts/accounts.service.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { type OutgoingMessage } from '../../whatsapp/graph-api.types.js';
import { MessagesRepository } from '../messages.repository.js';
import {
  DEFERRED_SEND_QUEUE,
  type DeferredSendJob,
  MessageDelivery,
} from './message-delivery.service.js';

/**
 * Sends the messages Meta rate-limited with a long Retry-After, when that time comes: a pg-boss
 * job per message (any instance), which hands the stored payload to MessageDelivery again. A
 * message no longer queued (its account was disconnected, a status came) is left alone.
 */
@Injectable()
export class DeferredSends implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly messages: MessagesRepository,
    private readonly accounts: AccountsService,
    private readonly delivery: MessageDelivery,
  ) {}

  onModuleInit(): void {
    this.jobs.define<DeferredSendJob>({
      name: DEFERRED_SEND_QUEUE,
      queue: { retryLimit: 5, retryDelay: 5, retryBackoff: true },
      work: { pollingIntervalSeconds: 1 },
      handle: (job) => this.send(job),
    });
  }

  private async send({ organizationId, messageId }: DeferredSendJob): Promise<void> {
    const message = await this.messages.find(organizationId, messageId);
    if (message?.status !== 'queued' || !message.accountId) return;
    const account = await this.accounts.secrets(organizationId, message.accountId);
    await this.delivery.deliver({
      message,
      account,
      payload: message.content as unknown as OutgoingMessage,
    });
  }
}
