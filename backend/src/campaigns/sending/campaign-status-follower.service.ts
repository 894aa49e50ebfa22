import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { type Executor } from '../../database/database.js';
import { MessagesService } from '../../messages/messages.service.js';
import { type CampaignMessageStatus } from '../../messages/status-applier.service.js';
import { CampaignProgress } from '../campaign-progress.service.js';
import { CampaignsRepository } from '../campaigns.repository.js';
import { MARKETING_LIMITED, recipientError } from './recipient-errors.js';

/**
 * Follows what happens to campaign messages after they are sent: Meta's statuses (sent,
 * delivered, read, failed, 131049 limited) and the recipients' replies move each recipient on,
 * inside the transaction that records them.
 */
@Injectable()
export class CampaignStatusFollower implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly campaigns: CampaignsRepository,
    private readonly messages: MessagesService,
    private readonly progress: CampaignProgress,
  ) {}

  onModuleInit(): void {
    // Meta's statuses move recipients on, in the transaction that applies them.
    this.messages.onCampaignStatus(async (status, tx) => {
      await this.applyMessageStatus(status, tx);
      this.progress.touch(status.organizationId, status.campaignId);
    });
    this.messages.onInbound(async (inbound, tx) => {
      const campaignIds = await this.campaigns.markReplied(
        inbound.organizationId,
        inbound.contactId,
        inbound.receivedAt,
        tx,
      );
      for (const id of campaignIds) this.progress.touch(inbound.organizationId, id);
    });
  }

  /** Meta's status of a campaign message moves its recipient (131049: limited, tried again later). */
  private async applyMessageStatus(status: CampaignMessageStatus, tx: Executor): Promise<void> {
    if (status.status === 'failed') {
      const first = status.errors?.[0];
      const code = typeof first?.code === 'number' ? first.code : null;
      const error = recipientError(code, first?.title, first?.error_data?.details);
      if (code === MARKETING_LIMITED) {
        // Locked first, as completing does: a completion either saw this recipient limited, or
        // finished before and is undone just below.
        const campaign = await this.campaigns.findForUpdate(
          status.organizationId,
          status.campaignId,
          tx,
        );
        const retryAt = new Date(status.occurredAt.getTime() + this.retryDelayMs());
        const inTime = !campaign?.limitedDeadline || retryAt <= campaign.limitedDeadline;
        const details = inTime ? { error, retryAt } : { error };
        const state = inTime ? 'limited' : 'failed';
        await this.campaigns.applyStatus(status.messageId, state, status.occurredAt, details, tx);
        // Meta's word can come after the last send: the campaign waits for the retry again.
        if (inTime && campaign?.state === 'completed') {
          await this.campaigns.transition(
            status.organizationId,
            status.campaignId,
            ['completed'],
            'running',
            { finishedAt: null },
            tx,
          );
        }
        return;
      }
      await this.campaigns.applyStatus(
        status.messageId,
        'failed',
        status.occurredAt,
        { error },
        tx,
      );
      return;
    }
    const state = status.status === 'played' ? 'read' : status.status;
    if (state === 'sent' || state === 'delivered' || state === 'read') {
      const details = { contactId: status.contactId };
      await this.campaigns.applyStatus(status.messageId, state, status.occurredAt, details, tx);
    }
  }

  private retryDelayMs(): number {
    return this.config.campaigns.limitedRetrySeconds * 1000;
  }
}
