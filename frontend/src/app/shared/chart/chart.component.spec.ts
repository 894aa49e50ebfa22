import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { ChartOption } from './chart-option';
import { ChartComponent, ECHARTS_LOADER, type EchartsModule } from './chart.component';

@Component({
  imports: [ChartComponent],
  template: '<app-chart [options]="options()" label="Sales per day: 3, 5 and 8." [height]="240" />',
})
class HostComponent {
  readonly options = signal<ChartOption>({ series: [{ type: 'bar', data: [3, 5, 8] }] });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ChartComponent', () => {
  afterEach(() => vi.unstubAllGlobals());

  function setUp(loader: () => Promise<EchartsModule>) {
    TestBed.configureTestingModule({ providers: [{ provide: ECHARTS_LOADER, useValue: loader }] });
    const fixture = TestBed.createComponent(HostComponent);
    fixture.detectChanges();
    return { fixture, host: (fixture.nativeElement as HTMLElement).querySelector('app-chart') };
  }

  it('is an image labelled with its summary, and draws nothing without ResizeObserver (jsdom)', async () => {
    vi.stubGlobal('ResizeObserver', undefined);
    const loader = vi.fn<() => Promise<EchartsModule>>();
    const { host } = setUp(loader);
    await settle();

    expect(host?.getAttribute('role')).toBe('img');
    expect(host?.getAttribute('aria-label')).toBe('Sales per day: 3, 5 and 8.');
    expect((host as HTMLElement).style.height).toBe('240px');
    expect(host?.querySelector('[echarts]')).toBeNull();
    expect(loader).not.toHaveBeenCalled();
  });

  it('loads ECharts lazily, draws with the SVG renderer and redraws when the options change', async () => {
    vi.stubGlobal(
      'ResizeObserver',
      class {
        observe(): void {}
        unobserve(): void {}
        disconnect(): void {}
      },
    );
    const chart = {
      setOption: vi.fn(),
      dispose: vi.fn(),
      isDisposed: () => false,
      resize: vi.fn(),
      on: vi.fn(),
      off: vi.fn(),
    };
    const init = vi.fn(() => chart);
    const { fixture } = setUp(() => Promise.resolve({ init } as unknown as EchartsModule));
    await settle();
    await settle();

    expect(init).toHaveBeenCalledWith(expect.any(HTMLElement), undefined, { renderer: 'svg' });
    expect(chart.setOption).toHaveBeenLastCalledWith(
      { series: [{ type: 'bar', data: [3, 5, 8] }] },
      true,
    );

    const next: ChartOption = { series: [{ type: 'bar', data: [1] }] };
    fixture.componentInstance.options.set(next);
    fixture.detectChanges();
    await settle();
    expect(chart.setOption).toHaveBeenLastCalledWith(next, true);
    expect(init).toHaveBeenCalledTimes(1);

    fixture.destroy();
    expect(chart.dispose).toHaveBeenCalled();
  });
});
