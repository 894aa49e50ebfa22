// npm run bench:campaign — campaigns sent by two backend instances on one PostgreSQL against the
// Graph API simulator (its own process), measured at the simulator:
//   (a) 5,000 recipients on a STANDARD number (80 messages/s),
//   (b) 20,000 on a HIGH number (1,000 messages/s) with status webhooks on (sent, delivered,
//       read for every message, to the second instance),
//   (c) the same with status webhooks off;
// then a CSV audience of 100,000 rows uploaded to a draft campaign.
// For each run: the achieved rate as a share of the configured one (from the simulator's
// accepted_at), the highest count of accepted sends in any sliding one-second window, the
// recipients sent twice, every recipient's final state, the peak RSS of both backends, and the
// p99 of a light read (GET /api/whatsapp/campaigns/{id}) during the run against the same when idle.
// Every run has a time limit and fails clearly when it is exceeded.
//
// BENCH_SCALE (default 1) multiplies every count (0.1 for a quick try); BENCH_RUNS picks runs
// (comma-separated: standard, high-webhooks, high-quiet, csv); BENCH_DATABASE_URL uses that
// PostgreSQL (an empty database of its own) instead of an embedded one; BENCH_RUN_LIMIT_S sets
// every run's time limit (default: four times its nominal duration and two minutes);
// BENCH_CPU_PROFILE=<dir> writes V8 CPU profiles of both backends there; BENCH_DUMP_TIMES=<path>
// writes each run's sorted accepted_at times to <path>-<run>.json; BENCH_SIM_TRACE_GC=1 logs the
// simulator's garbage collections (its pauses bunch the arrivals it stamps);
// BENCH_CAMPAIGN_ROLES=split runs instance a as a web process and b as a worker.
/* global FormData, AbortSignal */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  chmodSync,
  closeSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openAsBlob,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, setPriority, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { readPostmasterPid, startEmbeddedPostgres } from '../dist/database/embedded-postgres.js';
import { BACKEND_NODE_FLAGS, freePort, post, recordFigures } from './support.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const scaled = (n) => Math.max(10, Math.round(n * SCALE));
const RUNS = [
  {
    key: 'standard',
    title: `${scaled(5_000).toLocaleString('en')} recipients, STANDARD number (80/s)`,
    recipients: scaled(5_000),
    rate: 80,
    webhooks: false,
  },
  {
    key: 'high-webhooks',
    title: `${scaled(20_000).toLocaleString('en')} recipients, HIGH number (1,000/s), status webhooks on`,
    recipients: scaled(20_000),
    rate: 1_000,
    webhooks: true,
  },
  {
    key: 'high-quiet',
    title: `${scaled(20_000).toLocaleString('en')} recipients, HIGH number (1,000/s), status webhooks off`,
    recipients: scaled(20_000),
    rate: 1_000,
    webhooks: false,
  },
];
const CSV_ROWS = scaled(100_000);
const selected = new Set(
  (process.env.BENCH_RUNS ?? 'standard,high-webhooks,high-quiet,csv')
    .split(',')
    .map((s) => s.trim()),
);
/**
 * The simulator's own throughput per number, above the configured rate: it then records what the
 * backend sends instead of refusing the excess (130429), so a send over the rate shows in the
 * one-second window figure. Below 1,000 the simulator reports the number STANDARD, from 1,000 HIGH.
 */
const SIM_MPS = { 80: 400, 1_000: 2_000 };
/** Between reads of the campaign while it sends (one at a time, alternating instances). */
const PROBE_INTERVAL_MS = 100;
const IDLE_PROBES = 200;
const TEMPLATE = 'bench_campaign_notice';

const dataDir = mkdtempSync(join(tmpdir(), 'convis-bench-campaign-'));
chmodSync(dataDir, 0o755);
const secret = () => randomBytes(32).toString('base64');
const children = [];
let database;
let exitCode = 1;

