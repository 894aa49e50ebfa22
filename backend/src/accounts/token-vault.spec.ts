import { randomBytes } from 'node:crypto';
import { TokenVault } from './token-vault.js';

const key = () => randomBytes(32).toString('base64');

describe('TokenVault', () => {
  it('encrypts so that the stored text reveals nothing and decrypts back', () => {
    const vault = new TokenVault(key());
    const token = 'EAAGm0PX4ZCpsBAKZCZBsecret-token-value';
    const stored = vault.encrypt(token);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(Buffer.from(token).toString('base64'));
    expect(stored.startsWith(`v1:${vault.currentKeyId}:`)).toBe(true);
    expect(vault.decrypt(stored)).toBe(token);
    // A fresh IV each time: the same token never encrypts to the same text.
    expect(vault.encrypt(token)).not.toBe(stored);
  });

  it('detects tampering', () => {
    const vault = new TokenVault(key());
    const parts = vault.encrypt('a token').split(':');
    const flipped = Buffer.from(parts[4]!, 'base64url');
    flipped[0]! ^= 1;
    parts[4] = flipped.toString('base64url');
    expect(() => vault.decrypt(parts.join(':'))).toThrow();
  });

  it('reads secrets of previous keys while writing with the current one', () => {
    const oldKey = key();
    const newKey = key();
    const stored = new TokenVault(oldKey).encrypt('old secret');
    const rotating = new TokenVault(newKey, [oldKey]);
    expect(rotating.decrypt(stored)).toBe('old secret');
    expect(TokenVault.keyIdOf(rotating.encrypt('x'))).toBe(rotating.currentKeyId);
    expect(TokenVault.keyIdOf(stored)).not.toBe(rotating.currentKeyId);
    expect(() => new TokenVault(newKey).decrypt(stored)).toThrow(/ENCRYPTION_KEY_PREVIOUS/);
  });
});
