import { type CampaignState, type RecipientState } from './campaigns.ts';
import { type MessageStatus } from './status.ts';
import { shortenText } from './text.ts';

/**
 * Live events of an organization, streamed to the console as Server-Sent Events
 * (`GET /api/events`). Names are `<noun>.<what happened>`. Events are hints: small payloads with
 * ids and changed fields; clients fetch details through the API.
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
  'campaign.progress',
] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

/** What happened to a message, in `message.status`: Meta accepted the send, or a status came. */
export type MessageStatusEventName =
  'accepted' | 'sent' | 'delivered' | 'read' | 'played' | 'failed';

/** What `media.stored` and `media.failed` say about a file (`GET /api/whatsapp/media` has more). */
interface MediaOutcomeData {
  /** The media file's id (`GET /api/whatsapp/media/{id}`). */
  readonly media_id: string;
  /** The inbound message the file belongs to. */
  readonly message_id: string;
  /** The message's contact; null when the message is gone. */
  readonly contact_id: string | null;
  readonly mime_type: string | null;
}

/**
 * The `data` of each live event type, exactly as the backend publishes it (snake_case, times
 * ISO 8601 UTC). Clients ignore fields and types they do not know, so adding either is backward
 * compatible; renaming or removing one is not.
 */
export interface LiveEventDataMap {
  /** An outbound message was queued (console or API): enough to show it as a list row. */
  'message.created': {
    readonly message_id: string;
    readonly contact_id: string;
    readonly account_id: string;
    readonly direction: 'out';
    readonly status: 'queued';
    readonly message_type: string;
    /** The message's preview text, cut by `livePreview`. */
    readonly preview: string;
    readonly created_at: string;
  };
  /**
   * A status was recorded for a message: `event` is what happened and `status` the message's
   * status afterwards (statuses only move forward, so a late `delivered` after `read` leaves
   * `status: 'read'`).
   */
  'message.status': {
    readonly message_id: string;
    /** Meta's id of the message; null when Meta refused the send and gave it none. */
    readonly wa_message_id: string | null;
    readonly status: MessageStatus;
    readonly event: MessageStatusEventName;
    /** When it happened: Meta's time for a status webhook, ours for `accepted` and refusals. */
    readonly occurred_at: string;
  };
  /** A contact's message arrived. */
  'message.inbound': {
    readonly message_id: string;
    readonly contact_id: string;
    readonly account_id: string;
    readonly phone_number_id: string;
    readonly wa_message_id: string;
    /** Meta's message type (`text`, `image`, `button`, `unsupported`, …). */
    readonly message_type: string;
    /** The message's preview text, cut by `livePreview`. */
    readonly preview: string;
    /** The id of its media file (downloaded in the background); null without media. */
    readonly media_id: string | null;
    readonly received_at: string;
  };
  /** Meta changed an account's quality, throughput or messaging limit. */
  'account.changed': {
    readonly account_id: string;
    /** Meta's event name, upper case (`FLAGGED`, `UPGRADE`, `THROUGHPUT_UPGRADE`, …). */
    readonly event: string;
    readonly quality_rating: string | null;
    readonly throughput_level: string | null;
    readonly messaging_limit: string | null;
  };
  /**
   * A template changed: Meta reviewed, paused, rated or recategorised it (webhooks), or a user
   * created, edited or deleted it.
   */
  'template.changed': {
    readonly template_id: string;
    readonly meta_template_id: string;
    readonly name: string;
    readonly language: string;
    /** The template's status afterwards, as Meta spells it (`APPROVED`, `REJECTED`, …; `DELETED`). */
    readonly status: string;
    /**
     * What happened, upper case: Meta's status event (`APPROVED`, `REJECTED`, `FLAGGED`, …),
     * `QUALITY_CHANGED`, `CATEGORY_CHANGE_ANNOUNCED`, `CATEGORY_CHANGED`, or ours: `CREATED`,
     * `EDITED`, `DELETED`.
     */
    readonly event: string;
    readonly reason: string | null;
    /** The category afterwards (`MARKETING`, `UTILITY`, `AUTHENTICATION`). */
    readonly category: string;
    /** Meta's quality score (`GREEN`, `YELLOW`, `RED`, `UNKNOWN`); null until Meta rates it. */
    readonly quality_rating: string | null;
  };
  /** A conversation's unread messages were marked read (by any user of the organization). */
  'conversation.read': {
    readonly contact_id: string;
    readonly read_at: string;
  };
  /** A contact's media file was downloaded from Meta and stored: it can be fetched now. */
  'media.stored': MediaOutcomeData & {
    readonly status: 'stored';
    readonly size_bytes: number | null;
  };
  /**
   * A campaign moved: its state changed, or its recipients' counts did (at most about twice a
   * second per campaign while it sends, and once more when a status or reply moves one).
   */
  'campaign.progress': {
    readonly campaign_id: string;
    readonly state: CampaignState;
    /** Why it is paused or stopped, in plain language; null otherwise. */
    readonly state_reason: string | null;
    /** Recipients per state, every state present (0 when none). */
    readonly counts: Readonly<Record<RecipientState, number>>;
  };
  /** A contact's media file could not be downloaded (after its retries, or at once). */
  'media.failed': MediaOutcomeData & {
    readonly status: 'failed';
    readonly size_bytes: null;
    /** Why, cut to `MEDIA_FAILED_REASON_LENGTH` by `shortenText`. */
    readonly reason: string;
  };
}

