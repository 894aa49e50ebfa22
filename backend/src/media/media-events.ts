import { MEDIA_FAILED_REASON_LENGTH, shortenText } from '@convis/contracts';
import { type MediaFile } from './media.schema.js';
import { type LiveEvent } from '../events/events.types.js';

/**
 * The live event of a media file whose download is over: `media.stored` or `media.failed`, with
 * enough for the console to show the file (or why there is none) without looking it up.
 */
export function mediaEvent(
  file: MediaFile,
  contactId: string | null,
): LiveEvent<'media.stored' | 'media.failed'> {
  // Downloads are of inbound messages' media; uploads (no message) are never downloaded.
  if (file.messageId === null) throw new Error(`Media file ${file.id} belongs to no message`);
  const about = {
    media_id: file.id,
    message_id: file.messageId,
    contact_id: contactId,
    mime_type: file.mimeType,
  };
  const organizationId = file.organizationId;
  switch (file.status) {
    case 'stored':
      return {
        type: 'media.stored',
        organizationId,
        data: { ...about, status: 'stored', size_bytes: file.fileSize },
      };
    case 'failed':
      return {
        type: 'media.failed',
        organizationId,
        data: {
          ...about,
          status: 'failed',
          size_bytes: null,
          reason: shortenText(file.lastError ?? 'Unknown error', MEDIA_FAILED_REASON_LENGTH),
        },
      };
    case 'pending':
    case 'expired':
      throw new Error(`Media file ${file.id} is ${file.status}: no download ended, no event`);
  }
}
