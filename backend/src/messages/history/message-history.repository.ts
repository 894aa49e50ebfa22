import { Inject, Injectable } from '@nestjs/common';
import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gte,
  ilike,
  inArray,
  lt,
  type SQL,
  sql,
} from 'drizzle-orm';
import { type Database } from '../../database/database.js';
import { DATABASE } from '../../database/database.module.js';
import {
  type Message,
  messages,
  type MessageStatus,
  messageStatusEvents,
} from '../messages.schema.js';
import { type ErrorCodeFilter, escapeLike, type KeysetPosition } from './query-fields.js';

export interface MessageFilters {
  readonly accountId?: string;
  readonly direction?: 'in' | 'out';
  readonly statuses?: readonly MessageStatus[];
  /**
   * The contacts a `contact` search named (ContactsService.idsMatching): a short list of ids, or
   * a subquery when there are many.
   */
  readonly contactMatch?: { readonly ids: readonly string[] } | { readonly subquery: SQL };
  /** Exactly this contact (a conversation thread). */
  readonly contactId?: string;
  readonly campaignId?: string;
  /** Failed messages with this Meta error code, or without one (`none`). */
  readonly errorCode?: ErrorCodeFilter;
  readonly since?: Date;
  readonly until?: Date;
  readonly q?: string;
}

export interface PageRequest {
  readonly limit: number;
  readonly after?: KeysetPosition;
}

/** A listed message: the row without its request bookkeeping, plus its keyset position. */
export type ListedMessage = Omit<
  Message,
  'content' | 'idempotencyKey' | 'requestHash' | 'sendResult'
> & {
  /** The payload, only when asked for. */
  readonly content: unknown;
  readonly position: KeysetPosition;
};

export type TimelineEvent = Pick<
  typeof messageStatusEvents.$inferSelect,
  'status' | 'occurredAt' | 'errors' | 'pricing' | 'conversation'
>;

/**
 * A failed message's Meta error code, read exactly as the stats read it (`failure_code` of
 * `message_stats_key_of`), so a dashboard figure and the messages it links to agree.
 */
const failureCode = sql`CASE WHEN ${messages.error}->>'code' ~ '^-?[0-9]{1,9}$' THEN (${messages.error}->>'code')::int END`;

/** created_at with its microseconds, in UTC: the exact keyset value (JS dates stop at ms). */
const createdAtMicros = sql<string>`to_char(${messages.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Read-only queries over messages for history and threads; every query carries the organization. */
@Injectable()
export class MessageHistoryRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * One page, newest first, by (created_at, id) descending: the `messages_history_idx` index.
   * Returns up to `limit + 1` rows; the extra row only tells the caller another page exists.
   */
  async list(
    organizationId: string,
    filters: MessageFilters,
    page: PageRequest,
    options: { withContent: boolean },
  ): Promise<ListedMessage[]> {
    const match = filters.contactMatch;
    // No contact matches (a typo): nothing to list, and no scan of the whole history to prove it.
    if (match && 'ids' in match && match.ids.length === 0) return [];
    const byContact = match
      ? inArray(messages.contactId, 'ids' in match ? [...match.ids] : match.subquery)
      : undefined;
    const {
      content,
      idempotencyKey: _idempotencyKey,
      requestHash: _requestHash,
      sendResult: _sendResult,
      ...columns
    } = getTableColumns(messages);
    const rows = await this.db
      .select({
        ...columns,
        content: options.withContent ? sql<unknown>`${content}` : sql<unknown>`NULL`,
        cursorAt: createdAtMicros,
      })
      .from(messages)
      .where(and(...this.conditions(organizationId, filters, page.after), byContact))
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(page.limit + 1);
    return rows.map(({ cursorAt, ...row }) => ({ ...row, position: { at: cursorAt, id: row.id } }));
  }

  /** The status timeline of a message: by Meta's time, then by status order for equal times. */
  async timeline(organizationId: string, messageId: string): Promise<TimelineEvent[]> {
    return this.db
      .select({
        status: messageStatusEvents.status,
        occurredAt: messageStatusEvents.occurredAt,
        errors: messageStatusEvents.errors,
        pricing: messageStatusEvents.pricing,
        conversation: messageStatusEvents.conversation,
      })
      .from(messageStatusEvents)
      .where(
        and(
          eq(messageStatusEvents.organizationId, organizationId),
          eq(messageStatusEvents.messageId, messageId),
        ),
      )
      .orderBy(
        asc(messageStatusEvents.occurredAt),
        sql`CASE ${messageStatusEvents.status}
          WHEN 'queued' THEN 0 WHEN 'received' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2
          WHEN 'read' THEN 3 WHEN 'played' THEN 4 WHEN 'failed' THEN 5 END`,
        asc(messageStatusEvents.createdAt),
      );
  }

  private conditions(
    organizationId: string,
    filters: MessageFilters,
    after: KeysetPosition | undefined,
  ): SQL[] {
    const where: SQL[] = [eq(messages.organizationId, organizationId)];
    if (filters.accountId) where.push(eq(messages.accountId, filters.accountId));
    if (filters.direction) where.push(eq(messages.direction, filters.direction));
    if (filters.statuses?.length) where.push(inArray(messages.status, [...filters.statuses]));
    if (filters.contactId) where.push(eq(messages.contactId, filters.contactId));
    if (filters.campaignId) where.push(eq(messages.campaignId, filters.campaignId));
    if (filters.errorCode !== undefined) {
      where.push(eq(messages.status, 'failed'));
      where.push(
        filters.errorCode === 'none'
          ? sql`${failureCode} IS NULL`
          : sql`${failureCode} = ${filters.errorCode}`,
      );
    }
    if (filters.since) where.push(gte(messages.createdAt, filters.since));
    if (filters.until) where.push(lt(messages.createdAt, filters.until));
    if (filters.q) where.push(ilike(messages.previewText, `%${escapeLike(filters.q)}%`));
    if (after)
      where.push(
        sql`(${messages.createdAt}, ${messages.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`,
      );
    return where;
  }
}
