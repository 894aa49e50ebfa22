import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatProgressBar } from '@angular/material/progress-bar';

/**
 * An indeterminate progress bar in a slot that keeps its height, so the page does not jump
 * when a (re)load starts or ends.
 */
@Component({
  selector: 'app-loading-bar',
  imports: [MatProgressBar],
  template: `
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="label()" />
    }
  `,
  styles: `
    :host {
      display: block;
      height: 4px;
      margin-bottom: 12px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoadingBarComponent {
  readonly loading = input.required<boolean>();
  /** What is loading, for screen readers: "Loading accounts". */
  readonly label = input.required<string>();
}
