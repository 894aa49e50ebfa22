import { LiveAnnouncer } from '@angular/cdk/a11y';
import { BreakpointObserver } from '@angular/cdk/layout';
import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  resource,
  signal,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatCard } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatMenu, MatMenuContent, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatSnackBar } from '@angular/material/snack-bar';
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
import { firstValueFrom, map } from 'rxjs';
import { Api } from '../../core/api/api';
import { AuthService } from '../../core/auth/auth.service';
import { listAccounts } from '../../core/api/fn/whatsapp-accounts/list-accounts';
import { deleteAccount } from '../../core/api/fn/whatsapp-accounts/delete-account';
import { verifyAccount } from '../../core/api/fn/whatsapp-accounts/verify-account';
import type { AccountResponseDto } from '../../core/api/models/account-response-dto';
import { describeError } from '../../core/errors/api-error';
import { ErrorNotifier } from '../../core/errors/error-notifier.service';
import { confirmAction } from '../../shared/confirm-dialog/confirm-dialog.component';
import { EmptyStateComponent } from '../../shared/empty-state/empty-state.component';
import { LoadErrorComponent } from '../../shared/page/load-error.component';
import { LoadingBarComponent } from '../../shared/page/loading-bar.component';
import { PageHeaderComponent } from '../../shared/page/page-header.component';
import { type WebhookView, webhookView } from '../../shared/account-state/account-state';
import { formatDateTime, formatRelativeTime } from '../../shared/format/date-time';
import { openSendMessageDialog } from '../messages/send-dialog/open-send-message-dialog';
import { type QualityView, failureReason, qualityView } from './account-display';
import { AddAccountDialogComponent } from './add-account-dialog/add-account-dialog.component';
import { EditAccountDialogComponent } from './edit-account-dialog/edit-account-dialog.component';
import { WebhookDialogComponent } from './webhook-dialog/webhook-dialog.component';

/** Below this width the accounts are cards instead of a table. */
const NARROW_QUERY = '(max-width: 719.98px)';
/** How often "last verified 3 minutes ago" and "last webhook" are brought up to date. */
const CLOCK_TICK_MS = 60_000;

/** What the list shows of an account besides its label, number and ids: a column or card line. */
const ACCOUNT_DETAILS = [
  { column: 'verified_name', title: 'Verified name' },
  { column: 'quality', title: 'Quality' },
  { column: 'status', title: 'Status' },
  { column: 'last_verified', title: 'Last verified' },
  { column: 'last_webhook', title: 'Last webhook' },
] as const;

/** One account as the list shows it. */
export interface AccountRow {
  readonly account: AccountResponseDto;
  readonly quality: QualityView;
  /** Why the account is failing, or `null` when it is active. */
  readonly failure: string | null;
  /** `3 hours ago`, or `null` when it was never verified. */
  readonly lastVerified: string | null;
  /** The exact time of the last verification, for a tooltip. */
  readonly lastVerifiedExact: string | null;
  /** When Meta's webhooks last reached the account (none yet: the set-up needs a look). */
  readonly webhook: WebhookView;
  /** A verify or delete of this account is running. */
  readonly busy: boolean;
}

/**
 * `/accounts`: the organization's WhatsApp Business phone numbers, with their quality and status,
 * and everything to manage them: connect (with a connection test), verify, edit, webhook settings
 * and delete. Secrets only ever appear as the masks the API returns.
 */
