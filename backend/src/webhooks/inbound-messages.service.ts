import { livePreview } from '@convis/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { ConsentService } from '../contacts/consent/consent.service.js';
import { type Executor } from '../database/database.js';
import { type WhatsAppAccount } from '../accounts/accounts.schema.js';
import { EventsService } from '../events/events.service.js';
import { MediaService } from '../media/media.service.js';
import { MessagesService } from '../messages/messages.service.js';
import { mediaOf, previewOf, senderOf, timestampOf } from './inbound-message.js';
import { type MetaInboundMessage, type MetaMessagesValue } from './meta-webhook.types.js';

/** A consent keyword's confirmation to the contact, sent after the batch committed. */
export interface ConsentReply {
  readonly organizationId: string;
  readonly accountId: string;
  /** The contact's number (`+` and digits) or business-scoped user id. */
  readonly to: string;
  readonly text: string;
}

/** What storing one inbound message did. */
export type InboundOutcome = 'stored' | 'duplicate' | 'skipped';

/**
 * Reads a customer's message out of Meta's payload and files it through MessagesService (its
 * contact, the message once per wamid, the 24-hour window and unread count), then its media for
 * background download (MediaService) and a `message.inbound` live event, all in the caller's
 * transaction.
 */
@Injectable()
export class InboundMessagesService {
  private readonly logger = new Logger(InboundMessagesService.name);

  constructor(
    private readonly messages: MessagesService,
    private readonly media: MediaService,
    private readonly events: EventsService,
    private readonly consent: ConsentService,
  ) {}

  async store(
    account: WhatsAppAccount,
    value: MetaMessagesValue,
    message: MetaInboundMessage,
    executor: Executor,
  ): Promise<{ outcome: InboundOutcome; media: boolean; reply?: ConsentReply }> {
    const organizationId = account.organizationId;
    const wamid = typeof message.id === 'string' ? message.id : '';
    const sender = senderOf(message, value.contacts);
    if (!wamid || !sender) {
      this.logger.warn(
        { organization_id: organizationId, phone_number_id: account.phoneNumberId, wamid },
        'Inbound message without an id or a sender: ignored',
      );
      return { outcome: 'skipped', media: false };
    }

    const type = typeof message.type === 'string' && message.type ? message.type : 'unknown';
    const receivedAt = timestampOf(message.timestamp);
    const preview = previewOf(message);
    const filed = await this.messages.recordInbound(
      {
        organizationId,
        accountId: account.id,
        phoneNumberId: account.phoneNumberId,
        sender,
        waMessageId: wamid,
        type,
        // Spread: Meta's message type (an interface) has no index signature.
        content: { ...message },
        previewText: preview,
        toAddress:
          value.metadata?.display_phone_number ||
          account.displayPhoneNumber ||
          account.phoneNumberId,
        error: message.errors?.[0] ?? null,
        contextWaMessageId: typeof message.context?.id === 'string' ? message.context.id : null,
        receivedAt,
      },
      executor,
    );
    // Meta redelivers: the same wamid again changes nothing and counts nothing.
    if (!filed) return { outcome: 'duplicate', media: false };

    // STOP, START and the organization's other keywords change the contact's marketing consent:
    // typed, or the tap on a template's quick-reply button ("Stop promotions") that says one.
    let reply: ConsentReply | undefined;
    const said =
      type === 'text' ? message.text?.body : type === 'button' ? message.button?.text : undefined;
    if (typeof said === 'string') {
      const keyword = await this.consent.applyKeyword(
        organizationId,
        filed.contact,
        said,
        // Recorded when it is read here: Meta's timestamp has whole seconds only, and would
        // order a keyword before a change made in the console within the same second.
        new Date(),
        executor,
      );
      if (keyword?.reply)
        reply = {
          organizationId,
          accountId: account.id,
          to: sender.waId ? `+${sender.waId}` : (sender.userId ?? ''),
          text: keyword.reply,
        };
    }

    const media = mediaOf(message);
    const file = media
      ? await this.media.registerInbound(
          {
            organizationId,
            messageId: filed.messageId,
            metaMediaId: media.id,
            mimeType: media.mimeType,
            sha256: media.sha256,
            filename: media.filename,
          },
          executor,
        )
      : undefined;
    await this.events.publish(
      {
        type: 'message.inbound',
        organizationId,
        data: {
          message_id: filed.messageId,
          contact_id: filed.contactId,
          account_id: account.id,
          phone_number_id: account.phoneNumberId,
          wa_message_id: wamid,
          message_type: type,
          preview: livePreview(preview),
          media_id: file?.id ?? null,
          received_at: receivedAt.toISOString(),
        },
      },
      executor,
    );
    return { outcome: 'stored', media: file !== undefined, reply };
  }
}
