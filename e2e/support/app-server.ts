import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { artifactsDir, BACKEND_ENTRY, CONSOLE_INDEX, REPO_ROOT, timestamp } from './paths.ts';

export interface RunningApp {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly baseUrl: string;
  /** The server's stdout and stderr, kept after the run in `e2e/artifacts/`. */
  readonly logFile: string;
  /**
   * The Graph API simulator the backend runs in demo mode (no GRAPH_API_BASE_URL): tests use
   * its admin API (`/_sim/...`) to register numbers, push inbound messages and read sends.
   */
  readonly simulatorUrl: string;
  /** The server's DATA_DIR (embedded database, secrets, demo login). */
  readonly dataDir: string;
  /**
   * Stops the server (SIGTERM, so the embedded PostgreSQL shuts down), stops a PostgreSQL a
   * crash left behind, and deletes the data folder unless the caller passed it in.
   */
  stop(): Promise<void>;
  /**
   * Crashes the server: SIGKILL, then waits for it to be gone. Its embedded PostgreSQL is
   * orphaned and runs on, as after a real crash; `stop()` still cleans up.
   */
  kill(): Promise<void>;
}

export interface StartAppOptions {
  /** Extra environment for the server (the demo history is off unless DEMO_HISTORY is 'true'). */
  readonly env?: Record<string, string>;
  /** How long to wait for `GET /api/health` to answer 200. */
  readonly healthTimeoutMs?: number;
  /** Whether the built console must exist too (default true; API-only tests can say false). */
  readonly requireConsole?: boolean;
  /**
   * Run on this DATA_DIR (e.g. a restart after a crash) instead of a fresh temporary one; the
   * caller deletes it.
   */
  readonly dataDir?: string;
  /**
   * A Graph API (simulator) of the test's own instead of demo mode's in-process one: it
   * outlives the server, so a test can kill the server and still read what Meta received.
   */
  readonly graphApiBaseUrl?: string;
}

const HEALTH_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;

/**
 * Starts the built product as a user would (`node backend/dist/main.js`) on a free port, with
 * a fresh temporary DATA_DIR, so it launches its own empty embedded PostgreSQL (and, in demo
 * mode, an empty demo organization: see DEMO_HISTORY below). Resolves once
 * `GET /api/health` answers 200; rejects with the tail of the server log otherwise.
 */
export async function startApp(options: StartAppOptions = {}): Promise<RunningApp> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startAppOnce(options);
    } catch (error) {
      // A free port is found by binding and releasing it; until the server binds it, another
      // process (the backend tests' connections, running beside these) may take it.
      const portTaken =
        error instanceof Error &&
        /EADDRINUSE|port is in use by another program/.test(error.message);
      if (!portTaken || options.env?.['PORT'] || attempt >= 3) throw error;
      console.error(`[e2e] a port was taken before the backend bound it: starting again`);
    }
  }
}

