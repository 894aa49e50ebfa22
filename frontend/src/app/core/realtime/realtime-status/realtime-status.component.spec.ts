import { LiveAnnouncer } from '@angular/cdk/a11y';
import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MatTooltipHarness } from '@angular/material/tooltip/testing';
import { FakeRealtimeService, provideFakeRealtime } from '../../../../testing/fake-realtime';
import { provideTestApp } from '../../../../testing/test-providers';
import { OUTAGE_ANNOUNCE_DELAY_MS, RealtimeStatusComponent } from './realtime-status.component';

describe('RealtimeStatusComponent', () => {
  let fixture: ComponentFixture<RealtimeStatusComponent>;
  let loader: HarnessLoader;
  let realtime: FakeRealtimeService;
  let announce: ReturnType<typeof vi.fn>;

  const status = () =>
    (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>(
      '[data-testid="realtime-status"]',
    );

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [...provideTestApp(), provideFakeRealtime()] });
    realtime = TestBed.inject(FakeRealtimeService);
    announce = vi.fn(() => Promise.resolve());
    TestBed.inject(LiveAnnouncer).announce = announce as unknown as LiveAnnouncer['announce'];
    fixture = TestBed.createComponent(RealtimeStatusComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
  });

  afterEach(() => vi.useRealTimers());

  it('says live updates are connected', async () => {
    expect(status()?.textContent?.trim()).toBe('Live');
    expect(status()?.getAttribute('aria-label')).toBe('Live updates connected');
    expect(status()?.getAttribute('tabindex')).toBe('0');
    const tooltip = await loader.getHarness(MatTooltipHarness);
    await tooltip.show();
    expect(await tooltip.getTooltipText()).toBe('Live updates connected');
  });

  it('shows each state', () => {
    const seen: string[] = [];
    for (const state of ['connecting', 'reconnecting', 'offline'] as const) {
      realtime.setConnection(state);
      fixture.detectChanges();
      const icon = status()?.querySelector('mat-icon')?.textContent?.trim();
      const label = status()?.querySelector('.label')?.textContent?.trim();
      seen.push(`${icon} ${label} | ${status()?.getAttribute('aria-label')}`);
    }
    expect(seen).toEqual([
      'sync Connecting… | Connecting to live updates…',
      'sync Reconnecting… | Reconnecting… Pages catch up when live updates are back.',
      'cloud_off Offline | Live updates are offline. They resume when the network is back.',
    ]);
  });

  it('announces an interruption only when it lasts, and then the recovery', () => {
    vi.useFakeTimers();
    // A short renewal of the stream: nothing to announce.
    realtime.setConnection('reconnecting');
    fixture.detectChanges();
    vi.advanceTimersByTime(3000);
    realtime.setConnection('live');
    fixture.detectChanges();
    vi.advanceTimersByTime(OUTAGE_ANNOUNCE_DELAY_MS);
    expect(announce).not.toHaveBeenCalled();

    realtime.setConnection('reconnecting');
    fixture.detectChanges();
    vi.advanceTimersByTime(OUTAGE_ANNOUNCE_DELAY_MS);
    expect(announce).toHaveBeenCalledExactlyOnceWith('Live updates interrupted. Reconnecting…');

    realtime.setConnection('live');
    fixture.detectChanges();
    expect(announce).toHaveBeenLastCalledWith('Live updates connected again');
    expect(announce).toHaveBeenCalledTimes(2);
  });
});