try {
  const started = performance.now();
  console.log(
    `Preparing: PostgreSQL, the simulator, two backends on one database (scale ${SCALE})…`,
  );
  if (!process.env.BENCH_DATABASE_URL) database = await startEmbeddedPostgres(dataDir);
  const sim = await startSimulator();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrlOf(),
    GRAPH_API_BASE_URL: sim.url,
    // Both instances must read each other's tokens and encrypted account secrets.
    JWT_ACCESS_SECRET: secret(),
    JWT_REFRESH_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
    LOG_LEVEL: 'warn',
    LOGIN_THROTTLE_LIMIT: '1000',
  };
  // BENCH_CAMPAIGN_ROLES=split: instance a is a web process (the API only) and b a worker
  // (PROCESS_ROLE), so the reads of a show the API's latency beside sends it does not make.
  const split = process.env.BENCH_CAMPAIGN_ROLES === 'split';
  if (split) console.log('Instance a: PROCESS_ROLE=web; instance b: PROCESS_ROLE=worker.');
  const a = await startBackend('a', split ? { ...env, PROCESS_ROLE: 'web' } : env);
  const b = await startBackend('b', split ? { ...env, PROCESS_ROLE: 'worker' } : env);
  const backends = [a, b];
  console.log(
    `Backends up, idle: ${backends.map((x) => `${x.name} ${rssParts(x.child.pid)}`).join('; ')}.`,
  );
  const register = await post(`${a.url}/api/auth/register`, {
    email: `bench-campaign-${Date.now()}@example.com`,
    password: 'quiet lantern orbit 42',
    name: 'Bench',
    organization_name: 'Bench Campaigns',
  });
  const auth = { Authorization: `Bearer ${register.access_token}` };

  const figures = [];
  let index = 0;
  for (const run of RUNS) {
    index += 1;
    if (!selected.has(run.key)) continue;
    console.log(`\n=== (${String.fromCharCode(96 + index)}) ${run.title} ===`);
    const result = await campaignRun(sim, backends, auth, run, index);
    printRun(result);
    figures.push(...runFigures(run, result));
  }
  if (selected.has('csv')) {
    console.log(`\n=== CSV audience: ${CSV_ROWS.toLocaleString('en')} rows ===`);
    const result = await csvRun(sim, a, auth);
    console.log(
      `${result.added.toLocaleString('en')} of ${CSV_ROWS.toLocaleString('en')} rows added in ${result.seconds.toFixed(1)} s ` +
        `(${Math.round(CSV_ROWS / result.seconds).toLocaleString('en')} rows/s); backend RSS ${mb(result.before)} before, ` +
        `peak ${mb(result.peak)} (target < 300 MB), ${mb(result.peak - result.before)} above what it had before`,
    );
    figures.push(
      {
        figure: `campaign CSV: ${CSV_ROWS.toLocaleString('en')} rows, time`,
        value: `${result.seconds.toFixed(1)} s`,
        target: '',
        ok: result.added === CSV_ROWS,
        correctness: true,
      },
      {
        figure: `campaign CSV: ${CSV_ROWS.toLocaleString('en')} rows, backend peak RSS`,
        value: mb(result.peak),
        target: '< 300 MB',
        ok: result.peak < 300 * 1024 * 1024,
      },
    );
  }
  recordFigures(figures);
  const missed = figures.filter((f) => !f.ok);
  console.log(`\nWhole bench: ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  console.log(
    missed.length === 0
      ? 'Every target met.'
      : `Missed: ${missed.map((f) => `${f.figure} = ${f.value}`).join('; ')}`,
  );
  // Like the other benches, a slow figure is reported, not failed on; a wrong outcome fails.
  const wrong = missed.filter((f) => f.correctness);
  if (wrong.length > 0) console.log(`FAILED: ${wrong.map((f) => f.figure).join('; ')}`);
  exitCode = wrong.length === 0 ? 0 : 1;
} catch (error) {
  console.error(error);
} finally {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
  await Promise.all(
    children.map((child) =>
      child.exitCode !== null || child.signalCode !== null ? undefined : once(child, 'exit'),
    ),
  );
  await database?.stop();
  if (process.env.BENCH_SIM_TRACE_GC) printSimulatorPauses(join(dataDir, 'simulator.log'));
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}
// Explicitly: embedded-postgres' exit hook would otherwise end the process with status 0.
process.exit(exitCode);

// ---------------------------------------------------------------- one sending run

/**
 * A number of its own at the simulator, connected; a draft campaign with `run.recipients`
 * recipients (JSON, 1,000 a call); idle reads; the launch; reads and RSS samples until every
 * recipient is final; then the simulator's record of what it accepted.
 */
async function campaignRun(sim, backends, auth, run, index) {
  const [a, b] = backends;
  const number = {
    phone_number_id: `19000000000010${index}`,
    waba_id: `29000000000010${index}`,
    access_token: `EAAbench-campaign-${index}`,
    app_secret: randomBytes(16).toString('hex'),
  };
  await simPost(sim, '/_sim/accounts', {
    ...number,
    mps: SIM_MPS[run.rate],
    webhook_url: null,
    undeliverable_suffix: null,
    // Every recipient is new: keep Meta's per-pair limit out of the way.
    pair_rate: { interval_ms: 1, burst: 1000 },
  });
  await simPost(sim, '/_sim/templates', {
    waba_id: number.waba_id,
    name: TEMPLATE,
    language: 'en_US',
    category: 'UTILITY',
    components: [
      {
        type: 'BODY',
        text: 'Hello {{1}}, your order is on its way.',
        example: { body_text: [['Ana']] },
      },
    ],
  });
  const account = await post(
    `${a.url}/api/whatsapp/accounts`,
    {
      label: `Bench ${run.key}`,
      phone_number_id: number.phone_number_id,
      waba_id: number.waba_id,
      access_token: number.access_token,
      app_secret: number.app_secret,
    },
    auth,
  );
  const level = account.throughput_level;
  if ((level === 'HIGH') !== (run.rate === 1_000))
    throw new Error(`The account's throughput level is ${level}, expected the ${run.rate}/s one`);
  if (run.webhooks) {
    // Meta's status webhooks reach the second instance (a load balancer would spread them).
    await simRequest(sim, 'PATCH', `/_sim/accounts/${number.phone_number_id}`, {
      webhook_url: `${b.url}/api/webhooks/whatsapp/${account.id}`,
    });
  }

  const campaign = await post(
    `${a.url}/api/whatsapp/campaigns`,
    { name: `Bench ${run.key}`, account_id: account.id, template_name: TEMPLATE },
    auth,
  );
  const prefix = `+1555${index}`;
  for (let start = 0; start < run.recipients; start += 1000) {
    const rows = [];
    for (let i = start; i < Math.min(run.recipients, start + 1000); i++) {
      rows.push({
        to: `${prefix}${String(i).padStart(6, '0')}`,
        variables: { body_1: `Customer ${i}` },
      });
    }
    const report = await post(
      `${b.url}/api/whatsapp/campaigns/${campaign.id}/audience`,
      { recipients: rows },
      auth,
    );
    if (report.added !== rows.length)
      throw new Error(
        `Audience: ${report.added} of ${rows.length} added: ${JSON.stringify(report.problems.slice(0, 3))}`,
      );
  }
  const path = `/api/whatsapp/campaigns/${campaign.id}`;
  const cpuIdleBefore = cpuOfAll(backends);
  const idle = await probeIdle(backends, path, auth);
  const cpuIdleAfter = cpuOfAll(backends);

  const rss = sampleRss(backends);
  const cpuBefore = cpuOfAll(backends);
  const probe = startProbe(backends, path, auth);
  const loadAtLaunch = loadavg()[0];
  const launchedAt = Date.now();
  await post(`${a.url}${path}/launch`, {}, auth);
  // Time limit: four times the nominal duration and two minutes (the reconciler completes the
  // campaign within 5 s; the last read statuses come 3 s after their send).
  const limitMs = process.env.BENCH_RUN_LIMIT_S
    ? Number(process.env.BENCH_RUN_LIMIT_S) * 1000
    : (run.recipients / run.rate) * 4000 + 120_000;
  const finalState = run.webhooks ? 'read' : 'sent';
  let last;
  let timedOut = false;
  let lastPrint = Date.now();
  for (;;) {
    await sleep(500);
    last = probe.latest() ?? last;
    const counts = last?.counts;
    if (
      counts &&
      last.state === 'completed' &&
      counts[finalState] + counts.failed + counts.skipped === run.recipients
    )
      break;
    if (Date.now() - lastPrint >= 5000) {
      lastPrint = Date.now();
      console.log(
        `  ${((Date.now() - launchedAt) / 1000).toFixed(0).padStart(4)} s: ${last?.state} ` +
          `pending ${counts?.pending} sending ${counts?.sending} sent ${counts?.sent} ` +
          `delivered ${counts?.delivered} read ${counts?.read} failed ${counts?.failed}`,
      );
    }
    if (Date.now() - launchedAt > limitMs) {
      // Stop it and measure what went out, so a slow run still shows its figures.
      timedOut = true;
      console.log(
        `  TIME LIMIT: not done after ${(limitMs / 1000).toFixed(0)} s (campaign ${last?.state}, ` +
          `${JSON.stringify(counts)}); cancelling it.`,
      );
      await post(`${a.url}${path}/cancel`, {}, auth).catch((error) => console.log(`  ${error}`));
      // Sends already with Meta settle; nothing new starts.
      for (let i = 0; i < 60 && (await read(a, path, auth)).body.counts.sending > 0; i++)
        await sleep(500);
      break;
    }
  }
  const finishedS = (Date.now() - launchedAt) / 1000;
  const cpuAfter = cpuOfAll(backends);
  const busy = await probe.stop();
  const peaks = rss.stop();
  const load = [loadAtLaunch, loadavg()[0]];
  const sent = await simSent(sim, number.phone_number_id);
  await simRequest(sim, 'DELETE', '/_sim/webhooks');
  last = (await read(a, path, auth)).body;
  const lag = await claimToAccepted(campaign.id, sent);
  const failures = last.counts.failed > 0 ? await failureReasons(a, path, auth) : [];

  const times = sent.map((m) => Date.parse(m.accepted_at)).sort((x, y) => x - y);
  if (process.env.BENCH_DUMP_TIMES)
    writeFileSync(`${process.env.BENCH_DUMP_TIMES}-${run.key}.json`, JSON.stringify(times));
  const spanMs = times.length > 1 ? times[times.length - 1] - times[0] : 0;
  // n sends span n - 1 intervals: the rate they went out at.
  const achieved = spanMs > 0 ? ((times.length - 1) * 1000) / spanMs : 0;
  const perTo = new Map();
  for (const m of sent) perTo.set(m.to, (perTo.get(m.to) ?? 0) + 1);
  const twice = [...perTo.values()].filter((n) => n > 1).length;
  // The same message id (biz_opaque_callback_data) accepted again: one claim, its call repeated.
  const perMessage = new Map();
  for (const m of sent) {
    const key = m.biz_opaque_callback_data ?? m.wamid;
    perMessage.set(key, (perMessage.get(key) ?? 0) + 1);
  }
  const sameMessageTwice = [...perMessage.values()].filter((n) => n > 1).length;
  const counts = last.counts;
  return {
    run,
    timedOut,
    accepted: sent.length,
    distinct: perTo.size,
    twice,
    sameMessageTwice,
    spanS: spanMs / 1000,
    firstAfterS: times.length ? (times[0] - launchedAt) / 1000 : NaN,
    finishedS,
    achieved,
    share: achieved / run.rate,
    window: maxInWindow(times, 1000),
    counts,
    // Cancelled at the time limit: recipients never sent are `cancelled`, which is final too.
    notFinal: timedOut
      ? counts.pending + counts.sending + counts.unknown + counts.limited
      : run.recipients - counts[finalState] - counts.failed - counts.skipped,
    limitS: limitMs / 1000,
    lag,
    failures,
    finalState,
    peaks,
    idle,
    busy,
    load,
    // CPU time per accepted send: hardly moves with other work on the machine, unlike the rate.
    // The reads of the campaign are taken out at what they cost while idle.
    cpuMsPerSend: cpuPerSend(
      cpuBefore,
      cpuAfter,
      busy.n,
      perRead(cpuIdleBefore, cpuIdleAfter, idle.n),
      sent.length,
    ),
  };
}

