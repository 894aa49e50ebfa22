// npm run bench:reading — the reading side at scale: one organization with BENCH_READ_MESSAGES
// messages (1,000,000 by default; 2,000 contacts over 90 days, written straight into its own
// embedded PostgreSQL), then each reading route asked BENCH_READ_SAMPLES times in a row. Prints
// p50 and p95 per route beside its target. Figures only: nothing here asserts a timing.
import { createSimulator } from '@convis/graph-simulator';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbeddedPostgres } from '../dist/database/embedded-postgres.js';
import { BACKEND_NODE_FLAGS, freePort, post, recordFigures } from './support.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const MESSAGES = Number(process.env.BENCH_READ_MESSAGES ?? 1_000_000);
const CONTACTS = 2_000;
const DAYS = 90;
const SAMPLES = Number(process.env.BENCH_READ_SAMPLES ?? 40);
const NUMBER = {
  phoneNumberId: '190000000000002',
  wabaId: '290000000000002',
  accessToken: 'EAAbench-read-token',
  appSecret: randomBytes(16).toString('hex'),
};

const dataDir = mkdtempSync(join(tmpdir(), 'convis-bench-read-'));
chmodSync(dataDir, 0o755);
let database;
let simulator;
let backend;

try {
  database = await startEmbeddedPostgres(dataDir);
  simulator = await createSimulator({ port: 0 });
  simulator.addAccount({
    phone_number_id: NUMBER.phoneNumberId,
    waba_id: NUMBER.wabaId,
    access_token: NUMBER.accessToken,
    app_secret: NUMBER.appSecret,
    webhook_url: null,
  });
  const port = await freePort();
  const secret = () => randomBytes(32).toString('base64');
  backend = spawn(process.execPath, [...BACKEND_NODE_FLAGS, join(here, '../dist/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      GRAPH_API_BASE_URL: simulator.url,
      JWT_ACCESS_SECRET: secret(),
      JWT_REFRESH_SECRET: secret(),
      ENCRYPTION_KEY: secret(),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const api = `http://127.0.0.1:${port}`;
  await waitFor(`${api}/api/health`);

  const session = await post(`${api}/api/auth/register`, {
    email: `bench-read-${Date.now()}@example.com`,
    password: 'quiet lantern orbit 42',
    name: 'Bench',
    organization_name: 'Bench Reading Co',
  });
  const auth = { Authorization: `Bearer ${session.access_token}` };
  const account = await post(
    `${api}/api/whatsapp/accounts`,
    {
      label: 'Bench',
      phone_number_id: NUMBER.phoneNumberId,
      waba_id: NUMBER.wabaId,
      access_token: NUMBER.accessToken,
      app_secret: NUMBER.appSecret,
    },
    auth,
  );

  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const seedStart = Date.now();
  process.stdout.write(`Seeding ${MESSAGES.toLocaleString('en')} messages… `);
  await seed(client, session.user.organization.id, account.id);
  console.log(`${((Date.now() - seedStart) / 1000).toFixed(0)} s`);
  // Let the compactor fold the seed's deltas, as it would have long since in a real database.
  await waitUntil(async () => {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM message_stats_changes');
    return rows[0].n === 0;
  });
  await client.end();

  const get = async (path) => {
    const started = performance.now();
    const response = await fetch(`${api}${path}`, { headers: auth });
    const body = await response.json();
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return { ms: performance.now() - started, body };
  };
  const until = new Date(Date.UTC(2026, 11, 1));
  const since = (days) => new Date(until.getTime() - days * 86_400_000).toISOString();
  const range = (days) => `since=${since(days)}&until=${until.toISOString()}`;
  // A page deep in the history: follow the cursor 20 pages down first.
  let cursor = '';
  for (let page = 0; page < 20; page++)
    cursor = (await get(`/api/whatsapp/messages?limit=50${cursor && `&cursor=${cursor}`}`)).body
      .next_cursor;

  const routes = [
    ['stats, 30 days', `/api/whatsapp/stats?${range(30)}`, 100],
    ['stats, 90 days', `/api/whatsapp/stats?${range(90)}`, 100],
    [
      'stats, 90 days, one account',
      `/api/whatsapp/stats?${range(90)}&account_id=${account.id}`,
      100,
    ],
    [
      'stats, 90 days from 07:30',
      `/api/whatsapp/stats?since=${since(90).slice(0, 11)}07:30:00Z&until=${until.toISOString()}`,
      100,
    ],
    ['history, first page', '/api/whatsapp/messages?limit=50', 50],
    ['history, 20 pages deep', `/api/whatsapp/messages?limit=50&cursor=${cursor}`, 50],
    ['history, failed only', '/api/whatsapp/messages?limit=50&status=failed', 50],
    ['history, rare word (q=zzqx)', '/api/whatsapp/messages?limit=50&q=zzqx', 50],
    ['history, common word (q=order)', '/api/whatsapp/messages?limit=50&q=order', 50],
    ['conversations, first page', '/api/whatsapp/conversations?limit=50', 50],
  ];
  console.log('');
  console.log('route                           | p50 ms | p95 ms | target p95 | ');
  console.log('--------------------------------|--------|--------|------------|-----');
  for (const [name, path, target] of routes) {
    for (let warm = 0; warm < 3; warm++) await get(path);
    const times = [];
    for (let i = 0; i < SAMPLES; i++) times.push((await get(path)).ms);
    times.sort((a, b) => a - b);
    const p = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    const p95 = p(0.95);
    console.log(
      `${name.padEnd(32)}| ${p(0.5).toFixed(1).padStart(6)} | ${p95.toFixed(1).padStart(6)} | ${`<= ${target}`.padStart(10)} | ${p95 <= target ? 'ok' : 'OVER'}`,
    );
    recordFigures([
      {
        figure: `reading at ${(MESSAGES / 1e6).toLocaleString('en')}M: ${name}, p95 (p50)`,
        value: `${p95.toFixed(0)} ms (${p(0.5).toFixed(0)} ms)`,
        target: `<= ${target} ms`,
        ok: p95 <= target,
      },
    ]);
  }
  console.log(
    `\n${SAMPLES} sequential requests per route after 3 warm-ups; ${MESSAGES.toLocaleString('en')} messages, ${CONTACTS} contacts, ${DAYS} days.`,
  );
} finally {
  backend?.kill('SIGTERM');
  if (backend) await new Promise((resolve) => backend.once('exit', resolve));
  await simulator?.close();
  await database?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/** 2,000 contacts and MESSAGES messages over 90 days before 2026-12-01, in a few statements. */
async function seed(client, organizationId, accountId) {
  await client.query(
    `INSERT INTO contacts (organization_id, phone_number_id, account_id, contact_key, wa_id, profile_name,
                           last_inbound_at, last_message_at)
     SELECT $1, $2, $3, (15550000000 + n)::text, (15550000000 + n)::text, 'Customer ' || n,
            timestamptz '2026-11-30' - (n || ' minutes')::interval, timestamptz '2026-11-30' - (n || ' minutes')::interval
     FROM generate_series(1, ${CONTACTS}) n`,
    [organizationId, NUMBER.phoneNumberId, accountId],
  );
  const words = `'{order,shipped,delivery,invoice,thanks,hello,refund,appointment,reminder,today,tomorrow,price,help}'::text[]`;
  // In chunks of 250,000: one statement each (the stats triggers run once per statement).
  for (let from = 0; from < MESSAGES; from += 250_000) {
    const to = Math.min(MESSAGES, from + 250_000);
    await client.query(
      `WITH c AS (SELECT array_agg(id ORDER BY contact_key) AS ids FROM contacts WHERE organization_id = $1)
       INSERT INTO messages (organization_id, account_id, phone_number_id, contact_id, direction, wa_message_id,
                             from_address, to_address, message_type, content, preview_text, status, error, pricing,
                             created_at, updated_at)
       SELECT $1, $2, $3, c.ids[1 + (n % ${CONTACTS})], m.direction, 'wamid.bench.' || n,
              '+15550000000', '+1555' || n % ${CONTACTS}, 'text', jsonb_build_object('type', 'text'),
              m.preview, m.status::message_status,
              CASE WHEN m.status = 'failed' THEN jsonb_build_object('code', 131026 + (n % 3) * 23, 'title', 'Undeliverable') END,
              CASE WHEN m.direction = 'out' AND m.status <> 'failed' THEN jsonb_build_object('category', (ARRAY['utility','marketing','service'])[1 + n % 3]) END,
              m.at, m.at
       FROM c, generate_series(${from + 1}, ${to}) n,
       LATERAL (SELECT
         CASE WHEN n % 10 = 0 THEN 'in' ELSE 'out' END::message_direction AS direction,
         CASE WHEN n % 10 = 0 THEN 'received'
              WHEN n % 50 = 1 THEN 'failed'
              WHEN n % 7 = 0 THEN 'delivered'
              WHEN n % 97 = 0 THEN 'sent'
              ELSE 'read' END AS status,
         (${words})[1 + n % 13] || ' ' || (${words})[1 + (n / 13) % 13] || ' #' || n AS preview,
         timestamptz '2026-12-01' - ((n::float8 / ${MESSAGES}) * ${DAYS} * 86400 || ' seconds')::interval AS at
       ) m`,
      [organizationId, accountId, NUMBER.phoneNumberId],
    );
  }
  await client.query('VACUUM ANALYZE messages');
  await client.query('VACUUM ANALYZE contacts');
}

async function waitFor(url) {
  await waitUntil(async () => (await fetch(url).catch(() => undefined))?.ok === true);
}

async function waitUntil(probe, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('Timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
