// The Dashboard's figures are the messages that were sent and received: on a fresh demo
// organization, customers write in, the business answers (read), sends a template that stops at
// delivered, and two that fail (refused at once with 131026; accepted, then failed with 131049).
// Once every status has settled the cards, the rates and the failure reasons show exactly that,
// computed here from what was sent; then one more message moves the cards live, without a reload.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { type DemoApi, demoApi, signInAsDemo } from '../support/demo.ts';
import { capturePage } from '../support/screenshots.ts';
import {
  customerWrites,
  DEMO_RECIPIENTS,
  setDemoBehaviour,
  type Customer,
} from '../support/simulator.ts';
import { tagDocument, useBrowserSession, waitForLiveUpdates } from '../support/ui.ts';

const ADA: Customer = { phone: '+15550101234', name: 'Ada Romero' };
const BRUNO: Customer = { phone: '+447700900123', name: 'Bruno Keller' };
/** A number that never wrote: it gets a template, which stops at delivered. */
const DANA = '+15550123477';

/** Outbound messages by the status they settled in, and inbound messages. */
interface Sent {
  read: number;
  delivered: number;
  failed: number;
  inbound: number;
}

type CardKey = 'sent' | 'delivered' | 'read' | 'failed' | 'inbound' | 'delivery_rate' | 'read_rate';
type Figures = Record<CardKey, string>;

/** `66.7%`, as the dashboard formats a share (`formatShare` in the console, locale `en`). */
const percent = (part: number, whole: number): string =>
  new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(part / whole);

/**
 * What the cards must show. They are a funnel: "Sent" is every message WhatsApp accepted that has
 * not failed, "Delivered" includes read ones; the rates divide by every outbound message that
 * left the queue, failed ones included.
 */
function expectedFigures(sent: Sent): { values: Figures; details: Partial<Figures> } {
  const delivered = sent.read + sent.delivered;
  const outbound = delivered + sent.failed;
  return {
    values: {
      sent: String(delivered),
      delivered: String(delivered),
      read: String(sent.read),
      failed: String(sent.failed),
      inbound: String(sent.inbound),
      delivery_rate: percent(delivered, outbound),
      read_rate: percent(sent.read, outbound),
    },
    details: {
      sent: `${outbound} outbound`,
      delivered: `${sent.delivered} not read yet`,
      delivery_rate: `${delivered} of ${outbound}`,
      read_rate: `${sent.read} of ${outbound}`,
    },
  };
}

/** Each card's figure and the line under it, by the card's `data-card` key. */
function shownFigures(page: Page): Promise<{ values: Figures; details: Partial<Figures> }> {
  return page.evaluate(() => {
    const values: Record<string, string> = {};
    const details: Record<string, string | undefined> = {};
    for (const card of document.querySelectorAll<HTMLElement>('[data-card]')) {
      const key = card.dataset['card'] ?? '';
      values[key] = card.querySelector('.card-value')?.textContent?.trim() ?? '';
      const detail = card.querySelector('.card-detail')?.textContent?.trim();
      if (detail) details[key] = detail;
    }
    return { values: values as Figures, details };
  });
}

/** Waits until the cards show `expected` (they follow live events), then compares them. */
async function waitForFigures(page: Page, sent: Sent, timeoutMs = 15_000): Promise<void> {
  const expected = expectedFigures(sent);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = await shownFigures(page);
    const detailsShown = Object.fromEntries(
      Object.keys(expected.details).map((key) => [key, shown.details[key as CardKey]]),
    );
    const matches =
      JSON.stringify(shown.values) === JSON.stringify(expected.values) &&
      JSON.stringify(detailsShown) === JSON.stringify(expected.details);
    if (matches || Date.now() > deadline) {
      assert.deepEqual(shown.values, expected.values, 'the cards show what was sent');
      assert.deepEqual(detailsShown, expected.details, 'the lines under the cards');
      return;
    }
    await sleep(200);
  }
}

