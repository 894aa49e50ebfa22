// A message's ticks move live in the console: the demo customer writes in (through the
// simulator's signed webhook), the business answers, and the Messages page shows the row go
// from sent to delivered to read as Meta's status webhooks arrive, without a reload.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { screenshot } from '../support/browser.ts';
import { demoPassword } from '../support/demo.ts';
import { field, useBrowserSession, waitForPath } from '../support/ui.ts';

const DEMO_NUMBER_ID = '100000000000001';
const CUSTOMER = '+15550101234';
const text = `Your table is ready ${randomBytes(3).toString('hex')}`;

describe('live delivery ticks in the Messages page', () => {
  const session = useBrowserSession('live-ticks');
  const step = session.step;
  let token = '';
  let accountId = '';

  step('signs in as the demo user', async (page) => {
    // Waits for the line: the backend answers health checks before it has seeded the demo.
    const password = await demoPassword(session.app);
    const login = await fetch(`${session.app.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'demo@convis.local', password }),
    });
    token = ((await login.json()) as { access_token: string }).access_token;
    await page.goto('/login');
    await field(page, 'Email').fill('demo@convis.local');
    await field(page, 'Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForPath(page, '/dashboard');
  });

  step(
    'shows the answer to a customer who wrote in go sent, delivered, read live',
    async (page) => {
      // The customer writes first: the simulator delivers a signed inbound webhook, which opens
      // the 24-hour window.
      const inbound = await fetch(`${session.app.simulatorUrl}/_sim/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          phone_number_id: DEMO_NUMBER_ID,
          from: CUSTOMER.slice(1),
          profile_name: 'Ada',
          type: 'text',
          text: { body: 'Is my table ready?' },
        }),
      });
      assert.equal(inbound.status, 202);
      const auth = { Authorization: `Bearer ${token}` };
      const accounts = (await (
        await fetch(`${session.app.baseUrl}/api/whatsapp/accounts`, { headers: auth })
      ).json()) as Array<{ id: string }>;
      accountId = accounts[0].id;

      await page.getByRole('link', { name: 'Messages', exact: true }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();

      // The inbound webhook is applied in the background: retry until the window is open.
      let sent: Response | undefined;
      for (let attempt = 0; attempt < 40; attempt++) {
        sent = await fetch(`${session.app.baseUrl}/api/whatsapp/messages`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({
            account_id: accountId,
            to: CUSTOMER,
            message_type: 'text',
            text,
          }),
        });
        if (sent.status !== 422) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      assert.equal(sent?.status, 201, await sent?.text());

      const row = page.getByRole('row').filter({ hasText: text });
      await row.waitFor();
      await row.getByText('Delivered').waitFor();
      await screenshot(page, 'messages-delivered');
      await row.getByText('Read', { exact: true }).waitFor();
      await screenshot(page, 'messages-read');
    },
  );

  it('raised no uncaught errors in the page', () => {
    assert.deepEqual(
      session.pageErrors,
      [],
      'uncaught errors in the console page (see e2e/artifacts/logs)',
    );
  });
});
