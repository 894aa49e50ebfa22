import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  afterNextRender,
  booleanAttribute,
  computed,
  effect,
  inject,
  input,
  output,
  resource,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatTooltip } from '@angular/material/tooltip';
import { filter, merge } from 'rxjs';
import { laterStatus, type LiveEventData } from '@convis/contracts';
import { Api } from '../../../core/api/api';
import { getConversation } from '../../../core/api/fn/conversations/get-conversation';
import { listConversationMessages } from '../../../core/api/fn/conversations/list-conversation-messages';
import { listMedia } from '../../../core/api/fn/media/list-media';
import { getMessage } from '../../../core/api/fn/messages/get-message';
import type { AccountResponseDto } from '../../../core/api/models/account-response-dto';
import type { MediaFileDto } from '../../../core/api/models/media-file-dto';
import type { MessageThreadPageDto } from '../../../core/api/models/message-thread-page-dto';
import type { MessageWithContentDto } from '../../../core/api/models/message-with-content-dto';
import { describeError } from '../../../core/errors/api-error';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { RealtimeService } from '../../../core/realtime/realtime.service';
import { ButtonSpinnerComponent } from '../../../shared/button-spinner/button-spinner.component';
import { EmptyStateComponent } from '../../../shared/empty-state/empty-state.component';
import { formatDateTime } from '../../../shared/format/date-time';
import { WhatsAppChatComponent } from '../../../shared/whatsapp-preview/whatsapp-chat.component';
import { CoalescedTask } from '../../../core/realtime/coalesced-task';
import {
  contactAddress,
  contactName,
  initials,
  windowAfterInbound,
  windowState,
} from '../conversation-display';
import {
  type InboxSend,
  ReplyBoxComponent,
  type ReplyTarget,
} from '../reply-box/reply-box.component';
import { type MessageItem, buildThread, mediaMessageIds } from './thread-items';
import { ThreadMessageComponent } from './thread-message/thread-message.component';
import { ConsentToggleComponent } from '../../contacts/consent-toggle/consent-toggle.component';
import type { ContactSummaryDto } from '../../../core/api/models/contact-summary-dto';

/** Messages per page of the thread. */
export const THREAD_PAGE_SIZE = 50;
/** After a burst of live events, the newest page is fetched once, this much later. */
export const THREAD_LIVE_DELAY_MS = 300;
/** Most message ids one media lookup takes (the API's limit). */
const MEDIA_LOOKUP_MAX = 100;
/** Closer than this to the bottom, new messages scroll into view. */
const NEAR_BOTTOM_PX = 120;
/** Closer than this to the top, older messages load. */
const NEAR_TOP_PX = 160;
/** How often day headings ("Today") and the window's state are brought up to date. */
const CLOCK_TICK_MS = 60_000;

/** What the live events say about a media download that is over. */
type MediaOutcome = LiveEventData<'media.stored' | 'media.failed'>;

/** The file as the live event left it (the event's fields are the lookup's, renamed). */
function settled(file: MediaFileDto, outcome: MediaOutcome): MediaFileDto {
  return {
    ...file,
    id: outcome.media_id,
    status: outcome.status,
    mime_type: outcome.mime_type ?? file.mime_type,
    size_bytes: outcome.size_bytes,
    error: outcome.status === 'failed' ? outcome.reason : null,
  };
}

const newestFirst = (a: MessageWithContentDto, b: MessageWithContentDto) =>
  new Date(b.created_at).getTime() - new Date(a.created_at).getTime() ||
  (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);

/**
 * One conversation: the contact and the 24-hour window in a header, the messages as WhatsApp
 * bubbles (oldest at the top; older pages load when scrolling up), and the reply box. It follows
 * the live events of this contact: customers' messages and our sends appear, ticks move, their
 * photos and files load as soon as the backend has them, and after a reconnection the newest page
 * is fetched again.
 */