function printRun(r) {
  const { run } = r;
  const c = r.counts;
  if (r.timedOut)
    console.log(`TIMED OUT after ${r.finishedS.toFixed(0)} s: the figures are of what went out.`);
  console.log(
    `accepted by the simulator: ${r.accepted.toLocaleString('en')} (${r.distinct.toLocaleString('en')} distinct recipients) ` +
      `over ${r.spanS.toFixed(1)} s, first ${r.firstAfterS.toFixed(2)} s after the launch; all final ${r.finishedS.toFixed(1)} s after it`,
  );
  console.log(
    `achieved rate:             ${r.achieved.toFixed(1)}/s = ${(r.share * 100).toFixed(1)}% of ${run.rate}/s (target >= 95%)`,
  );
  console.log(`highest one-second window: ${r.window} sends (target <= ${run.rate})`);
  console.log(
    `  where sends bunch:       highest 1-s window of claims (backend, when the paced slot came) ${r.lag.claimWindow}; ` +
      `claim -> accepted by Meta p50 ${r.lag.p50} ms, p99 ${r.lag.p99} ms, max ${r.lag.max} ms`,
  );
  console.log(
    `recipients sent twice:     ${r.twice} (target 0)` +
      (r.twice > 0 ? `; one message id accepted more than once: ${r.sameMessageTwice}` : ''),
  );
  console.log(
    `machine load (1-min avg):  ${r.load[0].toFixed(1)} at the launch, ${r.load[1].toFixed(1)} at the end (${cpus().length} cores)`,
  );
  console.log(
    `final states:              ${c[r.finalState]} ${r.finalState}, ${c.failed} failed, ${c.skipped} skipped, ` +
      `${c.unknown} unknown, ${c.pending} pending, ${c.sending} sending (${r.notFinal} not final)`,
  );
  for (const [reason, n] of r.failures) console.log(`  failed: ${n} x ${reason}`);
  console.log(
    `peak RSS:                  backend a ${mb(r.peaks[0])}, backend b ${mb(r.peaks[1])}`,
  );
  console.log(
    `GET campaign p50/p99:      idle ${r.idle.p50.toFixed(1)}/${r.idle.p99.toFixed(1)} ms (${r.idle.n} reads), ` +
      `sending ${r.busy.p50.toFixed(1)}/${r.busy.p99.toFixed(1)} ms (${r.busy.n} reads): p99 ${(r.busy.p99 / r.idle.p99).toFixed(1)}x idle`,
  );
  console.log(
    `  each backend, sending:   ${r.busy.each.map((e, i) => `${'ab'[i]} ${e.p50.toFixed(1)}/${e.p99.toFixed(1)} ms (${e.n} reads)`).join(', ')}`,
  );
  console.log(
    `CPU per accepted send:     backends ${r.cpuMsPerSend.backends.toFixed(2)} ms` +
      (r.cpuMsPerSend.postgres === undefined
        ? ''
        : `, PostgreSQL ${r.cpuMsPerSend.postgres.toFixed(2)} ms`) +
      ` (${(1000 / (r.cpuMsPerSend.backends + (r.cpuMsPerSend.postgres ?? 0))).toFixed(0)} sends per CPU-second)`,
  );
}

