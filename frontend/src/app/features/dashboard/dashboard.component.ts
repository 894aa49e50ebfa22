import { BreakpointObserver } from '@angular/cdk/layout';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  LOCALE_ID,
  computed,
  inject,
  linkedSignal,
  resource,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatAnchor, MatButton, MatIconButton } from '@angular/material/button';
import { MatCard } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatTooltip } from '@angular/material/tooltip';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { filter, map, merge } from 'rxjs';
import { APP_LINKS } from '../../app.paths';
import { Api } from '../../core/api/api';
import { getStats } from '../../core/api/fn/stats/get-stats';
import { listAccounts } from '../../core/api/fn/whatsapp-accounts/list-accounts';
import type { StatsResponseDto } from '../../core/api/models/stats-response-dto';
import { AuthService } from '../../core/auth/auth.service';
import { describeError } from '../../core/errors/api-error';
import { RealtimeService } from '../../core/realtime/realtime.service';
import { ThemeService } from '../../core/theme/theme.service';
import { ChartComponent } from '../../shared/chart/chart.component';
import { chartPalette } from '../../shared/chart/chart-palette';
import { EmptyStateComponent } from '../../shared/empty-state/empty-state.component';
import { LoadErrorComponent } from '../../shared/page/load-error.component';
import { LoadingBarComponent } from '../../shared/page/loading-bar.component';
import { PageHeaderComponent } from '../../shared/page/page-header.component';
import { formatCount } from '../../shared/format/number';
// The Messages page's helpers, shared rather than copied: the same burst-coalescing for live
// events, and the same "New message" dialog.
import { CoalescedTask } from '../../core/realtime/coalesced-task';
import { openSendMessageDialog } from '../messages/send-dialog/open-send-message-dialog';
import { DashboardFiltersBarComponent } from './dashboard-filters-bar/dashboard-filters-bar.component';
import {
  type DashboardFilters,
  DEFAULT_FILTERS,
  coversToday,
  filtersFromParams,
  filtersToParams,
  hasFilters,
  sameFilters,
  sameStatsParams,
  toStatsParams,
  utcToday,
} from './dashboard-filters';
import { cardQuery, failureLinkLabel, failureQuery } from './dashboard-links';
import { type ChartContext, buildDailyChart } from './stats-charts';
import {
  dailySummary,
  failureLabel,
  formatDayRange,
  formatShortDay,
  isEmptyPeriod,
  pricingRows,
  responseDays,
  statCards,
} from './stats-view';

/**
 * After a live event, the figures are fetched again this much later: a burst of events (a
 * campaign sending, a batch of status webhooks) costs one request, and at most one per
 * this delay while the burst lasts.
 */
export const LIVE_REFRESH_DELAY_MS = 1000;
/** How often "today" is checked, so the last-N-days periods move at midnight (UTC). */
const CLOCK_TICK_MS = 60_000;
const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)';

/**
 * `/dashboard`: delivery figures of the organization, or one account, over a period (filters in
 * the URL): cards with the totals and rates, messages per day, the top failure reasons and the
 * pricing categories. The figures follow live events (refetched, coalesced) and resyncs.
 */
