import { type Contact, type MessageStatus } from '../src/database/schema.js';
import { addMember, registerAdmin, type SignedInUser } from './support/factories.js';
import { seedContact, seedAccount, seedMessage } from './support/message-factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const UNDELIVERABLE = {
  code: 131026,
  title: 'Message undeliverable',
  message: 'Message Undeliverable.',
};
const UTILITY = { billable: true, pricing_model: 'PMP', category: 'utility' };
const MARKETING = { billable: true, pricing_model: 'PMP', category: 'marketing' };
const AUTHENTICATION = { billable: true, pricing_model: 'PMP', category: 'authentication' };

type Row = [
  contact: 'x' | 'y',
  direction: 'in' | 'out',
  status: MessageStatus | null,
  createdAt: string,
  extra?: { error?: Record<string, unknown>; pricing?: Record<string, unknown> },
];

/**
 * Three days of messages on two accounts (x and y), plus messages just outside the range.
 * The expected figures in the tests below are counted by hand from this table.
 */
const ROWS: Row[] = [
  // 2026-10-10
  ['x', 'out', 'read', '2026-10-10T08:00:00Z', { pricing: UTILITY }],
  ['x', 'out', 'read', '2026-10-10T09:00:00Z', { pricing: UTILITY }],
  ['x', 'out', 'delivered', '2026-10-10T10:00:00Z', { pricing: MARKETING }],
  ['x', 'out', 'failed', '2026-10-10T11:00:00Z', { error: UNDELIVERABLE }],
  ['y', 'out', 'played', '2026-10-10T12:00:00Z', { pricing: MARKETING }],
  ['x', 'in', null, '2026-10-10T13:00:00Z'],
  // 2026-10-11
  ['x', 'out', 'sent', '2026-10-11T00:00:00Z'],
  ['x', 'out', 'queued', '2026-10-11T01:00:00Z'],
  [
    'x',
    'out',
    'failed',
    '2026-10-11T02:00:00Z',
    { error: { ...UNDELIVERABLE, source: 'webhook' } },
  ],
  ['y', 'out', 'failed', '2026-10-11T03:00:00Z', { error: { code: 131049, title: 'Held back' } }],
  ['y', 'out', 'delivered', '2026-10-11T04:00:00Z', { pricing: MARKETING }],
  ['x', 'in', null, '2026-10-11T05:00:00Z'],
  ['x', 'in', null, '2026-10-11T06:00:00Z'],
  ['y', 'in', null, '2026-10-11T07:00:00Z'],
  // 2026-10-12
  [
    'x',
    'out',
    'failed',
    '2026-10-12T08:00:00Z',
    { error: { title: 'Meta did not answer in time' } },
  ],
  [
    'x',
    'out',
    'failed',
    '2026-10-12T09:00:00Z',
    { error: { code: '131026', title: 'Undeliverable' } },
  ],
  ['x', 'out', 'read', '2026-10-12T10:00:00Z', { pricing: AUTHENTICATION }],
  ['x', 'out', 'queued', '2026-10-12T23:59:59.999Z'],
  ['y', 'in', null, '2026-10-12T12:00:00Z'],
  // Just outside 2026-10-10 … 2026-10-12.
  ['x', 'out', 'read', '2026-10-09T23:59:59.999Z', { pricing: UTILITY }],
  ['x', 'out', 'failed', '2026-10-13T00:00:00Z', { error: UNDELIVERABLE }],
  ['x', 'in', null, '2026-10-13T00:00:00Z'],
];