function runFigures(run, r) {
  const name = `campaign ${run.key} (${run.recipients.toLocaleString('en')} at ${run.rate}/s)`;
  return [
    {
      figure: `${name}: achieved rate`,
      value: `${(r.share * 100).toFixed(1)}%`,
      target: '>= 95%',
      ok: r.share >= 0.95,
    },
    {
      figure: `${name}: highest 1-s window`,
      value: String(r.window),
      target: `<= ${run.rate}`,
      ok: r.window <= run.rate,
      correctness: true,
    },
    {
      figure: `${name}: recipients sent twice`,
      value: String(r.twice),
      target: '0',
      ok: r.twice === 0,
      correctness: true,
    },
    {
      figure: `${name}: all sent in time`,
      value: r.timedOut
        ? `no: ${r.accepted} in ${r.limitS.toFixed(0)} s`
        : `yes: ${r.finishedS.toFixed(0)} s`,
      target: `<= ${r.limitS.toFixed(0)} s`,
      ok: !r.timedOut,
      correctness: true,
    },
    {
      figure: `${name}: recipients not final`,
      value: String(r.notFinal),
      target: '0',
      ok: r.notFinal === 0,
      correctness: true,
    },
    {
      figure: `${name}: peak RSS a / b`,
      value: `${mb(r.peaks[0])} / ${mb(r.peaks[1])}`,
      target: '',
      ok: true,
    },
    {
      figure: `${name}: CPU per send`,
      value: `${(r.cpuMsPerSend.backends + (r.cpuMsPerSend.postgres ?? 0)).toFixed(1)} ms`,
      target: '',
      ok: true,
    },
    {
      figure: `${name}: API p99 sending/idle`,
      value: `${(r.busy.p99 / r.idle.p99).toFixed(1)}x (${r.busy.p99.toFixed(0)} ms)`,
      target: '',
      ok: true,
    },
  ];
}

