import { type Readable } from 'node:stream';

/** A stored file, opened for streaming. */
export interface StoredMedia {
  readonly stream: Readable;
  readonly size: number;
}

/**
 * Where inbound media files live. Keys are made by us (see {@link mediaKey}), never taken from
 * a request or a payload. The local folder is the default; an S3-compatible store can implement
 * the same three calls.
 */
export interface MediaStore {
  /** Stores the bytes under `key`, replacing a previous file; never leaves a partial file. */
  put(key: string, data: Buffer): Promise<void>;
  /** Opens a stored file, or undefined when there is none. */
  open(key: string): Promise<StoredMedia | undefined>;
  /** Removes a file; missing files are fine. */
  delete(key: string): Promise<void>;
}

/** Injection token of the configured {@link MediaStore}. */
export const MEDIA_STORE = Symbol('MEDIA_STORE');

/** The storage key of a media file: two ids we generated, so no path can be smuggled in. */
export function mediaKey(organizationId: string, mediaFileId: string): string {
  for (const id of [organizationId, mediaFileId]) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`Not an id: ${id}`);
  }
  return `${organizationId}/${mediaFileId}`;
}
