import {
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { type AuthenticatedUser } from '../../auth/authenticated-user.js';
import { ValidationException } from '../../common/errors/validation.exception.js';
import { AccountsService, type AccountSecrets } from '../../accounts/accounts.service.js';
import { type Contact } from '../contacts/contacts.schema.js';
import { type Message } from '../messages.schema.js';
import { EventsService } from '../../events/events.service.js';
import { EVENT_PREVIEW_LENGTH } from '../../events/events.types.js';
import { TemplateCatalog } from '../../templates/template-catalog.service.js';
import { GraphApiError, type GraphErrorJson } from '../../whatsapp/graph-api.error.js';
import { WhatsAppService } from '../../whatsapp/whatsapp.service.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { windowOpen } from '../message-status.js';
import { MessagesRepository } from '../messages.repository.js';
import { StatusApplier } from '../status-applier.service.js';
import { LIMITS, type SendMessageDto } from './dto/send-message.dto.js';
import { type SentMessageDto } from './dto/message-response.dto.js';
import { errorDto } from './message-error.js';
import { buildGraphPayload } from './graph-payload.js';
import { graphAddress, parseRecipient, type Recipient } from './recipient.js';
import { checkTemplateParameters } from './template-rules.js';

/**
 * Sends one message: validates it against Meta's rules and the 24-hour window, writes the row
 * (`queued`) before Meta is called, then records Meta's answer (`sent` with the wamid, or
 * `failed` with Meta's error explained). An Idempotency-Key makes retries return the first result.
 */
@Injectable()
export class SendMessageService {
  private readonly logger = new Logger(SendMessageService.name);

  constructor(
    private readonly accounts: AccountsService,
    private readonly contacts: ContactsService,
    private readonly messages: MessagesRepository,
    private readonly statuses: StatusApplier,
    private readonly whatsapp: WhatsAppService,
    private readonly templates: TemplateCatalog,
    private readonly events: EventsService,
  ) {}

  async send(
    caller: AuthenticatedUser,
    dto: SendMessageDto,
    idempotencyKey?: string,
  ): Promise<SentMessageDto> {
    const requestHash = idempotencyKey ? hashRequest(dto) : undefined;
    if (idempotencyKey) {
      const previous = await this.messages.findByIdempotencyKey(
        caller.organizationId,
        idempotencyKey,
      );
      if (previous) return this.replay(previous, requestHash!);
    }

    const recipient = this.recipientOf(dto);
    checkInteractiveRows(dto);
    const account = await this.accounts
      .secrets(caller.organizationId, dto.account_id)
      .catch((error: unknown) => {
        if (error instanceof NotFoundException)
          throw new ValidationException([
            { field: 'account_id', messages: ['No such WhatsApp account in your organization'] },
          ]);
        throw error;
      });
    const identity = {
      organizationId: caller.organizationId,
      phoneNumberId: account.account.phoneNumberId,
      accountId: account.account.id,
      waId: recipient.kind === 'phone' ? recipient.waId : '',
      userId: recipient.kind === 'user' ? recipient.userId : null,
    };
    // Checks first, with a read-only lookup: a refused request creates no contact.
    const known = await this.contacts.findByIdentity(identity);
    if (dto.message_type !== 'template') assertWindowOpen(known);
    else await this.assertTemplateFits(caller.organizationId, account, dto);

    const contextWamid = dto.reply_to
      ? await this.wamidOf(caller.organizationId, dto.reply_to, 'reply_to')
      : undefined;
    const reactionWamid = dto.reaction
      ? await this.wamidOf(caller.organizationId, dto.reaction.message_id, 'reaction.message_id')
      : undefined;
    const payload = buildGraphPayload(dto, reactionWamid);
    const id = randomUUID();
    const graphMessage = {
      to: graphAddress(recipient),
      type: payload.type,
      ...payload.body,
      ...(contextWamid ? { context: { message_id: contextWamid } } : {}),
      // Meta echoes this in every status webhook: statuses find their message even before the wamid is stored.
      biz_opaque_callback_data: id,
    };

    const queued = await this.messages.transaction(async (tx) => {
      const contact = await this.contacts.upsert(identity, tx);
      const row = await this.messages.insert(
        {
          id,
          organizationId: caller.organizationId,
          accountId: account.account.id,
          phoneNumberId: account.account.phoneNumberId,
          contactId: contact.id,
          direction: 'out',
          fromAddress: account.account.displayPhoneNumber ?? account.account.phoneNumberId,
          toAddress: recipient.kind === 'phone' ? recipient.display : recipient.userId,
          messageType: payload.type,
          content: graphMessage,
          previewText: payload.preview.slice(0, 500),
          status: 'queued',
          contextWaMessageId: contextWamid ?? null,
          idempotencyKey: idempotencyKey ?? null,
          requestHash: requestHash ?? null,
          sentByUserId: caller.id,
        },
        tx,
      );
      if (!row) return undefined;
      await this.messages.addStatusEvent(
        {
          organizationId: caller.organizationId,
          messageId: id,
          status: 'queued',
          occurredAt: row.createdAt,
        },
        tx,
      );
      await this.contacts.recordOutbound(caller.organizationId, contact.id, row.createdAt, tx);
      await this.events.publish(
        {
          type: 'message.created',
          organizationId: caller.organizationId,
          // Enough for the inbox to show the conversation's new last message without a refetch.
          data: {
            message_id: id,
            contact_id: contact.id,
            account_id: account.account.id,
            direction: 'out',
            status: 'queued',
            message_type: row.messageType,
            preview: row.previewText.slice(0, EVENT_PREVIEW_LENGTH),
            created_at: row.createdAt.toISOString(),
          },
        },
        tx,
      );
      return row;
    });
    if (!queued) {
      // The same Idempotency-Key raced in from a concurrent request: answer with its result.
      const previous = await this.messages.findByIdempotencyKey(
        caller.organizationId,
        idempotencyKey!,
      );
      if (previous) return this.replay(previous, requestHash!);
      throw new Error('Message insert returned no row');
    }

    try {
      const result = await this.whatsapp.sendMessage(
        account.accessToken,
        account.account.phoneNumberId,
        graphMessage,
      );
      const wamid = result.messages[0]?.id;
      if (!wamid)
        throw new GraphApiError({
          message: 'Meta accepted the message without a message id',
          httpStatus: 200,
          retryable: false,
        });
      return toSentMessage(await this.markAccepted(caller.organizationId, id, wamid));
    } catch (error) {
      if (!(error instanceof GraphApiError)) throw error;
      const failed = await this.markFailed(caller.organizationId, id, error);
      throw sendFailed(failed, error);
    }
  }

  /** Meta accepted: the message is `sent` and has its wamid; statuses that came early now apply. */
  private markAccepted(organizationId: string, id: string, wamid: string): Promise<Message> {
    return this.messages.transaction(async (tx) => {
      const message = await this.messages.findForUpdate(organizationId, id, tx);
      if (!message) throw new Error(`Message ${id} vanished while sending`);
      const now = new Date();
      const updated = await this.messages.update(
        organizationId,
        id,
        {
          waMessageId: message.waMessageId ?? wamid,
          // A status webhook may have moved it on already (it finds the row by our id).
          ...(message.status === 'queued'
            ? { status: 'sent' as const, sentAt: message.sentAt ?? now }
            : {}),
        },
        tx,
      );
      const reconciled = await this.statuses.reconcile(updated ?? message, tx);
      await this.events.publish(
        {
          type: 'message.status',
          organizationId,
          data: {
            message_id: id,
            wa_message_id: wamid,
            status: reconciled.status,
            event: 'accepted',
          },
        },
        tx,
      );
      return reconciled;
    });
  }

  private markFailed(organizationId: string, id: string, error: GraphApiError): Promise<Message> {
    return this.messages.transaction(async (tx) => {
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
      const updated = await this.messages.update(
        organizationId,
        id,
        { status: 'failed', failedAt: now, error: { ...error.toJSON(), source: 'send' } },
        tx,
      );
      await this.events.publish(
        {
          type: 'message.status',
          organizationId,
          data: { message_id: id, status: 'failed', event: 'failed' },
        },
        tx,
      );
      this.logger.warn(
        { message_id: id, graph_error: error.toJSON() },
        'Message refused by the Graph API',
      );
      return updated!;
    });
  }

  /** A retried request: the first result again, or 422 when the key was used for another request. */
  private replay(previous: Message, requestHash: string): SentMessageDto {
    if (previous.requestHash !== requestHash) {
      throw new UnprocessableEntityException(
        'This Idempotency-Key was already used for a different message. Use a new key for a new message.',
      );
    }
    if (previous.status === 'failed' && previous.error) {
      throw sendFailed(previous, previous.error as GraphErrorJson);
    }
    return toSentMessage(previous);
  }

  private recipientOf(dto: SendMessageDto): Recipient {
    const parsed = parseRecipient(dto.to);
    if (!parsed.ok) throw new ValidationException([{ field: 'to', messages: [parsed.reason] }]);
    return parsed.recipient;
  }

  private async assertTemplateFits(
    organizationId: string,
    account: AccountSecrets,
    dto: SendMessageDto,
  ): Promise<void> {
    const name = dto.template_name!;
    const language = dto.template_language ?? 'en_US';
    const template = await this.templates.find(
      { organizationId, wabaId: account.account.wabaId, accessToken: account.accessToken },
      name,
      language,
    );
    if (!template) {
      throw new UnprocessableEntityException(
        `There is no template "${name}" in ${language} for this account. Pick an approved template and the language it was approved in.`,
      );
    }
    if (template.status !== 'APPROVED') {
      throw new UnprocessableEntityException(
        `Template "${name}" (${language}) is ${template.status}, not approved: it cannot be sent yet.`,
      );
    }
    const problems = checkTemplateParameters(template.components, dto.template_components ?? []);
    if (problems.length > 0) {
      throw new ValidationException([
        { field: 'template_components', messages: problems.map((p) => p.message) },
      ]);
    }
  }

  /** Our message id or a wamid -> the wamid Meta knows. */
  private async wamidOf(organizationId: string, reference: string, field: string): Promise<string> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(reference))
      return reference;
    const message = await this.messages.find(organizationId, reference);
    if (!message)
      throw new ValidationException([
        { field, messages: [`No message ${reference} in your organization`] },
      ]);
    if (!message.waMessageId)
      throw new ValidationException([
        {
          field,
          messages: ['That message was never accepted by Meta, so it cannot be referenced'],
        },
      ]);
    return message.waMessageId;
  }
}

