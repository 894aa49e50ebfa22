import type { HarnessLoader } from '@angular/cdk/testing';
import { Location } from '@angular/common';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatChipListboxHarness } from '@angular/material/chips/testing';
import { MatExpansionPanelHarness } from '@angular/material/expansion/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSidenavHarness } from '@angular/material/sidenav/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { MessageDetailDto } from '../../core/api/models/message-detail-dto';
import type { MessagePageDto } from '../../core/api/models/message-page-dto';
import type { MessageSummaryDto } from '../../core/api/models/message-summary-dto';
import { aAccount } from '../../../testing/account-fixtures';
import { anErrorBody, settle } from '../../../testing/auth-fixtures';
import { FakeRealtimeService, provideFakeRealtime } from '../../../testing/fake-realtime';
import {
  aMessage,
  aMessageDetail,
  aMessageError,
  aMessagePage,
  aStatusEvent,
} from '../../../testing/message-fixtures';
import { pendingRequest } from '../../../testing/pending-request';
import { provideTestApp } from '../../../testing/test-providers';
import { aStatusChange, aMessageCreated } from '../../../testing/live-event-fixtures';
import { FILTER_DEBOUNCE_MS } from './message-filters-bar/message-filters-bar.component';
import { LIVE_REFRESH_DELAY_MS, MessagesComponent, PAGE_SIZE } from './messages.component';

const LIST_URL = '/api/whatsapp/messages';
const ACCOUNTS_URL = '/api/whatsapp/accounts';
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const account = aAccount();
const delivered = aMessage();
const failed = aMessage({
  id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  to: '15550109999',
  status: 'failed',
  preview_text: 'Your order has shipped',
  message_type: 'text',
  created_at: '2026-11-24T11:50:00.000Z',
  delivered_at: null,
  failed_at: '2026-11-24T11:50:02.000Z',
  error: aMessageError(),
});
const inbound = aMessage({
  id: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
  direction: 'in',
  from: '15550101234',
  to: '15550100001',
  status: 'received',
  message_type: 'text',
  preview_text: 'Where is my order?',
  created_at: '2026-11-24T11:40:00.000Z',
  received_at: '2026-11-24T11:40:00.000Z',
});
const newest = aMessage({
  id: '3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f',
  to: '15550102222',
  status: 'queued',
  preview_text: 'Just queued',
  created_at: '2026-11-24T12:00:00.000Z',
});

