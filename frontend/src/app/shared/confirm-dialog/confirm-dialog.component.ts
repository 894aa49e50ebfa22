import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialog,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  type MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { filter, firstValueFrom, merge, takeUntil } from 'rxjs';

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

/**
 * Escape or a click outside a dialog closes it only after asking, when its form holds input
 * that would be lost (and never while `busy`, e.g. sending). Buttons that close the dialog on
 * purpose (Cancel, a successful save) are not affected.
 */
export function confirmBeforeDiscarding(
  dialog: MatDialog,
  dialogRef: MatDialogRef<unknown>,
  options: {
    /** Whether closing now would lose something the user entered. */
    readonly hasUnsavedInput: () => boolean;
    readonly busy?: () => boolean;
    /** What would be lost, e.g. `this message`. */
    readonly what: string;
  },
): void {
  dialogRef.disableClose = true;
  let asking = false;
  const attempt = async (): Promise<void> => {
    if (asking || options.busy?.()) return;
    if (options.hasUnsavedInput()) {
      asking = true;
      const discard = await confirmAction(dialog, {
        title: `Discard ${options.what}?`,
        message: 'What you entered has not been saved or sent, and will be lost.',
        confirmLabel: 'Discard',
        cancelLabel: 'Keep editing',
        destructive: true,
      }).finally(() => (asking = false));
      if (!discard) return;
    }
    dialogRef.close();
  };
  merge(
    dialogRef.backdropClick(),
    dialogRef.keydownEvents().pipe(filter((event) => event.key === 'Escape')),
  )
    .pipe(takeUntil(dialogRef.afterClosed()))
    .subscribe(() => void attempt());
}
