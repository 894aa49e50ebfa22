/** What Meta accepts per media type (fact sheet §5): MIME types and maximum sizes. */
export const MEDIA_RULES = {
  image: { mimes: ['image/jpeg', 'image/png'], maxBytes: 5 * 1024 * 1024 },
  video: { mimes: ['video/mp4', 'video/3gpp'], maxBytes: 16 * 1024 * 1024 },
  audio: {
    mimes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'],
    maxBytes: 16 * 1024 * 1024,
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
    maxBytes: 100 * 1024 * 1024,
  },
  sticker: { mimes: ['image/webp'], maxBytes: 500 * 1024 },
} as const;

/** The largest file any type allows: the upload limit. */
export const MAX_MEDIA_BYTES = 100 * 1024 * 1024;

/** Why a file cannot be sent, or undefined when some media type accepts it. */
export function mediaProblem(mimeType: string, size: number): string | undefined {
  const mime = mimeType.split(';')[0]!.trim().toLowerCase();
  const rule = Object.entries(MEDIA_RULES).find(([, r]) =>
    (r.mimes as readonly string[]).includes(mime),
  );
  if (!rule)
    return `WhatsApp does not accept ${mime || 'this file type'}; see the supported image, video, audio, document and sticker formats`;
  const [type, { maxBytes }] = rule;
  if (size > maxBytes) {
    return `${type} files can be at most ${formatSize(maxBytes)}; this one is ${formatSize(size)}`;
  }
  return undefined;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`
    : `${Math.ceil(bytes / 1024)} KB`;
}