async function startAppOnce(options: StartAppOptions): Promise<RunningApp> {
  // CONSOLE_DIR, when set, points the backend at another console build; check that one.
  const consoleDir = options.env?.['CONSOLE_DIR'] ?? process.env['CONSOLE_DIR'];
  const consoleIndex = consoleDir ? join(consoleDir, 'index.html') : CONSOLE_INDEX;
  const required: [string, string][] = [[BACKEND_ENTRY, 'npm run build -w backend']];
  if (options.requireConsole ?? true) required.push([consoleIndex, 'npm run build -w frontend']);
  for (const [file, command] of required) {
    if (!existsSync(file)) {
      throw new Error(
        `${file} does not exist: build it first with \`${command}\` (or run \`npm test\`).`,
      );
    }
  }

  const port = options.env?.['PORT'] ? Number(options.env['PORT']) : await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const simulatorPort = await freePort();
  const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'convis-e2e-'));
  // As root, the embedded PostgreSQL runs as a `postgres` user, which must be able to reach
  // `${dataDir}/postgres`; mkdtemp makes the folder 0700.
  chmodSync(dataDir, 0o755);
  const logFile = join(artifactsDir('logs'), `backend-${timestamp()}-${port}.log`);
  const logFd = openSync(logFile, 'a');

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    SIMULATOR_PORT: String(simulatorPort),
    // Demo mode seeds a week of conversations into a new database; tests that count what they
    // send start without it. Pass DEMO_HISTORY: 'true' in `env` for the history.
    DEMO_HISTORY: 'false',
    ...options.env,
  };
  // Always a fresh embedded database and demo mode (the simulator, never Meta), even when the
  // caller's shell points elsewhere.
  delete env['DATABASE_URL'];
  delete env['GRAPH_API_BASE_URL'];
  if (options.graphApiBaseUrl) env['GRAPH_API_BASE_URL'] = options.graphApiBaseUrl;

  let child: ChildProcess;
  try {
    // The log goes straight to a file descriptor, so it is complete even if this process dies.
    child = spawn(process.execPath, ['--enable-source-maps', BACKEND_ENTRY], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', logFd, logFd],
    });
  } finally {
    closeSync(logFd);
  }
  let exitInfo: string | undefined;
  const exited = new Promise<void>((resolveExit) => {
    child.once('error', (error) => {
      exitInfo ??= `could not start: ${error.message}`;
      resolveExit();
    });
    child.once('exit', (code, signal) => {
      exitInfo = signal ? `killed by ${signal}` : `exit code ${code}`;
      resolveExit();
    });
  });

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      if (exitInfo === undefined) {
        child.kill('SIGTERM');
        // Cancel the timer once the server is gone, or it alone keeps the test process alive.
        const timer = new AbortController();
        const timedOut = await Promise.race([
          exited.then(() => false),
          sleep(STOP_TIMEOUT_MS, true, { signal: timer.signal }).catch(() => false),
        ]);
        timer.abort();
        if (timedOut) {
          console.error(
            `[e2e] backend did not stop within ${STOP_TIMEOUT_MS / 1000} s: killing it`,
          );
          child.kill('SIGKILL');
          await exited;
        }
      }
    } finally {
      await stopOrphanPostgres(dataDir);
      if (ownsDataDir) {
        rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      }
    }
  };
  const kill = async (): Promise<void> => {
    if (exitInfo === undefined) child.kill('SIGKILL');
    await exited;
  };

  const timeoutMs = options.healthTimeoutMs ?? HEALTH_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  try {
    for (;;) {
      if (exitInfo !== undefined) {
        throw new Error(`The backend stopped before it was healthy (${exitInfo}).`);
      }
      if (Date.now() > deadline) {
        throw new Error(
          `GET ${baseUrl}/api/health did not answer 200 within ${timeoutMs / 1000} s (last: ${lastProblem}).`,
        );
      }
      try {
        const response = await fetch(`${baseUrl}/api/health`, {
          signal: AbortSignal.timeout(5_000),
        });
        if (response.status === 200) break;
        lastProblem = `HTTP ${response.status} ${(await response.text()).slice(0, 200)}`;
      } catch (error) {
        lastProblem =
          error instanceof Error
            ? ((error.cause as Error | undefined)?.message ?? error.message)
            : String(error);
      }
      await sleep(250);
    }
  } catch (error) {
    await stop();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\nServer log ${logFile}, last lines:\n${tail(logFile, 40)}`, {
      cause: error,
    });
  }

  return { baseUrl, logFile, simulatorUrl, dataDir, stop, kill };
}

/** Last `lines` lines of a file, indented, for error messages. */
export function tail(file: string, lines: number): string {
  try {
    const text = readFileSync(file, 'utf8').trimEnd();
    return text
      ? text
          .split('\n')
          .slice(-lines)
          .map((line) => `  | ${line}`)
          .join('\n')
      : '  | (empty)';
  } catch {
    return '  | (no log)';
  }
}

/**
 * If the backend was killed hard, its embedded PostgreSQL may still run: stops it through the
 * pid in `postmaster.pid` (SIGQUIT = immediate shutdown) and waits until it is gone, so that
 * its data folder can be removed and nothing outlives the test.
 */
export async function stopOrphanPostgres(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid)) return;
  // A stale file's pid may belong to another program by now: only a postgres on this folder.
  const command = readCommandLine(pid);
  if (command !== undefined && !command.includes(join(dataDir, 'postgres'))) return;
  try {
    process.kill(pid, 'SIGQUIT');
    console.error(`[e2e] stopping an orphaned embedded PostgreSQL (pid ${pid})`);
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isRunning(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      return;
    }
    await sleep(50);
  }
}

function readCommandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A TCP port that is free on loopback right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('Could not find a free port.'));
      });
    });
  });
}
