import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { type Database } from '../database/database.js';
import { DATABASE } from '../database/database.module.js';
import { ClockOffset } from './clock-offset.js';

/** A limit to pace by: a key shared by every instance and its messages per second. */
export interface PaceLimit {
  readonly key: string;
  readonly perSecond: number;
}

/** Slots taken: the first may go at `firstAt` (local epoch ms), each next one `spacingMs` later. */
export interface SendSlots {
  readonly firstAt: number;
  readonly spacingMs: number;
  readonly count: number;
}

/** PostgreSQL's answer to taking slots: the first slot and its clock, in epoch ms (numeric). */
interface SlotsRow extends Record<string, unknown> {
  readonly first_ms: string;
  readonly now_ms: string;
}

/** Meta's throughput per phone number: 80 messages/s, 1,000 once Meta raised it (HIGH). */
export function numberThroughput(throughputLevel: string | null): number {
  return throughputLevel?.toUpperCase() === 'HIGH' ? 1_000 : 80;
}

/**
 * Slots are spaced a little wider than the limit (4%), so the jitter between taking a slot and
 * Meta receiving the send (event-loop lag, the network) never puts more than the limit into one
 * second at Meta's end: at 0.98 a loaded 2-core machine showed 83 in a second at 80/s. At 80/s
 * 4% leaves about 40 ms of jitter; 5% cost the rate its target (94.6% of 80/s achieved).
 */
const SAFETY = 0.96;

export function numberLimit(phoneNumberId: string, throughputLevel: string | null): PaceLimit {
  return { key: `number:${phoneNumberId}`, perSecond: numberThroughput(throughputLevel) };
}

export function campaignLimit(campaignId: string, perSecond: number): PaceLimit {
  return { key: `campaign:${campaignId}`, perSecond };
}

/**
 * Pacing enforced in PostgreSQL, shared by every instance: each key keeps the earliest time its
 * next message may go, and taking slots moves it on by one interval per message (a generic cell
 * rate: no bursts, so no one-second window ever holds more than the rate). A campaign with its
 * own cap takes from both its key and its number's.
 */
@Injectable()
export class PacingService {
  /** Slots are read on the database's clock and kept on ours through this (see ClockOffset). */
  private readonly clock = new ClockOffset();

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Takes `count` consecutive slots under the number's limit and, if given, the campaign's. */
  async take(number: PaceLimit, campaign: PaceLimit | null, count: number): Promise<SendSlots> {
    const numberMs = 1000 / (number.perSecond * SAFETY);
    const sentAt = Date.now();
    if (!campaign || campaign.perSecond * SAFETY >= number.perSecond * SAFETY) {
      const span = numberMs * count;
      const result = await this.db.execute<SlotsRow>(sql`
        INSERT INTO send_pacing AS s (key, next_at)
        VALUES (${number.key}, clock_timestamp() + ${span} * interval '1 millisecond')
        ON CONFLICT (key) DO UPDATE
          SET next_at = GREATEST(s.next_at, clock_timestamp()) + ${span} * interval '1 millisecond'
        RETURNING EXTRACT(EPOCH FROM s.next_at) * 1000 - ${span} AS first_ms,
          EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS now_ms`);
      return this.slots(sentAt, result.rows[0]!, numberMs, count);
    }
    const campaignMs = 1000 / (campaign.perSecond * SAFETY);
    // The number's slot is taken at the campaign's start or later; the campaign's key moves on
    // by its own (wider) interval, the number's by the sends' spread plus its own interval.
    const campaignSpan = campaignMs * count;
    const numberSpan = campaignMs * (count - 1) + numberMs;
    const result = await this.db.execute<SlotsRow>(sql`
      WITH c AS (
        INSERT INTO send_pacing AS s (key, next_at)
        VALUES (${campaign.key}, clock_timestamp() + ${campaignSpan} * interval '1 millisecond')
        ON CONFLICT (key) DO UPDATE
          SET next_at = GREATEST(s.next_at, clock_timestamp()) + ${campaignSpan} * interval '1 millisecond'
        RETURNING s.next_at - ${campaignSpan} * interval '1 millisecond' AS start_at
      )
      INSERT INTO send_pacing AS s (key, next_at)
      SELECT ${number.key}, c.start_at + ${numberSpan} * interval '1 millisecond' FROM c
      ON CONFLICT (key) DO UPDATE
        SET next_at = GREATEST(s.next_at, clock_timestamp(), (SELECT start_at FROM c))
          + ${numberSpan} * interval '1 millisecond'
      RETURNING EXTRACT(EPOCH FROM s.next_at) * 1000 - ${numberSpan} AS first_ms,
        EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS now_ms`);
    return this.slots(sentAt, result.rows[0]!, campaignMs, count);
  }

  private slots(sentAt: number, row: SlotsRow, spacingMs: number, count: number): SendSlots {
    this.clock.add(sentAt, Date.now(), Number(row.now_ms));
    return { firstAt: this.clock.toLocal(Number(row.first_ms)), spacingMs, count };
  }

  /** Meta said slow down (130429): nobody sends on this key for `ms`. */
  async holdOff(limit: PaceLimit, ms: number): Promise<void> {
    await this.db.execute(sql`
      INSERT INTO send_pacing AS s (key, next_at)
      VALUES (${limit.key}, clock_timestamp() + ${ms} * interval '1 millisecond')
      ON CONFLICT (key) DO UPDATE
        SET next_at = GREATEST(s.next_at, clock_timestamp() + ${ms} * interval '1 millisecond')`);
  }

  /** Forgets a key (a finished campaign's). */
  async forget(key: string): Promise<void> {
    await this.db.execute(sql`DELETE FROM send_pacing WHERE key = ${key}`);
  }
}
