import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, isNotNull, ne, type SQL, sql } from 'drizzle-orm';
import { type Database } from '../../database/database.js';
import { DATABASE } from '../../database/database.module.js';
import { type Message, messages, type MessageStatus } from '../messages.schema.js';
import { type ConsentState } from '@convis/contracts';
import { parseContactSearch } from '../../contacts/contact-search.js';
import { escapeLike, type KeysetPosition } from '../history/query-fields.js';

export interface ConversationFilters {
  readonly accountId?: string;
  /** Part of the contact's name, user id or number. */
  readonly q?: string;
  readonly unreadOnly?: boolean;
}

/**
 * A contact with its business number and its latest message. Times are ISO strings (UTC).
 * The account's label and display number come from AccountsService (accounts own their table).
 */
export interface ConversationRow {
  readonly id: string;
  readonly wa_id: string;
  readonly user_id: string | null;
  readonly profile_name: string | null;
  readonly name: string | null;
  readonly consent_state: ConsentState;
  readonly phone_number_id: string;
  readonly account_id: string | null;
  readonly unread_count: number;
  readonly last_inbound_at: string | null;
  readonly last_message_at: string | null;
  /** last_message_at with microseconds: the keyset value. */
  readonly cursor_at: string | null;
  readonly last_id: string | null;
  readonly last_direction: 'in' | 'out' | null;
  readonly last_message_type: string | null;
  readonly last_preview_text: string | null;
  readonly last_status: MessageStatus | null;
  readonly last_created_at: string | null;
  readonly [column: string]: unknown;
}

const iso = (column: SQL) =>
  sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Conversations are contacts, ordered by their last message (`contacts_recent_idx`), each with its
 * newest message found through `messages_contact_idx`. Every query carries the organization.
 */
@Injectable()
export class ConversationsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Up to `limit + 1` conversations, most recent first; contacts never messaged are left out. */
  async list(
    organizationId: string,
    filters: ConversationFilters,
    page: { limit: number; after?: KeysetPosition },
  ): Promise<ConversationRow[]> {
    const where: SQL[] = [
      sql`c.organization_id = ${organizationId}`,
      sql`c.last_message_at IS NOT NULL`,
    ];
    if (filters.accountId) where.push(sql`c.account_id = ${filters.accountId}`);
    if (filters.unreadOnly) where.push(sql`c.unread_count > 0`);
    if (filters.q) where.push(this.search(filters.q));
    if (page.after)
      where.push(
        sql`(c.last_message_at, c.id) < (${page.after.at}::timestamptz, ${page.after.id}::uuid)`,
      );
    return this.select(
      sql.join(where, sql` AND `),
      sql`ORDER BY c.last_message_at DESC, c.id DESC LIMIT ${page.limit + 1}`,
    );
  }

  /** Conversations with something unread, and how many messages that is (`contacts_unread_idx`). */
  async unreadCounts(organizationId: string): Promise<{ conversations: number; messages: number }> {
    const result = await this.db.execute<{ conversations: number; messages: number }>(sql`
      SELECT count(*)::int AS conversations, coalesce(sum(c.unread_count), 0)::int AS messages
      FROM contacts c
      WHERE c.organization_id = ${organizationId} AND c.unread_count > 0
        AND c.last_message_at IS NOT NULL`);
    return result.rows[0] ?? { conversations: 0, messages: 0 };
  }

  async find(organizationId: string, contactId: string): Promise<ConversationRow | undefined> {
    const [row] = await this.select(
      sql`c.organization_id = ${organizationId} AND c.id = ${contactId}`,
      sql``,
    );
    return row;
  }

  /**
   * The contact's newest inbound message Meta knows (it has a wamid), leaving out system notices,
   * which the customer did not write: the one a read receipt names.
   */
  async latestInbound(organizationId: string, contactId: string): Promise<Message | undefined> {
    const [row] = await this.db
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.organizationId, organizationId),
          eq(messages.contactId, contactId),
          eq(messages.direction, 'in'),
          isNotNull(messages.waMessageId),
          ne(messages.messageType, 'system'),
        ),
      )
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(1);
    return row;
  }

  private async select(where: SQL, tail: SQL): Promise<ConversationRow[]> {
    const result = await this.db.execute<ConversationRow>(sql`
      SELECT c.id, c.wa_id, c.user_id, c.profile_name, c.name, c.consent_state, c.phone_number_id, c.account_id,
             c.unread_count,
             ${iso(sql`c.last_inbound_at`)} AS last_inbound_at,
             ${iso(sql`c.last_message_at`)} AS last_message_at,
             to_char(c.last_message_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at,
             lm.id AS last_id, lm.direction AS last_direction, lm.message_type AS last_message_type,
             lm.preview_text AS last_preview_text, lm.status AS last_status,
             ${iso(sql`lm.created_at`)} AS last_created_at
      FROM contacts c
      LEFT JOIN LATERAL (
        SELECT m.id, m.direction, m.message_type, m.preview_text, m.status, m.created_at
        FROM messages m
        WHERE m.organization_id = c.organization_id AND m.contact_id = c.id
        ORDER BY m.created_at DESC, m.id DESC
        LIMIT 1
      ) lm ON true
      WHERE ${where}
      ${tail}`);
    return result.rows;
  }

  /** Name or user id containing `q` (case-insensitive), or a number containing its digits. */
  private search(q: string): SQL {
    const search = parseContactSearch(q);
    const pattern = `%${escapeLike(search.text)}%`;
    // The names expression is the one contacts_names_trgm_idx indexes.
    const alternatives = [
      sql`(coalesce(c.name, '') || ' ' || coalesce(c.profile_name, '')) ILIKE ${pattern}`,
      sql`c.user_id ILIKE ${pattern}`,
    ];
    if (search.digits) alternatives.push(sql`c.wa_id LIKE ${`%${search.digits}%`}`);
    return sql`(${sql.join(alternatives, sql` OR `)})`;
  }
}
