import { type MediaFile } from './media.schema.js';
import { type LiveEvent } from '../events/events.types.js';

/** Characters of a download error that `media.failed` carries (the API has the whole text). */
export const MEDIA_EVENT_REASON_LENGTH = 200;

/**
 * The live event of a media file whose download is over: `media.stored` or `media.failed`, with
 * enough for the console to show the file (or why there is none) without looking it up.
 */
export function mediaEvent(file: MediaFile, contactId: string | null): LiveEvent {
  const data = {
    media_id: file.id,
    message_id: file.messageId,
    contact_id: contactId,
    status: file.status,
    mime_type: file.mimeType,
    size_bytes: file.status === 'stored' ? file.fileSize : null,
  };
  switch (file.status) {
    case 'stored':
      return { type: 'media.stored', organizationId: file.organizationId, data };
    case 'failed':
      return {
        type: 'media.failed',
        organizationId: file.organizationId,
        data: { ...data, reason: shorten(file.lastError ?? 'Unknown error') },
      };
    case 'pending':
      throw new Error(`Media file ${file.id} is still pending: no event to publish`);
  }
}

function shorten(text: string): string {
  return text.length > MEDIA_EVENT_REASON_LENGTH
    ? `${text.slice(0, MEDIA_EVENT_REASON_LENGTH - 1)}…`
    : text;
}
