import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { merge } from 'rxjs';
import { Api } from '../api/api';
import { getUnreadCounts } from '../api/fn/conversations/get-unread-counts';
import { formatBadgeCount } from '../../shared/format/number';
import { CoalescedTask } from '../realtime/coalesced-task';
import { RealtimeService } from '../realtime/realtime.service';

/** After a burst of live events, the counts are fetched once, this much later. */
export const UNREAD_REFRESH_DELAY_MS = 500;

/**
 * The organization's unread conversations, for the tab title and the navigation's Inbox badge
 * (provided by the shell, so it lives while someone is signed in). Loaded once, then fetched
 * again after a customer's message (`message.inbound`), a conversation read anywhere
 * (`conversation.read`, this tab included) and a reconnection: the server knows whether a
 * message made a conversation unread or was read at once, so it is asked rather than guessed.
 */
@Injectable()
export class UnreadCountsStore {
  private readonly api = inject(Api);
  private readonly state = signal(0);

  /** Conversations with unread messages; 0 until loaded (or when the count cannot be read). */
  readonly conversations = this.state.asReadonly();
  /** `3`, `99+`, or `null` when nothing is unread. */
  readonly badge = computed(() => (this.state() > 0 ? formatBadgeCount(this.state()) : null));

  private readonly refresh = new CoalescedTask(() => this.load(), UNREAD_REFRESH_DELAY_MS);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.refresh.cancel());
    const realtime = inject(RealtimeService);
    merge(realtime.on('message.inbound'), realtime.on('conversation.read'), realtime.resync$)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.refresh.request());
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const counts = await this.api.invoke(getUnreadCounts);
      this.state.set(counts.conversation_count);
    } catch {
      // A badge missed; the next event or reconnection asks again.
    }
  }
}
