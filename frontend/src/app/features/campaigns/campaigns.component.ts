import { LiveAnnouncer } from '@angular/cdk/a11y';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  linkedSignal,
  resource,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatAnchor, MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatOption, MatSelect } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { CAMPAIGN_STATES, type CampaignState } from '@convis/contracts';
import { APP_LINKS, CAMPAIGN_LINKS } from '../../app.paths';
import { Api } from '../../core/api/api';
import { listCampaigns } from '../../core/api/fn/campaigns/list-campaigns';
import { listAccounts } from '../../core/api/fn/whatsapp-accounts/list-accounts';
import type { CampaignDto } from '../../core/api/models/campaign-dto';
import { describeError } from '../../core/errors/api-error';
import { ErrorNotifier } from '../../core/errors/error-notifier.service';
import { RealtimeService } from '../../core/realtime/realtime.service';
import { EmptyStateComponent } from '../../shared/empty-state/empty-state.component';
import { NoMatchesComponent } from '../../shared/empty-state/no-matches.component';
import { ConnectAccountFirstComponent } from '../../shared/empty-state/connect-account-first.component';
import { formatDateTime, formatRelativeTime } from '../../shared/format/date-time';
import { LoadErrorComponent } from '../../shared/page/load-error.component';
import { LoadingBarComponent } from '../../shared/page/loading-bar.component';
import { PageHeaderComponent } from '../../shared/page/page-header.component';
import { CAMPAIGN_STATE_VIEWS, countsOfEvent, countsSummary, progressOf } from './campaign-display';

export const CAMPAIGNS_PAGE_SIZE = 50;

/**
 * `/campaigns`: the organization's campaigns, newest first, with their state, a progress bar and
 * their counts, which follow `campaign.progress` live; "Load more" pages through `next_cursor`.
 */
@Component({
  selector: 'app-campaigns',
  imports: [
    FormsModule,
    RouterLink,
    MatAnchor,
    MatButton,
    MatIcon,
    MatFormField,
    MatLabel,
    MatSelect,
    MatOption,
    MatProgressBar,
    ConnectAccountFirstComponent,
    EmptyStateComponent,
    NoMatchesComponent,
    LoadErrorComponent,
    LoadingBarComponent,
    PageHeaderComponent,
  ],
  templateUrl: './campaigns.component.html',
  styleUrl: './campaigns.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CampaignsComponent {
  private readonly api = inject(Api);
  private readonly errors = inject(ErrorNotifier);
  private readonly announcer = inject(LiveAnnouncer);

  protected readonly links = CAMPAIGN_LINKS;
  protected readonly appLinks = APP_LINKS;
  protected readonly states = CAMPAIGN_STATES.map((state) => ({
    state,
    label: CAMPAIGN_STATE_VIEWS[state].label,
  }));
  protected readonly stateFilter = signal<CampaignState | ''>('');

  protected readonly page = resource({
    params: () => ({ state: this.stateFilter() }),
    loader: ({ params }) =>
      this.api.invoke(listCampaigns, {
        limit: CAMPAIGNS_PAGE_SIZE,
        ...(params.state && { state: params.state }),
      }),
  });
  /** Every campaign loaded so far: the first page, then what "Load more" added. */
  protected readonly items = linkedSignal<CampaignDto[] | undefined, CampaignDto[]>({
    source: () => (this.page.hasValue() ? this.page.value().items : undefined),
    computation: (items, previous) => items ?? previous?.value ?? [],
  });
  protected readonly nextCursor = linkedSignal<string | null | undefined, string | null>({
    source: () => (this.page.hasValue() ? this.page.value().next_cursor : undefined),
    computation: (cursor, previous) => (cursor === undefined ? (previous?.value ?? null) : cursor),
  });
  protected readonly loadingMore = signal(false);
  protected readonly loadError = computed(() => {
    const error = this.page.error();
    return error ? describeError(error) : null;
  });
  protected readonly isEmpty = computed(
    () => this.page.hasValue() && !this.page.isLoading() && this.items().length === 0,
  );

  /**
   * Asked only when there is no campaign at all: whether the organization has an account to send
   * from, so the empty page says what comes first.
   */
  private readonly accounts = resource({
    params: () => (this.isEmpty() && !this.stateFilter() ? true : undefined),
    loader: () => this.api.invoke(listAccounts),
  });
  protected readonly noAccounts = computed(
    () => this.accounts.hasValue() && this.accounts.value().length === 0,
  );
  protected readonly checkingAccounts = computed(() => this.accounts.isLoading());

  protected readonly rows = computed(() =>
    this.items().map((campaign) => ({
      campaign,
      state: CAMPAIGN_STATE_VIEWS[campaign.state],
      progress: progressOf(campaign.counts),
      summary: countsSummary(campaign.counts),
      created: formatRelativeTime(campaign.created_at),
      createdExact: formatDateTime(campaign.created_at),
      sendAt:
        campaign.state === 'scheduled' && campaign.send_at
          ? formatDateTime(campaign.send_at)
          : null,
    })),
  );

  constructor() {
    const realtime = inject(RealtimeService);
    // Counts and states move in place; a campaign this page has not loaded waits for a reload.
    realtime
      .on('campaign.progress')
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => {
        this.items.update((items) =>
          items.map((item) =>
            item.id === data.campaign_id
              ? {
                  ...item,
                  state: data.state,
                  state_reason: data.state_reason,
                  counts: countsOfEvent(data.counts),
                }
              : item,
          ),
        );
      });
    realtime.resync$.pipe(takeUntilDestroyed()).subscribe(() => this.page.reload());
  }

  protected filterBy(state: CampaignState | ''): void {
    this.stateFilter.set(state);
  }

  protected retry(): void {
    this.page.reload();
  }

  protected async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    if (!cursor || this.loadingMore()) return;
    this.loadingMore.set(true);
    try {
      const state = this.stateFilter();
      const next = await this.api.invoke(listCampaigns, {
        limit: CAMPAIGNS_PAGE_SIZE,
        cursor,
        ...(state && { state }),
      });
      this.items.update((items) => [...items, ...next.items]);
      this.nextCursor.set(next.next_cursor);
      void this.announcer.announce(`${next.items.length} more campaigns loaded`);
    } catch (error) {
      this.errors.notify(error);
    } finally {
      this.loadingMore.set(false);
    }
  }
}
