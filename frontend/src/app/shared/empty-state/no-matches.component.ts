import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { EmptyStateComponent } from './empty-state.component';

/**
 * The empty state of a filtered list: nothing matches (`heading`), what to try (`message`), and
 * a button that clears the filters (`clear`).
 */
@Component({
  selector: 'app-no-matches',
  imports: [EmptyStateComponent, MatButton, MatIcon],
  template: `
    <app-empty-state icon="filter_alt_off" [heading]="heading()" [message]="message()">
      <button mat-stroked-button emptyStateAction type="button" (click)="clear.emit()">
        <mat-icon>filter_alt_off</mat-icon>
        {{ action() }}
      </button>
    </app-empty-state>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NoMatchesComponent {
  readonly heading = input.required<string>();
  readonly message = input.required<string>();
  /** The button's label. */
  readonly action = input('Clear filters');
  readonly clear = output();
}
