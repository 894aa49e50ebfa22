import { CdkCopyToClipboard } from '@angular/cdk/clipboard';
import {
  ChangeDetectionStrategy,
  Component,
  booleanAttribute,
  inject,
  input,
  output,
} from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltip } from '@angular/material/tooltip';
import type { MessageErrorDto } from '../../core/api/models/message-error-dto';
import { ErrorNotifier } from '../../core/errors/error-notifier.service';
import { ButtonSpinnerComponent } from '../button-spinner/button-spinner.component';

/**
 * Meta's refusal of a message, as the API explains it (`meta_error` of a failed send, `error` of
 * a failed message): the title, what happened and what to do in plain language, then Meta's
 * code, its own message and the trace id (with a copy button) for Meta support. Errors Meta
 * marks retryable get a Retry button (emits `retry`) unless `retryable` is false.
 *
 * ```html
 * <app-meta-error-panel [error]="failure.meta_error" [busy]="sending()" (retry)="send()" />
 * ```
 */
@Component({
  selector: 'app-meta-error-panel',
  imports: [
    CdkCopyToClipboard,
    MatButton,
    MatIconButton,
    MatIcon,
    MatTooltip,
    ButtonSpinnerComponent,
  ],
  templateUrl: './meta-error-panel.component.html',
  styleUrl: './meta-error-panel.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MetaErrorPanelComponent {
  readonly error = input.required<MessageErrorDto>();
  /** A retry is running: Retry shows a spinner and is disabled. */
  readonly busy = input(false, { transform: booleanAttribute });
  /** Offers Retry for retryable errors; false where retrying makes no sense. */
  readonly retryable = input(true, { transform: booleanAttribute });
  readonly retry = output();

  private readonly snackBar = inject(MatSnackBar);
  private readonly errors = inject(ErrorNotifier);

  protected copied(success: boolean): void {
    if (success) this.snackBar.open('Copied the trace id', undefined, { duration: 3000 });
    else this.errors.show("Couldn't copy the trace id. Select it and copy it by hand.");
  }
}
