import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { type AccountSecrets } from '../../accounts/accounts.service.js';
import { MARKETING_STOPPED } from '../../contacts/consent/consent-keywords.js';
import { ConsentService } from '../../contacts/consent/consent.service.js';
import { type Executor } from '../../database/database.js';
import { EventsService } from '../../events/events.service.js';
import { GraphApiError } from '../../whatsapp/graph-api.error.js';
import { RATE_LIMIT_CODES } from '../../whatsapp/meta-error-catalog.js';
import { type OutgoingMessage } from '../../whatsapp/graph-api.types.js';
import { WhatsAppService } from '../../whatsapp/whatsapp.service.js';
import { wasCancelled } from '../cancelled-send.js';
import { toMessageError } from '../history/message-mapper.js';
import { type Message } from '../messages.schema.js';
import { MessagesRepository } from '../messages.repository.js';
import { StatusApplier } from '../status-applier.service.js';
import { type SendResult, toSentMessage } from './send-result.js';

export interface DeliveryOptions {
  /** Queue a send Meta rate-limits with a long Retry-After for later (202). Default true. */
  readonly deferRateLimits?: boolean;
  /**
   * Record Meta's acceptances a group per transaction (campaigns: many a second). Default false:
   * a single send is recorded at once.
   */
  readonly acceptTogether?: boolean;
}

/** Campaign acceptances recorded in one transaction: at most this many, waiting at most this long. */
const ACCEPTED_GROUP = 32;
const ACCEPTED_WAIT_MS = 10;

interface AcceptedSend {
  readonly queued: Message;
  readonly wamid: string;
  readonly acceptedAt: Date;
  readonly resolve: (result: SendResult) => void;
  readonly reject: (error: unknown) => void;
}

/** The job that sends a rate-limited message after Meta's Retry-After. */
export const DEFERRED_SEND_QUEUE = 'message-send';
export interface DeferredSendJob {
  readonly organizationId: string;
  readonly messageId: string;
}

/**
 * The job that settles a send Meta did not answer, once its status webhook had time to come:
 * a message still without Meta's id then fails as unanswered (see UnansweredSends).
 */
export const UNANSWERED_SEND_QUEUE = 'message-unanswered';
export type UnansweredSendJob = DeferredSendJob;

/** A message written `queued` (see MessagePreparer), ready to be handed to Meta. */
export interface PreparedMessage {
  readonly message: Message;
  /** The account it goes out through, with its access token. */
  readonly account: AccountSecrets;
  /** Meta's message object, as stored in the row's `content`. */
  readonly payload: OutgoingMessage;
}

/**
 * Delivers prepared messages: hands each to Meta and records what came of it, `sent` with
 * Meta's wamid or `failed` with Meta's error. Knows nothing of HTTP, so the send endpoint and
 * (later) a campaign worker deliver the same way.
 */
