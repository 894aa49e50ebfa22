import { type LiveEventDataMap, type LiveEventType, type ReadyFrame } from '@convis/contracts';

// Event names and payloads are @convis/contracts' `LIVE_EVENT_TYPES` and `LiveEventDataMap`,
// which the console reads too. These are the backend's envelopes around them.

/** A live event to publish: the compiler checks `data` against the type's payload. */
export type LiveEvent<T extends LiveEventType = LiveEventType> = T extends LiveEventType
  ? {
      readonly type: T;
      readonly organizationId: string;
      readonly data: LiveEventDataMap[T];
    }
  : never;

/**
 * A live event as it came back from PostgreSQL NOTIFY, on any instance. Its `data` is passed to
 * the streams as it came: another version of the backend may have published it (rolling deploys).
 */
export interface PublishedLiveEvent {
  readonly type: LiveEventType;
  readonly organizationId: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** ISO 8601, set by the publisher. */
  readonly occurredAt: string;
}

/** The NOTIFY payload on the `convis_events` channel (snake_case JSON, at most ~8 kB). */
export interface LiveEventPayload {
  readonly type: LiveEventType;
  readonly organization_id: string;
  readonly data: LiveEventDataMap[LiveEventType];
  readonly occurred_at: string;
}

/**
 * The `data:` line of one SSE frame: a live event (the console reads it as @convis/contracts'
 * `LiveEventFrame`) or the stream's own `ready`.
 * No organization id: a stream only ever carries the caller's own organization.
 */
export type LiveEventMessage =
  | ReadyFrame
  | {
      readonly type: LiveEventType;
      readonly data: PublishedLiveEvent['data'];
      readonly occurred_at: string;
    };
