import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '../database/database.module.js';

/**
 * How long /api/health waits for the database. Load balancers and orchestrators give a health
 * check about a second; answering "down" within it beats being killed for not answering.
 */
export const DATABASE_PROBE_TIMEOUT_MS = 750;

export class DatabaseTimeoutError extends Error {
  override name = 'DatabaseTimeoutError';
  constructor(timeoutMs: number) {
    super(`The database did not answer within ${timeoutMs} ms`);
  }
}

/**
 * `SELECT 1` with a deadline, whatever the database does (frozen, partitioned, pool exhausted).
 * A connection whose query hangs is closed rather than given back to the pool, where it would
 * hang the next query too; and probes never pile up: while one is under way, the next health
 * checks wait for that one instead of taking more connections.
 */
@Injectable()
export class DatabaseProbe {
  private inFlight: Promise<void> | undefined;
  private readonly timeoutMs: number = DATABASE_PROBE_TIMEOUT_MS;

  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  /** The database's answer time in ms; throws DatabaseTimeoutError, or the database's error. */
  async ping(): Promise<number> {
    const started = performance.now();
    this.inFlight ??= this.selectOne().finally(() => {
      this.inFlight = undefined;
    });
    // Waiting for a connection counts too: the pool's own limit on that is longer (database.ts).
    await withDeadline(this.inFlight, this.timeoutMs);
    return Math.round(performance.now() - started);
  }

  private async selectOne(): Promise<void> {
    const client = await this.pool.connect();
    const query = client.query('SELECT 1');
    try {
      await withDeadline(query, this.timeoutMs);
      client.release();
    } catch (error) {
      // Closing the connection fails the hung query ("Connection terminated"): nobody awaits it.
      query.catch(() => undefined);
      // With an error, the pool closes the client instead of keeping it.
      client.release(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }
}

function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseTimeoutError(timeoutMs)), timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
