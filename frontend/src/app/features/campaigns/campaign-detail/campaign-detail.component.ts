import { LiveAnnouncer } from '@angular/cdk/a11y';
import { BreakpointObserver } from '@angular/cdk/layout';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  linkedSignal,
  resource,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatSidenav, MatSidenavContainer, MatSidenavContent } from '@angular/material/sidenav';
import { Router, RouterLink } from '@angular/router';
import { map } from 'rxjs';
import type { RecipientState } from '@convis/contracts';
import { CAMPAIGN_LINKS } from '../../../app.paths';
import { Api } from '../../../core/api/api';
import { cancelCampaign } from '../../../core/api/fn/campaigns/cancel-campaign';
import { deleteCampaign } from '../../../core/api/fn/campaigns/delete-campaign';
import { exportCampaignRecipients } from '../../../core/api/fn/campaigns/export-campaign-recipients';
import { getCampaign } from '../../../core/api/fn/campaigns/get-campaign';
import { getCampaignTimeline } from '../../../core/api/fn/campaigns/get-campaign-timeline';
import { listCampaignRecipients } from '../../../core/api/fn/campaigns/list-campaign-recipients';
import { pauseCampaign } from '../../../core/api/fn/campaigns/pause-campaign';
import { resendCampaignRecipient } from '../../../core/api/fn/campaigns/resend-campaign-recipient';
import { resumeCampaign } from '../../../core/api/fn/campaigns/resume-campaign';
import { listAccounts } from '../../../core/api/fn/whatsapp-accounts/list-accounts';
import type { CampaignDto } from '../../../core/api/models/campaign-dto';
import type { CampaignMinuteDto } from '../../../core/api/models/campaign-minute-dto';
import type { CampaignRecipientDto } from '../../../core/api/models/campaign-recipient-dto';
import { describeError, httpStatus } from '../../../core/errors/api-error';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { CoalescedTask } from '../../../core/realtime/coalesced-task';
import { RealtimeService } from '../../../core/realtime/realtime.service';
import { ThemeService } from '../../../core/theme/theme.service';
import { ChartComponent } from '../../../shared/chart/chart.component';
import type { ChartOption } from '../../../shared/chart/chart-option';
import { chartPalette } from '../../../shared/chart/chart-palette';
import { confirmAction } from '../../../shared/confirm-dialog/confirm-dialog.component';
import { EmptyStateComponent } from '../../../shared/empty-state/empty-state.component';
import { NoMatchesComponent } from '../../../shared/empty-state/no-matches.component';
import { formatDateTime, formatRelativeTime } from '../../../shared/format/date-time';
import { formatCount } from '../../../shared/format/number';
import { MessageDetailComponent } from '../../../shared/message-detail/message-detail.component';
import { LoadErrorComponent } from '../../../shared/page/load-error.component';
import { LoadingBarComponent } from '../../../shared/page/loading-bar.component';
import {
  CAMPAIGN_STATE_VIEWS,
  RECIPIENT_STATE_VIEWS,
  SHOWN_RECIPIENT_STATES,
  canSendAgain,
  countsOfEvent,
  countsSummary,
  pacingText,
  progressOf,
  recipientDetail,
  recipientLastEvent,
  sendsOverTime,
  slotWords,
} from '../campaign-display';

export const RECIPIENTS_PAGE_SIZE = 50;
/** Live counts refetch the recipients shown at most this often. */
export const RECIPIENTS_REFRESH_MS = 1000;
/** Live counts refetch the chart's timeline at most this often. */
export const TIMELINE_REFRESH_MS = 5000;

/**
 * `/campaigns/:id`: one campaign. Its counts and state follow `campaign.progress` live (and load
 * with the page), with a progress bar and a chart of sends and failures per minute over the whole
 * campaign (`GET …/timeline`, fetched again as it sends); Pause, Resume, Cancel (confirmed),
 * Delete, and the CSV export.
 * The recipients table filters by state, pages through `next_cursor`, explains errors and skips,
 * offers Send again for failed and unknown recipients (confirmed: it may arrive twice), and opens
 * the message drawer of a recipient's message.
 */