@Component({
  selector: 'app-conversation-thread',
  imports: [
    MatButton,
    MatIconButton,
    MatIcon,
    MatProgressSpinner,
    MatTooltip,
    ButtonSpinnerComponent,
    EmptyStateComponent,
    WhatsAppChatComponent,
    ThreadMessageComponent,
    ReplyBoxComponent,
    ConsentToggleComponent,
  ],
  templateUrl: './conversation-thread.component.html',
  styleUrl: './conversation-thread.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationThreadComponent {
  private readonly api = inject(Api);
  private readonly errors = inject(ErrorNotifier);
  private readonly injector = inject(Injector);
  private readonly scroller = viewChild('scroller', { read: ElementRef });
  private readonly replyBox = viewChild(ReplyBoxComponent);

  /** The contact whose conversation is shown. */
  readonly contactId = input.required<string>();
  /** The organization's accounts, to name the one the conversation runs on. */
  readonly accounts = input<readonly AccountResponseDto[]>([]);
  /** Shows a Back button (narrow screens, where the list is another view). */
  readonly showBack = input(false, { transform: booleanAttribute });
  readonly back = output<void>();

  protected readonly conversation = resource({
    params: () => this.contactId(),
    loader: ({ params }) => this.api.invoke(getConversation, { contact_id: params }),
  });
  /** An agent opted the contact out (or in): the header shows it at once. */
  protected onConsentChanged(state: ContactSummaryDto['consent_state']): void {
    if (!this.conversation.hasValue()) return;
    this.conversation.update((c) => c && { ...c, contact: { ...c.contact, consent_state: state } });
  }

  protected readonly current = computed(() =>
    this.conversation.hasValue() ? this.conversation.value() : null,
  );
  protected readonly conversationError = computed(() => {
    const error = this.conversation.error();
    return error ? describeError(error) : null;
  });

  /** Newest first, as the API pages them. */
  private readonly messages = signal<readonly MessageWithContentDto[]>([]);
  private readonly olderCursor = signal<string | null>(null);
  private readonly media = signal<ReadonlyMap<string, MediaFileDto | null>>(new Map());
  private readonly now = signal(Date.now());
  protected readonly loadingFirst = signal(true);
  protected readonly loadingOlder = signal(false);
  protected readonly loadError = signal<string | null>(null);
  /** Changed after a reconnection: media still downloading are fetched again. */
  protected readonly mediaRetry = signal(0);
  protected readonly replyTo = signal<ReplyTarget | null>(null);
  /** New messages below while the user reads older ones. */
  protected readonly unseen = signal(0);

  protected readonly name = computed(() => {
    const conversation = this.current();
    return conversation ? contactName(conversation.contact) : '';
  });
  /** The account the conversation runs on, with its state (the reply box needs it). */
  protected readonly account = computed(() => {
    const id = this.current()?.business_number.account_id;
    return (id && this.accounts().find((a) => a.id === id)) || null;
  });
  protected readonly header = computed(() => {
    const conversation = this.current();
    if (!conversation) return null;
    const { business_number: number } = conversation;
    const account = this.accounts().find((a) => a.id === number.account_id);
    const via = account?.label ?? number.label ?? number.display_phone_number;
    const window = windowState(conversation, this.now());
    return {
      initials: initials(contactName(conversation.contact)),
      subtitle: [contactAddress(conversation.contact), via ? `via ${via}` : null]
        .filter(Boolean)
        .join(' · '),
      window: window.open
        ? {
            open: true,
            text: 'Window open',
            detail: `Closes at ${formatDateTime(window.expiresAt)}`,
          }
        : { open: false, text: 'Window closed', detail: null },
    };
  });
  protected readonly items = computed(() =>
    buildThread(this.messages(), {
      contactName: this.name() || 'The contact',
      media: this.media(),
      complete: this.olderCursor() === null && !this.loadingFirst(),
      now: this.now(),
    }),
  );
  protected readonly hasOlder = computed(() => this.olderCursor() !== null);
  protected readonly isEmpty = computed(
    () => !this.loadingFirst() && !this.loadError() && this.messages().length === 0,
  );

  /** Counts conversations opened: answers for a previous one are dropped. */
  private generation = 0;
  /** The user is at the newest message: the thread stays there as media load and grow it. */
  private stickToBottom = true;
  private readonly requestedMedia = new Set<string>();
  /**
   * Downloads of this conversation that finished, by message id, heard live: a lookup still under
   * way (or answered before the download was over) may say `pending`, and this knows better.
   */
  private readonly mediaOutcomes = new Map<string, MediaOutcome>();
  private readonly liveRefresh = new CoalescedTask(
    () => this.refreshNewest(),
    THREAD_LIVE_DELAY_MS,
  );

  constructor() {
    effect(() => {
      const contactId = this.contactId();
      untracked(() => void this.open(contactId));
    });
    // Photos and players change height once loaded: at the bottom, stay at the bottom.
    effect((onCleanup) => {
      const element = this.scroller()?.nativeElement as HTMLElement | undefined;
      if (!element) return;
      const keep = (): void => {
        if (this.stickToBottom) element.scrollTop = element.scrollHeight;
      };
      element.addEventListener('load', keep, true);
      element.addEventListener('loadedmetadata', keep, true);
      onCleanup(() => {
        element.removeEventListener('load', keep, true);
        element.removeEventListener('loadedmetadata', keep, true);
      });
    });
    const clock = setInterval(() => this.now.set(Date.now()), CLOCK_TICK_MS);
    inject(DestroyRef).onDestroy(() => {
      clearInterval(clock);
      this.liveRefresh.cancel();
    });

    const realtime = inject(RealtimeService);
    realtime
      .on('message.inbound')
      .pipe(
        filter(({ data }) => data.contact_id === this.contactId()),
        takeUntilDestroyed(),
      )
      .subscribe(({ data }) => {
        // The contact wrote: the window is open again for 24 hours.
        this.conversation.update((conversation) =>
          conversation
            ? {
                ...conversation,
                last_inbound_at: data.received_at,
                window: windowAfterInbound(data.received_at),
              }
            : conversation,
        );
        this.liveRefresh.request();
      });
    realtime
      .on('message.created')
      .pipe(
        filter(({ data }) => data.contact_id === this.contactId()),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.liveRefresh.request());
    realtime
      .on('message.status')
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => this.applyStatus(data));
    // A customer's photo (voice note, …) finished downloading: its bubble loads it now.
    merge(realtime.on('media.stored'), realtime.on('media.failed'))
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => this.applyMediaOutcome(data));
    // Events may have been missed while the connection was down.
    realtime.resync$.pipe(takeUntilDestroyed()).subscribe(() => {
      this.conversation.reload();
      this.liveRefresh.request();
      this.mediaRetry.update((count) => count + 1);
    });
  }

  protected retry(): void {
    void this.open(this.contactId());
  }

  protected retryConversation(): void {
    this.conversation.reload();
  }

  protected onScroll(): void {
    const element = this.scroller()?.nativeElement as HTMLElement | undefined;
    if (!element) return;
    if (element.scrollTop < NEAR_TOP_PX && this.hasOlder()) void this.loadOlder();
    this.stickToBottom = this.isNearBottom();
    if (this.stickToBottom) this.unseen.set(0);
  }

  protected jumpToBottom(): void {
    this.unseen.set(0);
    this.scrollToBottom();
  }

  protected startReply(item: MessageItem): void {
    this.replyTo.set({ id: item.id, text: item.quoteText });
    afterNextRender(() => this.replyBox()?.focus(), { injector: this.injector });
  }

  /** A message went out from the reply box or the send dialog: show it at once. */
  protected onSent({ sent, request }: InboxSend): void {
    this.replyTo.set(null);
    // A text reply shows at once; what the dialog sent (media, buttons…) comes with the refresh.
    const known = this.messages().some((m) => m.id === sent.id);
    if (request?.text && sent.contact_id === this.contactId() && !known) {
      const quoted = request.reply_to
        ? this.messages().find((m) => m.id === request.reply_to)
        : undefined;
      const message: MessageWithContentDto = {
        ...sent,
        contact_name: null,
        campaign_id: null,
        content: { type: 'text', text: { body: request.text } },
        context_wa_message_id: quoted?.wa_message_id ?? null,
        template: null,
        delivered_at: null,
        read_at: null,
        failed_at: null,
        received_at: null,
      };
      this.messages.update((list) => [message, ...list].sort(newestFirst));
    }
    this.scrollToBottom();
    // The live event brings the stored message too; this covers a connection that is down.
    this.liveRefresh.request();
  }

  /** Loads the page before the oldest message shown, keeping the scroll position. */
  protected async loadOlder(): Promise<void> {
    const cursor = this.olderCursor();
    if (!cursor || this.loadingOlder() || this.loadingFirst()) return;
    const generation = this.generation;
    const element = this.scroller()?.nativeElement as HTMLElement | undefined;
    const fromBottom = element ? element.scrollHeight - element.scrollTop : 0;
    this.loadingOlder.set(true);
    try {
      const page = await this.fetchPage(this.contactId(), cursor);
      if (generation !== this.generation) return;
      this.messages.update((list) => this.merged(list, page.items));
      this.olderCursor.set(page.next_cursor);
      void this.lookUpMedia(page.items);
      afterNextRender(
        () => {
          if (element) element.scrollTop = element.scrollHeight - fromBottom;
        },
        { injector: this.injector },
      );
    } catch (error) {
      if (generation === this.generation) this.errors.notify(error);
    } finally {
      if (generation === this.generation) this.loadingOlder.set(false);
    }
  }

  private async open(contactId: string): Promise<void> {
    const generation = ++this.generation;
    this.messages.set([]);
    this.olderCursor.set(null);
    this.media.set(new Map());
    this.requestedMedia.clear();
    this.mediaOutcomes.clear();
    this.replyTo.set(null);
    this.unseen.set(0);
    this.loadError.set(null);
    this.loadingFirst.set(true);
    this.loadingOlder.set(false);
    try {
      const page = await this.fetchPage(contactId, null);
      if (generation !== this.generation) return;
      this.messages.set(page.items);
      this.olderCursor.set(page.next_cursor);
      void this.lookUpMedia(page.items);
      this.scrollToBottom();
    } catch (error) {
      if (generation === this.generation) this.loadError.set(describeError(error));
    } finally {
      if (generation === this.generation) this.loadingFirst.set(false);
    }
  }

  /** Fetches the newest page and merges it: new messages at the bottom, fresher copies in place. */
  private async refreshNewest(): Promise<void> {
    if (this.loadingFirst() || this.loadError()) return;
    const generation = this.generation;
    let page: MessageThreadPageDto;
    try {
      page = await this.fetchPage(this.contactId(), null);
    } catch {
      return; // A hint missed; the next event or resync catches up.
    }
    if (generation !== this.generation) return;
    const current = this.messages();
    const known = new Set(current.map((message) => message.id));
    const added = page.items.filter((message) => !known.has(message.id));
    const wasAtBottom = this.isNearBottom();
    if (current.length > 0 && added.length === page.items.length && page.next_cursor) {
      // More new messages than a page: start over from the newest.
      this.messages.set(page.items);
      this.olderCursor.set(page.next_cursor);
    } else {
      this.messages.update((list) => this.merged(list, page.items));
    }
    void this.lookUpMedia(added);
    if (added.length === 0) return;
    if (wasAtBottom || added.some((message) => message.direction === 'out')) {
      this.scrollToBottom();
    } else {
      this.unseen.update((count) => count + added.length);
    }
  }

  /** `list` with `page`'s messages added or, when known, refreshed (statuses never go back). */
  private merged(
    list: readonly MessageWithContentDto[],
    page: readonly MessageWithContentDto[],
  ): MessageWithContentDto[] {
    const byId = new Map(list.map((message) => [message.id, message]));
    for (const fresh of page) {
      const known = byId.get(fresh.id);
      byId.set(
        fresh.id,
        known ? { ...fresh, status: laterStatus(known.status, fresh.status) } : fresh,
      );
    }
    return [...byId.values()].sort(newestFirst);
  }

  private applyStatus(data: LiveEventData<'message.status'>): void {
    const message = this.messages().find((m) => m.id === data.message_id);
    if (!message) return;
    const status = laterStatus(message.status, data.status);
    if (status !== message.status) {
      this.messages.update((list) => list.map((m) => (m.id === message.id ? { ...m, status } : m)));
    }
    // The bubble shows why it failed: the event doesn't say, the message does.
    if (status === 'failed' && !message.error) void this.refreshMessage(message.id);
  }

  private async refreshMessage(id: string): Promise<void> {
    const generation = this.generation;
    try {
      const fresh = await this.api.invoke(getMessage, { id });
      if (generation !== this.generation) return;
      this.messages.update((list) => this.merged(list, [fresh]));
    } catch {
      // The bubble already shows the red tick; the reason comes with the next load.
    }
  }

  private applyMediaOutcome(outcome: MediaOutcome): void {
    const ours =
      outcome.contact_id === null
        ? this.messages().some((message) => message.id === outcome.message_id)
        : outcome.contact_id === this.contactId();
    if (!ours) return;
    this.mediaOutcomes.set(outcome.message_id, outcome);
    // Not looked up yet (the message is still coming, or its lookup is under way): applied then.
    const file = this.media().get(outcome.message_id);
    if (!file) return;
    this.media.update((current) =>
      new Map(current).set(outcome.message_id, settled(file, outcome)),
    );
  }

  /** The looked-up file, unless the live events already told how its download ended. */
  private withOutcome(file: MediaFileDto): MediaFileDto {
    const outcome = this.mediaOutcomes.get(file.message_id);
    return outcome && file.status === 'pending' ? settled(file, outcome) : file;
  }

  /** Finds the media files of customers' media messages not looked up yet. */
  private async lookUpMedia(messages: readonly MessageWithContentDto[]): Promise<void> {
    const ids = mediaMessageIds(messages).filter((id) => !this.requestedMedia.has(id));
    if (ids.length === 0) return;
    const generation = this.generation;
    ids.forEach((id) => this.requestedMedia.add(id));
    for (let start = 0; start < ids.length; start += MEDIA_LOOKUP_MAX) {
      const chunk = ids.slice(start, start + MEDIA_LOOKUP_MAX);
      try {
        const files = await this.api.invoke(listMedia, { message_id: chunk.join(',') });
        if (generation !== this.generation) return;
        const found = new Map(files.map((file) => [file.message_id, file]));
        this.media.update((current) => {
          const next = new Map(current);
          for (const id of chunk) {
            const file = found.get(id);
            next.set(id, file ? this.withOutcome(file) : null);
          }
          return next;
        });
      } catch {
        // Looked up again with the next refresh.
        chunk.forEach((id) => this.requestedMedia.delete(id));
      }
    }
  }

  private fetchPage(contactId: string, cursor: string | null): Promise<MessageThreadPageDto> {
    return this.api.invoke(listConversationMessages, {
      contact_id: contactId,
      limit: THREAD_PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    });
  }

  private isNearBottom(): boolean {
    const element = this.scroller()?.nativeElement as HTMLElement | undefined;
    if (!element) return true;
    return element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
  }

  private scrollToBottom(): void {
    this.stickToBottom = true;
    afterNextRender(
      () => {
        const element = this.scroller()?.nativeElement as HTMLElement | undefined;
        if (element) element.scrollTop = element.scrollHeight;
      },
      { injector: this.injector },
    );
  }
}
