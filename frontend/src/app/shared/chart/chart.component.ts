import { ChangeDetectionStrategy, Component, InjectionToken, inject, input } from '@angular/core';
import type { EChartsInitOpts } from 'echarts/core';
import { NGX_ECHARTS_CONFIG, NgxEchartsDirective } from 'ngx-echarts';
import type { ChartOption } from './chart-option';

/** What `ECHARTS_LOADER` resolves to: an ECharts module with its `init`. */
export type EchartsModule = Pick<typeof import('./echarts-setup'), 'init'>;

/**
 * Loads ECharts on the first chart shown, as its own chunk (so pages with charts stay light and
 * the initial bundle never holds it). Specs provide a fake.
 */
export const ECHARTS_LOADER = new InjectionToken<() => Promise<EchartsModule>>('ECHARTS_LOADER', {
  providedIn: 'root',
  factory: () => () => import('./echarts-setup'),
});

/**
 * A chart drawn by ECharts (SVG renderer) from `options`, with `label` as its text alternative:
 * the host is an image for assistive technology, so `label` must say what the chart shows (pair
 * it with a visually hidden table for the figures). Pass colours that follow the theme: a new
 * `options` object redraws the chart.
 *
 * Without `ResizeObserver` (jsdom in unit tests) the chart is not drawn; the host keeps its
 * size and label.
 */
@Component({
  selector: 'app-chart',
  imports: [NgxEchartsDirective],
  templateUrl: './chart.component.html',
  styleUrl: './chart.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [
    {
      provide: NGX_ECHARTS_CONFIG,
      useFactory: () => ({ echarts: inject(ECHARTS_LOADER) }),
    },
  ],
  host: {
    role: 'img',
    '[attr.aria-label]': 'label()',
    '[style.height.px]': 'height()',
  },
})
export class ChartComponent {
  readonly options = input.required<ChartOption>();
  /** What the chart shows, in a sentence or two. */
  readonly label = input.required<string>();
  readonly height = input(300);

  protected readonly supported = typeof ResizeObserver !== 'undefined';
  protected readonly initOpts: EChartsInitOpts = { renderer: 'svg' };
}
