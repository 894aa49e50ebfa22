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
import { FormsModule } from '@angular/forms';
import { MatAnchor, MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatSidenav, MatSidenavContainer, MatSidenavContent } from '@angular/material/sidenav';
import { APP_LINKS } from '../../app.paths';
import { Api } from '../../core/api/api';
import { downloadContacts } from '../../core/api/fn/contacts/download-contacts';
import { listContacts } from '../../core/api/fn/contacts/list-contacts';
import { listAccounts } from '../../core/api/fn/whatsapp-accounts/list-accounts';
import type { ContactDto } from '../../core/api/models/contact-dto';
import { describeError } from '../../core/errors/api-error';
import { ErrorNotifier } from '../../core/errors/error-notifier.service';
import { EmptyStateComponent } from '../../shared/empty-state/empty-state.component';
import { NoMatchesComponent } from '../../shared/empty-state/no-matches.component';
import { ConnectAccountFirstComponent } from '../../shared/empty-state/connect-account-first.component';
import { formatRelativeTime } from '../../shared/format/date-time';
import { LoadErrorComponent } from '../../shared/page/load-error.component';
import { LoadingBarComponent } from '../../shared/page/loading-bar.component';
import { PageHeaderComponent } from '../../shared/page/page-header.component';
import { type ConsentState, consentView, displayName } from './consent-display';
import { ContactDetailComponent } from './contact-detail/contact-detail.component';
import { openConsentSettings } from './consent-settings/consent-settings-dialog.component';
import { openImportDialog } from './import-dialog/import-dialog.component';

const PAGE_SIZE = 50;
/** Typing in the search box asks the server once it pauses this long. */
const SEARCH_DELAY_MS = 300;

interface Filters {
  readonly q: string;
  readonly tag: string;
  readonly consent: ConsentState | '';
}

/**
 * `/contacts`: the organization's contacts, searchable by name or any part of the number,
 * filtered by tag and marketing consent, with "load more" paging, a drawer with one contact
 * (edit, consent, erase), a CSV import wizard and a CSV export.
 */
@Component({
  selector: 'app-contacts',
  imports: [
    MatAnchor,
    FormsModule,
    MatButton,
    MatIcon,
    MatFormField,
    MatLabel,
    MatInput,
    MatSelect,
    MatOption,
    MatSidenavContainer,
    MatSidenav,
    MatSidenavContent,
    ConnectAccountFirstComponent,
    EmptyStateComponent,
    NoMatchesComponent,
    LoadErrorComponent,
    LoadingBarComponent,
    PageHeaderComponent,
    ContactDetailComponent,
  ],
  templateUrl: './contacts.component.html',
  styleUrl: './contacts.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ContactsComponent {
  private readonly api = inject(Api);
  private readonly dialog = inject(MatDialog);
  private readonly errors = inject(ErrorNotifier);
  private readonly announcer = inject(LiveAnnouncer);

  protected readonly search = signal('');
  protected readonly tag = signal('');
  protected readonly consent = signal<ConsentState | ''>('');
  private readonly filters = signal<Filters>({ q: '', tag: '', consent: '' });
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  protected readonly filtered = computed(() => {
    const f = this.filters();
    return Boolean(f.q || f.tag || f.consent);
  });

  protected readonly accounts = resource({ loader: () => this.api.invoke(listAccounts) });
  protected readonly hasAccounts = computed(
    () => this.accounts.hasValue() && this.accounts.value().length > 0,
  );
  /** Known once the accounts loaded: contacts belong to a number, so one comes first. */
  protected readonly noAccounts = computed(
    () => this.accounts.hasValue() && this.accounts.value().length === 0,
  );
  protected readonly links = APP_LINKS;

  protected readonly page = resource({
    params: () => this.filters(),
    loader: ({ params }) =>
      this.api.invoke(listContacts, { ...toParams(params), limit: PAGE_SIZE }),
  });
  /** Every contact loaded so far: the first page, then what "Load more" added. */
  protected readonly items = linkedSignal<ContactDto[] | undefined, ContactDto[]>({
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

  protected readonly now = signal(Date.now());
  protected readonly rows = computed(() =>
    this.items().map((contact) => ({
      contact,
      name: displayName(contact),
      number: contact.phone_number ?? contact.user_id ?? '',
      consent: consentView(contact.consent_state),
      lastInbound: contact.last_inbound_at
        ? formatRelativeTime(contact.last_inbound_at, this.now())
        : 'Never wrote',
    })),
  );

  protected readonly selectedId = signal<string | null>(null);
  protected readonly exporting = signal(false);

  protected onSearch(value: string): void {
    this.search.set(value);
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.applyFilters(), SEARCH_DELAY_MS);
  }

  protected applyFilters(): void {
    clearTimeout(this.searchTimer);
    this.filters.set({
      q: this.search().trim(),
      tag: this.tag().trim(),
      consent: this.consent(),
    });
  }

  protected clearFilters(): void {
    this.search.set('');
    this.tag.set('');
    this.consent.set('');
    this.applyFilters();
  }

  protected retry(): void {
    this.page.reload();
  }

  protected async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    if (!cursor || this.loadingMore()) return;
    this.loadingMore.set(true);
    try {
      const next = await this.api.invoke(listContacts, {
        ...toParams(this.filters()),
        limit: PAGE_SIZE,
        cursor,
      });
      this.items.update((items) => [...items, ...next.items]);
      this.nextCursor.set(next.next_cursor);
      void this.announcer.announce(`${next.items.length} more contacts loaded`);
    } catch (error) {
      this.errors.notify(error);
    } finally {
      this.loadingMore.set(false);
    }
  }

  protected open(contact: ContactDto): void {
    this.selectedId.set(contact.id);
  }

  protected close(): void {
    this.selectedId.set(null);
  }

  /** The drawer changed a contact: the row shows it too. */
  protected onChanged(contact: ContactDto): void {
    this.items.update((items) => items.map((item) => (item.id === contact.id ? contact : item)));
  }

  protected onDeleted(id: string): void {
    this.selectedId.set(null);
    this.items.update((items) => items.filter((item) => item.id !== id));
  }

  protected consentSettings(): void {
    openConsentSettings(this.dialog);
  }

  protected async importCsv(): Promise<void> {
    const accounts = this.accounts.hasValue() ? this.accounts.value() : [];
    const imported = await openImportDialog(this.dialog, accounts);
    if (imported) this.page.reload();
  }

  protected async exportCsv(): Promise<void> {
    this.exporting.set(true);
    try {
      const blob = await this.api.invoke(downloadContacts, toParams(this.filters()));
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = 'contacts.csv';
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (error) {
      this.errors.notify(error);
    } finally {
      this.exporting.set(false);
    }
  }
}

function toParams(filters: Filters): { q?: string; tag?: string; consent_state?: string } {
  return {
    ...(filters.q && { q: filters.q }),
    ...(filters.tag && { tag: filters.tag }),
    ...(filters.consent && { consent_state: filters.consent }),
  };
}
