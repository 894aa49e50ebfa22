import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { By } from '@angular/platform-browser';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatButtonToggleGroupHarness } from '@angular/material/button-toggle/testing';
import { MatDateRangeInputHarness } from '@angular/material/datepicker/testing';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatTooltipHarness } from '@angular/material/tooltip/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { StatsResponseDto } from '../../core/api/models/stats-response-dto';
import { ThemeService } from '../../core/theme/theme.service';
import { ChartComponent } from '../../shared/chart/chart.component';
import { chartPalette } from '../../shared/chart/chart-palette';
import { aAccount } from '../../../testing/account-fixtures';
import { anErrorBody, settle } from '../../../testing/auth-fixtures';
import { FakeRealtimeService, provideFakeRealtime } from '../../../testing/fake-realtime';
import { pendingRequest } from '../../../testing/pending-request';
import { StubPageComponent, provideTestApp } from '../../../testing/test-providers';
import { aStatusChange, aMessageCreated } from '../../../testing/live-event-fixtures';
import { DashboardComponent, LIVE_REFRESH_DELAY_MS } from './dashboard.component';
import { aStats, anEmptyStats } from './stats-fixtures';

const STATS_URL = '/api/whatsapp/stats';
const ACCOUNTS_URL = '/api/whatsapp/accounts';
/** The clock of these specs: today is 2026-11-24 (UTC). */
const NOW = new Date('2026-11-24T12:00:00.000Z');
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const account = aAccount();
const other = aAccount({ id: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e', label: 'Sales line' });

describe('DashboardComponent', () => {
  let harness: RouterTestingHarness;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let realtime: FakeRealtimeService;

  const page = () => harness.routeNativeElement as HTMLElement;
  const router = () => TestBed.inject(Router);
  const queryParams = () => router().parseUrl(router().url).queryParams;

  const statsRequest = () => pendingRequest(http, STATS_URL);

  async function flushStats(body: StatsResponseDto): Promise<Record<string, string>> {
    const { request, params } = await statsRequest();
    request.flush(body);
    await settle();
    await harness.fixture.whenStable();
    return params;
  }

  /** Runs a harness action that makes the page load the stats, answering with `body`. */
  async function whileLoading(
    action: Promise<unknown>,
    body: StatsResponseDto,
  ): Promise<Record<string, string>> {
    const params = await flushStats(body);
    await action;
    return params;
  }

  /** Opens `/dashboard…`, answers the accounts, and leaves the stats request pending. */
  async function render(url = '/dashboard', accounts = [account, other]): Promise<void> {
    harness = await RouterTestingHarness.create(url);
    loader = TestbedHarnessEnvironment.loader(harness.fixture);
    await settle();
    http.expectOne(ACCOUNTS_URL).flush(accounts);
    await settle();
  }

  function cardValue(key: string): string | undefined {
    return page().querySelector(`[data-card="${key}"] .card-value`)?.textContent?.trim();
  }

  function charts(): ChartComponent[] {
    return harness.fixture.debugElement
      .queryAll(By.directive(ChartComponent))
      .map((element) => element.componentInstance as ChartComponent);
  }

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        ...provideTestApp([
          { path: 'dashboard', component: DashboardComponent },
          { path: 'messages', component: StubPageComponent },
        ]),
        provideFakeRealtime(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    realtime = TestBed.inject(FakeRealtimeService);
    TestBed.inject(Router).setUpLocationChangeListener();
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  describe('figures', () => {
    it('shows skeletons, then the cards with the figures the API returned', async () => {
      await render();
      // (Harnesses wait for the page to be stable, which it is not while a request is pending.)
      expect(page().querySelector('.skeleton')).not.toBeNull();
      expect(page().querySelector('mat-progress-bar')).not.toBeNull();

      // The default period (last 30 days) is the API's own: no dates are sent.
      expect(await flushStats(aStats({ inbound: 1234 }))).toEqual({});

      expect(page().querySelector('.skeleton')).toBeNull();
      expect(
        ['sent', 'delivered', 'read', 'failed', 'inbound', 'delivery_rate', 'read_rate'].map(
          cardValue,
        ),
      ).toEqual(['95', '85', '45', '3', '1,234', '86.7%', '45.9%']);
      expect(page().querySelector('[data-card="sent"] .card-detail')?.textContent).toContain(
        '100 outbound · 2 queued',
      );
      expect(page().querySelector('.period')?.textContent).toMatch(/Nov 22\s–\s24, 2026/);
      expect(await loader.getAllHarnesses(MatProgressBarHarness)).toHaveLength(0);
    });

    it('explains in a tooltip how the rates are computed', async () => {
      await render();
      await flushStats(aStats());

      const about = await loader.getHarness(
        MatButtonHarness.with({ selector: '[data-card="delivery_rate"] .about' }),
      );
      expect(await (await about.host()).getAttribute('aria-label')).toBe(
        'How Delivery rate is counted',
      );
      const tooltip = await loader.getHarness(
        MatTooltipHarness.with({ selector: '[data-card="delivery_rate"] .about' }),
      );
      await tooltip.show();
      expect(await tooltip.getTooltipText()).toMatch(
        /^Delivered or read messages ÷ outbound messages that left the queue/,
      );
    });

    it('gives the charts the series of the stats, a summary and a table of the figures', async () => {
      await render();
      await flushStats(aStats());

      const [daily] = charts();
      const series = daily?.options()['series'] as { name: string; data: number[] }[];
      expect(series.map((s) => s.data)).toEqual([
        [15, 10, 20],
        [13, 12, 15],
        [2, 3, 5],
        [1, 0, 2],
        [12, 10, 15],
      ]);
      expect(daily?.label()).toMatch(/^Messages per day, .*: 95 sent, 85 delivered, 45 read/);
      const failures = [...page().querySelectorAll('.failure-row')].map((row) =>
        ['.failure-label', '.failure-count']
          .map((cell) => row.querySelector(cell)?.textContent?.trim())
          .join(' '),
      );
      expect(failures).toEqual([
        '131026 · Message undeliverable 2',
        'Meta did not answer in time 1',
      ]);

      const rows = [...page().querySelectorAll('.daily table tbody tr')].map((row) =>
        [...row.children].map((cell) => cell.textContent?.trim()),
      );
      expect(rows[2]).toEqual(['Nov 24', '40', '35', '20', '2', '15']);
      const pricing = [...page().querySelectorAll('.pricing-row')].map((row) =>
        ['.pricing-label', '.pricing-count', '.pricing-share']
          .map((cell) => row.querySelector(cell)?.textContent?.trim())
          .join(' '),
      );
      expect(pricing).toEqual([
        'Marketing 40 50%',
        'Utility 35 43.8%',
        'Referral conversion 5 6.3%',
      ]);
    });

    it('links each count and failure reason to its messages, over the same UTC days and account', async () => {
      await render(`/dashboard?account=${account.id}`);
      await flushStats(aStats());
      const link = (selector: string) => {
        const element = page().querySelector<HTMLAnchorElement>(selector);
        const url = router().parseUrl(element?.getAttribute('href') ?? '');
        return {
          path: url.root.children['primary']?.toString(),
          query: url.queryParams,
          label: element?.getAttribute('aria-label'),
        };
      };
      const period = { account: account.id, from: '2026-11-22', to: '2026-11-24', tz: 'utc' };

      expect(link('[data-card="sent"] a.card-value')).toEqual({
        path: 'messages',
        query: { ...period, direction: 'out', status: 'sent,delivered,read,played' },
        label: 'Show the 95 sent messages',
      });
      expect(link('[data-card="read"] a.card-value').query).toEqual({
        ...period,
        direction: 'out',
        status: 'read,played',
      });
      expect(link('[data-card="failed"] a.card-value').query['status']).toBe('failed');
      expect(link('[data-card="inbound"] a.card-value').query).toEqual({
        ...period,
        direction: 'in',
      });
      // A rate is no list of messages.
      expect(page().querySelector('[data-card="delivery_rate"] a')).toBeNull();

      const [undeliverable, noCode] = [...page().querySelectorAll('.failure-row')];
      expect(link('.failure-row')).toEqual({
        path: 'messages',
        query: { ...period, direction: 'out', status: 'failed', error_code: '131026' },
        label: 'Show the 2 failed messages: 131026 · Message undeliverable',
      });
      expect(router().parseUrl(noCode?.getAttribute('href') ?? '').queryParams['error_code']).toBe(
        'none',
      );

      // Following one opens the Messages page with those filters.
      (undeliverable as HTMLAnchorElement).click();
      await settle();
      expect(router().url).toBe(
        `/messages?account=${account.id}&direction=out&status=failed&from=2026-11-22&to=2026-11-24&error_code=131026&tz=utc`,
      );
    });

    it('redraws the charts in the dark theme', async () => {
      await render();
      await flushStats(aStats());
      const colors = () =>
        (charts()[0]?.options()['series'] as { itemStyle: { color: string } }[]).map(
          (s) => s.itemStyle.color,
        );
      TestBed.inject(ThemeService).choose('light');
      await harness.fixture.whenStable();
      expect(colors()[0]).toBe(chartPalette('light').read);

      TestBed.inject(ThemeService).choose('dark');
      await harness.fixture.whenStable();
      expect(colors()).toEqual([
        chartPalette('dark').read,
        chartPalette('dark').delivered,
        chartPalette('dark').sent,
        chartPalette('dark').failed,
        chartPalette('dark').inbound,
      ]);
    });

    it('says so when there were no failures and no pricing', async () => {
      await render();
      await flushStats(aStats({ top_failures: [], pricing: {} }));

      expect(page().querySelector('.failures')?.textContent).toContain(
        'No failed messages in this period.',
      );
      expect(page().querySelector('.pricing')?.textContent).toContain(
        'Meta has not reported pricing',
      );
      expect(charts()).toHaveLength(1);
    });
  });

  describe('filters', () => {
    it('loads the account and period of the URL and shows them', async () => {
      await render(`/dashboard?account=${account.id}&days=7`);
      expect(await flushStats(aStats())).toEqual({
        account_id: account.id,
        since: '2026-11-18',
      });

      const select = await loader.getHarness(MatSelectHarness);
      expect(await select.getValueText()).toBe('Support line');
      const presets = await loader.getHarness(MatButtonToggleGroupHarness);
      const [checked] = await presets.getToggles({ checked: true });
      expect(await checked?.getText()).toBe('7 days');
      const range = await loader.getHarness(MatDateRangeInputHarness);
      expect(await range.getValue()).toBe('11/18/2026 – 11/24/2026');
    });

    it('puts a changed account or period in the URL and loads the stats with it', async () => {
      await render();
      await flushStats(aStats());

      const presets = await loader.getHarness(MatButtonToggleGroupHarness);
      const [ninety] = await presets.getToggles({ text: '90 days' });
      expect(await whileLoading(ninety.check(), aStats())).toEqual({ since: '2026-08-27' });
      expect(queryParams()).toEqual({ days: '90' });

      const select = await loader.getHarness(MatSelectHarness);
      await select.open();
      expect(await whileLoading(select.clickOptions({ text: 'Sales line' }), aStats())).toEqual({
        account_id: other.id,
        since: '2026-08-27',
      });
      expect(queryParams()).toEqual({ days: '90', account: other.id });

      const [thirty] = await presets.getToggles({ text: '30 days' });
      expect(await whileLoading(thirty.check(), aStats())).toEqual({ account_id: other.id });
      expect(queryParams()).toEqual({ account: other.id });
    });

    it('applies a custom date range', async () => {
      await render('/dashboard?days=7');
      await flushStats(aStats());

      const range = await loader.getHarness(MatDateRangeInputHarness);
      const start = await range.getStartInput();
      await start.setValue('11/1/2026');
      expect(await whileLoading(start.blur(), aStats())).toEqual({
        since: '2026-11-01',
        until: '2026-11-24',
      });
      expect(queryParams()).toEqual({ from: '2026-11-01', to: '2026-11-24' });

      const end = await range.getEndInput();
      await end.setValue('11/20/2026');
      expect(await whileLoading(end.blur(), aStats())).toEqual({
        since: '2026-11-01',
        until: '2026-11-20',
      });
      expect(queryParams()).toEqual({ from: '2026-11-01', to: '2026-11-20' });
      const presets = await loader.getHarness(MatButtonToggleGroupHarness);
      expect(await presets.getToggles({ checked: true })).toHaveLength(0);
    });
  });

  describe('live updates', () => {
    it('fetches the figures again after a burst of events, without a loading state', async () => {
      await render();
      await flushStats(aStats());

      realtime.emit(
        'message.created',
        aMessageCreated({
          message_id: 'a',
          contact_id: 'c',
        }),
      );
      realtime.emit(
        'message.status',
        aStatusChange({ message_id: 'a', status: 'sent', event: 'sent' }),
      );
      realtime.emit(
        'message.status',
        aStatusChange({ message_id: 'a', status: 'read', event: 'read' }),
      );
      await wait(LIVE_REFRESH_DELAY_MS / 2);
      http.expectNone((req) => req.url === STATS_URL);
      await wait(LIVE_REFRESH_DELAY_MS / 2 + 50);

      const { request } = await statsRequest();
      expect(page().querySelector('mat-progress-bar')).toBeNull();
      expect(page().querySelector('.content.stale')).toBeNull();
      request.flush(
        aStats({ by_status: { queued: 2, sent: 10, delivered: 40, read: 46, failed: 3 } }),
      );
      await settle();
      await harness.fixture.whenStable();
      expect(cardValue('read')).toBe('46');
    });

    it('ignores messages of another account and new ones outside the period', async () => {
      await render(`/dashboard?account=${account.id}`);
      await flushStats(aStats());

      realtime.emit('message.inbound', {
        message_id: 'b',
        contact_id: 'c',
        account_id: other.id,
        phone_number_id: other.phone_number_id,
        wa_message_id: 'wamid.in',
        message_type: 'text',
        preview: 'Hi',
        media_id: null,
        received_at: NOW.toISOString(),
      });
      realtime.emit('message.created', aMessageCreated({ account_id: other.id }));
      await wait(LIVE_REFRESH_DELAY_MS + 50);
      http.expectNone((req) => req.url === STATS_URL);

      await router().navigateByUrl('/dashboard?from=2026-11-01&to=2026-11-10');
      await flushStats(aStats());
      realtime.emit(
        'message.created',
        aMessageCreated({
          message_id: 'a',
          contact_id: 'c',
        }),
      );
      await wait(LIVE_REFRESH_DELAY_MS + 50);
      http.expectNone((req) => req.url === STATS_URL);
    });

    it('fetches the figures again after a reconnection', async () => {
      await render();
      await flushStats(aStats());

      realtime.resync();
      await wait(LIVE_REFRESH_DELAY_MS + 50);
      await flushStats(aStats({ inbound: 40 }));
      expect(cardValue('inbound')).toBe('40');
    });
  });

  describe('empty and error states', () => {
    it('points to Accounts when no account is connected', async () => {
      await render('/dashboard', []);
      await flushStats(anEmptyStats());

      expect(page().querySelector('app-empty-state h2')?.textContent?.trim()).toBe(
        'Nothing to report yet',
      );
      const connect = await loader.getHarness(
        MatButtonHarness.with({ ancestor: 'app-empty-state', text: /Connect an account/ }),
      );
      expect(await (await connect.host()).getAttribute('href')).toBe('/accounts');
      expect(page().querySelector('.cards')).toBeNull();
    });

    it('offers to send a message when nothing was sent yet', async () => {
      await render();
      await flushStats(anEmptyStats());

      expect(page().querySelector('app-empty-state h2')?.textContent?.trim()).toBe(
        'Nothing to report yet',
      );
      expect(
        await loader.getAllHarnesses(
          MatButtonHarness.with({ ancestor: 'app-empty-state', text: /Send a message/ }),
        ),
      ).toHaveLength(1);
    });

    it('offers the default view when a filtered period is empty', async () => {
      await render(`/dashboard?account=${account.id}&days=7`);
      await flushStats(anEmptyStats());

      expect(page().querySelector('app-empty-state h2')?.textContent?.trim()).toBe(
        'No messages in this period',
      );
      const reset = await loader.getHarness(
        MatButtonHarness.with({ ancestor: 'app-empty-state', text: /Last 30 days, all accounts/ }),
      );
      expect(await whileLoading(reset.click(), aStats())).toEqual({});
      expect(router().url).toBe('/dashboard');
      expect(cardValue('sent')).toBe('95');
    });

    it('shows the error with Retry when the stats fail to load', async () => {
      await render();
      (await statsRequest()).request.flush(anErrorBody(500, 'Internal server error'), {
        status: 500,
        statusText: 'Internal Server Error',
      });
      await settle();
      await harness.fixture.whenStable();

      expect(page().querySelector('app-empty-state h2')?.textContent?.trim()).toBe(
        "Couldn't load the statistics",
      );
      expect(page().querySelector('app-empty-state p')?.textContent).toContain('req-123');
      const retry = await loader.getHarness(
        MatButtonHarness.with({ ancestor: 'app-empty-state', text: /Retry/ }),
      );
      await whileLoading(retry.click(), aStats());
      expect(cardValue('delivered')).toBe('85');
    });
  });
});
