// Crash recovery, end to end and without a browser: the built backend (with its embedded
// PostgreSQL) takes a burst of Meta's signed deliveries, is killed with SIGKILL in the middle,
// and is started again on the same data folder. Every delivery it acknowledged with 200 must be
// applied exactly once, and soon: the restart takes over the orphaned PostgreSQL and applies the
// stored backlog at once instead of waiting out the inbox's grace (30 s).
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { type RunningApp, startApp, stopOrphanPostgres } from '../support/app-server.ts';
import { DEMO_APP_SECRET, type DemoApi, demoApi } from '../support/demo.ts';
import { DEMO_NUMBER_ID } from '../support/simulator.ts';

const DELIVERIES = 2_000;
const CONCURRENCY = 50;
const CUSTOMERS = 20;
/** The inbox's grace (WEBHOOK_SWEEP_INTERVAL_MS): stranded events must not wait it out. */
const GRACE_S = 30;
const DRAIN_TIMEOUT_MS = 60_000;

interface Delivery {
  readonly wamid: string;
  readonly from: string;
  readonly body: string;
  readonly signature: string;
}

/** A customer's text to the demo number, as Meta delivers it, signed with the app secret. */
function delivery(run: string, i: number): Delivery {
  const from = String(15550200000 + (i % CUSTOMERS));
  const wamid = `wamid.CRASH${run}${i}`;
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '200000000000001',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550100001', phone_number_id: DEMO_NUMBER_ID },
              contacts: [{ profile: { name: `Customer ${i % CUSTOMERS}` }, wa_id: from }],
              messages: [
                {
                  from,
                  id: wamid,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: 'text',
                  text: { body: `Order question #${i}` },
                },
              ],
            },
          },
        ],
      },
    ],
  });
  const signature = `sha256=${createHmac('sha256', DEMO_APP_SECRET).update(body).digest('hex')}`;
  return { wamid, from, body, signature };
}

/** POSTs each delivery once, `concurrency` at a time; resolves with the wamids answered 200. */
async function burst(
  url: string,
  deliveries: readonly Delivery[],
  onAcknowledged: (count: number) => void,
): Promise<Set<string>> {
  const acknowledged = new Set<string>();
  let next = 0;
  const sender = async () => {
    while (next < deliveries.length) {
      const d = deliveries[next++];
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': d.signature },
          body: d.body,
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        if (response.status === 200) {
          acknowledged.add(d.wamid);
          onAcknowledged(acknowledged.size);
        }
      } catch {
        // The server died with this request in flight, or refuses connections: not acknowledged.
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, sender));
  return acknowledged;
}

interface InboundMessage {
  readonly wa_message_id: string;
  readonly contact_id: string;
}

/** Every inbound message of the demo organization, through the API (pages of 200). */
async function inboundMessages(api: DemoApi): Promise<InboundMessage[]> {
  const all: InboundMessage[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ direction: 'in', limit: '200' });
    if (cursor) query.set('cursor', cursor);
    const page = await api.request('GET', `/whatsapp/messages?${query}`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    const body = page.body as { items: InboundMessage[]; next_cursor: string | null };
    all.push(...body.items);
    cursor = body.next_cursor;
  } while (cursor);
  return all;
}

/** Unread counts of the demo organization's conversations, by contact id. */
async function unreadByContact(api: DemoApi): Promise<Map<string, number>> {
  const page = await api.request('GET', '/whatsapp/conversations?limit=200');
  assert.equal(page.status, 200, JSON.stringify(page.body));
  const items = (page.body as { items: Array<{ contact: { id: string }; unread_count: number }> })
    .items;
  return new Map(items.map((c) => [c.contact.id, c.unread_count]));
}

