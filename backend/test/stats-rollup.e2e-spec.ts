import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import { type Contact, messages } from '../src/database/schema.js';
import { StatsCompactor } from '../src/messages/stats/stats-compactor.service.js';
import { registerAdmin, type SignedInUser } from './support/factories.js';
import { seedAccount, seedContact, seedMessage } from './support/message-factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { messagesWebhook, postSigned, settle } from './support/webhooks.js';

const SECRET = 'stats-rollup-app-secret';
const DAY = '2026-09-0';
const ERRORS = [
  { code: 131026, title: 'Message undeliverable' },
  { code: 131049, title: 'Held back' },
  { code: 131049, title: 'Healthy ecosystem' },
  { title: 'No code' },
];
const CATEGORIES = ['utility', 'marketing', 'authentication'];
const STATUSES = ['sent', 'delivered', 'read', 'played', 'failed'] as const;

/** One generated message: when, which way, which account, and the statuses Meta sends for it. */
const messageArbitrary = fc.record({
  day: fc.integer({ min: 1, max: 5 }),
  minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
  direction: fc.constantFrom('out' as const, 'out' as const, 'in' as const),
  account: fc.constantFrom(0, 1),
  statuses: fc.array(
    fc.record({
      status: fc.constantFrom(...STATUSES),
      error: fc.nat(ERRORS.length - 1),
      category: fc.option(fc.nat(CATEGORIES.length - 1), { nil: undefined }),
    }),
    { maxLength: 4 },
  ),
  deleted: fc.boolean().map((deleted) => deleted && Math.random() < 0.2),
});

type Row = typeof messages.$inferSelect;

/** The dashboard's figures counted the slow way, from every row, in TypeScript. */
function fullCount(rows: Row[], since: Date, until: Date, accountId?: string) {
  const inScope = rows.filter(
    (m) => m.createdAt >= since && m.createdAt < until && (!accountId || m.accountId === accountId),
  );
  const out = inScope.filter((m) => m.direction === 'out');
  const is =
    (...statuses: string[]) =>
    (m: Row) =>
      statuses.includes(m.status);
  const failures = new Map<
    string,
    { code: number | null; titles: Map<string, number>; count: number }
  >();
  for (const m of out.filter(is('failed'))) {
    const error = (m.error ?? {}) as { code?: unknown; title?: unknown };
    const written = typeof error.code === 'number' ? String(error.code) : error.code;
    const code =
      typeof written === 'string' && /^-?\d{1,9}$/.test(written) ? Number(written) : null;
    const title = typeof error.title === 'string' && error.title !== '' ? error.title : null;
    const key = code === null ? `title:${title}` : `code:${code}`;
    const group = failures.get(key) ?? { code, titles: new Map(), count: 0 };
    group.count++;
    if (title) group.titles.set(title, (group.titles.get(title) ?? 0) + 1);
    failures.set(key, group);
  }
  const pricing: Record<string, number> = {};
  for (const m of out) {
    const category = (m.pricing as { category?: string } | null)?.category;
    if (category) pricing[category] = (pricing[category] ?? 0) + 1;
  }
  return {
    total: out.length,
    by_status: {
      queued: out.filter(is('queued')).length,
      sent: out.filter(is('sent')).length,
      delivered: out.filter(is('delivered')).length,
      read: out.filter(is('read', 'played')).length,
      failed: out.filter(is('failed')).length,
    },
    inbound: inScope.filter((m) => m.direction === 'in').length,
    failures: [...failures.values()]
      .map((group) => ({
        code: group.code,
        count: group.count,
        title:
          [...group.titles].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null,
      }))
      .sort((a, b) => b.count - a.count || (a.code ?? Infinity) - (b.code ?? Infinity)),
    pricing,
    perDay: new Map(
      [...new Set(inScope.map((m) => m.createdAt.toISOString().slice(0, 10)))].map((date) => {
        const day = inScope.filter((m) => m.createdAt.toISOString().slice(0, 10) === date);
        const dayOut = day.filter((m) => m.direction === 'out');
        return [
          date,
          {
            sent: dayOut.filter(is('sent', 'delivered', 'read', 'played')).length,
            delivered: dayOut.filter(is('delivered', 'read', 'played')).length,
            read: dayOut.filter(is('read', 'played')).length,
            failed: dayOut.filter(is('failed')).length,
            inbound: day.filter((m) => m.direction === 'in').length,
          },
        ];
      }),
    ),
  };
}

