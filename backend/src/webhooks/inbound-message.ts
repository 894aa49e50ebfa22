// Pure reading of Meta's inbound message objects: who sent it, its preview text, its media.
import { MEDIA_TYPES, type MediaType } from '@convis/contracts';
import { type MetaContact, type MetaInboundMessage, type MetaMedia } from './meta-webhook.types.js';

/** Longest preview kept on the message row (a text body is at most 4096 characters). */
const MAX_PREVIEW = 4096;

/**
 * Plain text for lists and search: the text body, a caption or file name, the chosen button,
 * list row or flow, the reaction emoji, the place, the shared contacts' names, the system notice.
 * '' when the message has no text of its own (a voice note, a sticker, an unsupported message).
 */
export function previewOf(message: MetaInboundMessage): string {
  return clip(rawPreview(message));
}

function rawPreview(message: MetaInboundMessage): string {
  const type = message.type ?? '';
  switch (type) {
    case 'text':
      return message.text?.body ?? '';
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker': {
      const media: MetaMedia | undefined = message[type];
      return media?.caption || media?.filename || '';
    }
    case 'button':
      return message.button?.text || message.button?.payload || '';
    case 'interactive': {
      const reply = message.interactive;
      return (
        reply?.button_reply?.title ||
        reply?.list_reply?.title ||
        reply?.nfm_reply?.body ||
        reply?.nfm_reply?.name ||
        ''
      );
    }
    case 'reaction':
      return message.reaction?.emoji ?? '';
    case 'location':
      return message.location?.name || message.location?.address || '';
    case 'contacts':
      return (message.contacts ?? [])
        .map((c) => c.name?.formatted_name)
        .filter((name): name is string => Boolean(name))
        .join(', ');
    case 'order':
      return message.order?.text ?? '';
    case 'system':
      return message.system?.body ?? '';
    default:
      return '';
  }
}

function clip(text: string): string {
  return typeof text === 'string' ? text.slice(0, MAX_PREVIEW) : '';
}

export interface InboundMedia {
  readonly type: MediaType;
  readonly id: string;
  readonly mimeType: string | null;
  readonly sha256: string | null;
  readonly filename: string | null;
}

/** The downloadable media of an image, video, audio, document or sticker message. */
export function mediaOf(message: MetaInboundMessage): InboundMedia | undefined {
  const type = MEDIA_TYPES.find((t) => t === message.type);
  if (!type) return undefined;
  const media = message[type];
  if (!media || typeof media.id !== 'string' || !media.id) return undefined;
  return {
    type,
    id: media.id,
    mimeType: typeof media.mime_type === 'string' ? media.mime_type : null,
    sha256: typeof media.sha256 === 'string' ? media.sha256 : null,
    filename: typeof media.filename === 'string' ? media.filename : null,
  };
}

export interface Sender {
  /** Phone-number WhatsApp id; '' for username users. */
  readonly waId: string;
  /** Business-scoped user id, when Meta sends one. */
  readonly userId: string | null;
  readonly profileName: string | null;
  /** WhatsApp username (`profile.username`), when Meta sends one. */
  readonly username: string | null;
}

/**
 * The sender of a message, with the profile Meta sent beside it in `contacts[]`. Username users
 * (2026) have `from: ""` and `from_user_id`; their contact entry has `wa_id: ""` and `user_id`.
 * Undefined when the message names nobody (it cannot be filed under a contact).
 */
export function senderOf(
  message: MetaInboundMessage,
  contacts: readonly MetaContact[] | undefined,
): Sender | undefined {
  const from = str(message.from);
  const fromUserId = str(message.from_user_id);
  const list: readonly MetaContact[] = Array.isArray(contacts)
    ? (contacts as readonly MetaContact[])
    : [];
  const contact =
    list.find(
      (c) => (from && str(c.wa_id) === from) || (fromUserId && str(c.user_id) === fromUserId),
    ) ??
    // One contact for one sender is the usual case, even when ids are spelt differently.
    (list.length === 1 ? list[0] : undefined);
  const waId = from || str(contact?.wa_id);
  const userId = fromUserId || str(contact?.user_id) || null;
  if (!waId && !userId) return undefined;
  return {
    waId,
    userId,
    profileName: str(contact?.profile?.name) || null,
    username: str(contact?.profile?.username) || null,
  };
}

/** Meta's Unix-seconds string as a date; now when missing or invalid. */
export function timestampOf(value: unknown, now: Date = new Date()): Date {
  const seconds = typeof value === 'string' || typeof value === 'number' ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : now;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
