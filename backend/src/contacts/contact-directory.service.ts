import { normalizeTags } from '@convis/contracts';
import { Injectable, StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import { type AuthenticatedUser } from '../auth/authenticated-user.js';
import { ValidationException } from '../common/errors/validation.exception.js';
import { decodeCursor, encodeCursor, parseDateBound } from '../messages/history/query-fields.js';
import { ConsentService } from './consent/consent.service.js';
import { toConsentEventDto, toContactDto } from './contact-mapper.js';
import { type ContactFilters, ContactsService } from './contacts.service.js';
import {
  type ConsentSettingsDto,
  type UpdateConsentSettingsDto,
  type UpdateContactConsentDto,
} from './dto/consent.dto.js';
import {
  type ContactDetailDto,
  type ContactDto,
  type ContactErasureDto,
  type ContactPageDto,
} from './dto/contact-response.dto.js';
import {
  type ContactFiltersDto,
  type ListContactsQueryDto,
} from './dto/list-contacts-query.dto.js';
import { csvLine } from '../common/csv/csv-writing.js';
import { type UpdateContactDto } from './dto/update-contact.dto.js';

/** The contacts routes: the caller's organization's contacts as the API shows them. */
@Injectable()
export class ContactDirectoryService {
  constructor(
    private readonly contacts: ContactsService,
    private readonly consent: ConsentService,
  ) {}

  async list(caller: AuthenticatedUser, query: ListContactsQueryDto): Promise<ContactPageDto> {
    const rows = await this.contacts.list(
      caller.organizationId,
      filtersOf(query),
      // The DTO validated the cursor, so it decodes.
      { limit: query.limit, after: query.cursor ? decodeCursor(query.cursor) : undefined },
    );
    const more = rows.length > query.limit;
    const page = more ? rows.slice(0, query.limit) : rows;
    const last = page.at(-1);
    return {
      items: page.map((row) => toContactDto(row)),
      next_cursor: more && last ? encodeCursor(last.position) : null,
    };
  }

  /**
   * The contacts matching the filters as CSV, newest first, streamed page by page: one column per
   * attribute any contact has, so the file imports back as it is.
   */
  async export(caller: AuthenticatedUser, query: ContactFiltersDto): Promise<StreamableFile> {
    const filters = filtersOf(query);
    const attributes = await this.contacts.attributeNames(caller.organizationId);
    const contacts = this.contacts.stream(caller.organizationId, filters);
    async function* lines(): AsyncGenerator<string> {
      yield csvLine([...EXPORT_COLUMNS, ...attributes]);
      for await (const c of contacts) {
        yield csvLine([
          c.waId ? `+${c.waId}` : null,
          c.name,
          c.profileName,
          c.username,
          c.userId,
          c.tags.join(', '),
          c.consentState,
          c.consentChangedAt?.toISOString() ?? null,
          c.lastInboundAt?.toISOString() ?? null,
          c.createdAt.toISOString(),
          ...attributes.map((name) => c.attributes[name] ?? null),
        ]);
      }
    }
    return new StreamableFile(Readable.from(lines()), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="contacts.csv"',
    });
  }

  async get(caller: AuthenticatedUser, id: string): Promise<ContactDetailDto> {
    const contact = await this.contacts.get(caller.organizationId, id);
    const history = await this.consent.history(caller.organizationId, id);
    return { ...toContactDto(contact), consent_history: history.map(toConsentEventDto) };
  }

  async update(caller: AuthenticatedUser, id: string, dto: UpdateContactDto): Promise<ContactDto> {
    const contact = await this.contacts.update(caller.organizationId, id, {
      name: dto.name,
      tags: dto.tags ? normalizeTags(dto.tags) : undefined,
      attributes: dto.attributes,
    });
    return toContactDto(contact);
  }

  async erase(caller: AuthenticatedUser, id: string): Promise<ContactErasureDto> {
    const counts = await this.contacts.erase(caller.organizationId, id);
    return {
      contact_id: id,
      messages_count: counts['messages'] ?? 0,
      status_events_count: counts['status_events'] ?? 0,
      media_files_count: counts['media_files'] ?? 0,
      consent_events_count: counts['consent_events'] ?? 0,
    };
  }

  async changeConsent(
    caller: AuthenticatedUser,
    id: string,
    dto: UpdateContactConsentDto,
  ): Promise<ContactDetailDto> {
    const source = dto.source ?? 'agent';
    await this.consent.change(caller.organizationId, id, {
      state: dto.state,
      source,
      detail: dto.detail ?? null,
      userId: caller.id,
    });
    return this.get(caller, id);
  }

  async settings(caller: AuthenticatedUser): Promise<ConsentSettingsDto> {
    return toSettingsDto(await this.consent.settings(caller.organizationId));
  }

  async updateSettings(
    caller: AuthenticatedUser,
    dto: UpdateConsentSettingsDto,
  ): Promise<ConsentSettingsDto> {
    const saved = await this.consent.updateSettings(caller.organizationId, {
      optOutKeywords: dto.opt_out_keywords?.map((k) => k.trim()),
      optInKeywords: dto.opt_in_keywords?.map((k) => k.trim()),
      confirmationEnabled: dto.confirmation_enabled,
      optOutReply: dto.opt_out_reply,
      optInReply: dto.opt_in_reply,
    });
    return toSettingsDto(saved);
  }
}

const EXPORT_COLUMNS = [
  'phone_number',
  'name',
  'profile_name',
  'username',
  'user_id',
  'tags',
  'consent_state',
  'consent_changed_at',
  'last_inbound_at',
  'created_at',
];

function filtersOf(query: ContactFiltersDto): ContactFilters {
  const since = query.last_inbound_since
    ? parseDateBound(query.last_inbound_since, 'start')
    : undefined;
  const until = query.last_inbound_until
    ? parseDateBound(query.last_inbound_until, 'end')
    : undefined;
  if (since && until && until <= since)
    throw new ValidationException([
      {
        field: 'last_inbound_until',
        messages: ['last_inbound_until must be after last_inbound_since'],
      },
    ]);
  return {
    q: query.q || undefined,
    tag: query.tag || undefined,
    consentStates: query.consent_state,
    accountId: query.account_id,
    lastInboundSince: since,
    lastInboundUntil: until,
  };
}

function toSettingsDto(values: {
  optOutKeywords: string[];
  optInKeywords: string[];
  confirmationEnabled: boolean;
  optOutReply: string;
  optInReply: string;
}): ConsentSettingsDto {
  return {
    opt_out_keywords: values.optOutKeywords,
    opt_in_keywords: values.optInKeywords,
    confirmation_enabled: values.confirmationEnabled,
    opt_out_reply: values.optOutReply,
    opt_in_reply: values.optInReply,
  };
}
