import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';

/**
 * "Nothing here yet" panel: an icon, a heading, a sentence, and an optional action projected
 * with the `emptyStateAction` attribute:
 *
 * ```html
 * <app-empty-state icon="campaign" heading="No campaigns yet" message="...">
 *   <a mat-flat-button emptyStateAction routerLink="...">New campaign</a>
 * </app-empty-state>
 * ```
 */
@Component({
  selector: 'app-empty-state',
  imports: [MatIcon],
  templateUrl: './empty-state.component.html',
  styleUrl: './empty-state.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EmptyStateComponent {
  /** A Material Symbols name, e.g. `inbox`. */
  readonly icon = input.required<string>();
  readonly heading = input.required<string>();
  readonly message = input<string>('');
}
