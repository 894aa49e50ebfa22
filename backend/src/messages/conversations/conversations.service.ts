import { isServiceWindowOpen, serviceWindowEnd } from '@convis/contracts';
import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { type AuthenticatedUser } from '../../auth/authenticated-user.js';
import { GraphApiError } from '../../whatsapp/graph-api.error.js';
import { type AccountLabel, AccountsService } from '../../accounts/accounts.service.js';
import { ContactsService } from '../../contacts/contacts.service.js';
import { type PageQueryDto } from '../history/dto/list-messages-query.dto.js';
import { type MessageThreadPageDto } from '../history/dto/message-response.dto.js';
import { MessageHistoryService } from '../history/message-history.service.js';
import { decodeCursor, encodeCursor } from '../history/query-fields.js';
import { canSendReadReceipt, MessageActionsService } from '../send/message-actions.service.js';
import {
  type ConversationDto,
  type ConversationPageDto,
  type UnreadCountsDto,
} from './dto/conversation-response.dto.js';
import { type ListConversationsQueryDto } from './dto/list-conversations-query.dto.js';
import { type ConversationRow, ConversationsRepository } from './conversations.repository.js';

/** The inbox: one conversation per contact and business number, its thread, its unread count. */
@Injectable()
export class ConversationsService {
  private readonly logger = new Logger(ConversationsService.name);

  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly contacts: ContactsService,
    private readonly accounts: AccountsService,
    private readonly history: MessageHistoryService,
    private readonly actions: MessageActionsService,
  ) {}

  async list(
    caller: AuthenticatedUser,
    query: ListConversationsQueryDto,
  ): Promise<ConversationPageDto> {
    const rows = await this.conversations.list(
      caller.organizationId,
      {
        accountId: query.account_id,
        q: query.q || undefined,
        unreadOnly: query.unread_only,
      },
      { limit: query.limit, after: query.cursor ? decodeCursor(query.cursor) : undefined },
    );
    const more = rows.length > query.limit;
    const page = more ? rows.slice(0, query.limit) : rows;
    const last = page.at(-1);
    const now = new Date();
    // One query for the page's accounts, however many conversations share them.
    const labels = await this.accounts.labels(
      caller.organizationId,
      page.flatMap((row) => (row.account_id ? [row.account_id] : [])),
    );
    return {
      items: page.map((row) => toConversation(row, labelOf(labels, row), now)),
      next_cursor:
        more && last?.cursor_at ? encodeCursor({ at: last.cursor_at, id: last.id }) : null,
    };
  }

  async unreadCounts(caller: AuthenticatedUser): Promise<UnreadCountsDto> {
    const counts = await this.conversations.unreadCounts(caller.organizationId);
    return { conversation_count: counts.conversations, message_count: counts.messages };
  }

  async get(caller: AuthenticatedUser, contactId: string): Promise<ConversationDto> {
    const row = await this.conversations.find(caller.organizationId, contactId);
    if (!row) throw notFound();
    const labels = row.account_id
      ? await this.accounts.labels(caller.organizationId, [row.account_id])
      : new Map<string, AccountLabel>();
    return toConversation(row, labelOf(labels, row), new Date());
  }

  async thread(
    caller: AuthenticatedUser,
    contactId: string,
    query: PageQueryDto,
  ): Promise<MessageThreadPageDto> {
    await this.requireContact(caller.organizationId, contactId);
    return this.history.thread(caller.organizationId, contactId, query);
  }

  /**
   * Zeroes the unread count, tells the organization's other tabs (`conversation.read`, when there
   * was something unread), then shows the contact blue ticks: their latest message is marked read
   * at Meta unless it is already. That last step is best effort: Meta refusing is logged, and
   * the conversation stays read here.
   */
  async markRead(caller: AuthenticatedUser, contactId: string): Promise<ConversationDto> {
    const { organizationId } = caller;
    const read = await this.actions.clearUnread(organizationId, contactId);
    if (!read) throw notFound();
    await this.sendReadReceipt(organizationId, contactId);
    return this.get(caller, contactId);
  }

  /** Marks the contact's latest message read at Meta unless it is already; logs failures, never throws. */
  private async sendReadReceipt(organizationId: string, contactId: string): Promise<void> {
    const latest = await this.conversations.latestInbound(organizationId, contactId);
    // Nothing new: no message, read at Meta already, or its account is disconnected.
    if (!latest || latest.status === 'read' || !canSendReadReceipt(latest)) return;
    try {
      await this.actions.sendReadReceipt(organizationId, latest);
    } catch (error) {
      // The conversation is read here already; an answer of 502 would only make the console retry.
      const context = {
        organization_id: organizationId,
        contact_id: contactId,
        message_id: latest.id,
      };
      if (error instanceof GraphApiError) {
        this.logger.warn(
          { ...context, graph_error: error.toJSON() },
          'WhatsApp refused the read receipt; the conversation is read here',
        );
      } else {
        this.logger.error(
          { ...context, err: error },
          'Read receipt not sent to WhatsApp; the conversation is read here',
        );
      }
    }
  }

  private async requireContact(organizationId: string, contactId: string): Promise<void> {
    if (!(await this.contacts.find(organizationId, contactId))) throw notFound();
  }
}

/** The row's account as shown beside it; undefined once disconnected. */
function labelOf(
  labels: ReadonlyMap<string, AccountLabel>,
  row: ConversationRow,
): AccountLabel | undefined {
  return row.account_id ? labels.get(row.account_id) : undefined;
}

function toConversation(
  row: ConversationRow,
  account: AccountLabel | undefined,
  now: Date,
): ConversationDto {
  const lastInbound = row.last_inbound_at ? new Date(row.last_inbound_at) : null;
  return {
    contact: {
      id: row.id,
      wa_id: row.wa_id || null,
      user_id: row.user_id,
      profile_name: row.profile_name,
      name: row.name,
      consent_state: row.consent_state,
    },
    business_number: {
      phone_number_id: row.phone_number_id,
      account_id: row.account_id,
      display_phone_number: account?.displayPhoneNumber ?? null,
      label: account?.label ?? null,
    },
    last_message:
      row.last_id && row.last_direction && row.last_status && row.last_created_at
        ? {
            id: row.last_id,
            direction: row.last_direction,
            message_type: row.last_message_type ?? '',
            preview_text: row.last_preview_text ?? '',
            status: row.last_status,
            created_at: row.last_created_at,
          }
        : null,
    last_message_at: row.last_message_at,
    last_inbound_at: row.last_inbound_at,
    unread_count: row.unread_count,
    window: {
      open: isServiceWindowOpen(lastInbound, now),
      expires_at: lastInbound ? serviceWindowEnd(lastInbound).toISOString() : null,
    },
  };
}

function notFound(): NotFoundException {
  return new NotFoundException('No such contact in your organization.');
}