/**
 * The most timestamps (ms, sorted) inside any window of `ms` milliseconds, [t, t + ms): the
 * busiest window always starts at a send, so trying each send as the start finds it.
 */
function maxInWindow(times, ms) {
  let best = 0;
  let end = 0;
  for (let start = 0; start < times.length; start++) {
    while (end < times.length && times[end] < times[start] + ms) end++;
    best = Math.max(best, end - start);
  }
  return best;
}

/**
 * Where a send's time goes between its pacing slot and Meta: each recipient's `claimed_at` (set
 * by the first statement after the slot's wait) against the simulator's `accepted_at` (both
 * this machine's clock). A claim window within the rate but an accepted one over it means the
 * work between the two (writes, a full pool, a busy event loop) bunched the sends.
 */
async function claimToAccepted(campaignId, sent) {
  const client = new pg.Client({ connectionString: databaseUrlOf() });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT regexp_replace(address, '\\D', '', 'g') AS to, claimed_at
       FROM campaign_recipients WHERE campaign_id = $1 AND claimed_at IS NOT NULL`,
      [campaignId],
    );
    const claimed = new Map(rows.map((row) => [row.to, row.claimed_at.getTime()]));
    const claims = [...claimed.values()].sort((x, y) => x - y);
    const lags = sent
      .filter((m) => claimed.has(m.to))
      .map((m) => Date.parse(m.accepted_at) - claimed.get(m.to))
      .sort((x, y) => x - y);
    const at = (q) => lags[Math.min(lags.length - 1, Math.ceil(q * lags.length) - 1)] ?? NaN;
    return {
      claimWindow: maxInWindow(claims, 1000),
      p50: Math.round(at(0.5)),
      p99: Math.round(at(0.99)),
      max: Math.round(lags[lags.length - 1] ?? NaN),
    };
  } finally {
    await client.end();
  }
}

/** Why recipients failed: the errors of the first 200 failed ones, most frequent first. */
async function failureReasons(backend, path, auth) {
  const { body } = await read(backend, `${path}/recipients?state=failed&limit=200`, auth);
  const reasons = new Map();
  for (const r of body.items ?? []) {
    const key = r.error ? `${r.error.code ?? '-'} ${r.error.title}: ${r.error.reason}` : 'no error';
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  return [...reasons].sort((x, y) => y[1] - x[1]).slice(0, 5);
}

// ---------------------------------------------------------------- CSV audience

async function csvRun(sim, backend, auth) {
  const number = {
    phone_number_id: '190000000000199',
    waba_id: '290000000000199',
    access_token: 'EAAbench-campaign-csv',
    app_secret: randomBytes(16).toString('hex'),
  };
  await simPost(sim, '/_sim/accounts', { ...number, webhook_url: null });
  await simPost(sim, '/_sim/templates', {
    waba_id: number.waba_id,
    name: TEMPLATE,
    language: 'en_US',
    category: 'UTILITY',
    components: [
      {
        type: 'BODY',
        text: 'Hello {{1}}, your order is on its way.',
        example: { body_text: [['Ana']] },
      },
    ],
  });
  const account = await post(
    `${backend.url}/api/whatsapp/accounts`,
    { label: 'Bench CSV', ...number },
    auth,
  );
  const campaign = await post(
    `${backend.url}/api/whatsapp/campaigns`,
    { name: 'Bench CSV', account_id: account.id, template_name: TEMPLATE },
    auth,
  );
  const csv = join(dataDir, 'audience.csv');
  const out = createWriteStream(csv);
  const write = async (line) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write('phone,body_1\n');
  for (let i = 0; i < CSV_ROWS; i++) await write(`+1 556 ${1_000_000 + i},Customer ${i}\n`);
  out.end();
  await once(out, 'finish');

  const before = rssOf(backend.child.pid);
  const rss = sampleRss([backend], 20);
  const began = performance.now();
  const form = new FormData();
  form.append('file', await openAsBlob(csv, { type: 'text/csv' }), 'audience.csv');
  const response = await fetch(
    `${backend.url}/api/whatsapp/campaigns/${campaign.id}/audience/csv`,
    {
      method: 'POST',
      headers: auth,
      body: form,
      signal: AbortSignal.timeout(600_000),
    },
  );
  const seconds = (performance.now() - began) / 1000;
  const [peak] = rss.stop();
  if (!response.ok) throw new Error(`CSV upload: ${response.status} ${await response.text()}`);
  const report = await response.json();
  return { added: report.added, seconds, before, peak };
}

// ---------------------------------------------------------------- latency and memory

/** `IDLE_PROBES` reads one after the other before the launch, alternating instances. */
async function probeIdle(backends, path, auth) {
  const samples = [];
  for (let i = 0; i < IDLE_PROBES; i++) {
    const { ms } = await read(backends[i % 2], path, auth);
    samples.push([i % 2, ms]);
    await sleep(PROBE_INTERVAL_MS / 2);
  }
  return summary(samples);
}

/** Reads the campaign every PROBE_INTERVAL_MS while it sends: latencies and its latest state. */
function startProbe(backends, path, auth) {
  const samples = [];
  let latest;
  let running = true;
  let failure;
  const loop = (async () => {
    let i = 0;
    while (running) {
      const began = performance.now();
      const { ms, body } = await read(backends[i % 2], path, auth);
      samples.push([i++ % 2, ms]);
      latest = body;
      await sleep(Math.max(0, PROBE_INTERVAL_MS - (performance.now() - began)));
    }
  })().catch((error) => {
    failure = error;
  });
  return {
    latest: () => {
      if (failure) throw failure;
      return latest;
    },
    stop: async () => {
      running = false;
      await loop;
      if (failure) throw failure;
      return summary(samples);
    },
  };
}

async function read(backend, path, auth) {
  const began = performance.now();
  const response = await fetch(`${backend.url}${path}`, {
    headers: auth,
    signal: AbortSignal.timeout(30_000),
  });
  const body = await response.json();
  const ms = performance.now() - began;
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(body)}`);
  return { ms, body };
}

