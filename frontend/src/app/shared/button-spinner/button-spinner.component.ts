import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatProgressSpinner } from '@angular/material/progress-spinner';

/**
 * The small spinner a button shows before its text while its action runs, in the text's colour.
 * Hidden from assistive technology: the button says it is busy with `aria-busy`.
 *
 * ```html
 * <button mat-flat-button type="submit" [disabled]="saving()" [attr.aria-busy]="saving()">
 *   @if (saving()) {
 *     <app-button-spinner />
 *   }
 *   Save
 * </button>
 * ```
 */
@Component({
  selector: 'app-button-spinner',
  imports: [MatProgressSpinner],
  templateUrl: './button-spinner.component.html',
  styleUrl: './button-spinner.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ButtonSpinnerComponent {}
