import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import type { AccountResponseDto } from '../../core/api/models/account-response-dto';
import { accountName, accountState } from './account-state';

/**
 * An account as a `mat-option` shows it: its name and number, and under them its state
 * (connected, or failing with the checklist's reason) and when Meta's webhooks last reached it.
 * Pair it with a `mat-select-trigger` that shows the name only.
 *
 * ```html
 * <mat-option [value]="a.id" [disabled]="a.status !== 'active'"><app-account-option [account]="a" /></mat-option>
 * ```
 */
@Component({
  selector: 'app-account-option',
  imports: [MatIcon],
  templateUrl: './account-option.component.html',
  styleUrl: './account-option.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountOptionComponent {
  readonly account = input.required<AccountResponseDto>();
  /** The time "3 minutes ago" counts from (a page's clock). */
  readonly now = input<number>(Date.now());

  protected readonly name = computed(() => accountName(this.account()));
  protected readonly state = computed(() => accountState(this.account(), this.now()));
}