/** p50 and p99 of `[backend index, ms]` samples, of all and of each backend. */
function summary(samples) {
  const quantiles = (values) => {
    const sorted = [...values].sort((x, y) => x - y);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
    return { n: sorted.length, p50: at(0.5), p99: at(0.99) };
  };
  return {
    ...quantiles(samples.map(([, ms]) => ms)),
    each: [0, 1].map((b) => quantiles(samples.filter(([i]) => i === b).map(([, ms]) => ms))),
  };
}

/** Samples the backends' resident memory (VmRSS) every `everyMs`; `stop` gives each peak. */
function sampleRss(backends, everyMs = 100) {
  const peaks = backends.map((b) => rssOf(b.child.pid));
  const timer = setInterval(() => {
    backends.forEach((b, i) => {
      peaks[i] = Math.max(peaks[i], rssOf(b.child.pid));
    });
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return peaks;
    },
  };
}

/** Resident memory of a process in bytes, from /proc (0 off Linux). */
function rssOf(pid) {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** CPU milliseconds per read while idle, of the backends and of PostgreSQL. */
function perRead(before, after, reads) {
  return {
    backends: (after.backends - before.backends) / reads,
    postgres: after.postgres === undefined ? undefined : (after.postgres - before.postgres) / reads,
  };
}

/** CPU milliseconds per send over a run, less what its `reads` cost at `readCost` each. */
function cpuPerSend(before, after, reads, readCost, sends) {
  const per = (key) =>
    Math.max(0, after[key] - before[key] - reads * readCost[key]) / Math.max(1, sends);
  return {
    backends: per('backends'),
    postgres: after.postgres === undefined ? undefined : per('postgres'),
  };
}

/** CPU milliseconds (user + system) of both backends, and of the embedded PostgreSQL's processes. */
function cpuOfAll(backends) {
  const backendsMs = backends.reduce((sum, b) => sum + (cpuMsOf(b.child.pid) ?? 0), 0);
  const postmaster = database ? readPostmasterPid(join(dataDir, 'postgres'))?.pid : undefined;
  if (!postmaster) return { backends: backendsMs, postgres: undefined };
  // The postmaster and its children (one per connection, and the background workers).
  let postgres = cpuMsOf(postmaster) ?? 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(Number(entry));
    if (stat && Number(stat[1]) === postmaster) postgres += ticksMs(stat);
  }
  return { backends: backendsMs, postgres };
}

