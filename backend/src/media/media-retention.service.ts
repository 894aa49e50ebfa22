import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { PRUNE_BATCH } from '../common/maintenance/pruning.js';
import { RetentionTask } from '../common/maintenance/retention-task.js';
import { MediaFilesRepository } from './media-files.repository.js';
import { MEDIA_STORE, type MediaStore } from './media-store.js';

/**
 * Removes downloaded media files after MEDIA_RETENTION_DAYS: each file is marked `expired`
 * first (committed), then deleted from the store, so a crash between the two leaves an
 * unreferenced file, never a reference to a missing one. The message stays; the console says
 * the file was removed.
 */
@Injectable()
export class MediaRetention extends RetentionTask {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly files: MediaFilesRepository,
    @Inject(MEDIA_STORE) private readonly store: MediaStore,
  ) {
    super(new Logger(MediaRetention.name), 'Media pruning');
  }

  protected retentionDays(): number {
    return this.config.retention.mediaDays;
  }

  protected async pruneBatch(cutoff: Date): Promise<number> {
    const keys = await this.files.expireStoredBefore(cutoff, PRUNE_BATCH);
    for (const key of keys) if (key) await this.store.delete(key);
    return keys.length;
  }

  protected logPruned(removed: number, cutoff: Date): void {
    this.logger.log({ removed, stored_before: cutoff.toISOString() }, 'Old media files removed');
  }
}
