import { MAX_MEDIA_BYTES } from '@convis/contracts';
import { HttpException, HttpStatus, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { type AuthenticatedUser } from '../../auth/authenticated-user.js';
import { ValidationException } from '../../common/errors/validation.exception.js';
import { AccountsService } from '../../accounts/accounts.service.js';
import { EventsService } from '../../events/events.service.js';
import { type Message } from '../messages.schema.js';
import { WhatsAppService } from '../../whatsapp/whatsapp.service.js';
import { type ContactReadRow, ContactsService } from '../../contacts/contacts.service.js';
import { MessagesRepository } from '../messages.repository.js';
import { type UploadedMediaDto } from './dto/message-response.dto.js';
import { mediaProblem } from './media-rules.js';
import { graphFailure } from './send-answer.js';

/** A file Meta took (its media id), as uploaded, for the organization. */
export interface UploadedMedia {
  readonly organizationId: string;
  readonly metaMediaId: string;
  readonly data: Buffer;
  readonly mimeType: string;
  readonly filename: string;
}

/** Told of each file Meta took (media keeps a copy to show the messages that send it). */
export type UploadObserver = (upload: UploadedMedia) => Promise<void>;

/** Media uploads and read receipts: calls to Meta around messages that are not sends. */
@Injectable()
export class MessageActionsService {
  private readonly logger = new Logger(MessageActionsService.name);
  private readonly uploadObservers: UploadObserver[] = [];

  constructor(
    private readonly accounts: AccountsService,
    private readonly messages: MessagesRepository,
    private readonly contacts: ContactsService,
    private readonly whatsapp: WhatsAppService,
    private readonly events: EventsService,
  ) {}

  /**
   * Registers a feature's interest in uploads. Media registers here (it imports messages, so
   * messages cannot call it): the upload stays this feature's, the stored copy media's.
   */
  onUpload(observer: UploadObserver): void {
    this.uploadObservers.push(observer);
  }

  async upload(caller: AuthenticatedUser, request: FastifyRequest): Promise<UploadedMediaDto> {
    if (!request.isMultipart()) {
      throw new ValidationException([
        { field: 'file', messages: ['Send multipart/form-data with account_id and file'] },
      ]);
    }
    let accountId: string | undefined;
    let file: { data: Buffer; mimeType: string; filename: string } | undefined;
    try {
      for await (const part of request.parts({
        limits: { fileSize: MAX_MEDIA_BYTES, files: 1, fields: 5 },
      })) {
        if (part.type === 'field' && part.fieldname === 'account_id')
          accountId = String(part.value);
        else if (part.type === 'file' && part.fieldname === 'file') {
          const data = await part.toBuffer();
          if (part.file.truncated)
            throw new HttpException(
              'The file is larger than 100 MB, the most WhatsApp accepts.',
              HttpStatus.PAYLOAD_TOO_LARGE,
            );
          file = { data, mimeType: part.mimetype, filename: safeFilename(part.filename) };
        }
      }
    } catch (error) {
      throw brokenUpload(error);
    }
    const problems = [
      ...(accountId && /^[0-9a-f-]{36}$/i.test(accountId)
        ? []
        : [
            {
              field: 'account_id',
              messages: ['account_id must be the UUID of a WhatsApp account'],
            },
          ]),
      ...(file ? [] : [{ field: 'file', messages: ['file is required'] }]),
    ];
    const problem = file && mediaProblem(file.mimeType, file.data.length);
    if (problem) problems.push({ field: 'file', messages: [problem] });
    if (problems.length > 0 || !file || !accountId) throw new ValidationException(problems);

    const account = await this.accounts
      .secrets(caller.organizationId, accountId)
      .catch((error: unknown) => {
        if (error instanceof NotFoundException)
          throw new ValidationException([
            { field: 'account_id', messages: ['No such WhatsApp account in your organization'] },
          ]);
        throw error;
      });
    let id: string;
    try {
      ({ id } = await this.whatsapp.uploadMedia(
        account.accessToken,
        account.account.phoneNumberId,
        file,
      ));
    } catch (error) {
      throw graphFailure(error);
    }
    await this.tellUploaded({ organizationId: caller.organizationId, metaMediaId: id, ...file });
    return {
      media_id: id,
      mime_type: file.mimeType,
      size_bytes: file.data.length,
      filename: file.filename,
    };
  }

  /**
   * Meta has the file: a copy we fail to keep costs only its picture in the console, so the
   * client still gets its media id (a retry would upload it to Meta again).
   */
  private async tellUploaded(upload: UploadedMedia): Promise<void> {
    for (const observer of this.uploadObservers) {
      try {
        await observer(upload);
      } catch (error) {
        this.logger.warn(
          { err: error, organization_id: upload.organizationId, media_id: upload.metaMediaId },
          'The uploaded file could not be kept for the console',
        );
      }
    }
  }

  async markRead(caller: AuthenticatedUser, id: string): Promise<void> {
    const message = await this.messages.find(caller.organizationId, id);
    if (!message || !canSendReadReceipt(message)) {
      throw new NotFoundException('No such inbound message in your organization.');
    }
    try {
      await this.sendReadReceipt(caller.organizationId, message);
    } catch (error) {
      throw graphFailure(error);
    }
    await this.clearUnread(caller.organizationId, message.contactId);
  }

  /**
   * Zeroes the contact's unread count and, when something was unread, tells the organization's
   * consoles (`conversation.read`, with the change). Undefined when there is no such contact.
   */
  async clearUnread(
    organizationId: string,
    contactId: string,
  ): Promise<ContactReadRow | undefined> {
    return this.messages.transaction(async (tx) => {
      const cleared = await this.contacts.markRead(organizationId, contactId, tx);
      if (cleared && cleared.unread_before > 0) {
        await this.events.publish(
          {
            type: 'conversation.read',
            organizationId,
            data: { contact_id: contactId, read_at: cleared.read_at },
          },
          tx,
        );
      }
      return cleared;
    });
  }

  /**
   * Tells Meta the business read `message` (WhatsApp then counts every earlier message of the chat
   * as read too: the contact sees blue ticks) and records it on the message. Throws Meta's refusal
   * as a GraphApiError, and NotFoundException when its account is no longer connected.
   */
  async sendReadReceipt(organizationId: string, message: ReadableMessage): Promise<void> {
    const account = await this.accounts.secrets(organizationId, message.accountId);
    await this.whatsapp.markAsRead(
      account.accessToken,
      account.account.phoneNumberId,
      message.waMessageId,
    );
    await this.messages.update(organizationId, message.id, { status: 'read', readAt: new Date() });
  }
}

/** An inbound message Meta knows, on an account still connected: one a read receipt can name. */
export type ReadableMessage = Message & {
  readonly direction: 'in';
  readonly waMessageId: string;
  readonly accountId: string;
};

export function canSendReadReceipt(message: Message): message is ReadableMessage {
  return message.direction === 'in' && !!message.waMessageId && !!message.accountId;
}

/** A name safe to show and to send on: no paths, no control characters. */
function safeFilename(name: string | undefined): string {
  const base = (name ?? 'file').split(/[\\/]/).pop() ?? 'file';
  return base.replace(/[\p{Cc}"]/gu, '').slice(0, 200) || 'file';
}

/**
 * What a failure while reading the upload means for the client: our own refusals as they are,
 * the parser's limits (413), and anything else the parser throws (no boundary, a wrong one, a
 * body cut short) as a 400 on `file`: only the request can be at fault while it is parsed.
 */
function brokenUpload(error: unknown): HttpException {
  if (error instanceof HttpException) return error;
  const status = (error as { statusCode?: unknown }).statusCode;
  if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
    return new HttpException((error as Error).message, HttpStatus.PAYLOAD_TOO_LARGE);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new ValidationException([
    {
      field: 'file',
      messages: [`The upload is not a complete multipart/form-data body (${reason}).`],
    },
  ]);
}
