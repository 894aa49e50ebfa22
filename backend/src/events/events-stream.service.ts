import { Injectable, type MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';
import { EventsListener, type FeedSignal } from './events-listener.service.js';
import { EventsSettings } from './events.settings.js';
import { type LiveEventMessage } from './events.types.js';

/** The heartbeat, an SSE comment (`: ping`): clients ignore it, proxies see traffic. */
const HEARTBEAT: MessageEvent = { comment: 'ping' };

/**
 * Builds the Server-Sent Events stream of one organization: `ready` first (with `retry:`), then
 * that organization's live events as they arrive on this instance, a heartbeat comment in between.
 * It completes after `maxStreamMs` (the client reconnects and is authenticated again) or when the
 * app shuts down; everything is released when it completes or the client disconnects.
 */
@Injectable()
export class EventsStreamService {
  constructor(
    private readonly listener: EventsListener,
    private readonly settings: EventsSettings,
  ) {}

  open(organizationId: string): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      const { heartbeatMs, clientRetryMs, maxStreamMs } = this.settings;
      // Per connection and monotonic: events are hints, so there is no replay from an older id.
      let lastId = 0;
      const frame = (message: LiveEventMessage): MessageEvent => ({
        id: String(++lastId),
        type: message.type,
        data: message,
      });
      const ready = (): MessageEvent =>
        frame({
          type: 'ready',
          data: { heartbeat_ms: heartbeatMs },
          occurred_at: new Date().toISOString(),
        });
      const toFrame = (signal: FeedSignal): MessageEvent => {
        switch (signal.kind) {
          case 'event':
            return frame({
              type: signal.event.type,
              data: signal.event.data,
              occurred_at: signal.event.occurredAt,
            });
          case 'resync':
            return ready();
        }
      };

      // Subscribed before `ready` is sent: a client that saw `ready` misses nothing after it.
      const feed = this.listener.feed(organizationId).subscribe({
        next: (signal) => subscriber.next(toFrame(signal)),
        complete: () => subscriber.complete(),
      });
      subscriber.next({ ...ready(), retry: clientRetryMs });
      const heartbeat = setInterval(() => subscriber.next(HEARTBEAT), heartbeatMs);
      // Up to 10% early, so clients that connected together (after a deploy) spread out.
      const expiry = setTimeout(
        () => subscriber.complete(),
        maxStreamMs * (1 - Math.random() / 10),
      );
      return () => {
        clearInterval(heartbeat);
        clearTimeout(expiry);
        feed.unsubscribe();
      };
    });
  }
}
