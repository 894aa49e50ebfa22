// Every page of the console, in the light and the dark theme, with realistic data on screen: the
// demo organization's account on the simulator, customers who wrote in, answers that were read,
// templates (one failed). The pictures land in e2e/artifacts/screenshots/pages/ for review;
// the send-message dialog is pictured by send-template.test.ts, where it is filled in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { demoApi, DEMO_ACCOUNT_LABEL, signInAsDemo } from '../support/demo.ts';
import { capturePage } from '../support/screenshots.ts';
import { customerWrites, DEMO_RECIPIENTS, simulatorIdle } from '../support/simulator.ts';
import { useBrowserSession, waitForPath } from '../support/ui.ts';

const ADA = { phone: '+15550101234', name: 'Ada Romero' };
const BRUNO = { phone: '+447700900123', name: 'Bruno Keller' };
const CHIOMA = { phone: '+2348031234567', name: 'Chioma Obi' };
const DANA = '+15550123477';

/** Opens a page from the side nav and waits for its heading. */
async function openFromNav(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name, exact: true }).first().click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A Messages row by its accessible name, "Outgoing text to +1…, just now, read". */
function messageRow(page: Page, start: string, status = ''): Locator {
  const name = new RegExp(`^${escapeRegExp(start)}, .*, ${escapeRegExp(status)}`);
  return page.getByRole('row', { name });
}

describe('screenshots of every console page, light and dark', () => {
  const session = useBrowserSession('screenshots', {
    prepare: async (app) => {
      // Signing in first waits until the demo is seeded (the simulator's webhooks included).
      // Then customers write in (which opens their 24-hour window), the business answers two of
      // them and sends two templates: one to a number that fails after sending.
      const demo = await demoApi(app);
      await customerWrites(app, ADA, 'Hi! Is my table for four ready? We are 10 minutes away.');
      await customerWrites(app, BRUNO, 'Do you deliver on Sundays?');
      await demo.send({
        to: ADA.phone,
        message_type: 'text',
        text: 'Yes, Ada: your table by the window is ready. See you soon!',
      });
      await demo.send({
        to: BRUNO.phone,
        message_type: 'text',
        text: 'We do, from 10:00 to 16:00. Free delivery over €30.',
      });
      await demo.send({
        to: DANA,
        message_type: 'template',
        template_name: 'order_update',
        template_language: 'en_US',
        template_components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Dana' },
              { type: 'text', text: '#4521' },
            ],
          },
        ],
      });
      await demo.send({
        to: DEMO_RECIPIENTS.failsAfterSend,
        message_type: 'template',
        template_name: 'hello_world',
        template_language: 'en_US',
      });
      await customerWrites(app, CHIOMA, 'Can I change my order to a large pizza?');
    },
  });
  const step = session.step;

  step('pictures the sign-in and sign-up pages', async (page) => {
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await capturePage(page, 'login');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await waitForPath(page, '/register');
    await page.getByRole('button', { name: 'Create account' }).waitFor();
    await capturePage(page, 'register');
  });

  step('signs in as the demo admin and pictures the dashboard', async (page) => {
    // Every status webhook has reached the backend before the first page with data.
    await simulatorIdle(session.app);
    await signInAsDemo(page, session.app);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await capturePage(page, 'dashboard');
  });

  step('pictures the Accounts page and the add-account dialog', async (page) => {
    await openFromNav(page, 'Accounts');
    await page
      .getByRole('table', { name: 'WhatsApp accounts' })
      .getByText(DEMO_ACCOUNT_LABEL)
      .waitFor();
    await capturePage(page, 'accounts');

    await page.getByRole('button', { name: 'Add account' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Connect a WhatsApp account' }).waitFor();
    await capturePage(page, 'accounts-add-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  step('pictures Messages and the details of a read and of a failed message', async (page) => {
    await openFromNav(page, 'Messages');
    // Rows name the contact when it is known (the profile name of a customer who wrote in).
    const read = messageRow(page, `Outgoing text to ${ADA.name}`, 'read');
    const failed = messageRow(
      page,
      `Outgoing template to ${DEMO_RECIPIENTS.failsAfterSend}`,
      'failed',
    );
    await read.waitFor();
    await failed.waitFor();
    await messageRow(page, `Incoming text from ${CHIOMA.name}`).waitFor();
    await capturePage(page, 'messages');

    const drawer = page.getByRole('dialog');
    const close = drawer.getByRole('button', { name: 'Close message details' });
    await read.click();
    await drawer.getByRole('heading', { name: 'Status timeline' }).waitFor();
    await drawer.getByTestId('status-chip').filter({ hasText: 'Read' }).first().waitFor();
    await capturePage(page, 'message-detail');
    await close.click();
    await drawer.waitFor({ state: 'hidden' });

    await failed.click();
    await drawer.getByRole('heading', { name: 'What happened' }).waitFor();
    await capturePage(page, 'message-detail-failed');
    await close.click();
    await drawer.waitFor({ state: 'hidden' });
  });

  step('pictures the Inbox, Templates and Campaigns pages', async (page) => {
    for (const name of ['Inbox', 'Templates', 'Campaigns']) {
      await openFromNav(page, name);
      await capturePage(page, name.toLowerCase());
    }
  });

  step('pictures the page-not-found page', async (page) => {
    await page.goto('/no-such-page');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await capturePage(page, 'not-found');
  });

  it('raised no uncaught errors in the page', () => {
    assert.deepEqual(
      session.pageErrors,
      [],
      'uncaught errors in the console page (see e2e/artifacts/logs)',
    );
  });
});
