import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { decodeKey } from '../config/app-config.js';

/**
 * Encrypts secrets at rest (WhatsApp access tokens, app secrets) with AES-256-GCM.
 * Stored form: `v1:<key id>:<iv>:<auth tag>:<ciphertext>` (base64url parts). The key id is
 * derived from the key itself, so several keys can be readable at once while a rotation
 * re-encrypts everything under the newest one.
 */
export class TokenVault {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  /** @param currentKey the key new secrets are written with; @param previousKeys keys still readable. */
  constructor(currentKey: string, previousKeys: readonly string[] = []) {
    this.currentKeyId = this.addKey(currentKey);
    for (const key of previousKeys) this.addKey(key);
  }

  encrypt(plaintext: string): string {
    const key = this.keys.get(this.currentKeyId)!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', this.currentKeyId, b64(iv), b64(cipher.getAuthTag()), b64(ciphertext)].join(':');
  }

  decrypt(stored: string): string {
    const [version, keyId, iv, tag, ciphertext] = stored.split(':');
    if (version !== 'v1' || !keyId || !iv || !tag || ciphertext === undefined) {
      throw new Error('Not an encrypted secret of a known format.');
    }
    const key = this.keys.get(keyId);
    if (!key) {
      throw new Error(
        `Secret encrypted with key ${keyId}, which is not configured (set it in ENCRYPTION_KEY_PREVIOUS).`,
      );
    }
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }

  /** The key id a stored secret was encrypted with. */
  static keyIdOf(stored: string): string | undefined {
    return stored.split(':')[1];
  }

  private addKey(encoded: string): string {
    const key = deriveKey(encoded);
    const keyId = createHash('sha256').update(key).digest('hex').slice(0, 12);
    this.keys.set(keyId, key);
    return keyId;
  }
}

/**
 * A 32-byte key as configured (base64 or hex). Development keys are generated that way; any
 * other string (only accepted outside production) is stretched with SHA-256.
 */
function deriveKey(encoded: string): Buffer {
  const decoded = decodeKey(encoded);
  return decoded?.length === 32 ? decoded : createHash('sha256').update(encoded).digest();
}

function b64(buffer: Buffer): string {
  return buffer.toString('base64url');
}

/** The last four characters, for showing which token is stored without revealing it. */
export function maskSecret(secret: string): string {
  return `••••${secret.slice(-4)}`;
}
