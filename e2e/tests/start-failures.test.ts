// A start that cannot go on says what to change, on stderr, and leaves nothing running: the
// built backend (`node backend/dist/main.js`), started as a person would.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { freePort, stopOrphanPostgres } from '../support/app-server.ts';
import { BACKEND_ENTRY, REPO_ROOT } from '../support/paths.ts';

/**
 * Runs the backend until it exits (it must, here); resolves with its exit code and what it
 * printed on stderr, Node's own warnings left out.
 */
function runBackend(
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string[] }> {
  const child = spawn(process.execPath, [BACKEND_ENTRY], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', SIMULATOR_PORT: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      const lines = stderr.split('\n').filter((line) => line.trim() !== '');
      resolve({
        code,
        stderr: lines.filter((line) => !/^\(node:\d+\)|--trace-warnings/.test(line)),
      });
    }),
  );
}

describe('start failures', () => {
  it('names the variable to change when the port is taken, and stops its embedded PostgreSQL', async () => {
    assert.ok(existsSync(BACKEND_ENTRY), 'build the backend first: npm run build -w backend');
    const dataDir = mkdtempSync(join(tmpdir(), 'convis-e2e-start-'));
    chmodSync(dataDir, 0o755);
    const taken = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    try {
      const { code, stderr } = await runBackend({ PORT: String(port), DATA_DIR: dataDir });

      assert.equal(code, 1);
      assert.deepEqual(stderr, [
        `Could not start: The API cannot listen on 127.0.0.1:${port}: the port is in use by another program. ` +
          'Set PORT to a free port, or stop the program using it.',
      ]);
      assert.equal(
        existsSync(join(dataDir, 'postgres', 'postmaster.pid')),
        false,
        'the embedded PostgreSQL was stopped',
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
      await stopOrphanPostgres(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('names the database it cannot reach, without its password', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'convis-e2e-start-'));
    try {
      const closed = await freePort();
      const { code, stderr } = await runBackend({
        PORT: String(await freePort()),
        DATA_DIR: dataDir,
        DATABASE_URL: `postgresql://convis:secret@127.0.0.1:${closed}/convis`,
      });

      assert.equal(code, 1);
      assert.deepEqual(stderr, [
        `Could not start: Cannot connect to the database at postgresql://convis:***@127.0.0.1:${closed}/convis ` +
          `(connect ECONNREFUSED 127.0.0.1:${closed}). Check DATABASE_URL, and that PostgreSQL is running and reachable from this machine.`,
      ]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
