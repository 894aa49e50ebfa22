import type { StatsResponseDto } from '../../core/api/models/stats-response-dto';
import type { ChartOption } from '../../shared/chart/chart-option';
import type { ChartPalette } from '../../shared/chart/chart-palette';
import { formatShortDay } from './stats-view';

/** What the chart options depend on besides the figures. */
export interface ChartContext {
  readonly palette: ChartPalette;
  readonly locale: string;
  /** False when the user prefers reduced motion. */
  readonly animate: boolean;
}

/** The names of the daily chart's series, in legend order. */
export const DAILY_SERIES = {
  sent: 'Sent, not delivered yet',
  delivered: 'Delivered, not read',
  read: 'Read',
  failed: 'Failed',
  inbound: 'Inbound',
} as const;

function common(context: ChartContext): ChartOption {
  const { palette } = context;
  return {
    animation: context.animate,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: 'Roboto, sans-serif', color: palette.text },
    tooltip: {
      backgroundColor: palette.tooltipBackground,
      borderWidth: 0,
      textStyle: { color: palette.tooltipText },
      confine: true,
    },
  };
}

function axisStyle(palette: ChartPalette) {
  return {
    axisLine: { lineStyle: { color: palette.gridLine } },
    axisTick: { show: false },
    axisLabel: { color: palette.mutedText },
    splitLine: { lineStyle: { color: palette.gridLine, type: 'dashed' as const } },
  };
}

/**
 * Messages per day: one stacked bar of the outbound messages created that day, split by their
 * current status (each message counts once, in the colour its status chip has), and one bar of
 * inbound messages beside it. The API's `per_day` counts are a funnel (sent ≥ delivered ≥ read),
 * so the stacked parts are their differences.
 */
export function buildDailyChart(stats: StatsResponseDto, context: ChartContext): ChartOption {
  const { palette } = context;
  const days = stats.per_day;
  const bar = (name: string, color: string, stack: string, data: number[]) => ({
    type: 'bar' as const,
    name,
    stack,
    data,
    itemStyle: { color },
    barMaxWidth: 28,
    emphasis: { focus: 'series' as const },
  });
  const axis = axisStyle(palette);
  return {
    ...common(context),
    tooltip: { ...common(context).tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: {
      data: [
        DAILY_SERIES.sent,
        DAILY_SERIES.delivered,
        DAILY_SERIES.read,
        DAILY_SERIES.failed,
        DAILY_SERIES.inbound,
      ],
      // One line, scrolled with arrows when it does not fit (narrow screens).
      type: 'scroll',
      top: 0,
      icon: 'roundRect',
      pageTextStyle: { color: palette.mutedText },
      pageIconColor: palette.text,
      pageIconInactiveColor: palette.gridLine,
      textStyle: { color: palette.text },
    },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: days.map((day) => formatShortDay(day.date, context.locale)),
      ...axis,
      splitLine: { show: false },
    },
    yAxis: { type: 'value', minInterval: 1, ...axis, axisLine: { show: false } },
    series: [
      // Bottom to top: read, delivered, sent, failed.
      bar(
        DAILY_SERIES.read,
        palette.read,
        'outbound',
        days.map((day) => day.read),
      ),
      bar(
        DAILY_SERIES.delivered,
        palette.delivered,
        'outbound',
        days.map((day) => day.delivered - day.read),
      ),
      bar(
        DAILY_SERIES.sent,
        palette.sent,
        'outbound',
        days.map((day) => day.sent - day.delivered),
      ),
      bar(
        DAILY_SERIES.failed,
        palette.failed,
        'outbound',
        days.map((day) => day.failed),
      ),
      bar(
        DAILY_SERIES.inbound,
        palette.inbound,
        'inbound',
        days.map((day) => day.inbound),
      ),
    ],
  };
}
