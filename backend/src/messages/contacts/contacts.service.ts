import { Injectable } from '@nestjs/common';
import { type Executor } from '../../database/database.js';
import { type Contact } from './contacts.schema.js';
import {
  type ContactIdentity,
  type ContactReadRow,
  contactKeyOf,
  ContactsRepository,
} from './contacts.repository.js';

export type { ContactIdentity, ContactReadRow };

/**
 * The contacts of each business number, their 24-hour window and unread count. Everything
 * outside this folder goes through here (contacts become a feature of their own later), and
 * every method takes the caller's transaction where a change must commit with others.
 */
@Injectable()
export class ContactsService {
  constructor(private readonly contacts: ContactsRepository) {}

  /** Finds or creates the contact, refreshing its profile name and ids when Meta sends newer ones. */
  upsert(identity: ContactIdentity, executor?: Executor): Promise<Contact> {
    return this.contacts.upsert(identity, executor);
  }

  find(organizationId: string, id: string, executor?: Executor): Promise<Contact | undefined> {
    return this.contacts.find(organizationId, id, executor);
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

  /** A message from the contact: opens (or extends) the 24-hour window and counts as unread. */
  recordInbound(organizationId: string, id: string, at: Date, executor: Executor): Promise<void> {
    return this.contacts.recordInbound(organizationId, id, at, executor);
  }

  /** A message to the contact: moves the conversation up the inbox. */
  recordOutbound(organizationId: string, id: string, at: Date, executor: Executor): Promise<void> {
    return this.contacts.recordOutbound(organizationId, id, at, executor);
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