describe('the Dashboard figures match the messages sent', () => {
  const session = useBrowserSession('dashboard-figures');
  const step = session.step;
  let demo: DemoApi;
  /** What was sent so far, counted as it is sent, by the status each message settled in. */
  const sent: Sent = { read: 0, delivered: 0, failed: 0, inbound: 0 };

  step('sends a known set of messages and waits until their statuses settle', async () => {
    demo = await demoApi(session.app);
    // Two customers write in (inbound), which opens their 24-hour windows for texts.
    await customerWrites(session.app, ADA, 'Is my table ready?');
    await customerWrites(session.app, BRUNO, 'Do you deliver on Sundays?');
    sent.inbound += 2;
    const read = [
      await demo.send({ to: ADA.phone, message_type: 'text', text: 'Yes, by the window.' }),
      await demo.send({ to: ADA.phone, message_type: 'text', text: 'See you soon!' }),
      await demo.send({ to: BRUNO.phone, message_type: 'text', text: 'We do, 10:00 to 16:00.' }),
    ];

    // Delivered, never read: the simulator sends no read status for messages sent meanwhile.
    await setDemoBehaviour(session.app, { status_delays_ms: { read: null } });
    let delivered;
    try {
      delivered = await demo.send({
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
    } finally {
      await setDemoBehaviour(session.app, { status_delays_ms: {} });
    }

    // Refused at once (131026): the API answers 422 and keeps the message, failed.
    const hello = { message_type: 'template', template_name: 'hello_world' };
    const refused = await demo.request('POST', '/whatsapp/messages', {
      account_id: demo.accountId,
      to: DEMO_RECIPIENTS.undeliverable,
      ...hello,
    });
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    const refusedId = (refused.body as { message_id: string }).message_id;
    // Accepted, then a failed status webhook (131049).
    const failsLater = await demo.send({ to: DEMO_RECIPIENTS.failsAfterSend, ...hello });

    for (const message of read) {
      await demo.waitForStatus(message.id, 'read');
      sent.read++;
    }
    await demo.waitForStatus(delivered.id, 'delivered');
    sent.delivered++;
    for (const id of [refusedId, failsLater.id]) {
      await demo.waitForStatus(id, 'failed');
      sent.failed++;
    }
  });

  step('shows those figures on the cards, and the failure codes', async (page) => {
    await signInAsDemo(page, session.app);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.locator('[data-card="sent"]').waitFor();
    await waitForFigures(page, sent);

    // The daily chart's text alternative, and the failure reasons: a link each.
    await page
      .getByRole('img', {
        name: new RegExp(
          `^Messages per day, .*: ${sent.read + sent.delivered} sent, ` +
            `${sent.read + sent.delivered} delivered, ${sent.read} read, ` +
            `${sent.failed} failed, ${sent.inbound} inbound\\.`,
        ),
      })
      .waitFor();
    const failures = page.getByRole('list', { name: 'Failed messages by WhatsApp error code' });
    assert.equal(await failures.getByRole('link').count(), 2, 'two failure reasons');
    for (const code of ['131026', '131049']) {
      await failures
        .getByRole('link', { name: new RegExp(`^Show the 1 failed message: ${code} · `) })
        .waitFor();
    }
  });

  step('follows one more message live: Sent, then Read, change without a reload', async (page) => {
    await waitForLiveUpdates(page);
    const samePage = await tagDocument(page);
    const message = await demo.send({ to: ADA.phone, message_type: 'text', text: 'Table 4.' });
    // It counts as sent at once (sent, delivered and read all do); read a few seconds later.
    await page
      .locator('[data-card="sent"]')
      .getByText(String(sent.read + sent.delivered + 1), { exact: true })
      .waitFor();
    await demo.waitForStatus(message.id, 'read');
    sent.read++;
    await waitForFigures(page, sent);
    await samePage();
    await capturePage(page, 'dashboard-figures');
  });

  step("opens a failure reason's messages, and a card's, on the Messages page", async (page) => {
    const failures = page.getByRole('list', { name: 'Failed messages by WhatsApp error code' });
    await failures.getByRole('link', { name: /: 131049 · / }).click();
    await page.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('error_code'), '131049');
    assert.equal(url.searchParams.get('tz'), 'utc');
    const table = page.getByRole('table', { name: 'Messages, newest first' });
    // The one message that failed with 131049 (a header row, then it).
    await table.getByRole('row').nth(1).getByText('Failed').waitFor();
    assert.equal(await table.getByRole('row').count(), 2);

    await page.goBack();
    await page
      .getByRole('link', { name: `Show the ${sent.read} read messages`, exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    await table.getByRole('row').nth(sent.read).waitFor();
    assert.equal(await table.getByRole('row').count(), sent.read + 1, 'the read messages');
  });

  it('raised no uncaught errors in the page', () => {
    assert.deepEqual(
      session.pageErrors,
      [],
      'uncaught errors in the console page (see e2e/artifacts/logs)',
    );
  });
});
