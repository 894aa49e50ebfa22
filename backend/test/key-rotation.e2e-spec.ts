import { randomBytes } from 'node:crypto';
import { whatsappAccounts } from '../src/database/schema.js';
import { rotateEncryptionKeys } from '../src/accounts/key-rotation.js';
import { TokenVault } from '../src/accounts/token-vault.js';
import { registerAdmin } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const key = () => randomBytes(32).toString('base64');

describe('encryption key rotation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('re-encrypts every secret under the new key, keeps them readable throughout, and is idempotent', async () => {
    const admin = await registerAdmin(t);
    const oldKey = key();
    const newKey = key();
    const oldVault = new TokenVault(oldKey);
    const secrets = Array.from({ length: 5 }, (_, i) => ({
      token: `EAAtoken${i}${randomBytes(8).toString('hex')}`,
      appSecret: i % 2 ? `app-secret-${i}` : null,
    }));
    await t.db.insert(whatsappAccounts).values(
      secrets.map((s, i) => ({
        organizationId: admin.organizationId,
        label: `Account ${i}`,
        phoneNumberId: `1000000000000${i}`,
        wabaId: '200000000000001',
        accessTokenEncrypted: oldVault.encrypt(s.token),
        accessTokenLast4: s.token.slice(-4),
        appSecretEncrypted: s.appSecret === null ? null : oldVault.encrypt(s.appSecret),
        appSecretLast4: s.appSecret?.slice(-4) ?? null,
        webhookVerifyToken: `wvt_${i}`,
      })),
    );

    // The service during rotation reads both keys.
    const rotating = new TokenVault(newKey, [oldKey]);
    const report = await rotateEncryptionKeys(t.db, rotating, 2);
    expect(report).toEqual({ checked: 5, reencrypted: 5 });

    // After rotation, the new key alone reads everything.
    const newOnly = new TokenVault(newKey);
    const rows = await t.db.select().from(whatsappAccounts);
    const byLabel = new Map(rows.map((row) => [row.label, row]));
    secrets.forEach((s, i) => {
      const row = byLabel.get(`Account ${i}`)!;
      expect(TokenVault.keyIdOf(row.accessTokenEncrypted)).toBe(newOnly.currentKeyId);
      expect(newOnly.decrypt(row.accessTokenEncrypted)).toBe(s.token);
      expect(row.appSecretEncrypted === null ? null : newOnly.decrypt(row.appSecretEncrypted)).toBe(
        s.appSecret,
      );
    });
    expect(() => oldVault.decrypt(rows[0]!.accessTokenEncrypted)).toThrow();

    expect(await rotateEncryptionKeys(t.db, rotating)).toEqual({ checked: 5, reencrypted: 0 });
  });
});
