import { seedDemo as seedSimulator } from '@convis/graph-simulator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_EMAIL, seedDemo } from '../src/demo/demo-mode.js';
import { type Simulator, simulatorEnv, startSimulator } from './support/simulator.js';
import { createTestApp, type TestApp } from './support/test-app.js';

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
