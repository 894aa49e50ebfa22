import { LiveAnnouncer } from '@angular/cdk/a11y';
import { BreakpointObserver } from '@angular/cdk/layout';
import { Location } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  linkedSignal,
  resource,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatAnchor, MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatSidenav, MatSidenavContainer, MatSidenavContent } from '@angular/material/sidenav';
import {
  MatCell,
  MatCellDef,
  MatColumnDef,
  MatHeaderCell,
  MatHeaderCellDef,
  MatHeaderRow,
  MatHeaderRowDef,
  MatRow,
  MatRowDef,
  MatTable,
} from '@angular/material/table';
import { MatTooltip } from '@angular/material/tooltip';
import { ActivatedRoute, Router } from '@angular/router';
import { filter, map, merge } from 'rxjs';
import { laterStatus, type LiveEventData } from '@convis/contracts';
import { APP_LINKS } from '../../app.paths';
import { Api } from '../../core/api/api';
import { getMessage } from '../../core/api/fn/messages/get-message';
import { listMessages } from '../../core/api/fn/messages/list-messages';
import { listAccounts } from '../../core/api/fn/whatsapp-accounts/list-accounts';
import type { MessagePageDto } from '../../core/api/models/message-page-dto';
import type { MessageSummaryDto } from '../../core/api/models/message-summary-dto';
import { describeError } from '../../core/errors/api-error';
import { RealtimeService } from '../../core/realtime/realtime.service';
import { EmptyStateComponent } from '../../shared/empty-state/empty-state.component';
import { NoMatchesComponent } from '../../shared/empty-state/no-matches.component';
import { ConnectAccountFirstComponent } from '../../shared/empty-state/connect-account-first.component';
import { LoadErrorComponent } from '../../shared/page/load-error.component';
import { LoadingBarComponent } from '../../shared/page/loading-bar.component';
import { PageHeaderComponent } from '../../shared/page/page-header.component';
import { formatDateTime, formatRelativeTime } from '../../shared/format/date-time';
import {
  StatusChipComponent,
  statusChipView,
} from '../../shared/status-chip/status-chip.component';
import { FormattedTextComponent } from '../../shared/whatsapp-preview/formatted-text.component';
import { plainText } from '../../shared/whatsapp-preview/whatsapp-format';
import { CoalescedTask } from '../../core/realtime/coalesced-task';
import { MessageDetailComponent } from '../../shared/message-detail/message-detail.component';
import {
  type DirectionView,
  type MessageTypeView,
  counterpart,
  directionView,
  messageTypeView,
} from '../../shared/message-detail/message-display';
import { MessageFiltersBarComponent } from './message-filters-bar/message-filters-bar.component';
import {
  type MessageFilters,
  filtersFromParams,
  filtersToParams,
  hasFilters,
  sameFilters,
  toListParams,
} from './message-filters';
import { openSendMessageDialog } from './send-dialog/open-send-message-dialog';

/** Messages per page. */
export const PAGE_SIZE = 50;
/** After a burst of new-message events, the first page is checked once, this much later. */
export const LIVE_REFRESH_DELAY_MS = 300;
/** The first page grows with live messages up to this many rows, then starts over fresh. */
const MAX_FIRST_PAGE_ROWS = PAGE_SIZE * 4;
/** Below this width the table has two columns: the message (contact, time, text) and its status. */
const NARROW_QUERY = '(max-width: 719.98px)';
/** Below this width the toolbar is 56 px high instead of 64. */
const HANDSET_QUERY = '(max-width: 599.98px)';
/** How often "3 minutes ago" is brought up to date. */
const CLOCK_TICK_MS = 30_000;
/** The query param of the message whose details are open. */
const MESSAGE_PARAM = 'message';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One message as the table shows it. */
export interface MessageRow {
  readonly message: MessageSummaryDto;
  /** The other party: their name when known, else their number or user id. */
  readonly contact: string;
  /** Their number (or user id) under the name, when the name is shown. */
  readonly address: string | null;
  /** The account it went through, when the organization has several. */
  readonly account: string | null;
  readonly time: string;
  readonly exactTime: string;
  readonly direction: DirectionView;
  readonly type: MessageTypeView;
  /** For screen readers: the row in one sentence. */
  readonly summary: string;
  /** The whole preview as it reads (formatting markers left out), for the cut-off cell's tooltip. */
  readonly previewTitle: string;
}

