// Creating a template with an image header from the console: the account has its Meta app id
// (the sample goes through Meta's Resumable Upload API), the user builds the template with Meta's
// rules checked as they type and a WhatsApp-style preview, submits it, and sees it on the
// Templates page go from "In review" to "Approved" live, when Meta's review webhook arrives
// (the simulator stands in for Meta and approves it after its review delay).
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { describe, it } from 'node:test';
import { DEMO_ACCOUNT_LABEL, signInAsDemo } from '../support/demo.ts';
import { capturePage } from '../support/screenshots.ts';
import { dialogOpened, field, useBrowserSession } from '../support/ui.ts';

/** The simulator's Meta app: the demo account's token belongs to it. */
const SIM_APP_ID = '100000000000999';
/** A fresh name, so its card is this test's alone. */
const NAME = `menu_launch_${randomInt(100_000, 1_000_000)}`;
/** A 1×1 PNG: the header's sample. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
  'base64',
);

describe('creating a template with an image header, approved live', () => {
  const session = useBrowserSession('template-builder');
  const step = session.step;
  const builder = () => session.page.getByRole('dialog', { name: 'New template' });
  const card = () => session.page.locator(`[data-template="${NAME}"]`);

  step('signs in as the demo admin; the account has its Meta app id', async (page) => {
    await signInAsDemo(page, session.app);
    await page.getByRole('link', { name: 'Accounts', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    await page.getByRole('button', { name: `More actions for ${DEMO_ACCOUNT_LABEL}` }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${DEMO_ACCOUNT_LABEL}` });
    await dialogOpened(dialog);
    // The demo connects its account with the simulator's app: media samples can be uploaded.
    assert.equal(await field(dialog, 'Meta app id (optional)').inputValue(), SIM_APP_ID);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  step('opens the builder on the Templates page', async (page) => {
    await page.getByRole('link', { name: 'Templates', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Templates' }).waitFor();
    // The demo's templates are listed (the page once said "no templates").
    await page.locator('[data-template="order_update"]').waitFor();
    await page.getByRole('button', { name: 'New template' }).first().click();
    await dialogOpened(builder());
  });

  step('sees Meta’s rules as it types, then a valid template in the preview', async (page) => {
    const form = builder();
    await field(form, 'Name').fill('Menu Launch');
    await form.getByText('Use only lowercase letters, digits and underscores').waitFor();
    await field(form, 'Name').fill(NAME);

    await form.getByRole('combobox', { name: 'Category' }).click();
    await page.getByRole('option', { name: 'MARKETING' }).click();
    await form.getByRole('combobox', { name: 'Header' }).click();
    await page.getByRole('option', { name: 'Image' }).click();
    await form
      .locator('input[type="file"]')
      .setInputFiles({ name: 'menu.png', mimeType: 'image/png', buffer: PNG });
    await form.getByText('menu.png').first().waitFor();

    await field(form, 'Message').fill('{{1}}, our new menu is here');
    await form.getByText('The message cannot start with a variable.').waitFor();
    await field(form, 'Message').fill('Hi {{1}}, our new menu is here. Come taste it!');
    await field(form, 'Example for {{1}}').fill('Ada');
    await field(form, 'Footer (optional)').fill('Reply STOP to opt out');

    const preview = form.getByRole('complementary', { name: 'Preview' });
    await preview.getByText('Hi Ada, our new menu is here. Come taste it!').waitFor();
    assert.equal(await form.locator('.issue').count(), 0, 'no rule is broken');
    await capturePage(page, 'template-builder');
  });

  step('submits it: the card shows "In review", then "Approved" live', async (page) => {
    await builder().getByRole('button', { name: 'Submit for review' }).click();
    await builder().waitFor({ state: 'detached' });
    await page.getByText(`${NAME} (en_US) was submitted`).waitFor();
    const chip = card().locator('.status-chip');
    await chip.filter({ hasText: /In review|Approved/ }).waitFor();
    // No reload: Meta's review arrives by webhook and the page shows it.
    await chip.filter({ hasText: 'Approved' }).waitFor({ timeout: 20_000 });
    await card().getByText('MARKETING').waitFor();
  });

  step('reached the simulator with the uploaded sample as the header', async () => {
    const answer = await fetch(`${session.app.simulatorUrl}/_sim/templates`);
    const { data } = (await answer.json()) as {
      data: {
        name: string;
        status: string;
        components: { type: string; format?: string; example?: { header_handle?: string[] } }[];
      }[];
    };
    const template = data.find((t) => t.name === NAME);
    assert.ok(template, 'the simulator has the template');
    assert.equal(template.status, 'APPROVED');
    const header = template.components.find((c) => c.type === 'HEADER');
    assert.equal(header?.format, 'IMAGE');
    assert.match(header?.example?.header_handle?.[0] ?? '', /^4::/, 'a Resumable Upload handle');
  });

  it('raised no uncaught errors in the page', () => {
    assert.deepEqual(session.pageErrors, [], 'uncaught errors in the page');
  });
});
