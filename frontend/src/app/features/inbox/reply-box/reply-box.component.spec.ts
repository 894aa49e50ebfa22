import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatButtonToggleHarness } from '@angular/material/button-toggle/testing';
import { MatDialog } from '@angular/material/dialog';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import type { AccountResponseDto } from '../../../core/api/models/account-response-dto';
import type { ConversationDto } from '../../../core/api/models/conversation-dto';
import { aAccount, aFailedConnectionTest } from '../../../../testing/account-fixtures';
import { settle } from '../../../../testing/auth-fixtures';
import {
  aMetaError,
  aSendFailedBody,
  aSentMessage,
  aWindowClosedBody,
} from '../../../../testing/send-message-fixtures';
import { provideTestApp } from '../../../../testing/test-providers';
import { aClosedConversation, aConversation, fromNow } from '../testing/inbox-fixtures';
import { type InboxSend, ReplyBoxComponent, type ReplyTarget } from './reply-box.component';

@Component({
  imports: [ReplyBoxComponent],
  template: `<app-reply-box
    [conversation]="conversation()"
    [account]="account()"
    [replyTo]="replyTo()"
    (sent)="sent.push($event)"
    (cancelReply)="cancelled = cancelled + 1"
  />`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class HostComponent {
  readonly conversation = signal<ConversationDto>(aConversation());
  readonly account = signal<AccountResponseDto | null>(null);
  readonly replyTo = signal<ReplyTarget | null>(null);
  readonly sent: InboxSend[] = [];
  cancelled = 0;
}

const SEND_URL = '/api/whatsapp/messages';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ReplyBoxComponent', () => {
  let fixture: ComponentFixture<HostComponent>;
  let loader: HarnessLoader;
  let http: HttpTestingController;

  const host = () => fixture.componentInstance;
  const box = () => fixture.nativeElement.querySelector('app-reply-box') as HTMLElement;
  const text = (selector: string) =>
    box().querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  const messageInput = () => loader.getHarness(MatInputHarness);
  const textarea = () => box().querySelector('textarea') as HTMLTextAreaElement;

  async function render(conversation: ConversationDto = aConversation()): Promise<void> {
    host().conversation.set(conversation);
    await fixture.whenStable();
  }

  /** Types `value` and presses Enter: the send request is then pending. */
  async function typeAndPressEnter(value: string): Promise<TestRequest> {
    await (await messageInput()).setValue(value);
    textarea().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    return vi.waitFor(() => http.expectOne({ method: 'POST', url: SEND_URL }));
  }

  /** Answers the pending send and lets the box show the outcome. */
  async function answer(request: TestRequest, body: object, status = 201): Promise<void> {
    request.flush(body, status === 201 ? {} : { status, statusText: 'Error' });
    await settle();
    await fixture.whenStable();
  }

  // The send dialog is loaded on first use: load it once up front.
  beforeAll(() => import('../../messages/send-dialog/send-message-dialog.component'));

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideTestApp() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(HostComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
  });

  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    http.verify();
  });

  describe('while the window is open', () => {
    it('offers the text field and says how long the window stays open', async () => {
      const field = await loader.getHarness(MatFormFieldHarness);
      expect(await field.getLabel()).toBe('Message Grace Hopper');
      expect(await (await messageInput()).isDisabled()).toBe(false);
      expect(await field.getTextHints()).toEqual([
        expect.stringMatching(/Window closes in 3 h 12 min$/),
      ]);
      expect(text('.notice')).toBeNull();
    });

    it('says why a failing account cannot reply, links to the Accounts page and sends nothing', async () => {
      const accountId = aConversation().business_number.account_id!;
      host().account.set(
        aAccount({ id: accountId, status: 'failing', last_check: aFailedConnectionTest() }),
      );
      await fixture.whenStable();
      expect(text('.notice.failing .notice-text')).toBe(
        'Support line is failing: replies can\'t be sent Failed at "Access token accepted": Invalid OAuth access token: the token has expired. Verify it on the Accounts page, then reply.',
      );
      expect(box().querySelector('.notice.failing a')?.getAttribute('href')).toBe('/accounts');
      await (await messageInput()).setValue('Hello?');
      textarea().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      await settle();
      http.expectNone({ method: 'POST', url: SEND_URL });
      expect(
        await (await loader.getHarness(MatButtonHarness.with({ selector: '.send' }))).isDisabled(),
      ).toBe(true);

      // Verified again: replies go.
      host().account.set(aAccount({ id: accountId }));
      await fixture.whenStable();
      expect(text('.notice.failing')).toBeNull();
      expect(
        await (await loader.getHarness(MatButtonHarness.with({ selector: '.send' }))).isDisabled(),
      ).toBe(false);
    });

    it('counts down to the window closing', async () => {
      await render(
        aConversation({ window: { open: true, expires_at: fromNow(45 * 60_000 + 5000) } }),
      );
      const field = await loader.getHarness(MatFormFieldHarness);
      expect(await field.getTextHints()).toEqual([
        expect.stringMatching(/Window closes in 45 min$/),
      ]);
    });

    it('sends the text on Enter with an Idempotency-Key, with a spinner until Meta answers', async () => {
      const request = await typeAndPressEnter('  Your order ships *today*  ');

      expect(request.request.body).toEqual({
        account_id: aAccount().id,
        to: '+15550101234',
        message_type: 'text',
        text: 'Your order ships *today*',
      });
      expect(request.request.headers.get('Idempotency-Key')).toMatch(UUID);
      fixture.detectChanges();
      const send = box().querySelector<HTMLButtonElement>('button.send');
      expect(send?.disabled).toBe(true);
      expect(send?.getAttribute('aria-busy')).toBe('true');
      expect(send?.querySelector('mat-progress-spinner')).not.toBeNull();

      const sent = aSentMessage({ preview_text: 'Your order ships *today*' });
      await answer(request, sent);
      expect(host().sent).toEqual([{ sent, request: request.request.body }]);
      expect(await (await messageInput()).getValue()).toBe('');
      expect(
        await (await loader.getHarness(MatButtonHarness.with({ selector: '.send' }))).isDisabled(),
      ).toBe(false);
      expect(box().querySelector('mat-progress-spinner')).toBeNull();
    });

    it('sends the text with the Send button, without leaving the page', async () => {
      await (await messageInput()).setValue('Thanks for your order');
      const form = box().querySelector('form') as HTMLFormElement;
      let navigated = false;
      // Without the handler, the browser would submit the form: a page load, and no request.
      form.addEventListener('submit', (event) => (navigated = !event.defaultPrevented));
      await (await loader.getHarness(MatButtonHarness.with({ selector: '.send' }))).click();
      const request = await vi.waitFor(() => http.expectOne({ method: 'POST', url: SEND_URL }));
      expect(request.request.body).toMatchObject({ text: 'Thanks for your order' });
      expect(navigated).toBe(false);
      await answer(request, aSentMessage({ preview_text: 'Thanks for your order' }));
    });

    it('starts a new line on Shift+Enter instead of sending', async () => {
      await (await messageInput()).setValue('First line');
      const input = await messageInput();
      await (await input.host()).dispatchEvent('keydown', { key: 'Enter', shiftKey: true });
      http.expectNone(SEND_URL);
      expect(await input.getValue()).toBe('First line');
    });

    it("shows Meta's plain-language explanation when it refuses, and sends again with a new key", async () => {
      const first = await typeAndPressEnter('Hello');
      const key = first.request.headers.get('Idempotency-Key');
      const error = aMetaError({ retryable: true, code: 131000, title: 'Something went wrong' });
      await answer(first, aSendFailedBody(502, error), 502);

      expect(text('app-meta-error-panel .title')).toBe('Something went wrong');
      expect(text('app-meta-error-panel .explanation')).toBe(error.explanation);
      expect(text('app-meta-error-panel .fix')).toBe(`What to do: ${error.fix}`);
      expect(host().sent).toEqual([]);
      expect(await (await messageInput()).getValue()).toBe('Hello');

      const retry = await loader.getHarness(MatButtonHarness.with({ text: /Retry/ }));
      const retrying = retry.click();
      const second = await vi.waitFor(() => http.expectOne({ method: 'POST', url: SEND_URL }));
      expect(second.request.headers.get('Idempotency-Key')).not.toBe(key);
      second.flush(aSentMessage());
      await retrying;
      await fixture.whenStable();
      expect(box().querySelector('app-meta-error-panel')).toBeNull();
      expect(host().sent).toHaveLength(1);
    });

    it('puts a refusal about the text under the field', async () => {
      const request = await typeAndPressEnter('Hello');
      await answer(
        request,
        {
          status_code: 400,
          error: 'Bad Request',
          message: 'Validation failed',
          request_id: 'req-1',
          details: [{ field: 'text', messages: ['text must be at most 4096 characters'] }],
        },
        400,
      );
      const field = await loader.getHarness(MatFormFieldHarness);
      expect(await field.getTextErrors()).toEqual(['text must be at most 4096 characters']);
    });

    it('quotes the message being replied to and sends reply_to', async () => {
      host().replyTo.set({
        id: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
        text: 'Where is my order?',
      });
      await fixture.whenStable();
      expect(text('.quote-text')).toBe('Replying to: Where is my order?');

      const request = await typeAndPressEnter('On its way!');
      expect(request.request.body).toMatchObject({
        reply_to: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
        text: 'On its way!',
      });
      await answer(request, aSentMessage());

      await (
        await loader.getHarness(
          MatButtonHarness.with({ selector: '[aria-label="Cancel the reply"]' }),
        )
      ).click();
      expect(host().cancelled).toBe(1);
    });

    it('switches to templates when Meta says the window is closed (131047)', async () => {
      const request = await typeAndPressEnter('Hello');
      const closed = aMetaError({ code: 131047, title: 'Customer service window closed' });
      await answer(request, aSendFailedBody(422, closed), 422);

      expect(await loader.getAllHarnesses(MatInputHarness)).toHaveLength(0);
      expect(text('.notice-title')).toBe('The 24-hour window is closed');
      expect(
        await loader.getAllHarnesses(MatButtonHarness.with({ text: /Send a template/ })),
      ).toHaveLength(1);
    });

    it('switches to templates when the server says the window is closed', async () => {
      const lastInbound = fromNow(-30 * 3600_000);
      const request = await typeAndPressEnter('Hello');
      await answer(request, aWindowClosedBody(lastInbound), 422);

      expect(await loader.getAllHarnesses(MatInputHarness)).toHaveLength(0);
      expect(text('.notice-title')).toBe('The 24-hour window is closed');
      expect(text('.notice-text')).toContain('Grace Hopper last wrote yesterday.');
    });
  });

  describe('once the window is closed', () => {
    beforeEach(() => render(aClosedConversation()));

    it('replaces the text field with the reason and a template button', async () => {
      expect(await loader.getAllHarnesses(MatInputHarness)).toHaveLength(0);
      expect(text('.notice-title')).toBe('The 24-hour window is closed');
      expect(text('.notice-text')).toContain('Alan Turing last wrote 2 days ago.');
      expect(text('.notice-text')).toContain('send an approved template');
    });

    it('opens the send dialog on its Template form, for this contact and account', async () => {
      const button = await loader.getHarness(MatButtonHarness.with({ text: /Send a template/ }));
      await button.click();
      const accounts = await vi.waitFor(() =>
        http.expectOne({ method: 'GET', url: '/api/whatsapp/accounts' }),
      );
      accounts.flush([aAccount()]);
      const templates = await vi.waitFor(() =>
        http.expectOne((r) => r.method === 'GET' && r.url === '/api/whatsapp/templates'),
      );
      expect(templates.request.params.get('account_id')).toBe(aAccount().id);
      templates.flush([]);
      await settle();

      const documentLoader = TestbedHarnessEnvironment.documentRootLoader(fixture);
      const dialog = await documentLoader.getHarness(MatDialogHarness);
      const template = await dialog.getHarness(MatButtonToggleHarness.with({ text: /Template/ }));
      expect(await template.isChecked()).toBe(true);
      const recipient = await dialog.getHarness(
        MatInputHarness.with({ selector: 'app-phone-field input' }),
      );
      expect((await recipient.getValue()).replace(/\D/g, '')).toBe('15550105678');
    });

    it('says so when the contact never wrote', async () => {
      await render(
        aClosedConversation({ last_inbound_at: null, window: { open: false, expires_at: null } }),
      );
      expect(text('.notice-text')).toContain("Alan Turing hasn't written to this number yet.");
    });
  });
});