@Component({
  selector: 'app-campaign-detail',
  imports: [
    FormsModule,
    RouterLink,
    MatButton,
    MatIcon,
    MatFormField,
    MatLabel,
    MatSelect,
    MatOption,
    MatProgressBar,
    MatSidenavContainer,
    MatSidenav,
    MatSidenavContent,
    ChartComponent,
    EmptyStateComponent,
    NoMatchesComponent,
    LoadErrorComponent,
    LoadingBarComponent,
    MessageDetailComponent,
  ],
  templateUrl: './campaign-detail.component.html',
  styleUrl: './campaign-detail.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CampaignDetailComponent {
  /** The campaign's id, from the route. */
  readonly id = input.required<string>();

  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly errors = inject(ErrorNotifier);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly theme = inject(ThemeService);

  protected readonly links = CAMPAIGN_LINKS;
  protected readonly count = formatCount;
  protected readonly stateOptions = SHOWN_RECIPIENT_STATES.map((state) => ({
    state,
    label: RECIPIENT_STATE_VIEWS[state].label,
  }));

  protected readonly loaded = resource({
    params: () => this.id(),
    loader: ({ params }) => this.api.invoke(getCampaign, { id: params }),
  });
  /** The campaign as last loaded or told by a live event. */
  protected readonly campaign = linkedSignal<CampaignDto | undefined, CampaignDto | null>({
    source: () => (this.loaded.hasValue() ? this.loaded.value() : undefined),
    computation: (loaded, previous) => loaded ?? previous?.value ?? null,
  });
  protected readonly loadError = computed(() => {
    const error = this.loaded.error();
    if (!error) return null;
    return httpStatus(error) === 404 ? 'There is no such campaign.' : describeError(error);
  });
  protected readonly accounts = resource({ loader: () => this.api.invoke(listAccounts) });
  protected readonly busy = signal<string | null>(null);

  protected readonly view = computed(() => {
    const campaign = this.campaign();
    if (!campaign) return null;
    const account = this.accounts.hasValue()
      ? this.accounts.value().find((a) => a.id === campaign.account_id)
      : undefined;
    const progress = progressOf(campaign.counts);
    const state = campaign.state;
    return {
      campaign,
      state: CAMPAIGN_STATE_VIEWS[state],
      account: account?.label ?? (campaign.account_id ? null : 'Disconnected account'),
      progress,
      summary: countsSummary(campaign.counts),
      pacing:
        state === 'running' || state === 'scheduled' || state === 'paused'
          ? pacingText(campaign.counts.pending, campaign.effective_rate_per_second)
          : null,
      tiles: SHOWN_RECIPIENT_STATES.map((recipientState) => ({
        state: recipientState,
        label: RECIPIENT_STATE_VIEWS[recipientState].label,
        description: RECIPIENT_STATE_VIEWS[recipientState].description,
        value: campaign.counts[recipientState],
      })),
      times: [
        ['Created', campaign.created_at],
        ['Scheduled for', campaign.state === 'scheduled' ? campaign.send_at : null],
        ['Launched', campaign.launched_at],
        ['First message', campaign.started_at],
        ['Finished', campaign.finished_at],
      ]
        .filter((entry): entry is [string, string] => Boolean(entry[1]))
        .map(([label, at]) => ({
          label,
          at: formatDateTime(at),
          relative: formatRelativeTime(at),
        })),
      canPause: state === 'running' || state === 'scheduled',
      canResume: state === 'paused',
      canCancel: state === 'running' || state === 'paused' || state === 'scheduled',
      canDelete: state === 'draft' || state === 'completed' || state === 'cancelled',
      isDraft: state === 'draft',
    };
  });

  // The chart: the campaign's sends and failures per minute, from its first send on.
  protected readonly timeline = resource({
    params: () => this.id(),
    loader: ({ params }) => this.api.invoke(getCampaignTimeline, { id: params }),
  });
  /**
   * The minutes as last loaded or refreshed live (kept while a reload runs); null until this
   * campaign's first load.
   */
  protected readonly perMinute = linkedSignal<
    { id: string; loaded: CampaignMinuteDto[] | undefined },
    CampaignMinuteDto[] | null
  >({
    source: () => ({
      id: this.id(),
      loaded: this.timeline.hasValue() ? this.timeline.value().per_minute : undefined,
    }),
    computation: ({ id, loaded }, previous) =>
      loaded ?? (previous?.source.id === id ? previous.value : null),
  });
  protected readonly timelineError = computed(() => {
    const error = this.timeline.error();
    return error ? describeError(error) : null;
  });
  private readonly reducedMotion = toSignal(
    inject(BreakpointObserver)
      .observe('(prefers-reduced-motion: reduce)')
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  protected readonly chart = computed(() => {
    const { slotMinutes, slots } = sendsOverTime(this.perMinute() ?? []);
    if (slots.length === 0) return null;
    const first = slots[0].start;
    const last = slots[slots.length - 1].start;
    // The date too when the campaign went on over more than one day.
    const days = new Date(first).toDateString() !== new Date(last).toDateString();
    const format: Intl.DateTimeFormatOptions = {
      ...(days && { month: 'short', day: 'numeric' }),
      hour: '2-digit',
      minute: '2-digit',
    };
    const labelOf = (start: number) => new Date(start).toLocaleString(undefined, format);
    const labels = slots.map((slot) => labelOf(slot.start));
    const palette = chartPalette(this.theme.theme());
    const options: ChartOption = {
      animation: !this.reducedMotion(),
      backgroundColor: 'transparent',
      textStyle: { fontFamily: 'Roboto, sans-serif', color: palette.text },
      tooltip: {
        trigger: 'axis',
        backgroundColor: palette.tooltipBackground,
        borderWidth: 0,
        textStyle: { color: palette.tooltipText },
        confine: true,
      },
      legend: { top: 0, textStyle: { color: palette.text } },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: {
        type: 'category',
        data: labels,
        axisLabel: { color: palette.mutedText },
        axisLine: { lineStyle: { color: palette.gridLine } },
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { color: palette.mutedText },
        splitLine: { lineStyle: { color: palette.gridLine, type: 'dashed' } },
      },
      series: [
        {
          type: 'bar',
          name: 'Sent',
          stack: 'sends',
          color: palette.sent,
          data: slots.map((slot) => slot.sent),
        },
        {
          type: 'bar',
          name: 'Failed',
          stack: 'sends',
          color: palette.failed,
          data: slots.map((slot) => slot.failed),
        },
      ],
    };
    const sent = slots.reduce((sum, slot) => sum + slot.sent, 0);
    const failed = slots.reduce((sum, slot) => sum + slot.failed, 0);
    const per = slotWords(slotMinutes);
    return {
      options,
      caption: `Sends per ${per}: recipients WhatsApp took that have not failed since, and recipients that failed.`,
      label: `Sends per ${per} over the whole campaign, ${labels[0]} to ${labels[labels.length - 1]}: ${formatCount(sent)} sent, ${formatCount(failed)} failed.`,
      // For screen readers: the slots with sends or failures.
      rows: slots
        .filter((slot) => slot.sent > 0 || slot.failed > 0)
        .map((slot) => ({ ...slot, label: labelOf(slot.start) })),
    };
  });

  // The recipients table.
  protected readonly stateFilter = signal<readonly RecipientState[]>([]);
  protected readonly recipientsPage = resource({
    params: () => ({ id: this.id(), states: this.stateFilter() }),
    loader: ({ params }) =>
      this.api.invoke(listCampaignRecipients, {
        id: params.id,
        limit: RECIPIENTS_PAGE_SIZE,
        ...(params.states.length > 0 && { state: params.states.join(',') }),
      }),
  });
  protected readonly recipients = linkedSignal<
    CampaignRecipientDto[] | undefined,
    CampaignRecipientDto[]
  >({
    source: () => (this.recipientsPage.hasValue() ? this.recipientsPage.value().items : undefined),
    computation: (items, previous) => items ?? previous?.value ?? [],
  });
  protected readonly nextCursor = linkedSignal<string | null | undefined, string | null>({
    source: () =>
      this.recipientsPage.hasValue() ? this.recipientsPage.value().next_cursor : undefined,
    computation: (cursor, previous) => (cursor === undefined ? (previous?.value ?? null) : cursor),
  });
  protected readonly recipientsError = computed(() => {
    const error = this.recipientsPage.error();
    return error ? describeError(error) : null;
  });
  protected readonly loadingMore = signal(false);
  protected readonly rows = computed(() =>
    this.recipients().map((recipient) => {
      const last = recipientLastEvent(recipient);
      return {
        recipient,
        state: RECIPIENT_STATE_VIEWS[recipient.state],
        detail: recipientDetail(recipient),
        last: last ? `${last.what} ${formatRelativeTime(last.at)}` : null,
        lastExact: last ? formatDateTime(last.at) : null,
        canSendAgain: canSendAgain(recipient),
      };
    }),
  );
  protected readonly selectedMessageId = signal<string | null>(null);

  private readonly recipientsRefresh = new CoalescedTask(
    () => this.refreshRecipients(),
    RECIPIENTS_REFRESH_MS,
  );
  private readonly timelineRefresh = new CoalescedTask(
    () => this.refreshTimeline(),
    TIMELINE_REFRESH_MS,
  );

  constructor() {
    const realtime = inject(RealtimeService);
    inject(DestroyRef).onDestroy(() => {
      this.recipientsRefresh.cancel();
      this.timelineRefresh.cancel();
    });

    realtime
      .on('campaign.progress')
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => {
        const current = this.campaign();
        if (!current || data.campaign_id !== current.id) return;
        const counts = countsOfEvent(data.counts);
        if (data.state !== current.state) {
          void this.announcer.announce(`Campaign ${CAMPAIGN_STATE_VIEWS[data.state].label}.`);
          // Its times (started, finished) are not in the event: load them.
          this.loaded.reload();
        }
        this.campaign.set({
          ...current,
          state: data.state,
          state_reason: data.state_reason,
          counts,
        });
        this.recipientsRefresh.request();
        this.timelineRefresh.request();
      });
    realtime.resync$.pipe(takeUntilDestroyed()).subscribe(() => {
      this.loaded.reload();
      this.recipientsPage.reload();
      this.timeline.reload();
    });
  }

  /** The chart's minutes, fetched again (live events say the campaign moved). */
  private async refreshTimeline(): Promise<void> {
    const id = this.id();
    try {
      const timeline = await this.api.invoke(getCampaignTimeline, { id });
      if (id === this.id()) this.perMinute.set(timeline.per_minute);
    } catch {
      // A live refresh that failed is retried on the next event; the chart stays as it was.
    }
  }

  /** The recipients shown, fetched again (as many as are loaded, up to the API's 200). */
  private async refreshRecipients(): Promise<void> {
    const states = this.stateFilter();
    try {
      const page = await this.api.invoke(listCampaignRecipients, {
        id: this.id(),
        limit: Math.min(200, Math.max(RECIPIENTS_PAGE_SIZE, this.recipients().length)),
        ...(states.length > 0 && { state: states.join(',') }),
      });
      if (states !== this.stateFilter()) return;
      this.recipients.set(page.items);
      this.nextCursor.set(page.next_cursor);
    } catch {
      // A live refresh that failed is retried on the next event; the table stays as it was.
    }
  }

  protected retry(): void {
    this.loaded.reload();
    this.recipientsPage.reload();
    this.timeline.reload();
  }

  protected filterStates(states: readonly RecipientState[]): void {
    this.stateFilter.set(states);
  }

  protected showOnly(state: RecipientState): void {
    this.stateFilter.set([state]);
  }

  protected async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    if (!cursor || this.loadingMore()) return;
    this.loadingMore.set(true);
    try {
      const states = this.stateFilter();
      const next = await this.api.invoke(listCampaignRecipients, {
        id: this.id(),
        limit: RECIPIENTS_PAGE_SIZE,
        cursor,
        ...(states.length > 0 && { state: states.join(',') }),
      });
      this.recipients.update((items) => [...items, ...next.items]);
      this.nextCursor.set(next.next_cursor);
      void this.announcer.announce(`${next.items.length} more recipients loaded`);
    } catch (error) {
      this.errors.notify(error);
    } finally {
      this.loadingMore.set(false);
    }
  }

  protected openMessage(recipient: CampaignRecipientDto): void {
    if (recipient.message_id) this.selectedMessageId.set(recipient.message_id);
  }

  protected closeMessage(): void {
    this.selectedMessageId.set(null);
  }

  private async act(
    name: string,
    call: (id: string) => Promise<CampaignDto>,
    done: string,
  ): Promise<void> {
    const campaign = this.campaign();
    if (!campaign || this.busy()) return;
    this.busy.set(name);
    try {
      const updated = await call(campaign.id);
      this.campaign.set(updated);
      void this.announcer.announce(done);
    } catch (error) {
      // 409: the campaign moved meanwhile (finished, paused elsewhere): show what it is now.
      if (httpStatus(error) === 409) this.loaded.reload();
      this.errors.notify(error);
    } finally {
      this.busy.set(null);
    }
  }

  protected pause(): Promise<void> {
    return this.act('pause', (id) => this.api.invoke(pauseCampaign, { id }), 'Campaign paused.');
  }

  protected resume(): Promise<void> {
    return this.act('resume', (id) => this.api.invoke(resumeCampaign, { id }), 'Campaign resumed.');
  }

  protected async cancel(): Promise<void> {
    const campaign = this.campaign();
    if (!campaign) return;
    const confirmed = await confirmAction(this.dialog, {
      title: `Cancel "${campaign.name}"?`,
      message: `${formatCount(campaign.counts.pending + campaign.counts.limited)} recipients not sent yet will not be sent. Messages already sent stay sent. A cancelled campaign cannot be resumed.`,
      confirmLabel: 'Cancel campaign',
      cancelLabel: 'Keep it',
      destructive: true,
    });
    if (!confirmed) return;
    await this.act(
      'cancel',
      (id) => this.api.invoke(cancelCampaign, { id }),
      'Campaign cancelled.',
    );
    this.recipientsRefresh.request();
  }

  protected async remove(): Promise<void> {
    const campaign = this.campaign();
    if (!campaign) return;
    const confirmed = await confirmAction(this.dialog, {
      title: `Delete "${campaign.name}"?`,
      message:
        'The campaign and its recipient list are deleted. Messages already sent stay in the message history.',
      confirmLabel: 'Delete',
      destructive: true,
    });
    if (!confirmed) return;
    this.busy.set('delete');
    try {
      await this.api.invoke(deleteCampaign, { id: campaign.id });
      void this.announcer.announce(`Campaign ${campaign.name} deleted.`);
      await this.router.navigate([CAMPAIGN_LINKS.list]);
    } catch (error) {
      this.errors.notify(error);
    } finally {
      this.busy.set(null);
    }
  }

  protected async sendAgain(recipient: CampaignRecipientDto): Promise<void> {
    const campaign = this.campaign();
    if (!campaign) return;
    const unknown = recipient.state === 'unknown';
    const confirmed = await confirmAction(this.dialog, {
      title: `Send again to ${recipient.to}?`,
      message: unknown
        ? 'Its first send could not be confirmed: it may have arrived. Sending again means this person may receive the message twice.'
        : 'WhatsApp refused or lost the first send. If the reason was not fixed it may fail again; if it did arrive after all, this person may receive it twice.',
      confirmLabel: 'Send again',
    });
    if (!confirmed) return;
    this.busy.set(`again-${recipient.id}`);
    try {
      const updated = await this.api.invoke(resendCampaignRecipient, {
        id: campaign.id,
        recipient_id: recipient.id,
      });
      this.campaign.set(updated);
      this.recipients.update((items) =>
        items.map((item) =>
          item.id === recipient.id ? { ...item, state: 'pending', error: null } : item,
        ),
      );
      void this.announcer.announce(`${recipient.to} will be sent again.`);
      this.recipientsRefresh.request();
    } catch (error) {
      this.errors.notify(error);
    } finally {
      this.busy.set(null);
    }
  }

  protected async exportCsv(): Promise<void> {
    const campaign = this.campaign();
    if (!campaign) return;
    this.busy.set('export');
    try {
      const csv = await this.api.invoke(exportCampaignRecipients, { id: campaign.id });
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `${campaign.name.replace(/[^\p{L}\p{N}_-]+/gu, '-') || 'campaign'}-recipients.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (error) {
      this.errors.notify(error);
    } finally {
      this.busy.set(null);
    }
  }
}
