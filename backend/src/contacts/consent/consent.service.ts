import { HttpException, HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { type Executor } from '../../database/database.js';
import {
  type ConsentEvent,
  type ConsentSettings,
  type ConsentSource,
  type ConsentState,
  type Contact,
} from '../contacts.schema.js';
import { type ContactIdentity, ContactsRepository } from '../contacts.repository.js';
import {
  DEFAULT_OPT_IN_KEYWORDS,
  DEFAULT_OPT_IN_REPLY,
  DEFAULT_OPT_OUT_KEYWORDS,
  DEFAULT_OPT_OUT_REPLY,
  keywordIntent,
  mayBeKeyword,
} from './consent-keywords.js';

/** A consent change to record. */
export interface ConsentChange {
  readonly state: Exclude<ConsentState, 'unknown'>;
  readonly source: ConsentSource;
  /** The words behind it (keyword, Meta's detail, the wording shown at opt-in, a note). */
  readonly detail?: string | null;
  /** The agent, for changes made in the console. */
  readonly userId?: string | null;
  readonly occurredAt?: Date;
}

/** What a keyword in an inbound message did. */
export interface KeywordOutcome {
  readonly state: Exclude<ConsentState, 'unknown'>;
  /** The confirmation to send back, when the organization turned confirmations on. */
  readonly reply: string | null;
}

/** An organization's consent settings, the defaults until it changes them. */
export type ConsentSettingsValues = Omit<ConsentSettings, 'organizationId' | 'updatedAt'>;

export const DEFAULT_CONSENT_SETTINGS: ConsentSettingsValues = {
  optOutKeywords: [...DEFAULT_OPT_OUT_KEYWORDS],
  optInKeywords: [...DEFAULT_OPT_IN_KEYWORDS],
  confirmationEnabled: false,
  optOutReply: DEFAULT_OPT_OUT_REPLY,
  optInReply: DEFAULT_OPT_IN_REPLY,
};

/**
 * Marketing consent of contacts, per business number (a contact is one person on one number,
 * as Meta's "Stop promotions" is). Four sources opt a contact out (Meta's `user_preferences`
 * webhook, a keyword, an agent, Meta's 131050 refusal) and each is recorded in the history with
 * its time and source, like opt-ins (API, import, keyword, Meta's "resume"). Campaigns ask
 * `isReachableForMarketing`; single sends are checked by `assertMarketingAllowed`.
 */
@Injectable()
export class ConsentService {
  constructor(private readonly contacts: ContactsRepository) {}

  /** Records a change of a contact of the organization (the caller checked it exists). */
  record(
    organizationId: string,
    contactId: string,
    change: ConsentChange,
    executor: Executor,
  ): Promise<ConsentEvent> {
    return this.contacts.recordConsent(
      {
        organizationId,
        contactId,
        state: change.state,
        source: change.source,
        detail: change.detail ?? null,
        userId: change.userId ?? null,
        occurredAt: change.occurredAt ?? new Date(),
      },
      executor,
    );
  }

  /** An agent or an API client records an opt-out or opt-in; 404 outside the organization. */
  async change(organizationId: string, contactId: string, change: ConsentChange): Promise<Contact> {
    return this.contacts.transaction(async (tx) => {
      const contact = await this.contacts.lock(organizationId, contactId, tx);
      if (!contact) throw new NotFoundException('No such contact in your organization.');
      await this.record(organizationId, contactId, change, tx);
      return (await this.contacts.find(organizationId, contactId, tx))!;
    });
  }

  /**
   * Meta's `user_preferences` webhook: the user stopped (`stop`) or resumed (`resume`) marketing
   * messages from this business number. The contact is created if we never met them.
   */
  async applyMetaPreference(
    identity: ContactIdentity,
    preference: { value: 'stop' | 'resume'; detail: string | null; occurredAt: Date },
    executor: Executor,
  ): Promise<Contact> {
    const contact = await this.contacts.upsert(identity, executor);
    await this.record(
      identity.organizationId,
      contact.id,
      {
        state: preference.value === 'stop' ? 'opted_out' : 'opted_in',
        source: 'meta_preferences',
        detail: preference.detail,
        occurredAt: preference.occurredAt,
      },
      executor,
    );
    return contact;
  }

  /**
   * An inbound text that is one of the organization's keywords (STOP, START, …) changes the
   * contact's consent; null when it is not a keyword, or changes nothing (already in that state).
   */
  async applyKeyword(
    organizationId: string,
    contact: Pick<Contact, 'id' | 'consentState'>,
    text: string,
    at: Date,
    executor: Executor,
  ): Promise<KeywordOutcome | null> {
    // Most inbound texts are sentences: they skip the settings lookup on the webhook path.
    if (!mayBeKeyword(text)) return null;
    const settings = await this.settings(organizationId, executor);
    const intent = keywordIntent(text, {
      optOut: settings.optOutKeywords,
      optIn: settings.optInKeywords,
    });
    if (!intent) return null;
    const state = intent === 'opt_out' ? 'opted_out' : 'opted_in';
    if (contact.consentState === state) return null;
    await this.record(
      organizationId,
      contact.id,
      { state, source: 'keyword', detail: text.trim().slice(0, 200), occurredAt: at },
      executor,
    );
    const reply = state === 'opted_out' ? settings.optOutReply : settings.optInReply;
    return { state, reply: settings.confirmationEnabled ? reply : null };
  }

  /** Meta refused a marketing template with 131050: the user stopped marketing messages. */
  async recordMarketingRefusal(
    organizationId: string,
    contactId: string,
    detail: string,
    executor: Executor,
    occurredAt: Date = new Date(),
  ): Promise<void> {
    await this.record(
      organizationId,
      contactId,
      { state: 'opted_out', source: 'meta_131050', detail, occurredAt },
      executor,
    );
  }

  /** Whether a marketing template may go to this contact (campaigns count and skip the others). */
  async isReachableForMarketing(organizationId: string, contactId: string): Promise<boolean> {
    const contact = await this.contacts.find(organizationId, contactId);
    return contact !== undefined && contact.consentState !== 'opted_out';
  }

  /**
   * Which of these addresses (`+` and digits, or user ids) opted out of marketing on this
   * business number: a campaign's audience skips them before launch.
   */
  async optedOutAmong(
    organizationId: string,
    phoneNumberId: string,
    addresses: readonly string[],
  ): Promise<Set<string>> {
    const waIds = addresses.filter((a) => a.startsWith('+')).map((a) => a.slice(1));
    const userIds = addresses.filter((a) => !a.startsWith('+'));
    const rows = await this.contacts.optedOutAmong(organizationId, phoneNumberId, waIds, userIds);
    return new Set(
      rows.flatMap((r) => [r.waId ? `+${r.waId}` : '', r.userId ?? '']).filter(Boolean),
    );
  }

  /**
   * Refuses a marketing template to an opted-out contact (422, with where the opt-out came from).
   * Utility and authentication templates and messages inside the window are not asked about.
   */
  async assertMarketingAllowed(contact: Contact | undefined): Promise<void> {
    if (!contact || contact.consentState !== 'opted_out') return;
    const history = await this.contacts.consentHistory(contact.organizationId, contact.id);
    const last = history.findLast((event) => event.state === 'opted_out');
    const how = last ? ` (${describeSource(last.source)}, ${last.occurredAt.toISOString()})` : '';
    throw new HttpException(
      {
        message:
          `This contact opted out of marketing messages on this number${how}. Marketing templates ` +
          'are not sent to them; utility and authentication templates, and replies within the ' +
          '24-hour window, still are. They can opt in again by sending START.',
        extensions: {
          consent: {
            state: 'opted_out',
            source: last?.source ?? null,
            changed_at: contact.consentChangedAt?.toISOString() ?? null,
          },
        },
      },
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }

  history(organizationId: string, contactId: string): Promise<ConsentEvent[]> {
    return this.contacts.consentHistory(organizationId, contactId);
  }

  /** The organization's keywords and confirmation replies (the defaults until changed). */
  async settings(organizationId: string, executor?: Executor): Promise<ConsentSettingsValues> {
    const row = await this.contacts.findSettings(organizationId, executor);
    if (!row) return DEFAULT_CONSENT_SETTINGS;
    const { organizationId: _organizationId, updatedAt: _updatedAt, ...values } = row;
    return values;
  }

  async updateSettings(
    organizationId: string,
    changes: Partial<ConsentSettingsValues>,
  ): Promise<ConsentSettingsValues> {
    const current = await this.settings(organizationId);
    // Fields left out (undefined) keep their current value.
    const given = Object.fromEntries(
      Object.entries(changes).filter(([, value]) => value !== undefined),
    );
    const {
      organizationId: _organizationId,
      updatedAt: _updatedAt,
      ...saved
    } = await this.contacts.saveSettings({ ...current, ...given, organizationId });
    return saved;
  }
}

function describeSource(source: ConsentSource): string {
  switch (source) {
    case 'meta_preferences':
      return 'they chose "Stop promotions" in WhatsApp';
    case 'keyword':
      return 'they sent a stop keyword';
    case 'agent':
      return 'recorded by an agent';
    case 'meta_131050':
      return 'WhatsApp refused a marketing message with error 131050';
    case 'api':
      return 'recorded through the API';
    case 'import':
      return 'recorded by an import';
  }
}
