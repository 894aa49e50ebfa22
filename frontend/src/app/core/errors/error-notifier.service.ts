import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { describeError } from './api-error';

/**
 * The one place that shows failures to the user: a snackbar, never a blocking browser dialog. Components call it
 * for errors they don't render inline; `GlobalErrorHandler` calls it for everything left over.
 */
@Injectable({ providedIn: 'root' })
export class ErrorNotifier {
  private readonly snackBar = inject(MatSnackBar);

  /** Shows a readable message for any error (HTTP or not). */
  notify(error: unknown): void {
    this.show(describeError(error));
  }

  /** Shows `message` as an error snackbar. */
  show(message: string): void {
    this.snackBar.open(message, 'Dismiss', {
      duration: 8000,
      politeness: 'assertive',
      panelClass: 'error-snackbar',
    });
  }
}
