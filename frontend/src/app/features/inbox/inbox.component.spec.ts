import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { ConversationDto } from '../../core/api/models/conversation-dto';
import { aAccount } from '../../../testing/account-fixtures';
import { anErrorBody, settle } from '../../../testing/auth-fixtures';
import { FakeRealtimeService, provideFakeRealtime } from '../../../testing/fake-realtime';
import { provideTestApp } from '../../../testing/test-providers';
import { SEARCH_DEBOUNCE_MS } from './conversation-list/conversation-list.component';
import {
  CONVERSATIONS_PAGE_SIZE,
  LIVE_REFRESH_DELAY_MS,
  MARK_READ_DELAY_MS,
} from './conversations.store';
import { InboxComponent } from './inbox.component';
import {
  ALAN_ID,
  GRACE_ID,
  aClosedConversation,
  aConversation,
  aThreadMessage,
  fromNow,
} from './testing/inbox-fixtures';

const LIST_URL = '/api/whatsapp/conversations';
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('InboxComponent', () => {
  let harness: RouterTestingHarness;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let realtime: FakeRealtimeService;

  const page = () => harness.routeNativeElement as HTMLElement;
  const router = () => TestBed.inject(Router);
  const queryParams = () => router().parseUrl(router().url).queryParams;
  const textOf = (element: Element | null | undefined) =>
    element?.textContent?.replace(/\s+/g, ' ').trim();
  const rows = () => [...page().querySelectorAll<HTMLElement>('[role="option"]')];
  const names = () => rows().map((row) => textOf(row.querySelector('.name')));
  const row = (contactId: string) => {
    const element = page().querySelector<HTMLElement>(`[data-contact-id="${contactId}"]`);
    if (!element) throw new Error(`No row for ${contactId}`);
    return element;
  };

  async function rendered(): Promise<void> {
    await settle();
    await harness.fixture.whenStable();
  }

  /** The one list request the page made, once it made it. */
  function listRequest(): Promise<TestRequest> {
    return vi.waitFor(() => http.expectOne((r) => r.method === 'GET' && r.url === LIST_URL));
  }

  async function flushList(items: ConversationDto[], nextCursor: string | null = null) {
    const request = await listRequest();
    request.flush({ items, next_cursor: nextCursor });
    await rendered();
    return request;
  }

  /**
   * Opens `url`, answers the accounts and the list with `items` (and, with `?contact=`, what
   * opening that conversation asks for). The page is not stable while a request is pending.
   */
  async function render(
    url: string,
    items: ConversationDto[],
    accounts = [aAccount()],
  ): Promise<TestRequest> {
    harness = await RouterTestingHarness.create();
    loader = TestbedHarnessEnvironment.loader(harness.fixture);
    void harness.navigateByUrl(url);
    (await vi.waitFor(() => http.expectOne('/api/whatsapp/accounts'))).flush(accounts);
    const request = await listRequest();
    request.flush({ items, next_cursor: null });
    if (!url.includes('contact=')) await rendered();
    return request;
  }

  /** Answers what opening Grace's conversation asks for: read, the conversation, its messages. */
  async function flushOpenedConversation(conversation = aConversation()): Promise<TestRequest> {
    const read = await vi.waitFor(() =>
      http.expectOne({ method: 'POST', url: `${LIST_URL}/${GRACE_ID}/read` }),
    );
    read.flush({ ...conversation, unread_count: 0 });
    (await vi.waitFor(() => http.expectOne(`${LIST_URL}/${GRACE_ID}`))).flush(conversation);
    (await vi.waitFor(() => http.expectOne(`${LIST_URL}/${GRACE_ID}/messages?limit=50`))).flush({
      items: [aThreadMessage({ preview_text: 'Is my order on its way?' })],
      next_cursor: null,
    });
    await rendered();
    return read;
  }

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        ...provideTestApp([{ path: 'inbox', component: InboxComponent }]),
        provideFakeRealtime(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    realtime = TestBed.inject(FakeRealtimeService);
    TestBed.inject(Router).setUpLocationChangeListener();
  });

  afterEach(() => http.verify());

  describe('the conversation list', () => {
    it('shows each contact with the last message, unread count and window, newest first', async () => {
      const request = await render('/inbox', [aConversation(), aClosedConversation()]);
      expect(request.request.params.get('limit')).toBe(String(CONVERSATIONS_PAGE_SIZE));

      expect(names()).toEqual(['Grace Hopper', 'Alan Turing']);
      const grace = row(GRACE_ID);
      expect(textOf(grace.querySelector('.preview'))).toBe('Is my order on its way?');
      expect(textOf(grace.querySelector('.badge'))).toBe('2');
      expect(textOf(grace.querySelector('.window'))).toBe('schedule 3 h 12 min left');
      expect(grace.getAttribute('aria-label')).toContain('Grace Hopper. 2 unread messages.');

      const alan = row(ALAN_ID);
      expect(alan.querySelector('.badge')).toBeNull();
      expect(textOf(alan.querySelector('.preview'))).toBe('Template: order_update');
      expect(alan.querySelector('.tick')?.classList).toContain('read');
      expect(textOf(alan.querySelector('.window'))).toBe('lock_clock Closed');
      expect(alan.getAttribute('aria-label')).toContain('You: Template: order_update (read)');
    });

    it('cuts a long last message like the live events do, so a row looks the same either way', async () => {
      const long = `Hello 👋🏽 ${'I would like to change the delivery address of my order. '.repeat(3)}`;
      const grace = aConversation();
      await render('/inbox', [
        { ...grace, last_message: { ...grace.last_message!, preview_text: long } },
      ]);

      expect(textOf(row(GRACE_ID).querySelector('.preview'))).toBe(
        'Hello 👋🏽 I would like to change the delivery address of my order. I would like to change the delive…',
      );
    });

    it('names contacts by profile name, else number, else user id', async () => {
      await render('/inbox', [
        aConversation({
          contact: {
            id: GRACE_ID,
            wa_id: '15550101234',
            user_id: null,
            profile_name: null,
            name: null,
            consent_state: 'unknown',
          },
        }),
        aClosedConversation({
          contact: {
            id: ALAN_ID,
            wa_id: null,
            user_id: 'US.13491208655302741918',
            profile_name: null,
            name: null,
            consent_state: 'unknown',
          },
        }),
      ]);
      expect(names()).toEqual(['+15550101234', 'US.13491208655302741918']);
    });

    it('opens a conversation, keeps it in the URL and marks it read', async () => {
      await render('/inbox', [aConversation(), aClosedConversation()]);

      row(GRACE_ID).click();
      await flushOpenedConversation();

      expect(queryParams()).toEqual({ contact: GRACE_ID });
      expect(row(GRACE_ID).getAttribute('aria-selected')).toBe('true');
      expect(row(GRACE_ID).querySelector('.badge')).toBeNull();
      expect(textOf(page().querySelector('app-conversation-thread .name'))).toBe('Grace Hopper');
      expect(textOf(page().querySelector('app-thread-message .body'))).toBe(
        'Is my order on its way?',
      );
    });

    it('opens the conversation of the URL after a reload', async () => {
      await render(`/inbox?contact=${GRACE_ID}`, [aConversation()]);
      const read = await flushOpenedConversation();
      expect(read.request.method).toBe('POST');
      expect(row(GRACE_ID).getAttribute('aria-selected')).toBe('true');
    });

    it('moves through the list with the arrow keys and opens with Enter', async () => {
      await render('/inbox', [aConversation(), aClosedConversation()]);
      const list = page().querySelector<HTMLElement>('[role="listbox"]')!;
      row(GRACE_ID).focus();

      list.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
      await rendered();
      expect(document.activeElement).toBe(row(ALAN_ID));
      expect(row(ALAN_ID).tabIndex).toBe(0);
      expect(row(GRACE_ID).tabIndex).toBe(-1);

      list.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      await vi.waitFor(() => expect(queryParams()).toEqual({ contact: ALAN_ID }));
      (await vi.waitFor(() => http.expectOne(`${LIST_URL}/${ALAN_ID}/read`))).flush(
        aClosedConversation(),
      );
      (await vi.waitFor(() => http.expectOne(`${LIST_URL}/${ALAN_ID}`))).flush(
        aClosedConversation(),
      );
      (
        await vi.waitFor(() => http.expectOne((r) => r.url === `${LIST_URL}/${ALAN_ID}/messages`))
      ).flush({
        items: [],
        next_cursor: null,
      });
      await rendered();
    });

    it('searches after a pause in typing, with the search in the URL', async () => {
      await render('/inbox', [aConversation(), aClosedConversation()]);
      const search = await loader.getHarness(MatInputHarness.with({ selector: '[type="search"]' }));
      await search.setValue('gra');
      await wait(SEARCH_DEBOUNCE_MS + 50);

      expect(queryParams()).toEqual({ q: 'gra' });
      const request = await flushList([aConversation()]);
      expect(request.request.params.get('q')).toBe('gra');
      expect(names()).toEqual(['Grace Hopper']);
    });

    it('says when there are no conversations yet, and how to start one', async () => {
      await render('/inbox', []);
      expect(textOf(page().querySelector('app-empty-state h2'))).toBe('No conversations yet');
      expect(textOf(page().querySelector('app-empty-state p'))).toBe(
        "When a customer writes to one of your numbers it shows up here. To write first, send an approved template. Nothing arrives? Check the number's webhook on the Accounts page.",
      );
      expect(page().querySelector('[role="listbox"]')).toBeNull();
      expect(page().querySelector('app-empty-state a')?.getAttribute('href')).toBe('/accounts');
      expect(
        await loader.getAllHarnesses(
          MatButtonHarness.with({ ancestor: 'app-empty-state', text: /Send a template/ }),
        ),
      ).toHaveLength(1);
    });

    it('tells a new organization to connect an account first, with a link to the Accounts page', async () => {
      await render('/inbox', [], []);
      expect(textOf(page().querySelector('app-empty-state h2'))).toBe(
        'Connect a WhatsApp account first',
      );
      const link = page().querySelector('app-empty-state a');
      expect(textOf(link)).toBe('add Connect an account');
      expect(link?.getAttribute('href')).toBe('/accounts');
      expect(page().querySelector('app-conversation-list')).toBeNull();
    });

    it('shows a failed load with Retry', async () => {
      harness = await RouterTestingHarness.create();
      loader = TestbedHarnessEnvironment.loader(harness.fixture);
      void harness.navigateByUrl('/inbox');
      (await vi.waitFor(() => http.expectOne('/api/whatsapp/accounts'))).flush([aAccount()]);
      (await listRequest()).flush(anErrorBody(500, 'Internal server error'), {
        status: 500,
        statusText: 'Server Error',
      });
      await rendered();
      expect(textOf(page().querySelector('app-empty-state h2'))).toBe(
        "Couldn't load the conversations",
      );

      const retry = await loader.getHarness(MatButtonHarness.with({ text: /Retry/ }));
      const clicking = retry.click();
      await flushList([aConversation()]);
      await clicking;
      expect(names()).toEqual(['Grace Hopper']);
    });
  });

  describe('live', () => {
    function inbound(contactId: string, preview: string) {
      const message = aThreadMessage({
        contact_id: contactId,
        preview_text: preview,
        created_at: fromNow(-60_000),
      });
      realtime.emit('message.inbound', {
        message_id: message.id,
        contact_id: contactId,
        account_id: aAccount().id,
        phone_number_id: message.phone_number_id,
        wa_message_id: message.wa_message_id!,
        message_type: 'text',
        preview,
        media_id: null,
        received_at: message.created_at,
      });
      return message;
    }

    it("bumps a contact's conversation to the top with one more unread message", async () => {
      await render('/inbox', [aConversation(), aClosedConversation()]);

      const message = inbound(ALAN_ID, 'Thanks, got it!');
      await rendered();
      expect(names()).toEqual(['Alan Turing', 'Grace Hopper']);
      expect(textOf(row(ALAN_ID).querySelector('.badge'))).toBe('1');
      expect(textOf(row(ALAN_ID).querySelector('.preview'))).toBe('Thanks, got it!');
      // Writing reopened Alan's window.
      expect(textOf(row(ALAN_ID).querySelector('.window'))).toBe('schedule 23 h 59 min left');

      // Then the first page is fetched again, for the server's counts.
      await wait(LIVE_REFRESH_DELAY_MS);
      const fresh = aClosedConversation({
        unread_count: 1,
        last_message: {
          id: message.id,
          direction: 'in',
          message_type: 'text',
          preview_text: 'Thanks, got it!',
          status: 'received',
          created_at: message.created_at,
        },
        last_message_at: message.created_at,
        last_inbound_at: message.created_at,
        window: { open: true, expires_at: fromNow(24 * 3600_000) },
      });
      await flushList([fresh, aConversation()]);
      expect(names()).toEqual(['Alan Turing', 'Grace Hopper']);
      expect(textOf(row(ALAN_ID).querySelector('.badge'))).toBe('1');
    });

    it('keeps the open conversation read and tells the server', async () => {
      await render(`/inbox?contact=${GRACE_ID}`, [aConversation(), aClosedConversation()]);
      await flushOpenedConversation();

      inbound(GRACE_ID, 'Hello again');
      await rendered();
      expect(row(GRACE_ID).querySelector('.badge')).toBeNull();
      expect(textOf(row(GRACE_ID).querySelector('.preview'))).toBe('Hello again');

      await wait(Math.max(MARK_READ_DELAY_MS, LIVE_REFRESH_DELAY_MS) + 50);
      const requests = http.match(() => true);
      expect(requests.map((r) => `${r.request.method} ${r.request.url}`).sort()).toEqual([
        `GET ${LIST_URL}`,
        `GET ${LIST_URL}/${GRACE_ID}/messages`,
        `POST ${LIST_URL}/${GRACE_ID}/read`,
      ]);
      for (const request of requests) {
        if (request.request.url === LIST_URL) {
          request.flush({
            items: [aConversation({ unread_count: 1 }), aClosedConversation()],
            next_cursor: null,
          });
        } else if (request.request.method === 'POST') {
          request.flush(aConversation({ unread_count: 0 }));
        } else {
          request.flush({ items: [], next_cursor: null });
        }
      }
      await rendered();
      expect(row(GRACE_ID).querySelector('.badge')).toBeNull();
    });

    it('clears the badge of a conversation read in another tab or by a colleague', async () => {
      await render('/inbox', [aConversation(), aClosedConversation()]);
      expect(textOf(row(GRACE_ID).querySelector('.badge'))).toBe('2');

      realtime.emit('conversation.read', { contact_id: GRACE_ID, read_at: fromNow(0) });
      await rendered();
      expect(row(GRACE_ID).querySelector('.badge')).toBeNull();
      // Nothing to fetch: the event said it all.
      await wait(LIVE_REFRESH_DELAY_MS + 50);
      http.expectNone(() => true);

      // A message arriving afterwards counts again.
      inbound(GRACE_ID, 'One more thing');
      await rendered();
      expect(textOf(row(GRACE_ID).querySelector('.badge'))).toBe('1');
      await wait(LIVE_REFRESH_DELAY_MS + 50);
      (await listRequest()).flush({
        items: [aConversation({ unread_count: 1 }), aClosedConversation()],
        next_cursor: null,
      });
      await rendered();
    });

    it('shows a message sent elsewhere as the last one, without fetching the list again', async () => {
      await render('/inbox', [aConversation(), aClosedConversation()]);
      const sentAt = fromNow(-1000);

      realtime.emit('message.created', {
        message_id: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
        contact_id: ALAN_ID,
        account_id: aAccount().id,
        direction: 'out',
        status: 'queued',
        message_type: 'text',
        preview: 'Your refund is on its way',
        created_at: sentAt,
      });
      await rendered();
      expect(names()).toEqual(['Alan Turing', 'Grace Hopper']);
      expect(textOf(row(ALAN_ID).querySelector('.preview'))).toContain('Your refund is on its way');
      await wait(LIVE_REFRESH_DELAY_MS + 50);
      http.expectNone(() => true);

      // A conversation not listed yet comes with the first page.
      realtime.emit('message.created', {
        message_id: '8b7c6d5e-4f3a-4b2c-8d9e-0f1a2b3c4d5e',
        contact_id: '0a0b0c0d-0e0f-4a1b-8c2d-3e4f5a6b7c8d',
        account_id: aAccount().id,
        direction: 'out',
        status: 'queued',
        message_type: 'text',
        preview: 'Welcome!',
        created_at: fromNow(0),
      });
      await wait(LIVE_REFRESH_DELAY_MS + 50);
      (await listRequest()).flush({
        items: [aConversation(), aClosedConversation()],
        next_cursor: null,
      });
      await rendered();
    });
  });
});
