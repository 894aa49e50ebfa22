/** The media types WhatsApp sends. */
export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

export interface MediaRule {
  readonly label: string;
  readonly mimes: readonly string[];
  /** File extensions of those types, for the file picker and files the browser gives no type. */
  readonly extensions: Readonly<Record<string, string>>;
  readonly maxBytes: number;
  /** "JPEG or PNG, up to 5 MB". */
  readonly summary: string;
}

const MB = 1024 * 1024;

/** What Meta accepts per media type, as the backend checks it (`media-rules.ts`). */
export const MEDIA_RULES: Readonly<Record<MediaKind, MediaRule>> = {
  image: {
    label: 'Image',
    mimes: ['image/jpeg', 'image/png'],
    extensions: { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' },
    maxBytes: 5 * MB,
    summary: 'JPEG or PNG, up to 5 MB',
  },
  video: {
    label: 'Video',
    mimes: ['video/mp4', 'video/3gpp'],
    extensions: { mp4: 'video/mp4', '3gp': 'video/3gpp' },
    maxBytes: 16 * MB,
    summary: 'MP4 or 3GP, up to 16 MB',
  },
  audio: {
    label: 'Audio',
    mimes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'],
    extensions: {
      aac: 'audio/aac',
      amr: 'audio/amr',
      mp3: 'audio/mpeg',
      m4a: 'audio/mp4',
      ogg: 'audio/ogg',
      opus: 'audio/ogg',
    },
    maxBytes: 16 * MB,
    summary: 'AAC, AMR, MP3, M4A or OGG, up to 16 MB',
  },
  document: {
    label: 'Document',
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
    extensions: {
      pdf: 'application/pdf',
      txt: 'text/plain',
      doc: 'application/msword',
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      xls: 'application/vnd.ms-excel',
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ppt: 'application/vnd.ms-powerpoint',
      pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    },
    maxBytes: 100 * MB,
    summary: 'PDF, TXT, Word, Excel or PowerPoint, up to 100 MB',
  },
  sticker: {
    label: 'Sticker',
    mimes: ['image/webp'],
    extensions: { webp: 'image/webp' },
    maxBytes: 500 * 1024,
    summary: 'WebP, up to 500 KB',
  },
};

/** `2.4 MB`, `480 KB`. */
export function formatBytes(bytes: number): string {
  return bytes >= MB
    ? `${(bytes / MB).toFixed(1).replace(/\.0$/, '')} MB`
    : `${Math.max(1, Math.ceil(bytes / 1024))} KB`;
}

/** The file picker's `accept`: the types and extensions of `kind`. */
export function acceptFor(kind: MediaKind): string {
  const rule = MEDIA_RULES[kind];
  return [...rule.mimes, ...Object.keys(rule.extensions).map((ext) => `.${ext}`)].join(',');
}

/** The file's type: the browser's, or the one its extension stands for when it gave none. */
export function mediaTypeOf(kind: MediaKind, file: Pick<File, 'name' | 'type'>): string {
  const type = file.type.split(';')[0].trim().toLowerCase();
  if (type && type !== 'application/octet-stream') return type;
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  return MEDIA_RULES[kind].extensions[extension] ?? type;
}

/** Why `file` cannot be sent as `kind`, checked before uploading; `null` when it can. */
export function mediaFileProblem(
  kind: MediaKind,
  file: Pick<File, 'name' | 'type' | 'size'>,
): string | null {
  const rule = MEDIA_RULES[kind];
  const type = mediaTypeOf(kind, file);
  if (!rule.mimes.includes(type)) {
    return `${file.name} is not a file WhatsApp sends as ${article(rule.label)} ${rule.label.toLowerCase()}: use ${rule.summary}.`;
  }
  if (file.size > rule.maxBytes) {
    return `${file.name} is ${formatBytes(file.size)}: ${rule.label.toLowerCase()}s can be at most ${formatBytes(rule.maxBytes)}.`;
  }
  return null;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
