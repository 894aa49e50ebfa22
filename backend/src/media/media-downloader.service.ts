import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { createHash } from 'node:crypto';
import { type Job } from 'pg-boss';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { type Executor } from '../database/database.js';
import { JobQueue } from '../jobs/job-queue.service.js';
import { type MediaFile } from './media.schema.js';
import { EventsService } from '../events/events.service.js';
import { type MessageOrigin, MessagesService } from '../messages/messages.service.js';
import { GraphApiError } from '../whatsapp/graph-api.error.js';
import { WhatsAppService } from '../whatsapp/whatsapp.service.js';
import { mediaEvent } from './media-events.js';
import { MediaFilesRepository } from './media-files.repository.js';
import { MEDIA_STORE, type MediaStore, mediaKey } from './media-store.js';

/** One pg-boss job per inbound file (its singleton key is the file id). */
export const DOWNLOAD_QUEUE = 'media-download';
/** Where a download job lands when pg-boss gave up on it without our handler deciding (expiry). */
const ABANDONED_QUEUE = 'media-download-abandoned';
/** Downloads one instance runs at the same time. */
const CONCURRENT_DOWNLOADS = 4;
/** How long one attempt may take before pg-boss fails it and retries (the former lease). */
const ATTEMPT_SECONDS = 10 * 60;
/** A worker that stops beating this long (killed) has its download retried elsewhere. */
const HEARTBEAT_SECONDS = 30;
const MAX_BACKOFF_SECONDS = 60 * 60;

interface DownloadJob {
  readonly organizationId: string;
  readonly fileId: string;
}

/** A failure that retrying cannot fix (too large, account gone). */
class PermanentMediaError extends Error {}

/**
 * Downloads inbound media as pg-boss jobs, one per file, queued in the transaction that stored
 * the message (so a committed file always has its job, and any instance may run it). A job
 * counts the attempt on the file, asks Meta for a fresh download URL with the account's token,
 * checks size and checksum and stores the bytes under a key we generate. A failure throws, and
 * pg-boss retries the job with exponential backoff (MEDIA_RETRY_BASE_MS, doubling, at most 1 h)
 * up to MEDIA_DOWNLOAD_ATTEMPTS; a file that never arrives is marked `failed` with its last error;
 * the message itself is never touched. The organization's consoles hear of either outcome
 * (`media.stored`, `media.failed`), not of the retries in between.
 */
