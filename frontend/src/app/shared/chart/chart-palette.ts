import type { Theme } from '../../core/theme/theme.service';

/**
 * Colours for charts, per theme. ECharts draws with plain colour values, not CSS variables, so
 * the `--mat-sys-*` roles the charts need are repeated here from the theme's palettes
 * (`styles/_theme-colors.scss`), and the status colours are those of `app-status-chip` (sent
 * blue, delivered green, read purple, failed red, received teal) in tones that read as bars on
 * either surface.
 */
export interface ChartPalette {
  /** `on-surface`: legend and labels. */
  readonly text: string;
  /** `on-surface-variant`: axis labels. */
  readonly mutedText: string;
  /** `outline-variant`: grid lines and axes. */
  readonly gridLine: string;
  /** `inverse-surface` / `inverse-on-surface`: tooltips, as Material's own. */
  readonly tooltipBackground: string;
  readonly tooltipText: string;
  readonly sent: string;
  readonly delivered: string;
  readonly read: string;
  readonly failed: string;
  readonly inbound: string;
}

const PALETTES: Readonly<Record<Theme, ChartPalette>> = {
  light: {
    text: '#171d1b',
    mutedText: '#3d4946',
    gridLine: '#bdc9c5',
    tooltipBackground: '#2c3130',
    tooltipText: '#edf2ef',
    sent: '#2563eb',
    delivered: '#16a34a',
    read: '#9333ea',
    failed: '#ba1a1a',
    inbound: '#006b5f',
  },
  dark: {
    text: '#dfe4e1',
    mutedText: '#bdc9c5',
    gridLine: '#3d4946',
    tooltipBackground: '#dfe4e1',
    tooltipText: '#2c3130',
    sent: '#60a5fa',
    delivered: '#4ade80',
    read: '#c084fc',
    failed: '#ffb4ab',
    inbound: '#72d8c8',
  },
};

export function chartPalette(theme: Theme): ChartPalette {
  return PALETTES[theme];
}
