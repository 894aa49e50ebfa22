// Two backend instances on one database share a campaign: both send chunks of it, and
// together they never go above the number's throughput (paced in PostgreSQL, not per process).
import { type AppInstance, startInstance } from './support/app-instance.js';
import { registerAdmin, type SignedInUser } from './support/factories.js';
import {
  addNumber,
  type SimulatedNumber,
  type Simulator,
  simulatorEnv,
  startSimulator,
} from './support/simulator.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { connectAccount, waitFor } from './support/webhooks.js';

const RECIPIENTS = 240;
/** Meta's default throughput per number (and the simulator's). */
const NUMBER_RATE = 80;
/** A number Meta raised to HIGH throughput, and a campaign on it. */
const HIGH_RATE = 1000;
// Enough for several groups of slots; few enough to finish on a machine busy with other tests.
const HIGH_RECIPIENTS = 200;
/** Chunks each instance works at once. */
const WORKERS = 2;

/** The most sends in any one-second window, sliding, by Meta's clock. */
function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= 1000) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** A simulator, a backend with `env`, an admin, and a number with a `notice` template, connected. */
async function setUp(
  env: Record<string, string>,
  behaviour: Parameters<typeof addNumber>[2] = {},
): Promise<{
  simulator: Simulator;
  t: TestApp;
  admin: SignedInUser;
  number: SimulatedNumber;
  accountId: string;
}> {
  const simulator = await startSimulator();
  const t = await createTestApp(
    simulatorEnv(simulator, { CAMPAIGN_RECONCILE_INTERVAL_MS: '200', ...env }),
  );
  const admin = await registerAdmin(t);
  const number = addNumber(simulator, {}, behaviour);
  simulator.addTemplate({
    waba_id: number.waba_id,
    name: 'notice',
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    components: [{ type: 'BODY', text: 'Your order {{1}} is ready' }],
  });
  const accountId = (await connectAccount(t, admin, number, { withAppSecret: false })).id;
  return { simulator, t, admin, number, accountId };
}

/** A draft of `count` recipients (+1555<prefix>1000…) for the `notice` template. */
function createCampaign(
  t: TestApp,
  admin: SignedInUser,
  accountId: string,
  name: string,
  count: number,
  prefix: string,
) {
  return t.http
    .post('/api/whatsapp/campaigns')
    .set(admin.auth)
    .send({
      name,
      account_id: accountId,
      template_name: 'notice',
      recipients: Array.from({ length: count }, (_, i) => ({
        to: `+1555${prefix}${1000 + i}`,
        variables: { body_1: `${name}-${i}` },
      })),
    })
    .expect(201);
}

/** Launches a campaign and waits until it has completed. */
async function launchAndComplete(
  t: TestApp,
  admin: SignedInUser,
  id: string,
  timeoutMs: number,
): Promise<void> {
  await t.http.post(`/api/whatsapp/campaigns/${id}/launch`).set(admin.auth).send({});
  await waitFor(
    'the campaign to complete',
    async () =>
      (await t.http.get(`/api/whatsapp/campaigns/${id}`).set(admin.auth)).body.state ===
      'completed',
    timeoutMs,
  );
}

describe('campaigns on two instances', () => {
  let simulator: Simulator;
  let t: TestApp;
  let second: AppInstance;
  let admin: SignedInUser;
  let number: SimulatedNumber;
  let accountId: string;
  beforeAll(async () => {
    ({ simulator, t, admin, number, accountId } = await setUp({
      CAMPAIGN_CHUNK_SIZE: '20',
      CAMPAIGN_WORKERS: String(WORKERS),
    }));
    second = await startInstance(t.config);
  });
  afterAll(async () => {
    await second.close();
    await t.close();
    await simulator.close();
  });

  it('splits the work between them and holds the number’s rate together', async () => {
    const created = await createCampaign(t, admin, accountId, 'Pickup', RECIPIENTS, '060');
    expect(created.body.effective_rate_per_second).toBe(NUMBER_RATE);
    await launchAndComplete(t, admin, created.body.id, 30_000);
    const sent = simulator.sent(number.phone_number_id);
    expect(sent).toHaveLength(RECIPIENTS);
    expect(new Set(sent.map((m) => m.to)).size).toBe(RECIPIENTS);
    expect(busiestSecond(sent.map((m) => Date.parse(m.accepted_at)))).toBeLessThanOrEqual(
      NUMBER_RATE,
    );
    // Both instances worked chunks of it: more chunks ran at once than one instance runs.
    // (Both share this process's log, so the overlap of the chunks' times tells.)
    const chunks = [...t.logs, ...second.logs]
      .filter((line) => line.includes('Campaign chunk worked'))
      .map((line) => JSON.parse(line) as { started_at: number; time: number });
    expect(chunks.length).toBeGreaterThanOrEqual(RECIPIENTS / 20);
    const overlap = Math.max(
      ...chunks.map(
        (c) => chunks.filter((o) => o.started_at < c.time && o.time > c.started_at).length,
      ),
    );
    expect(overlap).toBeGreaterThan(WORKERS);
  });
});

describe('a campaign on a HIGH throughput number', () => {
  let simulator: Simulator;
  let t: TestApp;
  let admin: SignedInUser;
  let number: SimulatedNumber;
  let accountId: string;
  beforeAll(async () => {
    // The default chunk size: a chunk then holds more recipients than a worker has in flight.
    ({ simulator, t, admin, number, accountId } = await setUp(
      {},
      { mps: 2000, pair_rate: { interval_ms: 1, burst: 1000 } },
    ));
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  it('sends a HIGH throughput number’s campaign at up to 1,000/s', async () => {
    // Groups of slots are sized by the rate: at 1,000/s one would be larger than a worker's
    // sends in flight, which once left every worker waiting forever with nothing sent.
    const created = await createCampaign(t, admin, accountId, 'Flash sale', HIGH_RECIPIENTS, '070');
    expect(created.body.effective_rate_per_second).toBe(HIGH_RATE);
    await launchAndComplete(t, admin, created.body.id, 60_000);
    const sent = simulator.sent(number.phone_number_id);
    expect(sent).toHaveLength(HIGH_RECIPIENTS);
    expect(new Set(sent.map((m) => m.to)).size).toBe(HIGH_RECIPIENTS);
    expect(busiestSecond(sent.map((m) => Date.parse(m.accepted_at)))).toBeLessThanOrEqual(
      HIGH_RATE,
    );
  }, 90_000);
});
