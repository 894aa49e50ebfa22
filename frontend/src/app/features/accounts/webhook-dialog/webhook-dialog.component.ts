import { CdkCopyToClipboard } from '@angular/cdk/clipboard';
import { CdkTextareaAutosize } from '@angular/cdk/text-field';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogTitle,
} from '@angular/material/dialog';
import { MatFormField, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltip } from '@angular/material/tooltip';
import type { AccountResponseDto } from '../../../core/api/models/account-response-dto';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { webhookView } from '../../../shared/account-state/account-state';

/**
 * Webhook settings of an account: the callback URL and verify token to paste into Meta's App
 * Dashboard, each with a copy button, where they go, and when a webhook last arrived (so a set-up
 * that does not work shows).
 */
@Component({
  selector: 'app-webhook-dialog',
  imports: [
    CdkCopyToClipboard,
    CdkTextareaAutosize,
    MatDialogTitle,
    MatDialogContent,
    MatDialogActions,
    MatDialogClose,
    MatFormField,
    MatLabel,
    MatSuffix,
    MatInput,
    MatButton,
    MatIconButton,
    MatIcon,
    MatTooltip,
  ],
  templateUrl: './webhook-dialog.component.html',
  styleUrl: './webhook-dialog.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WebhookDialogComponent {
  private readonly snackBar = inject(MatSnackBar);
  private readonly errors = inject(ErrorNotifier);

  protected readonly account = inject<AccountResponseDto>(MAT_DIALOG_DATA);
  /** Whether Meta's webhooks reach the account yet: the proof the steps below worked. */
  protected readonly webhook = webhookView(this.account);

  protected copied(what: string, success: boolean): void {
    if (success) this.snackBar.open(`Copied the ${what}`, undefined, { duration: 3000 });
    else this.errors.show(`Couldn't copy the ${what}. Select it and copy it by hand.`);
  }
}