@Injectable()
export class MediaDownloader implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(MediaDownloader.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MEDIA_STORE) private readonly store: MediaStore,
    private readonly files: MediaFilesRepository,
    private readonly messages: MessagesService,
    private readonly accounts: AccountsService,
    private readonly whatsapp: WhatsAppService,
    private readonly events: EventsService,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    const { downloadAttempts, retryBaseMs, pollIntervalMs } = this.config.media;
    // Defined first: the download queue names it as its dead letter queue.
    this.jobs.define<DownloadJob>({
      name: ABANDONED_QUEUE,
      queue: { retryLimit: 10, retryDelay: 10, retryBackoff: true },
      work: { pollingIntervalSeconds: 30 },
      handle: (job) => this.abandoned(job),
    });
    this.jobs.define<DownloadJob>({
      name: DOWNLOAD_QUEUE,
      queue: {
        // One job per file at a time, whatever its state: queueing a file twice adds nothing.
        policy: 'exclusive',
        retryLimit: downloadAttempts - 1,
        retryDelay: Math.ceil(retryBaseMs / 1000),
        retryBackoff: true,
        retryDelayMax: MAX_BACKOFF_SECONDS,
        expireInSeconds: ATTEMPT_SECONDS,
        heartbeatSeconds: HEARTBEAT_SECONDS,
        deadLetter: ABANDONED_QUEUE,
      },
      work: {
        localConcurrency: CONCURRENT_DOWNLOADS,
        pollingIntervalSeconds: pollIntervalMs / 1000,
      },
      handle: (job, meta) => this.download(job, meta),
    });
  }

  /**
   * Queues a job for every pending file that has none (files registered before downloads were
   * pg-boss jobs); a file with a job already is left alone (the queue's policy).
   */
  onApplicationBootstrap(): void {
    // Not awaited: with the database away at start, the job queue starts later.
    void this.queuePending();
  }

  private async queuePending(): Promise<void> {
    try {
      const pending = await this.files.pending();
      await this.jobs.insert<DownloadJob>(
        DOWNLOAD_QUEUE,
        pending.map((file) => ({
          data: { organizationId: file.organizationId, fileId: file.id },
          singletonKey: file.id,
        })),
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'Pending media downloads could not be queued at start');
    }
  }

  /** Queues the download of a new file, in the transaction that registers it. */
  async queue(file: MediaFile, tx: Executor): Promise<void> {
    await this.jobs.insert<DownloadJob>(
      DOWNLOAD_QUEUE,
      [{ data: { organizationId: file.organizationId, fileId: file.id }, singletonKey: file.id }],
      { tx },
    );
  }

  /** Starts this instance's worker on new jobs now (after the registering transaction). */
  wake(): void {
    this.jobs.wake(DOWNLOAD_QUEUE);
  }

  /** Resolves once no download is running or due now (tests). */
  drain(): Promise<void> {
    return this.jobs.settled(DOWNLOAD_QUEUE);
  }

  private async download({ organizationId, fileId }: DownloadJob, job: Job<DownloadJob>) {
    // Counts the attempt; nothing when the file is no longer pending (stored, failed, erased).
    const file = await this.files.startAttempt(organizationId, fileId);
    if (!file) return;
    const context = {
      media_file_id: file.id,
      organization_id: file.organizationId,
      attempt: file.attempts,
      job_id: job.id,
    };
    let message: MessageOrigin | undefined;
    try {
      message = file.messageId
        ? await this.messages.findAccountAndContact(file.organizationId, file.messageId)
        : undefined;
      const accessToken = await this.tokenFor(file, message);
      const { maxBytes } = this.config.media;
      const info = await this.whatsapp.getMedia(accessToken, file.metaMediaId);
      const declared = Number(info.file_size);
      if (Number.isFinite(declared) && declared > maxBytes) {
        throw new PermanentMediaError(
          `The file has ${declared} bytes, more than MEDIA_MAX_BYTES (${maxBytes}).`,
        );
      }
      const data = await this.whatsapp.downloadMedia(accessToken, info.url, maxBytes);
      if (!checksumMatches(data, info.sha256)) {
        throw new Error('The downloaded file does not match the checksum Meta sent.');
      }
      const storageKey = mediaKey(file.organizationId, file.id);
      await this.store.put(storageKey, data);
      await this.settle(
        (tx) =>
          this.files.markStored(
            file.organizationId,
            file.id,
            {
              storageKey,
              mimeType: info.mime_type || file.mimeType,
              sha256: info.sha256 || file.sha256,
              fileSize: data.length,
            },
            tx,
          ),
        message,
      );
      this.logger.log({ ...context, bytes: data.length }, 'Inbound media stored');
    } catch (error) {
      const reason = describe(error);
      const permanent =
        error instanceof PermanentMediaError ||
        (error instanceof GraphApiError && (error.httpStatus === 413 || error.code === 131052));
      // The file's own count decides (a job retried after its worker died counted one too).
      if (permanent || file.attempts >= this.config.media.downloadAttempts) {
        await this.settle(
          (tx) => this.files.markFailed(file.organizationId, file.id, reason, tx),
          message,
        );
        this.logger.warn({ ...context, reason }, 'Inbound media could not be downloaded: gave up');
        return;
      }
      await this.files.recordError(file.organizationId, file.id, reason);
      this.logger.warn(
        { ...context, reason, retry: job.retryCount + 1 },
        'Inbound media download failed; retrying later',
      );
      // pg-boss retries the job, with backoff.
      throw new Error(reason, { cause: error });
    }
  }

  /**
   * pg-boss gave up on a download our handler did not settle (its last attempt expired, or its
   * worker died): the file is marked failed, as if the attempt had failed.
   */
  private async abandoned({ organizationId, fileId }: DownloadJob): Promise<void> {
    const file = await this.files.find(organizationId, fileId);
    if (file?.status !== 'pending') return;
    const message = file.messageId
      ? await this.messages.findAccountAndContact(organizationId, file.messageId)
      : undefined;
    const reason = file.lastError ?? 'The download did not finish in time.';
    await this.settle((tx) => this.files.markFailed(organizationId, fileId, reason, tx), message);
    this.logger.warn(
      { media_file_id: fileId, organization_id: organizationId, reason },
      'Inbound media could not be downloaded: gave up',
    );
  }

  /** Records the outcome and tells the organization's consoles, together (on commit). */
  private async settle(
    update: (tx: Executor) => Promise<MediaFile | undefined>,
    message: MessageOrigin | undefined,
  ): Promise<void> {
    await this.files.transaction(async (tx) => {
      const file = await update(tx);
      if (file) await this.events.publish(mediaEvent(file, message?.contactId ?? null), tx);
    });
  }

  /** The access token of the account the message came in on. */
  private async tokenFor(file: MediaFile, message: MessageOrigin | undefined): Promise<string> {
    if (!message?.accountId) {
      throw new PermanentMediaError('The WhatsApp account of this message is no longer connected.');
    }
    try {
      return (await this.accounts.secrets(file.organizationId, message.accountId)).accessToken;
    } catch {
      throw new PermanentMediaError('The WhatsApp account of this message is no longer connected.');
    }
  }
}

/** Meta sends SHA-256 as hex (GET /{media-id}) or base64 (webhooks); anything else is not checked. */
function checksumMatches(data: Buffer, expected: string | undefined): boolean {
  if (!expected) return true;
  const digest = createHash('sha256').update(data).digest();
  if (/^[0-9a-f]{64}$/i.test(expected)) return digest.toString('hex') === expected.toLowerCase();
  if (/^[A-Za-z0-9+/]{43}=$/.test(expected)) return digest.toString('base64') === expected;
  return true;
}

function describe(error: unknown): string {
  if (error instanceof GraphApiError) {
    return `${error.title}${error.code !== undefined ? ` (${error.code})` : ''}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
