import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpEventType } from '@angular/common/http';
import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { ApplicationRef, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatButtonToggleHarness } from '@angular/material/button-toggle/testing';
import { MatDialog } from '@angular/material/dialog';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import type { AccountResponseDto } from '../../../core/api/models/account-response-dto';
import type { SentMessageDto } from '../../../core/api/models/sent-message-dto';
import type { TemplateResponseDto } from '../../../core/api/models/template-response-dto';
import { Router } from '@angular/router';
import { aAccount, aFailedConnectionTest } from '../../../../testing/account-fixtures';
import { anErrorBody, settle } from '../../../../testing/auth-fixtures';
import {
  aMetaError,
  aSendFailedBody,
  aSentMessage,
  aShippingTemplate,
  aWindowClosedBody,
  anOrderUpdateTemplate,
  anUploadedMedia,
} from '../../../../testing/send-message-fixtures';
import { provideTestApp } from '../../../../testing/test-providers';
import {
  PHONE_QUERY,
  type SendMessageDialogData,
  openSendMessageDialog,
} from './open-send-message-dialog';

@Component({ template: '' })
class HostComponent {}

const SEND_URL = '/api/whatsapp/messages';
const TEMPLATES_URL = '/api/whatsapp/templates';
/** Text with its runs of white space made one space. */
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
/** What the open select's options say (icons, which are ligature text, left out). */
const optionTexts = () =>
  [...document.querySelectorAll('mat-option')].map((option) => {
    const copy = option.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('mat-icon').forEach((icon) => icon.remove());
    return squash(copy.textContent ?? '');
  });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('SendMessageDialogComponent', () => {
  const account = aAccount();
  const failing = aAccount({
    id: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
    label: 'Sales line',
    display_phone_number: '+1 555-010-0002',
    status: 'failing',
  });
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let closed: Promise<SentMessageDto | undefined>;

  const dialogElement = () => document.querySelector<HTMLElement>('app-send-message-dialog')!;
  const field = (label: string | RegExp) =>
    loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
  const input = async (label: string | RegExp) =>
    (await (await field(label)).getControl(MatInputHarness))!;
  const button = (text: string | RegExp) => loader.getHarness(MatButtonHarness.with({ text }));
  const sendButton = () => button(/Send$/);
  /** An icon button, by its `aria-label`. */
  const labelled = (label: string) =>
    loader.getHarness(MatButtonHarness.with({ selector: `[aria-label="${label}"]` }));
  /** Lets the views catch up, for checks of the DOM without harnesses. */
  const rendered = () => TestBed.inject(ApplicationRef).whenStable();
  const fieldLabels = async () =>
    Promise.all((await loader.getAllHarnesses(MatFormFieldHarness)).map((f) => f.getLabel()));
  const previewText = () =>
    document.querySelector('app-whatsapp-bubble .bubble')?.textContent?.replace(/\s+/g, ' ');

  async function open(
    data: SendMessageDialogData = { accountId: account.id },
    accounts: AccountResponseDto[] = [account, failing],
  ): Promise<void> {
    closed = openSendMessageDialog(TestBed.inject(MatDialog), data);
    // The dialog's module loads first (a resolved import here); the account list is its first request.
    const request = await vi.waitFor(() =>
      http.expectOne({ method: 'GET', url: '/api/whatsapp/accounts' }),
    );
    request.flush(accounts);
    await settle();
  }

  async function flushTemplates(templates: TemplateResponseDto[]): Promise<void> {
    const request = await vi.waitFor(() =>
      http.expectOne((r) => r.method === 'GET' && r.url === TEMPLATES_URL),
    );
    expect(request.request.params.get('account_id')).toBe(account.id);
    expect(request.request.params.get('status')).toBe('APPROVED');
    request.flush(templates);
    await settle();
  }

  /** Switches the message type by clicking (a harness would wait for the templates to load). */
  async function chooseKind(label: string): Promise<void> {
    const toggle = [...dialogElement().querySelectorAll<HTMLElement>('.kinds button')].find(
      (element) => element.textContent?.trim().endsWith(label),
    );
    toggle?.click();
    await settle();
  }

  async function chooseTemplate(name: RegExp): Promise<void> {
    const select = await loader.getHarness(
      MatSelectHarness.with({ selector: '.template mat-select' }),
    );
    await select.open();
    await select.clickOptions({ text: name });
  }

  async function fillRecipientAndText(text = 'Hello *Ada*'): Promise<void> {
    await (await input('Recipient phone number')).setValue('+1 555 010 1234');
    await (await input('Message')).setValue(text);
  }

  async function send(): Promise<TestRequest> {
    await (await sendButton()).click();
    return http.expectOne({ method: 'POST', url: SEND_URL });
  }

  async function fail(request: TestRequest, status: number, body: object): Promise<void> {
    request.flush(body, { status, statusText: 'Error' });
    await settle();
    await rendered();
  }

  // The dialog is loaded on first use: load it once up front, so no test waits for it.
  beforeAll(() => import('./send-message-dialog.component'));

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: provideTestApp() });
    loader = TestbedHarnessEnvironment.documentRootLoader(TestBed.createComponent(HostComponent));
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    http.verify();
  });

  describe('account and recipient', () => {
    it('shows each account with its state and last webhook; a failing one says why and cannot send', async () => {
      const recent = {
        ...account,
        last_webhook_at: new Date(Date.now() - 3 * 60_000).toISOString(),
      };
      const broken = { ...failing, last_check: aFailedConnectionTest(), last_webhook_at: null };
      await open({ accountId: account.id }, [recent, broken]);
      const select = await loader.getHarness(
        MatSelectHarness.with({ selector: '.compose > mat-form-field mat-select' }),
      );
      expect(await select.getValueText()).toBe('Support line · +1 555-010-0001');
      expect(await (await field('From account')).getTextHints()).toEqual([
        'Connected · Last webhook 3 minutes ago. Recipients see it as Acme Support.',
      ]);
      await select.open();
      expect(optionTexts()).toEqual([
        'Support line · +1 555-010-0001, Connected · Last webhook 3 minutes ago',
        'Sales line · +1 555-010-0002, Failing: Failed at "Access token accepted": Invalid OAuth access token: the token has expired. · No webhook received yet',
      ]);
      await select.clickOptions({ text: /^Sales line/ });
      await settle();

      expect((await (await field('From account')).getTextHints()).map(squash)).toEqual([
        'Sales line is failing. Failed at "Access token accepted": Invalid OAuth access token: the token has expired. Verify it before sending: open the Accounts page.',
      ]);
      await fillRecipientAndText();
      expect(await (await sendButton()).isDisabled()).toBe(true);

      // The way out is a real link: it closes the dialog and opens the Accounts page.
      const link = dialogElement().querySelector<HTMLAnchorElement>('mat-hint a')!;
      expect(link.getAttribute('href')).toBe('/accounts');
      link.click();
      await settle();
      await expect(closed).resolves.toBeUndefined();
      expect(TestBed.inject(Router).url).toBe('/accounts');
    });

    it('links to the Accounts page when no account can send', async () => {
      await open({}, [{ ...failing, last_check: aFailedConnectionTest() }]);
      const hints = await (await field('From account')).getTextHints();
      expect(hints.map(squash)).toEqual([
        'No active WhatsApp account: connect or verify one on the Accounts page.',
      ]);
      const link = dialogElement().querySelector<HTMLAnchorElement>('mat-hint a')!;
      expect(link.textContent?.trim()).toBe('connect or verify one on the Accounts page');
      expect(link.getAttribute('href')).toBe('/accounts');
    });

    it('warns when Meta has sent the account no webhook yet', async () => {
      await open({ accountId: account.id }, [{ ...account, last_webhook_at: null }]);
      expect((await (await field('From account')).getTextHints()).map(squash)).toEqual([
        "Connected · No webhook received yet. Replies and delivery updates show only once Meta's webhook is set up (Accounts page). Recipients see it as Acme Support.",
      ]);
    });

    it('chooses the only active account when none was given', async () => {
      await open({}, [account, failing]);
      const dialog = await loader.getHarness(MatDialogHarness);
      expect(await dialog.getTitleText()).toBe('New message');
      expect(await dialog.getText()).toContain('Recipients see it as Acme Support.');
    });

    it('validates the recipient as it is typed, in the account’s country by default', async () => {
      await open();
      expect(
        await (
          await loader.getHarness(MatSelectHarness.with({ selector: 'app-phone-field mat-select' }))
        ).getValueText(),
      ).toBe('+1 US');

      await (await input('Recipient phone number')).setValue('555 01a');
      expect(await (await field('Recipient phone number')).getTextErrors()).toEqual([
        'Use digits only (spaces, dashes and brackets are fine), after a +.',
      ]);
      await (await input('Recipient phone number')).setValue('555 010 1234');
      expect(await (await field('Recipient phone number')).getTextHints()).toEqual([
        'Sends to +1 555 010 1234 · United States',
      ]);
    });
  });

  describe('on a phone', () => {
    const original = Object.getOwnPropertyDescriptor(window, 'matchMedia');
    afterEach(() => {
      if (original) Object.defineProperty(window, 'matchMedia', original);
      else Reflect.deleteProperty(window, 'matchMedia');
    });

    /** A screen 390 px wide: only the phone query matches. */
    function phoneScreen(): void {
      Object.defineProperty(window, 'matchMedia', {
        configurable: true,
        writable: true,
        value: (query: string) =>
          ({
            matches: query === PHONE_QUERY,
            media: query,
            addListener: () => undefined,
            removeListener: () => undefined,
            addEventListener: () => undefined,
            removeEventListener: () => undefined,
          }) as unknown as MediaQueryList,
      });
    }

    it('takes the whole screen, with Send in view below the scrolling form', async () => {
      phoneScreen();
      await open();
      await rendered();
      const pane = document.querySelector<HTMLElement>('.cdk-overlay-pane')!;
      expect(pane.classList).toContain('full-screen-dialog');
      expect(pane.style.width).toBe('100vw');
      expect(pane.style.height).toBe('100%');
      expect(dialogElement().classList).toContain('full-screen');
      // Everything still works there.
      await fillRecipientAndText('Hi');
      expect(await (await sendButton()).isDisabled()).toBe(false);
    });

    it('keeps its size beside the page on a wider screen', async () => {
      await open();
      await rendered();
      const pane = document.querySelector<HTMLElement>('.cdk-overlay-pane')!;
      expect(pane.classList).not.toContain('full-screen-dialog');
      expect(pane.style.width).toBe('min(1000px, 95vw)');
      expect(dialogElement().classList).not.toContain('full-screen');
    });
  });

  describe('closing', () => {
    const pressEscape = async () => {
      dialogElement().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      await settle();
    };
    const isOpen = async () => (await loader.getAllHarnesses(MatDialogHarness)).length > 0;

    it('closes on Escape at once while nothing was typed', async () => {
      await open();
      await pressEscape();
      expect(await isOpen()).toBe(false);
      await expect(closed).resolves.toBeUndefined();
    });

    it('asks before Escape or a click outside throws a typed message away', async () => {
      await open();
      await fillRecipientAndText('Half a thought');
      await pressEscape();
      const dialogs = await loader.getAllHarnesses(MatDialogHarness);
      expect(dialogs).toHaveLength(2);
      expect(await dialogs[1].getTitleText()).toBe('Discard this message?');

      // Keep editing: the message is still there.
      await (await loader.getHarness(MatButtonHarness.with({ text: 'Keep editing' }))).click();
      await settle();
      expect(await (await input('Message')).getValue()).toBe('Half a thought');

      (document.querySelector('.cdk-overlay-backdrop') as HTMLElement).click();
      await settle();
      await (await loader.getHarness(MatButtonHarness.with({ text: 'Discard' }))).click();
      await settle();
      expect(await isOpen()).toBe(false);
      await expect(closed).resolves.toBeUndefined();
    });
  });

  describe('text', () => {
    it('sends the text with an Idempotency-Key and closes with the sent message', async () => {
      await open();
      await fillRecipientAndText();
      await (await loader.getHarness(MatButtonHarness.with({ text: /Send$/ }))).isDisabled();
      const request = await send();

      expect(request.request.body).toEqual({
        account_id: account.id,
        to: '+15550101234',
        message_type: 'text',
        text: 'Hello *Ada*',
      });
      expect(request.request.headers.get('Idempotency-Key')).toMatch(UUID);
      const sent = aSentMessage();
      request.flush(sent, { status: 201, statusText: 'Created' });

      await expect(closed).resolves.toEqual(sent);
      expect(await (await loader.getHarness(MatSnackBarHarness)).getMessage()).toBe('Message sent');
    });

    it('says the message is queued, not sent, when Meta has not confirmed it (202)', async () => {
      await open();
      await fillRecipientAndText();
      const queued = aSentMessage({ status: 'queued', wa_message_id: null, sent_at: null });
      (await send()).flush(queued, { status: 202, statusText: 'Accepted' });

      await expect(closed).resolves.toEqual(queued);
      expect(await (await loader.getHarness(MatSnackBarHarness)).getMessage()).toBe(
        'Message queued: Meta has not confirmed it yet. Its status will update on its own.',
      );
    });

    it('keeps Send disabled until the account, recipient and text are valid', async () => {
      await open();
      expect(await (await sendButton()).isDisabled()).toBe(true);
      await (await input('Recipient phone number')).setValue('+1 555 010 1234');
      expect(await (await sendButton()).isDisabled()).toBe(true);
      await (await input('Message')).setValue('   ');
      expect(await (await sendButton()).isDisabled()).toBe(true);
      await (await input('Message')).setValue('Hi');
      expect(await (await sendButton()).isDisabled()).toBe(false);
      await (await input('Recipient phone number')).setValue('+1 555');
      expect(await (await sendButton()).isDisabled()).toBe(true);
    });

    it('counts characters as WhatsApp does and refuses more than 4096', async () => {
      await open();
      await fillRecipientAndText('Hi 👋');
      expect(await (await field('Message')).getTextHints()).toContain('4 / 4096');

      const text = await (await input('Message')).host();
      await text.setInputValue('x'.repeat(4097));
      await text.dispatchEvent('input');
      await text.blur();
      expect(await (await field('Message')).getTextErrors()).toEqual([
        '4097 / 4096 characters: shorten it by 1.',
      ]);
      expect(await (await sendButton()).isDisabled()).toBe(true);

      await text.setInputValue('x'.repeat(4096));
      await text.dispatchEvent('input');
      expect(await (await field('Message')).getTextErrors()).toEqual([]);
      expect(await (await sendButton()).isDisabled()).toBe(false);
    });

    it('previews the text with WhatsApp formatting, never as HTML', async () => {
      await open();
      await (await input('Message')).setValue('Hi *Ada* <b>x</b>');
      const bubble = document.querySelector('app-whatsapp-bubble')!;
      expect(bubble.querySelector('.bold')?.textContent).toBe('Ada');
      expect(bubble.querySelector('b')).toBeNull();
      expect(previewText()).toContain('Hi Ada <b>x</b>');
    });

    it('sends on Ctrl+Enter', async () => {
      await open();
      await fillRecipientAndText();
      dialogElement().dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }),
      );
      const request = http.expectOne({ method: 'POST', url: SEND_URL });
      request.flush(aSentMessage());
      await closed;
    });

    it('quotes the message it replies to', async () => {
      await open({
        accountId: account.id,
        to: '+15550101234',
        replyTo: { id: 'wamid.1', preview_text: 'Where is my order?' },
      });
      const dialog = await loader.getHarness(MatDialogHarness);
      expect(await dialog.getTitleText()).toBe('Reply');
      expect(document.querySelector('app-whatsapp-bubble .quote')?.textContent).toContain(
        'Where is my order?',
      );
      await (await input('Message')).setValue('On its way!');
      const request = await send();
      expect(request.request.body).toMatchObject({ to: '+15550101234', reply_to: 'wamid.1' });
      request.flush(aSentMessage());
      await closed;
    });
  });

  describe('template', () => {
    beforeEach(async () => {
      await open({ accountId: account.id, to: '+15550101234', mode: 'template' });
      await flushTemplates([anOrderUpdateTemplate(), aShippingTemplate()]);
    });

    it('shows one field per placeholder and sends the template components Meta expects', async () => {
      await chooseTemplate(/shipping_update/);
      expect(await fieldLabels()).toEqual(
        expect.arrayContaining([
          'Header {{1}}',
          'Body {{1}}',
          'Body {{2}}',
          'Button "Track order" {{1}}',
        ]),
      );
      expect(await (await field('Button "Track order" {{1}}')).getTextHints()).toEqual([
        'Completes the link https://acme.example/track/{{1}}',
      ]);
      expect(await (await sendButton()).isDisabled()).toBe(true);

      await (await input('Header {{1}}')).setValue('Ada');
      await (await input('Body {{1}}')).setValue('Ada');
      await (await input('Body {{2}}')).setValue('A-1001');
      await (await input('Button "Track order" {{1}}')).setValue('A-1001');
      const request = await send();

      expect(request.request.body).toEqual({
        account_id: account.id,
        to: '+15550101234',
        message_type: 'template',
        template_name: 'shipping_update',
        template_language: 'en_US',
        template_components: [
          { type: 'header', parameters: [{ type: 'text', text: 'Ada' }] },
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Ada' },
              { type: 'text', text: 'A-1001' },
            ],
          },
          {
            type: 'button',
            sub_type: 'url',
            index: '0',
            parameters: [{ type: 'text', text: 'A-1001' }],
          },
        ],
      });
      request.flush(aSentMessage({ message_type: 'template' }));
      await closed;
    });

    it('updates the preview as the placeholders are typed', async () => {
      await chooseTemplate(/order_update/);
      expect(previewText()).toContain('Hi {{1}}, your order {{2}} has shipped');
      expect(
        [...document.querySelectorAll('app-whatsapp-bubble .placeholder')].map(
          (e) => e.textContent,
        ),
      ).toEqual(['{{1}}', '{{2}}']);

      await (await input('Body {{1}}')).setValue('Ada');
      expect(previewText()).toContain('Hi Ada, your order {{2}} has shipped');
      await (await input('Body {{2}}')).setValue('#4521');
      expect(previewText()).toContain('Hi Ada, your order #4521 has shipped');
      expect(document.querySelectorAll('app-whatsapp-bubble .placeholder')).toHaveLength(0);
      expect(previewText()).toContain('Reply STOP to opt out');
    });

    it('puts a template_components 400 with the placeholders', async () => {
      await chooseTemplate(/order_update/);
      await (await input('Body {{1}}')).setValue('Ada');
      await (await input('Body {{2}}')).setValue('#4521');
      await fail(
        await send(),
        400,
        anErrorBody(400, 'Validation failed', [
          {
            field: 'template_components',
            messages: ["the template's body needs 3 parameters, got 2"],
          },
        ]),
      );
      expect(document.querySelector('app-template-form [role="alert"]')?.textContent).toContain(
        "the template's body needs 3 parameters, got 2",
      );
    });

    it('shows a refused template next to the template field', async () => {
      await chooseTemplate(/order_update/);
      await (await input('Body {{1}}')).setValue('Ada');
      await (await input('Body {{2}}')).setValue('#4521');
      await fail(
        await send(),
        422,
        anErrorBody(
          422,
          'Template "order_update" (en_US) is PAUSED, not approved: it cannot be sent yet.',
        ),
      );
      expect(await (await field('Template')).getTextErrors()).toEqual([
        'Template "order_update" (en_US) is PAUSED, not approved: it cannot be sent yet.',
      ]);
    });

    it('syncs the templates from Meta', async () => {
      await (await button(/Sync$/)).click();
      const sync = http.expectOne({ method: 'POST', url: `${TEMPLATES_URL}/sync` });
      expect(sync.request.body).toEqual({ account_id: account.id });
      sync.flush({ synced: 3 });
      await flushTemplates([anOrderUpdateTemplate()]);
    });
  });

  describe('interactive', () => {
    beforeEach(async () => {
      await open({ accountId: account.id, to: '+15550101234' });
      await chooseKind('Buttons / list');
    });

    it('offers 1 to 3 reply buttons with titles of at most 20 characters', async () => {
      await (await input('Body')).setValue('Tuesday at 10:00?');
      expect(await (await labelled('Remove button 1')).isDisabled()).toBe(true);
      await (await button(/Add button/)).click();
      await (await button(/Add button/)).click();
      expect(await (await button(/Add button/)).isDisabled()).toBe(true);

      await (await input('Button 1 title')).setValue('Yes, see you then!!!x');
      expect(await (await field('Button 1 title')).getTextErrors()).toEqual([
        'Title must be at most 20 characters.',
      ]);
      expect(await (await sendButton()).isDisabled()).toBe(true);
      await (await input('Button 1 title')).setValue('Yes');
      await (await input('Button 2 title')).setValue('No');
      await (await input('Button 3 title')).setValue('Call me');
      expect(await (await field('Button 1 title')).getTextHints()).toEqual(['3 / 20']);
      expect(previewText()).toContain('Tuesday at 10:00?');
      expect(
        [...document.querySelectorAll('app-whatsapp-bubble .button')].map((b) =>
          b.textContent?.trim(),
        ),
      ).toEqual(['reply Yes', 'reply No', 'reply Call me']);

      const request = await send();
      expect(request.request.body.interactive).toEqual({
        type: 'button',
        body: 'Tuesday at 10:00?',
        buttons: [
          { id: '1_yes', title: 'Yes' },
          { id: '2_no', title: 'No' },
          { id: '3_call_me', title: 'Call me' },
        ],
      });
      await fail(
        request,
        400,
        anErrorBody(400, 'Validation failed', [
          { field: 'interactive.buttons.1.title', messages: ['title must be unique'] },
        ]),
      );
      expect(await (await field('Button 2 title')).getTextErrors()).toEqual([
        'title must be unique',
      ]);
    });

    it('builds a list of sections and rows, 10 rows at most', async () => {
      await (await loader.getHarness(MatButtonToggleHarness.with({ text: /List$/ }))).check();
      await (await input('Body')).setValue('Pick a slot');
      await (await input('List button label')).setValue('Times');
      await (await input('Row 1 title')).setValue('09:00');
      for (let i = 1; i < 10; i++) await (await button(/Add row/)).click();
      expect(await (await button(/Add row/)).isDisabled()).toBe(true);
      expect(await (await button(/Add section/)).isDisabled()).toBe(true);
      for (let i = 9; i > 1; i--)
        await (await labelled(`Remove row ${i + 1} of section 1`)).click();
      await (await input('Row 2 title')).setValue('10:00');
      await (await input('Row 2 description (optional)')).setValue('Late morning');

      const request = await send();
      expect(request.request.body.interactive).toEqual({
        type: 'list',
        body: 'Pick a slot',
        button: 'Times',
        sections: [
          {
            rows: [
              { id: '1_09_00', title: '09:00' },
              { id: '2_10_00', title: '10:00', description: 'Late morning' },
            ],
          },
        ],
      });
      request.flush(aSentMessage());
      await closed;
    });
  });

  describe('media', () => {
    beforeEach(async () => {
      await open({ accountId: account.id, to: '+15550101234' });
      await chooseKind('Media');
    });

    function pick(file: File): void {
      const picker = dialogElement().querySelector<HTMLInputElement>('input[type=file]')!;
      Object.defineProperty(picker, 'files', { value: [file], configurable: true });
      picker.dispatchEvent(new Event('change'));
    }

    it('checks the file before uploading it', async () => {
      pick(new File([new Uint8Array(6 * 1024 * 1024)], 'big.png', { type: 'image/png' }));
      await settle();
      expect(
        dialogElement().querySelector('app-media-source [role="alert"]')?.textContent,
      ).toContain('big.png is 6 MB: images can be at most 5 MB.');
      pick(new File(['GIF89a'], 'anim.gif', { type: 'image/gif' }));
      await settle();
      expect(
        dialogElement().querySelector('app-media-source [role="alert"]')?.textContent,
      ).toContain(
        'anim.gif is not a file WhatsApp sends as an image: use JPEG or PNG, up to 5 MB.',
      );
      http.expectNone(`${SEND_URL}/media`);
    });

    it('uploads with a progress bar and sends the media id with the caption', async () => {
      pick(new File([new Uint8Array(2048)], 'photo.png', { type: 'image/png' }));
      const upload = http.expectOne({ method: 'POST', url: `${SEND_URL}/media` });
      const form = upload.request.body as FormData;
      expect(form.get('account_id')).toBe(account.id);
      expect((form.get('file') as File).name).toBe('photo.png');

      upload.event({ type: HttpEventType.UploadProgress, loaded: 1024, total: 2048 });
      await settle();
      expect(await (await loader.getHarness(MatProgressBarHarness)).getValue()).toBe(50);
      expect(await (await sendButton()).isDisabled()).toBe(true);

      upload.flush(anUploadedMedia());
      await settle();
      expect(dialogElement().querySelector('app-media-source .file-name')?.textContent).toContain(
        'photo.png',
      );
      await (await input('Caption (optional)')).setValue('Our new _menu_');
      expect(previewText()).toContain('photo.png');

      const request = await send();
      expect(request.request.body).toMatchObject({
        message_type: 'image',
        media: { id: '1037543291543636', caption: 'Our new _menu_' },
      });
      request.flush(aSentMessage({ message_type: 'image' }));
      await closed;
    });
  });

  describe('failures', () => {
    beforeEach(async () => {
      await open();
      await fillRecipientAndText();
    });

    it('puts 400 messages under their fields', async () => {
      await fail(
        await send(),
        400,
        anErrorBody(400, 'Validation failed', [
          { field: 'to', messages: ['to is not a valid phone number: +15550101234'] },
          { field: 'text', messages: ['text must not contain only spaces'] },
        ]),
      );
      expect(await (await field('Recipient phone number')).getTextErrors()).toEqual([
        'to is not a valid phone number: +15550101234',
      ]);
      expect(await (await field('Message')).getTextErrors()).toEqual([
        'text must not contain only spaces',
      ]);
      expect(await (await sendButton()).isDisabled()).toBe(true);
    });

    it('explains the 24-hour window and switches to a template', async () => {
      await fail(await send(), 422, aWindowClosedBody());
      const dialog = await loader.getHarness(MatDialogHarness);
      expect(await dialog.getText()).toContain(
        '+15550101234 has not written to this number yet. WhatsApp delivers free-form messages only within 24 hours',
      );

      [...dialogElement().querySelectorAll('button')]
        .find((element) => element.textContent?.includes('Use a template'))
        ?.click();
      await flushTemplates([anOrderUpdateTemplate()]);
      expect(
        await (
          await loader.getHarness(MatButtonToggleHarness.with({ text: /Template$/ }))
        ).isChecked(),
      ).toBe(true);
      expect(await dialog.getText()).not.toContain('Outside the 24-hour window');
    });

    it("shows Meta's explanation, fix, code and trace id, without Retry when retrying won't help", async () => {
      await fail(await send(), 422, aSendFailedBody(422));
      const panel = document.querySelector('app-meta-error-panel')!;
      expect(panel.textContent).toContain('Message undeliverable');
      expect(panel.textContent).toContain(
        'This number is not on WhatsApp, or it cannot receive messages from businesses.',
      );
      expect(panel.textContent).toContain('What to do: Check the number with the customer');
      expect(panel.textContent).toContain('131026');
      expect(panel.textContent).toContain('AbCdEf123456');
      expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /Retry/ }))).toHaveLength(
        0,
      );
      expect(
        await loader.getHarness(
          MatButtonHarness.with({ selector: '[aria-label="Copy trace id"]' }),
        ),
      ).toBeTruthy();
    });

    it('retries when Meta was unreachable, as a new submission', async () => {
      const first = await send();
      const firstKey = first.request.headers.get('Idempotency-Key');
      await fail(
        first,
        502,
        aSendFailedBody(
          502,
          aMetaError({ code: 131000, title: 'Meta unreachable', retryable: true }),
        ),
      );
      await (await button(/Retry/)).click();
      const retry = http.expectOne({ method: 'POST', url: SEND_URL });
      // The first attempt is stored as failed under its key: the same key would replay it.
      expect(retry.request.headers.get('Idempotency-Key')).toMatch(UUID);
      expect(retry.request.headers.get('Idempotency-Key')).not.toBe(firstKey);
      retry.flush(aSentMessage());
      await closed;
    });

    it('sends the same Idempotency-Key again when the first attempt got no answer', async () => {
      const first = await send();
      const key = first.request.headers.get('Idempotency-Key');
      first.error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
      await settle();
      expect(await (await loader.getHarness(MatDialogHarness)).getText()).toContain(
        'Not sure the message went out',
      );

      await (await button(/Retry/)).click();
      const retry = http.expectOne({ method: 'POST', url: SEND_URL });
      expect(retry.request.headers.get('Idempotency-Key')).toBe(key);
      await fail(retry, 503, anErrorBody(503, 'Service unavailable'));

      // Another message is another submission.
      await (await input('Message')).setValue('Hello again');
      const next = await send();
      expect(next.request.headers.get('Idempotency-Key')).toMatch(UUID);
      expect(next.request.headers.get('Idempotency-Key')).not.toBe(key);
      next.flush(aSentMessage());
      await closed;
    });
  });
});
