import { Inject, Injectable } from '@nestjs/common';
import { and, eq, sql } from 'drizzle-orm';
import { type Database, type Executor } from '../../database/database.js';
import { DATABASE } from '../../database/database.module.js';
import { type Contact, contacts } from './contacts.schema.js';

export interface ContactIdentity {
  readonly organizationId: string;
  readonly phoneNumberId: string;
  readonly accountId: string | null;
  /** Phone-number WhatsApp id (digits), or '' for username users. */
  readonly waId: string;
  /** Business-scoped user id, when known. */
  readonly userId?: string | null;
  readonly profileName?: string | null;
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

  /** Finds or creates the contact, refreshing its profile name and ids when Meta sends newer ones. */
  async upsert(identity: ContactIdentity, executor: Executor = this.db): Promise<Contact> {
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
      })
      .onConflictDoUpdate({
        target: [contacts.organizationId, contacts.phoneNumberId, contacts.contactKey],
        set: {
          accountId: sql`coalesce(excluded.account_id, ${contacts.accountId})`,
          userId: sql`coalesce(excluded.user_id, ${contacts.userId})`,
          profileName: sql`coalesce(excluded.profile_name, ${contacts.profileName})`,
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

  async recordOutbound(
    organizationId: string,
    id: string,
    at: Date,
    executor: Executor = this.db,
  ): Promise<void> {
    await executor
      .update(contacts)
      .set({
        lastMessageAt: sql`greatest(${contacts.lastMessageAt}, ${at.toISOString()}::timestamptz)`,
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
}