@Component({
  selector: 'app-accounts',
  imports: [
    NgTemplateOutlet,
    EmptyStateComponent,
    MatButton,
    MatIconButton,
    MatIcon,
    MatCard,
    MatMenu,
    MatMenuContent,
    MatMenuItem,
    MatMenuTrigger,
    LoadErrorComponent,
    LoadingBarComponent,
    PageHeaderComponent,
    MatProgressSpinner,
    MatTooltip,
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
  templateUrl: './accounts.component.html',
  styleUrl: './accounts.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountsComponent {
  private readonly api = inject(Api);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly errors = inject(ErrorNotifier);
  private readonly announcer = inject(LiveAnnouncer);

  /** Members see the accounts and send with them; connecting and changing them is for admins. */
  protected readonly canManage = inject(AuthService).isAdmin;
  protected readonly accounts = resource({ loader: () => this.api.invoke(listAccounts) });
  protected readonly details = ACCOUNT_DETAILS;
  protected readonly columns = [
    'account',
    ...ACCOUNT_DETAILS.map((detail) => detail.column),
    'actions',
  ];
  protected readonly isNarrow = toSignal(
    inject(BreakpointObserver)
      .observe(NARROW_QUERY)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );

  /** Ids of the accounts being verified or deleted. */
  private readonly busyIds = signal<ReadonlySet<string>>(new Set());
  private readonly now = signal(Date.now());

  protected readonly rows = computed<readonly AccountRow[]>(() => {
    if (!this.accounts.hasValue()) return [];
    const busy = this.busyIds();
    const now = this.now();
    return this.accounts.value().map((account) => ({
      account,
      quality: qualityView(account.quality_rating),
      failure: account.status === 'failing' ? failureReason(account) : null,
      lastVerified: account.last_verified_at
        ? formatRelativeTime(account.last_verified_at, now)
        : null,
      lastVerifiedExact: account.last_verified_at ? formatDateTime(account.last_verified_at) : null,
      webhook: webhookView(account, now),
      busy: busy.has(account.id),
    }));
  });
  protected readonly loadError = computed(() => {
    const error = this.accounts.error();
    return error ? describeError(error) : null;
  });
  protected readonly isEmpty = computed(
    () => this.accounts.hasValue() && this.accounts.value().length === 0,
  );

  constructor() {
    const clock = setInterval(() => this.now.set(Date.now()), CLOCK_TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(clock));
  }

  protected retry(): void {
    this.accounts.reload();
  }

  /** Connects a new account, then shows its webhook settings: Meta needs them next. */
  protected async add(): Promise<void> {
    const ref = this.dialog.open<AddAccountDialogComponent, void, AccountResponseDto>(
      AddAccountDialogComponent,
      { width: '640px', maxWidth: '95vw' },
    );
    const created = await firstValueFrom(ref.afterClosed());
    if (!created) return;
    this.accounts.reload();
    this.snackBar.open('Account connected');
    this.openWebhook(created);
  }

  protected async edit(account: AccountResponseDto): Promise<void> {
    const ref = this.dialog.open<
      EditAccountDialogComponent,
      AccountResponseDto,
      AccountResponseDto
    >(EditAccountDialogComponent, { data: account, width: '640px', maxWidth: '95vw' });
    const updated = await firstValueFrom(ref.afterClosed());
    if (!updated) return;
    this.replace(updated);
    this.snackBar.open(`${updated.label} updated`);
  }

  /** The send dialog with this account chosen (loaded on first use; it confirms the send). */
  protected async sendMessage(account: AccountResponseDto): Promise<void> {
    try {
      await openSendMessageDialog(this.dialog, { accountId: account.id });
    } catch (error) {
      this.errors.notify(error);
    }
  }

  protected openWebhook(account: AccountResponseDto): void {
    this.dialog.open(WebhookDialogComponent, {
      data: account,
      width: '640px',
      maxWidth: '95vw',
    });
  }

  /** Re-tests the stored token and ids; the row shows the new status and quality. */
  protected async verify(account: AccountResponseDto): Promise<void> {
    if (this.busyIds().has(account.id)) return;
    this.setBusy(account.id, true);
    void this.announcer.announce(`Verifying ${account.label}…`);
    try {
      const verified = await this.api.invoke(verifyAccount, { id: account.id });
      this.replace(verified);
      const quality = qualityView(verified.quality_rating).label.toLowerCase();
      if (verified.status === 'active') {
        this.snackBar.open(
          `${verified.label} verified: the connection works. Quality: ${quality}.`,
        );
      } else {
        this.errors.show(
          `${verified.label} did not pass verification. ${failureReason(verified)} Quality: ${quality}.`,
        );
      }
    } catch (error) {
      this.errors.notify(error);
    } finally {
      this.setBusy(account.id, false);
    }
  }

  protected async remove(account: AccountResponseDto): Promise<void> {
    const number = account.display_phone_number ?? `phone number ${account.phone_number_id}`;
    const confirmed = await confirmAction(this.dialog, {
      title: `Delete "${account.label}"?`,
      message: `Convis will stop sending and receiving WhatsApp messages with ${number}. Its message history is kept, and you can connect the number again later.`,
      confirmLabel: 'Delete',
      destructive: true,
    });
    if (!confirmed) return;
    this.setBusy(account.id, true);
    try {
      await this.api.invoke(deleteAccount, { id: account.id });
      if (this.accounts.hasValue()) {
        this.accounts.update((list) => list.filter((item) => item.id !== account.id));
      }
      this.snackBar.open(`${account.label} deleted`);
    } catch (error) {
      this.errors.notify(error);
    } finally {
      this.setBusy(account.id, false);
    }
  }

  private replace(updated: AccountResponseDto): void {
    if (!this.accounts.hasValue()) return;
    this.accounts.update((list) => list.map((item) => (item.id === updated.id ? updated : item)));
  }

  private setBusy(id: string, busy: boolean): void {
    this.busyIds.update((ids) => {
      const next = new Set(ids);
      if (busy) next.add(id);
      else next.delete(id);
      return next;
    });
  }
}