describe('crash recovery', () => {
  it('applies every delivery acknowledged before a kill -9 exactly once after the restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'convis-e2e-crash-'));
    chmodSync(dataDir, 0o755);
    const apps: RunningApp[] = [];
    try {
      const first = await startApp({ dataDir, requireConsole: false });
      apps.push(first);
      const before = await demoApi(first);
      const run = randomBytes(3).toString('hex');
      const deliveries = Array.from({ length: DELIVERIES }, (_, i) => delivery(run, i));

      // The crash: SIGKILL once half the burst is acknowledged, with more requests in flight.
      let crash: Promise<void> | undefined;
      const acknowledged = await burst(
        `${first.baseUrl}/api/webhooks/whatsapp/${before.accountId}`,
        deliveries,
        (count) => {
          if (count >= DELIVERIES / 2) crash ??= first.kill();
        },
      );
      await crash;
      assert.ok(
        acknowledged.size >= DELIVERIES / 2 && acknowledged.size < DELIVERIES,
        `the kill came in the middle of the burst (${acknowledged.size} of ${DELIVERIES} acknowledged)`,
      );

      const restartedAt = performance.now();
      const second = await startApp({ dataDir, requireConsole: false });
      apps.push(second);
      const log = readFileSync(second.logFile, 'utf8');
      assert.match(
        log,
        /An embedded PostgreSQL from an earlier run still runs on .*Stopping it cleanly/,
        'the restart says it found the orphaned PostgreSQL',
      );
      assert.match(log, /Stopped the earlier embedded PostgreSQL/);
      const after = await demoApi(second);
      assert.equal(after.accountId, before.accountId, 'the same account after the restart');

      // Drained: every acknowledged delivery shows in the inbox (an unread message).
      const deadline = Date.now() + DRAIN_TIMEOUT_MS;
      let messages: InboundMessage[] = [];
      for (;;) {
        const unread = [...(await unreadByContact(after)).values()].reduce((a, b) => a + b, 0);
        if (unread >= acknowledged.size) {
          messages = await inboundMessages(after);
          const shown = new Set(messages.map((m) => m.wa_message_id));
          if ([...acknowledged].every((wamid) => shown.has(wamid))) break;
        }
        assert.ok(
          Date.now() < deadline,
          `only ${unread} of ${acknowledged.size} acknowledged deliveries applied ${DRAIN_TIMEOUT_MS / 1000} s after the restart`,
        );
        await sleep(100);
      }
      const drainS = (performance.now() - restartedAt) / 1000;
      console.log(
        `[crash] ${acknowledged.size}/${DELIVERIES} deliveries acknowledged before kill -9; ` +
          `all applied ${drainS.toFixed(2)} s after the restart (backend start included)`,
      );
      assert.ok(drainS < GRACE_S, `drained in ${drainS.toFixed(1)} s, before the grace ran out`);

      // Once: the sweep of the restart has finished (nothing else is coming); each acknowledged
      // delivery is one message, nothing appeared that was not sent, and each counted once.
      const swept = Date.now() + 10_000;
      while (!/sweep applied stored events/.test(readFileSync(second.logFile, 'utf8'))) {
        assert.ok(Date.now() < swept, 'the restart logs how many stored events it applied');
        await sleep(100);
      }
      messages = await inboundMessages(after);
      const sent = new Set(deliveries.map((d) => d.wamid));
      const times = new Map<string, number>();
      for (const m of messages) times.set(m.wa_message_id, (times.get(m.wa_message_id) ?? 0) + 1);
      for (const wamid of acknowledged) assert.equal(times.get(wamid), 1, `${wamid} once`);
      assert.deepEqual(
        [...times.keys()].filter((wamid) => !sent.has(wamid)),
        [],
        'only what was sent',
      );
      const perContact = new Map<string, number>();
      for (const m of messages)
        perContact.set(m.contact_id, (perContact.get(m.contact_id) ?? 0) + 1);
      assert.deepEqual(await unreadByContact(after), perContact, 'one unread per message');
    } finally {
      for (const app of apps.reverse()) await app.stop();
      await stopOrphanPostgres(dataDir);
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    }
  });
});
