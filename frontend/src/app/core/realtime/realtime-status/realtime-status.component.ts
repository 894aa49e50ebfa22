import { LiveAnnouncer } from '@angular/cdk/a11y';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
} from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { MatTooltip } from '@angular/material/tooltip';
import { type RealtimeConnection, RealtimeService } from '../realtime.service';

/** How the toolbar shows each connection state. */
interface StatusView {
  readonly label: string;
  readonly description: string;
  /** A Material Symbols name, or `null` for the "live" dot. */
  readonly icon: string | null;
}

const VIEWS: Record<RealtimeConnection, StatusView> = {
  connecting: {
    label: 'Connecting…',
    description: 'Connecting to live updates…',
    icon: 'sync',
  },
  live: { label: 'Live', description: 'Live updates connected', icon: null },
  reconnecting: {
    label: 'Reconnecting…',
    description: 'Reconnecting… Pages catch up when live updates are back.',
    icon: 'sync',
  },
  offline: {
    label: 'Offline',
    description: 'Live updates are offline. They resume when the network is back.',
    icon: 'cloud_off',
  },
};

/**
 * Screen readers hear about an interruption only when it lasts this long: the stream is renewed
 * every access-token lifetime, which takes a few seconds and is nothing to announce.
 */
export const OUTAGE_ANNOUNCE_DELAY_MS = 10_000;

/**
 * The live-updates indicator of the toolbar: a dot while live, a spinning icon while
 * (re)connecting, a tooltip with the details. Lasting interruptions and the recovery that follows
 * are announced to screen readers. Creating it starts `RealtimeService`.
 */
@Component({
  selector: 'app-realtime-status',
  imports: [MatIcon, MatTooltip],
  templateUrl: './realtime-status.component.html',
  styleUrl: './realtime-status.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RealtimeStatusComponent {
  private readonly realtime = inject(RealtimeService);
  private readonly announcer = inject(LiveAnnouncer);

  protected readonly state = this.realtime.connection;
  protected readonly view = computed(() => VIEWS[this.state()]);

  private outageTimer: ReturnType<typeof setTimeout> | undefined;
  private outageAnnounced = false;

  constructor() {
    effect(() => this.announce(this.state()));
    inject(DestroyRef).onDestroy(() => clearTimeout(this.outageTimer));
  }

  private announce(state: RealtimeConnection): void {
    if (state === 'live') {
      clearTimeout(this.outageTimer);
      this.outageTimer = undefined;
      if (this.outageAnnounced) void this.announcer.announce('Live updates connected again');
      this.outageAnnounced = false;
      return;
    }
    if (state === 'connecting' || this.outageTimer !== undefined || this.outageAnnounced) return;
    this.outageTimer = setTimeout(() => {
      this.outageTimer = undefined;
      if (this.realtime.connection() === 'live') return;
      this.outageAnnounced = true;
      void this.announcer.announce('Live updates interrupted. Reconnecting…');
    }, OUTAGE_ANNOUNCE_DELAY_MS);
  }
}
