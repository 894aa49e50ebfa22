import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';

/**
 * "Nothing here yet" panel: an icon, a heading, a sentence, and the action projected with the
 * `emptyStateAction` attribute. The sentence says what to do next and the action does it (a
 * `routerLink` when it happens on another page, e.g. "Connect an account" on the Accounts page):
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
