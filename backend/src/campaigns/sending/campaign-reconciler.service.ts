import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AccountsService } from '../../accounts/accounts.service.js';
import { PeriodicTask } from '../../common/maintenance/periodic-task.js';
import { type AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type pg from 'pg';
import { PG_POOL } from '../../database/database.module.js';
import { MessagesService } from '../../messages/messages.service.js';
import { TemplateCatalog } from '../../templates/template-catalog.service.js';
import { CampaignProgress } from '../campaign-progress.service.js';
import { CampaignsRepository } from '../campaigns.repository.js';
import { type Campaign } from '../campaigns.schema.js';
import { CampaignSender, templatePauseReason } from './campaign-sender.service.js';
import { recipientError } from './recipient-errors.js';

/** A running campaign nobody has claimed from for this long gets its chunks queued again. */
const STALL_MS = 30_000;

/**
 * Keeps campaigns honest, every few seconds on one instance at a time:
 * - a recipient left `sending` by a worker that died is settled from its message: never
 *   written (back to pending, nothing was sent), taken by Meta (sent, by the status that
 *   came), or still unanswered after the window (`unknown`: never sent again by itself);
 * - recipients Meta limited (131049) go back to pending when their wait is over;
 * - a campaign follows its template: paused when Meta pauses it, resumed when it is approved;
 * - a running campaign with nothing left to send is completed; a stalled one is kicked.
 */
@Injectable()
export class CampaignReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CampaignReconciler.name);
  private readonly task = new PeriodicTask(this.logger, 'Campaign reconciliation', () =>
    this.reconcileAll(),
  );

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    private readonly campaigns: CampaignsRepository,
    private readonly sender: CampaignSender,
    private readonly messages: MessagesService,
    private readonly accounts: AccountsService,
    private readonly templates: TemplateCatalog,
    private readonly progress: CampaignProgress,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.config.campaigns.reconcileIntervalMs);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** One round now (tests, and a resume); a call during a round joins it. */
  reconcile(): Promise<number> {
    return this.task.run();
  }

  private async reconcileAll(): Promise<number> {
    // One instance at a time: a session lock, released when the round ends.
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(hashtext('campaign_reconciler')) AS locked`,
      );
      if (!rows[0]?.locked) return 0;
      try {
        let settled = 0;
        for (const campaign of await this.campaigns.inStates([
          'running',
          'paused',
          'cancelled',
          'completed',
        ])) {
          settled += await this.reconcileOne(campaign).catch((error: unknown) => {
            this.logger.warn(
              { campaign_id: campaign.id, reason: String(error) },
              'Campaign reconciliation failed',
            );
            return 0;
          });
        }
        return settled;
      } finally {
        await client.query(`SELECT pg_advisory_unlock(hashtext('campaign_reconciler'))`);
      }
    } finally {
      client.release();
    }
  }

  private async reconcileOne(campaign: Campaign): Promise<number> {
    const settled = await this.settleUncertain(campaign);
    if (settled > 0) this.progress.touch(campaign.organizationId, campaign.id);
    if (campaign.state === 'cancelled' || campaign.state === 'completed') return settled;
    const now = new Date();
    if (campaign.limitedDeadline && campaign.limitedDeadline <= now) {
      await this.campaigns.settleAll(
        campaign.id,
        ['limited'],
        'failed',
        recipientError(131049, null, 'Still limited by Meta at the campaign’s deadline.'),
      );
    }
    const released = await this.campaigns.releaseLimited(campaign.id, now);
    const current = await this.followTemplate(campaign);
    if (current.state !== 'running') return settled;
    if (released > 0) await this.sender.kick(current);

    const counts = await this.campaigns.counts(campaign.id);
    const open = (counts.pending ?? 0) + (counts.sending ?? 0) + (counts.limited ?? 0);
    if (open === 0) {
      const done = await this.campaigns.completeIfDone(campaign.organizationId, campaign.id);
      if (done) {
        this.logger.log({ campaign_id: campaign.id }, 'Campaign completed');
        this.progress.touch(campaign.organizationId, campaign.id, true);
      }
    } else if (
      (counts.pending ?? 0) > 0 &&
      !(await this.campaigns.claimedSince(campaign.id, new Date(Date.now() - STALL_MS)))
    ) {
      await this.sender.kick(current);
    }
    return settled;
  }

  /** Recipients a dead worker left `sending`, settled by what became of their message. */
  private async settleUncertain(campaign: Campaign): Promise<number> {
    const window = this.config.campaigns.uncertainAfterSeconds * 1000;
    const stale = await this.campaigns.sendingSince(
      campaign.id,
      new Date(Date.now() - Math.min(window, 60_000)),
    );
    if (stale.length === 0) return 0;
    const states = new Map(
      (
        await this.messages.sendStates(
          campaign.organizationId,
          stale.flatMap((r) => (r.messageId ? [r.messageId] : [])),
        )
      ).map((s) => [s.messageId, s]),
    );
    let settled = 0;
    for (const recipient of stale) {
      const message = recipient.messageId ? states.get(recipient.messageId) : undefined;
      const age = Date.now() - (recipient.claimedAt?.getTime() ?? 0);
      if (!message) {
        // The message row is written before Meta is called: without it, nothing was sent.
        if (
          age >= window &&
          (await this.campaigns.settle(recipient.id, recipient.messageId, 'pending'))
        )
          settled++;
        continue;
      }
      if (message.status === 'queued') {
        // Meta may have it: only its status webhook can tell. Never sent again by itself.
        if (age >= window) {
          await this.campaigns.settle(recipient.id, recipient.messageId, 'unknown', {
            contactId: message.contactId,
            error: {
              code: null,
              title: 'Not confirmed',
              reason:
                'The send was interrupted and Meta sent no status for it. It may or may not have arrived; send it again by hand if it did not.',
            },
          });
          settled++;
        }
        continue;
      }
      if (message.status === 'failed') {
        const error =
          message.error && 'code' in message.error ? (message.error as { code?: unknown }) : null;
        await this.campaigns.settle(recipient.id, recipient.messageId, 'failed', {
          contactId: message.contactId,
          error: recipientError(typeof error?.code === 'number' ? error.code : null),
        });
      } else {
        await this.campaigns.markSent(
          recipient.id,
          recipient.messageId!,
          message.contactId,
          message.sentAt ?? new Date(),
        );
      }
      settled++;
    }
    return settled;
  }

  /** Pauses a running campaign whose template Meta paused; resumes one paused for it once approved. */
  private async followTemplate(campaign: Campaign): Promise<Campaign> {
    if (!campaign.accountId) return campaign;
    if (campaign.state === 'paused' && campaign.pausedBy !== 'template') return campaign;
    const account = await this.accounts.find(campaign.organizationId, campaign.accountId);
    if (!account) return campaign;
    const template = await this.templates.stored(
      campaign.organizationId,
      account.wabaId,
      campaign.templateName,
      campaign.templateLanguage,
    );
    const status = template?.status ?? 'DELETED';
    if (campaign.state === 'running' && status !== 'APPROVED') {
      await this.sender.pauseFor(campaign, 'template', templatePauseReason(status));
      return { ...campaign, state: 'paused' };
    }
    if (campaign.state === 'paused' && status === 'APPROVED') {
      const resumed = await this.campaigns.transition(
        campaign.organizationId,
        campaign.id,
        ['paused'],
        'running',
        {
          pausedBy: null,
          stateReason: null,
        },
      );
      if (resumed) {
        this.logger.log(
          { campaign_id: campaign.id },
          'Campaign resumed: its template is approved again',
        );
        await this.sender.kick(resumed);
        this.progress.touch(campaign.organizationId, campaign.id, true);
        return resumed;
      }
    }
    return campaign;
  }
}
