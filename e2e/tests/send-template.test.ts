// Sending an approved template with body placeholders from the console: the user picks the
// account, the recipient and the template, fills each placeholder while the WhatsApp-style
// preview shows the result, sends, and sees the message on the Messages page go delivered; the
// simulator (standing in for Meta) received the template with the filled components.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { describe, it } from 'node:test';
import { DEMO_ACCOUNT_LABEL, signInAsDemo } from '../support/demo.ts';
import { capturePage } from '../support/screenshots.ts';
import { sentTo } from '../support/simulator.ts';
import { dialogOpened, field, useBrowserSession } from '../support/ui.ts';

/** A fresh US test number, so its row and its sends are this test's alone. */
const RECIPIENT = `+1555012${randomInt(1000, 10_000)}`;
const escapedRecipient = RECIPIENT.replace('+', '\\+');
/** `order_update` in the simulator's demo templates: "Hi {{1}}, your order {{2}} has shipped…". */
const TEMPLATE = 'order_update';
const FILLED = 'Hi Ada, your order A-1001 has shipped and is on its way.';

describe('sending a template with placeholders from the console', () => {
  const session = useBrowserSession('send-template');
  const step = session.step;
  const dialog = () => session.page.getByRole('dialog', { name: 'New message' });

  step('signs in as the demo admin and opens New message on the Messages page', async (page) => {
    await signInAsDemo(page, session.app);
    await page.getByRole('link', { name: 'Messages', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    await page.getByRole('button', { name: 'New message' }).first().click();
    await dialog().getByRole('heading', { name: 'New message' }).waitFor();
    await dialogOpened(dialog());
  });

  step('chooses the account, the recipient and an approved template', async () => {
    const form = dialog();
    await form.getByRole('combobox', { name: /From account/ }).click();
    await session.page.getByRole('option', { name: DEMO_ACCOUNT_LABEL }).click();
    await form.getByText('Recipients see it as Convis Demo Shop.').waitFor();
    await field(form, 'Recipient phone number').fill(RECIPIENT);

    await form.getByRole('radio', { name: /Template/ }).click();
    await form.getByRole('combobox', { name: /^Template/ }).click();
    // Only approved templates are offered: the demo's pending and rejected ones are not.
    const options = session.page.getByRole('option');
    await options.first().waitFor();
    const offered = await options.allInnerTexts();
    assert.ok(
      offered.some((text) => text.startsWith(TEMPLATE)),
      `${TEMPLATE} is offered: ${offered.join(' | ')}`,
    );
    for (const notApproved of ['seasonal_promo', 'legacy_offer']) {
      assert.ok(
        !offered.some((text) => text.startsWith(notApproved)),
        `${notApproved} is not approved, yet offered`,
      );
    }
    await options.filter({ hasText: TEMPLATE }).click();
    await options.first().waitFor({ state: 'detached' });
  });

  step('fills each placeholder and sees the filled text in the preview', async (page) => {
    const form = dialog();
    const preview = form.getByRole('region', { name: 'Preview' });
    await preview.getByText('Reply STOP to opt out').waitFor();
    assert.doesNotMatch(await preview.innerText(), /Ada|A-1001/, 'nothing is filled in yet');

    await form.getByRole('heading', { name: 'Placeholders' }).waitFor();
    await field(form, 'Body {{1}}').fill('Ada');
    await field(form, 'Body {{2}}').fill('A-1001');
    await preview.getByText(FILLED).waitFor();
    assert.equal(await form.getByRole('button', { name: 'Send', exact: true }).isEnabled(), true);
    await capturePage(page, 'send-message-template');
  });

  step(
    'sends it: "Message sent", and its row on the Messages page goes delivered',
    async (page) => {
      await dialog().getByRole('button', { name: 'Send', exact: true }).click();
      await page.getByText('Message sent').waitFor();
      await dialog().waitFor({ state: 'detached' });

      // The row's accessible name sums it up: "Outgoing template to +1…, just now, delivered".
      const row = page.getByRole('row', {
        name: new RegExp(`^Outgoing template to ${escapedRecipient}, `),
      });
      await row.waitFor();
      assert.match(
        (await row.getAttribute('aria-label')) ?? '',
        /, (sent|delivered|read)$/,
        'the new row is at least sent',
      );
      // The row shows what the customer read, variables filled in, not the template's name.
      await row.getByText(FILLED).waitFor();
      await row.getByTestId('status-chip').filter({ hasText: 'Delivered' }).waitFor();
    },
  );

  step('reached the simulator as the template with the filled body parameters', async () => {
    const sent = await sentTo(session.app, RECIPIENT);
    assert.equal(sent.length, 1, 'one message to the recipient, sent once');
    assert.equal(sent[0].type, 'template');
    assert.deepEqual(sent[0].body['template'], {
      name: TEMPLATE,
      language: { code: 'en_US' },
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Ada' },
            { type: 'text', text: 'A-1001' },
          ],
        },
      ],
    });
    assert.ok(
      sent[0].statuses.some((status) => status.status === 'delivered'),
      'the simulator reported it delivered',
    );
  });

  it('raised no uncaught errors in the page', () => {
    assert.deepEqual(
      session.pageErrors,
      [],
      'uncaught errors in the console page (see e2e/artifacts/logs)',
    );
  });
});
