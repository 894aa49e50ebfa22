import { type LiveEventType } from '@convis/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { type Database, type Executor } from '../database/database.js';
import { DATABASE } from '../database/database.module.js';
import { type LiveEvent } from './events.types.js';
import { serializeLiveEvent } from './live-event-payload.js';

/** The PostgreSQL channel every backend instance LISTENs on. */
export const EVENTS_CHANNEL = 'convis_events';
/** NOTIFY payloads are limited to 8000 bytes; events carry ids, not documents. */
const MAX_PAYLOAD_BYTES = 7900;

/**
 * Publishes live events through PostgreSQL NOTIFY, so every instance (and its SSE clients)
 * receives them. Called inside a transaction, the event is delivered only if it commits.
 */
@Injectable()
export class EventsService {
  private readonly logger = new Logger(EventsService.name);

  /** Payloads held back by {@link publishTogether}, per transaction. */
  private readonly held = new WeakMap<Executor, string[]>();

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Publishes `event`, whose `data` the compiler checks against its type's payload
   * (`LiveEventDataMap` in @convis/contracts, which the console reads too).
   */
  async publish<T extends LiveEventType>(
    event: LiveEvent<T>,
    executor: Executor = this.db,
  ): Promise<void> {
    const payload = serializeLiveEvent(event, new Date());
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
      this.logger.warn({ type: event.type }, 'Live event too large for NOTIFY: dropped');
      return;
    }
    const held = this.held.get(executor);
    if (held) held.push(payload);
    else await executor.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${payload})`);
  }

  /**
   * Runs `work` in the transaction `tx`, holding back the events it publishes there, then
   * sends them all with one statement, in order. A batch of webhooks makes one round trip for
   * its events instead of one per event; delivery still waits for the commit.
   */
  async publishTogether<T>(tx: Executor, work: () => Promise<T>): Promise<T> {
    const held: string[] = [];
    this.held.set(tx, held);
    try {
      const result = await work();
      if (held.length > 0) {
        await tx.execute(
          sql`SELECT pg_notify(${EVENTS_CHANNEL}, payload) FROM json_array_elements_text(${JSON.stringify(held)}::json) WITH ORDINALITY AS t(payload, n) ORDER BY n`,
        );
      }
      return result;
    } finally {
      this.held.delete(tx);
    }
  }
}
