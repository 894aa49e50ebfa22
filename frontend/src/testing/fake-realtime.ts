import { type Provider, type Signal, signal } from '@angular/core';
import { type Observable, Subject, filter } from 'rxjs';
import type { LiveEventData, LiveEventFrame, LiveEventType } from '@convis/contracts';
import { type RealtimeConnection, RealtimeService } from '../app/core/realtime/realtime.service';

/**
 * `RealtimeService` without a connection, for page specs: `emit()` a live event, `resync()` as
 * after a reconnection.
 *
 * ```ts
 * TestBed.configureTestingModule({ providers: [...provideTestApp(), provideFakeRealtime()] });
 * TestBed.inject(FakeRealtimeService).emit('message.status', { message_id, status: 'read', event: 'read' });
 * ```
 */
export class FakeRealtimeService implements Pick<
  RealtimeService,
  'connection' | 'events$' | 'resync$' | 'resyncs' | 'on' | 'latest' | 'retryNow'
> {
  private readonly events = new Subject<LiveEventFrame>();
  private readonly resyncs$ = new Subject<void>();
  private readonly resyncCount = signal(0);
  private readonly state = signal<RealtimeConnection>('live');

  readonly connection = this.state.asReadonly();
  readonly events$: Observable<LiveEventFrame> = this.events.asObservable();
  readonly resync$: Observable<void> = this.resyncs$.asObservable();
  readonly resyncs = this.resyncCount.asReadonly();

  on<T extends LiveEventType>(type: T): Observable<LiveEventFrame<T>> {
    // `LiveEventFrame` (every type) narrowed by its `type`: TypeScript cannot follow a generic `T` through it.
    return this.events$.pipe(filter((event) => event.type === type)) as Observable<
      LiveEventFrame<T>
    >;
  }

  latest<T extends LiveEventType>(_type: T): Signal<LiveEventFrame<T> | null> {
    return signal(null);
  }

  retryNow(): void {
    // Nothing to retry.
  }

  /** Delivers a live event to the subscribers. */
  emit<T extends LiveEventType>(type: T, data: LiveEventData<T>): void {
    this.events.next({ type, data, occurred_at: new Date().toISOString() } as LiveEventFrame);
  }

  /** As after a reconnection: pages refetch. */
  resync(): void {
    this.resyncCount.update((count) => count + 1);
    this.resyncs$.next();
  }

  setConnection(state: RealtimeConnection): void {
    this.state.set(state);
  }
}

/** Replaces `RealtimeService` with a `FakeRealtimeService` (inject either to drive it). */
export function provideFakeRealtime(): Provider[] {
  return [FakeRealtimeService, { provide: RealtimeService, useExisting: FakeRealtimeService }];
}
