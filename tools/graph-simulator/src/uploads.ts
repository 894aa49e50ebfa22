// Meta's Resumable Upload API, the way a template's sample media gets to Meta
// (https://developers.facebook.com/docs/graph-api/guides/upload):
//   POST /{app-id}/uploads?file_name&file_length&file_type  -> {id: "upload:<session>"}
//   POST /upload:<session>  (Authorization: OAuth <token>, file_offset: <n>, body: the bytes)
//                                                           -> {h: "<handle>"}
//   GET  /upload:<session>                                  -> {id, file_offset}
// The handle then goes into a template's `example.header_handle`.
import { randomBytes } from 'node:crypto';
import { GraphError, invalidParameter, missingParameter } from './graph-error.ts';

/** File types the upload session takes (Meta: PDF, JPEG, PNG and MP4). */
export const UPLOAD_FILE_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/jpg',
  'image/png',
  'video/mp4',
];

/** The app every simulated account belongs to, unless it names its own `app_id`. */
export const SIM_APP_ID = '100000000000999';

/** Largest file an upload session takes here (Meta's template media stays well below). */
export const MAX_SESSION_BYTES = 100 * 1024 * 1024;

export interface UploadSession {
  id: string;
  appId: string;
  token: string;
  fileName: string | undefined;
  fileLength: number;
  fileType: string;
  received: Buffer[];
  offset: number;
  handle?: string;
}

export interface UploadedFile {
  handle: string;
  appId: string;
  fileType: string;
  data: Buffer;
}

/** Upload sessions and the handles of finished uploads. */
export class UploadStore {
  readonly #sessions = new Map<string, UploadSession>();
  readonly #handles = new Map<string, UploadedFile>();

  /** Step 1: a session for one file. */
  start(appId: string, token: string, query: Record<string, string | undefined>): { id: string } {
    const lengthText = query['file_length'];
    if (lengthText === undefined) throw missingParameter('file_length');
    const fileLength = Number(lengthText);
    if (!/^\d+$/.test(lengthText) || fileLength < 1 || fileLength > MAX_SESSION_BYTES) {
      throw invalidParameter(`Param file_length must be between 1 and ${MAX_SESSION_BYTES}.`);
    }
    const fileType = query['file_type'];
    if (fileType === undefined) throw missingParameter('file_type');
    if (!UPLOAD_FILE_TYPES.includes(fileType)) {
      throw invalidParameter(
        `Param file_type must be one of {${UPLOAD_FILE_TYPES.join(', ')}} - got "${fileType}".`,
      );
    }
    const id = `upload:${randomBytes(24).toString('base64url')}`;
    this.#sessions.set(id, {
      id,
      appId,
      token,
      fileName: query['file_name'],
      fileLength,
      fileType,
      received: [],
      offset: 0,
    });
    return { id };
  }

  session(id: string): UploadSession | undefined {
    return this.#sessions.get(id);
  }

  /** Step 2: the bytes from `file_offset` on; the handle once the whole file is there. */
  append(
    session: UploadSession,
    fileOffset: string | undefined,
    data: Buffer,
  ): { h: string } | { id: string; file_offset: number } {
    if (session.handle) return { h: session.handle };
    const offset = Number(fileOffset ?? 'NaN');
    if (!Number.isInteger(offset) || offset < 0) {
      throw missingParameter('file_offset', 'The file_offset header is required (0 to start).');
    }
    if (offset !== session.offset) {
      throw new GraphError({
        status: 400,
        code: 100,
        message: '(#100) Invalid parameter',
        userTitle: 'Wrong file offset',
        userMsg: `The upload continues at file_offset ${session.offset}, not ${offset}.`,
      });
    }
    if (data.length === 0) throw missingParameter('file', 'The request body holds no bytes.');
    if (session.offset + data.length > session.fileLength) {
      throw invalidParameter(
        `The file is longer than file_length (${session.fileLength} bytes) said.`,
      );
    }
    session.received.push(data);
    session.offset += data.length;
    if (session.offset < session.fileLength) return { id: session.id, file_offset: session.offset };
    const handle = `4::${Buffer.from(session.fileType).toString('base64')}:${randomBytes(24).toString('base64url')}`;
    session.handle = handle;
    this.#handles.set(handle, {
      handle,
      appId: session.appId,
      fileType: session.fileType,
      data: Buffer.concat(session.received),
    });
    session.received = [];
    return { h: handle };
  }

  file(handle: string): UploadedFile | undefined {
    return this.#handles.get(handle);
  }

  clear(): void {
    this.#sessions.clear();
    this.#handles.clear();
  }
}

/** The header format a sample file of this type can illustrate. */
export function headerFormatOf(fileType: string): string {
  if (fileType.startsWith('image/')) return 'IMAGE';
  if (fileType.startsWith('video/')) return 'VIDEO';
  return 'DOCUMENT';
}