/** Free-form messages need a customer message in the last 24 hours (Meta error 131047 otherwise). */
function assertWindowOpen(contact: Contact | undefined): void {
  const lastInboundAt = contact?.lastInboundAt ?? null;
  if (windowOpen(lastInboundAt)) return;
  const last = lastInboundAt
    ? `last wrote on ${lastInboundAt.toISOString()}, more than 24 hours ago`
    : 'has never written to this number';
  throw new HttpException(
    {
      message: `This contact ${last}. Outside the 24-hour customer service window WhatsApp only delivers approved templates: send a template instead. Free-form messages work again once they reply.`,
      extensions: {
        window: { open: false, last_inbound_at: lastInboundAt?.toISOString() ?? null },
      },
    },
    HttpStatus.UNPROCESSABLE_ENTITY,
  );
}

/** Meta shows at most 10 rows in a list in all. */
function checkInteractiveRows(dto: SendMessageDto): void {
  if (dto.message_type !== 'interactive' || dto.interactive?.type !== 'list') return;
  const sections = dto.interactive.sections ?? [];
  const rows = sections.reduce((sum, section) => sum + section.rows.length, 0);
  const problems: string[] = [];
  if (rows > LIMITS.listRows)
    problems.push(`a list can hold at most ${LIMITS.listRows} rows in all, got ${rows}`);
  if (sections.length > 1 && sections.some((s) => !s.title))
    problems.push('every section needs a title when there are several');
  const ids = sections.flatMap((s) => s.rows.map((r) => r.id));
  if (new Set(ids).size !== ids.length) problems.push('row ids must be unique');
  if (problems.length > 0)
    throw new ValidationException([{ field: 'interactive.sections', messages: problems }]);
}

