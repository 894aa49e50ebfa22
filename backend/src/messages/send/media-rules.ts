import { formatBytes, MEDIA_RULES, mediaTypeOfMime, normalizeMime } from '@convis/contracts';

/**
 * Why a file cannot be sent, or undefined when some media type accepts it. The rules (MIME types
 * and sizes per type) are the console's too; the wording is the API's.
 */
export function mediaProblem(mimeType: string, size: number): string | undefined {
  const type = mediaTypeOfMime(mimeType);
  if (!type) {
    const mime = normalizeMime(mimeType);
    return `WhatsApp does not accept ${mime || 'this file type'}; see the supported image, video, audio, document and sticker formats`;
  }
  const { maxBytes } = MEDIA_RULES[type];
  if (size > maxBytes) {
    return `${type} files can be at most ${formatBytes(maxBytes)}; this one is ${formatBytes(size)}`;
  }
  return undefined;
}
