import { randomInt, randomUUID } from 'node:crypto';
import {
  type Contact,
  contacts,
  type Message,
  type MessageStatus,
  messageStatusEvents,
  messages,
  type WhatsAppAccount,
  whatsappAccounts,
} from '../../src/database/schema.js';
import { type TestApp } from './test-app.js';

/**
 * Seeded data written straight into the test database, for tests of the reading side
 * (history, conversations, stats) that must not depend on the send and webhook pipelines.
 */

/** A connected account row; its secrets are placeholders (nothing here calls Meta). */
export async function seedAccount(
  t: TestApp,
  organizationId: string,
  overrides: Partial<typeof whatsappAccounts.$inferInsert> = {},
): Promise<WhatsAppAccount> {
  const n = randomInt(1_000_000, 9_999_999);
  const [row] = await t.db
    .insert(whatsappAccounts)
    .values({
      organizationId,
      label: 'Support line',
      phoneNumberId: `10${n}00002`,
      wabaId: `20${n}00002`,
      accessTokenEncrypted: 'not-a-real-ciphertext',
      accessTokenLast4: 'abcd',
      webhookVerifyToken: `wvt_${n}`,
      displayPhoneNumber: `+1 555-01${n.toString().slice(0, 2)}-${n.toString().slice(2, 6)}`,
      verifiedName: 'Test Shop',
      ...overrides,
    })
    .returning();
  return must(row);
}

export interface SeedContact {
  readonly organizationId: string;
  /** The business number; defaults to the account's. */
  readonly account?: WhatsAppAccount | null;
  readonly phoneNumberId?: string;
  readonly waId?: string;
  readonly userId?: string | null;
  readonly profileName?: string | null;
  readonly lastInboundAt?: Date | null;
  readonly lastMessageAt?: Date | null;
  readonly unreadCount?: number;
}

export async function seedContact(t: TestApp, seed: SeedContact): Promise<Contact> {
  const waId = seed.waId ?? `1555${randomInt(1_000_000, 9_999_999)}`;
  const [row] = await t.db
    .insert(contacts)
    .values({
      organizationId: seed.organizationId,
      phoneNumberId: seed.phoneNumberId ?? seed.account?.phoneNumberId ?? '106540352242922',
      accountId: seed.account?.id ?? null,
      contactKey: waId || seed.userId || randomUUID(),
      waId,
      userId: seed.userId ?? null,
      profileName: seed.profileName ?? null,
      lastInboundAt: seed.lastInboundAt ?? null,
      lastMessageAt: seed.lastMessageAt ?? null,
      unreadCount: seed.unreadCount ?? 0,
    })
    .returning();
  return must(row);
}

export interface SeedMessage {
  readonly contact: Contact;
  readonly direction?: 'in' | 'out';
  readonly status?: MessageStatus;
  readonly createdAt?: Date;
  readonly text?: string;
  readonly messageType?: string;
  readonly content?: Record<string, unknown>;
  readonly error?: Record<string, unknown> | null;
  readonly pricing?: Record<string, unknown> | null;
  readonly conversation?: Record<string, unknown> | null;
  readonly campaignId?: string | null;
  readonly contextWaMessageId?: string | null;
  /** Overrides the account of the contact (null: a disconnected account). */
  readonly accountId?: string | null;
  readonly waMessageId?: string | null;
  readonly sentAt?: Date | null;
  readonly deliveredAt?: Date | null;
  readonly readAt?: Date | null;
  readonly failedAt?: Date | null;
  readonly receivedAt?: Date | null;
}

/**
 * A message of `contact`: outbound `delivered` text by default. Inbound messages default to
 * `received`. Timestamps of the statuses reached are filled from created_at unless given.
 */
export async function seedMessage(t: TestApp, seed: SeedMessage): Promise<Message> {
  const direction = seed.direction ?? 'out';
  const status = seed.status ?? (direction === 'in' ? 'received' : 'delivered');
  const createdAt = seed.createdAt ?? new Date();
  const text = seed.text ?? `Message ${randomUUID().slice(0, 8)}`;
  const business = seed.contact.phoneNumberId;
  const reached = (...statuses: MessageStatus[]) =>
    direction === 'out' && statuses.includes(status) ? createdAt : null;
  const [row] = await t.db
    .insert(messages)
    .values({
      organizationId: seed.contact.organizationId,
      accountId: seed.accountId === undefined ? seed.contact.accountId : seed.accountId,
      phoneNumberId: business,
      contactId: seed.contact.id,
      direction,
      waMessageId:
        seed.waMessageId === undefined
          ? status === 'queued'
            ? null
            : `wamid.${randomUUID()}`
          : seed.waMessageId,
      fromAddress: direction === 'out' ? business : seed.contact.waId,
      toAddress: direction === 'out' ? seed.contact.waId : business,
      messageType: seed.messageType ?? 'text',
      content: seed.content ?? { type: 'text', text: { body: text } },
      previewText: text,
      status,
      error: seed.error ?? null,
      pricing: seed.pricing ?? null,
      conversation: seed.conversation ?? null,
      contextWaMessageId: seed.contextWaMessageId ?? null,
      campaignId: seed.campaignId ?? null,
      sentAt: seed.sentAt ?? reached('sent', 'delivered', 'read', 'played'),
      deliveredAt: seed.deliveredAt ?? reached('delivered', 'read', 'played'),
      readAt: seed.readAt ?? reached('read', 'played'),
      failedAt: seed.failedAt ?? reached('failed'),
      receivedAt: seed.receivedAt ?? (direction === 'in' ? createdAt : null),
      createdAt,
      updatedAt: createdAt,
    })
    .returning();
  return must(row);
}

export interface SeedStatusEvent {
  readonly message: Message;
  readonly status: MessageStatus;
  readonly occurredAt: Date;
  readonly errors?: Array<Record<string, unknown>> | null;
  readonly pricing?: Record<string, unknown> | null;
  readonly conversation?: Record<string, unknown> | null;
}

export async function seedStatusEvent(t: TestApp, seed: SeedStatusEvent): Promise<void> {
  await t.db.insert(messageStatusEvents).values({
    organizationId: seed.message.organizationId,
    messageId: seed.message.id,
    status: seed.status,
    occurredAt: seed.occurredAt,
    errors: seed.errors ?? null,
    pricing: seed.pricing ?? null,
    conversation: seed.conversation ?? null,
  });
}

/** `base` moved by whole hours (negative: earlier). */
export function hoursFrom(base: Date, hours: number): Date {
  return new Date(base.getTime() + hours * 3_600_000);
}

function must<T>(row: T | undefined): T {
  if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
  return row;
}
