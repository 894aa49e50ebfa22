// npm run bench:webhooks — signed status webhooks (in order, shuffled, duplicated) fired at the
// running backend and, in the same run, at a bare Fastify route that only verifies the HMAC and
// does one INSERT. Prints requests/s and p50/p99 for both and their ratios, saturated (50
// connections) and at a fixed 1,000 requests/s, then checks every message ended in `read` with
// exactly one timeline entry per status. Figures only: nothing here asserts a timing.
import { createSimulator } from '@convis/graph-simulator';
import autocannon from 'autocannon';
import { fork, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbeddedPostgres } from '../dist/database/embedded-postgres.js';
import {
  BACKEND_NODE_FLAGS,
  freePort,
  messagesDelivery,
  recordFigures,
  seedAccount,
} from './support.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 3000);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const PHONE_NUMBER_ID = '190000000000001';
const WABA_ID = '290000000000001';
const ACCESS_TOKEN = 'EAAbench-token';
const APP_SECRET = randomBytes(16).toString('hex');
const BENCH_NUMBER = {
  phoneNumberId: PHONE_NUMBER_ID,
  wabaId: WABA_ID,
  accessToken: ACCESS_TOKEN,
  appSecret: APP_SECRET,
};

const dataDir = mkdtempSync(join(tmpdir(), 'convis-bench-'));
chmodSync(dataDir, 0o755);
const children = [];
let database;
let simulator;

