import { LiveAnnouncer } from '@angular/cdk/a11y';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { laterStatus, type LiveEventData } from '@convis/contracts';
import { Api } from '../../core/api/api';
import { listConversations } from '../../core/api/fn/conversations/list-conversations';
import { markConversationRead } from '../../core/api/fn/conversations/mark-conversation-read';
import type { ConversationDto } from '../../core/api/models/conversation-dto';
import type { ConversationPageDto } from '../../core/api/models/conversation-page-dto';
import { describeError } from '../../core/errors/api-error';
import { ErrorNotifier } from '../../core/errors/error-notifier.service';
import { RealtimeService } from '../../core/realtime/realtime.service';
import { CoalescedTask } from '../../core/realtime/coalesced-task';
import { contactName, windowAfterInbound } from './conversation-display';

/** Conversations per page. */
export const CONVERSATIONS_PAGE_SIZE = 30;
/** After a burst of live events, the first page is fetched once, this much later. */
export const LIVE_REFRESH_DELAY_MS = 300;
/** Messages arriving in the open conversation are marked read once per burst. */
export const MARK_READ_DELAY_MS = 500;

/** The list's filters (kept in the URL by the page). */
export interface ConversationFilters {
  /** Part of the contact's name, number or user id. */
  readonly q: string;
  /** Only this WhatsApp account's conversations. */
  readonly account: string | null;
}

export const NO_CONVERSATION_FILTERS: ConversationFilters = { q: '', account: null };

export function sameConversationFilters(a: ConversationFilters, b: ConversationFilters): boolean {
  return a.q === b.q && a.account === b.account;
}

interface LoadedConversations {
  readonly items: readonly ConversationDto[];
  readonly nextCursor: string | null;
}

const time = (value: string | null) => (value ? new Date(value).getTime() : 0);

/**
 * Newest activity first; a conversation appears once: its most recent copy, or the first one
 * given when they are as recent.
 */
function ordered(items: readonly ConversationDto[]): ConversationDto[] {
  const byContact = new Map<string, ConversationDto>();
  for (const item of items) {
    const known = byContact.get(item.contact.id);
    if (!known || time(item.last_message_at) > time(known.last_message_at)) {
      byContact.set(item.contact.id, item);
    }
  }
  return [...byContact.values()].sort(
    (a, b) =>
      time(b.last_message_at) - time(a.last_message_at) ||
      (b.contact.id < a.contact.id ? -1 : b.contact.id > a.contact.id ? 1 : 0),
  );
}

/**
 * The inbox's conversation list, for the page and its components (provided by the page): the
 * pages loaded so far with the URL's filters, the open conversation, and the live updates that
 * keep both current — a customer's message bumps its conversation to the top with one more
 * unread (or, in the open one, marks it read), sends and statuses update the last message, a
 * conversation read elsewhere (another tab or user) loses its badge, and after a reconnection the
 * first page is fetched again.
 */
@Injectable()
export class ConversationsStore {
  private readonly api = inject(Api);
  private readonly errors = inject(ErrorNotifier);
  private readonly announcer = inject(LiveAnnouncer);

  private readonly loaded = signal<LoadedConversations | null>(null);
  private readonly filtersState = signal<ConversationFilters | null>(null);
  private readonly selected = signal<string | null>(null);
  /** Counts loads: an answer to an older one (other filters) is dropped. */
  private generation = 0;

  readonly filters = computed(() => this.filtersState() ?? NO_CONVERSATION_FILTERS);
  /** The open conversation's contact id. */
  readonly selectedId = this.selected.asReadonly();
  /** The conversations loaded so far; the open one counts as read. */
  readonly items = computed<readonly ConversationDto[]>(() => {
    const selected = this.selected();
    return (this.loaded()?.items ?? []).map((item) =>
      item.contact.id === selected && item.unread_count > 0 ? { ...item, unread_count: 0 } : item,
    );
  });
  readonly hasMore = computed(() => Boolean(this.loaded()?.nextCursor));
  readonly loading = signal(false);
  readonly loadingMore = signal(false);
  /** Why the first page could not be loaded. */
  readonly error = signal<string | null>(null);
  readonly isEmpty = computed(() => this.loaded()?.items.length === 0);
  readonly filtered = computed(() => {
    const { q, account } = this.filters();
    return q !== '' || account !== null;
  });

