// Headers for serving stored media to the console.

/** Types a browser may show inline; anything else (HTML, SVG, scripts, documents) is downloaded. */
const INLINE =
  /^(image\/(jpeg|png|webp|gif)|video\/(mp4|3gpp)|audio\/(aac|amr|mpeg|mp4|ogg|opus))$/;
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

/** The stored MIME type without parameters when it is well-formed, else a safe default. */
export function safeContentType(mimeType: string | null): string {
  const type = (mimeType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return MIME.test(type) ? type : 'application/octet-stream';
}

/**
 * A file name the sender chose, made harmless: no path, no control or quote characters, at most
 * 150 characters. Undefined when nothing usable is left.
 */
export function sanitizeFilename(filename: string | null | undefined): string | undefined {
  if (!filename) return undefined;
  const base = filename.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    // Control characters would break the header; the others are not allowed in file names.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f"*:<>?|;]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '')
    .trim();
  if (!cleaned) return undefined;
  if (cleaned.length <= 150) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, 150 - extension.length) + extension;
}

/**
 * `Content-Disposition` for a stored file: documents (and every type a browser could run or
 * render as a page) are attachments with their sanitized name, in ASCII and RFC 5987 forms;
 * photos, videos and voice notes are shown inline.
 */
export function contentDisposition(
  contentType: string,
  filename: string | null | undefined,
  isDocument: boolean,
): string {
  const name = sanitizeFilename(filename);
  const inline = !isDocument && INLINE.test(contentType);
  const kind = inline ? 'inline' : 'attachment';
  if (!name) return kind;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/[%\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
