// Identifiers that look like Meta's.
import { randomBytes, randomInt } from 'node:crypto';

/** Numeric Graph object ids (15 digits, below 2^53 so they survive JSON numbers). */
export class IdFactory {
  readonly #used = new Set<string>();

  numeric(): string {
    for (;;) {
      const id = String(randomInt(100_000_000_000_000, 281_474_976_710_655));
      if (!this.#used.has(id)) {
        this.#used.add(id);
        return id;
      }
    }
  }

  /** Marks an id chosen by a caller as taken. */
  reserve(id: string): void {
    this.#used.add(id);
  }

  /**
   * A WhatsApp message id: `wamid.` + base64 of a small protobuf-like record holding the other
   * party's number and a random key, like Meta's (`wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI...`).
   */
  wamid(otherParty: string, direction: 'out' | 'in'): string {
    for (;;) {
      const party = Buffer.from(otherParty.slice(0, 60), 'latin1');
      const key = Buffer.from(
        randomBytes(direction === 'out' ? 9 : 10)
          .toString('hex')
          .toUpperCase(),
        'latin1',
      );
      const bytes = Buffer.concat([
        Buffer.from([0x1c, 0x18, party.length]),
        party,
        Buffer.from([0x15, 0x02, 0x00, direction === 'out' ? 0x11 : 0x12, 0x18, key.length]),
        key,
        Buffer.from([0x00]),
      ]);
      const id = `wamid.${bytes.toString('base64')}`;
      if (!this.#used.has(id)) {
        this.#used.add(id);
        return id;
      }
    }
  }

  clear(): void {
    this.#used.clear();
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function token(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

/** `x-fb-trace-id` / `fbtrace_id`. */
export function traceId(): string {
  return token(11);
}

/** `x-fb-request-id`. */
export function requestId(): string {
  return token(23);
}

/** Short opaque ids for simulator records (faults, deliveries). */
export function shortId(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}
