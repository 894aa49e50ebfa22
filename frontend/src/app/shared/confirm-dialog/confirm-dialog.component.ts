import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialog,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogTitle,
} from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';

export interface ConfirmDialogData {
  /** A question, e.g. `Delete "Support line"?`. */
  readonly title: string;
  /** What happens, and what does not, when the user confirms. */
  readonly message: string;
  /** The verb on the confirm button, e.g. `Delete`. */
  readonly confirmLabel: string;
  readonly cancelLabel?: string;
  /** Colours the confirm button as destructive (error colour). */
  readonly destructive?: boolean;
}

/**
 * "Are you sure?" dialog. Closes with `true` when confirmed and `false` (or nothing) otherwise;
 * use `confirmAction()` rather than opening it by hand. Focus starts on Cancel, so a stray Enter
 * never confirms a destructive action.
 */
@Component({
  selector: 'app-confirm-dialog',
  imports: [MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatButton],
  templateUrl: './confirm-dialog.component.html',
  styleUrl: './confirm-dialog.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConfirmDialogComponent {
  protected readonly data = inject<ConfirmDialogData>(MAT_DIALOG_DATA);
}

/** Asks for confirmation; resolves `true` only when the user confirmed. */
export async function confirmAction(dialog: MatDialog, data: ConfirmDialogData): Promise<boolean> {
  const ref = dialog.open<ConfirmDialogComponent, ConfirmDialogData, boolean>(
    ConfirmDialogComponent,
    { data, width: '440px', maxWidth: '95vw', role: 'alertdialog', autoFocus: '.cancel' },
  );
  return (await firstValueFrom(ref.afterClosed())) === true;
}