/** The `data` of one live event type. */
export type LiveEventData<T extends LiveEventType> = LiveEventDataMap[T];

/** One live event as a client receives it: the JSON of an SSE frame's `data:` line. */
export type LiveEventFrame<T extends LiveEventType = LiveEventType> = T extends LiveEventType
  ? {
      readonly type: T;
      readonly data: LiveEventDataMap[T];
      /** ISO 8601, when the backend published it. */
      readonly occurred_at: string;
    }
  : never;

/**
 * The stream's own event: sent first when a stream opens, and again when the server's feed came
 * back after a gap (events may have been missed: refetch).
 */
export interface ReadyFrame {
  readonly type: 'ready';
  readonly data: { readonly heartbeat_ms: number };
  readonly occurred_at: string;
}

/** The id field each event type carries, which a client needs to use it at all. */
export const LIVE_EVENT_KEY_FIELD: {
  readonly [T in LiveEventType]: keyof LiveEventDataMap[T] & string;
} = {
  'message.created': 'message_id',
  'message.status': 'message_id',
  'message.inbound': 'message_id',
  'account.changed': 'account_id',
  'template.changed': 'template_id',
  'conversation.read': 'contact_id',
  'media.stored': 'media_id',
  'media.failed': 'media_id',
  'campaign.progress': 'campaign_id',
};

export function isLiveEventType(value: unknown): value is LiveEventType {
  return (LIVE_EVENT_TYPES as readonly unknown[]).includes(value);
}

/**
 * Characters of a message's text that `message.created` and `message.inbound` carry, and that
 * the console's conversation list shows. 100: a list row shows one line, at most about 60
 * characters at the widest layout, so 100 fill it with room to spare whichever way it was sent,
 * and the whole text is one API call away. 200 (what inbound events once carried) showed nothing
 * more and doubled the event's size against PostgreSQL's 8,000-byte NOTIFY limit.
 */
export const LIVE_PREVIEW_LENGTH = 100;

/** A message's preview text as live events carry it and lists show it (see `shortenText`). */
export function livePreview(text: string): string {
  return shortenText(text, LIVE_PREVIEW_LENGTH);
}

/** Characters of a download error that `media.failed` carries (the API has the whole text). */
export const MEDIA_FAILED_REASON_LENGTH = 200;
