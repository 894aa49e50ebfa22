import { type ElementRef, type Injector, type Signal, afterNextRender } from '@angular/core';

/**
 * Brings `element` into view once the pending changes are rendered, e.g. a result that just
 * appeared below a form. Does nothing when the element is not rendered.
 */
export function scrollIntoViewAfterRender(
  element: Signal<ElementRef<HTMLElement> | undefined>,
  injector: Injector,
): void {
  afterNextRender(
    () => element()?.nativeElement.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' }),
    { injector },
  );
}
