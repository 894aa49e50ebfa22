import { BreakpointObserver } from '@angular/cdk/layout';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  signal,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import {
  MatListItem,
  MatListItemIcon,
  MatListItemMeta,
  MatListItemTitle,
  MatNavList,
} from '@angular/material/list';
import { MatSidenav, MatSidenavContainer, MatSidenavContent } from '@angular/material/sidenav';
import { MatToolbar } from '@angular/material/toolbar';
import { MatTooltip } from '@angular/material/tooltip';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { map } from 'rxjs';
import { APP_NAME, AppTitleStrategy } from '../../app-title.strategy';
import { formatBadgeCount } from '../../shared/format/number';
import { ThemeToggleComponent } from '../../shared/theme-toggle/theme-toggle.component';
import { AuthService } from '../auth/auth.service';
import { RealtimeStatusComponent } from '../realtime/realtime-status/realtime-status.component';
import { NAV_ITEMS } from './nav-items';
import { UnreadCountsStore } from './unread-counts.store';

/** Below this width the navigation becomes an overlay opened from the toolbar. */
const NARROW_QUERY = '(max-width: 959.98px)';

/** Frame of every signed-in page: toolbar, side navigation and the routed page. */
@Component({
  selector: 'app-shell',
  imports: [
    MatToolbar,
    MatIconButton,
    MatIcon,
    MatTooltip,
    MatSidenavContainer,
    MatSidenav,
    MatSidenavContent,
    MatNavList,
    MatListItem,
    MatListItemIcon,
    MatListItemMeta,
    MatListItemTitle,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
    ThemeToggleComponent,
    RealtimeStatusComponent,
  ],
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [UnreadCountsStore],
})
export class ShellComponent {
  private readonly auth = inject(AuthService);
  private readonly unreadCounts = inject(UnreadCountsStore);

  protected readonly appName = APP_NAME;
  protected readonly navItems = NAV_ITEMS;
  protected readonly user = this.auth.user;
  protected readonly isNarrow = toSignal(
    inject(BreakpointObserver)
      .observe(NARROW_QUERY)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  protected readonly loggingOut = signal(false);
  /** `3` or `99+` for the Inbox's item (and the narrow screens' menu button); `null`: none. */
  protected readonly unreadBadge = this.unreadCounts.badge;
  protected readonly unreadCount = this.unreadCounts.conversations;
  protected readonly unreadLabel = computed(() => {
    const count = this.unreadCount();
    return count === 1
      ? '1 unread conversation'
      : `${formatBadgeCount(count)} unread conversations`;
  });

  constructor() {
    // "(3) Inbox · Convis WhatsApp": a background tab shows that customers wrote.
    const title = inject(AppTitleStrategy);
    effect(() => title.setUnread(this.unreadCount()));
    inject(DestroyRef).onDestroy(() => title.setUnread(0));
  }

  /** Closes the overlay navigation after a link is chosen on narrow screens. */
  protected onNavigate(sidenav: MatSidenav): void {
    if (this.isNarrow()) void sidenav.close();
  }

  protected async logout(): Promise<void> {
    this.loggingOut.set(true);
    try {
      await this.auth.logout();
    } finally {
      this.loggingOut.set(false);
    }
  }
}
