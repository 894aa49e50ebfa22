import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { type Database, type Executor } from '../database/database.js';
import { DATABASE } from '../database/database.module.js';
import { type WhatsAppAccount, whatsappAccounts } from './accounts.schema.js';

export type NewAccount = typeof whatsappAccounts.$inferInsert;
export type AccountChanges = Partial<
  Omit<NewAccount, 'id' | 'organizationId' | 'phoneNumberId' | 'createdAt'>
>;

/** The whatsapp_accounts table; every query is scoped to an organization. */
@Injectable()
export class AccountsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  list(organizationId: string): Promise<WhatsAppAccount[]> {
    return this.db
      .select()
      .from(whatsappAccounts)
      .where(eq(whatsappAccounts.organizationId, organizationId))
      .orderBy(asc(whatsappAccounts.createdAt));
  }

  async find(organizationId: string, id: string): Promise<WhatsAppAccount | undefined> {
    const [row] = await this.db
      .select()
      .from(whatsappAccounts)
      .where(and(eq(whatsappAccounts.organizationId, organizationId), eq(whatsappAccounts.id, id)));
    return row;
  }

  /** The organization's accounts among `ids` (others' and unknown ids are left out). */
  listByIds(organizationId: string, ids: readonly string[]): Promise<WhatsAppAccount[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .select()
      .from(whatsappAccounts)
      .where(
        and(
          eq(whatsappAccounts.organizationId, organizationId),
          inArray(whatsappAccounts.id, [...ids]),
        ),
      );
  }

  /** Inserts, or returns undefined when the phone number is already connected (anywhere). */
  async insert(values: NewAccount): Promise<WhatsAppAccount | undefined> {
    const [row] = await this.db
      .insert(whatsappAccounts)
      .values(values)
      .onConflictDoNothing()
      .returning();
    return row;
  }

  async update(
    organizationId: string,
    id: string,
    changes: AccountChanges,
  ): Promise<WhatsAppAccount | undefined> {
    const [row] = await this.db
      .update(whatsappAccounts)
      .set({ ...changes, updatedAt: new Date() })
      .where(and(eq(whatsappAccounts.organizationId, organizationId), eq(whatsappAccounts.id, id)))
      .returning();
    return row;
  }

  /**
   * Moves the account's last webhook time forward to `at` (never back); `updated_at` stays, as
   * nothing about the account changed.
   */
  async recordWebhook(organizationId: string, id: string, at: Date): Promise<void> {
    await this.db
      .update(whatsappAccounts)
      .set({ lastWebhookAt: at })
      .where(
        and(
          eq(whatsappAccounts.organizationId, organizationId),
          eq(whatsappAccounts.id, id),
          or(isNull(whatsappAccounts.lastWebhookAt), lt(whatsappAccounts.lastWebhookAt, at)),
        ),
      );
  }

  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Locks the account for a change that spans features; false when there is no such account. */
  async lock(organizationId: string, id: string, executor: Executor): Promise<boolean> {
    const rows = await executor
      .select({ id: whatsappAccounts.id })
      .from(whatsappAccounts)
      .where(and(eq(whatsappAccounts.organizationId, organizationId), eq(whatsappAccounts.id, id)))
      .for('update');
    return rows.length > 0;
  }

  async delete(organizationId: string, id: string, executor: Executor = this.db): Promise<boolean> {
    const rows = await executor
      .delete(whatsappAccounts)
      .where(and(eq(whatsappAccounts.organizationId, organizationId), eq(whatsappAccounts.id, id)))
      .returning({ id: whatsappAccounts.id });
    return rows.length > 0;
  }

  // Webhook routing only: Meta's deliveries carry no organization, so the account is found
  // first and its organization scopes everything that follows.

  /** The account behind a per-account webhook URL, whatever its organization. */
  async findForWebhook(id: string, executor?: Executor): Promise<WhatsAppAccount | undefined> {
    if (executor) {
      const [row] = await executor
        .select()
        .from(whatsappAccounts)
        .where(eq(whatsappAccounts.id, id));
      return row;
    }
    // Every webhook delivery runs this: a prepared statement skips building the SQL each time.
    const [row] = await this.findForWebhookStatement.execute({ id });
    return row;
  }

  private readonly findForWebhookStatement = this.db
    .select()
    .from(whatsappAccounts)
    .where(eq(whatsappAccounts.id, sql.placeholder('id')))
    .prepare('account_for_webhook');

  /** The account of a business number (connected once at most), whatever its organization. */
  async findByPhoneNumberId(
    phoneNumberId: string,
    executor: Executor = this.db,
  ): Promise<WhatsAppAccount | undefined> {
    const [row] = await executor
      .select()
      .from(whatsappAccounts)
      .where(eq(whatsappAccounts.phoneNumberId, phoneNumberId));
    return row;
  }

  /** Every connected number of a WhatsApp Business Account, in any organization. */
  listByWaba(wabaId: string, executor: Executor = this.db): Promise<WhatsAppAccount[]> {
    return executor
      .select()
      .from(whatsappAccounts)
      .where(eq(whatsappAccounts.wabaId, wabaId))
      .orderBy(asc(whatsappAccounts.createdAt));
  }

  /** Quality, throughput and limit reported by Meta's webhooks, inside the caller's transaction. */
  async updateQuality(
    organizationId: string,
    id: string,
    changes: Pick<AccountChanges, 'qualityRating' | 'throughputLevel' | 'messagingLimit'>,
    executor: Executor,
  ): Promise<WhatsAppAccount | undefined> {
    const [row] = await executor
      .update(whatsappAccounts)
      .set({ ...changes, updatedAt: new Date() })
      .where(and(eq(whatsappAccounts.organizationId, organizationId), eq(whatsappAccounts.id, id)))
      .returning();
    return row;
  }
}
