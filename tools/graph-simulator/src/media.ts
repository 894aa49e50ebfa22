// Media rules (Meta's types and size limits, from @convis/contracts), content sniffing, generated
// sample files and signed download URLs.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import {
  MAX_MEDIA_BYTES,
  MEDIA_RULES,
  MEDIA_TYPES,
  mediaTypeOfMime,
  type MediaType,
} from '@convis/contracts';
import { metaError, type GraphError } from './graph-error.ts';

export type MediaKind = MediaType;

const KB = 1024;

/**
 * What the content of an upload declared as each MIME type may be (results of `sniff()`);
 * `undefined` = content we cannot recognise is fine. Which types Meta takes, and how large, are
 * @convis/contracts' MEDIA_RULES, the rules the backend and the console check too.
 */
const SIGNATURES: Readonly<Record<string, readonly (string | undefined)[]>> = {
  'image/jpeg': ['image/jpeg'],
  'image/png': ['image/png'],
  'video/mp4': ['video/mp4', 'audio/mp4'],
  'video/3gpp': ['video/3gpp', 'video/mp4'],
  'audio/aac': ['audio/aac', undefined],
  'audio/amr': ['audio/amr'],
  'audio/mpeg': ['audio/mpeg', undefined],
  'audio/mp4': ['audio/mp4', 'video/mp4'],
  'audio/ogg': ['audio/ogg'],
  'text/plain': [undefined],
  'application/pdf': ['application/pdf'],
  'application/msword': ['ole'],
  'application/vnd.ms-excel': ['ole'],
  'application/vnd.ms-powerpoint': ['ole'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['zip'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['zip'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['zip'],
  'image/webp': ['image/webp'],
};

/** The MIME types Meta accepts for uploads, in the order of the media types. */
const UPLOAD_TYPES = MEDIA_TYPES.flatMap((kind) => MEDIA_RULES[kind].mimes);

/** The largest file any rule accepts (the multipart limit is set just above it). */
export const MAX_UPLOAD_BYTES = MAX_MEDIA_BYTES;

function startsWith(buf: Buffer, bytes: number[] | string, offset = 0): boolean {
  const sig = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return buf.length >= offset + sig.length && buf.subarray(offset, offset + sig.length).equals(sig);
}

/** Recognises a file type from its first bytes. */
export function sniff(buf: Buffer): string | undefined {
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(buf, 'RIFF') && startsWith(buf, 'WEBP', 8)) return 'image/webp';
  if (startsWith(buf, 'GIF8')) return 'image/gif';
  if (startsWith(buf, '%PDF')) return 'application/pdf';
  if (startsWith(buf, 'OggS')) return 'audio/ogg';
  if (startsWith(buf, '#!AMR')) return 'audio/amr';
  if (startsWith(buf, 'ftyp', 4)) {
    const brand = buf.subarray(8, 12).toString('latin1');
    if (brand.startsWith('3g')) return 'video/3gpp';
    if (brand === 'M4A ') return 'audio/mp4';
    return 'video/mp4';
  }
  if (startsWith(buf, 'ID3')) return 'audio/mpeg';
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0])) return 'ole';
  if (buf.length >= 2 && buf[0] === 0xff) {
    const second = buf[1] ?? 0;
    if (second === 0xf1 || second === 0xf9) return 'audio/aac';
    if ((second & 0xe0) === 0xe0) return 'audio/mpeg';
  }
  return undefined;
}

export function isAnimatedWebp(buf: Buffer): boolean {
  return buf.includes(Buffer.from('ANIM', 'latin1'));
}

