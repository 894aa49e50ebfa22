import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { type Database } from '../../database/database.js';
import { DATABASE } from '../../database/database.module.js';
import { PeriodicTask } from '../../common/maintenance/periodic-task.js';
import { STATS_KEY_COLUMNS } from './stats.schema.js';

/** How often the deltas are folded into the kept counts. Readers add what is left, so any
 * interval is correct; a short one keeps the deltas (read on every dashboard load) few. */
const COMPACT_INTERVAL_MS = 5_000;
/** Deltas folded per transaction: a backlog after a burst is folded in several short ones. */
const COMPACT_BATCH = 50_000;

/**
 * Folds `message_stats_changes` into `message_stats`. One instance at a time (an advisory
 * lock), each batch in one transaction: a delta is either still a delta or already in its
 * count, never both or neither, so a dashboard's snapshot sums to the same figure either way.
 */
@Injectable()
export class StatsCompactor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StatsCompactor.name);
  private readonly task = new PeriodicTask(this.logger, 'Stats compaction', () => this.foldAll());

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  onApplicationBootstrap(): void {
    this.task.start(COMPACT_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Folds every delta there is; resolves with how many. A call during a run joins it. */
  compact(): Promise<number> {
    return this.task.run();
  }

  private async foldAll(): Promise<number> {
    let folded = 0;
    for (;;) {
      const batch = await this.foldBatch();
      folded += batch;
      if (batch < COMPACT_BATCH) return folded;
    }
  }

  private foldBatch(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const locked = await tx.execute<{ locked: boolean }>(
        sql`SELECT pg_try_advisory_xact_lock(hashtext('message_stats_compaction')) AS locked`,
      );
      // Another instance is folding: its run covers these deltas too.
      if (!locked.rows[0]?.locked) return 0;
      const result = await tx.execute<{ folded: number }>(sql`
        WITH moved AS (
          DELETE FROM message_stats_changes
          WHERE id IN (SELECT id FROM message_stats_changes ORDER BY id LIMIT ${COMPACT_BATCH})
          RETURNING ${STATS_KEY_COLUMNS}, delta
        ),
        summed AS (
          SELECT ${STATS_KEY_COLUMNS}, sum(delta) AS delta, count(*) AS deltas
          FROM moved
          GROUP BY ${STATS_KEY_COLUMNS}
        ),
        upserted AS (
          INSERT INTO message_stats (${STATS_KEY_COLUMNS}, count)
          SELECT ${STATS_KEY_COLUMNS}, delta FROM summed WHERE delta <> 0
          ORDER BY ${STATS_KEY_COLUMNS}
          ON CONFLICT ON CONSTRAINT message_stats_key
            DO UPDATE SET count = message_stats.count + excluded.count
        )
        SELECT coalesce(sum(deltas), 0)::int AS folded FROM summed`);
      // Keys whose messages all moved on (a status changed, a contact was erased) count nothing.
      await tx.execute(sql`DELETE FROM message_stats WHERE count = 0`);
      return result.rows[0]?.folded ?? 0;
    });
  }
}
