import { templateComponents } from '@convis/contracts';
import {
  HttpException,
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AccountSecrets, AccountsService } from '../../accounts/accounts.service.js';
import { type AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { type SendMessageDto } from '../../messages/send/dto/send-message.dto.js';
import { type PreparedMessage } from '../../messages/send/message-delivery.service.js';
import { SendMessageService } from '../../messages/send/send-message.service.js';
import {
  campaignLimit,
  numberLimit,
  type PaceLimit,
  PacingService,
} from '../../pacing/pacing.service.js';
import { TemplateCatalog } from '../../templates/template-catalog.service.js';
import { type MessageTemplate } from '../../templates/templates.schema.js';
import { CampaignProgress } from '../campaign-progress.service.js';
import { CampaignsRepository } from '../campaigns.repository.js';
import { type Campaign, type CampaignRecipient, type PauseCause } from '../campaigns.schema.js';
import {
  ACCOUNT_ERRORS,
  MARKETING_LIMITED,
  PAIR_RATE_LIMIT,
  recipientError,
  SPAM_RATE_LIMIT,
  TEMPLATE_ERRORS,
  THROUGHPUT_REACHED,
} from './recipient-errors.js';

const CHUNK_QUEUE = 'campaign-chunk';
const START_QUEUE = 'campaign-start';
/** How often a sending worker re-reads its campaign's state: pause acts within this. */
const STATE_CHECK_MS = 200;
/** Slots taken at a time: this much of a second's worth of the rate. */
const SLOT_BATCH_SECONDS = 0.05;
/**
 * A send woken this much after its slot takes a new one rather than go late (a late send crowds
 * the ones after it into the same second at Meta's end), at most MAX_RESLOTS times.
 */
const LATE_SLOT_MS = 20;
const MAX_RESLOTS = 3;
/** Sends one worker has with Meta at the same time. */
const MAX_IN_FLIGHT = 32;

interface ChunkJob {
  readonly organizationId: string;
  readonly campaignId: string;
  readonly from: number;
  readonly to: number;
}

/** A recipient claimed and its message written, waiting for its slot. */
interface PreparedSend {
  readonly recipient: CampaignRecipient;
  readonly messageId: string;
  readonly prepared: PreparedMessage;
}

interface StartJob {
  readonly organizationId: string;
  readonly campaignId: string;
}

/** What one chunk's sends share, and how they tell the loop to stop. */
interface ChunkRun {
  readonly campaign: Campaign;
  readonly account: AccountSecrets;
  /** The approved template, read once for the chunk. */
  readonly template: MessageTemplate;
  readonly number: PaceLimit;
  /** Set by a send whose answer stops the campaign (spam limit, account, template). */
  stopped: boolean;
  /** Recipients handed back to pending (Meta's rate limits), and how long to wait. */
  retryAfterMs: number;
}

/**
 * Sends campaigns, as pg-boss jobs any instance may run: one job per chunk of the audience.
 * Each send is paced in PostgreSQL (the number's throughput, the campaign's cap), claimed
 * (pending -> sending, with the message id it will go out under) before anything is written,
 * and its message row is written before Meta is called: a worker that dies leaves the recipient
 * `sending` with a known message id, which Meta's status webhook (biz_opaque_callback_data)
 * or the reconciler settles. Nothing ever sends a claimed recipient again by itself.
 */
@Injectable()
export class CampaignSender implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CampaignSender.name);
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly campaigns: CampaignsRepository,
    private readonly accounts: AccountsService,
    private readonly templates: TemplateCatalog,
    private readonly sender: SendMessageService,
    private readonly pacing: PacingService,
    private readonly progress: CampaignProgress,
  ) {}

  onModuleInit(): void {
    this.jobs.define<ChunkJob>({
      name: CHUNK_QUEUE,
      // One queued and one running job per chunk: kicking a campaign twice adds nothing.
      queue: {
        policy: 'stately',
        retryLimit: 50,
        retryDelay: 2,
        heartbeatSeconds: 10,
        expireInSeconds: 6 * 3600,
      },
      work: {
        localConcurrency: this.config.campaigns.workersPerInstance,
        pollingIntervalSeconds: 0.5,
      },
      handle: (job) => this.sendChunk(job),
    });
    this.jobs.define<StartJob>({
      name: START_QUEUE,
      queue: { retryLimit: 20, retryDelay: 5 },
      work: { pollingIntervalSeconds: 1 },
      handle: (job) => this.startScheduled(job),
    });
  }

  onApplicationShutdown(): void {
    this.stopping = true;
  }

  /** Queues the chunks that still have pending recipients (launch, resume, retries). */
  async kick(campaign: Campaign, delayMs = 0): Promise<number> {
    const ranges = await this.campaigns.pendingRanges(campaign.id, this.config.campaigns.chunkSize);
    const startAfter = delayMs > 0 ? new Date(Date.now() + delayMs) : undefined;
    await this.jobs.insert<ChunkJob>(
      CHUNK_QUEUE,
      ranges.map((range) => ({
        data: {
          organizationId: campaign.organizationId,
          campaignId: campaign.id,
          from: range.from,
          to: range.to,
        },
        singletonKey: `${campaign.id}:${range.from}`,
        ...(startAfter ? { startAfter } : {}),
      })),
    );
    return ranges.length;
  }

  /** Starts a scheduled campaign at its time (the job waits in pg-boss until then). */
  async schedule(campaign: Campaign, at: Date): Promise<void> {
    await this.jobs.send<StartJob>(
      START_QUEUE,
      { organizationId: campaign.organizationId, campaignId: campaign.id },
      { startAfter: at, singletonKey: campaign.id },
    );
  }

  private async startScheduled({ organizationId, campaignId }: StartJob): Promise<void> {
    const campaign = await this.campaigns.find(organizationId, campaignId);
    if (!campaign || campaign.state !== 'scheduled') return;
    // Too early (the schedule was moved later): this job is stale, a newer one waits.
    if (campaign.sendAt && campaign.sendAt.getTime() > Date.now() + 1000) return;
    const started = await this.campaigns.transition(
      organizationId,
      campaignId,
      ['scheduled'],
      'running',
      {
        startedAt: new Date(),
      },
    );
    if (started) {
      await this.kick(started);
      this.progress.touch(organizationId, campaignId, true);
    }
  }

  /** Pauses a campaign for a reason Meta gave; it resumes when that clears (see the reconciler). */
  async pauseFor(campaign: Campaign, cause: PauseCause, reason: string): Promise<void> {
    const paused = await this.campaigns.transition(
      campaign.organizationId,
      campaign.id,
      ['running'],
      'paused',
      { pausedBy: cause, stateReason: reason },
    );
    if (paused) {
      this.logger.warn({ campaign_id: campaign.id, cause }, reason);
      this.progress.touch(campaign.organizationId, campaign.id, true);
    }
  }

  private async sendChunk(job: ChunkJob): Promise<void> {
    const campaign = await this.campaigns.find(job.organizationId, job.campaignId);
    if (!campaign || campaign.state !== 'running') return;
    const account = campaign.accountId
      ? await this.accounts
          .secrets(campaign.organizationId, campaign.accountId)
          .catch(() => undefined)
      : undefined;
    if (!account) {
      await this.pauseFor(campaign, 'account', 'Paused: its WhatsApp account was disconnected.');
      return;
    }
    const template = await this.templates.stored(
      campaign.organizationId,
      account.account.wabaId,
      campaign.templateName,
      campaign.templateLanguage,
    );
    if (template?.status !== 'APPROVED') {
      await this.pauseFor(campaign, 'template', templatePauseReason(template?.status ?? 'DELETED'));
      return;
    }
    const recipients = await this.campaigns.pendingInRange(campaign.id, job.from, job.to);
    if (recipients.length === 0) return;

    const run: ChunkRun = {
      campaign,
      account,
      template,
      number: numberLimit(account.account.phoneNumberId, account.account.throughputLevel),
      stopped: false,
      retryAfterMs: 0,
    };
    const cap = campaign.ratePerSecond ? campaignLimit(campaign.id, campaign.ratePerSecond) : null;
    const rate = Math.min(run.number.perSecond, cap?.perSecond ?? Infinity);
    // Never more than the worker's in-flight limit: a group larger than that could never start.
    const groupSize = Math.min(MAX_IN_FLIGHT, Math.max(1, Math.ceil(rate * SLOT_BATCH_SECONDS)));
    const inFlight = new Set<Promise<void>>();
    const startedAt = Date.now();
    let checkedAt = 0;
    let next = 0;
    while (next < recipients.length && !run.stopped && !this.stopping) {
      if (Date.now() - checkedAt >= STATE_CHECK_MS) {
        if ((await this.campaigns.stateOf(campaign.id)) !== 'running') break;
        checkedAt = Date.now();
      }
      // Claimed and written first; the slots are taken only then, right before Meta is
      // called, so no database work sits between a slot and its send.
      const group = recipients.slice(next, next + groupSize);
      next += group.length;
      const ready = await this.prepare(run, group);
      if (ready.length === 0) continue;
      while (inFlight.size > 0 && inFlight.size + ready.length > MAX_IN_FLIGHT)
        await Promise.race(inFlight);
      let queue = ready.map((send) => ({ send, reslots: 0 }));
      while (queue.length > 0) {
        const slots = await this.pacing.take(run.number, cap, queue.length);
        const origin = slots.firstAt;
        const late: typeof queue = [];
        for (const [k, { send, reslots }] of queue.entries()) {
          const slotAt = origin + k * slots.spacingMs;
          if (slotAt - Date.now() > 1) await sleep(slotAt - Date.now());
          // Woken late (a busy event loop, a timer fired late): this send takes a new slot and
          // the others keep theirs.
          if (Date.now() - slotAt > LATE_SLOT_MS && reslots < MAX_RESLOTS) {
            late.push({ send, reslots: reslots + 1 });
            continue;
          }
          const delivery: Promise<void> = this.deliver(run, send).finally(() =>
            inFlight.delete(delivery),
          );
          inFlight.add(delivery);
        }
        queue = late;
      }
    }
    await Promise.all(inFlight);
    this.logger.log(
      {
        campaign_id: campaign.id,
        from: job.from,
        to: job.to,
        handled: next,
        started_at: startedAt,
      },
      'Campaign chunk worked',
    );
    // Recipients Meta asked us to slow down for are pending again: this chunk runs again later.
    if (run.retryAfterMs > 0 && !run.stopped) await this.kick(campaign, run.retryAfterMs);
  }

  /**
   * Claims a group of recipients (each with the id its message will have) and writes their
   * messages `queued`, in one transaction: a recipient is claimed only with its message written.
   * Answers the sends ready for their slots; a recipient another worker had is left out, one our
   * own checks refused is settled here.
   */
  private async prepare(
    run: ChunkRun,
    recipients: readonly CampaignRecipient[],
  ): Promise<PreparedSend[]> {
    const { campaign } = run;
    const items = recipients.map((recipient) => {
      const values = { ...campaign.variables, ...recipient.variables };
      const dto = {
        account_id: run.account.account.id,
        to: recipient.address,
        message_type: 'template',
        template_name: campaign.templateName,
        template_language: campaign.templateLanguage,
        template_components: templateComponents(
          run.template.components,
          values,
          campaign.headerMedia,
        ),
      } as SendMessageDto;
      const send = {
        campaignId: campaign.id,
        messageId: randomUUID(),
        account: run.account,
        template: run.template,
      };
      return { recipient, dto, campaign: send };
    });
    const owner = { id: campaign.createdByUserId, organizationId: campaign.organizationId };
    const claims = items.map((item) => ({
      recipientId: item.recipient.id,
      messageId: item.campaign.messageId,
    }));
    const results = await this.sender
      .prepareCampaignGroup(owner, items, (tx) => this.campaigns.claimMany(claims, tx))
      .catch((error: unknown) => {
        // The transaction failed: nothing was claimed or written, the recipients stay pending.
        this.logger.warn(
          { campaign_id: campaign.id, recipients: recipients.length, reason: String(error) },
          'Campaign group not prepared',
        );
        return [];
      });
    const ready: PreparedSend[] = [];
    for (const [i, result] of results.entries()) {
      const { recipient, campaign: send } = items[i]!;
      if (result.kind === 'prepared')
        ready.push({ recipient, messageId: send.messageId, prepared: result.prepared });
      else if (result.kind === 'refused') {
        // Refused by our own checks: claimed, nothing written, nothing sent.
        await this.refusedBeforeSending(run, recipient, send.messageId, result.error);
        this.progress.touch(campaign.organizationId, campaign.id);
      }
    }
    return ready;
  }

  /** Hands a prepared message to Meta at its slot and records what Meta said. */
  private async deliver(run: ChunkRun, send: PreparedSend): Promise<void> {
    const { campaign } = run;
    const { recipient, messageId } = send;
    try {
      // `sent` moved the recipient in the transaction that recorded it (the status observer).
      const result = await this.sender.deliverForCampaign(send.prepared);
      if (result.outcome === 'failed') {
        const { code, title, details } = result.error;
        await this.refused(run, recipient, messageId, code, title, details);
      }
      // `uncertain`: Meta may have it; its status webhook (or the reconciler) settles it.
    } catch (error) {
      this.logger.warn(
        { campaign_id: campaign.id, recipient_id: recipient.id, reason: String(error) },
        'Campaign send interrupted',
      );
    } finally {
      this.progress.touch(campaign.organizationId, campaign.id);
    }
  }

  /** Meta refused the send: what that means for the recipient, and for the campaign. */
  private async refused(
    run: ChunkRun,
    recipient: CampaignRecipient,
    messageId: string,
    code: number | null,
    title: string,
    details: string | null,
  ): Promise<void> {
    const { campaign } = run;
    const error = recipientError(code, title, details);
    if (code === THROUGHPUT_REACHED || code === PAIR_RATE_LIMIT) {
      if (code === THROUGHPUT_REACHED) await this.pacing.holdOff(run.number, 1000);
      run.retryAfterMs = Math.max(run.retryAfterMs, code === THROUGHPUT_REACHED ? 1000 : 10_000);
      await this.campaigns.settle(recipient.id, messageId, 'pending');
      return;
    }
    if (code === MARKETING_LIMITED) {
      const retryAt = new Date(Date.now() + this.config.campaigns.limitedRetrySeconds * 1000);
      const tooLate = campaign.limitedDeadline && retryAt > campaign.limitedDeadline;
      await this.campaigns.settle(recipient.id, messageId, tooLate ? 'failed' : 'limited', {
        error,
        retryAt: tooLate ? null : retryAt,
      });
      return;
    }
    if (code === SPAM_RATE_LIMIT) {
      run.stopped = true;
      await this.campaigns.settle(recipient.id, messageId, 'failed', { error });
      await this.pauseFor(
        campaign,
        'spam_limit',
        'Stopped: Meta limited this number for spam (131048). Too many recipients blocked or reported its messages; check the template and the audience before resuming.',
      );
      return;
    }
    if (code !== null && ACCOUNT_ERRORS.includes(code)) {
      run.stopped = true;
      await this.campaigns.settle(recipient.id, messageId, 'pending');
      await this.pauseFor(
        campaign,
        'account',
        `Paused: Meta refused the account (${code}): ${error.reason} Fix the account and resume.`,
      );
      return;
    }
    if (code !== null && TEMPLATE_ERRORS.includes(code)) {
      run.stopped = true;
      await this.campaigns.settle(recipient.id, messageId, 'pending');
      await this.pauseFor(
        campaign,
        'template',
        templatePauseReason(code === 132016 ? 'DISABLED' : 'PAUSED'),
      );
      return;
    }
    await this.campaigns.settle(recipient.id, messageId, 'failed', { error });
  }

  private async refusedBeforeSending(
    run: ChunkRun,
    recipient: CampaignRecipient,
    messageId: string,
    error: HttpException,
  ): Promise<void> {
    const body = error.getResponse() as {
      message?: unknown;
      extensions?: { consent?: { state?: unknown } };
    };
    const message = typeof body.message === 'string' ? body.message : error.message;
    // The preparer's consent refusal says so in its extensions (the contact opted out since).
    if (body.extensions?.consent?.state === 'opted_out') {
      await this.campaigns.settle(recipient.id, messageId, 'skipped', { skipReason: 'opted_out' });
      return;
    }
    if (message.includes('not approved') || message.includes('There is no template')) {
      run.stopped = true;
      await this.campaigns.settle(recipient.id, messageId, 'pending');
      await this.pauseFor(run.campaign, 'template', templatePauseReason('PAUSED'));
      return;
    }
    await this.campaigns.settle(recipient.id, messageId, 'failed', {
      error: { code: null, title: 'Refused before sending', reason: message },
    });
  }
}

export function templatePauseReason(status: string): string {
  return status === 'DISABLED' || status === 'DELETED'
    ? `Paused: the template is ${status.toLowerCase()} at Meta and can no longer be sent. Cancel the campaign, or start a new one with another template.`
    : `Paused: Meta ${status === 'PAUSED' ? 'paused' : `set to ${status}`} the template (usually for low quality). The campaign resumes by itself when the template is approved again.`;
}
