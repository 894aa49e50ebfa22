import { normalizeTags, serviceWindowEnd, isServiceWindowOpen } from '@convis/contracts';
import { type ConsentEvent, type Contact } from './contacts.schema.js';
import { type ConsentEventDto, type ContactDto } from './dto/contact-response.dto.js';

export function toContactDto(contact: Contact, now = new Date()): ContactDto {
  return {
    id: contact.id,
    account_id: contact.accountId,
    phone_number_id: contact.phoneNumberId,
    wa_id: contact.waId || null,
    phone_number: contact.waId ? `+${contact.waId}` : null,
    user_id: contact.userId,
    username: contact.username,
    profile_name: contact.profileName,
    name: contact.name,
    tags: normalizeTags(contact.tags),
    attributes: contact.attributes,
    consent_state: contact.consentState,
    consent_changed_at: contact.consentChangedAt?.toISOString() ?? null,
    last_inbound_at: contact.lastInboundAt?.toISOString() ?? null,
    last_message_at: contact.lastMessageAt?.toISOString() ?? null,
    window: {
      open: isServiceWindowOpen(contact.lastInboundAt, now),
      expires_at: contact.lastInboundAt
        ? serviceWindowEnd(contact.lastInboundAt).toISOString()
        : null,
    },
    created_at: contact.createdAt.toISOString(),
    updated_at: contact.updatedAt.toISOString(),
  };
}

export function toConsentEventDto(event: ConsentEvent): ConsentEventDto {
  return {
    state: event.state === 'opted_out' ? 'opted_out' : 'opted_in',
    source: event.source,
    detail: event.detail,
    user_id: event.userId,
    occurred_at: event.occurredAt.toISOString(),
  };
}
