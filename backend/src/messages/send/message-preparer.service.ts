import {
  isServiceWindowOpen,
  livePreview,
  MESSAGE_LIMITS,
  withPresetTexts,
} from '@convis/contracts';
import {
  HttpException,
  HttpStatus,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { AccountsService, type AccountSecrets } from '../../accounts/accounts.service.js';
import { ValidationException } from '../../common/errors/validation.exception.js';
import { type Executor } from '../../database/database.js';
import { EventsService } from '../../events/events.service.js';
import { TemplateCatalog } from '../../templates/template-catalog.service.js';
import { type MessageTemplate } from '../../templates/templates.schema.js';
import { type OutgoingMessage } from '../../whatsapp/graph-api.types.js';
import { type Contact } from '../../contacts/contacts.schema.js';
import { ConsentService } from '../../contacts/consent/consent.service.js';
import { type ContactIdentity, ContactsService } from '../../contacts/contacts.service.js';
import { toMessageError } from '../history/message-mapper.js';
import { type Message } from '../messages.schema.js';
import { MessagesRepository } from '../messages.repository.js';
import { type SendMessageDto } from './dto/send-message.dto.js';
import { buildGraphPayload } from './graph-payload.js';
import { type PreparedMessage } from './message-delivery.service.js';
import { graphAddress, parseRecipient, type Recipient } from './recipient.js';
import { type SendResult, toSentMessage } from './send-result.js';
import { renderSentTemplate, type SentTemplate } from './sent-template.js';
import { checkTemplateParameters } from './template-rules.js';

/**
 * Who sends: a signed-in user (or, later, the owner of a campaign); `id: null` for a message the
 * service sends by itself (a consent keyword's confirmation).
 */
export interface Sender {
  readonly id: string | null;
  readonly organizationId: string;
}

/**
 * A campaign's send: the message id is chosen (and recorded with the recipient) beforehand, and
 * the account and approved template come from its chunk, read once for all its recipients.
 */
export interface CampaignSend {
  readonly campaignId: string;
  readonly messageId: string;
  readonly account: AccountSecrets;
  readonly template: MessageTemplate;
}

/** What became of one message of a campaign's group (see prepareCampaignGroup). */
export type CampaignPreparation =
  | { readonly kind: 'prepared'; readonly prepared: PreparedMessage }
  | { readonly kind: 'refused'; readonly error: HttpException }
  | { readonly kind: 'taken' };

/** A message checked and ready to be written. */
interface PlannedMessage {
  readonly sender: Sender;
  readonly id: string;
  readonly identity: ContactIdentity;
  readonly account: AccountSecrets;
  readonly recipient: Recipient;
  readonly graphType: string;
  readonly preview: string;
  readonly template: SentTemplate | undefined;
  readonly contextWamid: string | undefined;
  readonly payload: OutgoingMessage;
  readonly idempotencyKey: string | undefined;
  readonly requestHash: string | undefined;
  readonly campaignId: string | undefined;
}

/** A message ready for MessageDelivery, or the first result again for a retried request. */
export type Preparation =
  | { readonly kind: 'prepared'; readonly prepared: PreparedMessage }
  | { readonly kind: 'replay'; readonly result: SendResult };

/**
 * Prepares a message for delivery: checks it against Meta's rules and the 24-hour window (a
 * refused request writes nothing), finds an earlier request with the same Idempotency-Key, then
 * writes the row `queued`, its timeline entry and its live event in one transaction. Rule
 * failures are thrown as 400/422 exceptions; no HTTP request is needed around it.
 */
@Injectable()
export class MessagePreparer {
  constructor(
    private readonly accounts: AccountsService,
    private readonly contacts: ContactsService,
    private readonly consent: ConsentService,
    private readonly messages: MessagesRepository,
    private readonly templates: TemplateCatalog,
    private readonly events: EventsService,
  ) {}

  async prepare(
    sender: Sender,
    dto: SendMessageDto,
    idempotencyKey?: string,
    campaign?: CampaignSend,
  ): Promise<Preparation> {
    const { organizationId } = sender;
    const requestHash = idempotencyKey ? hashRequest(dto) : undefined;
    if (idempotencyKey) {
      const previous = await this.messages.findByIdempotencyKey(organizationId, idempotencyKey);
      if (previous) return { kind: 'replay', result: replayOf(previous, requestHash!) };
    }
    const plan = await this.plan(sender, dto, campaign, idempotencyKey, requestHash);
    const queued = await this.messages.transaction((tx) => this.write(plan, tx));
    if (!queued) {
      // The same Idempotency-Key raced in from a concurrent request: answer with its result.
      const previous = await this.messages.findByIdempotencyKey(organizationId, idempotencyKey!);
      if (previous) return { kind: 'replay', result: replayOf(previous, requestHash!) };
      throw new Error('Message insert returned no row');
    }
    return {
      kind: 'prepared',
      prepared: { message: queued, account: plan.account, payload: plan.payload },
    };
  }

  /**
   * A group of a campaign's messages: each is checked first (a refusal is its result, nothing
   * written for it); then one transaction runs `claim`, which answers the message ids whose
   * recipients this worker now holds, and writes those messages, their live events sent in one
   * statement. A message claimed elsewhere is `taken`. One transaction for the group instead of
   * one per message: the statements of a send are what bounds a campaign's speed.
   */
  async prepareCampaignGroup(
    sender: Sender,
    items: readonly { readonly dto: SendMessageDto; readonly campaign: CampaignSend }[],
    claim: (tx: Executor) => Promise<ReadonlySet<string>>,
  ): Promise<CampaignPreparation[]> {
    const plans = await Promise.all(
      items.map(async ({ dto, campaign }) => {
        try {
          return await this.plan(sender, dto, campaign);
        } catch (error) {
          if (error instanceof HttpException && error.getStatus() < 500) return error;
          throw error;
        }
      }),
    );
    const written = await this.messages.transaction((tx) =>
      this.events.publishTogether(tx, async () => {
        const claimed = await claim(tx);
        const rows = new Map<string, Message>();
        for (const plan of plans) {
          if (plan instanceof HttpException || !claimed.has(plan.id)) continue;
          const row = await this.write(plan, tx);
          if (!row) throw new Error(`Message ${plan.id} exists already`);
          rows.set(plan.id, row);
        }
        return { claimed, rows };
      }),
    );
    return plans.map((plan, i): CampaignPreparation => {
      const messageId = items[i]!.campaign.messageId;
      if (!written.claimed.has(messageId)) return { kind: 'taken' };
      if (plan instanceof HttpException) return { kind: 'refused', error: plan };
      const message = written.rows.get(messageId)!;
      return {
        kind: 'prepared',
        prepared: { message, account: plan.account, payload: plan.payload },
      };
    });
  }

  /**
   * Everything before writing: the checks (a refusal throws, and nothing is written), Meta's
   * message object and the row to write.
   */
  private async plan(
    sender: Sender,
    dto: SendMessageDto,
    campaign?: CampaignSend,
    idempotencyKey?: string,
    requestHash?: string,
  ): Promise<PlannedMessage> {
    const { organizationId } = sender;
    const recipient = recipientOf(dto);
    checkInteractiveRows(dto);
    const account =
      campaign?.account ??
      (await this.accounts.secrets(organizationId, dto.account_id).catch((error: unknown) => {
        if (error instanceof NotFoundException)
          throw new ValidationException([
            { field: 'account_id', messages: ['No such WhatsApp account in your organization'] },
          ]);
        throw error;
      }));
    const identity = {
      organizationId,
      phoneNumberId: account.account.phoneNumberId,
      accountId: account.account.id,
      waId: recipient.kind === 'phone' ? recipient.waId : '',
      userId: recipient.kind === 'user' ? recipient.userId : null,
    };
    // Checks first, with a read-only lookup: a refused request creates no contact.
    const known = await this.contacts.findByIdentity(identity);
    if (dto.message_type !== 'template') assertWindowOpen(known);
    const template =
      dto.message_type === 'template'
        ? await this.templateToSend(organizationId, account, dto, known, campaign?.template)
        : undefined;

    const contextWamid = dto.reply_to
      ? await this.wamidOf(organizationId, dto.reply_to, 'reply_to')
      : undefined;
    const reactionWamid = dto.reaction
      ? await this.wamidOf(organizationId, dto.reaction.message_id, 'reaction.message_id')
      : undefined;
    const graph = buildGraphPayload(dto, reactionWamid);
    const id = campaign?.messageId ?? randomUUID();
    const payload: OutgoingMessage = {
      to: graphAddress(recipient),
      type: graph.type,
      ...graph.body,
      ...(contextWamid ? { context: { message_id: contextWamid } } : {}),
      // Meta echoes this in every status webhook: statuses find their message even before the wamid is stored.
      biz_opaque_callback_data: id,
    };
    return {
      sender,
      id,
      identity,
      account,
      recipient,
      graphType: graph.type,
      preview: (template?.body ?? graph.preview).slice(0, 500),
      template,
      contextWamid,
      payload,
      idempotencyKey,
      requestHash,
      campaignId: campaign?.campaignId,
    };
  }

  /** Writes a planned message `queued`: its contact, row, timeline entry and live event. */
  private async write(plan: PlannedMessage, tx: Executor): Promise<Message | undefined> {
    const { sender, id, account, recipient } = plan;
    const { organizationId } = sender;
    const contact = await this.contacts.upsertForOutbound(plan.identity, tx);
    const row = await this.messages.insert(
      {
        id,
        organizationId,
        accountId: account.account.id,
        phoneNumberId: account.account.phoneNumberId,
        contactId: contact.id,
        direction: 'out',
        fromAddress: account.account.displayPhoneNumber ?? account.account.phoneNumberId,
        toAddress: recipient.kind === 'phone' ? recipient.display : recipient.userId,
        messageType: plan.graphType,
        content: plan.payload,
        previewText: plan.preview,
        sentTemplate: plan.template ?? null,
        status: 'queued',
        contextWaMessageId: plan.contextWamid ?? null,
        idempotencyKey: plan.idempotencyKey ?? null,
        requestHash: plan.requestHash ?? null,
        sentByUserId: sender.id,
        campaignId: plan.campaignId ?? null,
      },
      tx,
    );
    if (!row) return undefined;
    await this.messages.addStatusEvent(
      { organizationId, messageId: id, status: 'queued', occurredAt: row.createdAt },
      tx,
    );
    await this.events.publish(
      {
        type: 'message.created',
        organizationId,
        // Enough for the inbox to show the conversation's new last message without a refetch.
        data: {
          message_id: id,
          contact_id: contact.id,
          account_id: account.account.id,
          direction: 'out',
          status: 'queued',
          message_type: row.messageType,
          preview: livePreview(row.previewText),
          created_at: row.createdAt.toISOString(),
        },
      },
      tx,
    );
    return row;
  }

  /** The approved template the request names, filled in with its parameters: what the customer will read. */
  private async templateToSend(
    organizationId: string,
    account: AccountSecrets,
    dto: SendMessageDto,
    contact: Contact | undefined,
    known?: MessageTemplate,
  ): Promise<SentTemplate> {
    const name = dto.template_name!;
    const language = dto.template_language ?? 'en_US';
    const template =
      known ??
      (await this.templates.find(
        { organizationId, wabaId: account.account.wabaId, accessToken: account.accessToken },
        name,
        language,
      ));
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
    // Marketing needs consent (Meta refuses it too, with 131050, once the user stopped it);
    // utility and authentication templates go to everyone.
    if (template.category === 'MARKETING') await this.consent.assertMarketingAllowed(contact);
    // An authentication template's body and footer as Meta writes them (its code is `{{1}}`).
    const components = withPresetTexts(template.components);
    const problems = checkTemplateParameters(components, dto.template_components ?? []);
    if (problems.length > 0) {
      throw new ValidationException([
        { field: 'template_components', messages: problems.map((p) => p.message) },
      ]);
    }
    return renderSentTemplate({ ...template, components }, dto.template_components ?? []);
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

/**
 * A retried request (same Idempotency-Key): the first request's result, as it was answered,
 * whatever happened to the message since (statuses, a disconnected account); 422 when the key
 * came with a different request.
 */
function replayOf(previous: Message, requestHash: string): SendResult {
  if (previous.requestHash !== requestHash) {
    throw new UnprocessableEntityException(
      'This Idempotency-Key was already used for a different message. Use a new key for a new message.',
    );
  }
  if (previous.sendResult) return previous.sendResult;
  // Rows from before results were kept: Meta's refusal of the send itself.
  if (previous.error?.source === 'send') {
    return { outcome: 'failed', messageId: previous.id, error: toMessageError(previous.error)! };
  }
  // The first request has no answer yet (it is still with Meta, or its process died first):
  // the message as it stands.
  return { outcome: 'sent', message: toSentMessage(previous) };
}

function recipientOf(dto: SendMessageDto): Recipient {
  const parsed = parseRecipient(dto.to);
  if (!parsed.ok) throw new ValidationException([{ field: 'to', messages: [parsed.reason] }]);
  return parsed.recipient;
}

/** Free-form messages need a customer message in the last 24 hours (Meta error 131047 otherwise). */
function assertWindowOpen(contact: Contact | undefined): void {
  const lastInboundAt = contact?.lastInboundAt ?? null;
  if (isServiceWindowOpen(lastInboundAt)) return;
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
  if (rows > MESSAGE_LIMITS.listRows)
    problems.push(`a list can hold at most ${MESSAGE_LIMITS.listRows} rows in all, got ${rows}`);
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
