import { chartPalette } from '../../shared/chart/chart-palette';
import { type ChartContext, DAILY_SERIES, buildDailyChart } from './stats-charts';
import { aStats } from './stats-fixtures';

const light: ChartContext = { palette: chartPalette('light'), locale: 'en', animate: true };
const dark: ChartContext = { palette: chartPalette('dark'), locale: 'en', animate: false };

interface Series {
  name: string;
  stack: string;
  data: number[];
  itemStyle: { color: string };
}

describe('stats charts', () => {
  it('stacks each day’s outbound messages by current status, with inbound beside them', () => {
    const options = buildDailyChart(aStats(), light);
    expect((options['xAxis'] as { data: string[] }).data).toEqual(['Nov 22', 'Nov 23', 'Nov 24']);
    const series = (options['series'] as Series[]).map(({ name, stack, data, itemStyle }) => ({
      name,
      stack,
      data,
      color: itemStyle.color,
    }));
    expect(series).toEqual([
      { name: DAILY_SERIES.read, stack: 'outbound', data: [15, 10, 20], color: '#9333ea' },
      { name: DAILY_SERIES.delivered, stack: 'outbound', data: [13, 12, 15], color: '#16a34a' },
      { name: DAILY_SERIES.sent, stack: 'outbound', data: [2, 3, 5], color: '#2563eb' },
      { name: DAILY_SERIES.failed, stack: 'outbound', data: [1, 0, 2], color: '#ba1a1a' },
      { name: DAILY_SERIES.inbound, stack: 'inbound', data: [12, 10, 15], color: '#006b5f' },
    ]);
    // Every outbound message that left the queue counts once: 95 accepted + 3 failed.
    const outbound = series
      .filter((s) => s.stack === 'outbound')
      .flatMap((s) => s.data)
      .reduce((a, b) => a + b, 0);
    expect(outbound).toBe(98);
    expect((options['legend'] as { data: string[] }).data).toEqual(Object.values(DAILY_SERIES));
  });

  it('follows the theme', () => {
    const lightOptions = buildDailyChart(aStats(), light);
    const darkOptions = buildDailyChart(aStats(), dark);
    expect(lightOptions['animation']).toBe(true);
    expect(darkOptions['animation']).toBe(false);
    expect((darkOptions['series'] as Series[]).map((s) => s.itemStyle.color)).toEqual([
      '#c084fc',
      '#4ade80',
      '#60a5fa',
      '#ffb4ab',
      '#72d8c8',
    ]);
    expect((darkOptions['legend'] as { textStyle: { color: string } }).textStyle.color).toBe(
      chartPalette('dark').text,
    );
    expect((darkOptions['tooltip'] as { backgroundColor: string }).backgroundColor).not.toBe(
      (lightOptions['tooltip'] as { backgroundColor: string }).backgroundColor,
    );
  });
});