/** The fields of /proc/<pid>/stat after the command (state first), or undefined. */
function statOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  } catch {
    return undefined;
  }
}

/** utime + stime (fields 14 and 15 of the stat line, clock ticks of 10 ms) in milliseconds. */
function ticksMs(fields) {
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function cpuMsOf(pid) {
  const stat = statOf(pid);
  return stat ? ticksMs(stat) : undefined;
}

/** VmRSS with its anonymous and file-backed parts (RssAnon, RssFile), for the log. */
function rssParts(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
    return `RSS ${mb(kb('VmRSS'))} (anonymous ${mb(kb('RssAnon'))}, files ${mb(kb('RssFile'))})`;
  } catch {
    return 'RSS unknown';
  }
}

function mb(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

// ---------------------------------------------------------------- processes

/** The simulator's longest garbage-collection pauses, from its --trace-gc log. */
function printSimulatorPauses(logFile) {
  if (!existsSync(logFile)) return;
  const pauses = [];
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    // "… ms: Scavenge 9.8 (12.3) -> 9.1 (13.3) MB, pooled: 0 MB, 1.23 / 0.00 ms …"
    const match = /ms: ([A-Za-z-]+(?: \(reduce\))?) .*?, ([\d.]+) \/ [\d.]+ ms/.exec(line);
    if (match) pauses.push({ kind: match[1], ms: Number(match[2]) });
  }
  pauses.sort((a, b) => b.ms - a.ms);
  const byKind = Object.groupBy(pauses, (p) => p.kind);
  console.log(`\nsimulator GC: ${pauses.length} pauses`);
  for (const [kind, list] of Object.entries(byKind))
    console.log(
      `  ${kind}: ${list.length}, longest ${list
        .slice(0, 5)
        .map((p) => p.ms)
        .join(', ')} ms`,
    );
}