describe('MessagesComponent', () => {
  let harness: RouterTestingHarness;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let realtime: FakeRealtimeService;

  const page = () => harness.routeNativeElement as HTMLElement;
  const router = () => TestBed.inject(Router);
  const queryParams = () => router().parseUrl(router().url).queryParams;

  const listRequest = () => pendingRequest(http, LIST_URL);

  async function flushList(body: MessagePageDto): Promise<Record<string, string>> {
    const { request, params } = await listRequest();
    request.flush(body);
    await settle();
    await harness.fixture.whenStable();
    return params;
  }

  /** Runs a harness action that makes the page load the list, answering with `body`. */
  async function whileLoading(
    action: Promise<unknown>,
    body: MessagePageDto,
  ): Promise<Record<string, string>> {
    const params = await flushList(body);
    await action;
    return params;
  }

  /** Opens `/messages…`, answers the accounts, and leaves the first list request pending. */
  async function render(url = '/messages', accounts = [account]): Promise<void> {
    harness = await RouterTestingHarness.create(url);
    loader = TestbedHarnessEnvironment.loader(harness.fixture);
    await settle();
    http.expectOne(ACCOUNTS_URL).flush(accounts);
    await settle();
  }

  async function columns(): Promise<Record<string, string[]>> {
    const table = await loader.getHarness(MatTableHarness);
    const byColumn = await table.getCellTextByColumnName();
    return Object.fromEntries(Object.entries(byColumn).map(([name, { text }]) => [name, text]));
  }

  function row(id: string): HTMLElement {
    const element = page().querySelector<HTMLElement>(`tr[data-message-id="${id}"]`);
    if (!element) throw new Error(`No row for ${id}`);
    return element;
  }

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        ...provideTestApp([{ path: 'messages', component: MessagesComponent }]),
        provideFakeRealtime(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    realtime = TestBed.inject(FakeRealtimeService);
    // As the app's initial navigation does: follow Back and Forward.
    TestBed.inject(Router).setUpLocationChangeListener();
  });

  afterEach(() => http.verify());

  describe('filters', () => {
    it('loads the first page with the filters of the URL and shows them', async () => {
      await render(
        `/messages?account=${account.id}&direction=out&status=read,failed&from=2026-11-01&to=2026-11-24&q=hello&contact=%2B1555`,
      );
      const params = await flushList(aMessagePage([delivered]));

      expect(params).toEqual({
        limit: String(PAGE_SIZE),
        account_id: account.id,
        direction: 'out',
        status: 'read,failed',
        since: new Date(2026, 10, 1).toISOString(),
        until: new Date(2026, 10, 25).toISOString(),
        q: 'hello',
        contact: '+1555',
      });
      const selects = await loader.getAllHarnesses(MatSelectHarness);
      expect(await Promise.all(selects.map((select) => select.getValueText()))).toEqual([
        'Support line',
        'Outgoing',
      ]);
      const chips = await loader.getHarness(MatChipListboxHarness);
      const selected = await chips.getChips({ selected: true });
      expect(await Promise.all(selected.map((chip) => chip.getText()))).toEqual(['Read', 'Failed']);
      const search = await loader.getHarness(
        MatInputHarness.with({ selector: '[formControlName="q"]' }),
      );
      expect(await search.getValue()).toBe('hello');
    });

    it('puts a changed filter in the URL and loads the list with it', async () => {
      await render();
      await flushList(aMessagePage([delivered]));

      const direction = (await loader.getAllHarnesses(MatSelectHarness))[1];
      await direction?.open();
      const byDirection = await whileLoading(
        direction.clickOptions({ text: 'Incoming' }),
        aMessagePage([inbound]),
      );
      expect(byDirection['direction']).toBe('in');
      expect(queryParams()).toEqual({ direction: 'in' });

      const chips = await loader.getHarness(MatChipListboxHarness);
      const [received] = await chips.getChips({ text: 'Received' });
      const byStatus = await whileLoading(received.select(), aMessagePage([inbound]));
      expect(byStatus).toEqual({ limit: String(PAGE_SIZE), direction: 'in', status: 'received' });
      expect(queryParams()).toEqual({ direction: 'in', status: 'received' });
    });

    it('searches after a pause in typing', async () => {
      await render();
      await flushList(aMessagePage([delivered]));

      const search = await loader.getHarness(
        MatInputHarness.with({ selector: '[formControlName="q"]' }),
      );
      await search.setValue('ord');
      await wait(FILTER_DEBOUNCE_MS / 2);
      http.expectNone((req) => req.url === LIST_URL);
      await search.setValue('order');
      await wait(FILTER_DEBOUNCE_MS + 50);

      expect(queryParams()).toEqual({ q: 'order' });
      const params = await flushList(aMessagePage([inbound]));
      expect(params).toEqual({ limit: String(PAGE_SIZE), q: 'order' });
    });

    it('clears every filter from the toolbar', async () => {
      await render(`/messages?status=failed&direction=in&q=order&campaign=${account.id}`);
      expect((await flushList(aMessagePage([failed])))['campaign_id']).toBe(account.id);
      expect(page().querySelector('app-message-filters-bar')?.textContent).toContain(
        'One campaign',
      );

      const clear = await loader.getHarness(
        MatButtonHarness.with({ ancestor: 'app-message-filters-bar', text: /Clear filters/ }),
      );
      expect(await whileLoading(clear.click(), aMessagePage([delivered]))).toEqual({
        limit: String(PAGE_SIZE),
      });
      expect(router().url).toBe('/messages');
      const search = await loader.getHarness(
        MatInputHarness.with({ selector: '[formControlName="q"]' }),
      );
      expect(await search.getValue()).toBe('');
    });

    it("lists a Dashboard figure's messages: an error code over UTC days, until changed", async () => {
      await render(
        '/messages?direction=out&status=failed&error_code=131026&from=2026-11-01&to=2026-11-24&tz=utc',
      );
      expect(await flushList(aMessagePage([failed]))).toEqual({
        limit: String(PAGE_SIZE),
        direction: 'out',
        status: 'failed',
        since: '2026-11-01',
        until: '2026-11-24',
        error_code: '131026',
      });
      const bar = () => page().querySelector('app-message-filters-bar')?.textContent ?? '';
      expect(bar()).toContain('Error 131026');
      expect(bar()).toContain('UTC days, as the Dashboard counts them');

      // Removing the error's chip keeps the rest.
      const remove = page().querySelector<HTMLButtonElement>('[aria-label="Show every error"]')!;
      remove.click();
      expect((await flushList(aMessagePage([failed])))['error_code']).toBeUndefined();
      expect(queryParams()).toEqual({
        direction: 'out',
        status: 'failed',
        from: '2026-11-01',
        to: '2026-11-24',
        tz: 'utc',
      });

      // The same days in the user's own time zone.
      page()
        .querySelector<HTMLButtonElement>('[aria-label="Read the dates in your time zone"]')!
        .click();
      const local = await flushList(aMessagePage([failed]));
      expect([local['since'], local['until']]).toEqual([
        new Date(2026, 10, 1).toISOString(),
        new Date(2026, 10, 25).toISOString(),
      ]);
      expect(queryParams()['tz']).toBeUndefined();
    });

    it('follows the URL when the user goes back', async () => {
      await render('/messages?direction=out');
      await flushList(aMessagePage([delivered]));
      await router().navigateByUrl('/messages?status=failed');
      expect(await flushList(aMessagePage([failed]))).toEqual({
        limit: String(PAGE_SIZE),
        status: 'failed',
      });
      const direction = async () => (await loader.getAllHarnesses(MatSelectHarness))[1];
      expect(await (await direction())?.getValueText()).toBe('Outgoing and incoming');

      TestBed.inject(Location).back();
      expect(await flushList(aMessagePage([delivered]))).toEqual({
        limit: String(PAGE_SIZE),
        direction: 'out',
      });
      expect(await (await direction())?.getValueText()).toBe('Outgoing');
      const chips = await loader.getHarness(MatChipListboxHarness);
      expect(await chips.getChips({ selected: true })).toHaveLength(0);
    });
  });

  describe('the table', () => {
    it('shows time, direction, contact, type, preview and status, with the error of a failure', async () => {
      await render();
      await flushList(aMessagePage([delivered, failed, inbound]));

      const cells = await columns();
      expect(cells['contact']).toEqual(['+15550101234', '+15550109999', '+15550101234']);
      expect(cells['type']).toEqual([
        expect.stringMatching(/Template$/),
        expect.stringMatching(/Text$/),
        expect.stringMatching(/Text$/),
      ]);
      expect(cells['preview']).toEqual([
        'hello_world',
        'Your order has shipped',
        'Where is my order?',
      ]);
      expect(cells['status']).toEqual([
        expect.stringMatching(/Delivered$/),
        expect.stringMatching(/Failed\s*Message undeliverable$/),
        expect.stringMatching(/Received$/),
      ]);
      expect(
        row(inbound.id).querySelector('.direction-cell mat-icon')?.getAttribute('aria-label'),
      ).toBe('Incoming');
      const time = row(delivered.id).querySelector('time');
      expect(time?.getAttribute('datetime')).toBe(delivered.created_at);
      expect(row(delivered.id).getAttribute('tabindex')).toBe('0');
      expect(row(delivered.id).getAttribute('aria-label')).toContain('to +15550101234');
    });

    it("draws WhatsApp's formatting in the preview, and its links open without the drawer", async () => {
      const formatted = aMessage({
        ...inbound,
        preview_text: 'Is *order 42* ~late~? See https://shop.example/o/42',
      });
      await render();
      await flushList(aMessagePage([formatted]));

      const preview = row(formatted.id).querySelector('.preview') as HTMLElement;
      expect(preview.querySelector('.bold')?.textContent).toBe('order 42');
      expect(preview.querySelector('.strike')?.textContent).toBe('late');
      expect(preview.textContent?.replace(/\s+/g, ' ').trim()).toBe(
        'Is order 42 late? See https://shop.example/o/42',
      );
      expect(preview.title).toBe('Is order 42 late? See https://shop.example/o/42');
      const link = preview.querySelector('a') as HTMLAnchorElement;
      expect(link.href).toBe('https://shop.example/o/42');
      expect(link.target).toBe('_blank');
      expect(link.rel).toBe('noopener noreferrer');

      // The browser opens the link; the row must not open the drawer as well.
      link.addEventListener('click', (event) => event.preventDefault());
      link.click();
      link.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      await settle();
      expect(queryParams()['message']).toBeUndefined();
    });

    it('words a read status by direction: "Read by you" for theirs, "Read" for ours', async () => {
      const readByUs = aMessage({
        ...inbound,
        status: 'read',
        read_at: '2026-11-24T11:45:00.000Z',
      });
      const readByThem = aMessage({ ...delivered, status: 'read' });
      await render();
      await flushList(aMessagePage([readByThem, readByUs]));

      expect((await columns())['status']).toEqual([
        expect.stringMatching(/Read$/),
        expect.stringMatching(/Read by you$/),
      ]);
      expect(row(readByUs.id).querySelector('.chip')?.classList).toContain('inbound');
      expect(row(readByThem.id).querySelector('.chip')?.classList).not.toContain('inbound');
      expect(row(readByUs.id).getAttribute('aria-label')).toMatch(/, read by you$/);
    });

    it('pages with next_cursor and comes back to newer pages', async () => {
      await render('/messages?status=failed');
      await flushList(aMessagePage([failed], 'cursor-2'));

      const newer = () => loader.getHarness(MatButtonHarness.with({ text: /Newer/ }));
      const older = () => loader.getHarness(MatButtonHarness.with({ text: /Older/ }));
      expect(await (await newer()).isDisabled()).toBe(true);
      const second = await whileLoading((await older()).click(), aMessagePage([inbound], null));
      expect(second).toEqual({ limit: String(PAGE_SIZE), status: 'failed', cursor: 'cursor-2' });
      expect(page().querySelector('.page-number')?.textContent).toContain('Page 2');
      expect(await (await older()).isDisabled()).toBe(true);

      const first = await whileLoading((await newer()).click(), aMessagePage([failed], 'cursor-2'));
      expect(first).toEqual({ limit: String(PAGE_SIZE), status: 'failed' });
      expect(page().querySelector('.page-number')?.textContent).toContain('Page 1');
    });

    it('shows "No messages yet" without filters', async () => {
      await render();
      await flushList(aMessagePage([]));

      expect(page().querySelector('app-empty-state h2')?.textContent?.trim()).toBe(
        'No messages yet',
      );
      expect(
        await loader.getAllHarnesses(
          MatButtonHarness.with({ ancestor: 'app-empty-state', text: /New message/ }),
        ),
      ).toHaveLength(1);
      expect(await loader.getAllHarnesses(MatTableHarness)).toHaveLength(0);
    });

    it('says a new organization must connect an account first, and links to the Accounts page', async () => {
      await render('/messages', []);
      await flushList(aMessagePage([]));

      expect(page().querySelector('app-empty-state h2')?.textContent?.trim()).toBe(
        'Connect a WhatsApp account first',
      );
      const link = page().querySelector<HTMLAnchorElement>('app-empty-state a')!;
      expect(link.textContent?.replace(/\s+/g, ' ').trim()).toBe('add Connect an account');
      expect(link.getAttribute('href')).toBe('/accounts');
    });

    it('offers to clear filters that match nothing', async () => {
      await render('/messages?status=failed&q=zzz');
      await flushList(aMessagePage([]));

      expect(page().querySelector('app-empty-state h2')?.textContent?.trim()).toBe(
        'No messages match these filters',
      );
      const clear = await loader.getHarness(
        MatButtonHarness.with({ ancestor: 'app-empty-state', text: /Clear filters/ }),
      );
      expect(await whileLoading(clear.click(), aMessagePage([delivered]))).toEqual({
        limit: String(PAGE_SIZE),
      });
      expect(router().url).toBe('/messages');
    });

    it('shows an error with Retry when the list fails to load', async () => {
      await render();
      (await listRequest()).request.flush(anErrorBody(500, 'Internal server error'), {
        status: 500,
        statusText: 'Internal Server Error',
      });
      await settle();
      await harness.fixture.whenStable();

      expect(page().querySelector('app-empty-state h2')?.textContent?.trim()).toBe(
        "Couldn't load the messages",
      );
      expect(page().querySelector('app-empty-state p')?.textContent).toContain('req-123');
      page().querySelector<HTMLButtonElement>('app-empty-state button')?.click();
      await settle();
      await flushList(aMessagePage([delivered]));
      expect((await columns())['preview']).toEqual(['hello_world']);
    });
  });

  describe('live updates', () => {
    it("updates a row's status from a message.status event without refetching", async () => {
      await render();
      await flushList(aMessagePage([delivered, inbound]));

      realtime.emit(
        'message.status',
        aStatusChange({
          message_id: delivered.id,
          status: 'read',
          event: 'read',
          occurred_at: '2026-11-24T11:59:00.000Z',
        }),
      );
      await settle();
      expect((await columns())['status']?.[0]).toMatch(/Read$/);

      // A late "delivered" never moves the row back; events for other messages change nothing.
      realtime.emit(
        'message.status',
        aStatusChange({
          message_id: delivered.id,
          status: 'delivered',
          event: 'delivered',
        }),
      );
      realtime.emit(
        'message.status',
        aStatusChange({ message_id: newest.id, status: 'sent', event: 'sent' }),
      );
      await settle();
      expect((await columns())['status']).toEqual([
        expect.stringMatching(/Read$/),
        expect.stringMatching(/Received$/),
      ]);
      http.expectNone((req) => req.url.startsWith(LIST_URL));
    });

    it('fetches the reason when a row fails', async () => {
      await render();
      await flushList(aMessagePage([delivered]));

      realtime.emit(
        'message.status',
        aStatusChange({
          message_id: delivered.id,
          status: 'failed',
          event: 'failed',
        }),
      );
      await settle();
      http.expectOne(`${LIST_URL}/${delivered.id}`).flush(
        aMessageDetail({
          ...delivered,
          status: 'failed',
          error: aMessageError({ title: 'Spam limit' }),
        }),
      );
      await settle();

      expect((await columns())['status']).toEqual([expect.stringMatching(/Failed\s*Spam limit$/)]);
    });

    it('puts new messages on top of the first page', async () => {
      await render('/messages?direction=out');
      await flushList(aMessagePage([delivered, failed], 'cursor-2'));

      realtime.emit(
        'message.created',
        aMessageCreated({
          message_id: newest.id,
          contact_id: newest.contact_id,
        }),
      );
      // An inbound message can't match direction=out: no refetch for it.
      realtime.emit('message.inbound', {
        message_id: inbound.id,
        contact_id: inbound.contact_id,
        account_id: account.id,
        phone_number_id: account.phone_number_id,
        wa_message_id: 'wamid.in',
        message_type: 'text',
        preview: 'Where',
        media_id: null,
        received_at: inbound.created_at,
      });
      await wait(LIVE_REFRESH_DELAY_MS + 50);

      const params = await flushList(aMessagePage([newest, delivered], 'cursor-x'));
      expect(params).toEqual({ limit: String(PAGE_SIZE), direction: 'out' });
      expect((await columns())['preview']).toEqual([
        'Just queued',
        'hello_world',
        'Your order has shipped',
      ]);
      // Older pages still start after the last row on screen.
      const older = await loader.getHarness(MatButtonHarness.with({ text: /Older/ }));
      expect((await whileLoading(older.click(), aMessagePage([])))['cursor']).toBe('cursor-2');
    });

    it('counts new messages while an older page is on screen', async () => {
      await render();
      await flushList(aMessagePage([delivered], 'cursor-2'));
      const older = await loader.getHarness(MatButtonHarness.with({ text: /Older/ }));
      await whileLoading(older.click(), aMessagePage([failed]));

      realtime.emit(
        'message.created',
        aMessageCreated({
          message_id: newest.id,
          contact_id: newest.contact_id,
        }),
      );
      await wait(LIVE_REFRESH_DELAY_MS + 50);
      await flushList(aMessagePage([newest, delivered], 'cursor-2'));

      expect(page().querySelector('.newer-bar')?.textContent).toContain('1 new message');
      expect((await columns())['preview']).toEqual(['Your order has shipped']);
      const show = await loader.getHarness(MatButtonHarness.with({ text: 'Show' }));
      expect(
        await whileLoading(show.click(), aMessagePage([newest, delivered], 'cursor-2')),
      ).toEqual({ limit: String(PAGE_SIZE) });
      expect((await columns())['preview']).toEqual(['Just queued', 'hello_world']);
      expect(page().querySelector('.newer-bar')).toBeNull();
    });

    it('reloads the page after a reconnection', async () => {
      await render();
      await flushList(aMessagePage([delivered]));

      realtime.resync();
      await settle();
      await flushList(aMessagePage([{ ...delivered, status: 'read' }]));
      expect((await columns())['status']).toEqual([expect.stringMatching(/Read$/)]);
    });
  });

  describe('the detail drawer', () => {
    /** Presses Enter on the row and answers the detail request with `detail`. */
    async function openDetail(
      message: MessageSummaryDto,
      detail: MessageDetailDto = aMessageDetail(message),
    ): Promise<MatSidenavHarness> {
      row(message.id).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      await settle();
      expect(queryParams()['message']).toBe(message.id);
      http.expectOne(`${LIST_URL}/${message.id}`).flush(detail);
      await settle();
      return loader.getHarness(MatSidenavHarness);
    }

    it('opens with Enter and shows the status timeline with pricing', async () => {
      await render();
      await flushList(aMessagePage([delivered, failed]));

      const drawer = await openDetail(delivered);
      expect(await drawer.isOpen()).toBe(true);
      const panel = page().querySelector('app-message-detail') as HTMLElement;
      expect(panel.querySelector('h2')?.textContent?.trim()).toBe('To Grace Hopper');
      const entries = [...panel.querySelectorAll('.timeline .entry')].map((entry) =>
        entry.textContent?.replace(/\s+/g, ' ').trim(),
      );
      expect(entries).toHaveLength(3);
      expect(entries[0]).toMatch(/Queued/);
      expect(entries[1]).toMatch(/Sent.*Billable · utility · regular \(PMP\)/);
      expect(entries[2]).toMatch(/Delivered/);
      expect(panel.textContent).toContain(delivered.wa_message_id);

      const raw = await loader.getHarness(MatExpansionPanelHarness);
      expect(await raw.isExpanded()).toBe(false);
      await raw.expand();
      expect(await raw.getTextContent()).toContain('"name": "hello_world"');
    });

    it('shows a template as the customer received it instead of its name', async () => {
      await render();
      await flushList(aMessagePage([delivered]));

      await openDetail(
        delivered,
        aMessageDetail(delivered, {
          template: {
            name: 'order_update',
            language: 'en_US',
            category: 'UTILITY',
            header: { format: 'text', text: 'Order A-1' },
            body: 'Hi Ada, your order ships today.',
            footer: null,
            buttons: [{ type: 'url', text: 'Track' }],
          },
        }),
      );
      const bubble = page().querySelector('app-message-detail app-whatsapp-bubble') as HTMLElement;
      expect(bubble.textContent).toContain('Order A-1');
      expect(bubble.textContent).toContain('Hi Ada, your order ships today.');
      expect(bubble.textContent).toContain('Track');
    });

    it("explains a failure with Meta's explanation, the fix and the fbtrace id", async () => {
      await render();
      await flushList(aMessagePage([failed]));

      await openDetail(
        failed,
        aMessageDetail(failed, {
          timeline: [
            aStatusEvent({ status: 'queued', pricing: null }),
            aStatusEvent({
              status: 'failed',
              pricing: null,
              errors: [
                {
                  code: 131026,
                  title: 'Message undeliverable',
                  message: 'Message undeliverable',
                  error_data: { details: 'Recipient not on WhatsApp' },
                },
              ],
            }),
          ],
        }),
      );

      const panel = page().querySelector('app-message-detail') as HTMLElement;
      const error = panel.querySelector('.error')?.textContent?.replace(/\s+/g, ' ') ?? '';
      expect(error).toContain('Message undeliverable');
      expect(error).toContain('Code 131026');
      expect(error).toContain(aMessageError().explanation);
      expect(error).toContain(aMessageError().fix);
      expect(error).toContain('AqVbT0dpbHlTVHJhY2VfaWQ');
      expect(
        panel.querySelector('[aria-label="Copy the fbtrace ID for Meta support"]'),
      ).not.toBeNull();
      expect(panel.querySelector('.entry-error')?.textContent).toContain(
        '131026 · Message undeliverable',
      );
    });

    it('follows live status events and closes back to the list', async () => {
      await render();
      await flushList(aMessagePage([delivered]));
      const drawer = await openDetail(delivered);

      realtime.emit(
        'message.status',
        aStatusChange({ message_id: delivered.id, status: 'read', event: 'read' }),
      );
      await settle();
      http.expectOne(`${LIST_URL}/${delivered.id}`).flush(
        aMessageDetail(
          { ...delivered, status: 'read' },
          {
            timeline: [
              aStatusEvent({ status: 'sent' }),
              aStatusEvent({ status: 'read', occurred_at: '2026-11-24T11:59:00.000Z' }),
            ],
          },
        ),
      );
      await settle();
      await harness.fixture.whenStable();
      const panel = page().querySelector('app-message-detail') as HTMLElement;
      expect(panel.querySelectorAll('.timeline .entry')).toHaveLength(2);

      await (
        await loader.getHarness(
          MatButtonHarness.with({ selector: '[aria-label="Close message details"]' }),
        )
      ).click();
      for (let i = 0; i < 50 && queryParams()['message']; i++) await wait(10);
      expect(queryParams()['message']).toBeUndefined();
      expect(await drawer.isOpen()).toBe(false);
    });
  });
});
