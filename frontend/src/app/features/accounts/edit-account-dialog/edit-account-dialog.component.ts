import { LiveAnnouncer } from '@angular/cdk/a11y';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import {
  MAT_DIALOG_DATA,
  MatDialog,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { map } from 'rxjs';
import { NAME_MAX_LENGTH } from '@convis/contracts';
import { confirmBeforeDiscarding } from '../../../shared/confirm-dialog/confirm-dialog.component';
import { Api } from '../../../core/api/api';
import { updateAccount } from '../../../core/api/fn/whatsapp-accounts/update-account';
import type { ConnectionTestResponseDto } from '../../../core/api/models/connection-test-response-dto';
import type { AccountResponseDto } from '../../../core/api/models/account-response-dto';
import type { UpdateAccountDto } from '../../../core/api/models/update-account-dto';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { applyServerFieldErrors } from '../../../core/errors/form-errors';
import { ButtonSpinnerComponent } from '../../../shared/button-spinner/button-spinner.component';
import { scrollIntoViewAfterRender } from '../../../shared/dom/scroll-into-view';
import { fieldErrorMessage } from '../../../shared/forms/field-error';
import { SecretFieldComponent } from '../../../shared/secret-field/secret-field.component';
import { failedConnectionTest, failingStep } from '../account-display';
import { ACCOUNT_VALIDATORS, META_HELP } from '../account-form';
import { ConnectionChecklistComponent } from '../connection-checklist/connection-checklist.component';

interface RejectedToken {
  readonly token: string;
  readonly result: ConnectionTestResponseDto;
}

/**
 * Edits a connected account: rename it, replace its access token (tested by the server before it
 * replaces the current one) and set or remove its app secret. The ids cannot change: connect the
 * number again for that. Closes with the updated account.
 */
@Component({
  selector: 'app-edit-account-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogTitle,
    MatDialogContent,
    MatDialogActions,
    MatDialogClose,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MatCheckbox,
    MatButton,
    SecretFieldComponent,
    ButtonSpinnerComponent,
    ConnectionChecklistComponent,
  ],
  templateUrl: './edit-account-dialog.component.html',
  styleUrl: './edit-account-dialog.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EditAccountDialogComponent {
  private readonly api = inject(Api);
  private readonly dialogRef =
    inject<MatDialogRef<EditAccountDialogComponent, AccountResponseDto>>(MatDialogRef);
  private readonly errors = inject(ErrorNotifier);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly injector = inject(Injector);
  private readonly rejectionElement = viewChild('rejection', { read: ElementRef });

  protected readonly account = inject<AccountResponseDto>(MAT_DIALOG_DATA);
  protected readonly help = META_HELP;
  protected readonly labelMaxLength = NAME_MAX_LENGTH;
  protected readonly errorMessage = fieldErrorMessage;
  protected readonly form = inject(NonNullableFormBuilder).group({
    label: [this.account.label, ACCOUNT_VALIDATORS.label],
    access_token: ['', ACCOUNT_VALIDATORS.access_token],
    app_secret: ['', ACCOUNT_VALIDATORS.app_secret],
    remove_app_secret: [false],
    app_id: [this.account.app_id ?? '', ACCOUNT_VALIDATORS.app_id],
  });
  // The secret fields show what is set now; leaving them empty keeps it.
  protected readonly tokenHint = `Current token ${this.account.access_token_mask}. Leave empty to keep it; a new token is tested before it replaces the current one.`;
  protected readonly secretLabel = this.account.app_secret_mask
    ? 'New app secret (optional)'
    : 'App secret (optional)';
  protected readonly secretHint = this.account.app_secret_mask
    ? `Current secret ${this.account.app_secret_mask}. Leave empty to keep it.`
    : META_HELP.app_secret;

  protected readonly saving = signal(false);
  /** A new token the server refused, with its checklist. */
  protected readonly rejected = signal<RejectedToken | null>(null);

  private readonly changes = toSignal(
    this.form.valueChanges.pipe(map(() => this.pendingChanges())),
    { initialValue: this.pendingChanges() },
  );
  protected readonly hasChanges = computed(() => Object.keys(this.changes()).length > 0);
  /** The token field no longer holds the token the checklist is about. */
  protected readonly rejectionOutdated = computed(
    () => this.rejected()?.token !== (this.changes().access_token ?? ''),
  );

  constructor() {
    // Escape or a click outside must not silently throw away what was typed.
    confirmBeforeDiscarding(inject(MatDialog), this.dialogRef, {
      hasUnsavedInput: () => this.form.dirty,
      busy: () => this.saving(),
      what: 'these changes',
    });
    // Removing the secret and typing a new one are exclusive.
    this.form.controls.remove_app_secret.valueChanges.subscribe((remove) => {
      const secret = this.form.controls.app_secret;
      if (remove) secret.disable({ emitEvent: false });
      else secret.enable({ emitEvent: false });
    });
  }

  protected async save(): Promise<void> {
    if (this.saving() || !this.hasChanges()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const body = this.pendingChanges();
    this.saving.set(true);
    try {
      const updated = await this.api.invoke(updateAccount, { id: this.account.id, body });
      this.dialogRef.close(updated);
    } catch (error) {
      const checklist = failedConnectionTest(error);
      if (checklist) {
        this.rejected.set({ token: body.access_token ?? '', result: checklist });
        scrollIntoViewAfterRender(this.rejectionElement, this.injector);
        const failed = failingStep(checklist);
        void this.announcer.announce(
          `The new access token failed the connection test${failed ? `: ${failed.name}. ${failed.detail}` : '.'} Nothing was changed.`,
          'assertive',
        );
      } else if (!applyServerFieldErrors(this.form, error)) {
        this.errors.notify(error);
      }
    } finally {
      this.saving.set(false);
    }
  }

  /** The PATCH body: only what the user changed. */
  private pendingChanges(): UpdateAccountDto {
    const { label, access_token, app_secret, remove_app_secret, app_id } = this.form.getRawValue();
    const changes: UpdateAccountDto = {};
    if (label.trim() !== this.account.label) changes.label = label.trim();
    if (access_token.trim()) changes.access_token = access_token.trim();
    if (remove_app_secret) changes.app_secret = null;
    else if (app_secret.trim()) changes.app_secret = app_secret.trim();
    const appId = app_id.trim() || null;
    if (appId !== (this.account.app_id ?? null)) changes.app_id = appId;
    return changes;
  }
}
