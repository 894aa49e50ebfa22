import { type LiveEventDataMap, type LiveEventType } from '@convis/contracts';
import { type LiveEvent } from '../../src/events/events.types.js';

const AT = '2026-11-24T12:00:00.000Z';
const id = (kind: string, n: number) => `${kind}-${n}`;

/** A payload of each event type as the backend publishes it, told apart by `n`. */
export const SAMPLE_DATA: { readonly [T in LiveEventType]: (n: number) => LiveEventDataMap[T] } = {
  'message.created': (n) => ({
    message_id: id('message', n),
    contact_id: id('contact', n),
    account_id: id('account', n),
    direction: 'out',
    status: 'queued',
    message_type: 'text',
    preview: `Message ${n}`,
    created_at: AT,
  }),
  'message.status': (n) => ({
    message_id: id('message', n),
    wa_message_id: `wamid.${n}`,
    status: 'delivered',
    event: 'delivered',
    occurred_at: AT,
  }),
  'message.inbound': (n) => ({
    message_id: id('message', n),
    contact_id: id('contact', n),
    account_id: id('account', n),
    phone_number_id: '106540352242922',
    wa_message_id: `wamid.${n}`,
    message_type: 'text',
    preview: `Message ${n}`,
    media_id: null,
    received_at: AT,
  }),
  'account.changed': (n) => ({
    account_id: id('account', n),
    event: 'UPGRADE',
    quality_rating: 'GREEN',
    throughput_level: 'STANDARD',
    messaging_limit: 'TIER_10K',
  }),
  'template.changed': (n) => ({
    template_id: id('template', n),
    meta_template_id: String(1000 + n),
    name: 'order_update',
    language: 'en_US',
    status: 'APPROVED',
    event: 'APPROVED',
    reason: null,
    category: 'UTILITY',
    quality_rating: 'GREEN',
  }),
  'conversation.read': (n) => ({ contact_id: id('contact', n), read_at: AT }),
  'media.stored': (n) => ({
    media_id: id('media', n),
    message_id: id('message', n),
    contact_id: id('contact', n),
    status: 'stored',
    mime_type: 'image/jpeg',
    size_bytes: 1024,
  }),
  'media.failed': (n) => ({
    media_id: id('media', n),
    message_id: id('message', n),
    contact_id: id('contact', n),
    status: 'failed',
    mime_type: 'image/jpeg',
    size_bytes: null,
    reason: 'Media download error (131052)',
  }),
  'campaign.progress': (n) => ({
    campaign_id: id('campaign', n),
    state: 'running',
    state_reason: null,
    counts: {
      pending: 10 + n,
      sending: 1,
      sent: 5,
      delivered: 3,
      read: 2,
      replied: 1,
      failed: 0,
      skipped: 0,
      limited: 0,
      unknown: 0,
      cancelled: 0,
    },
  }),
};

/** A `type` event of `organizationId` with the sample payload `n`. */
export function sampleEvent<T extends LiveEventType>(
  type: T,
  organizationId: string,
  n = 1,
): LiveEvent<T> {
  return { type, organizationId, data: SAMPLE_DATA[type](n) } as LiveEvent<T>;
}