@Injectable()
export class MessageDelivery {
  private readonly logger = new Logger(MessageDelivery.name);
  /** Campaign acceptances waiting for their group's transaction (see acceptTogether). */
  private readonly accepted: AcceptedSend[] = [];
  private acceptedTimer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly messages: MessagesRepository,
    private readonly statuses: StatusApplier,
    private readonly whatsapp: WhatsAppService,
    private readonly events: EventsService,
    private readonly consent: ConsentService,
  ) {}

  /**
   * Calls Meta (with WhatsAppService's retries) and records the outcome with its live event.
   * Meta's refusal is a result, not an exception; anything else (the database) is thrown, and
   * the message then stays queued.
   *
   * A call that may have reached Meta without an answer (a timeout) is never repeated: Meta
   * could send it twice. The message stays queued for its status webhook to settle (it carries
   * our id as biz_opaque_callback_data); a campaign's reconciler, or for other sends an
   * UnansweredSends job, settles the ones no status came for.
   */
  async deliver(
    { message, account, payload }: PreparedMessage,
    options: DeliveryOptions = {},
  ): Promise<SendResult> {
    let wamid: string;
    try {
      const result = await this.whatsapp.sendMessage(
        account.accessToken,
        account.account.phoneNumberId,
        payload,
      );
      const id = result.messages[0]?.id;
      if (!id)
        throw new GraphApiError({
          message: 'Meta accepted the message without a message id',
          httpStatus: 200,
          retryable: false,
        });
      wamid = id;
    } catch (error) {
      if (!(error instanceof GraphApiError)) throw error;
      if (error.mayHaveArrived) return this.settleLater(message, error);
      const waitMs = (error.retryAfterSeconds ?? 0) * 1000;
      // Meta asked for a longer wait than a request may take: sent later, by a job.
      if (
        (options.deferRateLimits ?? true) &&
        RATE_LIMIT_CODES.includes(error.code ?? 0) &&
        waitMs > this.config.graphApi.retryMaxDelayMs
      ) {
        return this.defer(message, waitMs);
      }
      return this.markFailed(message, error);
    }
    return options.acceptTogether
      ? this.acceptTogether(message, wamid)
      : this.markAccepted(message, wamid);
  }

  /**
   * Fails a message Meta never answered for and no status came for within the window. A status
   * that comes even later finds it failed and leaves it so (failed is final), which the reason
   * says.
   */
  async failUnanswered(organizationId: string, messageId: string): Promise<boolean> {
    const minutes = Math.round(this.config.graphApi.uncertainAfterSeconds / 60);
    const error = new GraphApiError({
      message: `No answer and no status from Meta within ${minutes} min of the call`,
      httpStatus: 0,
      retryable: true,
      title: 'Meta did not answer',
      explanation:
        'Meta did not answer the send, and no status for it came afterwards, so it most likely never arrived.',
      fix: 'Send it again if it is still needed. It was not repeated automatically, so the customer never gets it twice.',
    });
    return this.messages.transaction(async (tx) => {
      // Locked, so a status arriving now either settles it first or waits for this.
      const message = await this.messages.findForUpdate(organizationId, messageId, tx);
      if (message?.status !== 'queued' || message.waMessageId) return false;
      await this.recordFailed(message, error, tx);
      return true;
    });
  }

  /** Meta may have the message: it stays queued, never sent again by itself. */
  private async settleLater(message: Message, error: GraphApiError): Promise<SendResult> {
    this.logger.warn(
      { message_id: message.id, graph_error: error.toJSON() },
      'No answer from Meta: the message stays queued until its status webhook settles it',
    );
    // A campaign settles its own (CampaignReconciler); any other send gets a job for the case
    // that no status ever comes.
    if (!message.campaignId) {
      await this.jobs.send<UnansweredSendJob>(
        UNANSWERED_SEND_QUEUE,
        { organizationId: message.organizationId, messageId: message.id },
        {
          startAfter: new Date(Date.now() + this.config.graphApi.uncertainAfterSeconds * 1000),
          singletonKey: message.id,
        },
      );
    }
    const result: SendResult = { outcome: 'uncertain', message: toSentMessage(message) };
    return message.idempotencyKey
      ? this.messages.transaction((tx) => this.keep(message, result, tx))
      : result;
  }

  private async defer(message: Message, waitMs: number): Promise<SendResult> {
    const retryAt = new Date(Date.now() + waitMs);
    await this.jobs.send<DeferredSendJob>(
      DEFERRED_SEND_QUEUE,
      { organizationId: message.organizationId, messageId: message.id },
      { startAfter: retryAt, singletonKey: message.id },
    );
    this.logger.log(
      { message_id: message.id, retry_at: retryAt.toISOString() },
      'Send rate-limited by Meta: queued until its Retry-After',
    );
    return { outcome: 'deferred', message: toSentMessage(message), retryAt: retryAt.toISOString() };
  }

  /** Meta accepted: the message is `sent` and has its wamid; statuses that came early now apply. */
  private markAccepted(
    queued: Message,
    wamid: string,
    acceptedAt = new Date(),
  ): Promise<SendResult> {
    return this.messages.transaction((tx) => this.recordAccepted(queued, wamid, acceptedAt, tx));
  }

  /**
   * A campaign's acceptances, recorded together: Meta answers a campaign's sends many times a
   * second, and one transaction (its live events in one statement) for the acceptances of the
   * last few milliseconds saves a BEGIN, a COMMIT and a NOTIFY per send.
   */
  private acceptTogether(queued: Message, wamid: string): Promise<SendResult> {
    return new Promise((resolve, reject) => {
      this.accepted.push({ queued, wamid, acceptedAt: new Date(), resolve, reject });
      if (this.accepted.length >= ACCEPTED_GROUP) void this.recordAcceptedGroup();
      else
        this.acceptedTimer ??= setTimeout(() => void this.recordAcceptedGroup(), ACCEPTED_WAIT_MS);
    });
  }

  private async recordAcceptedGroup(): Promise<void> {
    if (this.acceptedTimer) clearTimeout(this.acceptedTimer);
    this.acceptedTimer = null;
    const group = this.accepted.splice(0);
    if (group.length === 0) return;
    try {
      const results = await this.messages.transaction((tx) =>
        this.events.publishTogether(tx, async () => {
          const recorded: SendResult[] = [];
          for (const { queued, wamid, acceptedAt } of group)
            recorded.push(await this.recordAccepted(queued, wamid, acceptedAt, tx));
          return recorded;
        }),
      );
      group.forEach((item, i) => item.resolve(results[i]!));
    } catch {
      // One message's failure must not undo the others': each on its own.
      for (const { queued, wamid, acceptedAt, resolve, reject } of group)
        this.markAccepted(queued, wamid, acceptedAt).then(resolve, reject);
    }
  }

  private async recordAccepted(
    queued: Message,
    wamid: string,
    acceptedAt: Date,
    tx: Executor,
  ): Promise<SendResult> {
    const { organizationId, id } = queued;
    const locked = await this.messages.findForUpdate(organizationId, id, tx);
    if (!locked) throw new Error(`Message ${id} vanished while sending`);
    // Its account was disconnected while Meta was taking it: Meta has it, so it is sent.
    const message = wasCancelled(locked) ? await this.messages.revive(locked, tx) : locked;
    const updated = await this.messages.update(
      organizationId,
      id,
      {
        waMessageId: message.waMessageId ?? wamid,
        // A status webhook may have moved it on already (it finds the row by our id).
        ...(message.status === 'queued'
          ? { status: 'sent' as const, sentAt: message.sentAt ?? acceptedAt }
          : {}),
      },
      tx,
    );
    const reconciled = await this.statuses.reconcile(updated ?? message, tx);
    await this.statuses.accepted(reconciled, message.sentAt ?? acceptedAt, tx);
    await this.events.publish(
      {
        type: 'message.status',
        organizationId,
        data: {
          message_id: id,
          wa_message_id: wamid,
          status: reconciled.status,
          event: 'accepted',
          occurred_at: acceptedAt.toISOString(),
        },
      },
      tx,
    );
    return this.keep(reconciled, { outcome: 'sent', message: toSentMessage(reconciled) }, tx);
  }

  private markFailed(queued: Message, error: GraphApiError): Promise<SendResult> {
    return this.messages.transaction((tx) => this.recordFailed(queued, error, tx));
  }

  private async recordFailed(
    queued: Message,
    error: GraphApiError,
    tx: Executor,
  ): Promise<SendResult> {
    const { organizationId, id } = queued;
    const stored = { ...error.toJSON(), source: 'send' as const };
    const result: SendResult = {
      outcome: 'failed',
      messageId: id,
      error: toMessageError(stored)!,
    };
    const now = new Date();
    await this.messages.addStatusEvent(
      {
        organizationId,
        messageId: id,
        status: 'failed',
        occurredAt: now,
        errors: [
          {
            code: error.code,
            title: error.title,
            message: error.message,
            error_data: { details: error.details },
          },
        ],
      },
      tx,
    );
    await this.messages.update(
      organizationId,
      id,
      {
        status: 'failed',
        failedAt: now,
        error: stored,
        ...(queued.idempotencyKey ? { sendResult: result } : {}),
      },
      tx,
    );
    // 131050: the user stopped marketing messages from this number (Meta's word, recorded).
    if (error.code === MARKETING_STOPPED) {
      await this.consent.recordMarketingRefusal(
        organizationId,
        queued.contactId,
        error.details ?? error.message,
        tx,
      );
    }
    await this.events.publish(
      {
        type: 'message.status',
        organizationId,
        data: {
          message_id: id,
          wa_message_id: null,
          status: 'failed',
          event: 'failed',
          occurred_at: now.toISOString(),
        },
      },
      tx,
    );
    this.logger.warn(
      { message_id: id, graph_error: error.toJSON() },
      'Message refused by the Graph API',
    );
    return result;
  }

  /** Keeps the result with a message sent with an Idempotency-Key, for the retries. */
  private async keep(message: Message, result: SendResult, tx: Executor): Promise<SendResult> {
    if (message.idempotencyKey) {
      await this.messages.update(message.organizationId, message.id, { sendResult: result }, tx);
    }
    return result;
  }
}