function hashRequest(dto: SendMessageDto): string {
  return createHash('sha256').update(JSON.stringify(dto)).digest('hex');
}

/** 422 when Meta refused the message, 502 when Meta could not be reached or kept failing. */
function sendFailed(message: Message, error: GraphApiError | GraphErrorJson): HttpException {
  const json = error instanceof GraphApiError ? error.toJSON() : error;
  const dto = errorDto(json);
  return new HttpException(
    {
      message: `${dto.title}: ${dto.explanation} ${dto.fix}`.trim(),
      extensions: { message_id: message.id, meta_error: dto },
    },
    dto.retryable ? HttpStatus.BAD_GATEWAY : HttpStatus.UNPROCESSABLE_ENTITY,
  );
}

export function toSentMessage(message: Message): SentMessageDto {
  return {
    id: message.id,
    wa_message_id: message.waMessageId,
    account_id: message.accountId,
    phone_number_id: message.phoneNumberId,
    contact_id: message.contactId,
    direction: message.direction,
    to: message.toAddress,
    from: message.fromAddress,
    message_type: message.messageType,
    status: message.status,
    preview_text: message.previewText,
    error: message.error ? errorDto(message.error as GraphErrorJson) : null,
    created_at: message.createdAt.toISOString(),
    sent_at: message.sentAt?.toISOString() ?? null,
  };
}
