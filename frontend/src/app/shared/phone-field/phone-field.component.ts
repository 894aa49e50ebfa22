import {
  ChangeDetectionStrategy,
  ChangeDetectorRef,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import type { ErrorStateMatcher } from '@angular/material/core';
import {
  MatError,
  MatFormField,
  MatHint,
  MatLabel,
  type SubscriptSizing,
} from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect, MatSelectTrigger } from '@angular/material/select';
import { checkPhoneNumber, formatPhoneNumber } from '@convis/contracts';
import { fieldErrorMessage } from '../forms/field-error';
import { COUNTRIES, type Country, countryByIso, countryOfNumber } from './countries';
import {
  PHONE_ERROR,
  type PhoneError,
  composePhoneNumber,
  phoneErrorMessage,
} from './phone-number';

/**
 * A phone number in international format, with help for the country code: a country select
 * ("+44 United Kingdom") and the number, either as dialled in that country (`07700 900123`) or
 * with `+` and any country code, which then also picks the country. `control` receives the
 * number as `+` and digits (`+447700900123`).
 *
 * Errors show as you type (a letter, too many digits) or when leaving the field (too short, or a
 * length no number of that country has: it may still be typed), worded by
 * `internationalPhoneValidator`, which belongs on `control` with `requiredValidator`;
 * a server message set with `setServerError` shows the same way.
 *
 * ```html
 * <app-phone-field [control]="form.controls.to" label="Recipient" [defaultCountry]="'GB'" />
 * ```
 */
@Component({
  selector: 'app-phone-field',
  imports: [
    ReactiveFormsModule,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MatSelect,
    MatSelectTrigger,
    MatOption,
  ],
  templateUrl: './phone-field.component.html',
  styleUrl: './phone-field.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PhoneFieldComponent {
  /** Holds the number as `+` and digits. */
  readonly control = input.required<FormControl<string>>();
  readonly label = input('Phone number');
  /** The country (ISO code, e.g. `GB`) selected while the field is empty and none was picked. */
  readonly defaultCountry = input<string | null>(null);
  readonly subscriptSizing = input<SubscriptSizing>('dynamic');

  protected readonly countries = COUNTRIES;
  /** The "Other" option (a null value would make the select look empty). */
  protected readonly other = 'other';
  /** What is typed in the number field. */
  protected readonly typed = new FormControl('', { nonNullable: true });
  protected readonly country = signal<Country | null>(null);
  private readonly value = signal('');
  /** The user picked a country: the default no longer applies. */
  private countryChosen = false;
  /** The last value written to `control`, to tell it from values set from outside. */
  private written: string | null = null;

  protected readonly hint = computed(() => {
    const value = this.value();
    const country = this.country();
    if (checkPhoneNumber(value).ok) {
      const detected = countryOfNumber(value.slice(1));
      return `Sends to ${formatPhoneNumber(value)}${detected ? ` · ${detected.name}` : ''}`;
    }
    return country
      ? `As dialled in ${country.name}, or + and the country code.`
      : 'Start with + and the country code, e.g. +44 7700 900123.';
  });

  /** Errors show while typing, except for a number still being typed: those wait for blur. */
  protected readonly errorMatcher: ErrorStateMatcher = {
    isErrorState: () => {
      const control = this.control();
      if (!control.invalid) return false;
      if (control.touched) return true;
      const phone = control.getError(PHONE_ERROR) as PhoneError | null;
      return control.dirty && !phone?.incomplete;
    },
  };

  constructor() {
    const changeDetector = inject(ChangeDetectorRef);
    effect((onCleanup) => {
      const control = this.control();
      untracked(() => this.adopt(control.value));
      const events = control.events.subscribe(() => {
        if (control.value !== this.written) this.adopt(control.value);
        if (control.disabled !== this.typed.disabled) {
          if (control.disabled) this.typed.disable({ emitEvent: false });
          else this.typed.enable({ emitEvent: false });
        }
        // A server message on a field that stays invalid changes nothing this view reads.
        changeDetector.markForCheck();
      });
      onCleanup(() => events.unsubscribe());
    });
    effect(() => {
      const fallback = countryByIso(this.defaultCountry());
      untracked(() => {
        if (!this.countryChosen && this.typed.value.trim() === '') this.country.set(fallback);
      });
    });
    this.typed.valueChanges.subscribe((text) => {
      const international = internationalDigits(text);
      if (international !== null) {
        const detected = countryOfNumber(international);
        if (detected) this.country.set(detected);
        else if (international.length >= 3) this.country.set(null);
      }
      this.write();
    });
  }

  protected selectCountry(iso: string): void {
    const previous = this.country();
    const next = countryByIso(iso);
    this.countryChosen = true;
    this.country.set(next);
    // "+44 7700…" with another country picked: swap the code, keep the number.
    const international = internationalDigits(this.typed.value);
    if (international !== null && next) {
      const old = countryOfNumber(international) ?? previous;
      const rest =
        old && international.startsWith(old.dialCode)
          ? international.slice(old.dialCode.length)
          : international;
      this.typed.setValue(`+${next.dialCode} ${rest}`, { emitEvent: false });
    }
    this.write();
  }

  protected touch(): void {
    this.control().markAsTouched();
  }

  protected errorMessage(): string {
    const control = this.control();
    const phone = control.getError(PHONE_ERROR) as PhoneError | null;
    return phone ? phoneErrorMessage(phone) : fieldErrorMessage(control, this.label());
  }

  /** Takes a value set from outside (initial value, reset, a reply's number). */
  private adopt(value: string): void {
    this.written = value;
    this.value.set(value);
    this.typed.setValue(value, { emitEvent: false });
    const international = internationalDigits(value);
    const detected = international === null ? null : countryOfNumber(international);
    if (detected) this.country.set(detected);
  }

  private write(): void {
    const control = this.control();
    const value = composePhoneNumber(this.typed.value, this.country());
    this.written = value;
    this.value.set(value);
    if (control.value !== value) control.setValue(value);
    control.markAsDirty();
  }
}

/** The digits of an international number being typed (`+44 77…`, `0044…`), else `null`. */
function internationalDigits(text: string): string | null {
  const compact = text.trim().replace(/[\s().\-/]/g, '');
  if (compact.startsWith('+')) return compact.slice(1).replace(/\D/g, '');
  if (compact.startsWith('00')) return compact.slice(2).replace(/\D/g, '');
  return null;
}
