import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { PeriodicTask } from '../common/maintenance/periodic-task.js';
import {
  PRUNE_BATCH,
  PRUNE_INTERVAL_MS,
  pruneInBatches,
  retentionCutoff,
} from '../common/maintenance/pruning.js';
import { MediaFilesRepository } from './media-files.repository.js';
import { MEDIA_STORE, type MediaStore } from './media-store.js';

/**
 * Removes downloaded media files after MEDIA_RETENTION_DAYS, hourly, in batches: each file is
 * marked `expired` first (committed), then deleted from the store, so a crash between the two
 * leaves an unreferenced file, never a reference to a missing one. The message stays; the
 * console says the file was removed.
 */
@Injectable()
export class MediaRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MediaRetention.name);
  private readonly task = new PeriodicTask(this.logger, 'Media pruning', () => this.pruneNow());

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly files: MediaFilesRepository,
    @Inject(MEDIA_STORE) private readonly store: MediaStore,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.retention.mediaDays > 0) this.task.start(PRUNE_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Prunes what has aged out now; resolves with how many files went. */
  prune(): Promise<number> {
    return this.task.run();
  }

  private async pruneNow(): Promise<number> {
    const days = this.config.retention.mediaDays;
    if (days === 0) return 0;
    const cutoff = retentionCutoff(days);
    const removed = await pruneInBatches(async () => {
      const keys = await this.files.expireStoredBefore(cutoff, PRUNE_BATCH);
      for (const key of keys) if (key) await this.store.delete(key);
      return keys.length;
    });
    if (removed > 0)
      this.logger.log({ removed, stored_before: cutoff.toISOString() }, 'Old media files removed');
    return removed;
  }
}
