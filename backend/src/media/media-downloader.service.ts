import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { createHash } from 'node:crypto';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { type Executor } from '../database/database.js';
import { type MediaFile } from './media.schema.js';
import { EventsService } from '../events/events.service.js';
import { type MessageOrigin, MessagesService } from '../messages/messages.service.js';
import { GraphApiError } from '../whatsapp/graph-api.error.js';
import { WhatsAppService } from '../whatsapp/whatsapp.service.js';
import { mediaEvent } from './media-events.js';
import { MediaFilesRepository } from './media-files.repository.js';
import { MEDIA_STORE, type MediaStore, mediaKey } from './media-store.js';

/** Files claimed per round, downloaded side by side. */
const BATCH = 4;
/** How long a claimed download may take before another worker may try it again. */
const LEASE_MS = 10 * 60 * 1000;
const MAX_BACKOFF_MS = 60 * 60 * 1000;

/** A failure that retrying cannot fix (too large, account gone). */
class PermanentMediaError extends Error {}

/**
 * Downloads inbound media in the background: claims due `pending` rows (SKIP LOCKED, so any
 * number of instances share the work), asks Meta for a fresh download URL with the account's
 * token, checks size and checksum, stores the bytes under a key we generate, and retries failures
 * with exponential backoff up to MEDIA_DOWNLOAD_ATTEMPTS. A file that never arrives is marked
 * `failed` with its last error; the message itself is never touched. The organization's consoles
 * hear of either outcome (`media.stored`, `media.failed`), not of the retries in between.
 */
@Injectable()
export class MediaDownloader implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MediaDownloader.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private runAgain = false;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MEDIA_STORE) private readonly store: MediaStore,
    private readonly files: MediaFilesRepository,
    private readonly messages: MessagesService,
    private readonly accounts: AccountsService,
    private readonly whatsapp: WhatsAppService,
    private readonly events: EventsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.run(), this.config.media.pollIntervalMs);
    this.timer.unref();
    void this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.drain();
  }

  /**
   * Downloads every due file, then resolves. Calls while a round runs make it go round once
   * more (new files may have arrived), so a nudge is never lost.
   */
  run(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.runAgain = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.runAgain = false;
          await this.downloadDue();
        } while (this.runAgain && !this.stopped);
      } catch (error) {
        this.logger.warn({ err: error }, 'Media download round failed; the next one retries');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Resolves once no download round is running (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async downloadDue(): Promise<void> {
    while (!this.stopped) {
      const claimed = await this.files.claimDue(BATCH, LEASE_MS);
      if (claimed.length === 0) return;
      await Promise.all(claimed.map((file) => this.download(file)));
    }
  }

  private async download(file: MediaFile): Promise<void> {
    const context = {
      media_file_id: file.id,
      organization_id: file.organizationId,
      attempt: file.attempts,
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
      if (permanent || file.attempts >= this.config.media.downloadAttempts) {
        await this.settle(
          (tx) => this.files.markFailed(file.organizationId, file.id, reason, tx),
          message,
        );
        this.logger.warn({ ...context, reason }, 'Inbound media could not be downloaded: gave up');
      } else {
        const delay = Math.min(
          this.config.media.retryBaseMs * 2 ** Math.max(0, file.attempts - 1),
          MAX_BACKOFF_MS,
        );
        await this.files.markRetry(file.organizationId, file.id, delay, reason);
        this.logger.warn(
          { ...context, reason, retry_in_ms: delay },
          'Inbound media download failed; retrying later',
        );
      }
    }
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
