import {
  ConflictException,
  GoneException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  type OnModuleInit,
  StreamableFile,
} from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { type AuthenticatedUser } from '../auth/authenticated-user.js';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type Executor } from '../database/database.js';
import { MessagesService } from '../messages/messages.service.js';
import {
  MessageActionsService,
  type UploadedMedia,
} from '../messages/send/message-actions.service.js';
import { type MediaFile } from './media.schema.js';
import { contentDisposition, safeContentType } from './content-disposition.js';
import { type MediaFileDto } from './dto/media-file-response.dto.js';
import { MediaDownloader } from './media-downloader.service.js';
import { MediaFilesRepository, type NewInboundMedia } from './media-files.repository.js';
import { MEDIA_STORE, type MediaStore, type StoredMedia, mediaKey } from './media-store.js';

/**
 * Media files: inbound ones registered by the webhook processor and downloaded in the background,
 * uploads kept as Meta took them; both served to the organization and aged out alike.
 */
@Injectable()
export class MediaService implements OnModuleInit {
  private readonly logger = new Logger(MediaService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly files: MediaFilesRepository,
    private readonly downloader: MediaDownloader,
    @Inject(MEDIA_STORE) private readonly store: MediaStore,
    private readonly messages: MessagesService,
    private readonly actions: MessageActionsService,
  ) {}

  onModuleInit(): void {
    this.actions.onUpload((upload) => this.keepUploaded(upload));
    this.messages.onErase((organizationId, messageIds, tx) =>
      this.eraseOfMessages(organizationId, messageIds, tx),
    );
  }

  /**
   * Erases the media of messages being erased: the rows in the erasing transaction, the stored
   * files once it committed (a rollback leaves them in place).
   */
  async eraseOfMessages(
    organizationId: string,
    messageIds: readonly string[],
    tx: Executor,
  ): Promise<{ counts: Record<string, number>; afterCommit: () => Promise<void> }> {
    const erased = await this.files.deleteByMessages(organizationId, messageIds, tx);
    const keys = erased.flatMap((file) => (file.storageKey ? [file.storageKey] : []));
    return {
      counts: { media_files: erased.length },
      afterCommit: async () => {
        for (const key of keys) await this.store.delete(key);
      },
    };
  }

  /**
   * Registers a new inbound message's media and queues its download job, both in the caller's
   * transaction: a committed file always has its job.
   */
  async registerInbound(
    values: NewInboundMedia,
    executor: Executor,
  ): Promise<MediaFile | undefined> {
    const file = await this.files.insertPending(values, executor);
    if (file) await this.downloader.queue(file, executor);
    return file;
  }

  /**
   * Keeps a copy of a file the organization uploaded to Meta, under its media id, so messages
   * that send it by id can show it. It is linked to no message: a message finds it through the
   * media id it sent (see {@link listByMessages}), so one upload sent many times is one file.
   */
  async keepUploaded(upload: UploadedMedia): Promise<void> {
    // The store takes what MEDIA_MAX_BYTES allows, as for inbound files; a larger upload shows
    // as the placeholder.
    if (upload.data.length > this.config.media.maxBytes) return;
    const id = randomUUID();
    const storageKey = mediaKey(upload.organizationId, id);
    await this.store.put(storageKey, upload.data);
    const kept = await this.files
      .insertUploaded({
        id,
        storageKey,
        organizationId: upload.organizationId,
        metaMediaId: upload.metaMediaId,
        mimeType: upload.mimeType,
        sha256: createHash('sha256').update(upload.data).digest('hex'),
        fileSize: upload.data.length,
        // Only documents carry a name (a named file is served as an attachment).
        filename: /^(image|video|audio)\//.test(upload.mimeType) ? null : upload.filename,
      })
      .catch(async (error: unknown) => {
        await this.store.delete(storageKey);
        throw error;
      });
    if (!kept) await this.store.delete(storageKey);
  }

  /** Starts this instance on the new downloads now (after the registering transaction committed). */
  startDownloads(): void {
    this.downloader.wake();
  }

  /** The media file of a message, for features that show messages. */
  findByMessage(organizationId: string, messageId: string): Promise<MediaFile | undefined> {
    return this.files.findByMessage(organizationId, messageId);
  }