try {
  console.log(
    `Preparing: embedded PostgreSQL, simulator, backend, baseline (${MESSAGES} messages)…`,
  );
  database = await startEmbeddedPostgres(dataDir);
  simulator = await createSimulator({ port: 0 });
  simulator.addAccount({
    phone_number_id: PHONE_NUMBER_ID,
    waba_id: WABA_ID,
    access_token: ACCESS_TOKEN,
    app_secret: APP_SECRET,
    webhook_url: null,
  });

  const backendPort = await freePort();
  const baselinePort = await freePort();
  const secret = () => randomBytes(32).toString('base64');
  // BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of the backend there (open it in DevTools).
  const profile = process.env.BENCH_CPU_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
    : [];
  // BENCH_WEBHOOK_ROLES=all runs one backend that stores and applies; by default the measured
  // backend is a web process (PROCESS_ROLE=web: stores and answers) and a worker process applies
  // what it stored, as production runs them when intake matters.
  const split = (process.env.BENCH_WEBHOOK_ROLES ?? 'split') !== 'all';
  const backendEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    GRAPH_API_BASE_URL: simulator.url,
    JWT_ACCESS_SECRET: secret(),
    JWT_REFRESH_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
    // Request logs cost the same in both runs only if both log; the baseline does not.
    LOG_LEVEL: 'warn',
    LOGIN_THROTTLE_LIMIT: '1000',
  };
  const backend = spawn(
    process.execPath,
    [...BACKEND_NODE_FLAGS, ...profile, join(here, '../dist/main.js')],
    {
      env: {
        ...backendEnv,
        PORT: String(backendPort),
        PROCESS_ROLE: split ? 'web' : 'all',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  children.push(backend);
  const workerPort = await freePort();
  const worker = split
    ? spawn(process.execPath, [...BACKEND_NODE_FLAGS, join(here, '../dist/main.js')], {
        env: { ...backendEnv, PORT: String(workerPort), PROCESS_ROLE: 'worker' },
        stdio: ['ignore', 'inherit', 'inherit'],
      })
    : undefined;
  if (worker) children.push(worker);
  const baseline = fork(join(here, 'baseline-server.mjs'), [], {
    env: {
      ...process.env,
      BASELINE_PORT: String(baselinePort),
      DATABASE_URL: database.url,
      APP_SECRET,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(baseline);
  const api = `http://127.0.0.1:${backendPort}`;
  await waitFor(`${api}/api/health`);
  if (worker) await waitFor(`http://127.0.0.1:${workerPort}/api/health`);
  await new Promise((resolve) => baseline.once('message', resolve));

  const { accountId, organizationId } = await seedAccount(api, BENCH_NUMBER);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await seedMessages(client, organizationId, accountId);

  const bodies = buildStatusWebhooks();
  console.log(
    `${bodies.length} signed webhook bodies (in order, shuffled and duplicated statuses).\n`,
  );
  const results = [];
  for (const [mode, options] of [
    ['saturated, 50 connections', { connections: 50, duration: DURATION_S }],
    ['fixed 1,000 req/s', { connections: 50, duration: DURATION_S, overallRate: 1000 }],
  ]) {
    const base = await measured(baseline.pid, () =>
      fire(`http://127.0.0.1:${baselinePort}/hook`, bodies, options),
    );
    const workerBefore = worker ? cpuMsOf(worker.pid) : undefined;
    const app = await measured(backend.pid, () =>
      fire(`${api}/api/webhooks/whatsapp/${accountId}`, bodies, options),
    );
    const workerAfter = worker ? cpuMsOf(worker.pid) : undefined;
    // The worker's CPU in the same window (it may still be applying the rest afterwards).
    const workerCpuUs =
      workerBefore === undefined || workerAfter === undefined
        ? undefined
        : ((workerAfter - workerBefore) * 1000) / Math.max(1, app.requests.total);
    results.push({ mode, base, app: { ...app, workerCpuUs } });
  }

  console.log('mode                        | target        | req/s   | p50 ms | p99 ms | non-2xx');
  console.log('----------------------------|---------------|---------|--------|--------|--------');
  for (const { mode, base, app } of results) {
    for (const [name, r] of [
      ['bare route', base],
      ['backend', app],
    ]) {
      console.log(
        `${mode.padEnd(28)}| ${name.padEnd(14)}| ${r.requests.average.toFixed(0).padStart(7)} | ${String(r.latency.p50).padStart(6)} | ${String(r.latency.p99).padStart(6)} | ${r.non2xx}`,
      );
    }
  }
  // Node CPU time per answered request: unlike req/s, it hardly moves when other work shares
  // the machine, so it tells what the code costs even on a busy box (Linux /proc only).
  if (results[0].app.cpuUs !== undefined) {
    console.log(
      `\nserver CPU per request     | bare route | backend${split ? ' (web) | worker, applying' : ''}`,
    );
    for (const { mode, base, app } of results) {
      const applying =
        app.workerCpuUs === undefined
          ? ''
          : ` | ${`${app.workerCpuUs.toFixed(0)} µs`.padStart(16)}`;
      console.log(
        `${mode.padEnd(27)}| ${`${base.cpuUs.toFixed(0)} µs`.padStart(10)} | ${`${app.cpuUs.toFixed(0)} µs`.padStart(split ? 13 : 7)}${applying}`,
      );
    }
  }
  const [saturated, fixed] = results;
  const throughputRatio = saturated.app.requests.average / saturated.base.requests.average;
  const p99Ratio = fixed.app.latency.p99 / Math.max(1, fixed.base.latency.p99);
  console.log(
    `\nSaturated throughput: backend/bare = ${(throughputRatio * 100).toFixed(0)}% (target >= 100%)`,
  );
  console.log(`p99 at 1,000 req/s:   backend/bare = ${p99Ratio.toFixed(2)}x (target <= 1.5x)`);
  const cpuRatio = saturated.app.cpuUs / saturated.base.cpuUs;
  recordFigures([
    {
      figure: 'webhooks: saturated throughput, backend/bare',
      value: `${(throughputRatio * 100).toFixed(0)}%`,
      target: '>= 100%',
      ok: throughputRatio >= 1,
    },
    {
      figure: 'webhooks: server CPU per request, backend/bare',
      value: Number.isFinite(cpuRatio) ? `${cpuRatio.toFixed(1)}x` : 'n/a',
      target: '<= 1.5x',
      ok: cpuRatio <= 1.5,
    },
    {
      figure: 'webhooks: p99 at 1,000 req/s, backend/bare',
      value: `${p99Ratio.toFixed(2)}x`,
      target: '<= 1.5x',
      ok: p99Ratio <= 1.5,
    },
  ]);

  // The timed runs may not reach every body: deliver each once more so every status was sent,
  // then check that the end state is right whatever the order and duplicates.
  await fire(`${api}/api/webhooks/whatsapp/${accountId}`, bodies, {
    connections: 20,
    amount: bodies.length,
  });
  const check = await checkFinalStatuses(client, organizationId);
  await client.end();
  console.log(
    `\nFinal statuses: ${check.read}/${MESSAGES} messages read, ${check.badTimelines} with a wrong timeline, ${check.pending} webhook events still unprocessed.`,
  );
  console.log(
    check.read === MESSAGES && check.badTimelines === 0 ? 'Correctness: OK' : 'Correctness: FAILED',
  );
  process.exitCode = check.read === MESSAGES && check.badTimelines === 0 ? 0 : 1;
} finally {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) =>
          child.exitCode !== null ? resolve() : child.once('exit', resolve),
        ),
    ),
  );
  await simulator?.close();
  await database?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/** Outbound messages as the send pipeline leaves them (sent, with a wamid), written in one go. */
async function seedMessages(client, organizationId, accountId) {
  const { rows } = await client.query(
    `INSERT INTO contacts (organization_id, phone_number_id, account_id, contact_key, wa_id)
     VALUES ($1, $2, $3, '15550101234', '15550101234') RETURNING id`,
    [organizationId, PHONE_NUMBER_ID, accountId],
  );
  await client.query(
    `INSERT INTO messages (organization_id, account_id, phone_number_id, contact_id, direction, wa_message_id,
       from_address, to_address, message_type, content, status, sent_at)
     SELECT $1, $2, $3, $4, 'out', 'wamid.bench.' || i, '+1 555-0000', '+15550101234', 'text', '{}'::jsonb, 'sent', now()
     FROM generate_series(1, ${MESSAGES}) AS i`,
    [organizationId, accountId, PHONE_NUMBER_ID, rows[0].id],
  );
}

/** A third in order, a third shuffled (read first), a third with every status twice. */
function buildStatusWebhooks() {
  const bodies = [];
  const now = Math.floor(Date.now() / 1000);
  for (let i = 1; i <= MESSAGES; i++) {
    const statuses = [
      ['sent', 0],
      ['delivered', 1],
      ['read', 2],
    ];
    const order =
      i % 3 === 1
        ? [statuses[2], statuses[0], statuses[1]]
        : i % 3 === 2
          ? [...statuses, ...statuses]
          : statuses;
    for (const [status, offset] of order) {
      const raw = messagesDelivery(
        { wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID },
        {
          statuses: [
            {
              id: `wamid.bench.${i}`,
              status,
              timestamp: String(now + offset),
              recipient_id: '15550101234',
              pricing: {
                billable: true,
                pricing_model: 'PMP',
                type: 'regular',
                category: 'utility',
              },
            },
          ],
        },
      );
      bodies.push({
        raw,
        signature: `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`,
      });
    }
  }
  return bodies;
}

/** Runs `work` (a load run) and adds the server process's CPU time per answered request. */
async function measured(pid, work) {
  const before = cpuMsOf(pid);
  const result = await work();
  // Applying goes on after the last answer: count it while the backlog drains.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const after = cpuMsOf(pid);
  if (before === undefined || after === undefined) return result;
  return { ...result, cpuUs: ((after - before) * 1000) / Math.max(1, result.requests.total) };
}

/** User + system CPU milliseconds of a process, from /proc; undefined off Linux. */
function cpuMsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime (fields 14 and 15 of the stat line) count clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** One autocannon run over the bodies (each connection takes the next body; cycling when done). */
function fire(url, bodies, options) {
  let next = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        ...options,
        requests: [
          {
            setupRequest: (request) => {
              const body = bodies[next++ % bodies.length];
              return {
                ...request,
                body: body.raw,
                headers: {
                  'content-type': 'application/json',
                  'x-hub-signature-256': body.signature,
                },
              };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('error', reject);
  });
}

async function checkFinalStatuses(client, organizationId) {
  for (let i = 0; i < 120; i++) {
    const { rows } = await client.query(
      'SELECT count(*)::int AS n FROM webhook_events WHERE processed_at IS NULL',
    );
    if (rows[0].n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const read = await client.query(
    `SELECT count(*)::int AS n FROM messages WHERE organization_id = $1 AND status = 'read'`,
    [organizationId],
  );
  const bad = await client.query(
    `SELECT count(*)::int AS n FROM (
       SELECT m.id, array_agg(e.status::text ORDER BY e.status::text) AS statuses FROM messages m
       LEFT JOIN message_status_events e ON e.message_id = m.id
       WHERE m.organization_id = $1 GROUP BY m.id) t
     WHERE statuses <> ARRAY['delivered', 'read', 'sent']`,
    [organizationId],
  );
  const pending = await client.query(
    'SELECT count(*)::int AS n FROM webhook_events WHERE processed_at IS NULL',
  );
  return { read: read.rows[0].n, badTimelines: bad.rows[0].n, pending: pending.rows[0].n };
}

async function waitFor(url) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not come up`);
}
