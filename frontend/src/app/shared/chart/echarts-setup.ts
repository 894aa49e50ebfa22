// ECharts with only what the console's charts use, so the rest of the library is tree-shaken
// away. Import this module lazily (`ECHARTS_LOADER`): it must never enter the initial bundle.
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { init } from 'echarts/core';
