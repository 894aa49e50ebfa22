import { BreakpointObserver } from '@angular/cdk/layout';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import {
  MatChip,
  MatChipAvatar,
  MatChipListbox,
  MatChipOption,
  MatChipRemove,
} from '@angular/material/chips';
import { MatOption, provideNativeDateAdapter } from '@angular/material/core';
import {
  MatDateRangeInput,
  MatDateRangePicker,
  MatDatepickerToggle,
  MatEndDate,
  MatStartDate,
} from '@angular/material/datepicker';
import { MatFormField, MatLabel, MatPrefix, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatSelect } from '@angular/material/select';
import { MESSAGE_STATUSES } from '@convis/contracts';
import { debounceTime, filter, map, merge } from 'rxjs';
import type { AccountResponseDto } from '../../../core/api/models/account-response-dto';
import type { MessageStatus } from '../../../core/api/models/message-status';
import { statusChipView } from '../../../shared/status-chip/status-chip.component';
import {
  type MessageDirection,
  type MessageFilters,
  NO_FILTERS,
  formatDay,
  hasFilters,
  parseDay,
  sameFilters,
} from '../message-filters';

/** Below this width the filters other than the search fold away behind a button. */
const NARROW_QUERY = '(max-width: 719.98px)';

/** How long typing in a text filter pauses before the list follows. */
export const FILTER_DEBOUNCE_MS = 300;

/**
 * The filters above the message history: search, contact, account, direction, dates and
 * statuses. It shows `filters` (the URL's) and emits `filtersChange` when the user changes one:
 * text after a 300 ms pause, the others at once, the date range once it is complete.
 */
@Component({
  selector: 'app-message-filters-bar',
  imports: [
    ReactiveFormsModule,
    MatFormField,
    MatLabel,
    MatPrefix,
    MatSuffix,
    MatInput,
    MatSelect,
    MatOption,
    MatChipListbox,
    MatChipOption,
    MatChip,
    MatChipAvatar,
    MatChipRemove,
    MatDateRangeInput,
    MatStartDate,
    MatEndDate,
    MatDateRangePicker,
    MatDatepickerToggle,
    MatButton,
    MatIconButton,
    MatIcon,
  ],
  providers: [provideNativeDateAdapter()],
  templateUrl: './message-filters-bar.component.html',
  styleUrl: './message-filters-bar.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageFiltersBarComponent {
  readonly filters = input.required<MessageFilters>();
  /** The organization's WhatsApp accounts, for the account filter. */
  readonly accounts = input<readonly AccountResponseDto[]>([]);
  readonly filtersChange = output<MessageFilters>();

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    q: [''],
    contact: [''],
    // '' is "all": a select shows an option with a null value as no selection at all.
    account: [''],
    direction: this.fb.control<MessageDirection | ''>(''),
    statuses: this.fb.control<MessageStatus[]>([]),
    range: this.fb.group({
      start: this.fb.control<Date | null>(null),
      end: this.fb.control<Date | null>(null),
    }),
  });
  protected readonly statusOptions = MESSAGE_STATUSES.map((status) => ({
    value: status,
    label: statusChipView(status).label,
  }));
  protected readonly active = computed(() => hasFilters(this.filters()));
  /** Filters on besides the search, for the "Filters" button of narrow screens. */
  protected readonly activeCount = computed(() => {
    const { account, direction, statuses, from, to, contact, campaign, errorCode } = this.filters();
    return [
      account,
      direction,
      statuses.length > 0,
      from ?? to,
      contact,
      campaign,
      errorCode,
    ].filter(Boolean).length;
  });
  /** On narrow screens only the search shows until the user opens the other filters. */
  protected readonly narrow = toSignal(
    inject(BreakpointObserver)
      .observe(NARROW_QUERY)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  protected readonly expanded = signal(false);

  /** The last filters this bar emitted or showed: the URL echoing them back changes nothing. */
  private shown: MessageFilters | null = null;

  constructor() {
    effect(() => {
      const filters = this.filters();
      untracked(() => this.show(filters));
    });
    const { q, contact, account, direction, statuses, range } = this.form.controls;
    merge(q.valueChanges, contact.valueChanges)
      .pipe(debounceTime(FILTER_DEBOUNCE_MS), takeUntilDestroyed())
      .subscribe(() => this.emit());
    merge(account.valueChanges, direction.valueChanges, statuses.valueChanges)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.emit());
    // A range applies once both ends are set (or both cleared); a start alone applies when the
    // picker closes or the field loses focus.
    range.valueChanges
      .pipe(
        filter(({ start, end }) => (start === null) === (end === null)),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.emit());
  }

  /** Applies what the date range fields hold, complete or not. */
  protected applyRange(): void {
    this.emit();
  }

  protected clearText(control: 'q' | 'contact'): void {
    this.form.controls[control].setValue('', { emitEvent: false });
    this.emit();
  }

  protected clearRange(): void {
    this.form.controls.range.setValue({ start: null, end: null }, { emitEvent: false });
    this.emit();
  }

  protected clearCampaign(): void {
    this.emit({ campaign: null });
  }

  protected clearErrorCode(): void {
    this.emit({ errorCode: null });
  }

  /** The same days, read in the user's time zone. */
  protected clearUtc(): void {
    this.emit({ utc: false });
  }

  protected clearAll(): void {
    this.setForm(NO_FILTERS);
    this.emit({ campaign: null, errorCode: null, utc: false });
  }

  private show(filters: MessageFilters): void {
    if (this.shown && sameFilters(filters, this.shown)) return;
    this.shown = filters;
    this.setForm(filters);
  }

  private setForm(filters: MessageFilters): void {
    this.form.setValue(
      {
        q: filters.q,
        contact: filters.contact,
        account: filters.account ?? '',
        direction: filters.direction ?? '',
        statuses: [...filters.statuses],
        range: {
          start: filters.from ? parseDay(filters.from) : null,
          end: filters.to ? parseDay(filters.to) : null,
        },
      },
      { emitEvent: false },
    );
  }

  private emit(overrides: Partial<MessageFilters> = {}): void {
    const value = this.form.getRawValue();
    const start = value.range.start;
    const end = value.range.end;
    const current = this.filters();
    const from = start ? formatDay(start) : null;
    const to = end ? formatDay(end) : null;
    const next: MessageFilters = {
      q: value.q.trim(),
      contact: value.contact.trim(),
      account: value.account || null,
      direction: value.direction || null,
      statuses: MESSAGE_STATUSES.filter((status) => value.statuses.includes(status)),
      from,
      to,
      campaign: current.campaign,
      errorCode: current.errorCode,
      // Days chosen here are the user's own; the Dashboard's UTC days last until then.
      utc: current.utc && from === current.from && to === current.to,
      ...overrides,
    };
    if (this.shown && sameFilters(next, this.shown)) return;
    this.shown = next;
    this.filtersChange.emit(next);
  }
}
