// Re-encrypts every stored WhatsApp secret under ENCRYPTION_KEY (npm run rotate-keys -w backend).
// Rotation: set the new key as ENCRYPTION_KEY and the old one in ENCRYPTION_KEY_PREVIOUS,
// restart the service (it reads both), run this, then drop ENCRYPTION_KEY_PREVIOUS.
import { ConfigError, loadConfig } from '../config/app-config.js';
import { createDatabase, createPool, runMigrations } from '../database/database.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../database/embedded-postgres.js';
import { rotateEncryptionKeys } from './key-rotation.js';
import { TokenVault } from './token-vault.js';

async function main(): Promise<void> {
  const { config } = loadConfig();
  let embedded: EmbeddedDatabase | undefined;
  const url = config.databaseUrl ?? (embedded = await startEmbeddedPostgres(config.dataDir)).url;
  const pool = createPool(url);
  try {
    const db = createDatabase(pool);
    await runMigrations(pool);
    const vault = new TokenVault(config.encryptionKey, config.previousEncryptionKeys);
    const report = await rotateEncryptionKeys(db, vault);
    console.log(
      `Key rotation done: ${report.reencrypted} of ${report.checked} accounts re-encrypted under key ${vault.currentKeyId}. ` +
        'ENCRYPTION_KEY_PREVIOUS can now be removed.',
    );
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
