import { BreakpointObserver } from '@angular/cdk/layout';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  resource,
  untracked,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatIcon } from '@angular/material/icon';
import { ActivatedRoute, type Params, Router } from '@angular/router';
import { map } from 'rxjs';
import { APP_LINKS } from '../../app.paths';
import { Api } from '../../core/api/api';
import { listAccounts } from '../../core/api/fn/whatsapp-accounts/list-accounts';
import { ConnectAccountFirstComponent } from '../../shared/empty-state/connect-account-first.component';
import { PageHeaderComponent } from '../../shared/page/page-header.component';
import { ConversationListComponent } from './conversation-list/conversation-list.component';
import {
  type ConversationFilters,
  ConversationsStore,
  sameConversationFilters,
} from './conversations.store';
import { ConversationThreadComponent } from './thread/conversation-thread.component';

/** The query param of the open conversation (the contact's id). */
export const CONTACT_PARAM = 'contact';
/** Below this width the list and the thread are two views. */
const NARROW_QUERY = '(max-width: 839.98px)';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function filtersFrom(params: Params): ConversationFilters {
  const account = text(params['account']);
  return { q: text(params['q']), account: UUID.test(account) ? account : null };
}

/**
 * `/inbox`: conversations by contact beside the open one's thread and reply box. The open
 * conversation (`?contact=<id>`), the search (`q`) and the account (`account`) live in the URL,
 * so a reload or a shared link shows the same. On narrow screens the list and the thread are two
 * views, and Back returns to the list.
 */
@Component({
  selector: 'app-inbox',
  imports: [
    MatIcon,
    ConnectAccountFirstComponent,
    PageHeaderComponent,
    ConversationListComponent,
    ConversationThreadComponent,
  ],
  templateUrl: './inbox.component.html',
  styleUrl: './inbox.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [ConversationsStore],
})
export class InboxComponent {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly store = inject(ConversationsStore);

  private readonly queryParams = toSignal(this.route.queryParams, { requireSync: true });
  protected readonly selectedId = computed(() => {
    const id = text(this.queryParams()[CONTACT_PARAM]);
    return UUID.test(id) ? id : null;
  });
  private readonly filters = computed(() => filtersFrom(this.queryParams()), {
    equal: sameConversationFilters,
  });

  protected readonly accounts = resource({ loader: () => this.api.invoke(listAccounts) });
  protected readonly accountList = computed(() =>
    this.accounts.hasValue() ? this.accounts.value() : [],
  );
  /** A new organization: nothing can arrive before a number is connected. */
  protected readonly noAccounts = computed(
    () => this.accounts.hasValue() && this.accounts.value().length === 0,
  );
  protected readonly links = APP_LINKS;
  protected readonly narrow = toSignal(
    inject(BreakpointObserver)
      .observe(NARROW_QUERY)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );

  constructor() {
    effect(() => {
      const filters = this.filters();
      untracked(() => this.store.setFilters(filters));
    });
    effect(() => {
      const id = this.selectedId();
      untracked(() => this.store.select(id));
    });
  }

  protected open(contactId: string): void {
    if (contactId === this.selectedId()) return;
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { [CONTACT_PARAM]: contactId },
      queryParamsHandling: 'merge',
    });
  }

  /** Back to the list (narrow screens). */
  protected closeThread(): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { [CONTACT_PARAM]: null },
      queryParamsHandling: 'merge',
    });
  }

  protected onFiltersChange(filters: ConversationFilters): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { q: filters.q || null, account: filters.account },
      queryParamsHandling: 'merge',
      replaceUrl: true,
    });
  }
}
