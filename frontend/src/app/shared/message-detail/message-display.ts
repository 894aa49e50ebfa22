import type { MessageSummaryDto } from '../../core/api/models/message-summary-dto';
import { formatDateTime } from '../format/date-time';

/** The other party of a message: the recipient of an outbound one, the sender of an inbound one. */
export function counterpart(message: Pick<MessageSummaryDto, 'direction' | 'to' | 'from'>): string {
  return formatAddress(message.direction === 'out' ? message.to : message.from);
}

/** WhatsApp ids are phone numbers in digits: show them as `+15550101234`. */
export function formatAddress(address: string): string {
  return /^\d{6,}$/.test(address) ? `+${address}` : address;
}

export interface DirectionView {
  readonly label: string;
  readonly icon: string;
}

/**
 * `Outgoing` / `Incoming`: never "Sent" or "Received", the words of the statuses shown beside it
 * (an outgoing message can be anything from queued to failed).
 */
export function directionView(direction: 'in' | 'out'): DirectionView {
  return direction === 'out'
    ? { label: 'Outgoing', icon: 'north_east' }
    : { label: 'Incoming', icon: 'south_west' };
}

const TYPE_ICONS: Readonly<Record<string, string>> = {
  text: 'notes',
  template: 'description',
  image: 'image',
  video: 'videocam',
  audio: 'mic',
  document: 'attach_file',
  sticker: 'add_reaction',
  interactive: 'touch_app',
  location: 'location_on',
  contacts: 'contacts',
  reaction: 'thumb_up',
  button: 'smart_button',
  order: 'shopping_cart',
};

export interface MessageTypeView {
  readonly label: string;
  readonly icon: string;
}

/** `template` → Template with its icon; unknown types keep their name. */
export function messageTypeView(type: string): MessageTypeView {
  const label = type ? type.charAt(0).toUpperCase() + type.slice(1).replace(/_/g, ' ') : 'Unknown';
  return { label, icon: TYPE_ICONS[type] ?? 'chat_bubble' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

const words = (value: string) => value.replace(/_/g, ' ');

const CAPTIONED = new Set(['image', 'video', 'document']);

/**
 * A message's text in full (the list's preview stops at 500 characters): a text's body, a
 * media caption, else the preview.
 */
export function messageText(
  message: Pick<MessageSummaryDto, 'message_type' | 'preview_text'> & {
    readonly content: Readonly<Record<string, unknown>>;
  },
): string {
  const object = message.content[message.message_type];
  const full = !isRecord(object)
    ? null
    : message.message_type === 'text'
      ? text(object['body'])
      : CAPTIONED.has(message.message_type)
        ? text(object['caption'])
        : null;
  return typeof full === 'string' && full.trim() ? full : message.preview_text;
}

/**
 * Meta's pricing object of a status in words: `Billable · utility · regular (PMP)`, or `null`
 * when there is none.
 */
export function describePricing(pricing: unknown): string | null {
  if (!isRecord(pricing)) return null;
  const parts: string[] = [];
  if (typeof pricing['billable'] === 'boolean') {
    parts.push(pricing['billable'] ? 'Billable' : 'Not billable');
  }
  const category = text(pricing['category']);
  if (category) parts.push(words(category));
  const type = text(pricing['type']);
  const model = text(pricing['pricing_model']);
  if (type || model)
    parts.push([type && words(type), model && `(${model})`].filter(Boolean).join(' '));
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** Meta's (legacy) conversation object of a status, in words. */
export function describeConversation(conversation: unknown): string | null {
  if (!isRecord(conversation)) return null;
  const origin = isRecord(conversation['origin']) ? text(conversation['origin']['type']) : null;
  const id = text(conversation['id']);
  const parts = [
    origin ? `${words(origin)} conversation` : 'Conversation',
    id ? `id ${id}` : null,
  ].filter(Boolean);
  const expires = conversation['expiration_timestamp'];
  const expiresAt =
    typeof expires === 'string' || typeof expires === 'number' ? Number(expires) * 1000 : NaN;
  if (Number.isFinite(expiresAt)) parts.push(`expires ${formatDateTime(expiresAt)}`);
  return parts.join(' · ');
}

export interface StatusErrorView {
  readonly heading: string;
  readonly details: string | null;
}

/** Meta's error objects of a status (`{code, title, message, error_data: {details}}`). */
export function describeStatusErrors(errors: readonly unknown[] | null): StatusErrorView[] {
  return (errors ?? []).filter(isRecord).map((error) => {
    const code = text(error['code']);
    const title = text(error['title']) ?? text(error['message']) ?? 'Error';
    const message = text(error['message']);
    const data = isRecord(error['error_data']) ? text(error['error_data']['details']) : null;
    return {
      heading: [code && `${code}`, title].filter(Boolean).join(' · '),
      details: [message !== title ? message : null, data].filter(Boolean).join(' ') || null,
    };
  });
}
