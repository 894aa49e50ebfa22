import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { type SQL } from 'drizzle-orm';
import { type Executor } from '../database/database.js';
import { type Contact } from './contacts.schema.js';
import {
  type ContactActivity,
  type ContactChanges,
  type ContactFilters,
  type ContactIdentity,
  type ContactReadRow,
  contactKeyOf,
  ContactsRepository,
  type ListedContact,
} from './contacts.repository.js';

export type {
  ContactActivity,
  ContactChanges,
  ContactFilters,
  ContactIdentity,
  ContactReadRow,
  ListedContact,
};

/** What one feature erased of a contact, and what it must clean up once that is committed. */
export interface ErasureStep {
  /** Rows erased, by what they are (`messages`, `media_files`, …). */
  readonly counts: Readonly<Record<string, number>>;
  /** Work outside the database (stored files), run after the erasing transaction committed. */
  readonly afterCommit?: () => Promise<void>;
}

/** Erases a feature's rows of a contact, in the erasing transaction. */
export type ContactEraser = (
  organizationId: string,
  contactId: string,
  tx: Executor,
) => Promise<ErasureStep>;

/** What erasing a contact removed, by what it was. */
export type ErasureCounts = Readonly<Record<string, number>>;

/**
 * The contacts of each business number: who they are (WhatsApp's ids and names, the business's
 * name, tags and attributes), their 24-hour window and unread count. Everything outside this
 * folder goes through here, and every method takes the caller's transaction where a change must
 * commit with others. Features with rows of a contact register an eraser (`onErase`), so erasing
 * a contact takes everything of it in one transaction without this feature knowing their tables.
 */
@Injectable()
export class ContactsService {
  private readonly logger = new Logger(ContactsService.name);
  private readonly erasers: ContactEraser[] = [];

  constructor(private readonly contacts: ContactsRepository) {}

  /** Finds or creates the contact, refreshing its profile name and ids when Meta sends newer ones. */
  upsert(identity: ContactIdentity, executor?: Executor): Promise<Contact> {
    return this.contacts.upsert(identity, executor);
  }

  /** The contact of a message being written in `executor`'s transaction: it moves up the inbox. */
  upsertForOutbound(identity: ContactIdentity, executor: Executor): Promise<Contact> {
    return this.contacts.upsert(identity, executor, true);
  }

  find(organizationId: string, id: string, executor?: Executor): Promise<Contact | undefined> {
    return this.contacts.find(organizationId, id, executor);
  }

  /** The contact, or 404 when the organization has none with this id. */
  async get(organizationId: string, id: string): Promise<Contact> {
    const contact = await this.contacts.find(organizationId, id);
    if (!contact) throw new NotFoundException('No such contact in your organization.');
    return contact;
  }

  /** The contacts of these ids (others, and other organizations' ones, are left out). */
  findMany(organizationId: string, ids: readonly string[]): Promise<Contact[]> {
    return this.contacts.findMany(organizationId, [...new Set(ids)]);
  }

  /** The contact this identity names, without creating it (checks before a send). */
  findByIdentity(identity: ContactIdentity, executor?: Executor): Promise<Contact | undefined> {
    return this.contacts.findByKey(
      identity.organizationId,
      identity.phoneNumberId,
      contactKeyOf(identity),
      executor,
    );
  }

  /** One page of contacts, newest first: up to `limit + 1` rows (the extra one says "more"). */
  list(
    organizationId: string,
    filters: ContactFilters,
    page: { limit: number; after?: { at: string; id: string } },
  ): Promise<ListedContact[]> {
    return this.contacts.list(organizationId, filters, page);
  }

  /** Every contact matching the filters, newest first, read page by page (exports). */
  stream(organizationId: string, filters: ContactFilters): AsyncGenerator<Contact> {
    return this.contacts.stream(organizationId, filters);
  }

  /** The attribute names the organization's contacts have. */
  /** Addresses and attributes of the contacts with a tag, in pages (a campaign's audience). */
  addressesTagged(
    organizationId: string,
    tag: string,
    accountId: string | null,
  ): AsyncGenerator<{ address: string; attributes: Record<string, string> }[]> {
    return this.contacts.addressesTagged(organizationId, tag, accountId);
  }

  attributeNames(organizationId: string): Promise<string[]> {
    return this.contacts.attributeNames(organizationId);
  }

  /**
   * The contacts a search term names (any part of the number in any spelling, of a name, the
   * username, the user id, or the id), for other features' filters: a short list of ids, or a
   * subquery for `IN (…)` when there are more than `limit`.
   */
  idsMatching(
    organizationId: string,
    term: string,
    limit: number,
  ): Promise<{ ids: string[] } | { subquery: SQL }> {
    return this.contacts.idsMatching(organizationId, term, limit);
  }

  /** Changes the business's name, tags or attributes; 404 outside the organization. */
  async update(
    organizationId: string,
    id: string,
    changes: ContactChanges,
    executor?: Executor,
  ): Promise<Contact> {
    const contact = await this.contacts.update(organizationId, id, changes, executor);
    if (!contact) throw new NotFoundException('No such contact in your organization.');
    return contact;
  }

  /** Registers a feature's part of erasing a contact (at start-up, from that feature's service). */
  onErase(eraser: ContactEraser): void {
    this.erasers.push(eraser);
  }

  /**
   * Erases a contact on request: every registered feature's rows of it (messages, their status
   * events, media), its consent history, then the contact, in one transaction; then the stored
   * files. 404 outside the organization.
   */
  async erase(organizationId: string, id: string): Promise<ErasureCounts> {
    const { counts, afterCommit } = await this.contacts.transaction(async (tx) => {
      const contact = await this.contacts.lock(organizationId, id, tx);
      if (!contact) throw new NotFoundException('No such contact in your organization.');
      const counts: Record<string, number> = {};
      const afterCommit: (() => Promise<void>)[] = [];
      for (const eraser of this.erasers) {
        const step = await eraser(organizationId, id, tx);
        for (const [what, count] of Object.entries(step.counts))
          counts[what] = (counts[what] ?? 0) + count;
        if (step.afterCommit) afterCommit.push(step.afterCommit);
      }
      counts['consent_events'] = await this.contacts.delete(organizationId, id, tx);
      return { counts, afterCommit };
    });
    for (const work of afterCommit) {
      // The rows are gone; a file left behind is logged, not a failed erasure.
      await work().catch((error: unknown) =>
        this.logger.error(
          { err: error, organization_id: organizationId, contact_id: id },
          'Erased contact: cleaning up after the transaction failed',
        ),
      );
    }
    return counts;
  }

  /** A message from the contact: opens (or extends) the 24-hour window and counts as unread. */
  recordInbound(organizationId: string, id: string, at: Date, executor: Executor): Promise<void> {
    return this.contacts.recordInbound(organizationId, id, at, executor);
  }

  /**
   * Sets when the contact first and last had a message and last wrote (their 24-hour window),
   * as given: after their messages were moved in time (demo mode's history), which
   * recordInbound and upsertForOutbound, only ever moving forward, cannot follow.
   */
  setActivity(
    organizationId: string,
    id: string,
    activity: ContactActivity,
    executor: Executor,
  ): Promise<void> {
    return this.contacts.setActivity(organizationId, id, activity, executor);
  }

  /**
   * Zeroes the contact's unread count in the caller's transaction; undefined when the
   * organization has no such contact.
   */
  markRead(
    organizationId: string,
    id: string,
    executor: Executor,
  ): Promise<ContactReadRow | undefined> {
    return this.contacts.markRead(organizationId, id, executor);
  }
}
