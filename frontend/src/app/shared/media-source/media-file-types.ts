import { MEDIA_RULES, type MediaRule, type MediaType, formatBytes } from '@convis/contracts';

/**
 * A media type as the send dialog offers it: the API's rule (@convis/contracts' `MEDIA_RULES`,
 * which MIME types and how large) with what the file picker and the messages need.
 */
export interface MediaFileType extends MediaRule {
  readonly label: string;
  /** File extensions of those types, for the file picker and files the browser gives no type. */
  readonly extensions: Readonly<Record<string, string>>;
  /** "JPEG or PNG, up to 5 MB". */
  readonly summary: string;
}

function fileType(
  type: MediaType,
  label: string,
  formats: string,
  extensions: Readonly<Record<string, string>>,
): MediaFileType {
  const rule = MEDIA_RULES[type];
  return { ...rule, label, extensions, summary: `${formats}, up to ${formatBytes(rule.maxBytes)}` };
}

export const MEDIA_FILE_TYPES: Readonly<Record<MediaType, MediaFileType>> = {
  image: fileType('image', 'Image', 'JPEG or PNG', {
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
  }),
  video: fileType('video', 'Video', 'MP4 or 3GP', { mp4: 'video/mp4', '3gp': 'video/3gpp' }),
  audio: fileType('audio', 'Audio', 'AAC, AMR, MP3, M4A or OGG', {
    aac: 'audio/aac',
    amr: 'audio/amr',
    mp3: 'audio/mpeg',
    m4a: 'audio/mp4',
    ogg: 'audio/ogg',
    opus: 'audio/ogg',
  }),
  document: fileType('document', 'Document', 'PDF, TXT, Word, Excel or PowerPoint', {
    pdf: 'application/pdf',
    txt: 'text/plain',
    doc: 'application/msword',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    xls: 'application/vnd.ms-excel',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ppt: 'application/vnd.ms-powerpoint',
    pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  }),
  sticker: fileType('sticker', 'Sticker', 'WebP', { webp: 'image/webp' }),
};

/** The file picker's `accept`: the types and extensions of `type`. */
export function acceptFor(type: MediaType): string {
  const fileType = MEDIA_FILE_TYPES[type];
  return [...fileType.mimes, ...Object.keys(fileType.extensions).map((ext) => `.${ext}`)].join(',');
}

/** The file's MIME type: the browser's, or the one its extension stands for when it gave none. */
export function mimeTypeOf(type: MediaType, file: Pick<File, 'name' | 'type'>): string {
  const mime = file.type.split(';')[0].trim().toLowerCase();
  if (mime && mime !== 'application/octet-stream') return mime;
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  return MEDIA_FILE_TYPES[type].extensions[extension] ?? mime;
}

/** Why `file` cannot be sent as `type`, checked before uploading; `null` when it can. */
export function mediaFileProblem(
  type: MediaType,
  file: Pick<File, 'name' | 'type' | 'size'>,
): string | null {
  const fileType = MEDIA_FILE_TYPES[type];
  const mime = mimeTypeOf(type, file);
  if (!fileType.mimes.includes(mime)) {
    return `${file.name} is not a file WhatsApp sends as ${article(fileType.label)} ${fileType.label.toLowerCase()}: use ${fileType.summary}.`;
  }
  if (file.size > fileType.maxBytes) {
    return `${file.name} is ${formatBytes(file.size)}: ${fileType.label.toLowerCase()}s can be at most ${formatBytes(fileType.maxBytes)}.`;
  }
  return null;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
