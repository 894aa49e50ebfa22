import { Inject, Injectable } from '@nestjs/common';
import {
  and,
  arrayContains,
  asc,
  desc,
  eq,
  gte,
  inArray,
  isNull,
  lt,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { type Database, type Executor } from '../database/database.js';
import { DATABASE } from '../database/database.module.js';
import { escapeLike, type KeysetPosition } from '../messages/history/query-fields.js';
import { parseContactSearch } from './contact-search.js';
import {
  type ConsentEvent,
  consentEvents,
  type ConsentSettings,
  consentSettings,
  type ConsentSource,
  type ConsentState,
  type Contact,
  contacts,
} from './contacts.schema.js';

export interface ContactIdentity {
  readonly organizationId: string;
  readonly phoneNumberId: string;
  readonly accountId: string | null;
  /** Phone-number WhatsApp id (digits), or '' for username users. */
  readonly waId: string;
  /** Business-scoped user id, when known. */
  readonly userId?: string | null;
  readonly profileName?: string | null;
  /** The WhatsApp username (`profile.username`), when Meta sends one. */
  readonly username?: string | null;
}

export interface ContactFilters {
  /** Part of a name, the number in any spelling, a username or a user id. */
  readonly q?: string;
  readonly tag?: string;
  readonly consentStates?: readonly ConsentState[];
  readonly accountId?: string;
  readonly lastInboundSince?: Date;
  readonly lastInboundUntil?: Date;
}

/** A listed contact with its keyset position. */
export type ListedContact = Contact & { readonly position: KeysetPosition };

/** When a contact's messages happened (what the inbox orders by and the window runs from). */
export interface ContactActivity {
  readonly firstMessageAt: Date;
  readonly lastMessageAt: Date;
  /** Their last message to the business; null when they never wrote. */
  readonly lastInboundAt: Date | null;
}

export interface ContactChanges {
  readonly name?: string | null;
  readonly tags?: readonly string[];
  readonly attributes?: Readonly<Record<string, string>>;
}

/** A contact from an import, for one business number. */
export interface ImportedContact {
  readonly waId: string;
  readonly name: string | null;
  readonly tags: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
}

/** What writing one batch of an import did. */
export interface ImportBatchResult {
  readonly created: number;
  readonly updated: number;
  /** Already contacts, left as they were (create-only). */
  readonly skipped: number;
  readonly optedIn: number;
  /** Opted out before: an import never opts them back in. */
  readonly keptOptedOut: number;
}

export interface NewConsentEvent {
  readonly organizationId: string;
  readonly contactId: string;
  readonly state: Exclude<ConsentState, 'unknown'>;
  readonly source: ConsentSource;
  readonly detail: string | null;
  readonly userId: string | null;
  readonly occurredAt: Date;
}

/** created_at with microseconds, in UTC: the exact keyset value. */
const createdAtMicros = sql<string>`to_char(${contacts.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The expression `contacts_names_trgm_idx` indexes. */
const names = sql`(coalesce(${contacts.name}, '') || ' ' || coalesce(${contacts.profileName}, ''))`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Contacts a search term names: by any part of the number in any spelling (digits against
 * `wa_id`), any part of either name, the username, the user id, or the contact id.
 */
export function contactSearchCondition(term: string): SQL {
  const search = parseContactSearch(term);
  const alternatives: SQL[] = [
    sql`${names} ILIKE ${`%${escapeLike(search.text)}%`}`,
    eq(contacts.userId, search.text),
    sql`${contacts.username} ILIKE ${escapeLike(search.text.replace(/^@/, ''))}`,
  ];
  if (search.digits) alternatives.push(sql`${contacts.waId} LIKE ${`%${search.digits}%`}`);
  if (UUID.test(search.text)) alternatives.push(eq(contacts.id, search.text));
  return or(...alternatives)!;
}

/** wa_id when there is one, otherwise the business-scoped user id (2026 username users). */
export function contactKeyOf(identity: { waId: string; userId?: string | null }): string {
  const key = identity.waId || identity.userId || '';
  if (!key) throw new Error('A contact needs a wa_id or a user_id.');
  return key;
}

/** What marking a contact's conversation read changed (a type: `execute()` wants a record). */
export type ContactReadRow = {
  /** The unread count before (0: it was read already, nothing changed). */
  readonly unread_before: number;
  /** When it was marked read (ISO, the database's clock). */
  readonly read_at: string;
};

/** The contacts table; every query carries the organization. */
@Injectable()
export class ContactsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Finds or creates the contact, refreshing its profile name and ids when Meta sends newer ones.
   * `outbound`: a message to it is being written in this transaction, so its conversation moves
   * up the inbox to the transaction's time (the message's created_at), in the same statement.
   */
  async upsert(
    identity: ContactIdentity,
    executor: Executor = this.db,
    outbound = false,
  ): Promise<Contact> {
    const [row] = await executor
      .insert(contacts)
      .values({
        organizationId: identity.organizationId,
        phoneNumberId: identity.phoneNumberId,
        accountId: identity.accountId,
        contactKey: contactKeyOf(identity),
        waId: identity.waId,
        userId: identity.userId ?? null,
        profileName: identity.profileName ?? null,
        username: identity.username ?? null,
        ...(outbound ? { lastMessageAt: sql`now()` } : {}),
      })
      .onConflictDoUpdate({
        target: [contacts.organizationId, contacts.phoneNumberId, contacts.contactKey],
        set: {
          accountId: sql`coalesce(excluded.account_id, ${contacts.accountId})`,
          userId: sql`coalesce(excluded.user_id, ${contacts.userId})`,
          profileName: sql`coalesce(excluded.profile_name, ${contacts.profileName})`,
          username: sql`coalesce(excluded.username, ${contacts.username})`,
          ...(outbound ? { lastMessageAt: sql`greatest(${contacts.lastMessageAt}, now())` } : {}),
          updatedAt: sql`now()`,
        },
      })
      .returning();
    if (!row) throw new Error('INSERT … RETURNING returned no row');
    return row;
  }

  /** The contact of a business number by its key, without creating it. */
  async findByKey(
    organizationId: string,
    phoneNumberId: string,
    contactKey: string,
    executor: Executor = this.db,
  ): Promise<Contact | undefined> {
    const [row] = await executor
      .select()
      .from(contacts)
      .where(
        and(
          eq(contacts.organizationId, organizationId),
          eq(contacts.phoneNumberId, phoneNumberId),
          eq(contacts.contactKey, contactKey),
        ),
      );
    return row;
  }

  async find(
    organizationId: string,
    id: string,
    executor: Executor = this.db,
  ): Promise<Contact | undefined> {
    const [row] = await executor
      .select()
      .from(contacts)
      .where(and(eq(contacts.organizationId, organizationId), eq(contacts.id, id)));
    return row;
  }

  /** An inbound message opens (or extends) the 24-hour window and counts as unread. */
  async recordInbound(
    organizationId: string,
    id: string,
    at: Date,
    executor: Executor = this.db,
  ): Promise<void> {
    await executor
      .update(contacts)
      .set({
        lastInboundAt: sql`greatest(${contacts.lastInboundAt}, ${at.toISOString()}::timestamptz)`,
        lastMessageAt: sql`greatest(${contacts.lastMessageAt}, ${at.toISOString()}::timestamptz)`,
        unreadCount: sql`${contacts.unreadCount} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(contacts.organizationId, organizationId), eq(contacts.id, id)));
  }

  /**
   * Sets when the contact first and last had a message and last wrote, as given (not only
   * forward, unlike recordInbound and the outbound upsert): for messages moved in time.
   */
  async setActivity(
    organizationId: string,
    id: string,
    activity: ContactActivity,
    executor: Executor = this.db,
  ): Promise<void> {
    await executor
      .update(contacts)
      .set({
        createdAt: sql`least(${contacts.createdAt}, ${activity.firstMessageAt.toISOString()}::timestamptz)`,
        lastMessageAt: activity.lastMessageAt,
        lastInboundAt: activity.lastInboundAt,
        updatedAt: sql`now()`,
      })
      .where(and(eq(contacts.organizationId, organizationId), eq(contacts.id, id)));
  }

  /**
   * Zeroes the contact's unread count (the row is locked, so an inbound message landing now is
   * counted either before or after); undefined when the organization has no such contact.
   */
  async markRead(
    organizationId: string,
    contactId: string,
    executor: Executor = this.db,
  ): Promise<ContactReadRow | undefined> {
    const result = await executor.execute<ContactReadRow>(sql`
      WITH target AS (
        SELECT id, unread_count FROM contacts
        WHERE organization_id = ${organizationId} AND id = ${contactId}
        FOR UPDATE
      ), cleared AS (
        UPDATE contacts c SET unread_count = 0, updated_at = now()
        FROM target
        WHERE c.id = target.id AND target.unread_count > 0
        RETURNING c.id
      )
      SELECT target.unread_count AS unread_before,
        to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS read_at
      FROM target`);
    return result.rows[0];
  }

  /**
   * One page of contacts, newest first, by (created_at, id) descending (`contacts_list_idx`).
   * Returns up to `limit + 1` rows; the extra row only tells the caller another page exists.
   */
  async list(
    organizationId: string,
    filters: ContactFilters,
    page: { limit: number; after?: KeysetPosition },
  ): Promise<ListedContact[]> {
    const where: SQL[] = [eq(contacts.organizationId, organizationId)];
    if (filters.q) where.push(contactSearchCondition(filters.q));
    if (filters.tag) where.push(arrayContains(contacts.tags, [filters.tag]));
    if (filters.consentStates?.length)
      where.push(inArray(contacts.consentState, [...filters.consentStates]));
    if (filters.accountId) where.push(eq(contacts.accountId, filters.accountId));
    if (filters.lastInboundSince) where.push(gte(contacts.lastInboundAt, filters.lastInboundSince));
    if (filters.lastInboundUntil) where.push(lt(contacts.lastInboundAt, filters.lastInboundUntil));
    if (page.after)
      where.push(
        sql`(${contacts.createdAt}, ${contacts.id}) < (${page.after.at}::timestamptz, ${page.after.id}::uuid)`,
      );
    const rows = await this.db
      .select({ contact: contacts, cursorAt: createdAtMicros })
      .from(contacts)
      .where(and(...where))
      .orderBy(desc(contacts.createdAt), desc(contacts.id))
      .limit(page.limit + 1);
    return rows.map(({ contact, cursorAt }) => ({
      ...contact,
      position: { at: cursorAt, id: contact.id },
    }));
  }

  /**
   * Ids of the organization's contacts a search term names (see `contactSearchCondition`): up to
   * `limit` of them, or, beyond that, a subquery for the caller's `IN (…)`.
   */
  async idsMatching(
    organizationId: string,
    term: string,
    limit: number,
  ): Promise<{ ids: string[] } | { subquery: SQL }> {
    const matches = and(eq(contacts.organizationId, organizationId), contactSearchCondition(term));
    const rows = await this.db
      .select({ id: contacts.id })
      .from(contacts)
      .where(matches)
      .limit(limit + 1);
    if (rows.length <= limit) return { ids: rows.map((row) => row.id) };
    return {
      subquery: sql`(SELECT ${contacts.id} FROM ${contacts} WHERE ${matches})`,
    };
  }

  /** The contacts of these ids in the organization (others are left out). */
  async findMany(organizationId: string, ids: readonly string[]): Promise<Contact[]> {
    if (ids.length === 0) return [];
    return this.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.organizationId, organizationId), inArray(contacts.id, [...ids])));
  }

  /** Changes what the business sets; undefined when the organization has no such contact. */
  async update(
    organizationId: string,
    id: string,
    changes: ContactChanges,
    executor: Executor = this.db,
  ): Promise<Contact | undefined> {
    const [row] = await executor
      .update(contacts)
      .set({
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.tags !== undefined ? { tags: [...changes.tags] } : {}),
        ...(changes.attributes !== undefined ? { attributes: { ...changes.attributes } } : {}),
        updatedAt: sql`now()`,
      })
      .where(and(eq(contacts.organizationId, organizationId), eq(contacts.id, id)))
      .returning();
    return row;
  }

  /** Locks the contact for a change that must see its current row (erasure, consent). */
  async lock(organizationId: string, id: string, executor: Executor): Promise<Contact | undefined> {
    const [row] = await executor
      .select()
      .from(contacts)
      .where(and(eq(contacts.organizationId, organizationId), eq(contacts.id, id)))
      .for('update');
    return row;
  }

  /** Deletes the contact row (its consent history goes with it, by cascade). */
  async delete(organizationId: string, id: string, executor: Executor): Promise<number> {
    const consent = await executor
      .delete(consentEvents)
      .where(and(eq(consentEvents.organizationId, organizationId), eq(consentEvents.contactId, id)))
      .returning({ id: consentEvents.id });
    await executor
      .delete(contacts)
      .where(and(eq(contacts.organizationId, organizationId), eq(contacts.id, id)));
    return consent.length;
  }

  /**
   * Records a consent change in the history, and makes it the contact's state unless a later
   * change is already recorded (webhooks may arrive out of order).
   */
  async recordConsent(event: NewConsentEvent, executor: Executor): Promise<ConsentEvent> {
    const [row] = await executor.insert(consentEvents).values(event).returning();
    if (!row) throw new Error('INSERT … RETURNING returned no row');
    await executor
      .update(contacts)
      .set({ consentState: event.state, consentChangedAt: event.occurredAt, updatedAt: sql`now()` })
      .where(
        and(
          eq(contacts.organizationId, event.organizationId),
          eq(contacts.id, event.contactId),
          or(isNull(contacts.consentChangedAt), lte(contacts.consentChangedAt, event.occurredAt)),
        ),
      );
    return row;
  }

  /** A contact's consent history, oldest first. */
  /** Which of these numbers (digits) and user ids opted out of marketing on this business number. */
  async optedOutAmong(
    organizationId: string,
    phoneNumberId: string,
    waIds: readonly string[],
    userIds: readonly string[],
  ): Promise<{ waId: string; userId: string | null }[]> {
    if (waIds.length === 0 && userIds.length === 0) return [];
    const who: SQL[] = [];
    if (waIds.length) who.push(inArray(contacts.waId, [...waIds]));
    if (userIds.length) who.push(inArray(contacts.userId, [...userIds]));
    return this.db
      .select({ waId: contacts.waId, userId: contacts.userId })
      .from(contacts)
      .where(
        and(
          eq(contacts.organizationId, organizationId),
          eq(contacts.phoneNumberId, phoneNumberId),
          eq(contacts.consentState, 'opted_out'),
          or(...who),
        ),
      );
  }

  /** Addresses (`+` digits, or user ids) of the organization's contacts with this tag, in pages. */
  async *addressesTagged(
    organizationId: string,
    tag: string,
    accountId: string | null,
  ): AsyncGenerator<{ address: string; attributes: Record<string, string> }[]> {
    let after = '';
    for (;;) {
      const rows = await this.db
        .select({
          id: contacts.id,
          waId: contacts.waId,
          userId: contacts.userId,
          attributes: contacts.attributes,
        })
        .from(contacts)
        .where(
          and(
            eq(contacts.organizationId, organizationId),
            arrayContains(contacts.tags, [tag]),
            accountId ? eq(contacts.accountId, accountId) : sql`true`,
            sql`${contacts.id} > ${after || '00000000-0000-0000-0000-000000000000'}::uuid`,
          ),
        )
        .orderBy(asc(contacts.id))
        .limit(1000);
      if (rows.length === 0) return;
      yield rows.map((r) => ({
        address: r.waId ? `+${r.waId}` : (r.userId ?? ''),
        attributes: r.attributes,
      }));
      after = rows[rows.length - 1]!.id;
      if (rows.length < 1000) return;
    }
  }

  async consentHistory(organizationId: string, contactId: string): Promise<ConsentEvent[]> {
    return this.db
      .select()
      .from(consentEvents)
      .where(
        and(
          eq(consentEvents.organizationId, organizationId),
          eq(consentEvents.contactId, contactId),
        ),
      )
      .orderBy(asc(consentEvents.occurredAt), asc(consentEvents.createdAt));
  }

  async findSettings(
    organizationId: string,
    executor: Executor = this.db,
  ): Promise<ConsentSettings | undefined> {
    const [row] = await executor
      .select()
      .from(consentSettings)
      .where(eq(consentSettings.organizationId, organizationId));
    return row;
  }

  async saveSettings(
    values: Omit<ConsentSettings, 'updatedAt'>,
    executor: Executor = this.db,
  ): Promise<ConsentSettings> {
    const { organizationId: _organizationId, ...changes } = values;
    const [row] = await executor
      .insert(consentSettings)
      .values(values)
      .onConflictDoUpdate({
        target: consentSettings.organizationId,
        set: { ...changes, updatedAt: sql`now()` },
      })
      .returning();
    if (!row) throw new Error('INSERT … RETURNING returned no row');
    return row;
  }

  /**
   * Writes one batch of an import for a business number, in one statement: new contacts are
   * created; existing ones are left alone (`create_only`) or get the name (when the file has
   * one), the tags added and the attributes merged (`create_or_update`). With `optIn`, the written
   * contacts are opted in with an `import` entry in their history, except those who opted out.
   */
  async importBatch(
    target: { organizationId: string; phoneNumberId: string; accountId: string },
    rows: readonly ImportedContact[],
    options: {
      mode: 'create_only' | 'create_or_update';
      tags: readonly string[];
      optIn: string | null;
    },
    executor: Executor,
  ): Promise<ImportBatchResult> {
    if (rows.length === 0)
      return { created: 0, updated: 0, skipped: 0, optedIn: 0, keptOptedOut: 0 };
    const values = rows.map((row) => ({
      organizationId: target.organizationId,
      phoneNumberId: target.phoneNumberId,
      accountId: target.accountId,
      contactKey: row.waId,
      waId: row.waId,
      name: row.name,
      tags: [...new Set([...row.tags, ...options.tags])],
      attributes: { ...row.attributes },
    }));
    const insert = executor.insert(contacts).values(values);
    const returning = {
      id: contacts.id,
      // xmax is 0 on a row this statement inserted, the updating transaction's id otherwise.
      created: sql<boolean>`(xmax = 0)`,
      consentState: contacts.consentState,
    };
    const written =
      options.mode === 'create_only'
        ? await insert.onConflictDoNothing().returning(returning)
        : await insert
            .onConflictDoUpdate({
              target: [contacts.organizationId, contacts.phoneNumberId, contacts.contactKey],
              set: {
                name: sql`coalesce(excluded.name, ${contacts.name})`,
                tags: sql`ARRAY(SELECT DISTINCT unnest(${contacts.tags} || excluded.tags))`,
                attributes: sql`${contacts.attributes} || excluded.attributes`,
                accountId: sql`coalesce(${contacts.accountId}, excluded.account_id)`,
                updatedAt: sql`now()`,
              },
            })
            .returning(returning);
    const created = written.filter((row) => row.created).length;
    let optedIn = 0;
    let keptOptedOut = 0;
    if (options.optIn !== null) {
      const ids = written.filter((row) => row.consentState !== 'opted_out').map((row) => row.id);
      keptOptedOut = written.length - ids.length;
      if (ids.length > 0) {
        const now = new Date();
        await executor.insert(consentEvents).values(
          ids.map((contactId) => ({
            organizationId: target.organizationId,
            contactId,
            state: 'opted_in' as const,
            source: 'import' as const,
            detail: options.optIn,
            occurredAt: now,
          })),
        );
        await executor
          .update(contacts)
          .set({ consentState: 'opted_in', consentChangedAt: now, updatedAt: sql`now()` })
          .where(
            and(eq(contacts.organizationId, target.organizationId), inArray(contacts.id, ids)),
          );
        optedIn = ids.length;
      }
    }
    return {
      created,
      updated: written.length - created,
      skipped: rows.length - written.length,
      optedIn,
      keptOptedOut,
    };
  }

  /** Which of these wa_ids are contacts of the business number already. */
  async existingWaIds(
    organizationId: string,
    phoneNumberId: string,
    waIds: readonly string[],
  ): Promise<Set<string>> {
    if (waIds.length === 0) return new Set();
    const rows = await this.db
      .select({ waId: contacts.waId })
      .from(contacts)
      .where(
        and(
          eq(contacts.organizationId, organizationId),
          eq(contacts.phoneNumberId, phoneNumberId),
          inArray(contacts.contactKey, [...waIds]),
        ),
      );
    return new Set(rows.map((row) => row.waId));
  }

  /** The attribute names the organization's contacts have, sorted (at most 200). */
  async attributeNames(organizationId: string): Promise<string[]> {
    const result = await this.db.execute<{ name: string }>(sql`
      SELECT DISTINCT jsonb_object_keys(${contacts.attributes}) AS name
      FROM ${contacts} WHERE ${contacts.organizationId} = ${organizationId}
      ORDER BY name LIMIT 200`);
    return result.rows.map((row) => row.name);
  }

  /** Every contact of the organization matching the filters, oldest first, in pages (export). */
  async *stream(
    organizationId: string,
    filters: ContactFilters,
    pageSize = 1000,
  ): AsyncGenerator<Contact> {
    let after: KeysetPosition | undefined;
    for (;;) {
      const page = await this.list(organizationId, filters, { limit: pageSize, after });
      for (const row of page.slice(0, pageSize)) yield row;
      if (page.length <= pageSize) return;
      after = page[pageSize - 1]!.position;
    }
  }
}
