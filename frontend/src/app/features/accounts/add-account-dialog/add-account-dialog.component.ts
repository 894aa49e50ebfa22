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
import {
  MatDialog,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { map } from 'rxjs';
import { NAME_MAX_LENGTH } from '@convis/contracts';
import { confirmBeforeDiscarding } from '../../../shared/confirm-dialog/confirm-dialog.component';
import { Api } from '../../../core/api/api';
import { createAccount } from '../../../core/api/fn/whatsapp-accounts/create-account';
import { testAccount } from '../../../core/api/fn/whatsapp-accounts/test-account';
import type { ConnectionTestResponseDto } from '../../../core/api/models/connection-test-response-dto';
import type { AccountResponseDto } from '../../../core/api/models/account-response-dto';
import { apiErrorBody, httpStatus } from '../../../core/errors/api-error';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { applyServerFieldErrors, setServerError } from '../../../core/errors/form-errors';
import { ButtonSpinnerComponent } from '../../../shared/button-spinner/button-spinner.component';
import { scrollIntoViewAfterRender } from '../../../shared/dom/scroll-into-view';
import { fieldErrorMessage } from '../../../shared/forms/field-error';
import { requiredValidator } from '../../../shared/forms/validators';
import { SecretFieldComponent } from '../../../shared/secret-field/secret-field.component';
import { failedConnectionTest, failingStep } from '../account-display';
import { ACCOUNT_VALIDATORS, META_HELP } from '../account-form';
import { ConnectionChecklistComponent } from '../connection-checklist/connection-checklist.component';

/** The values a connection test covers; the label and app secret are not part of it. */
interface ConnectionValues {
  readonly phone_number_id: string;
  readonly waba_id: string;
  readonly access_token: string;
}

interface TestOutcome {
  /** `connectionKey()` of the values that were tested. */
  readonly key: string;
  readonly result: ConnectionTestResponseDto;
}

function connectionKey(values: ConnectionValues): string {
  return JSON.stringify([
    values.phone_number_id.trim(),
    values.waba_id.trim(),
    values.access_token.trim(),
  ]);
}

/**
 * "Connect a WhatsApp account": the account's ids and token, a connection test that shows each
 * step, and Save, which stays disabled until a test of the current values passed. Editing the
 * phone number id, business account id or token makes an earlier test outdated; the label and
 * app secret are not tested, so editing them does not.
 *
 * Closes with the new account.
 */
@Component({
  selector: 'app-add-account-dialog',
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
    MatButton,
    MatIcon,
    SecretFieldComponent,
    ButtonSpinnerComponent,
    ConnectionChecklistComponent,
  ],
  templateUrl: './add-account-dialog.component.html',
  styleUrl: './add-account-dialog.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AddAccountDialogComponent {
  private readonly api = inject(Api);
  private readonly dialogRef =
    inject<MatDialogRef<AddAccountDialogComponent, AccountResponseDto>>(MatDialogRef);
  private readonly errors = inject(ErrorNotifier);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly injector = inject(Injector);
  private readonly checklist = viewChild('checklist', { read: ElementRef });

  protected readonly help = META_HELP;
  protected readonly labelMaxLength = NAME_MAX_LENGTH;
  protected readonly errorMessage = fieldErrorMessage;
  // Control names are the API's JSON field names, so 400 details map onto them one to one.
  protected readonly form = inject(NonNullableFormBuilder).group({
    label: ['', ACCOUNT_VALIDATORS.label],
    phone_number_id: ['', ACCOUNT_VALIDATORS.phone_number_id],
    waba_id: ['', ACCOUNT_VALIDATORS.waba_id],
    access_token: ['', [requiredValidator, ...ACCOUNT_VALIDATORS.access_token]],
    app_secret: ['', ACCOUNT_VALIDATORS.app_secret],
  });

  protected readonly testing = signal(false);
  protected readonly saving = signal(false);
  /** The last connection test and the values it covered. */
  protected readonly lastTest = signal<TestOutcome | null>(null);

  private readonly currentKey = toSignal(
    this.form.valueChanges.pipe(map(() => connectionKey(this.form.getRawValue()))),
    { initialValue: connectionKey(this.form.getRawValue()) },
  );
  /** The current values differ from the ones last tested. */
  protected readonly testOutdated = computed(() => {
    const test = this.lastTest();
    return test !== null && test.key !== this.currentKey();
  });
  protected readonly testPassed = computed(
    () => this.lastTest()?.result.success === true && !this.testOutdated(),
  );
  protected readonly canSave = computed(
    () => this.testPassed() && !this.testing() && !this.saving(),
  );

  /** Enter in a field tests the connection until a test passed, then saves. */
  protected submit(): Promise<void> {
    return this.testPassed() ? this.save() : this.testConnection();
  }

  protected async testConnection(): Promise<void> {
    if (this.testing() || this.saving()) return;
    const { phone_number_id, waba_id, access_token } = this.form.controls;
    const tested = [phone_number_id, waba_id, access_token];
    if (tested.some((control) => control.invalid)) {
      for (const control of tested) control.markAsTouched();
      return;
    }
    const values = this.connectionValues();
    this.testing.set(true);
    try {
      const result = await this.api.invoke(testAccount, { body: values });
      this.showResult(connectionKey(values), result);
    } catch (error) {
      if (!applyServerFieldErrors(this.form, error)) this.errors.notify(error);
    } finally {
      this.testing.set(false);
    }
  }

  constructor() {
    // Escape or a click outside must not silently throw away what was typed.
    confirmBeforeDiscarding(inject(MatDialog), this.dialogRef, {
      hasUnsavedInput: () => this.form.dirty,
      busy: () => this.saving() || this.testing(),
      what: 'this account',
    });
  }

  protected async save(): Promise<void> {
    if (!this.canSave()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const values = this.connectionValues();
    const { label, app_secret } = this.form.getRawValue();
    this.saving.set(true);
    try {
      const created = await this.api.invoke(createAccount, {
        body: {
          label: label.trim(),
          ...values,
          ...(app_secret.trim() ? { app_secret: app_secret.trim() } : {}),
        },
      });
      this.dialogRef.close(created);
    } catch (error) {
      this.handleSaveError(connectionKey(values), error);
    } finally {
      this.saving.set(false);
    }
  }

  private handleSaveError(key: string, error: unknown): void {
    const checklist = failedConnectionTest(error);
    if (checklist) {
      this.showResult(key, checklist);
    } else if (httpStatus(error) === 409) {
      setServerError(
        this.form.controls.phone_number_id,
        apiErrorBody(error)?.message ?? 'This phone number is already connected.',
      );
    } else if (!applyServerFieldErrors(this.form, error)) {
      this.errors.notify(error);
    }
  }

  private showResult(key: string, result: ConnectionTestResponseDto): void {
    this.lastTest.set({ key, result });
    // The checklist is below the fields: bring it into view once rendered.
    scrollIntoViewAfterRender(this.checklist, this.injector);
    const failed = failingStep(result);
    void this.announcer.announce(
      result.success
        ? 'Connection test passed. You can save the account.'
        : `Connection test failed: ${failed ? `${failed.name}. ${failed.detail}` : 'see the checklist.'}`,
      result.success ? 'polite' : 'assertive',
    );
  }

  private connectionValues(): ConnectionValues {
    const { phone_number_id, waba_id, access_token } = this.form.getRawValue();
    return {
      phone_number_id: phone_number_id.trim(),
      waba_id: waba_id.trim(),
      access_token: access_token.trim(),
    };
  }
}
