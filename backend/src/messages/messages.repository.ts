import { Inject, Injectable } from '@nestjs/common';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { type Database, type Executor } from '../database/database.js';
import { DATABASE } from '../database/database.module.js';
import {
  type CancelledSendError,
  type Message,
  messages,
  type MessageStatus,
  messageStatusEvents,
  orphanStatuses,
} from './messages.schema.js';
import { type ContactActivity } from '../contacts/contacts.service.js';
import { type MetaStatus } from './meta-status.js';

export type NewMessage = typeof messages.$inferInsert;

/** A message, by our id or Meta's wamid, and the time it is moved to. */
export type MessageMove = { readonly at: Date } & (
  { readonly messageId: string } | { readonly waMessageId: string }
);

/** The messages table and its timeline; every query carries the organization. */
@Injectable()
export class MessagesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async find(
    organizationId: string,
    id: string,
    executor: Executor = this.db,
  ): Promise<Message | undefined> {
    const [row] = await executor
      .select()
      .from(messages)
      .where(and(eq(messages.organizationId, organizationId), eq(messages.id, id)));
    return row;
  }

  async findMany(organizationId: string, ids: readonly string[]): Promise<Message[]> {
    if (ids.length === 0) return [];
    return this.db
      .select()
      .from(messages)
      .where(and(eq(messages.organizationId, organizationId), inArray(messages.id, [...ids])));
  }

  /** Locks the row for a status change. */
  async findForUpdate(
    organizationId: string,
    id: string,
    executor: Executor,
  ): Promise<Message | undefined> {
    const [row] = await executor
      .select()
      .from(messages)
      .where(and(eq(messages.organizationId, organizationId), eq(messages.id, id)))
      .for('update');
    return row;
  }

  /** A message by Meta's id, or by our id echoed back as biz_opaque_callback_data. */
  async findByWamidOrCallback(
    organizationId: string,
    wamid: string,
    callbackData: string | undefined,
    executor: Executor = this.db,
  ): Promise<Message | undefined> {
    const byId =
      callbackData && /^[0-9a-f-]{36}$/i.test(callbackData)
        ? eq(messages.id, callbackData)
        : undefined;
    const [row] = await executor
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.organizationId, organizationId),
          byId ? or(eq(messages.waMessageId, wamid), byId) : eq(messages.waMessageId, wamid),
        ),
      )
      .for('update');
    return row;
  }

  async findByIdempotencyKey(
    organizationId: string,
    key: string,
    executor: Executor = this.db,
  ): Promise<Message | undefined> {
    const [row] = await executor
      .select()
      .from(messages)
      .where(and(eq(messages.organizationId, organizationId), eq(messages.idempotencyKey, key)));
    return row;
  }

  /** Inserts; returns undefined when the idempotency key or wamid already exists. */
  async insert(values: NewMessage, executor: Executor = this.db): Promise<Message | undefined> {
    const [row] = await executor.insert(messages).values(values).onConflictDoNothing().returning();
    return row;
  }

  async update(
    organizationId: string,
    id: string,
    changes: Partial<NewMessage>,
    executor: Executor = this.db,
  ): Promise<Message | undefined> {
    const [row] = await executor
      .update(messages)
      .set({ ...changes, updatedAt: new Date() })
      .where(and(eq(messages.organizationId, organizationId), eq(messages.id, id)))
      .returning();
    return row;
  }

  /** Adds a timeline entry; false when this status is already in the timeline (a duplicate). */
  async addStatusEvent(
    values: typeof messageStatusEvents.$inferInsert,
    executor: Executor = this.db,
  ): Promise<boolean> {
    const rows = await executor
      .insert(messageStatusEvents)
      .values(values)
      .onConflictDoNothing()
      .returning({ id: messageStatusEvents.id });
    return rows.length > 0;
  }

  /**
   * Adds a timeline entry and, only if it is new, applies `changes` to its message, in one
   * statement (one round trip per webhook status). False when the status was in the timeline
   * already (a duplicate): then the message is left as it was.
   */
  async addStatusEventAndUpdate(
    values: typeof messageStatusEvents.$inferInsert & { organizationId: string; messageId: string },
    changes: Partial<NewMessage>,
    executor: Executor = this.db,
  ): Promise<boolean> {
    const added = executor
      .$with('added', { id: sql<string>`id` })
      .as(
        executor
          .insert(messageStatusEvents)
          .values(values)
          .onConflictDoNothing()
          .returning({ id: messageStatusEvents.id })
          .getSQL(),
      );
    const rows = await executor
      .with(added)
      .update(messages)
      .set({ ...changes, updatedAt: new Date() })
      .where(
        and(
          eq(messages.organizationId, values.organizationId),
          eq(messages.id, values.messageId),
          sql`EXISTS (SELECT 1 FROM ${added})`,
        ),
      )
      .returning({ id: messages.id });
    return rows.length > 0;
  }

  /**
   * Fails the account's outbound messages still `queued` with `error`, each with its timeline
   * entry, in the caller's transaction; returns their ids.
   */
  async failQueued(
    organizationId: string,
    accountId: string,
    error: CancelledSendError,
    executor: Executor,
  ): Promise<string[]> {
    const now = new Date();
    const failed = await executor
      .update(messages)
      .set({ status: 'failed', failedAt: now, error, updatedAt: now })
      .where(
        and(
          eq(messages.organizationId, organizationId),
          eq(messages.accountId, accountId),
          eq(messages.direction, 'out'),
          eq(messages.status, 'queued'),
        ),
      )
      .returning({ id: messages.id });
    if (failed.length === 0) return [];
    await executor
      .insert(messageStatusEvents)
      .values(
        failed.map(({ id }) => ({
          organizationId,
          messageId: id,
          status: 'failed' as const,
          occurredAt: now,
          errors: [{ title: error.title, message: error.message }],
        })),
      )
      .onConflictDoNothing();
    return failed.map(({ id }) => id);
  }

  /**
   * Undoes a cancellation (see `cancelled-send.ts`): the message is `queued` again, without the
   * error and the `failed` timeline entry, so Meta's statuses apply to it as to any other.
   * Call inside the transaction that locked it.
   */
  async revive(message: Message, executor: Executor): Promise<Message> {
    await executor
      .delete(messageStatusEvents)
      .where(
        and(
          eq(messageStatusEvents.messageId, message.id),
          eq(messageStatusEvents.status, 'failed'),
        ),
      );
    const revived = await this.update(
      message.organizationId,
      message.id,
      { status: 'queued', error: null, failedAt: null },
      executor,
    );
    return revived ?? message;
  }

  async addOrphanStatus(
    values: typeof orphanStatuses.$inferInsert,
    executor: Executor = this.db,
  ): Promise<void> {
    await executor.insert(orphanStatuses).values(values).onConflictDoNothing();
  }

  /** Removes and returns the orphan statuses that belong to this message. */
  async takeOrphanStatuses(
    organizationId: string,
    message: Pick<Message, 'id' | 'waMessageId'>,
    executor: Executor,
  ): Promise<Array<{ status: MessageStatus; payload: MetaStatus }>> {
    const matches = message.waMessageId
      ? or(
          eq(orphanStatuses.waMessageId, message.waMessageId),
          eq(orphanStatuses.callbackData, message.id),
        )
      : eq(orphanStatuses.callbackData, message.id);
    return executor
      .delete(orphanStatuses)
      .where(and(eq(orphanStatuses.organizationId, organizationId), matches))
      .returning({ status: orphanStatuses.status, payload: orphanStatuses.payload });
  }

  /** Whether the organization has any message at all. */
  async hasAny(organizationId: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.organizationId, organizationId))
      .limit(1);
    return row !== undefined;
  }

  /**
   * Moves each message (by our id or its wamid) to `at`, with every time it carries and its
   * timeline entries shifted by the same amount, so it keeps its own pace (queued, sent,
   * delivered, read). One statement; the stats triggers move its counts to its new day.
   * Returns the contacts of the moved messages.
   */
  async moveInTime(
    organizationId: string,
    moves: readonly MessageMove[],
    executor: Executor,
  ): Promise<string[]> {
    if (moves.length === 0) return [];
    const rows = sql.join(
      moves.map(
        (move) =>
          sql`(${'messageId' in move ? move.messageId : null}::uuid, ${
            'waMessageId' in move ? move.waMessageId : null
          }::text, ${move.at.toISOString()}::timestamptz)`,
      ),
      sql`, `,
    );
    const result = await executor.execute<{ contact_id: string }>(sql`
      WITH moves(id, wamid, at) AS (VALUES ${rows}),
      shift AS (
        SELECT m.id, mv.at - m.created_at AS by
        FROM messages m
        JOIN moves mv ON m.id = mv.id OR m.wa_message_id = mv.wamid
        WHERE m.organization_id = ${organizationId}
      ),
      timeline AS (
        UPDATE message_status_events e
        SET occurred_at = e.occurred_at + s.by, created_at = e.created_at + s.by
        FROM shift s
        WHERE e.organization_id = ${organizationId} AND e.message_id = s.id
      )
      UPDATE messages m
      SET created_at = m.created_at + s.by, updated_at = m.updated_at + s.by,
          sent_at = m.sent_at + s.by, delivered_at = m.delivered_at + s.by,
          read_at = m.read_at + s.by, failed_at = m.failed_at + s.by,
          received_at = m.received_at + s.by
      FROM shift s
      WHERE m.organization_id = ${organizationId} AND m.id = s.id
      RETURNING m.contact_id`);
    return [...new Set(result.rows.map((row) => row.contact_id))];
  }

  /** When each contact's messages happened, from all of them (see ContactActivity). */
  async activityOf(
    organizationId: string,
    contactIds: readonly string[],
    executor: Executor,
  ): Promise<(ContactActivity & { contactId: string })[]> {
    if (contactIds.length === 0) return [];
    return executor
      .select({
        contactId: messages.contactId,
        firstMessageAt: sql<Date>`min(${messages.createdAt})`.mapWith(messages.createdAt),
        lastMessageAt: sql<Date>`max(${messages.createdAt})`.mapWith(messages.createdAt),
        // What recordInbound keeps: Meta's time of the customer's last message (not a notice).
        lastInboundAt: sql<Date | null>`max(coalesce(${messages.receivedAt}, ${messages.createdAt}))
          FILTER (WHERE ${messages.direction} = 'in' AND ${messages.messageType} <> 'system')`.mapWith(
          messages.createdAt,
        ),
      })
      .from(messages)
      .where(
        and(
          eq(messages.organizationId, organizationId),
          inArray(messages.contactId, [...contactIds]),
        ),
      )
      .groupBy(messages.contactId);
  }

  /** How many statuses wait for a message (for tests and diagnostics). */
  async countOrphans(organizationId: string): Promise<number> {
    const [row] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(orphanStatuses)
      .where(eq(orphanStatuses.organizationId, organizationId));
    return row?.n ?? 0;
  }

  /** The ids of a contact's messages (for other features' erasers). */
  async idsOfContact(
    organizationId: string,
    contactId: string,
    executor: Executor,
  ): Promise<string[]> {
    const rows = await executor
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.organizationId, organizationId), eq(messages.contactId, contactId)));
    return rows.map((row) => row.id);
  }

  /** Deletes a contact's messages and their status timelines; what was deleted, by table. */
  async deleteOfContact(
    organizationId: string,
    contactId: string,
    executor: Executor,
  ): Promise<{ messages: number; status_events: number }> {
    const ofContact = executor
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.organizationId, organizationId), eq(messages.contactId, contactId)));
    const events = await executor
      .delete(messageStatusEvents)
      .where(
        and(
          eq(messageStatusEvents.organizationId, organizationId),
          inArray(messageStatusEvents.messageId, ofContact),
        ),
      )
      .returning({ id: messageStatusEvents.id });
    const deleted = await executor
      .delete(messages)
      .where(and(eq(messages.organizationId, organizationId), eq(messages.contactId, contactId)))
      .returning({ id: messages.id });
    return { messages: deleted.length, status_events: events.length };
  }
}
