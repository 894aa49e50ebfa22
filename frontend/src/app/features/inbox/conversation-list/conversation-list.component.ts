import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatAnchor, MatButton, MatIconButton } from '@angular/material/button';
import { MatOption } from '@angular/material/core';
import { MatFormField, MatLabel, MatPrefix, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatDialog } from '@angular/material/dialog';
import { MatSelect } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { debounceTime } from 'rxjs';
import { livePreview } from '@convis/contracts';
import { APP_LINKS } from '../../../app.paths';
import type { ConversationDto } from '../../../core/api/models/conversation-dto';
import type { AccountResponseDto } from '../../../core/api/models/account-response-dto';
import type { MessageStatus } from '../../../core/api/models/message-status';
import { ButtonSpinnerComponent } from '../../../shared/button-spinner/button-spinner.component';
import { EmptyStateComponent } from '../../../shared/empty-state/empty-state.component';
import { formatDateTime } from '../../../shared/format/date-time';
import { openSendMessageDialog } from '../../messages/send-dialog/open-send-message-dialog';
import { contactName, formatListTime, initials, windowState } from '../conversation-display';
import { type ConversationFilters, ConversationsStore } from '../conversations.store';
import { messageSummary } from '../thread/thread-items';

/** How long typing in the search pauses before the list follows. */
export const SEARCH_DEBOUNCE_MS = 300;
/** How often times and the windows' time left are brought up to date. */
const CLOCK_TICK_MS = 30_000;

const TICKS: Readonly<Record<MessageStatus, { icon: string; label: string } | null>> = {
  queued: { icon: 'schedule', label: 'Pending' },
  sent: { icon: 'done', label: 'Sent' },
  delivered: { icon: 'done_all', label: 'Delivered' },
  read: { icon: 'done_all', label: 'Read' },
  played: { icon: 'done_all', label: 'Played' },
  failed: { icon: 'error', label: 'Failed' },
  received: null,
};

/** One conversation as the list shows it. */
export interface ConversationRow {
  readonly id: string;
  readonly name: string;
  readonly initials: string;
  readonly preview: string;
  /** Our last message's ticks. */
  readonly tick: { readonly status: MessageStatus; readonly icon: string } | null;
  readonly fromUs: boolean;
  readonly time: string;
  readonly exactTime: string;
  readonly dateTime: string | null;
  readonly unread: number;
  readonly windowOpen: boolean;
  /** `3 h 12 min left`, `Closed`. */
  readonly windowText: string;
  /** The account, when the organization has several. */
  readonly account: string | null;
  readonly selected: boolean;
  /** The row in one sentence, for screen readers. */
  readonly label: string;
}

/**
 * The row's last message, cut like the previews of live events (`livePreview`), so a row looks
 * the same whether it was fetched or updated by an event.
 */
function previewOf(conversation: ConversationDto): string {
  const last = conversation.last_message;
  if (!last) return 'No messages yet';
  if (last.message_type === 'reaction' && last.direction === 'in' && last.preview_text) {
    return livePreview(`Reacted ${last.preview_text}`);
  }
  return livePreview(messageSummary(last.message_type, last.preview_text));
}

/**
 * The inbox's conversations, newest activity first: name, last message, unread badge and the
 * 24-hour window's state, with a search and (for several accounts) an account filter. A listbox:
 * arrow keys, Home and End move, Enter opens. The data comes from `ConversationsStore`.
 */