describe('delivery statistics', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let member: SignedInUser;
  let other: SignedInUser;
  let accountX: string;
  let accountY: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await registerAdmin(t, { organization: 'Org A' });
    member = await addMember(t, admin);
    other = await registerAdmin(t, { organization: 'Org B' });
    const x = await seedAccount(t, admin.organizationId);
    const y = await seedAccount(t, admin.organizationId);
    accountX = x.id;
    accountY = y.id;
    const contacts: Record<'x' | 'y', Contact> = {
      x: await seedContact(t, { organizationId: admin.organizationId, account: x }),
      y: await seedContact(t, { organizationId: admin.organizationId, account: y }),
    };
    for (const [contact, direction, status, createdAt, extra] of ROWS)
      await seedMessage(t, {
        contact: contacts[contact],
        direction,
        status: status ?? 'received',
        createdAt: new Date(createdAt),
        error: extra?.error,
        pricing: extra?.pricing,
      });

    // Org B: the same days, its own figures.
    const b = await seedContact(t, { organizationId: other.organizationId });
    await seedMessage(t, {
      contact: b,
      status: 'read',
      createdAt: new Date('2026-10-10T10:00:00Z'),
      pricing: UTILITY,
    });
    await seedMessage(t, {
      contact: b,
      status: 'failed',
      createdAt: new Date('2026-10-11T10:00:00Z'),
      error: UNDELIVERABLE,
    });
    await seedMessage(t, {
      contact: b,
      direction: 'in',
      createdAt: new Date('2026-10-12T10:00:00Z'),
    });
  });
  afterAll(() => t.close());

  const stats = (user: SignedInUser, query: Record<string, string>) =>
    t.http.get('/api/whatsapp/stats').query(query).set(user.auth);
  const day = (
    date: string,
    sent: number,
    delivered: number,
    read: number,
    failed: number,
    inbound: number,
  ) => ({
    date,
    sent,
    delivered,
    read,
    failed,
    inbound,
  });

  it('computes every figure of the organization over a range', async () => {
    const response = await stats(member, { since: '2026-10-10', until: '2026-10-12' }).expect(200);
    expect(response.body).toEqual({
      since: '2026-10-10T00:00:00.000Z',
      until: '2026-10-13T00:00:00.000Z',
      total: 14,
      by_status: { queued: 2, sent: 1, delivered: 2, read: 4, failed: 5 },
      // (2 delivered + 4 read) / (14 − 2 queued) and 4 / 12.
      delivery_rate: 0.5,
      read_rate: 0.3333,
      inbound: 5,
      top_failures: [
        { code: 131026, title: 'Message undeliverable', count: 3 },
        { code: 131049, title: 'Held back', count: 1 },
        { code: null, title: 'Meta did not answer in time', count: 1 },
      ],
      per_day: [
        day('2026-10-10', 4, 4, 3, 1, 1),
        day('2026-10-11', 2, 1, 0, 2, 3),
        day('2026-10-12', 1, 1, 1, 2, 1),
      ],
      pricing: { authentication: 1, marketing: 3, utility: 2 },
    });
  });

  it('filters by account', async () => {
    const response = await stats(admin, {
      since: '2026-10-10',
      until: '2026-10-12',
      account_id: accountY,
    }).expect(200);
    expect(response.body).toMatchObject({
      total: 3,
      by_status: { queued: 0, sent: 0, delivered: 1, read: 1, failed: 1 },
      delivery_rate: 0.6667,
      read_rate: 0.3333,
      inbound: 2,
      top_failures: [{ code: 131049, title: 'Held back', count: 1 }],
      per_day: [
        day('2026-10-10', 1, 1, 1, 0, 0),
        day('2026-10-11', 1, 1, 0, 1, 1),
        day('2026-10-12', 0, 0, 0, 0, 1),
      ],
      pricing: { marketing: 2 },
    });
    const x = await stats(admin, {
      since: '2026-10-10',
      until: '2026-10-12',
      account_id: accountX,
    }).expect(200);
    expect(x.body).toMatchObject({
      total: 11,
      inbound: 3,
      by_status: { queued: 2, sent: 1, delivered: 1, read: 3, failed: 4 },
    });
  });

  it('counts only the range: one day, date-times and the edges', async () => {
    const oneDay = await stats(admin, { since: '2026-10-11', until: '2026-10-11' }).expect(200);
    expect(oneDay.body).toMatchObject({
      since: '2026-10-11T00:00:00.000Z',
      until: '2026-10-12T00:00:00.000Z',
      total: 5,
      by_status: { queued: 1, sent: 1, delivered: 1, read: 0, failed: 2 },
      delivery_rate: 0.25,
      read_rate: 0,
      inbound: 3,
      per_day: [day('2026-10-11', 2, 1, 0, 2, 3)],
      pricing: { marketing: 1 },
    });

    // 10th 10:00 (inclusive) to 11th 02:00 (exclusive): delivered, failed, played, inbound; sent, queued.
    const partial = await stats(admin, {
      since: '2026-10-10T10:00:00Z',
      until: '2026-10-11T02:00:00Z',
    }).expect(200);
    expect(partial.body).toMatchObject({
      total: 5,
      by_status: { queued: 1, sent: 1, delivered: 1, read: 1, failed: 1 },
      inbound: 1,
      per_day: [day('2026-10-10', 2, 2, 1, 1, 1), day('2026-10-11', 1, 0, 0, 0, 0)],
    });

    // The messages a millisecond before and exactly at the ends of the range count once widened.
    const wide = await stats(admin, {
      since: '2026-10-09T23:59:59.999Z',
      until: '2026-10-13T00:00:00.001Z',
    }).expect(200);
    expect(wide.body).toMatchObject({ total: 16, inbound: 6, by_status: { read: 5, failed: 6 } });
    expect(wide.body.per_day.map((d: { date: string }) => d.date)).toEqual([
      '2026-10-09',
      '2026-10-10',
      '2026-10-11',
      '2026-10-12',
      '2026-10-13',
    ]);
  });

  it('shows only the caller’s organization', async () => {
    const response = await stats(other, { since: '2026-10-10', until: '2026-10-12' }).expect(200);
    expect(response.body).toMatchObject({
      total: 2,
      by_status: { queued: 0, sent: 0, delivered: 0, read: 1, failed: 1 },
      delivery_rate: 0.5,
      read_rate: 0.5,
      inbound: 1,
      top_failures: [{ code: 131026, title: 'Message undeliverable', count: 1 }],
      pricing: { utility: 1 },
    });
    // Org A's account id filters org B's data down to nothing.
    const foreign = await stats(other, {
      since: '2026-10-10',
      until: '2026-10-12',
      account_id: accountX,
    }).expect(200);
    expect(foreign.body).toMatchObject({ total: 0, inbound: 0, top_failures: [], pricing: {} });
  });

  it('defaults to the last 30 UTC days including today, zeros included', async () => {
    const empty = await registerAdmin(t, { organization: 'Quiet' });
    const response = await stats(empty, {}).expect(200);
    const tomorrow = new Date(Math.floor(Date.now() / 86_400_000 + 1) * 86_400_000);
    expect(response.body).toMatchObject({
      since: new Date(tomorrow.getTime() - 30 * 86_400_000).toISOString(),
      until: tomorrow.toISOString(),
      total: 0,
      by_status: { queued: 0, sent: 0, delivered: 0, read: 0, failed: 0 },
      delivery_rate: 0,
      read_rate: 0,
      inbound: 0,
      top_failures: [],
      pricing: {},
    });
    expect(response.body.per_day).toHaveLength(30);
    expect(response.body.per_day.at(-1)).toEqual(
      day(new Date().toISOString().slice(0, 10), 0, 0, 0, 0, 0),
    );
  });

  it('lists the 5 most frequent failure codes, with catalog titles when Meta gave none', async () => {
    const owner = await registerAdmin(t, { organization: 'Failures' });
    const contact = await seedContact(t, { organizationId: owner.organizationId });
    const codes = [
      131026, 131026, 131026, 131047, 131047, 130429, 130429, 131049, 131050, 131051, 368,
    ];
    for (const code of codes)
      await seedMessage(t, {
        contact,
        status: 'failed',
        createdAt: new Date('2026-10-10T10:00:00Z'),
        error: { code },
      });
    const response = await stats(owner, { since: '2026-10-10', until: '2026-10-10' }).expect(200);
    expect(response.body.top_failures).toEqual([
      { code: 131026, title: 'Message undeliverable', count: 3 },
      { code: 130429, title: 'Throughput limit reached', count: 2 },
      { code: 131047, title: 'Customer service window closed', count: 2 },
      { code: 368, title: 'Temporarily blocked for policy violations', count: 1 },
      { code: 131049, title: 'Held back for a healthy ecosystem', count: 1 },
    ]);
    expect(response.body.by_status.failed).toBe(codes.length);
  });

  it('refuses invalid parameters with a 400 that names the field', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ since: 'last week' }, 'since'],
      [{ until: '2026-10-32' }, 'until'],
      [{ since: '2026-10-12', until: '2026-10-10' }, 'until'],
      [{ since: '2025-01-01', until: '2026-01-02' }, 'since'],
      [{ since: '2999-01-01' }, 'since'],
      [{ account_id: 'x' }, 'account_id'],
      [{ direction: 'out' }, 'direction'],
    ];
    for (const [query, field] of cases) {
      const response = await stats(admin, query);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect({
        query,
        fields: response.body.details.map((d: { field: string }) => d.field),
      }).toEqual({ query, fields: [field] });
    }
    // 366 days is the most.
    const leap = await stats(admin, { since: '2024-01-01', until: '2024-12-31' }).expect(200);
    expect(leap.body.per_day).toHaveLength(366);
  });
});
