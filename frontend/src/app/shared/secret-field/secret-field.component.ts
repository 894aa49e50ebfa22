import {
  ChangeDetectionStrategy,
  ChangeDetectorRef,
  Component,
  booleanAttribute,
  computed,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';
import { type FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatIconButton } from '@angular/material/button';
import {
  MatError,
  MatFormField,
  MatHint,
  MatLabel,
  MatSuffix,
  type SubscriptSizing,
} from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatTooltip } from '@angular/material/tooltip';
import { fieldErrorMessage } from '../forms/field-error';

/**
 * A form field for a secret (a password, an access token): the value is masked until the eye
 * button shows it. The button names the secret ("Show access token" / "Hide access token") and
 * is disabled with the control. Errors appear under the field, as `fieldErrorMessage` words them.
 *
 * ```html
 * <app-secret-field
 *   [control]="form.controls.password"
 *   label="Password"
 *   name="password"
 *   autocomplete="current-password"
 *   required
 * />
 * ```
 */
@Component({
  selector: 'app-secret-field',
  imports: [
    ReactiveFormsModule,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatSuffix,
    MatInput,
    MatIconButton,
    MatIcon,
    MatTooltip,
  ],
  templateUrl: './secret-field.component.html',
  styleUrl: './secret-field.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SecretFieldComponent {
  readonly control = input.required<FormControl<string>>();
  /** The field's label, e.g. `App secret (optional)`. */
  readonly label = input.required<string>();
  /**
   * What the field holds, in lower case, e.g. `access token`: it names the show/hide button and,
   * capitalized, starts the error messages ("Access token is required.").
   */
  readonly name = input.required<string>();
  /** A line under the field, e.g. where to find the value. */
  readonly hint = input<string>();
  readonly required = input(false, { transform: booleanAttribute });
  readonly autocomplete = input('off');
  readonly subscriptSizing = input<SubscriptSizing>('fixed');

  protected readonly shown = signal(false);
  protected readonly toggleLabel = computed(
    () => `${this.shown() ? 'Hide' : 'Show'} ${this.name()}`,
  );
  protected readonly errorLabel = computed(
    () => this.name().charAt(0).toUpperCase() + this.name().slice(1),
  );
  protected readonly errorMessage = fieldErrorMessage;

  constructor() {
    // This view follows the control's touched, status and submitted signals, but a new server
    // message on a field that stays invalid changes none of them: check it on each control event.
    const changeDetector = inject(ChangeDetectorRef);
    effect((onCleanup) => {
      const events = this.control().events.subscribe(() => changeDetector.markForCheck());
      onCleanup(() => events.unsubscribe());
    });
  }
}
