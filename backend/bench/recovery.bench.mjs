// npm run bench:recovery — recovery after a crash: the backend (with its embedded PostgreSQL)
// is killed with SIGKILL while 10,000 webhook events are stored but not applied (half customers
// writing in, half delivered/read statuses of sent messages, all inside their grace as a crash
// leaves them), then started again on the same data folder. Prints how long until every event
// is applied, counted from the restart (events/s and seconds), then checks each was applied once.
// Figures only: nothing here asserts a timing.
import { createSimulator } from '@convis/graph-simulator';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { embeddedDatabaseUrl, readPostmasterPid } from '../dist/database/embedded-postgres.js';
import {
  BACKEND_NODE_FLAGS,
  freePort,
  messagesDelivery,
  recordFigures,
  seedAccount,
} from './support.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const CUSTOMERS = 200;
const PHONE_NUMBER_ID = '190000000000002';
const WABA_ID = '290000000000002';
const ACCESS_TOKEN = 'EAAbench-recovery-token';
const APP_SECRET = randomBytes(16).toString('hex');
const BENCH_NUMBER = {
  phoneNumberId: PHONE_NUMBER_ID,
  wabaId: WABA_ID,
  accessToken: ACCESS_TOKEN,
  appSecret: APP_SECRET,
};
/** The grace the inbox gives a fresh event (WEBHOOK_SWEEP_INTERVAL_MS, default 30 s). */
const GRACE_MS = 30_000;

const dataDir = mkdtempSync(join(tmpdir(), 'convis-bench-recovery-'));
chmodSync(dataDir, 0o755);
const databaseDir = join(dataDir, 'postgres');
const secret = () => randomBytes(32).toString('base64');
const env = {
  ...process.env,
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  JWT_ACCESS_SECRET: secret(),
  JWT_REFRESH_SECRET: secret(),
  ENCRYPTION_KEY: secret(),
  LOG_LEVEL: 'info',
  LOGIN_THROTTLE_LIMIT: '1000',
};
delete env.DATABASE_URL;
const backends = [];
let simulator;
let client;

