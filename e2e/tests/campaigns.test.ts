// A campaign in the browser: the wizard from the template (one value for everyone, one from the
// CSV), through a CSV upload with its report (rows skipped by reason, the columns read), an edit
// of the draft from the Campaigns list (its name fixed, seen on its page), a test send and the
// summary with its estimate, to the launch; then the campaign's page, whose counts
// follow the live events until it has completed, with its chart of sends per minute and the
// failed recipient's reason in the recipients table.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { DEMO_ACCOUNT_LABEL, type DemoApi, demoApi, signInAsDemo } from '../support/demo.ts';
import { DEMO_RECIPIENTS, sentTo } from '../support/simulator.ts';
import { field, useBrowserSession, waitForLiveUpdates } from '../support/ui.ts';

/** Fresh US test numbers, so the simulator's sends to them are this test's alone. */
const base = randomInt(100, 900);
const ADA = `+1555013${base}1`;
const GRACE = `+1555013${base}2`;
const NO_VALUE = `+1555013${base}3`;
const TESTER = `+1555013${base}9`;
const NAME = `Shipping notice ${base}`;
/** The draft's first name, with a typo the user fixes by editing the draft. */
const TYPO_NAME = `Shiping notice ${base}`;
/** `order_update` in the simulator's demo templates: "Hi {{1}}, your order {{2}} has shipped…". */
const TEMPLATE = 'order_update';

/** Six rows: three to send (one of them refused by Meta), and one of each skip reason. */
const CSV = [
  'phone,body_1',
  `${ADA},Ada`,
  `${GRACE},Grace`,
  'not a number,Bob',
  `${ADA},Ada again`,
  `${NO_VALUE},`,
  `${DEMO_RECIPIENTS.undeliverable},Zed`,
].join('\n');

interface CampaignBody {
  readonly id: string;
  readonly state: string;
  readonly default_variables: Record<string, string>;
  readonly counts: Record<string, number>;
}