  /**
   * The media files of the given messages, in the order of the ids: an inbound message's
   * download, or the upload an outbound one sent by media id (found by that id within the
   * organization, so another organization's upload never shows). Messages without media (or of
   * other organizations) are left out.
   */
  async listByMessages(
    caller: AuthenticatedUser,
    messageIds: readonly string[],
  ): Promise<MediaFileDto[]> {
    const { organizationId } = caller;
    const files = await this.files.findByMessages(organizationId, messageIds);
    const byMessage = new Map<string | null, MediaFile>(
      files.map((file) => [file.messageId, file]),
    );
    const sent = await this.messages.sentMediaIds(
      organizationId,
      messageIds.filter((id) => !byMessage.has(id)),
    );
    const uploads = await this.files.findByMetaIds(organizationId, [...new Set(sent.values())]);
    const byMetaId = new Map(uploads.map((file) => [file.metaMediaId, file]));
    for (const [messageId, metaMediaId] of sent) {
      const file = byMetaId.get(metaMediaId);
      if (file) byMessage.set(messageId, file);
    }
    return messageIds.flatMap((messageId) => {
      const file = byMessage.get(messageId);
      return file ? [toMediaFileDto(file, messageId, this.config.retention.mediaDays)] : [];
    });
  }

  /**
   * The stored file, streamed with its type; 404 outside the caller's organization, 409 while
   * it is still being downloaded from Meta, 410 when the download gave up.
   */
  async download(caller: AuthenticatedUser, id: string): Promise<StreamableFile> {
    const { file, stored } = await this.openStored(caller.organizationId, id);
    const type = safeContentType(file.mimeType);
    // Only documents carry a file name in Meta's payloads: they are always downloaded.
    const isDocument = file.filename !== null;
    return new StreamableFile(stored.stream, {
      type,
      length: stored.size,
      disposition: contentDisposition(type, file.filename, isDocument),
    });
  }

  /**
   * A stored file's bytes, for another feature to pass on (a template's sample header): 404
   * outside the organization, 409 while it is being downloaded, 410 when the download gave up.
   */
  async read(
    organizationId: string,
    id: string,
  ): Promise<{ data: Buffer; mimeType: string; filename: string | null }> {
    const { file, stored } = await this.openStored(organizationId, id);
    const chunks: Buffer[] = [];
    for await (const chunk of stored.stream) chunks.push(Buffer.from(chunk as Uint8Array));
    return {
      data: Buffer.concat(chunks),
      mimeType: file.mimeType ?? 'application/octet-stream',
      filename: file.filename,
    };
  }

  private async openStored(
    organizationId: string,
    id: string,
  ): Promise<{ file: MediaFile; stored: StoredMedia }> {
    const file = await this.files.find(organizationId, id);
    if (!file) throw new NotFoundException('No such media file in your organization.');
    switch (file.status) {
      case 'pending':
        throw new ConflictException(
          'The file is still being downloaded from WhatsApp. Try again in a few seconds.',
        );
      case 'failed':
        throw new GoneException(
          `The file could not be downloaded from WhatsApp: ${file.lastError ?? 'unknown error'}`,
        );
      case 'expired':
        throw new GoneException(expiredReason(this.config.retention.mediaDays));
      case 'stored':
        break;
    }
    const stored = file.storageKey ? await this.store.open(file.storageKey) : undefined;
    if (!stored) {
      this.logger.error(
        { media_file_id: file.id, organization_id: file.organizationId },
        'Stored media file is missing from the media store',
      );
      throw new NotFoundException('The file is missing from the media store.');
    }
    return { file, stored };
  }
}

function toMediaFileDto(file: MediaFile, messageId: string, retentionDays: number): MediaFileDto {
  return {
    id: file.id,
    message_id: messageId,
    status: file.status,
    mime_type: file.mimeType,
    size_bytes: file.status === 'stored' ? file.fileSize : null,
    filename: file.filename,
    error:
      file.status === 'failed'
        ? (file.lastError ?? 'Unknown error')
        : file.status === 'expired'
          ? expiredReason(retentionDays)
          : null,
  };
}

function expiredReason(retentionDays: number): string {
  return `The file was removed ${retentionDays} days after it arrived (MEDIA_RETENTION_DAYS); the message stays.`;
}
