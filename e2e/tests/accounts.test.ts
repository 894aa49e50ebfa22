// Connecting a WhatsApp account in a real browser, against the Graph API simulator the backend
// runs in demo mode: a failing test keeps Save disabled, a passing one enables it, and the saved
// account shows its webhook settings and never its token.
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { describe, it } from 'node:test';
import { screenshot } from '../support/browser.ts';
import { dialogOpened, field, useBrowserSession, waitForPath } from '../support/ui.ts';

const suffix = randomBytes(4).toString('hex');
const n = randomInt(1_000_000, 9_999_999);
const number = {
  phone_number_id: `11${n}00002`,
  waba_id: `21${n}00002`,
  access_token: `EAAe2e${suffix}secretvalue`,
  verified_name: `E2E Bakery ${suffix}`,
};

describe('connecting a WhatsApp account in a browser', () => {
  const session = useBrowserSession('accounts', {
    viewport: { width: 1280, height: 860 },
    prepare: async (app) => {
      // The business number exists "at Meta" (the simulator) before the user connects it.
      const registered = await fetch(`${app.simulatorUrl}/_sim/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...number, quality_rating: 'GREEN' }),
      });
      assert.equal(registered.status, 201, await registered.text());
    },
  });
  const step = session.step;

  step('signs up and opens the empty Accounts page', async (page) => {
    await page.goto('/register');
    await field(page, 'Your name').fill('Grace Operator');
    await field(page, 'Email').fill(`accounts-${suffix}@example.com`);
    await field(page, 'Password').fill(`Sturdy-Kettle-${suffix}`);
    await field(page, 'Organization name').fill(`Bakery ${suffix}`);
    await page.getByRole('button', { name: 'Create account' }).click();
    await waitForPath(page, '/dashboard');
    await page.getByRole('link', { name: 'Accounts', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    await page.getByText(/No WhatsApp accounts yet/i).waitFor();
    await screenshot(page, 'accounts-empty');
  });

  step('keeps Save disabled until a connection test of the current values passes', async (page) => {
    await page
      .getByRole('button', { name: /Add account/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Connect a WhatsApp account' }).waitFor();
    await dialogOpened(dialog);
    const save = dialog.getByRole('button', { name: 'Save' });

    await field(dialog, 'Label').fill('Bakery front desk');
    await field(dialog, 'Phone number ID').fill(number.phone_number_id);
    await field(dialog, 'WhatsApp Business Account ID').fill(number.waba_id);
    await field(dialog, 'Access token').fill('EAAnot-the-right-token');
    assert.equal(await save.isDisabled(), true, 'Save must be disabled before any test');

    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await dialog.getByText('Connection test failed').waitFor();
    await dialog
      .getByText(/Access token rejected/)
      .first()
      .waitFor();
    assert.equal(await save.isDisabled(), true, 'Save must stay disabled after a failed test');
    await screenshot(page, 'accounts-add-failed');

    await field(dialog, 'Access token').fill(number.access_token);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await dialog.getByText('Connection works').waitFor();
    await dialog.getByText(number.verified_name).first().waitFor();
    assert.equal(await save.isEnabled(), true, 'Save must be enabled after a passing test');
    await screenshot(page, 'accounts-add-passed');

    // Editing a tested value invalidates the test.
    await field(dialog, 'Phone number ID').fill(`${number.phone_number_id}9`);
    await dialog.getByText('Test outdated').waitFor();
    assert.equal(
      await save.isDisabled(),
      true,
      'Save must be disabled after changing a tested value',
    );
    await field(dialog, 'Phone number ID').fill(number.phone_number_id);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await dialog.getByText('Connection works').waitFor();
    await save.click();
  });

  step(
    'shows the webhook settings of the new account, then lists it without its token',
    async (page) => {
      const webhook = page.getByRole('dialog');
      await webhook.getByRole('heading', { name: /Webhook settings/ }).waitFor();
      const callback = await field(webhook, 'Callback URL').inputValue();
      assert.match(callback, /\/api\/webhooks\/whatsapp\/[0-9a-f-]{36}$/);
      assert.match(await field(webhook, 'Verify token').inputValue(), /^wvt_[0-9a-f]{32}$/);
      await screenshot(page, 'accounts-webhook');
      await webhook.getByRole('button', { name: 'Done' }).click();
      await webhook.waitFor({ state: 'detached' });

      const table = page.getByRole('table', { name: 'WhatsApp accounts' });
      await table.getByText('Bakery front desk').waitFor();
      await table.getByText(number.verified_name).waitFor();
      await table
        .getByText(`••••${number.access_token.slice(-4)}`)
        .first()
        .waitFor();
      const html = await page.content();
      assert.ok(
        !html.includes(number.access_token),
        'the page must never show the full access token',
      );
      await screenshot(page, 'accounts-list');
    },
  );

  step('survives a reload with the account still listed', async (page) => {
    await page.reload();
    await page
      .getByRole('table', { name: 'WhatsApp accounts' })
      .getByText('Bakery front desk')
      .waitFor();
  });

  it('raised no uncaught errors in the page', () => {
    assert.deepEqual(
      session.pageErrors,
      [],
      'uncaught errors in the console page (see e2e/artifacts/logs)',
    );
  });
});
