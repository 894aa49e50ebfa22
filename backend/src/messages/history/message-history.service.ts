import { Injectable, NotFoundException } from '@nestjs/common';
import { type AuthenticatedUser } from '../../auth/authenticated-user.js';
import { ContactsService } from '../../contacts/contacts.service.js';
import { MessagesRepository } from '../messages.repository.js';
import { openRange } from './date-range.js';
import { type ListMessagesQueryDto, type PageQueryDto } from './dto/list-messages-query.dto.js';
import {
  type MessageDetailDto,
  type MessagePageDto,
  type MessageThreadPageDto,
} from './dto/message-response.dto.js';
import {
  type ListedMessage,
  type MessageFilters,
  MessageHistoryRepository,
} from './message-history.repository.js';
import {
  recordOrNull,
  toContactSummary,
  toMessageSummary,
  toMessageWithContent,
  toStatusEvent,
} from './message-mapper.js';
import { decodeCursor, encodeCursor } from './query-fields.js';

/** Up to this many contacts matched by `contact` are passed as a list of ids. */
const MAX_CONTACT_IDS = 500;

/** Message history, one message's detail, and the message pages of conversation threads. */
@Injectable()
export class MessageHistoryService {
  constructor(
    private readonly history: MessageHistoryRepository,
    private readonly messages: MessagesRepository,
    private readonly contacts: ContactsService,
  ) {}

  async list(caller: AuthenticatedUser, query: ListMessagesQueryDto): Promise<MessagePageDto> {
    const range = openRange(query.since, query.until);
    const filters: MessageFilters = {
      accountId: query.account_id,
      direction: query.direction,
      statuses: query.status,
      contactMatch: query.contact
        ? await this.contacts.idsMatching(caller.organizationId, query.contact, MAX_CONTACT_IDS)
        : undefined,
      campaignId: query.campaign_id,
      errorCode: query.error_code,
      since: range.since,
      until: range.until,
      q: query.q || undefined,
    };
    const { rows, nextCursor } = await this.page(caller.organizationId, filters, query, false);
    // The page's contact names, asked of the contacts feature once per page.
    const contacts = await this.contacts.findMany(
      caller.organizationId,
      rows.map((row) => row.contactId),
    );
    const names = new Map(contacts.map((c) => [c.id, c.name ?? c.profileName ?? null]));
    return {
      items: rows.map((row) => toMessageSummary(row, names.get(row.contactId) ?? null)),
      next_cursor: nextCursor,
    };
  }

  /** A contact's messages, newest first, with their payloads. The caller checked the contact. */
  async thread(
    organizationId: string,
    contactId: string,
    query: PageQueryDto,
  ): Promise<MessageThreadPageDto> {
    const { rows, nextCursor } = await this.page(organizationId, { contactId }, query, true);
    return { items: rows.map(toMessageWithContent), next_cursor: nextCursor };
  }

  async get(caller: AuthenticatedUser, id: string): Promise<MessageDetailDto> {
    const message = await this.messages.find(caller.organizationId, id);
    if (!message) throw new NotFoundException('No such message in your organization.');
    const [contact, timeline] = await Promise.all([
      this.contacts.find(caller.organizationId, message.contactId),
      this.history.timeline(caller.organizationId, message.id),
    ]);
    // contact_id is a NOT NULL foreign key with ON DELETE CASCADE: the contact exists.
    if (!contact) throw new NotFoundException('No such message in your organization.');
    return {
      ...toMessageWithContent(message),
      contact: toContactSummary(contact),
      timeline: timeline.map(toStatusEvent),
      pricing: recordOrNull(message.pricing),
      conversation: recordOrNull(message.conversation),
      sent_by_user_id: message.sentByUserId,
      updated_at: message.updatedAt.toISOString(),
    };
  }

  private async page(
    organizationId: string,
    filters: MessageFilters,
    query: PageQueryDto,
    withContent: boolean,
  ): Promise<{ rows: ListedMessage[]; nextCursor: string | null }> {
    const rows = await this.history.list(
      organizationId,
      filters,
      // The DTO validated the cursor, so it decodes.
      { limit: query.limit, after: query.cursor ? decodeCursor(query.cursor) : undefined },
      { withContent },
    );
    const more = rows.length > query.limit;
    const pageRows = more ? rows.slice(0, query.limit) : rows;
    const last = pageRows.at(-1);
    return { rows: pageRows, nextCursor: more && last ? encodeCursor(last.position) : null };
  }
}
