/** One round trip to the database: when it left, when it came back, the database's time. */
interface Sample {
  readonly roundTripMs: number;
  readonly offsetMs: number;
  readonly at: number;
}

/**
 * PostgreSQL's clock as seen from this process. Slots are times on the database's clock; turned
 * into local times as "the answer's arrival + the wait", a slot is late by however long the
 * answer took to reach us (a busy event loop, a slow connection), and nothing notices: its sends
 * then crowd the next group's. As NTP does, the offset is read from the quickest recent round
 * trip, whose midpoint is closest to the moment the database read its clock.
 */
export class ClockOffset {
  private readonly samples: Sample[] = [];

  constructor(
    /** Samples older than this are dropped (clocks drift). */
    private readonly maxAgeMs = 60_000,
    private readonly maxSamples = 64,
  ) {}

  /** Records a round trip: sent at `sentAt`, answered at `receivedAt` (local ms), `remoteMs`. */
  add(sentAt: number, receivedAt: number, remoteMs: number): void {
    const roundTripMs = receivedAt - sentAt;
    this.samples.push({
      roundTripMs,
      offsetMs: remoteMs - (sentAt + roundTripMs / 2),
      at: receivedAt,
    });
    while (
      this.samples.length > this.maxSamples ||
      receivedAt - this.samples[0]!.at > this.maxAgeMs
    )
      this.samples.shift();
  }

  /** The database's time minus ours (0 before the first sample). */
  get offsetMs(): number {
    let best: Sample | undefined;
    for (const sample of this.samples)
      if (!best || sample.roundTripMs < best.roundTripMs) best = sample;
    return best?.offsetMs ?? 0;
  }

  /** A time on the database's clock, as a local time. */
  toLocal(remoteMs: number): number {
    return remoteMs - this.offsetMs;
  }
}
