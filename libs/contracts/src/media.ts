/** The media types WhatsApp sends and receives. */
export const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export interface MediaRule {
  /** The MIME types Meta accepts for this media type. */
  readonly mimes: readonly string[];
  readonly maxBytes: number;
}

const KB = 1024;
const MB = 1024 * KB;

/**
 * What Meta accepts per media type: MIME types and maximum sizes
 * (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#supported-media-types).
 */
export const MEDIA_RULES: { readonly [T in MediaType]: MediaRule } = {
  image: { mimes: ['image/jpeg', 'image/png'], maxBytes: 5 * MB },
  video: { mimes: ['video/mp4', 'video/3gpp'], maxBytes: 16 * MB },
  audio: {
    mimes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'],
    maxBytes: 16 * MB,
  },
  document: {
    mimes: [
      'application/pdf',
      'text/plain',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    maxBytes: 100 * MB,
  },
  // Meta allows 100 KB for a static sticker and 500 KB for an animated one; only Meta can tell
  // them apart, so 500 KB is the limit before upload.
  sticker: { mimes: ['image/webp'], maxBytes: 500 * KB },
};

/** The largest file any media type allows: the upload limit. */
export const MAX_MEDIA_BYTES = 100 * MB;

/** A `Content-Type` reduced to its MIME type: `Image/JPEG; q=1` -> `image/jpeg`. */
export function normalizeMime(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/** The media type a MIME type is sent as, or undefined when WhatsApp does not take it. */
export function mediaTypeOfMime(contentType: string): MediaType | undefined {
  const mime = normalizeMime(contentType);
  return MEDIA_TYPES.find((type) => MEDIA_RULES[type].mimes.includes(mime));
}

/** `2.4 MB`, `480 KB` (at least 1 KB). */
export function formatBytes(bytes: number): string {
  return bytes >= MB
    ? `${(bytes / MB).toFixed(1).replace(/\.0$/, '')} MB`
    : `${Math.max(1, Math.ceil(bytes / KB))} KB`;
}
