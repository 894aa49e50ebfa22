import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, sql } from 'drizzle-orm';
import { type Database, type Executor } from '../database/database.js';
import { DATABASE } from '../database/database.module.js';
import { type WhatsAppCredential, whatsappCredentials } from '../database/schema.js';

export type NewCredential = typeof whatsappCredentials.$inferInsert;
export type CredentialChanges = Partial<
  Omit<NewCredential, 'id' | 'organizationId' | 'phoneNumberId' | 'createdAt'>
>;

/** The whatsapp_credentials table; every query is scoped to an organization. */
@Injectable()
export class CredentialsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  list(organizationId: string): Promise<WhatsAppCredential[]> {
    return this.db
      .select()
      .from(whatsappCredentials)
      .where(eq(whatsappCredentials.organizationId, organizationId))
      .orderBy(asc(whatsappCredentials.createdAt));
  }

  async find(organizationId: string, id: string): Promise<WhatsAppCredential | undefined> {
    const [row] = await this.db
      .select()
      .from(whatsappCredentials)
      .where(
        and(eq(whatsappCredentials.organizationId, organizationId), eq(whatsappCredentials.id, id)),
      );
    return row;
  }

  /** Inserts, or returns undefined when the phone number is already connected (anywhere). */
  async insert(values: NewCredential): Promise<WhatsAppCredential | undefined> {
    const [row] = await this.db
      .insert(whatsappCredentials)
      .values(values)
      .onConflictDoNothing()
      .returning();
    return row;
  }

  async update(
    organizationId: string,
    id: string,
    changes: CredentialChanges,
  ): Promise<WhatsAppCredential | undefined> {
    const [row] = await this.db
      .update(whatsappCredentials)
      .set({ ...changes, updatedAt: new Date() })
      .where(
        and(eq(whatsappCredentials.organizationId, organizationId), eq(whatsappCredentials.id, id)),
      )
      .returning();
    return row;
  }

  async delete(organizationId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(whatsappCredentials)
      .where(
        and(eq(whatsappCredentials.organizationId, organizationId), eq(whatsappCredentials.id, id)),
      )
      .returning({ id: whatsappCredentials.id });
    return rows.length > 0;
  }

  // Webhook routing only: Meta's deliveries carry no organization, so the account is found
  // first and its organization scopes everything that follows.

  /** The account behind a per-account webhook URL, whatever its organization. */
  async findForWebhook(id: string, executor?: Executor): Promise<WhatsAppCredential | undefined> {
    if (executor) {
      const [row] = await executor
        .select()
        .from(whatsappCredentials)
        .where(eq(whatsappCredentials.id, id));
      return row;
    }
    // Every webhook delivery runs this: a prepared statement skips building the SQL each time.
    const [row] = await this.findForWebhookStatement.execute({ id });
    return row;
  }

  private readonly findForWebhookStatement = this.db
    .select()
    .from(whatsappCredentials)
    .where(eq(whatsappCredentials.id, sql.placeholder('id')))
    .prepare('credential_for_webhook');

  /** The account of a business number (connected once at most), whatever its organization. */
  async findByPhoneNumberId(
    phoneNumberId: string,
    executor: Executor = this.db,
  ): Promise<WhatsAppCredential | undefined> {
    const [row] = await executor
      .select()
      .from(whatsappCredentials)
      .where(eq(whatsappCredentials.phoneNumberId, phoneNumberId));
    return row;
  }

  /** Every connected number of a WhatsApp Business Account, in any organization. */
  listByWaba(wabaId: string, executor: Executor = this.db): Promise<WhatsAppCredential[]> {
    return executor
      .select()
      .from(whatsappCredentials)
      .where(eq(whatsappCredentials.wabaId, wabaId))
      .orderBy(asc(whatsappCredentials.createdAt));
  }

  /** Quality, throughput and limit reported by Meta's webhooks, inside the caller's transaction. */
  async updateQuality(
    organizationId: string,
    id: string,
    changes: Pick<CredentialChanges, 'qualityRating' | 'throughputLevel' | 'messagingLimit'>,
    executor: Executor,
  ): Promise<WhatsAppCredential | undefined> {
    const [row] = await executor
      .update(whatsappCredentials)
      .set({ ...changes, updatedAt: new Date() })
      .where(
        and(eq(whatsappCredentials.organizationId, organizationId), eq(whatsappCredentials.id, id)),
      )
      .returning();
    return row;
  }
}
