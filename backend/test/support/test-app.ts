import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import { createDatabase, createPool, runMigrations } from '../../src/database/database.js';
import { type Database } from '../../src/database/database.js';
import { createTestDatabase } from './test-database.js';

type TestAgent = ReturnType<typeof request>;

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  /** supertest against the real HTTP stack. */
  readonly http: TestAgent;
  /** Direct access to this test file's database, for assertions on stored rows. */
  readonly db: Database;
  /** Every JSON log line the app wrote. */
  readonly logs: string[];
  close(): Promise<void>;
}

export interface TestAppOptions {
  /**
   * The URL the app connects with, from its database's URL: e.g. through a proxy that can
   * freeze (tcp-proxy.ts). The test's own `db` keeps the direct URL.
   */
  readonly appDatabaseUrl?: (url: string) => string;
}

/**
 * The whole backend on a fresh database of its own, as `npm start` builds it. `env` adds or
 * overrides environment variables (e.g. ALLOW_SIGNUP, LOGIN_THROTTLE_LIMIT).
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'convis-test-data-'));
  const { config } = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: options.appDatabaseUrl?.(database.url) ?? database.url,
    LOG_LEVEL: 'info',
    CONSOLE_DIR: join(dataDir, 'no-console'),
    LOGIN_THROTTLE_LIMIT: '1000',
    ...env,
  });
  const pool = createPool(database.url);
  const db = createDatabase(pool);
  await runMigrations(pool);

  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const app = await createApp(config, { logStream });
  return {
    app,
    config,
    http: request(app.getHttpServer()),
    db,
    logs,
    async close() {
      await app.close();
      await pool.end();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
