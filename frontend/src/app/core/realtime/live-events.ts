import {
  LIVE_EVENT_KEY_FIELD,
  type LiveEventFrame,
  type ReadyFrame,
  isLiveEventType,
} from '@convis/contracts';
import type { SseFrame } from './sse-parser';

// Event names and payloads are @convis/contracts' (`LIVE_EVENT_TYPES`, `LiveEventDataMap`,
// `LiveEventFrame<T>`): the types the backend publishes with.

/** The stream's own event, as read: a `ready` without a usable heartbeat still means "connected". */
export interface ReadyEvent {
  readonly type: 'ready';
  readonly data: Partial<ReadyFrame['data']>;
  readonly occurred_at: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The event a frame carries, or `null` for frames to ignore: no data, data that is not the
 * backend's `{ type, data, occurred_at }` JSON, a type this console does not know (yet), or an
 * event without the id it is about.
 */
export function parseLiveMessage(frame: SseFrame): LiveEventFrame | ReadyEvent | null {
  if (frame.data === '') return null;
  let body: unknown;
  try {
    body = JSON.parse(frame.data);
  } catch {
    return null;
  }
  if (!isRecord(body) || !isRecord(body['data'])) return null;
  const type = body['type'] ?? frame.event;
  const occurredAt = typeof body['occurred_at'] === 'string' ? body['occurred_at'] : '';
  const data = body['data'];
  if (type === 'ready') {
    const heartbeat = data['heartbeat_ms'];
    return {
      type: 'ready',
      data: typeof heartbeat === 'number' && heartbeat > 0 ? { heartbeat_ms: heartbeat } : {},
      occurred_at: occurredAt,
    };
  }
  if (!isLiveEventType(type) || typeof data[LIVE_EVENT_KEY_FIELD[type]] !== 'string') return null;
  // The backend publishes `data` typed by `LiveEventDataMap`; only its id is checked here.
  return { type, data, occurred_at: occurredAt } as unknown as LiveEventFrame;
}
