// Contacts in the browser: a CSV of real-world quirks imported through the wizard (upload, column
// mapping, the per-line report before anything is written, the import), and a contact opted out
// of marketing from the Inbox thread, which the API then refuses a marketing template for.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type DemoApi, demoApi, signInAsDemo } from '../support/demo.ts';
import { REPO_ROOT } from '../support/paths.ts';
import { customerWrites } from '../support/simulator.ts';
import { useBrowserSession } from '../support/ui.ts';

const QUIRKS = join(REPO_ROOT, 'backend/test/fixtures/contacts-quirks.csv');
const BEA = { phone: '+15550107777', name: 'Bea Contreras' };

interface ContactBody {
  readonly id: string;
  readonly name: string | null;
  readonly consent_state: string;
  readonly attributes: Record<string, string>;
  readonly consent_history: { state: string; source: string; user_id: string | null }[];
}

describe('contacts: a CSV import with mapping and report, and an opt-out from the Inbox', () => {
  const session = useBrowserSession('contacts');
  const step = session.step;
  let demo: DemoApi;

  step('signs in and opens Contacts', async (page) => {
    demo = await demoApi(session.app);
    await signInAsDemo(page, session.app);
    await page.getByRole('link', { name: 'Contacts', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
  });

  step('uploads the CSV and maps its columns', async (page) => {
    await page.getByRole('button', { name: 'Import CSV' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Import contacts from CSV' });
    await dialog.waitFor();
    await dialog.getByLabel('CSV file').setInputFiles(QUIRKS);
    // The header was read, the delimiter found, the phone column guessed.
    await dialog.getByText('contacts-quirks.csv').waitFor();
    await dialog.getByText(/10 rows, separated by “;”/).waitFor();
    await dialog
      .getByRole('combobox', { name: 'Phone number column' })
      .getByText('Phone')
      .waitFor();
    await dialog.getByRole('checkbox', { name: 'City' }).check();
  });

  step('shows the per-line report before anything is written', async (page) => {
    const dialog = page.getByRole('dialog', { name: 'Import contacts from CSV' });
    await dialog.getByRole('button', { name: 'Check the file' }).click();
    const problems = dialog.getByRole('table', { name: 'Lines left out' });
    await problems.waitFor();
    const rows = problems.getByRole('row');
    assert.deepEqual(await rows.allInnerTexts(), [
      'Line\tReason',
      '4\tduplicate of line 2 (+15550101234)',
      '5\tno country code (write it as +<country code> <number>): 555-010-9999',
      '7\tthe phone number is empty',
      '8\tnot a phone number (only digits, + and separators): not a number',
    ]);
    await dialog.getByText(/6\s+of 10 rows can be imported/).waitFor();
    const listed = await demo.request('GET', '/whatsapp/contacts?q=Hopper');
    assert.deepEqual((listed.body as { items: unknown[] }).items, [], 'nothing written yet');
  });

  step('imports the valid rows and lists them', async (page) => {
    const dialog = page.getByRole('dialog', { name: 'Import contacts from CSV' });
    await dialog.getByRole('button', { name: 'Import 6 contacts' }).click();
    await dialog.getByText(/6 contacts created/).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: /Hopper; Grace/ }).waitFor();
    const listed = await demo.request('GET', '/whatsapp/contacts?q=%2B44%207700%20900123');
    const [grace] = (listed.body as { items: ContactBody[] }).items;
    assert.equal(grace?.name, 'Hopper; Grace');
    assert.deepEqual(grace?.attributes, { city: 'Porto, PT' });
  });

  step('finds a contact by another spelling of part of its number', async (page) => {
    await page.getByLabel('Search contacts by name or any part of the number').fill('555-010-1235');
    const list = page.getByRole('list', { name: 'Contacts, newest first' });
    // The other contacts go once the search (debounced) has answered.
    await list.getByRole('button').nth(1).waitFor({ state: 'detached' });
    await list.getByRole('button', { name: /Quote "Q" Person/ }).waitFor();
  });

  step('opts a contact out of marketing from the Inbox thread', async (page) => {
    await customerWrites(session.app, BEA, 'Hi, what are your opening hours?');
    await page.getByRole('link', { name: 'Inbox', exact: true }).first().click();
    const row = page
      .getByRole('listbox', { name: 'Conversations, newest activity first' })
      .getByRole('option', { name: new RegExp(`^${BEA.name}\\. `) });
    await row.click();
    await page.getByRole('heading', { level: 2, name: BEA.name }).waitFor();
    const state = page.getByTestId('consent-state');
    await state.getByText('Marketing: Not recorded').waitFor();
    await page.getByRole('button', { name: 'Opt this contact out of marketing messages' }).click();
    await state.getByText('Marketing: Opted out').waitFor();
    await page.getByRole('button', { name: 'Opt this contact in to marketing messages' }).waitFor();

    const contactId = new URL(page.url()).searchParams.get('contact') ?? '';
    const answer = await demo.request('GET', `/whatsapp/contacts/${contactId}`);
    const contact = answer.body as ContactBody;
    assert.equal(contact.consent_state, 'opted_out');
    assert.equal(contact.consent_history.at(-1)?.source, 'agent');
    assert.ok(contact.consent_history.at(-1)?.user_id, 'the agent is recorded');
  });

  it('raised no uncaught errors in the page', () => {
    assert.deepEqual(session.pageErrors, [], 'uncaught errors in the console page');
  });
});
