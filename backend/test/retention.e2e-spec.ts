import { sql } from 'drizzle-orm';
import { webhookEvents } from '../src/database/schema.js';
import { WebhookRetention } from '../src/webhooks/webhook-retention.service.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const DAY_MS = 86_400_000;

describe('retention of webhook events', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_RETENTION_DAYS: '30' });
  });
  afterAll(() => t?.close());

  const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
  const count = async (where: ReturnType<typeof sql>) =>
    (
      await t.db.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM webhook_events WHERE ${where}`,
      )
    ).rows[0]!.n;

  it('deletes applied events older than WEBHOOK_RETENTION_DAYS in batches, and keeps the rest', async () => {
    const payload = { object: 'whatsapp_business_account', entry: [] };
    // 1,234 applied 31 days ago (more than two batches), 5 applied yesterday, and 3 that were
    // never applied (left for an operator) received 40 days ago.
    await t.db.insert(webhookEvents).values([
      ...Array.from({ length: 1234 }, () => ({
        payload,
        rawBody: Buffer.from('{}'),
        receivedAt: daysAgo(31),
        processedAt: daysAgo(31),
      })),
      ...Array.from({ length: 5 }, () => ({
        payload,
        receivedAt: daysAgo(1),
        processedAt: daysAgo(1),
      })),
      ...Array.from({ length: 3 }, () => ({
        payload,
        receivedAt: daysAgo(40),
        processedAt: null,
        attempts: 10,
        lastError: 'left aside',
      })),
    ]);

    expect(await t.app.get(WebhookRetention).prune()).toBe(1234);

    expect(await count(sql`processed_at < now() - interval '30 days'`)).toBe(0);
    expect(await count(sql`processed_at >= now() - interval '30 days'`)).toBe(5);
    expect(await count(sql`processed_at IS NULL`)).toBe(3);
    expect(
      t.logs.some(
        (line) => line.includes('Old webhook events pruned') && line.includes('"removed":1234'),
      ),
    ).toBe(true);
    // Nothing more to do.
    expect(await t.app.get(WebhookRetention).prune()).toBe(0);
  });
});
