import { MEDIA_TYPES, type MediaType } from '@convis/contracts';
import type { MediaFileDto } from '../../core/api/models/media-file-dto';
import type { MessageWithContentDto } from '../../core/api/models/message-with-content-dto';
import { jsonObject, type JsonObject, jsonText } from '../json-fields';

/**
 * A message's media: a customer's, downloaded by the backend, or one we uploaded and sent by its
 * media id, kept by the backend (`file` is its media file; `null`: the message has none, e.g. Meta
 * sent no id; `undefined`: not looked up yet), or a photo we sent by `link`, shown straight from
 * that address.
 */
export interface MediaItem {
  readonly kind: MediaType;
  readonly file: MediaFileDto | null | undefined;
  readonly filename: string | null;
  readonly mimeType: string | null;
  /** A voice note (audio recorded in WhatsApp). */
  readonly voice: boolean;
  /** The public https address an outgoing photo or sticker was sent with (Meta fetched it there). */
  readonly link?: string;
  /** We sent it (by link or as an upload), rather than the contact. */
  readonly ours?: boolean;
}

/** What of a message its media is made from. */
export type MediaMessage = Pick<MessageWithContentDto, 'direction' | 'message_type' | 'content'>;

export function isMediaKind(type: string): type is MediaType {
  return (MEDIA_TYPES as readonly string[]).includes(type);
}

/** The media object of a media message (`image`, `document`…): caption, link, id, file name. */
export function mediaObject(message: MediaMessage): JsonObject {
  return jsonObject(message.content[message.message_type]) ?? {};
}

/** An https address with a host, as Meta takes `link` (anything else is not loaded). */
export function httpsLink(value: unknown): string | null {
  const link = jsonText(value);
  if (!link) return null;
  try {
    const url = new URL(link);
    return url.protocol === 'https:' && url.hostname ? url.href : null;
  } catch {
    return null;
  }
}

/** Kinds of our media shown from their link: pictures (a player would need more of the CSP). */
const SHOWN_FROM_LINK: ReadonlySet<MediaType> = new Set(['image', 'sticker']);

/**
 * The message has a media file to look up (`GET /api/whatsapp/media`): a customer's media, or
 * ours sent by media id (the backend keeps a copy of uploads).
 */
export function hasMediaFile(message: MediaMessage): boolean {
  if (!isMediaKind(message.message_type)) return false;
  return message.direction === 'in' || jsonText(mediaObject(message)['id']) !== null;
}

/**
 * What a media message shows from `file` (its looked-up media file) or its link; null when it has
 * nothing to show: ours sent by a link that is not a picture, or an upload whose copy is gone (never
 * kept, or removed by retention), which callers show as a placeholder.
 */
export function mediaItemOf(
  message: MediaMessage,
  file: MediaFileDto | null | undefined,
): MediaItem | null {
  const kind = message.message_type;
  if (!isMediaKind(kind)) return null;
  const object = mediaObject(message);
  const filename = jsonText(object['filename']) ?? file?.filename ?? null;
  if (message.direction === 'in') {
    const mimeType = jsonText(object['mime_type']) ?? file?.mime_type ?? null;
    return { kind, file, filename, mimeType, voice: object['voice'] === true };
  }
  const link = httpsLink(object['link']);
  if (link) {
    return SHOWN_FROM_LINK.has(kind)
      ? { kind, file: null, filename, mimeType: null, voice: false, link, ours: true }
      : null;
  }
  // An upload: the backend's copy, shown as a customer's file is (waiting while it is looked up).
  const kept = hasMediaFile(message) && (file === undefined || file?.status === 'stored');
  return kept
    ? { kind, file, filename, mimeType: file?.mime_type ?? null, voice: false, ours: true }
    : null;
}