describe('stats kept as messages are written', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let accounts: Array<{ id: string; phoneNumberId: string; wabaId: string; contact: Contact }>;

  beforeAll(async () => {
    t = await createTestApp({ WHATSAPP_APP_SECRET: SECRET });
    admin = await registerAdmin(t);
    accounts = [];
    for (let i = 0; i < 2; i++) {
      const account = await seedAccount(t, admin.organizationId);
      const contact = await seedContact(t, { organizationId: admin.organizationId, account });
      accounts.push({ ...account, contact });
    }
  });
  afterAll(() => t?.close());

  it('equal a full count after random sends, duplicate and out-of-order statuses, failures and erasures', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(messageArbitrary, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 1 }),
        async (generated, compactHalfway) => {
          await t.db.delete(messages).where(eq(messages.organizationId, admin.organizationId));
          const sends: Array<{ row: Row; plan: (typeof generated)[number] }> = [];
          for (const plan of generated) {
            const account = accounts[plan.account]!;
            const createdAt = new Date(`${DAY}${plan.day}T00:00:00Z`);
            createdAt.setUTCMinutes(plan.minute);
            const row = await seedMessage(t, {
              contact: account.contact,
              direction: plan.direction,
              status: plan.direction === 'in' ? 'received' : 'queued',
              waMessageId: `wamid.${crypto.randomUUID()}`,
              createdAt,
            });
            sends.push({ row, plan });
          }
          // Meta's statuses, each twice and the whole lot shuffled: out of order, duplicated.
          const deliveries = sends
            .filter(({ plan }) => plan.direction === 'out')
            .flatMap(({ row, plan }) =>
              plan.statuses.map((status, index) => ({
                account: accounts[plan.account]!,
                status: {
                  id: row.waMessageId,
                  status: status.status,
                  timestamp: String(Math.floor(Date.now() / 1000) + index),
                  recipient_id: accounts[plan.account]!.contact.waId,
                  ...(status.status === 'failed' ? { errors: [ERRORS[status.error]] } : {}),
                  ...(status.category === undefined
                    ? {}
                    : {
                        pricing: {
                          billable: true,
                          pricing_model: 'PMP',
                          category: CATEGORIES[status.category],
                        },
                      }),
                },
              })),
            );
          const shuffled = [...deliveries, ...deliveries].sort(() => Math.random() - 0.5);
          for (const [index, delivery] of shuffled.entries()) {
            if (compactHalfway && index === Math.floor(shuffled.length / 2)) {
              await settle(t);
              await t.app.get(StatsCompactor).compact();
            }
            await postSigned(
              t,
              '/api/webhooks/whatsapp',
              messagesWebhook(
                {
                  phone_number_id: delivery.account.phoneNumberId,
                  waba_id: delivery.account.wabaId,
                },
                { statuses: [delivery.status] },
              ),
              SECRET,
            ).expect(200);
          }
          await settle(t);
          // An erasure: messages deleted as a contact's history would be.
          for (const { row, plan } of sends)
            if (plan.deleted) await t.db.delete(messages).where(eq(messages.id, row.id));

          const rows = await t.db
            .select()
            .from(messages)
            .where(eq(messages.organizationId, admin.organizationId));
          const ranges = [
            // whole days; partial days at both ends; inside one day
            ['2026-09-01T00:00:00.000Z', '2026-09-06T00:00:00.000Z'],
            ['2026-09-02T07:30:00.000Z', '2026-09-04T17:15:00.000Z'],
            ['2026-09-03T06:00:00.000Z', '2026-09-03T18:00:00.000Z'],
          ] as const;
          for (const [since, until] of ranges) {
            for (const account of [undefined, accounts[1]!.id]) {
              const response = await t.http
                .get('/api/whatsapp/stats')
                .query({ since, until, ...(account ? { account_id: account } : {}) })
                .set(admin.auth)
                .expect(200);
              const expected = fullCount(rows, new Date(since), new Date(until), account);
              const body = response.body;
              expect({
                total: body.total,
                by_status: body.by_status,
                inbound: body.inbound,
                pricing: body.pricing,
              }).toEqual({
                total: expected.total,
                by_status: expected.by_status,
                inbound: expected.inbound,
                pricing: expected.pricing,
              });
              expect(
                body.top_failures.map((f: { code: number | null; count: number }) => ({
                  code: f.code,
                  count: f.count,
                })),
              ).toEqual(expected.failures.slice(0, 5).map(({ code, count }) => ({ code, count })));
              for (const day of body.per_day as Array<{ date: string }>) {
                const { date, ...figures } = day;
                expect({ date, ...figures }).toEqual({
                  date,
                  ...(expected.perDay.get(date) ?? {
                    sent: 0,
                    delivered: 0,
                    read: 0,
                    failed: 0,
                    inbound: 0,
                  }),
                });
              }
            }
          }
        },
      ),
      { numRuns: 12, seed: 20261207 },
    );
  });
});