try {
  simulator = await createSimulator({ port: 0 });
  simulator.addAccount({
    phone_number_id: PHONE_NUMBER_ID,
    waba_id: WABA_ID,
    access_token: ACCESS_TOKEN,
    app_secret: APP_SECRET,
    webhook_url: null,
  });
  env.GRAPH_API_BASE_URL = simulator.url;

  console.log(`Preparing: backend with its embedded PostgreSQL, ${EVENTS} stored events…`);
  const first = await startBackend('first');
  const { accountId, organizationId } = await seedAccount(first.url, BENCH_NUMBER);
  client = new pg.Client({
    connectionString: embeddedDatabaseUrl(readPostmasterPid(databaseDir).port),
  });
  await client.connect();
  const { inbound, outbound } = await storeBacklog(client, organizationId, accountId);
  await client.end();
  client = undefined;

  // The crash: the backend dies at once; its PostgreSQL is orphaned and runs on.
  first.child.kill('SIGKILL');
  await first.exited;
  const orphan = readPostmasterPid(databaseDir).pid;
  console.log(`Killed the backend with SIGKILL; its PostgreSQL (pid ${orphan}) runs on.\n`);

  const restartedAt = performance.now();
  const second = await startBackend('restarted');
  const healthyS = (performance.now() - restartedAt) / 1000;
  client = new pg.Client({
    connectionString: embeddedDatabaseUrl(readPostmasterPid(databaseDir).port),
  });
  await client.connect();
  for (;;) {
    const { rows } = await client.query(
      'SELECT count(*)::int AS n FROM webhook_events WHERE processed_at IS NULL',
    );
    if (rows[0].n === 0) break;
    if (performance.now() - restartedAt > 300_000)
      throw new Error(`${rows[0].n} events still unapplied after 5 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const drainS = (performance.now() - restartedAt) / 1000;

  const log = readFileSync(second.logFile, 'utf8');
  const stopped = /Stopped the earlier embedded PostgreSQL \(pid \d+\) in (\d+) ms/.exec(log)?.[1];
  const swept = /"applied":(\d+),"duration_ms":(\d+)[^\n]*sweep applied stored events/.exec(log);
  console.log(
    `restart -> healthy:               ${healthyS.toFixed(2)} s` +
      (stopped
        ? ` (of which ${(Number(stopped) / 1000).toFixed(2)} s stopping the orphaned PostgreSQL)`
        : ''),
  );
  if (swept) {
    console.log(
      `sweep (inside the backend):        ${swept[1]} events in ${(Number(swept[2]) / 1000).toFixed(2)} s = ${Math.round(Number(swept[1]) / (Number(swept[2]) / 1000))} events/s`,
    );
  }
  console.log(
    `restart -> all ${EVENTS} applied:  ${drainS.toFixed(2)} s = ${Math.round(EVENTS / drainS)} events/s (target: within 30 s)`,
  );

  recordFigures([
    {
      figure: `recovery: restart -> all ${EVENTS.toLocaleString('en')} stored events applied`,
      value: `${drainS.toFixed(1)} s`,
      target: '<= 30 s',
      ok: drainS <= 30,
    },
  ]);
  const check = await checkAppliedOnce(client, organizationId, inbound, outbound);
  console.log(
    `\nApplied once: ${check.inbound}/${inbound} inbound messages, ${check.read}/${outbound} messages read, ` +
      `${check.badTimelines} wrong timelines, ${check.unread} unread counted, ${check.reclaimed} events claimed twice.`,
  );
  const ok =
    check.inbound === inbound &&
    check.read === outbound &&
    check.badTimelines === 0 &&
    check.unread === inbound &&
    check.reclaimed === 0;
  console.log(ok ? 'Correctness: OK' : 'Correctness: FAILED');
  process.exitCode = ok ? 0 : 1;
} finally {
  await client?.end().catch(() => undefined);
  for (const backend of backends) {
    if (backend.child.exitCode === null && backend.child.signalCode === null) {
      backend.child.kill('SIGTERM');
      await backend.exited;
    }
  }
  // Whatever still runs on the folder (the orphan, if the restart failed).
  const leftover = readPostmasterPid(databaseDir)?.pid;
  if (leftover) {
    try {
      process.kill(leftover, 'SIGQUIT');
    } catch {
      // gone already
    }
  }
  await simulator?.close();
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

/** Spawns the built backend on a free port and waits for its health check. */
async function startBackend(name) {
  const port = await freePort();
  const logFile = join(dataDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  // BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of the restarted backend there.
  const profile =
    process.env.BENCH_CPU_PROFILE && name === 'restarted'
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
      : [];
  const child = spawn(
    process.execPath,
    [...BACKEND_NODE_FLAGS, ...profile, join(here, '../dist/main.js')],
    {
      env: { ...env, PORT: String(port) },
      stdio: ['ignore', fd, fd],
    },
  );
  closeSync(fd);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const backend = { child, exited, logFile, url: `http://127.0.0.1:${port}` };
  backends.push(backend);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `The ${name} backend exited (${child.exitCode}):\n${readFileSync(logFile, 'utf8').slice(-3000)}`,
      );
    }
    try {
      if ((await fetch(`${backend.url}/api/health`)).ok) return backend;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline)
      throw new Error(`The ${name} backend did not come up (log: ${logFile})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Half the events are customers writing in (unique wamids), half are `delivered` and `read`
 * statuses (read first for every other message) of messages sent to them; 200 customers; all
 * stored unapplied and still inside their grace, as the inbox leaves them when the process dies.
 */
async function storeBacklog(db, organizationId, accountId) {
  const outbound = Math.floor(EVENTS / 4);
  const inbound = EVENTS - outbound * 2;
  // The customers, and a message sent to each in turn.
  await db.query(
    `INSERT INTO contacts (organization_id, phone_number_id, account_id, contact_key, wa_id)
     SELECT $1, $2, $3, (16505550000 + c)::text, (16505550000 + c)::text
     FROM generate_series(0, $4::int - 1) AS c`,
    [organizationId, PHONE_NUMBER_ID, accountId, CUSTOMERS],
  );
  await db.query(
    `INSERT INTO messages (organization_id, account_id, phone_number_id, contact_id, direction, wa_message_id,
       from_address, to_address, message_type, content, status, sent_at)
     SELECT $1, $2, $3, c.id, 'out', 'wamid.recovery.out.' || i, '+1 555-0000', '+' || c.wa_id, 'text', '{}'::jsonb, 'sent', now()
     FROM generate_series(1, $4::int) AS i
     JOIN contacts c ON c.organization_id = $1 AND c.wa_id = (16505550000 + i % $5::int)::text`,
    [organizationId, accountId, PHONE_NUMBER_ID, outbound, CUSTOMERS],
  );
  const now = Math.floor(Date.now() / 1000);
  const envelope = (value) =>
    messagesDelivery({ wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID }, value);
  const payloads = [];
  for (let i = 1; i <= outbound; i++) {
    const statuses = ['delivered', 'read'].map((status, offset) =>
      envelope({
        statuses: [
          {
            id: `wamid.recovery.out.${i}`,
            status,
            timestamp: String(now + offset),
            recipient_id: String(16505550000 + (i % CUSTOMERS)),
            pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' },
          },
        ],
      }),
    );
    payloads.push(...(i % 2 === 0 ? statuses.reverse() : statuses));
  }
  for (let i = 1; i <= inbound; i++) {
    const from = String(16505550000 + (i % CUSTOMERS));
    payloads.push(
      envelope({
        contacts: [{ profile: { name: `Customer ${i % CUSTOMERS}` }, wa_id: from }],
        messages: [
          {
            from,
            id: `wamid.recovery.in.${i}`,
            timestamp: String(now),
            type: 'text',
            text: { body: `Message ${i}` },
          },
        ],
      }),
    );
  }
  // Arrival order: statuses and inbound messages interleaved, as a burst brings them.
  payloads.sort(() => Math.random() - 0.5);
  for (let start = 0; start < payloads.length; start += 1000) {
    await db.query(
      `INSERT INTO webhook_events (account_id, payload, next_attempt_at)
       SELECT $1, p::jsonb, now() + $3::float8 * interval '1 millisecond' FROM unnest($2::text[]) AS p`,
      [accountId, payloads.slice(start, start + 1000), GRACE_MS],
    );
  }
  return { inbound, outbound };
}

async function checkAppliedOnce(db, organizationId) {
  const one = async (query, params = [organizationId]) => (await db.query(query, params)).rows[0].n;
  return {
    inbound: await one(
      `SELECT count(*)::int AS n FROM messages WHERE organization_id = $1 AND direction = 'in'`,
    ),
    read: await one(
      `SELECT count(*)::int AS n FROM messages WHERE organization_id = $1 AND direction = 'out' AND status = 'read'`,
    ),
    badTimelines: await one(
      `SELECT count(*)::int AS n FROM (
         SELECT m.id, array_agg(e.status::text ORDER BY e.status::text) AS statuses FROM messages m
         LEFT JOIN message_status_events e ON e.message_id = m.id
         WHERE m.organization_id = $1 AND m.direction = 'out' GROUP BY m.id) t
       WHERE statuses <> ARRAY['delivered', 'read']`,
    ),
    unread: await one(
      `SELECT coalesce(sum(unread_count), 0)::int AS n FROM contacts WHERE organization_id = $1`,
    ),
    // Each claim counts an attempt: an event claimed twice would show 2.
    reclaimed: await one(`SELECT count(*)::int AS n FROM webhook_events WHERE attempts <> 1`, []),
  };
}