describe('campaigns: the wizard from a CSV upload to live results', () => {
  const session = useBrowserSession('campaigns');
  const step = session.step;
  let demo: DemoApi;

  step('signs in and opens an empty Campaigns page', async (page) => {
    demo = await demoApi(session.app);
    await signInAsDemo(page, session.app);
    await waitForLiveUpdates(page);
    await page.getByRole('link', { name: 'Campaigns', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Campaigns' }).waitFor();
    await page.getByRole('region', { name: 'No campaigns yet' }).waitFor();
    await page.getByRole('link', { name: 'Create a campaign' }).click();
    await page.getByRole('heading', { level: 1, name: 'New campaign' }).waitFor();
  });

  step('chooses the account and the template, with one value for everyone', async (page) => {
    await field(page, 'Campaign name').fill(TYPO_NAME);
    await page.getByRole('combobox', { name: /From account/ }).click();
    await page.getByRole('option', { name: DEMO_ACCOUNT_LABEL }).click();
    // The account's approved templates have loaded (and the account list has closed).
    await page.getByText('Approved templates of this account.').waitFor();
    await page.getByRole('option').first().waitFor({ state: 'detached' });
    await page.getByRole('combobox', { name: /^Template/ }).click();
    await page.getByRole('option').filter({ hasText: TEMPLATE }).click();
    await page.getByRole('option').first().waitFor({ state: 'detached' });

    // Body {{1}} stays blank: it comes from the CSV; Body {{2}} is the same for everyone.
    await page.getByText("Blank: each recipient's column “body_1” or “1”").waitFor();
    await field(page, 'Body {{2}}').fill('A-1001');
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByText(/your order A-1001 has shipped/).waitFor();
    await page.getByRole('button', { name: 'Next: audience' }).click();
    await page.getByRole('heading', { level: 2, name: 'Audience' }).waitFor();

    const listed = await demo.request('GET', '/whatsapp/campaigns');
    const [draft] = (listed.body as { items: CampaignBody[] }).items;
    assert.equal(draft?.state, 'draft');
    assert.deepEqual(draft?.default_variables, { body_2: 'A-1001' });
  });

  step(
    'maps the CSV’s columns, uploads it and reads the report: added, skipped by reason, columns',
    async (page) => {
      await page.getByLabel('CSV file').setInputFiles({
        name: 'recipients.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(CSV),
      });
      // The mapping step: both columns found by their names, before anything is uploaded.
      const mapping = page.getByRole('region', { name: 'Map the columns of recipients.csv' });
      assert.equal(
        await mapping.getByRole('combobox', { name: 'Phone number or user ID' }).innerText(),
        'phone',
      );
      assert.equal(
        await mapping.getByRole('combobox', { name: 'Body {{1}}' }).innerText(),
        'body_1',
      );
      await mapping.getByRole('button', { name: 'Upload and check' }).click();
      const report = page.getByRole('region', { name: 'Audience report' });
      await report.getByText(/3\s+of 6 rows added;\s+3 skipped\./).waitFor();
      const reasons = report.getByRole('list', { name: 'Skipped rows by reason' });
      assert.deepEqual(await reasons.getByRole('listitem').allInnerTexts(), [
        '1 Not a valid WhatsApp number or user id',
        '1 Already in this campaign',
        '1 A template variable has no value',
      ]);
      const columns = report.getByRole('table', { name: 'Columns read' });
      assert.deepEqual(await columns.getByRole('row').allInnerTexts(), [
        'Column\tUsed for',
        'phone\tPhone number',
        'body_1\tBody {{1}}',
      ]);
      // The header is line 1: each skipped line with its number, what it held, and why.
      const problems = await report
        .getByRole('table', { name: 'Rows skipped' })
        .getByRole('row')
        .allInnerTexts();
      assert.equal(problems.length, 4, `a header and the 3 skipped lines: ${problems.join(' | ')}`);
      assert.match(problems[1] ?? '', /^4\tnot a number\tNot a valid WhatsApp number/);
      assert.match(problems[2] ?? '', new RegExp(`^5\\t\\${ADA}\\tAlready in this campaign`));
      assert.match(
        problems[3] ?? '',
        new RegExp(`^6\\t\\${NO_VALUE}\\tA template variable has no value`),
      );
    },
  );

  step(
    'edits the draft from the Campaigns list: its settings filled in, a new name saved',
    async (page) => {
      await page.getByRole('link', { name: 'Campaigns', exact: true }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Campaigns' }).waitFor();
      await page.getByRole('link', { name: `Edit the draft ${TYPO_NAME}` }).click();
      await page.getByRole('heading', { level: 1, name: `Edit draft: ${TYPO_NAME}` }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Template' }).waitFor();
      // Step 1 as the draft has it: name, account, template and the value shared by everyone.
      assert.equal(await field(page, 'Campaign name').inputValue(), TYPO_NAME);
      await page
        .getByRole('combobox', { name: /From account/ })
        .getByText(DEMO_ACCOUNT_LABEL)
        .waitFor();
      await page
        .getByRole('combobox', { name: /^Template/ })
        .getByText(TEMPLATE)
        .waitFor();
      assert.equal(await field(page, 'Body {{2}}').inputValue(), 'A-1001');
      await page
        .getByRole('region', { name: 'Preview' })
        .getByText(/your order A-1001 has shipped/)
        .waitFor();

      await field(page, 'Campaign name').fill(NAME);
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.getByRole('heading', { level: 2, name: 'Audience' }).waitFor();
      await page.getByRole('heading', { level: 1, name: `Edit draft: ${NAME}` }).waitFor();
      // The same draft, its audience as it was: nothing was created anew.
      await page.getByText(/^\s*3 recipients to send to so far, 3 skipped\./).waitFor();
      const listed = await demo.request('GET', '/whatsapp/campaigns');
      const drafts = (listed.body as { items: (CampaignBody & { name: string })[] }).items;
      assert.deepEqual(
        drafts.map((c) => [c.name, c.state, c.counts['pending']]),
        [[NAME, 'draft', 3]],
      );

      // The draft's page shows the new name; Continue setup goes back to its audience.
      await page.getByRole('link', { name: 'Campaigns', exact: true }).first().click();
      await page.getByRole('link', { name: new RegExp(`^${NAME}`) }).click();
      await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
      await page.getByRole('link', { name: 'Continue setup' }).click();
      await page.getByRole('heading', { level: 2, name: 'Audience' }).waitFor();
    },
  );

  step('sends now, sends a test from the summary, and reads the estimate', async (page) => {
    await page.getByRole('button', { name: 'Next: schedule' }).click();
    await page.getByRole('radio', { name: 'Send when I launch it' }).waitFor();
    await page.getByRole('button', { name: 'Next: review' }).click();
    await page.getByRole('heading', { level: 2, name: 'Review and launch' }).waitFor();

    await page.getByTestId('to-send').getByText('3', { exact: true }).waitFor();
    const pacing = page.getByRole('region', { name: 'Pacing' });
    await pacing.getByText(/^3 messages at \d+ per second: \d+ seconds?\.$/).waitFor();
    // The stack here has no rate card: the estimate counts recipients by calling code only.
    const estimate = page.getByRole('region', { name: 'Cost estimate' });
    await estimate.getByText(/No rate card is configured \(PRICING_RATE_CARD_FILE/).waitFor();
    await estimate
      .getByRole('table', { name: 'Recipients by calling code' })
      .getByRole('row')
      .filter({ hasText: '+1' })
      .getByText('3', { exact: true })
      .waitFor();

    await field(page, 'Test phone number').fill(TESTER);
    await field(page, 'body_1').fill('Tess');
    await page.getByRole('button', { name: 'Send test' }).click();
    await page
      .getByRole('region', { name: 'Test send' })
      .getByText(`Test sent to ${TESTER}.`)
      .waitFor();
    const [test] = await sentTo(session.app, TESTER);
    assert.deepEqual(test?.body['template'], {
      name: TEMPLATE,
      language: { code: 'en_US' },
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Tess' },
            { type: 'text', text: 'A-1001' },
          ],
        },
      ],
    });
  });

  step('launches and follows the live counts until the campaign completes', async (page) => {
    await page.getByRole('button', { name: 'Launch for 3 recipients' }).click();
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    // The counts move with campaign.progress events, without reloading the page.
    await page.getByTestId('campaign-state').getByText('Completed').waitFor({ timeout: 30_000 });
    await page
      .getByTestId('campaign-summary')
      .getByText('100% done · 2 of 6 sent · 1 failed · 3 skipped')
      .waitFor();
    const progress = page.getByRole('progressbar', { name: /Progress: 100%/ });
    assert.equal(await progress.getAttribute('aria-valuenow'), '100');
    // The chart covers the whole campaign (GET …/timeline), fetched again as the counts move.
    await page
      .getByRole('img', {
        name: /^Sends per minute over the whole campaign, .+: 2 sent, 1 failed\.$/,
      })
      .waitFor();

    const recipients = page.getByRole('table', { name: 'Recipients, in audience order' });
    const failed = recipients.getByRole('row').filter({ hasText: DEMO_RECIPIENTS.undeliverable });
    await failed.getByText('Failed', { exact: true }).waitFor();
    await failed.getByText(/code 131026/).waitFor();
    await failed.getByRole('button', { name: 'Send again' }).waitFor();
    const ada = recipients.getByRole('row').filter({ hasText: ADA });
    await ada.getByText(/^(Delivered|Read)$/).waitFor();

    const sent = await sentTo(session.app, GRACE);
    assert.equal(sent.length, 1, 'Grace got the campaign once');
    assert.deepEqual(sent[0]?.body['template'], {
      name: TEMPLATE,
      language: { code: 'en_US' },
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Grace' },
            { type: 'text', text: 'A-1001' },
          ],
        },
      ],
    });
    assert.equal((await sentTo(session.app, NO_VALUE)).length, 0, 'a skipped row is not sent');
  });

  step('exports every recipient with its outcome as CSV', async (page) => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = await readFile((await (await download).path()) ?? '', 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    assert.match(lines[0] ?? '', /^to,state,skip_reason,error_code,error,message_id,/);
    assert.equal(lines.length, 7, 'a header and the 6 rows');
    assert.ok(
      lines.some((line) => line.startsWith(`${NO_VALUE},skipped,missing_variables,`)),
      csv,
    );
  });

  step('opens the message of a recipient from the table', async (page) => {
    const recipients = page.getByRole('table', { name: 'Recipients, in audience order' });
    await recipients.getByRole('button', { name: `Open the message to ${ADA}` }).click();
    const drawer = page.getByRole('dialog', { name: 'Message' });
    await drawer.getByText(/Hi Ada, your order A-1001 has shipped/).waitFor();
  });

  it('raised no uncaught errors in the page', () => {
    assert.deepEqual(session.pageErrors, [], 'uncaught errors in the console page');
  });
});
