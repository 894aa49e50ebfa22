import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { EmptyStateComponent } from '../empty-state/empty-state.component';

/** What a page shows when its data could not be loaded: the reason and a Retry button. */
@Component({
  selector: 'app-load-error',
  imports: [EmptyStateComponent, MatButton, MatIcon],
  template: `
    <app-empty-state icon="cloud_off" [heading]="heading()" [message]="message()">
      <button mat-flat-button emptyStateAction type="button" (click)="retry.emit()">
        <mat-icon>refresh</mat-icon>
        Retry
      </button>
    </app-empty-state>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoadErrorComponent {
  /** "Couldn't load your accounts". */
  readonly heading = input.required<string>();
  /** Why, in words a user understands (from the API error). */
  readonly message = input.required<string>();
  readonly retry = output();
}