  private readonly liveRefresh = new CoalescedTask(() => this.refresh(), LIVE_REFRESH_DELAY_MS);
  private readonly liveMarkRead = new CoalescedTask(async () => {
    const id = this.selected();
    if (id) await this.markRead(id);
  }, MARK_READ_DELAY_MS);

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.liveRefresh.cancel();
      this.liveMarkRead.cancel();
    });
    const realtime = inject(RealtimeService);
    realtime
      .on('message.inbound')
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => this.onInbound(data));
    realtime
      .on('message.created')
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => this.onCreated(data));
    realtime
      .on('conversation.read')
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => this.onRead(data));
    realtime
      .on('message.status')
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => this.onStatus(data));
    // Events may have been missed while the connection was down.
    realtime.resync$.pipe(takeUntilDestroyed()).subscribe(() => this.liveRefresh.request());
  }

  /** Shows the conversations matching `filters` (loads the first page when they changed). */
  setFilters(filters: ConversationFilters): void {
    const current = this.filtersState();
    if (current && sameConversationFilters(current, filters)) return;
    this.filtersState.set(filters);
    void this.load();
  }

  /** Opens a conversation (or none) and marks it read. */
  select(contactId: string | null): void {
    if (this.selected() === contactId) return;
    this.selected.set(contactId);
    if (contactId) void this.markRead(contactId);
  }

  /** Loads the first page again, from scratch. */
  async load(): Promise<void> {
    const generation = ++this.generation;
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await this.fetch(null);
      if (generation !== this.generation) return;
      this.loaded.set({ items: ordered(page.items), nextCursor: page.next_cursor });
    } catch (error) {
      if (generation === this.generation) this.error.set(describeError(error));
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
  }

  /** Loads the next page (older activity). */
  async loadMore(): Promise<void> {
    const cursor = this.loaded()?.nextCursor;
    if (!cursor || this.loading() || this.loadingMore()) return;
    const generation = this.generation;
    this.loadingMore.set(true);
    try {
      const page = await this.fetch(cursor);
      if (generation !== this.generation) return;
      this.loaded.update((current) => ({
        items: ordered([...(current?.items ?? []), ...page.items]),
        nextCursor: page.next_cursor,
      }));
    } catch (error) {
      if (generation === this.generation) this.errors.notify(error);
    } finally {
      this.loadingMore.set(false);
    }
  }

  /** Marks a conversation read here (its badge clears at once; the server confirms). */
  async markRead(contactId: string): Promise<void> {
    this.patch(contactId, (item) => ({ ...item, unread_count: 0 }));
    try {
      const conversation = await this.api.invoke(markConversationRead, { contact_id: contactId });
      this.patch(contactId, () => conversation);
    } catch {
      // The badge comes back with the next refresh; reading the thread still works.
    }
  }

  /** A fresher copy of a conversation (e.g. after a send): replaces the listed one. */
  update(conversation: ConversationDto): void {
    this.patch(conversation.contact.id, (item) =>
      time(conversation.last_message_at) >= time(item.last_message_at) ? conversation : item,
    );
  }

  private onInbound(data: LiveEventData<'message.inbound'>): void {
    const { account } = this.filters();
    if (account && data.account_id !== account) return;
    const open = this.selected() === data.contact_id;
    const known = this.loaded()?.items.find((item) => item.contact.id === data.contact_id);
    if (known) {
      this.patch(data.contact_id, (item) => ({
        ...item,
        last_message: {
          id: data.message_id,
          direction: 'in',
          message_type: data.message_type,
          preview_text: data.preview,
          status: 'received',
          created_at: data.received_at,
        },
        last_message_at: data.received_at,
        last_inbound_at: data.received_at,
        window: windowAfterInbound(data.received_at),
        unread_count: open ? 0 : item.unread_count + 1,
      }));
      if (!open) void this.announcer.announce(`New message from ${contactName(known.contact)}`);
    }
    if (open) this.liveMarkRead.request();
    // New contacts, the search and the server's counts: the first page has them.
    this.liveRefresh.request();
  }

  /**
   * A send was queued (here, in another tab, by another user or through the API): a listed
   * conversation shows it as its last message at once; others come with the first page.
   */
  private onCreated(data: LiveEventData<'message.created'>): void {
    const { account } = this.filters();
    if (account && data.account_id !== account) return;
    const known = this.loaded()?.items.some((item) => item.contact.id === data.contact_id);
    const { message_type: type, preview, created_at: createdAt } = data;
    if (!known) {
      // A new conversation: the first page has it.
      this.liveRefresh.request();
      return;
    }
    this.patch(data.contact_id, (item) =>
      time(createdAt) < time(item.last_message?.created_at ?? null)
        ? item
        : {
            ...item,
            last_message: {
              id: data.message_id,
              direction: data.direction,
              message_type: type,
              preview_text: preview,
              status: data.status,
              created_at: createdAt,
            },
            last_message_at:
              time(createdAt) > time(item.last_message_at) ? createdAt : item.last_message_at,
          },
    );
  }

  /** Someone read the conversation (another tab, another user): its badge clears here too. */
  private onRead(data: LiveEventData<'conversation.read'>): void {
    const item = this.loaded()?.items.find((i) => i.contact.id === data.contact_id);
    if (item && item.unread_count > 0) {
      this.patch(data.contact_id, (current) => ({ ...current, unread_count: 0 }));
    }
  }

  private onStatus(data: LiveEventData<'message.status'>): void {
    const item = this.loaded()?.items.find((i) => i.last_message?.id === data.message_id);
    const last = item?.last_message;
    if (!item || !last) return;
    const status = laterStatus(last.status, data.status);
    if (status !== last.status) {
      this.patch(item.contact.id, (current) =>
        current.last_message ? { ...current, last_message: { ...last, status } } : current,
      );
    }
  }

  /** Fetches the first page and merges it into what is loaded (keeping the older pages). */
  private async refresh(): Promise<void> {
    if (this.loading() || !this.loaded()) return;
    const generation = this.generation;
    let page: ConversationPageDto;
    try {
      page = await this.fetch(null);
    } catch {
      return; // A hint missed; the next event or resync catches up.
    }
    if (generation !== this.generation) return;
    const before = new Set(this.loaded()?.items.map((item) => item.contact.id));
    this.loaded.update((current) => ({
      items: ordered([...page.items, ...(current?.items ?? [])]),
      nextCursor: current ? current.nextCursor : page.next_cursor,
    }));
    const added = page.items.filter((item) => !before.has(item.contact.id));
    const first = added[0];
    if (first && first.contact.id !== this.selected()) {
      void this.announcer.announce(
        added.length === 1
          ? `New conversation with ${contactName(first.contact)}`
          : `${added.length} new conversations`,
      );
    }
  }

  private patch(contactId: string, change: (item: ConversationDto) => ConversationDto): void {
    this.loaded.update((current) =>
      current && current.items.some((item) => item.contact.id === contactId)
        ? {
            ...current,
            items: ordered(
              current.items.map((item) => (item.contact.id === contactId ? change(item) : item)),
            ),
          }
        : current,
    );
  }

  private fetch(cursor: string | null): Promise<ConversationPageDto> {
    const { q, account } = this.filters();
    return this.api.invoke(listConversations, {
      limit: CONVERSATIONS_PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
      ...(q ? { q } : {}),
      ...(account ? { account_id: account } : {}),
    });
  }
}
