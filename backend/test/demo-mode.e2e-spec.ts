import { seedDemo as seedSimulator } from '@convis/graph-simulator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { placeAt, seedDemoHistory } from '../src/demo/demo-history.js';
import { DEMO_EMAIL, seedDemo } from '../src/demo/demo-mode.js';
import { demoWeek } from '../src/demo/demo-week.js';
import { type Simulator, simulatorEnv, startSimulator } from './support/simulator.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { listen } from './support/webhooks.js';

describe('demo mode seeding', () => {
  let simulator: Simulator;
  let t: TestApp;
  beforeAll(async () => {
    simulator = await startSimulator();
    t = await createTestApp(simulatorEnv(simulator, { ALLOW_SIGNUP: 'false' }));
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  it('creates a demo login and a connected demo account, once, with webhooks pointed back at the backend', async () => {
    const demo = { simulator, seedDemo: seedSimulator };
    const login = await seedDemo(t.app, t.config, demo, 4321);
    const stored = JSON.parse(readFileSync(join(t.config.dataDir, 'demo.json'), 'utf8')) as {
      password: string;
    };
    expect(login).toMatchObject({ email: DEMO_EMAIL, password: stored.password });

    const session = await t.http
      .post('/api/auth/login')
      .send({ email: DEMO_EMAIL, password: login.password })
      .expect(200);
    const auth = { Authorization: `Bearer ${session.body.access_token}` };
    const accounts = await t.http.get('/api/whatsapp/accounts').set(auth).expect(200);
    expect(accounts.body).toHaveLength(1);
    expect(accounts.body[0]).toMatchObject({
      status: 'active',
      verified_name: 'Convis Demo Shop',
      app_secret_mask: expect.any(String),
    });
    expect(simulator.getAccount(accounts.body[0].phone_number_id)?.webhook_url).toBe(
      `http://127.0.0.1:4321/api/webhooks/whatsapp/${accounts.body[0].id}`,
    );

    // The next start (a fresh in-memory simulator) seeds the simulator again, not the database.
    simulator.reset();
    const again = await seedDemo(t.app, t.config, demo, 4321);
    expect(again.password).toBe(login.password);
    const after = await t.http.get('/api/whatsapp/accounts').set(auth).expect(200);
    expect(after.body.map((a: { id: string }) => a.id)).toEqual([accounts.body[0].id]);
    expect(simulator.getAccount(accounts.body[0].phone_number_id)).toBeDefined();
  });
});

describe('demo history', () => {
  const DAY_MS = 86_400_000;
  let simulator: Simulator;
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    simulator = await startSimulator();
    t = await createTestApp(simulatorEnv(simulator));
    port = Number(new URL(await listen(t)).port);
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  /** The UTC date `days` before `now`'s. */
  const dayBefore = (now: Date, days: number) =>
    new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10);

  it("places today's steps before now, on today, however early in the day it is", () => {
    const week = demoWeek({ ok: '+1', undeliverable: '+2', fails_after_send: '+3' });
    for (const now of ['2026-12-03T00:00:30Z', '2026-12-03T02:00:00Z', '2026-12-03T18:45:00Z']) {
      const at = new Date(now);
      for (const customer of week) {
        for (const step of customer.steps) {
          const placed = placeAt(step.when, at);
          expect(placed.getTime()).toBeLessThanOrEqual(at.getTime());
          expect(placed.getTime()).toBeGreaterThanOrEqual(at.getTime() - 7 * DAY_MS);
          if ('minutesAgo' in step.when)
            expect(placed.toISOString().slice(0, 10)).toBe('2026-12-03');
        }
      }
    }
  });

  it('gives a new demo organization a week of traffic through the real paths, once', async () => {
    const demo = { simulator, seedDemo: seedSimulator };
    const login = await seedDemo(t.app, t.config, demo, port);
    const now = new Date();
    const history = await seedDemoHistory(t.app, simulator, login, now);
    expect(history).toMatchObject({ customers: 10 });

    const session = await t.http
      .post('/api/auth/login')
      .send({ email: DEMO_EMAIL, password: login.password })
      .expect(200);
    const auth = { Authorization: `Bearer ${session.body.access_token}` };
    const stats = async () =>
      (await t.http.get('/api/whatsapp/stats').set(auth).expect(200)).body as {
        total: number;
        by_status: Record<string, number>;
        inbound: number;
        top_failures: { code: number; count: number }[];
        per_day: { date: string; sent: number; failed: number; inbound: number }[];
        pricing: Record<string, number>;
      };

    // The dashboard: seven days with messages both ways, every status, Meta's failure reasons.
    const figures = await stats();
    expect(figures.total + figures.inbound).toBe(history!.messages);
    const week = figures.per_day.slice(-7);
    expect(week.map((day) => day.date)).toEqual(
      [6, 5, 4, 3, 2, 1, 0].map((days) => dayBefore(now, days)),
    );
    for (const day of week) {
      expect({
        date: day.date,
        outbound: day.sent + day.failed > 0,
        inbound: day.inbound > 0,
      }).toEqual({ date: day.date, outbound: true, inbound: true });
    }
    expect(
      figures.per_day.slice(0, -7).every((day) => day.sent + day.failed + day.inbound === 0),
    ).toBe(true);
    expect(figures.by_status).toEqual({
      queued: 0,
      sent: 1,
      delivered: 2,
      read: expect.any(Number),
      failed: 3,
    });
    expect(figures.by_status['read']).toBeGreaterThan(10);
    expect(figures.top_failures.map((f) => f.code).sort()).toEqual([130472, 131026, 131049]);
    expect(Object.keys(figures.pricing).sort()).toEqual(['service', 'utility']);

    // The inbox: every customer, the demo customer's conversation on top, unread, window open.
    const inbox = await t.http.get('/api/whatsapp/conversations?limit=50').set(auth).expect(200);
    type Conversation = {
      contact: { wa_id: string; name: string | null; profile_name: string | null };
      unread_count: number;
      window: { open: boolean };
      last_message: { direction: string; preview_text: string } | null;
      last_message_at: string;
    };
    const conversations = inbox.body.items as Conversation[];
    expect(conversations).toHaveLength(10);
    const [top] = conversations;
    expect(top).toMatchObject({
      contact: { wa_id: '15550101234', name: 'Maria Gomez', profile_name: 'Maria Gomez' },
      unread_count: 1,
      window: { open: true },
      last_message: { direction: 'in', preview_text: 'Got it, thank you! 🙌' },
    });
    expect(conversations.filter((c) => c.unread_count > 0).map((c) => c.contact.name)).toEqual([
      'Maria Gomez',
      'João Silva',
    ]);
    // Only those who wrote in the last 24 hours can get free-form messages.
    for (const c of conversations) {
      const lastIn = (
        await t.http.get(`/api/whatsapp/contacts?q=${c.contact.wa_id}`).set(auth).expect(200)
      ).body.items[0].last_inbound_at as string | null;
      expect(c.window.open).toBe(lastIn !== null && now.getTime() - Date.parse(lastIn) < DAY_MS);
    }

    // Contacts: names, tags, and Camille's "Stop promotions" at the time it happened.
    const camille = (await t.http.get('/api/whatsapp/contacts?q=Camille').set(auth).expect(200))
      .body.items[0];
    expect(camille).toMatchObject({
      tags: ['newsletter'],
      consent_state: 'opted_out',
      consent_changed_at: placeAt({ day: 3, time: '18:30' }, now).toISOString(),
    });
    const lena = (await t.http.get('/api/whatsapp/contacts?q=Lena').set(auth).expect(200)).body
      .items[0];
    expect(lena.tags).toEqual(['customer', 'returns']);
    const thread = await t.http
      .get(`/api/whatsapp/conversations/${lena.id}/messages`)
      .set(auth)
      .expect(200);
    const photo = (
      thread.body.items as { message_type: string; preview_text: string; created_at: string }[]
    ).find((m) => m.message_type === 'image');
    expect(photo).toMatchObject({
      preview_text: 'The lamp arrived with a cracked shade 😕',
      created_at: placeAt({ day: 4, time: '11:30' }, now).toISOString(),
    });

    // Each message keeps its pace in its new place: sent, delivered and read in order, read
    // before the customer answered, nothing after now.
    const maria = await t.http
      .get(
        `/api/whatsapp/conversations/${(await t.http.get('/api/whatsapp/contacts?q=Maria').set(auth)).body.items[0].id}/messages?limit=50`,
      )
      .set(auth)
      .expect(200);
    type Message = {
      direction: 'in' | 'out';
      created_at: string;
      sent_at: string | null;
      delivered_at: string | null;
      read_at: string | null;
    };
    const messages = (maria.body.items as Message[]).reverse();
    expect(messages).toHaveLength(12);
    messages.forEach((message, i) => {
      const times = [message.created_at, message.sent_at, message.delivered_at, message.read_at]
        .filter((time): time is string => time !== null)
        .map((time) => Date.parse(time));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(Math.max(...times)).toBeLessThanOrEqual(now.getTime());
      const reply = messages.slice(i + 1).find((next) => next.direction === 'in');
      if (message.direction === 'out' && reply) {
        expect(Date.parse(message.read_at!)).toBeLessThan(Date.parse(reply.created_at));
      }
    });

    // A newcomer's first message to the demo customer goes out at once.
    const send = () =>
      t.http.post('/api/whatsapp/messages').set(auth).send({
        account_id: login.account.id,
        to: login.recipients.ok,
        message_type: 'text',
        text: 'Enjoy the shirt!',
      });
    expect((await send()).status).toBe(201);

    // Once per database: a second start seeds nothing.
    expect(await seedDemoHistory(t.app, simulator, login)).toBeUndefined();

    // A restart: the simulator forgot the customer wrote, the database did not.
    simulator.reset();
    const again = await seedDemo(t.app, t.config, demo, port);
    expect(await seedDemoHistory(t.app, simulator, again)).toBeUndefined();
    expect((await send()).status).toBe(201);
    await simulator.idle();
    const after = await stats();
    expect(after.total).toBe(figures.total + 2);
    expect(after.inbound).toBe(figures.inbound);
  });
});
