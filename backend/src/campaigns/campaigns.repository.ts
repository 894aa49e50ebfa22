import { type CampaignState, type RecipientState } from '@convis/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { and, asc, desc, eq, gt, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { type Database, type Executor } from '../database/database.js';
import { DATABASE } from '../database/database.module.js';
import { type KeysetPosition } from '../messages/history/query-fields.js';
import {
  type Campaign,
  type CampaignRecipient,
  campaignRecipients,
  campaigns,
  type NewCampaign,
  type NewCampaignRecipient,
  type RecipientError,
} from './campaigns.schema.js';

/** A row of an audience as an upload writes it (the rest of the row takes its defaults). */
export type AudienceRecipient = Pick<
  NewCampaignRecipient,
  'campaignId' | 'organizationId' | 'seq' | 'address' | 'sourceLine' | 'variables' | 'skipReason'
>;

/** created_at with microseconds, in UTC: the exact keyset value. */
const createdAtMicros = sql<string>`to_char(${campaigns.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export type ListedCampaign = Campaign & { readonly position: KeysetPosition };

/** Recipients in a state. */
export type RecipientCounts = Partial<Record<RecipientState, number>>;

/** The order of a recipient's way: a status only moves it forward. */
const FORWARD: Readonly<Partial<Record<RecipientState, number>>> = {
  pending: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  replied: 5,
};

@Injectable()
export class CampaignsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insert(values: NewCampaign, executor: Executor = this.db): Promise<Campaign> {
    const [row] = await executor.insert(campaigns).values(values).returning();
    return row!;
  }

  async find(
    organizationId: string,
    id: string,
    executor: Executor = this.db,
  ): Promise<Campaign | undefined> {
    const [row] = await executor
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.organizationId, organizationId), eq(campaigns.id, id)));
    return row;
  }

  /** Locks the campaign: audience changes and state changes take turns. */
  async findForUpdate(
    organizationId: string,
    id: string,
    executor: Executor,
  ): Promise<Campaign | undefined> {
    const [row] = await executor
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.organizationId, organizationId), eq(campaigns.id, id)))
      .for('update');
    return row;
  }

  /** The state alone (workers read it between sends). */
  async stateOf(id: string): Promise<CampaignState | undefined> {
    const [row] = await this.db
      .select({ state: campaigns.state })
      .from(campaigns)
      .where(eq(campaigns.id, id));
    return row?.state;
  }

  async list(
    organizationId: string,
    filters: { states?: readonly CampaignState[] },
    page: { limit: number; after?: KeysetPosition },
  ): Promise<ListedCampaign[]> {
    const where: SQL[] = [eq(campaigns.organizationId, organizationId)];
    if (filters.states?.length) where.push(inArray(campaigns.state, [...filters.states]));
    if (page.after)
      where.push(
        sql`(${campaigns.createdAt}, ${campaigns.id}) < (${page.after.at}::timestamptz, ${page.after.id}::uuid)`,
      );
    const rows = await this.db
      .select({ campaign: campaigns, cursorAt: createdAtMicros })
      .from(campaigns)
      .where(and(...where))
      .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
      .limit(page.limit + 1);
    return rows.map(({ campaign, cursorAt }) => ({
      ...campaign,
      position: { at: cursorAt, id: campaign.id },
    }));
  }

  /**
   * Moves a campaign from one of `from` to `to` in one statement: two launches, or a pause
   * racing a completion, cannot both win. Undefined when it was in no state of `from`.
   */
  async transition(
    organizationId: string,
    id: string,
    from: readonly CampaignState[],
    to: CampaignState,
    changes: Partial<NewCampaign> = {},
    executor: Executor = this.db,
  ): Promise<Campaign | undefined> {
    const [row] = await executor
      .update(campaigns)
      .set({ ...changes, state: to, updatedAt: new Date() })
      .where(
        and(
          eq(campaigns.organizationId, organizationId),
          eq(campaigns.id, id),
          inArray(campaigns.state, [...from]),
        ),
      )
      .returning();
    return row;
  }

  /**
   * Completes a running campaign that has nobody left to send to (pending, sending or limited),
   * deciding under the campaign's lock: a status that makes a recipient limited takes the same
   * lock first, so the two never miss each other. Undefined when it is not done (or not running).
   */
  completeIfDone(organizationId: string, id: string): Promise<Campaign | undefined> {
    return this.db.transaction(async (tx) => {
      const campaign = await this.findForUpdate(organizationId, id, tx);
      if (campaign?.state !== 'running') return undefined;
      const [open] = await tx
        .select({ id: campaignRecipients.id })
        .from(campaignRecipients)
        .where(
          and(
            eq(campaignRecipients.campaignId, id),
            inArray(campaignRecipients.state, ['pending', 'sending', 'limited']),
          ),
        )
        .limit(1);
      if (open) return undefined;
      return this.transition(
        organizationId,
        id,
        ['running'],
        'completed',
        { finishedAt: new Date(), stateReason: null },
        tx,
      );
    });
  }

  async update(
    organizationId: string,
    id: string,
    changes: Partial<NewCampaign>,
    executor: Executor = this.db,
  ): Promise<Campaign | undefined> {
    const [row] = await executor
      .update(campaigns)
      .set({ ...changes, updatedAt: new Date() })
      .where(and(eq(campaigns.organizationId, organizationId), eq(campaigns.id, id)))
      .returning();
    return row;
  }

  async delete(organizationId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(campaigns)
      .where(and(eq(campaigns.organizationId, organizationId), eq(campaigns.id, id)))
      .returning({ id: campaigns.id });
    return rows.length > 0;
  }

  /** Campaigns in these states, every organization's (the reconciler's round). */
  inStates(states: readonly CampaignState[]): Promise<Campaign[]> {
    return this.db
      .select()
      .from(campaigns)
      .where(inArray(campaigns.state, [...states]));
  }

  // ------------------------------------------------------------------ recipients

  /** The next free position in the campaign's order. */
  async nextSeq(campaignId: string, executor: Executor): Promise<number> {
    const [row] = await executor
      .select({ max: sql<number | null>`max(${campaignRecipients.seq})` })
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, campaignId));
    return (row?.max ?? -1) + 1;
  }

  /**
   * Adds recipients to send to; those whose address is in the campaign already are left out.
   * Returns the addresses added.
   */
  /**
   * Adds recipients to be sent to; an address already in the campaign is left out. Answers the
   * addresses added. Written with one array per column (unnest): a 1,000-row batch is 7
   * parameters rather than 7,000, which keeps a 100,000-row upload's memory and time down.
   */
  async addRecipients(
    rows: readonly AudienceRecipient[],
    executor: Executor,
  ): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const added = await executor.execute<{ address: string }>(sql`
      ${this.insertAudience(rows, 'pending')}
      ON CONFLICT (campaign_id, address) WHERE state <> 'skipped' DO NOTHING
      RETURNING address`);
    return new Set(added.rows.map((r) => r.address));
  }

  /** Adds the report's skipped rows (never sent). */
  async addSkipped(rows: readonly AudienceRecipient[], executor: Executor): Promise<void> {
    if (rows.length === 0) return;
    await executor.execute(this.insertAudience(rows, 'skipped'));
  }

  private insertAudience(rows: readonly AudienceRecipient[], state: 'pending' | 'skipped'): SQL {
    const column = <T>(pick: (r: AudienceRecipient) => T) => sql.param(rows.map(pick));
    return sql`
      INSERT INTO campaign_recipients
        (campaign_id, organization_id, seq, address, source_line, variables, skip_reason, state)
      SELECT campaign_id, organization_id, seq, address, source_line, variables, skip_reason,
             ${state}::campaign_recipient_state
      FROM unnest(
        ${column((r) => r.campaignId)}::uuid[],
        ${column((r) => r.organizationId)}::uuid[],
        ${column((r) => r.seq)}::int[],
        ${column((r) => r.address)}::text[],
        ${column((r) => r.sourceLine)}::int[],
        ${column((r) => JSON.stringify(r.variables))}::jsonb[],
        ${column((r) => r.skipReason)}::text[]
      ) AS r(campaign_id, organization_id, seq, address, source_line, variables, skip_reason)`;
  }

  /**
   * Puts every row of the audience aside (skipped, so its address is free again) before the
   * audience is checked anew; answers the last position of those rows, -1 when there are none.
   */
  async setAsideAudience(campaignId: string, executor: Executor): Promise<number> {
    const last = (await this.nextSeq(campaignId, executor)) - 1;
    await executor
      .update(campaignRecipients)
      .set({ state: 'skipped', updatedAt: new Date() })
      .where(
        and(
          eq(campaignRecipients.campaignId, campaignId),
          sql`${campaignRecipients.state} <> 'skipped'`,
        ),
      );
    return last;
  }

  /** A page of the audience in order, positions after `afterSeq` up to `lastSeq`. */
  audiencePage(
    campaignId: string,
    afterSeq: number,
    lastSeq: number,
    limit: number,
    executor: Executor,
  ): Promise<CampaignRecipient[]> {
    return executor
      .select()
      .from(campaignRecipients)
      .where(
        and(
          eq(campaignRecipients.campaignId, campaignId),
          gt(campaignRecipients.seq, afterSeq),
          lte(campaignRecipients.seq, lastSeq),
        ),
      )
      .orderBy(asc(campaignRecipients.seq))
      .limit(limit);
  }

  /** Removes the rows up to position `lastSeq` (the audience set aside, once checked anew). */
  async removeAudienceUpTo(campaignId: string, lastSeq: number, executor: Executor): Promise<void> {
    await executor
      .delete(campaignRecipients)
      .where(
        and(eq(campaignRecipients.campaignId, campaignId), lte(campaignRecipients.seq, lastSeq)),
      );
  }

  async removeRecipients(campaignId: string, executor: Executor): Promise<void> {
    await executor.delete(campaignRecipients).where(eq(campaignRecipients.campaignId, campaignId));
  }

  async counts(campaignId: string, executor: Executor = this.db): Promise<RecipientCounts> {
    const rows = await executor
      .select({ state: campaignRecipients.state, count: sql<number>`count(*)::int` })
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, campaignId))
      .groupBy(campaignRecipients.state);
    return Object.fromEntries(rows.map((r) => [r.state, r.count]));
  }

  /** Recipients per state of each campaign, in one query (a page of the list). */
  async countsOf(campaignIds: readonly string[]): Promise<Map<string, RecipientCounts>> {
    const counts = new Map<string, RecipientCounts>();
    if (campaignIds.length === 0) return counts;
    const rows = await this.db
      .select({
        campaignId: campaignRecipients.campaignId,
        state: campaignRecipients.state,
        count: sql<number>`count(*)::int`,
      })
      .from(campaignRecipients)
      .where(inArray(campaignRecipients.campaignId, [...campaignIds]))
      .groupBy(campaignRecipients.campaignId, campaignRecipients.state);
    for (const row of rows) {
      const of = counts.get(row.campaignId) ?? {};
      of[row.state] = row.count;
      counts.set(row.campaignId, of);
    }
    return counts;
  }

  /** Counts of skipped recipients by reason. */
  async skipReasons(campaignId: string): Promise<Record<string, number>> {
    const rows = await this.db
      .select({ reason: campaignRecipients.skipReason, count: sql<number>`count(*)::int` })
      .from(campaignRecipients)
      .where(
        and(eq(campaignRecipients.campaignId, campaignId), eq(campaignRecipients.state, 'skipped')),
      )
      .groupBy(campaignRecipients.skipReason);
    return Object.fromEntries(rows.map((r) => [r.reason ?? 'other', r.count]));
  }

  /** Ranges of `size` positions that still have recipients to send: the work of the chunk jobs. */
  async pendingRanges(campaignId: string, size: number): Promise<{ from: number; to: number }[]> {
    const rows = await this.db
      .select({ bucket: sql<number>`(${campaignRecipients.seq} / ${size})::int` })
      .from(campaignRecipients)
      .where(
        and(eq(campaignRecipients.campaignId, campaignId), eq(campaignRecipients.state, 'pending')),
      )
      .groupBy(sql`1`)
      .orderBy(sql`1`);
    return rows.map((r) => ({ from: r.bucket * size, to: r.bucket * size + size - 1 }));
  }

  /** Pending recipients of a chunk, in order. */
  pendingInRange(campaignId: string, from: number, to: number): Promise<CampaignRecipient[]> {
    return this.db
      .select()
      .from(campaignRecipients)
      .where(
        and(
          eq(campaignRecipients.campaignId, campaignId),
          eq(campaignRecipients.state, 'pending'),
          sql`${campaignRecipients.seq} BETWEEN ${from} AND ${to}`,
        ),
      )
      .orderBy(asc(campaignRecipients.seq));
  }

  /**
   * Claims the still pending of these recipients, each with the message id it will go out under
   * (pending -> sending), in the caller's transaction, which writes their messages: only the
   * claim that moves a recipient from `pending` wins, so none is handed to two workers. Answers
   * the message ids claimed.
   */
  async claimMany(
    claims: readonly { readonly recipientId: string; readonly messageId: string }[],
    executor: Executor,
  ): Promise<Set<string>> {
    if (claims.length === 0) return new Set();
    const rows = await executor.execute<{ message_id: string }>(sql`
      UPDATE campaign_recipients AS r
      SET state = 'sending', message_id = c.message_id, claimed_at = clock_timestamp(),
          attempts = r.attempts + 1, updated_at = now()
      FROM unnest(
        ${sql.param(claims.map((c) => c.recipientId))}::uuid[],
        ${sql.param(claims.map((c) => c.messageId))}::uuid[]
      ) AS c(recipient_id, message_id)
      WHERE r.id = c.recipient_id AND r.state = 'pending'
      RETURNING r.message_id`);
    return new Set(rows.rows.map((r) => r.message_id));
  }

  /** Meta accepted the send (unless a status webhook moved the recipient on already). */
  async markSent(id: string, messageId: string, contactId: string, sentAt: Date): Promise<void> {
    await this.db
      .update(campaignRecipients)
      .set({
        state: sql`CASE WHEN ${campaignRecipients.state} = 'sending' THEN 'sent'::campaign_recipient_state ELSE ${campaignRecipients.state} END`,
        contactId,
        sentAt: sql`coalesce(${campaignRecipients.sentAt}, ${sentAt.toISOString()}::timestamptz)`,
        updatedAt: new Date(),
      })
      .where(and(eq(campaignRecipients.id, id), eq(campaignRecipients.messageId, messageId)));
  }

  /** Ends a recipient's attempt in `state` (failed, skipped, limited, unknown, or back to pending). */
  async settle(
    id: string,
    messageId: string | null,
    state: RecipientState,
    details: {
      error?: RecipientError | null;
      skipReason?: string | null;
      retryAt?: Date | null;
      contactId?: string | null;
    } = {},
    executor: Executor = this.db,
  ): Promise<boolean> {
    const rows = await executor
      .update(campaignRecipients)
      .set({
        state,
        ...(details.error !== undefined ? { error: details.error } : {}),
        ...(details.skipReason !== undefined ? { skipReason: details.skipReason } : {}),
        ...(details.retryAt !== undefined ? { retryAt: details.retryAt } : {}),
        ...(details.contactId ? { contactId: details.contactId } : {}),
        ...(state === 'failed' ? { failedAt: new Date() } : {}),
        ...(state === 'pending' ? { messageId: null, claimedAt: null } : {}),
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(campaignRecipients.id, id),
          messageId === null ? sql`true` : eq(campaignRecipients.messageId, messageId),
        ),
      )
      .returning({ id: campaignRecipients.id });
    return rows.length > 0;
  }

  /**
   * Meta's status for a campaign message: the recipient moves forward (sent, delivered, read),
   * never back; `failed` ends it unless it was read or replied already.
   */
  async applyStatus(
    messageId: string,
    status: 'sent' | 'delivered' | 'read' | 'failed' | 'limited',
    at: Date,
    details: { error?: RecipientError; retryAt?: Date; contactId?: string },
    executor: Executor,
  ): Promise<void> {
    const column = (
      {
        sent: 'sentAt',
        delivered: 'deliveredAt',
        read: 'readAt',
        failed: 'failedAt',
        limited: 'failedAt',
      } as const
    )[status];
    const rank = FORWARD[status as RecipientState];
    // Forward only; a failure ends a recipient not yet read (a read one stays read).
    // `unknown` too: Meta's word settles a send nobody could confirm.
    const movable: RecipientState[] =
      rank === undefined
        ? ['sending', 'sent', 'delivered', 'unknown']
        : [
            ...(Object.keys(FORWARD) as RecipientState[]).filter(
              (state) => state !== 'pending' && FORWARD[state]! < rank,
            ),
            'unknown',
          ];
    await executor
      .update(campaignRecipients)
      .set({
        state: status,
        [column]: at,
        ...(status === 'delivered' || status === 'read'
          ? {
              sentAt: sql`coalesce(${campaignRecipients.sentAt}, ${at.toISOString()}::timestamptz)`,
            }
          : {}),
        ...(details.error ? { error: details.error } : {}),
        ...(details.retryAt ? { retryAt: details.retryAt } : {}),
        ...(details.contactId ? { contactId: details.contactId } : {}),
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(campaignRecipients.messageId, messageId),
          inArray(campaignRecipients.state, movable),
        ),
      );
  }

  /** A customer wrote: recipients of recent campaigns who had the message count as replied. */
  async markReplied(
    organizationId: string,
    contactId: string,
    at: Date,
    executor: Executor,
  ): Promise<string[]> {
    const rows = await executor
      .update(campaignRecipients)
      .set({ state: 'replied', repliedAt: at, updatedAt: new Date() })
      .where(
        and(
          eq(campaignRecipients.organizationId, organizationId),
          eq(campaignRecipients.contactId, contactId),
          inArray(campaignRecipients.state, ['sent', 'delivered', 'read']),
          lte(campaignRecipients.sentAt, at),
          gt(campaignRecipients.sentAt, sql`${at.toISOString()}::timestamptz - interval '30 days'`),
        ),
      )
      .returning({ campaignId: campaignRecipients.campaignId });
    return [...new Set(rows.map((r) => r.campaignId))];
  }

  /** Recipients still `sending` since before `before`: their worker may have died. */
  sendingSince(campaignId: string, before: Date): Promise<CampaignRecipient[]> {
    return this.db
      .select()
      .from(campaignRecipients)
      .where(
        and(
          eq(campaignRecipients.campaignId, campaignId),
          eq(campaignRecipients.state, 'sending'),
          lte(campaignRecipients.claimedAt, before),
        ),
      )
      .limit(1000);
  }

  /** Limited recipients whose wait is over go back to pending; returns how many. */
  async releaseLimited(campaignId: string, now: Date): Promise<number> {
    const rows = await this.db
      .update(campaignRecipients)
      .set({
        state: 'pending',
        messageId: null,
        claimedAt: null,
        retryAt: null,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(campaignRecipients.campaignId, campaignId),
          eq(campaignRecipients.state, 'limited'),
          lte(campaignRecipients.retryAt, now),
        ),
      )
      .returning({ id: campaignRecipients.id });
    return rows.length;
  }

  /** Every recipient still in `from` ends in `to` (cancelling, a deadline passing). */
  async settleAll(
    campaignId: string,
    from: readonly RecipientState[],
    to: RecipientState,
    error: RecipientError | null = null,
  ): Promise<number> {
    const rows = await this.db
      .update(campaignRecipients)
      .set({ state: to, ...(error ? { error, failedAt: new Date() } : {}), updatedAt: new Date() })
      .where(
        and(
          eq(campaignRecipients.campaignId, campaignId),
          inArray(campaignRecipients.state, [...from]),
        ),
      )
      .returning({ id: campaignRecipients.id });
    return rows.length;
  }

  /** Whether any recipient was claimed since `since` (the campaign is moving). */
  async claimedSince(campaignId: string, since: Date): Promise<boolean> {
    const [row] = await this.db
      .select({ id: campaignRecipients.id })
      .from(campaignRecipients)
      .where(
        and(eq(campaignRecipients.campaignId, campaignId), gt(campaignRecipients.claimedAt, since)),
      )
      .limit(1);
    return row !== undefined;
  }

  /** One page of recipients in order, optionally in some states, after position `afterSeq`. */
  recipients(
    campaignId: string,
    filters: { states?: readonly RecipientState[] },
    page: { limit: number; afterSeq?: number },
  ): Promise<CampaignRecipient[]> {
    const where: SQL[] = [eq(campaignRecipients.campaignId, campaignId)];
    if (filters.states?.length) where.push(inArray(campaignRecipients.state, [...filters.states]));
    if (page.afterSeq !== undefined) where.push(gt(campaignRecipients.seq, page.afterSeq));
    return this.db
      .select()
      .from(campaignRecipients)
      .where(and(...where))
      .orderBy(asc(campaignRecipients.seq), asc(campaignRecipients.id))
      .limit(page.limit + 1);
  }

  async findRecipient(campaignId: string, id: string): Promise<CampaignRecipient | undefined> {
    const [row] = await this.db
      .select()
      .from(campaignRecipients)
      .where(and(eq(campaignRecipients.campaignId, campaignId), eq(campaignRecipients.id, id)));
    return row;
  }

  /** Recipients of another campaign in these states (a retargeting audience), in pages. */
  async *recipientsOf(
    campaignId: string,
    states: readonly RecipientState[],
  ): AsyncGenerator<CampaignRecipient[]> {
    let afterSeq = -1;
    for (;;) {
      const rows = await this.recipients(campaignId, { states }, { limit: 999, afterSeq });
      if (rows.length === 0) return;
      yield rows;
      afterSeq = rows[rows.length - 1]!.seq;
      if (rows.length < 1000) return;
    }
  }

  /**
   * Pending recipients grouped by their first digits (enough for any calling code, and for
   * +1's area codes), each with one address to read the calling code from.
   */
  async pendingByPrefix(campaignId: string): Promise<{ sample: string; count: number }[]> {
    const rows = await this.db
      .select({
        sample: sql<string>`min(${campaignRecipients.address})`,
        count: sql<number>`count(*)::int`,
      })
      .from(campaignRecipients)
      .where(
        and(eq(campaignRecipients.campaignId, campaignId), eq(campaignRecipients.state, 'pending')),
      )
      .groupBy(sql`left(${campaignRecipients.address}, 5)`);
    return rows;
  }

  /**
   * The campaign's sends per minute, from its first to its last: recipients that reached Meta
   * (sent, delivered, read or replied now) by the minute Meta took them, and failed recipients by
   * the minute they failed. Each recipient counts once, where it is now, so the minutes add up to
   * the campaign's counts. Minutes with neither are left out.
   */
  async perMinute(
    organizationId: string,
    campaignId: string,
  ): Promise<{ minute: Date; sent: number; failed: number }[]> {
    const failed = sql`${campaignRecipients.state} = 'failed'`;
    const at = sql`CASE WHEN ${failed} THEN ${campaignRecipients.failedAt} ELSE ${campaignRecipients.sentAt} END`;
    const rows = await this.db
      .select({
        minute: sql<string>`to_char(date_trunc('minute', ${at} AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
        sent: sql<number>`(count(*) FILTER (WHERE NOT ${failed}))::int`,
        failed: sql<number>`(count(*) FILTER (WHERE ${failed}))::int`,
      })
      .from(campaignRecipients)
      .where(
        and(
          eq(campaignRecipients.organizationId, organizationId),
          eq(campaignRecipients.campaignId, campaignId),
          inArray(campaignRecipients.state, ['sent', 'delivered', 'read', 'replied', 'failed']),
          sql`${at} IS NOT NULL`,
        ),
      )
      .groupBy(sql`1`)
      .orderBy(sql`1`);
    return rows.map((r) => ({ minute: new Date(r.minute), sent: r.sent, failed: r.failed }));
  }
}