/** Newer messages that arrived while the user looks at an older page. */
interface NewerMessages {
  readonly count: number;
  /** More than `count` (the check looks at one page). */
  readonly more: boolean;
}

/**
 * `/messages`: the organization's message history, newest first, with filters kept in the URL,
 * keyset paging (a stack of cursors: Newer goes back up it), live status updates and new
 * messages, and a drawer with the details of one message (`?message=<id>`).
 */
@Component({
  selector: 'app-messages',
  imports: [
    ConnectAccountFirstComponent,
    EmptyStateComponent,
    NoMatchesComponent,
    FormattedTextComponent,
    MessageDetailComponent,
    MessageFiltersBarComponent,
    StatusChipComponent,
    MatAnchor,
    MatButton,
    MatIcon,
    LoadErrorComponent,
    LoadingBarComponent,
    PageHeaderComponent,
    MatTooltip,
    MatSidenavContainer,
    MatSidenav,
    MatSidenavContent,
    MatTable,
    MatColumnDef,
    MatHeaderCell,
    MatHeaderCellDef,
    MatCell,
    MatCellDef,
    MatHeaderRow,
    MatHeaderRowDef,
    MatRow,
    MatRowDef,
  ],
  templateUrl: './messages.component.html',
  styleUrl: './messages.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessagesComponent {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly location = inject(Location);
  private readonly dialog = inject(MatDialog);
  private readonly realtime = inject(RealtimeService);
  private readonly announcer = inject(LiveAnnouncer);

  private readonly queryParams = toSignal(this.route.queryParams, { requireSync: true });
  protected readonly filters = computed(() => filtersFromParams(this.queryParams()), {
    equal: sameFilters,
  });
  protected readonly filtered = computed(() => hasFilters(this.filters()));
  /** The message whose details are open. */
  protected readonly selectedId = computed(() => {
    const id: unknown = this.queryParams()[MESSAGE_PARAM];
    return typeof id === 'string' && UUID.test(id) ? id : null;
  });
  /** The drawer keeps showing the last message while it slides closed. */
  protected readonly detailId = linkedSignal<string | null, string | null>({
    source: this.selectedId,
    computation: (id, previous) => id ?? previous?.value ?? null,
  });

  /** The cursor of each page on the way to the current one; `null` is the first page. */
  private readonly cursors = linkedSignal<MessageFilters, readonly (string | null)[]>({
    source: this.filters,
    computation: () => [null],
  });
  protected readonly pageNumber = computed(() => this.cursors().length);

  protected readonly accounts = resource({ loader: () => this.api.invoke(listAccounts) });
  protected readonly accountList = computed(() =>
    this.accounts.hasValue() ? this.accounts.value() : [],
  );
  /** Known once the accounts loaded: nothing can be sent or received before one is connected. */
  protected readonly noAccounts = computed(
    () => this.accounts.hasValue() && this.accounts.value().length === 0,
  );
  protected readonly links = APP_LINKS;

  protected readonly page = resource({
    params: () => ({ filters: this.filters(), cursor: this.cursors().at(-1) ?? null }),
    loader: async ({ params }) => {
      const page = await this.api.invoke(
        listMessages,
        toListParams(params.filters, PAGE_SIZE, params.cursor),
      );
      if (params.cursor === null) this.newestSeenId = page.items[0]?.id ?? null;
      return page;
    },
  });
  /** The page on screen: the previous one stays (dimmed) while the next one loads. */
  private readonly shownPage = linkedSignal<MessagePageDto | undefined, MessagePageDto | null>({
    source: () => (this.page.hasValue() ? this.page.value() : undefined),
    computation: (page, previous) => page ?? previous?.value ?? null,
  });
  protected readonly loadError = computed(() => {
    const error = this.page.error();
    return error ? describeError(error) : null;
  });
  protected readonly isEmpty = computed(
    () => this.page.hasValue() && this.page.value().items.length === 0,
  );
  protected readonly hasOlder = computed(() => Boolean(this.shownPage()?.next_cursor));
  protected readonly trackById = (_index: number, row: MessageRow): string => row.message.id;

  private readonly now = signal(Date.now());
  protected readonly rows = computed<readonly MessageRow[]>(() => {
    const page = this.shownPage();
    if (!page) return [];
    const now = this.now();
    const accounts = this.accountList();
    const labels = new Map(accounts.map((account) => [account.id, account.label]));
    return page.items.map((message) => {
      const address = counterpart(message);
      const contact = message.contact_name?.trim() || address;
      const direction = directionView(message.direction);
      const type = messageTypeView(message.message_type);
      const time = formatRelativeTime(message.created_at, now);
      return {
        message,
        contact,
        address: contact === address ? null : address,
        account:
          accounts.length > 1 && message.account_id
            ? (labels.get(message.account_id) ?? null)
            : null,
        time,
        exactTime: formatDateTime(message.created_at),
        direction,
        type,
        summary: `${direction.label} ${type.label.toLowerCase()} ${
          message.direction === 'out' ? 'to' : 'from'
        } ${contact}, ${time}, ${statusChipView(message.status, message.direction).label.toLowerCase()}${
          message.error ? `: ${message.error.title}` : ''
        }`,
        previewTitle: plainText(message.preview_text),
      };
    });
  });

  protected readonly narrow = this.matches(NARROW_QUERY);
  private readonly handset = this.matches(HANDSET_QUERY);
  protected readonly columns = computed(() =>
    this.narrow()
      ? ['contact', 'status']
      : ['time', 'direction', 'contact', 'type', 'preview', 'status'],
  );
  /** The drawer starts below the shell's toolbar. */
  protected readonly drawerTopGap = computed(() => (this.handset() ? 56 : 64));

  protected readonly newer = linkedSignal<MessageFilters, NewerMessages | null>({
    source: this.filters,
    computation: () => null,
  });
  /** The id of the newest message of the first page, to count what arrived since. */
  private newestSeenId: string | null = null;
  private openedHere = false;
  private readonly liveCheck = new CoalescedTask(
    () => this.checkForNewMessages(),
    LIVE_REFRESH_DELAY_MS,
  );

  constructor() {
    const destroyRef = inject(DestroyRef);
    const clock = setInterval(() => this.now.set(Date.now()), CLOCK_TICK_MS);
    destroyRef.onDestroy(() => {
      clearInterval(clock);
      this.liveCheck.cancel();
    });

    this.realtime
      .on('message.status')
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => this.applyStatus(data));
    merge(
      this.realtime
        .on('message.created')
        .pipe(map(({ data }) => ({ direction: data.direction, account_id: data.account_id }))),
      this.realtime
        .on('message.inbound')
        .pipe(map(({ data }) => ({ direction: 'in' as const, account_id: data.account_id }))),
    )
      .pipe(
        filter((event) => this.mayMatch(event.direction, event.account_id)),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.liveCheck.request());
    // Events may have been missed while the connection was down: show the page as it is now.
    this.realtime.resync$.pipe(takeUntilDestroyed()).subscribe(() => this.page.reload());
  }

  protected onFiltersChange(filters: MessageFilters): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: filtersToParams(filters),
      queryParamsHandling: 'merge',
    });
  }

  protected clearFilters(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: {} });
  }

  protected retry(): void {
    this.page.reload();
  }

  protected older(): void {
    const cursor = this.shownPage()?.next_cursor;
    if (!cursor || this.page.isLoading()) return;
    this.cursors.update((cursors) => [...cursors, cursor]);
  }

  protected newerPage(): void {
    if (this.cursors().length <= 1 || this.page.isLoading()) return;
    this.cursors.update((cursors) => cursors.slice(0, -1));
    if (this.cursors().length === 1) this.newer.set(null);
  }

  /** Back to the first page, with what arrived since. */
  protected showNewest(): void {
    this.newer.set(null);
    if (this.cursors().length === 1) this.page.reload();
    else this.cursors.set([null]);
  }

  protected open(row: MessageRow): void {
    if (this.selectedId() === row.message.id) return;
    this.openedHere = true;
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { [MESSAGE_PARAM]: row.message.id },
      queryParamsHandling: 'merge',
    });
  }

  /** Closes the drawer: back in history when it was opened here, so Back doesn't reopen it. */
  protected closeDetail(): void {
    if (this.selectedId() === null) {
      // Closed by Back: nothing left to undo.
      this.openedHere = false;
      return;
    }
    if (this.openedHere) {
      this.openedHere = false;
      this.location.back();
      return;
    }
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { [MESSAGE_PARAM]: null },
      queryParamsHandling: 'merge',
      replaceUrl: true,
    });
  }

  protected async newMessage(): Promise<void> {
    const account = this.filters().account;
    const sent = await openSendMessageDialog(this.dialog, account ? { accountId: account } : {});
    // The live event brings it too; this covers a connection that is down.
    if (sent) this.liveCheck.request();
  }

  /** Shows a message's new status on its row, if it is on screen. */
  private applyStatus(data: LiveEventData<'message.status'>): void {
    if (!this.page.hasValue() || this.page.isLoading()) return;
    const row = this.page.value().items.find((item) => item.id === data.message_id);
    if (!row) return;
    const status = laterStatus(row.status, data.status);
    if (status !== row.status) this.patchRow(row.id, { status });
    // The row shows why it failed: the event doesn't say, the message does.
    if (status === 'failed' && !row.error) void this.refreshRow(row.id);
  }

  private async refreshRow(id: string): Promise<void> {
    try {
      const message = await this.api.invoke(getMessage, { id });
      this.patchRow(id, {
        status: message.status,
        error: message.error,
        failed_at: message.failed_at,
        sent_at: message.sent_at,
        delivered_at: message.delivered_at,
        read_at: message.read_at,
        wa_message_id: message.wa_message_id,
      });
    } catch {
      // The chip already says "Failed"; the reason shows on the next load.
    }
  }

  private patchRow(id: string, changes: Partial<MessageSummaryDto>): void {
    if (!this.page.hasValue() || this.page.isLoading()) return;
    this.page.update((page) => ({
      ...page,
      items: page.items.map((item) => (item.id === id ? { ...item, ...changes } : item)),
    }));
  }

  /** Whether a new message could belong in the list (the server decides the rest). */
  private mayMatch(direction: 'in' | 'out', accountId: string): boolean {
    const filters = this.filters();
    if (filters.direction && filters.direction !== direction) return false;
    return !filters.account || filters.account === accountId;
  }

  /**
   * New messages arrived: on the first page, fetch it and put the new ones on top; on an older
   * page, count them for the "N new messages" bar.
   */
  private async checkForNewMessages(): Promise<void> {
    const filters = this.filters();
    // The first page is loading anyway: it will have the new messages.
    if (this.page.isLoading() && this.cursors().length === 1) return;
    let fresh: MessagePageDto;
    try {
      fresh = await this.api.invoke(listMessages, toListParams(filters, PAGE_SIZE, null));
    } catch {
      return; // A hint missed; the next event or resync catches up.
    }
    if (!sameFilters(filters, this.filters())) return;
    if (this.cursors().length === 1) this.mergeFirstPage(fresh);
    else this.countNewer(fresh);
  }

  private mergeFirstPage(fresh: MessagePageDto): void {
    if (!this.page.hasValue() || this.page.isLoading()) return;
    const current = this.page.value();
    const known = new Set(current.items.map((item) => item.id));
    const overlap = fresh.items.findIndex((item) => known.has(item.id));
    let added: number;
    if (overlap === -1) {
      // Everything on screen is older than a full page of new messages: start over.
      added = fresh.items.length;
      this.page.set(fresh);
    } else {
      const incoming = fresh.items.slice(0, overlap).filter((item) => !known.has(item.id));
      added = incoming.length;
      const updated = new Map(fresh.items.map((item) => [item.id, item]));
      const items = [...incoming, ...current.items.map((item) => updated.get(item.id) ?? item)];
      if (items.length > MAX_FIRST_PAGE_ROWS) this.page.set(fresh);
      else this.page.set({ items, next_cursor: current.next_cursor });
    }
    this.newestSeenId = fresh.items[0]?.id ?? this.newestSeenId;
    if (added > 0) {
      void this.announcer.announce(added === 1 ? '1 new message' : `${added} new messages`);
    }
  }

  private countNewer(fresh: MessagePageDto): void {
    const seen = this.newestSeenId ? fresh.items.findIndex((m) => m.id === this.newestSeenId) : -1;
    const count = seen === -1 ? fresh.items.length : seen;
    const more = seen === -1 && fresh.next_cursor !== null;
    const previous = this.newer();
    this.newer.set(count > 0 ? { count, more } : null);
    if (count > 0 && (previous?.count !== count || previous.more !== more)) {
      const amount = `${count}${more ? '+' : ''}`;
      void this.announcer.announce(
        `${amount} new ${count === 1 && !more ? 'message' : 'messages'} on the first page`,
      );
    }
  }

  private matches(query: string) {
    return toSignal(
      inject(BreakpointObserver)
        .observe(query)
        .pipe(map((state) => state.matches)),
      { initialValue: false },
    );
  }
}
