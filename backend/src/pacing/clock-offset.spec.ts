import fc from 'fast-check';
import { ClockOffset } from './clock-offset.js';

describe('ClockOffset', () => {
  it('maps database times to local ones through the offset of the quickest round trip', () => {
    const clock = new ClockOffset();
    // The database runs 500 ms ahead. A quick round trip (2 ms) read its clock mid-way; a slow
    // one (80 ms: its answer waited in a busy event loop) read it early on.
    clock.add(1_000, 1_002, 1_501);
    clock.add(2_000, 2_080, 2_505);
    expect(clock.offsetMs).toBe(500);
    expect(clock.toLocal(10_500)).toBe(10_000);
  });

  it('is 0 before any round trip', () => {
    expect(new ClockOffset().toLocal(1_234)).toBe(1_234);
  });

  it('forgets round trips older than its window, however quick', () => {
    const clock = new ClockOffset(60_000);
    clock.add(0, 1, 100.5);
    clock.add(70_000, 70_010, 70_205);
    expect(clock.offsetMs).toBe(200);
  });

  it('is off by at most half the quickest round trip, however late the answers arrive', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000, max: 10_000 }),
        fc.array(
          fc.record({
            toDb: fc.integer({ min: 0, max: 100 }),
            back: fc.integer({ min: 0, max: 100 }),
          }),
          { minLength: 1, maxLength: 50 },
        ),
        (trueOffset, trips) => {
          const clock = new ClockOffset();
          let now = 1_000_000;
          for (const { toDb, back } of trips) {
            clock.add(now, now + toDb + back, now + toDb + trueOffset);
            now += toDb + back + 10;
          }
          const quickest = Math.min(...trips.map((t) => t.toDb + t.back));
          expect(Math.abs(clock.offsetMs - trueOffset)).toBeLessThanOrEqual(quickest / 2);
        },
      ),
    );
  });
});
