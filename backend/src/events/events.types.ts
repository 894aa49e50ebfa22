/** Live events of an organization, sent to the console over Server-Sent Events. */
export const LIVE_EVENT_TYPES = [
  'message.created',
  'message.status',
  'message.inbound',
  'account.changed',
  'template.changed',
  'conversation.read',
  'media.stored',
  'media.failed',
] as const;

/** Characters of a message's preview text that a live event carries (enough for a list row). */
export const EVENT_PREVIEW_LENGTH = 100;

export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

export interface LiveEvent {
  readonly type: LiveEventType;
  readonly organizationId: string;
  /** Small JSON payload (ids and changed fields); clients refetch details when they need more. */
  readonly data: Record<string, unknown>;
}

/** A live event as it came back from PostgreSQL NOTIFY, on any instance. */
export interface PublishedLiveEvent extends LiveEvent {
  /** ISO 8601, set by the publisher. */
  readonly occurredAt: string;
}

/** The NOTIFY payload on the `convis_events` channel (snake_case JSON, at most ~8 kB). */
export interface LiveEventPayload {
  readonly type: LiveEventType;
  readonly organization_id: string;
  readonly data: Record<string, unknown>;
  readonly occurred_at: string;
}

/**
 * The `data:` line of one SSE frame. No organization id: a stream only ever carries the
 * caller's own organization. `ready` is the stream's own event (see EventsStreamService).
 */
export interface LiveEventMessage {
  readonly type: LiveEventType | 'ready';
  readonly data: Record<string, unknown>;
  readonly occurred_at: string;
}