@Component({
  selector: 'app-dashboard',
  imports: [
    ChartComponent,
    DashboardFiltersBarComponent,
    EmptyStateComponent,
    MatAnchor,
    MatButton,
    MatIconButton,
    MatCard,
    MatIcon,
    LoadErrorComponent,
    LoadingBarComponent,
    PageHeaderComponent,
    MatTooltip,
    RouterLink,
  ],
  templateUrl: './dashboard.component.html',
  styleUrl: './dashboard.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DashboardComponent {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);
  private readonly realtime = inject(RealtimeService);
  private readonly theme = inject(ThemeService);
  private readonly locale = inject(LOCALE_ID);
  private readonly user = inject(AuthService).user;

  protected readonly links = APP_LINKS;
  protected readonly firstName = computed(() => this.user()?.name.trim().split(/\s+/)[0] ?? '');
  protected readonly organizationName = computed(() => this.user()?.organization.name ?? '');

  private readonly queryParams = toSignal(this.route.queryParams, { requireSync: true });
  protected readonly filters = computed(() => filtersFromParams(this.queryParams()), {
    equal: sameFilters,
  });
  protected readonly filtered = computed(() => hasFilters(this.filters()));
  /** Today's UTC date: the end of the last-N-days periods. */
  protected readonly today = signal(utcToday());
  private readonly query = computed(() => toStatsParams(this.filters(), this.today()), {
    equal: sameStatsParams,
  });

  protected readonly accounts = resource({ loader: () => this.api.invoke(listAccounts) });
  protected readonly accountList = computed(() =>
    this.accounts.hasValue() ? this.accounts.value() : [],
  );
  /** Known once the accounts loaded: the organization has connected none. */
  protected readonly noAccounts = computed(
    () => this.accounts.hasValue() && this.accounts.value().length === 0,
  );

  protected readonly stats = resource({
    params: () => this.query(),
    loader: ({ params }) => this.api.invoke(getStats, params),
  });
  /** The figures on screen: the previous ones stay (dimmed) while the next ones load. */
  protected readonly shown = linkedSignal<StatsResponseDto | undefined, StatsResponseDto | null>({
    source: () => (this.stats.hasValue() ? this.stats.value() : undefined),
    computation: (stats, previous) => stats ?? previous?.value ?? null,
  });
  protected readonly loadError = computed(() => {
    const error = this.stats.error();
    return error ? describeError(error) : null;
  });
  protected readonly isEmpty = computed(() => {
    const stats = this.shown();
    return stats !== null && isEmptyPeriod(stats);
  });

  protected readonly cards = computed(() => {
    const stats = this.shown();
    if (!stats) return [];
    const account = this.filters().account;
    return statCards(stats, this.locale).map((card) => ({
      ...card,
      /** The Messages page's filters for what the card counts; `null` for the rates. */
      query: cardQuery(card.key, stats, account),
      linkLabel: `Show the ${card.value} ${card.label.toLowerCase()} messages`,
    }));
  });
  protected readonly period = computed(() => {
    const stats = this.shown();
    if (!stats) return '';
    const { from, to } = responseDays(stats);
    return formatDayRange(from, to, this.locale);
  });

  private readonly reducedMotion = toSignal(
    inject(BreakpointObserver)
      .observe(REDUCED_MOTION_QUERY)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  private readonly chartContext = computed<ChartContext>(() => ({
    palette: chartPalette(this.theme.theme()),
    locale: this.locale,
    animate: !this.reducedMotion(),
  }));
  protected readonly daily = computed(() => {
    const stats = this.shown();
    if (!stats) return null;
    return {
      options: buildDailyChart(stats, this.chartContext()),
      summary: dailySummary(stats, this.locale),
      rows: stats.per_day.map((day) => ({
        ...day,
        label: formatShortDay(day.date, this.locale),
      })),
    };
  });
  /** The top failure reasons, each a link to its failed messages, with a bar for its count. */
  protected readonly failures = computed(() => {
    const stats = this.shown();
    if (!stats || stats.top_failures.length === 0) return null;
    const account = this.filters().account;
    const most = Math.max(...stats.top_failures.map((failure) => failure.count));
    return stats.top_failures.map((failure) => {
      const count = formatCount(failure.count, this.locale);
      return {
        label: failureLabel(failure),
        count,
        fraction: most > 0 ? failure.count / most : 0,
        query: failureQuery(failure, stats, account),
        linkLabel: failureLinkLabel(failure, count),
      };
    });
  });
  protected readonly pricing = computed(() => {
    const stats = this.shown();
    return stats ? pricingRows(stats, this.locale) : [];
  });
  protected readonly skeletonCards = Array.from({ length: 7 }, (_, index) => index);

  private readonly liveRefresh = new CoalescedTask(() => this.refresh(), LIVE_REFRESH_DELAY_MS);

  constructor() {
    const destroyRef = inject(DestroyRef);
    const clock = setInterval(() => this.today.set(utcToday()), CLOCK_TICK_MS);
    destroyRef.onDestroy(() => {
      clearInterval(clock);
      this.liveRefresh.cancel();
    });

    // New messages only count in a period that includes today, and in their account.
    const counts = ({ account_id }: { readonly account_id: string }): boolean =>
      coversToday(this.filters(), this.today()) &&
      (this.filters().account === null || this.filters().account === account_id);
    merge(
      this.realtime.on('message.created').pipe(filter(({ data }) => counts(data))),
      this.realtime.on('message.inbound').pipe(filter(({ data }) => counts(data))),
      // A status change moves a message between the figures, whatever day it was created.
      this.realtime.on('message.status'),
      // Events may have been missed while the connection was down.
      this.realtime.resync$,
    )
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.liveRefresh.request());
  }

  protected onFiltersChange(filters: DashboardFilters): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: filtersToParams(filters),
      queryParamsHandling: 'merge',
    });
  }

  protected clearFilters(): void {
    this.onFiltersChange(DEFAULT_FILTERS);
  }

  protected retry(): void {
    this.stats.reload();
  }

  protected async newMessage(): Promise<void> {
    const account = this.filters().account;
    const sent = await openSendMessageDialog(this.dialog, account ? { accountId: account } : {});
    // The live event brings it too; this covers a connection that is down.
    if (sent) this.liveRefresh.request();
  }

  /**
   * Fetches the figures again without a loading state, and shows them if the filters are still
   * the same. A load already on its way has the latest figures anyway.
   */
  private async refresh(): Promise<void> {
    if (this.stats.isLoading()) return;
    const query = this.query();
    let fresh: StatsResponseDto;
    try {
      fresh = await this.api.invoke(getStats, query);
    } catch {
      return; // A hint missed; the next event or resync catches up.
    }
    if (sameStatsParams(query, this.query()) && !this.stats.isLoading()) this.stats.set(fresh);
  }
}