/** The simulator in a process of its own, so its work does not delay this one's timings. */
async function startSimulator() {
  const port = await freePort();
  const logFile = join(dataDir, 'simulator.log');
  const fd = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      // Its scavenges copy every message it keeps: with V8's default young generation they
      // paused it for 30 ms and more, long enough to bunch the arrivals it stamps. A small one
      // scavenges often, for a millisecond or two each time.
      '--max-semi-space-size=2',
      ...(process.env.BENCH_SIM_TRACE_GC ? ['--trace-gc'] : []),
      join(here, '../../tools/graph-simulator/dist/main.js'),
    ],
    {
      env: { ...process.env, SIMULATOR_PORT: String(port), SIMULATOR_HOST: '127.0.0.1' },
      stdio: ['ignore', fd, fd],
    },
  );
  closeSync(fd);
  children.push(child);
  // Meta's servers do not share our two cores: the simulator, which stands in for them and
  // stamps each send's arrival, runs ahead of the backends and PostgreSQL where the system lets
  // it (root), so a second it spends waiting for a core does not bunch the arrivals it records.
  try {
    setPriority(child.pid, -5);
  } catch {
    console.log('(the simulator runs at normal priority: raising it needs root)');
  }
  const sim = { url: `http://127.0.0.1:${port}`, child };
  await waitHealthy('simulator', child, `${sim.url}/_sim/health`, logFile);
  return sim;
}

/** Spawns the built backend on a free port (its own DATA_DIR) and waits for its health check. */
async function startBackend(name, env) {
  const port = await freePort();
  const dir = join(dataDir, `backend-${name}`);
  mkdirSync(dir, { recursive: true });
  const logFile = join(dataDir, `backend-${name}.log`);
  const fd = openSync(logFile, 'a');
  // BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of each backend there (open it in DevTools).
  const profile = process.env.BENCH_CPU_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
    : [];
  const child = spawn(
    process.execPath,
    [...BACKEND_NODE_FLAGS, ...profile, join(here, '../dist/main.js')],
    {
      env: { ...env, PORT: String(port), DATA_DIR: dir },
      stdio: ['ignore', fd, fd],
    },
  );
  closeSync(fd);
  children.push(child);
  const backend = { name, child, logFile, url: `http://127.0.0.1:${port}` };
  await waitHealthy(`backend ${name}`, child, `${backend.url}/api/health`, logFile);
  return backend;
}

async function waitHealthy(name, child, url, logFile) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(
        `The ${name} exited (${child.exitCode}):\n${readFileSync(logFile, 'utf8').slice(-3000)}`,
      );
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`The ${name} did not come up (log: ${logFile})`);
    await sleep(50);
  }
}

function databaseUrlOf() {
  return process.env.BENCH_DATABASE_URL || database.url;
}

function simPost(sim, path, body) {
  return post(`${sim.url}${path}`, body);
}

async function simRequest(sim, method, path, body) {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    ...(body
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

async function simSent(sim, phoneNumberId) {
  const response = await fetch(`${sim.url}/_sim/sent?phone_number_id=${phoneNumberId}`);
  if (!response.ok) throw new Error(`GET /_sim/sent: ${response.status}`);
  return (await response.json()).data;
}
