import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  output,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatOption, provideNativeDateAdapter } from '@angular/material/core';
import {
  MatDateRangeInput,
  MatDateRangePicker,
  MatDatepickerToggle,
  MatEndDate,
  MatStartDate,
} from '@angular/material/datepicker';
import { MatFormField, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatSelect } from '@angular/material/select';
import { filter } from 'rxjs';
import type { AccountResponseDto } from '../../../core/api/models/account-response-dto';
import {
  type DashboardFilters,
  PERIOD_PRESETS,
  type PeriodPreset,
  dayToPickerDate,
  periodDays,
  pickerDateToDay,
  sameFilters,
} from '../dashboard-filters';

/**
 * The dashboard's filters: account, a preset period (last 7, 30 or 90 days) and a date range
 * for any other period. It shows `filters` (the URL's) and emits `filtersChange` when the user
 * changes one: a preset or account at once, a date range once both ends are set and the picker
 * closes (or a field loses focus, or Enter). The range field always shows the days on screen,
 * so a preset is the starting point of a custom range.
 */
@Component({
  selector: 'app-dashboard-filters-bar',
  imports: [
    ReactiveFormsModule,
    MatFormField,
    MatLabel,
    MatSuffix,
    MatSelect,
    MatOption,
    MatButtonToggleGroup,
    MatButtonToggle,
    MatDateRangeInput,
    MatStartDate,
    MatEndDate,
    MatDateRangePicker,
    MatDatepickerToggle,
  ],
  providers: [provideNativeDateAdapter()],
  templateUrl: './dashboard-filters-bar.component.html',
  styleUrl: './dashboard-filters-bar.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DashboardFiltersBarComponent {
  readonly filters = input.required<DashboardFilters>();
  /** The organization's WhatsApp accounts, for the account filter. */
  readonly accounts = input<readonly AccountResponseDto[]>([]);
  /** Today's UTC date: the end of a preset period. */
  readonly today = input.required<string>();
  readonly filtersChange = output<DashboardFilters>();

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    // '' is "all": a select shows an option with a null value as no selection at all.
    account: [''],
    days: this.fb.control<PeriodPreset | null>(null),
    range: this.fb.group({
      start: this.fb.control<Date | null>(null),
      end: this.fb.control<Date | null>(null),
    }),
  });
  protected readonly presets = PERIOD_PRESETS;
  /** No day after today can be picked. */
  protected readonly maxDate = computed(() => dayToPickerDate(this.today()));

  /** The last filters this bar emitted or showed: the URL echoing them back changes nothing. */
  private shown: DashboardFilters | null = null;

  constructor() {
    effect(() => {
      const filters = this.filters();
      const today = this.today();
      untracked(() => this.show(filters, today));
    });
    const { account, days } = this.form.controls;
    account.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.emit({}));
    days.valueChanges
      .pipe(
        filter((value) => value !== null),
        takeUntilDestroyed(),
      )
      .subscribe((value) => this.emit({ days: value, from: null, to: null }));
    // The date range applies when the picker closes, a field loses focus or Enter is pressed,
    // not on every keystroke (each would be a request).
  }

  /** Applies the date range, once both ends are set and in order. */
  protected applyRange(): void {
    const { start, end } = this.form.controls.range.getRawValue();
    if (!start || !end || start > end) return;
    this.emit({ days: null, from: pickerDateToDay(start), to: pickerDateToDay(end) });
  }

  private show(filters: DashboardFilters, today: string): void {
    this.shown = filters;
    const { from, to } = periodDays(filters, today);
    this.form.setValue(
      {
        account: filters.account ?? '',
        days: filters.days,
        range: { start: dayToPickerDate(from), end: dayToPickerDate(to) },
      },
      { emitEvent: false },
    );
  }

  private emit(changes: Partial<DashboardFilters>): void {
    const current = this.filters();
    const next: DashboardFilters = {
      ...current,
      account: this.form.controls.account.value || null,
      ...changes,
    };
    if (this.shown && sameFilters(next, this.shown)) return;
    this.shown = next;
    this.filtersChange.emit(next);
  }
}
