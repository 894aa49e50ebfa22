// A customer's photo in the Inbox: the customer sends an image to the demo number (the simulator
// hosts a real PNG behind its Graph API media endpoints and delivers a signed webhook), the
// conversation shows up live with an unread badge, opening it shows the photo the backend
// downloaded in the background and clears the badge, and the reply typed in the reply box goes
// read as the simulator's status webhooks come back. A photo uploaded from the reply box's send
// dialog (sent to Meta by its media id) then shows as the picture, from the backend's copy, in the
// thread and in the Messages page's drawer.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { type DemoApi, demoApi, signInAsDemo } from '../support/demo.ts';
import { capturePage } from '../support/screenshots.ts';
import { customerSendsMedia, sentTo } from '../support/simulator.ts';
import { field, tagDocument, useBrowserSession, waitForLiveUpdates } from '../support/ui.ts';

const ADA = { phone: '+15550101234', name: 'Ada Romero' };
const suffix = randomBytes(3).toString('hex');
const CAPTION = `Is this the cake you meant? ${suffix}`;
const REPLY = `Yes, that one: it will be ready on Saturday. ${suffix}`;
const PHOTO_CAPTION = `Here is how it looks now ${suffix}`;
/** A 2×2 PNG: the photo we upload and send. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4YWMDRAwQCgAlPgUBdJmUYAAAAABJRU5ErkJggg==',
  'base64',
);

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A conversation row's accessible name: "Ada Romero. 1 unread message. Ada Romero: <caption>. …" */
const rowName = (unread: string) =>
  new RegExp(`^${ADA.name}\\. ${unread}${ADA.name}: ${escapeRegExp(CAPTION)}\\. `);

describe('an inbound photo in the Inbox, and the reply to it', () => {
  const session = useBrowserSession('inbox-image');
  const step = session.step;
  let demo: DemoApi;
  let samePage: () => Promise<void>;
  let contactId = '';
  const conversation = () =>
    session.page.getByRole('listbox', { name: 'Conversations, newest activity first' });
  const thread = () => session.page.getByRole('log', { name: ADA.name });

  step('signs in as the demo admin and opens the empty Inbox', async (page) => {
    demo = await demoApi(session.app);
    await signInAsDemo(page, session.app);
    await page.getByRole('link', { name: 'Inbox', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    await page.getByText('No conversations yet').waitFor();
    await waitForLiveUpdates(page);
    samePage = await tagDocument(page);
  });

  step('shows the customer’s photo live at the top of the list, with an unread badge', async () => {
    const sent = await customerSendsMedia(session.app, ADA, 'image', { caption: CAPTION });
    assert.ok(sent.media_id, 'the simulator hosts the photo under a media id');

    const row = conversation().getByRole('option', { name: rowName('1 unread message\\. ') });
    await row.waitFor();
    await row.getByText('1', { exact: true }).waitFor(); // the badge itself
    assert.equal(await conversation().getByRole('option').count(), 1);
    await samePage();
  });

  step('opens it: the photo itself and its caption, and the badge clears', async (page) => {
    await conversation()
      .getByRole('option', { name: new RegExp(`^${ADA.name}\\. `) })
      .click();
    await page.waitForURL((url) => url.searchParams.has('contact'));
    contactId = new URL(page.url()).searchParams.get('contact') ?? '';
    await page.getByRole('heading', { level: 2, name: ADA.name }).waitFor();

    // The backend downloaded the file from the simulator; the console fetches it with the
    // user's token and shows it through an object URL.
    const photo = thread().getByRole('img', { name: 'Photo sent by the contact' });
    await photo.waitFor();
    await page.waitForFunction(
      (img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0,
      await photo.elementHandle(),
    );
    assert.match((await photo.getAttribute('src')) ?? '', /^blob:/);
    await thread().getByText(CAPTION).waitFor();

    await conversation()
      .getByRole('option', { name: rowName('') })
      .waitFor();
    assert.equal(await conversation().getByText('1', { exact: true }).count(), 0, 'no badge');
    // Read on the server too, not only on screen.
    await waitForUnreadCount(demo, contactId, 0);
  });

  step('replies from the reply box while the window is open; the reply goes read', async (page) => {
    await page.getByText(/Window closes in \d+ h/).waitFor();
    const box = field(page, `Message ${ADA.name}`);
    await box.fill(REPLY);
    await page.getByRole('button', { name: 'Send', exact: true }).click();

    const bubble = thread().locator('[data-message-id]').filter({ hasText: REPLY });
    await bubble.waitFor();
    await bubble.getByText('Read', { exact: true }).waitFor();
    await samePage();

    const sent = await sentTo(session.app, ADA.phone);
    assert.equal(sent.length, 1, 'one message to the customer, sent once');
    assert.equal(sent[0].type, 'text');
    assert.equal((sent[0].body['text'] as { body?: unknown }).body, REPLY);
    await capturePage(page, 'inbox-thread');
  });

  step(
    'sends a photo uploaded in the send dialog: the thread shows the picture itself',
    async (page) => {
      await page.getByRole('button', { name: 'Send media, buttons, a list or a location' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('radio', { name: /Media/ }).click();
      await dialog
        .locator('input[type="file"]')
        .setInputFiles({ name: 'cake.png', mimeType: 'image/png', buffer: PNG });
      await dialog.getByText('cake.png').first().waitFor();
      await field(dialog, 'Caption (optional)').fill(PHOTO_CAPTION);
      await dialog.getByRole('button', { name: 'Send', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });

      const bubble = thread().locator('[data-message-id]').filter({ hasText: PHOTO_CAPTION });
      const photo = bubble.getByRole('img', { name: 'Photo you sent' });
      await photo.waitFor();
      await page.waitForFunction(
        (img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0,
        await photo.elementHandle(),
      );
      assert.match((await photo.getAttribute('src')) ?? '', /^blob:/);
      assert.equal(await bubble.locator('.attachment').count(), 0, 'no placeholder box');
      await samePage();

      const sent = await sentTo(session.app, ADA.phone);
      assert.equal(sent.length, 2, 'the reply, then the photo');
      assert.equal(sent[1].type, 'image');
      const image = sent[1].body['image'] as { id?: unknown; link?: unknown };
      assert.match(String(image.id), /^\d+$/, 'sent by the media id of the upload');
      assert.equal(image.link, undefined);
      await capturePage(page, 'inbox-sent-photo');
    },
  );

  step('the message drawer on the Messages page shows the same picture', async (page) => {
    await page.getByRole('link', { name: 'Messages', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    await page.locator('tr[data-message-id]').filter({ hasText: PHOTO_CAPTION }).click();
    const drawer = page.getByRole('dialog');
    const photo = drawer.getByRole('img', { name: 'Photo you sent' });
    await photo.waitFor();
    await page.waitForFunction(
      (img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0,
      await photo.elementHandle(),
    );
    await drawer.getByText(PHOTO_CAPTION).first().waitFor();
    await capturePage(page, 'message-drawer-photo');
  });

  it('raised no uncaught errors in the page', () => {
    assert.deepEqual(
      session.pageErrors,
      [],
      'uncaught errors in the console page (see e2e/artifacts/logs)',
    );
  });
});

/** Polls the conversation until the server counts `count` unread messages in it. */
async function waitForUnreadCount(demo: DemoApi, contactId: string, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const answer = await demo.request('GET', `/whatsapp/conversations/${contactId}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const unread = (answer.body as { unread_count: number }).unread_count;
    if (unread === count) return;
    if (Date.now() > deadline) assert.fail(`${unread} unread messages on the server, not ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
