#!/usr/bin/env node
// `npm run dev`: the API and the console together, both reloading on change.
//   lib  npm run dev -w libs/contracts  tsc --watch of the rules both sides import
//   api  npm run dev -w backend    tsc --watch + node --watch (embedded PostgreSQL, port 3000)
//   web  npm run dev -w frontend   ng serve on port 4200, proxying /api and /docs to :3000
// The workspace packages the API imports (@convis/contracts, the Graph API simulator of demo
// mode) are built first, as `nx run-many -t build` would.
// Output is prefixed and coloured per side; Ctrl-C (or either side exiting) stops both, with
// time for the backend to shut its embedded PostgreSQL down cleanly.
import { concurrently } from 'concurrently';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

// Globals the shared ESLint config does not declare for plain .mjs files.
const { AbortController, AbortSignal, fetch } = globalThis;

const API_PORT = 3000;
const WEB_PORT = 4200;
const urls = {
  console: `http://localhost:${WEB_PORT}`,
  api: `http://localhost:${API_PORT}/api`,
  swagger: `http://localhost:${API_PORT}/docs`,
};

const bold = (text) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[22m` : text);
const green = (text) => (process.stdout.isTTY ? `\x1b[32m${text}\x1b[39m` : text);

function banner(title) {
  console.log(
    [
      '',
      bold(title),
      `  Console   ${urls.console}   (live reload)`,
      `  API       ${urls.api}   (restarts on change)`,
      `  Swagger   ${urls.swagger}`,
      '  Ctrl-C stops both.',
      '',
    ].join('\n'),
  );
}

/** Resolves true once `url` answers with any HTTP status below 500, false when stopped. */
async function waitFor(url, signal) {
  while (!signal.aborted) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status < 500) return true;
    } catch {
      // not up yet
    }
    await sleep(1_000, undefined, { signal }).catch(() => undefined);
  }
  return false;
}

banner('Starting convis-whatsapp in development mode:');

const prebuild = spawnSync(
  'npx',
  ['nx', 'run-many', '-t', 'build', '-p', 'contracts', 'graph-simulator', '--output-style=stream'],
  { stdio: 'inherit', env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' } },
);
if (prebuild.status !== 0) process.exit(prebuild.status ?? 1);

const env = { NG_CLI_ANALYTICS: 'false', FORCE_COLOR: process.stdout.isTTY ? '1' : '0' };
const { result } = concurrently(
  [
    { name: 'lib', command: 'npm run dev -w libs/contracts', prefixColor: 'yellow', env },
    { name: 'api', command: 'npm run dev -w backend', prefixColor: 'cyan', env },
    { name: 'web', command: 'npm run dev -w frontend', prefixColor: 'magenta', env },
  ],
  {
    prefix: 'name',
    padPrefix: true,
    // One side gone means the setup is broken: stop the other rather than half-run.
    killOthersOn: ['failure', 'success'],
    killSignal: 'SIGTERM',
    // The backend stops HTTP, queues and the embedded PostgreSQL on SIGTERM; give it time.
    killTimeout: 15_000,
    handleInput: false,
  },
);

const stopWaiting = new AbortController();
Promise.all([
  waitFor(`http://127.0.0.1:${API_PORT}/api/health`, stopWaiting.signal),
  waitFor(`http://127.0.0.1:${WEB_PORT}/`, stopWaiting.signal),
])
  .then(([api, web]) => {
    if (api && web) banner(green('Ready:'));
  })
  .catch(() => undefined);

result.then(
  () => {
    stopWaiting.abort();
    process.exit(0);
  },
  (closeEvents) => {
    stopWaiting.abort();
    const failed = closeEvents.find((event) => event.exitCode !== 0);
    const code = typeof failed?.exitCode === 'number' ? failed.exitCode : 1;
    process.exit(code);
  },
);
