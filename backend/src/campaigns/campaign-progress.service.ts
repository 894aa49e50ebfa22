import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { EventsService } from '../events/events.service.js';
import { toCounts } from './campaign-mapper.js';
import { CampaignsRepository } from './campaigns.repository.js';

/** At most one `campaign.progress` per campaign per this long, from each instance. */
const PROGRESS_INTERVAL_MS = 500;

/**
 * Live progress of campaigns: anything that moves a campaign (a send, a status, a reply, a state
 * change) touches it, and its counts go out as `campaign.progress` shortly after, at most twice a
 * second, so a 1,000-per-second campaign does not flood the stream.
 */
@Injectable()
export class CampaignProgress implements OnApplicationShutdown {
  private readonly logger = new Logger(CampaignProgress.name);
  private readonly due = new Map<string, { organizationId: string; timer: NodeJS.Timeout }>();

  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly events: EventsService,
  ) {}

  /** Publishes the campaign's counts soon (now, when `immediately`: a state change). */
  touch(organizationId: string, campaignId: string, immediately = false): void {
    if (immediately) {
      const pending = this.due.get(campaignId);
      if (pending) clearTimeout(pending.timer);
      this.due.delete(campaignId);
      void this.publish(organizationId, campaignId);
      return;
    }
    if (this.due.has(campaignId)) return;
    const timer = setTimeout(() => {
      this.due.delete(campaignId);
      void this.publish(organizationId, campaignId);
    }, PROGRESS_INTERVAL_MS);
    timer.unref();
    this.due.set(campaignId, { organizationId, timer });
  }

  onApplicationShutdown(): void {
    for (const { timer } of this.due.values()) clearTimeout(timer);
    this.due.clear();
  }

  private async publish(organizationId: string, campaignId: string): Promise<void> {
    try {
      const campaign = await this.campaigns.find(organizationId, campaignId);
      if (!campaign) return;
      const { total: _total, ...counts } = toCounts(await this.campaigns.counts(campaignId));
      await this.events.publish({
        type: 'campaign.progress',
        organizationId,
        data: {
          campaign_id: campaignId,
          state: campaign.state,
          state_reason: campaign.stateReason,
          counts,
        },
      });
    } catch (error) {
      // Progress is a hint; the next touch or a page load shows the counts anyway.
      this.logger.warn(
        { campaign_id: campaignId, reason: String(error) },
        'Campaign progress not published',
      );
    }
  }
}
