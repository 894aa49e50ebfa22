import {
  ChangeDetectorRef,
  type Signal,
  effect,
  inject,
  linkedSignal,
  untracked,
} from '@angular/core';
import type { ControlEvent } from '@angular/forms';
import type { Observable } from 'rxjs';

/** What `followControl` needs of a form control, group or array. */
export interface FollowedControl<T> {
  getRawValue(): T;
  readonly events: Observable<ControlEvent>;
}

/**
 * From a component (in its injection context): a signal of `control()`'s raw value that follows
 * every change, for `computed`s and templates. It also marks the component for check on each
 * control event, so the Material fields of an OnPush component show errors, touched state and
 * server messages set from outside (by a parent that maps a 400 onto the form).
 *
 * ```ts
 * readonly form = input.required<TextForm>();
 * protected readonly value = followControl(() => this.form());
 * ```
 */
export function followControl<T>(control: () => FollowedControl<T>): Signal<T> {
  const changeDetector = inject(ChangeDetectorRef);
  const value = linkedSignal(() => control().getRawValue());
  effect((onCleanup) => {
    const followed = control();
    const events = followed.events.subscribe(() => {
      value.set(followed.getRawValue());
      changeDetector.markForCheck();
    });
    // Changes made before the subscription (between creation and the first run).
    untracked(() => value.set(followed.getRawValue()));
    onCleanup(() => events.unsubscribe());
  });
  return value.asReadonly();
}