/** Checks an upload against Meta's type and size rules; 131053 when it does not fit. */
export function checkUpload(mimeType: string, data: Buffer): GraphError | undefined {
  const kind = UPLOAD_TYPES.includes(mimeType) ? mediaTypeOfMime(mimeType) : undefined;
  if (!kind) {
    return metaError(131053, {
      details: `Param file must be a file with one of the following types: ${UPLOAD_TYPES.join(', ')}. Received file of type '${mimeType}'.`,
    });
  }
  const detected = sniff(data);
  if (!(SIGNATURES[mimeType] ?? [undefined]).includes(detected)) {
    return metaError(131053, {
      details: `Media MIME type mismatch: declared '${mimeType}', but the content is ${detected ? `'${detected}'` : 'not recognised'}.`,
    });
  }
  // Stickers: 100 KB static, 500 KB animated (the contracts' limit, which cannot tell them apart).
  const max =
    mimeType === 'image/webp' && !isAnimatedWebp(data) ? 100 * KB : MEDIA_RULES[kind].maxBytes;
  if (data.length > max) {
    return metaError(131053, {
      details: `File too large: ${data.length} bytes; the limit for ${mimeType} is ${max} bytes.`,
    });
  }
  if (data.length === 0) return metaError(131053, { details: 'The uploaded file is empty.' });
  return undefined;
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sha256Base64(data: Buffer): string {
  return createHash('sha256').update(data).digest('base64');
}

// ---------------------------------------------------------------- generated files

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** A small RGB PNG with a diagonal gradient (a real, viewable image). */
export function generatePng(width = 48, height = 48, seed = 0): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const p = row + 1 + x * 3;
      raw[p] = (37 + seed * 53 + x * 4) & 0xff;
      raw[p + 1] = (150 + y * 2) & 0xff;
      raw[p + 2] = (100 + seed * 17 + (x + y) * 2) & 0xff;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const WEBP_1X1 = 'UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==';

/** A small file of each inbound media type, with the MIME type Meta would report. */
export function sampleMedia(kind: MediaKind, seed: number): { data: Buffer; mimeType: string } {
  switch (kind) {
    case 'image':
      return { data: generatePng(48, 48, seed), mimeType: 'image/png' };
    case 'video':
      return {
        data: Buffer.concat([
          Buffer.from([0, 0, 0, 0x18]),
          Buffer.from('ftypisom', 'latin1'),
          Buffer.from([0, 0, 2, 0]),
          Buffer.from('isommp41', 'latin1'),
          Buffer.from([0, 0, 0, 8]),
          Buffer.from('mdat', 'latin1'),
        ]),
        mimeType: 'video/mp4',
      };
    case 'audio':
      return {
        data: Buffer.concat([
          Buffer.from('OggS', 'latin1'),
          Buffer.alloc(23),
          Buffer.from('OpusHead', 'latin1'),
        ]),
        mimeType: 'audio/ogg',
      };
    case 'document':
      return {
        data: Buffer.from(
          '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
          'latin1',
        ),
        mimeType: 'application/pdf',
      };
    case 'sticker':
      return { data: Buffer.from(WEBP_1X1, 'base64'), mimeType: 'image/webp' };
  }
}

// ---------------------------------------------------------------- download URLs

/** Meta-like download URL (`/whatsapp_business/attachments/?mid=&ext=&hash=`), valid for `ttlMs`. */
export function mediaUrl(
  base: string,
  mediaId: string,
  key: Buffer,
  ttlMs: number,
  now: number,
): string {
  const ext = Math.floor((now + ttlMs) / 1000);
  const hash = createHmac('sha256', key)
    .update(`${mediaId}:${ext}`)
    .digest('base64url')
    .slice(0, 22);
  return `${base}/whatsapp_business/attachments/?mid=${mediaId}&ext=${ext}&hash=${hash}`;
}

export type MediaUrlCheck =
  { ok: true; mediaId: string } | { ok: false; reason: 'expired' | 'invalid' };

export function verifyMediaUrl(
  query: Record<string, string | undefined>,
  key: Buffer,
  now: number,
): MediaUrlCheck {
  const mediaId = query['mid'];
  const ext = query['ext'];
  const hash = query['hash'];
  if (!mediaId || !ext || !hash) return { ok: false, reason: 'invalid' };
  const expected = createHmac('sha256', key)
    .update(`${mediaId}:${ext}`)
    .digest('base64url')
    .slice(0, 22);
  const a = Buffer.from(expected);
  const b = Buffer.from(hash);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, reason: 'invalid' };
  if (Number(ext) * 1000 < now) return { ok: false, reason: 'expired' };
  return { ok: true, mediaId };
}
