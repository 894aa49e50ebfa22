import { asc, eq, gt } from 'drizzle-orm';
import { type Database } from '../database/database.js';
import { whatsappAccounts } from './accounts.schema.js';
import { TokenVault } from './token-vault.js';

export interface RotationReport {
  readonly checked: number;
  readonly reencrypted: number;
}

/**
 * Re-encrypts every stored secret that is not under the vault's current key. Each account is
 * rewritten in its own short transaction with a row lock, so the service keeps running; the
 * old key must stay in ENCRYPTION_KEY_PREVIOUS until this has finished. Running it twice is
 * harmless: rows already under the current key are left alone.
 */
export async function rotateEncryptionKeys(
  db: Database,
  vault: TokenVault,
  batchSize = 100,
): Promise<RotationReport> {
  let checked = 0;
  let reencrypted = 0;
  let lastId: string | undefined;
  for (;;) {
    const ids = await db
      .select({ id: whatsappAccounts.id })
      .from(whatsappAccounts)
      .where(lastId ? gt(whatsappAccounts.id, lastId) : undefined)
      .orderBy(asc(whatsappAccounts.id))
      .limit(batchSize);
    if (ids.length === 0) return { checked, reencrypted };
    for (const { id } of ids) {
      checked++;
      const changed = await db.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(whatsappAccounts)
          .where(eq(whatsappAccounts.id, id))
          .for('update');
        if (!row) return false;
        const token = reencrypt(vault, row.accessTokenEncrypted);
        const secret =
          row.appSecretEncrypted === null ? null : reencrypt(vault, row.appSecretEncrypted);
        if (token === null && secret === null) return false;
        await tx
          .update(whatsappAccounts)
          .set({
            ...(token !== null ? { accessTokenEncrypted: token } : {}),
            ...(secret !== null ? { appSecretEncrypted: secret } : {}),
          })
          .where(eq(whatsappAccounts.id, id));
        return true;
      });
      if (changed) reencrypted++;
    }
    lastId = ids.at(-1)?.id;
  }
}

/** The secret under the current key, or null when it already is. */
function reencrypt(vault: TokenVault, stored: string): string | null {
  if (TokenVault.keyIdOf(stored) === vault.currentKeyId) return null;
  return vault.encrypt(vault.decrypt(stored));
}
