/** Rows (or files) one pruning batch removes at most: short transactions that never hold up intake. */
export const PRUNE_BATCH = 500;
/** How often the retention tasks look for what has aged out. */
export const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Runs `batch` until it removes fewer than PRUNE_BATCH, yielding to other work between
 * batches (each batch is its own transaction). Resolves with how many were removed in all.
 */
export async function pruneInBatches(batch: () => Promise<number>): Promise<number> {
  let removed = 0;
  for (;;) {
    const count = await batch();
    removed += count;
    if (count < PRUNE_BATCH) return removed;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The instant before which things aged `days` days are pruned. */
export function retentionCutoff(days: number, now = new Date()): Date {
  return new Date(now.getTime() - days * 86_400_000);
}
