// A newcomer's first `npm start` in demo mode, without a browser: the built backend on a fresh
// data folder seeds a week of conversations (customers writing in, the shop answering, every
// status, Meta's failure reasons, an opt-out), the dashboard's figures cover seven days, the
// inbox has conversations, and the demo customer wrote minutes ago, so a first free-form message
// goes out at once. A second start on the same folder adds nothing, and the message still goes.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type RunningApp, startApp } from '../support/app-server.ts';
import { type DemoApi, demoApi, demoPassword } from '../support/demo.ts';

/** The customer the start log suggests sending to: they wrote last. */
const DEMO_CUSTOMER = '+15550101234';
const DAY_MS = 86_400_000;

interface Stats {
  readonly total: number;
  readonly inbound: number;
  readonly by_status: Readonly<Record<string, number>>;
  readonly top_failures: ReadonlyArray<{ readonly code: number | null }>;
  readonly per_day: ReadonlyArray<{
    readonly date: string;
    readonly sent: number;
    readonly failed: number;
    readonly inbound: number;
  }>;
}

interface ConversationPage {
  readonly items: ReadonlyArray<{
    readonly contact: { readonly wa_id: string | null; readonly name: string | null };
    readonly unread_count: number;
    readonly window: { readonly open: boolean };
  }>;
}

async function read<T>(demo: DemoApi, path: string): Promise<T> {
  const answer = await demo.request('GET', path);
  assert.equal(answer.status, 200, `GET ${path}: ${JSON.stringify(answer.body)}`);
  return answer.body as T;
}

/** Sends a text to the demo customer once (no retry): it must be accepted at the first try. */
async function sendToDemoCustomer(demo: DemoApi, text: string): Promise<string> {
  const answer = await demo.request('POST', '/whatsapp/messages', {
    account_id: demo.accountId,
    to: DEMO_CUSTOMER,
    message_type: 'text',
    text,
  });
  assert.equal(answer.status, 201, `the first send is accepted: ${JSON.stringify(answer.body)}`);
  return (answer.body as { id: string }).id;
}

/** The start log's "Demo history" line, once the demo login is printed (it comes first). */
async function historyLine(app: RunningApp): Promise<string | undefined> {
  await demoPassword(app);
  return /Demo history: [^"\n]*/.exec(readFileSync(app.logFile, 'utf8'))?.[0];
}

describe('demo mode starts with a week of history', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'convis-e2e-demo-'));
  chmodSync(dataDir, 0o755);
  const start = () => startApp({ dataDir, requireConsole: false, env: { DEMO_HISTORY: 'true' } });
  let app: RunningApp | undefined;
  let first: { stats: Stats; conversations: number } | undefined;
  after(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  it('a first start shows seven days of traffic, the inbox, and sends to the demo customer at once', async () => {
    const startedAt = Date.now();
    app = await start();
    const line = await historyLine(app);
    assert.match(line ?? '', /^Demo history: \d+ messages with 10 customers over the past week/);
    console.log(`[e2e] ${line}; demo login printed ${Date.now() - startedAt} ms after the spawn`);

    const demo = await demoApi(app);
    const stats = await read<Stats>(demo, '/whatsapp/stats');
    const now = Date.now();
    const week = stats.per_day.slice(-7);
    assert.deepEqual(
      week.map((day) => day.date),
      [6, 5, 4, 3, 2, 1, 0].map((days) => new Date(now - days * DAY_MS).toISOString().slice(0, 10)),
      'the dashboard ends today',
    );
    for (const day of week) {
      assert.ok(day.sent + day.failed > 0, `${day.date} has outbound messages`);
      assert.ok(day.inbound > 0, `${day.date} has inbound messages`);
    }
    for (const status of ['sent', 'delivered', 'read', 'failed']) {
      assert.ok((stats.by_status[status] ?? 0) > 0, `messages that are ${status}`);
    }
    assert.deepEqual(
      stats.top_failures.map((failure) => failure.code).sort(),
      [130472, 131026, 131049],
      "Meta's failure reasons",
    );

    const inbox = await read<ConversationPage>(demo, '/whatsapp/conversations?limit=50');
    assert.equal(inbox.items.length, 10, 'ten conversations');
    const [top] = inbox.items;
    assert.equal(top?.contact.wa_id, DEMO_CUSTOMER.slice(1), 'the demo customer wrote last');
    assert.equal(top.contact.name, 'Maria Gomez');
    assert.equal(top.unread_count, 1, 'their last message is unread');
    assert.equal(top.window.open, true, 'their 24-hour window is open');

    const sent = await sendToDemoCustomer(demo, 'Thanks for picking it up, Maria!');
    // The simulator's own statuses are back on after the seeding.
    await demo.waitForStatus(sent, 'read');
    first = { stats: await read<Stats>(demo, '/whatsapp/stats'), conversations: 10 };
    assert.equal(first.stats.total, stats.total + 1);
  });

  it('a second start on the same database keeps the history as it was and adds none', async () => {
    assert.ok(app && first, 'the first start ran');
    await app.stop();
    app = await start();
    assert.equal(await historyLine(app), undefined, 'no history seeded the second time');
    const demo = await demoApi(app);
    const stats = await read<Stats>(demo, '/whatsapp/stats');
    assert.deepEqual(
      { total: stats.total, inbound: stats.inbound, by_status: stats.by_status },
      { total: first.stats.total, inbound: first.stats.inbound, by_status: first.stats.by_status },
    );
    const inbox = await read<ConversationPage>(demo, '/whatsapp/conversations?limit=50');
    assert.equal(inbox.items.length, first.conversations);
    // The restarted simulator was told the customer wrote: their window is still open.
    await sendToDemoCustomer(demo, 'One more thing: your receipt is in the bag.');
  });
});