@Component({
  selector: 'app-conversation-list',
  imports: [
    ReactiveFormsModule,
    MatFormField,
    MatLabel,
    MatPrefix,
    MatSuffix,
    MatInput,
    MatSelect,
    MatOption,
    MatAnchor,
    MatButton,
    MatIconButton,
    MatIcon,
    MatProgressBar,
    RouterLink,
    ButtonSpinnerComponent,
    EmptyStateComponent,
  ],
  templateUrl: './conversation-list.component.html',
  styleUrl: './conversation-list.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationListComponent {
  protected readonly store = inject(ConversationsStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly dialog = inject(MatDialog);
  protected readonly links = APP_LINKS;

  /** The organization's WhatsApp accounts, for the filter and the rows' account names. */
  readonly accounts = input<readonly AccountResponseDto[]>([]);
  readonly filtersChange = output<ConversationFilters>();
  /** The user opened a conversation (its contact id). */
  readonly opened = output<string>();

  protected readonly search = new FormControl('', { nonNullable: true });
  // '' is "all": a select shows an option with a null value as no selection at all.
  protected readonly account = new FormControl('', { nonNullable: true });
  private readonly now = signal(Date.now());
  /** The row that takes the focus in the list (roving tabindex). */
  protected readonly activeIndex = signal(0);

  protected readonly rows = computed<readonly ConversationRow[]>(() => {
    const now = this.now();
    const accounts = this.accounts();
    const labels = new Map(accounts.map((account) => [account.id, account.label]));
    const selected = this.store.selectedId();
    return this.store.items().map((conversation) => {
      const name = contactName(conversation.contact);
      const last = conversation.last_message;
      const fromUs = last?.direction === 'out';
      const tick = fromUs && last ? TICKS[last.status] : null;
      const window = windowState(conversation, now);
      const windowText = window.open ? `${window.timeLeft} left` : 'Closed';
      const preview = previewOf(conversation);
      const at = conversation.last_message_at;
      const time = at ? formatListTime(at, now) : '';
      const unread = conversation.unread_count;
      const account = conversation.business_number.account_id;
      return {
        id: conversation.contact.id,
        name,
        initials: initials(name),
        preview,
        tick: tick && last ? { status: last.status, icon: tick.icon } : null,
        fromUs,
        time,
        exactTime: at ? formatDateTime(at) : '',
        dateTime: at,
        unread,
        windowOpen: window.open,
        windowText,
        account:
          accounts.length > 1
            ? ((account ? labels.get(account) : null) ??
              conversation.business_number.label ??
              'Disconnected account')
            : null,
        selected: conversation.contact.id === selected,
        label: [
          name,
          unread > 0 ? `${unread} unread ${unread === 1 ? 'message' : 'messages'}` : null,
          `${fromUs ? 'You' : name}: ${preview}${tick ? ` (${tick.label.toLowerCase()})` : ''}`,
          time,
          window.open ? `window open, ${windowText}` : 'window closed',
        ]
          .filter(Boolean)
          .join('. '),
      };
    });
  });

  constructor() {
    const clock = setInterval(() => this.now.set(Date.now()), CLOCK_TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(clock));
    // The URL's filters show in the fields (the echo of the user's own change changes nothing).
    effect(() => {
      const { q, account } = this.store.filters();
      untracked(() => {
        if (this.search.value.trim() !== q) this.search.setValue(q, { emitEvent: false });
        this.account.setValue(account ?? '', { emitEvent: false });
      });
    });
    // The focus stays on the open conversation's row.
    effect(() => {
      const index = this.rows().findIndex((row) => row.selected);
      if (index >= 0) untracked(() => this.activeIndex.set(index));
    });
    this.search.valueChanges
      .pipe(debounceTime(SEARCH_DEBOUNCE_MS), takeUntilDestroyed())
      .subscribe(() => this.emit());
    this.account.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.emit());
  }

  protected clearSearch(): void {
    this.search.setValue('', { emitEvent: false });
    this.emit();
  }

  protected clearFilters(): void {
    this.search.setValue('', { emitEvent: false });
    this.account.setValue('', { emitEvent: false });
    this.emit();
  }

  protected open(row: ConversationRow, index: number): void {
    this.activeIndex.set(index);
    this.opened.emit(row.id);
  }

  protected onKeydown(event: KeyboardEvent): void {
    const rows = this.rows();
    if (rows.length === 0) return;
    const current = Math.min(this.activeIndex(), rows.length - 1);
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = Math.min(rows.length - 1, current + 1);
        if (current === rows.length - 1) void this.store.loadMore();
        break;
      case 'ArrowUp':
        next = Math.max(0, current - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = rows.length - 1;
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        this.open(rows[current], current);
        return;
      default:
        return;
    }
    event.preventDefault();
    this.activeIndex.set(next);
    this.host.nativeElement.querySelectorAll<HTMLElement>('[role="option"]')[next]?.focus();
  }

  private emit(): void {
    const next: ConversationFilters = {
      q: this.search.value.trim(),
      account: this.account.value || null,
    };
    const current = this.store.filters();
    if (next.q === current.q && next.account === current.account) return;
    this.filtersChange.emit(next);
  }

  /**
   * No conversation yet: the business writes first, with an approved template (the send dialog;
   * the new conversation comes with its live event).
   */
  protected async startConversation(): Promise<void> {
    await openSendMessageDialog(this.dialog, { mode: 'template' });
  }
}
