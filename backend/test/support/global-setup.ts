// globalSetup runs outside Jest's module mapper, hence the .ts import below.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.ts';

/**
 * One PostgreSQL server for the whole run: the one in DATABASE_URL if set, otherwise a fresh
 * embedded server in a temp folder. Each test file then creates its own database on it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env['DATABASE_URL']) {
    process.env['TEST_DATABASE_ADMIN_URL'] = process.env['DATABASE_URL'];
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'convis-test-pg-'));
  const server = await startEmbeddedPostgres(dataDir);
  process.env['TEST_DATABASE_ADMIN_URL'] = server.adminUrl;
  (
    globalThis as { __convisTestDatabase?: { stop(): Promise<void>; dataDir: string } }
  ).__convisTestDatabase = {
    stop: () => server.stop(),
    dataDir,
  };
}
