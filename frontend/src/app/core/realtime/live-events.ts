import type { MediaFileStatus } from '../api/models/media-file-status';
import type { MessageStatus } from '../api/models/message-status';
import type { SseFrame } from './sse-parser';

/**
 * The live events `GET /api/events` streams (the backend's `LIVE_EVENT_TYPES`). They are hints:
 * small payloads with ids and changed fields; fetch the details through the API when needed.
 */
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

export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

/** What `media.stored` and `media.failed` say about a file (`GET /api/whatsapp/media` has more). */
export interface MediaEventData {
  /** The media file's id (`GET /api/whatsapp/media/:id`). */
  readonly media_id: string;
  readonly message_id: string;
  readonly contact_id: string | null;
  readonly status: MediaFileStatus;
  readonly mime_type: string | null;
  /** The stored file's size; null when it failed. */
  readonly size_bytes: number | null;
}

/** The `data` of each live event type, as the backend publishes it. */
export interface LiveEventDataMap {
  /** An outbound message was queued (console or API): enough to show it as a list row. */
  'message.created': {
    readonly message_id: string;
    readonly contact_id: string;
    readonly direction: 'in' | 'out';
    readonly status: MessageStatus;
    /** Absent from events of an older backend (as are `message_type`, `preview`, `created_at`). */
    readonly account_id?: string;
    readonly message_type?: string;
    /** The start (100 characters) of the message's preview text. */
    readonly preview?: string;
    readonly created_at?: string;
  };
  /**
   * A status was recorded for a message: `event` is what happened (`accepted`, `sent`,
   * `delivered`, `read`, `failed`, …) and `status` the message's status afterwards (statuses only
   * move forward, so a late `delivered` after `read` leaves `status: 'read'`).
   */
  'message.status': {
    readonly message_id: string;
    readonly wa_message_id?: string | null;
    readonly status: MessageStatus;
    readonly event: string;
    readonly occurred_at?: string;
  };
  /** A contact's message arrived. */
  'message.inbound': {
    readonly message_id: string;
    readonly contact_id: string;
    readonly account_id: string;
    readonly phone_number_id: string;
    readonly wa_message_id: string;
    readonly message_type: string;
    /** The start of the message's preview text. */
    readonly preview: string;
    readonly media_id: string | null;
    readonly received_at: string;
  };
  /** A conversation's unread messages were marked read (by any user of the organization). */
  'conversation.read': {
    readonly contact_id: string;
    readonly read_at: string;
  };
  /** A customer's media file was downloaded from WhatsApp: it can be fetched now. */
  'media.stored': MediaEventData & { readonly status: 'stored' };
  /** A customer's media file could not be downloaded from WhatsApp (after its retries). */
  'media.failed': MediaEventData & {
    readonly status: 'failed';
    /** Why, in short. */
    readonly reason: string;
  };
  /** Meta changed an account's quality, throughput or messaging limit. */
  'account.changed': {
    readonly account_id: string;
    readonly event: string;
    readonly quality_rating: string | null;
    readonly throughput_level: string | null;
    readonly messaging_limit: string | null;
  };
  /** Meta reviewed, paused or otherwise changed a template. */
  'template.changed': {
    readonly template_id: string;
    readonly meta_template_id: string | null;
    readonly name: string;
    readonly language: string;
    readonly status: string;
    readonly event: string;
    readonly reason: string | null;
  };
}

/** One live event of type `T`. */
export interface LiveEvent<T extends LiveEventType = LiveEventType> {
  readonly type: T;
  readonly data: LiveEventDataMap[T];
  /** ISO 8601, when the backend published it. */
  readonly occurred_at: string;
}

/** Any live event, discriminated by `type`. */
export type AnyLiveEvent = { [T in LiveEventType]: LiveEvent<T> }[LiveEventType];

/** The stream's own event: connected (first frame), or the backend's feed came back after a gap. */
export interface ReadyEvent {
  readonly type: 'ready';
  readonly data: { readonly heartbeat_ms?: number };
  readonly occurred_at: string;
}

/** The id field each event type must carry to be useful. */
const KEY_FIELD: Record<LiveEventType, string> = {
  'message.created': 'message_id',
  'message.status': 'message_id',
  'message.inbound': 'message_id',
  'account.changed': 'account_id',
  'template.changed': 'template_id',
  'conversation.read': 'contact_id',
  'media.stored': 'media_id',
  'media.failed': 'media_id',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLiveEventType(value: unknown): value is LiveEventType {
  return (LIVE_EVENT_TYPES as readonly unknown[]).includes(value);
}

/**
 * The event a frame carries, or `null` for frames to ignore: no data, data that is not the
 * backend's `{ type, data, occurred_at }` JSON, or a type this console does not know (yet).
 */
export function parseLiveMessage(frame: SseFrame): AnyLiveEvent | ReadyEvent | null {
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
  if (!isLiveEventType(type) || typeof data[KEY_FIELD[type]] !== 'string') return null;
  return { type, data, occurred_at: occurredAt } as unknown as AnyLiveEvent;
}
