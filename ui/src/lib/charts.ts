// Charts for the risk dashboard: Chart.js, bundled (nothing remote), with only
// the parts the dashboard draws registered so the rest is left out of the
// bundle. Loaded with the dashboard, never on the first screen.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);
Chart.defaults.font.family = 'arial, "Liberation Sans", "Helvetica Neue", helvetica, sans-serif';
Chart.defaults.font.size = 14;
Chart.defaults.color = '#212b32';

/** One line or set of bars: its name, its values (one per label) and how it looks. */
export interface Series {
  label: string;
  data: number[];
  /** A CSS colour from the NHS palette. */
  colour: string;
  /** A dashed line, so it differs by more than colour. */
  dashed?: boolean;
}

export interface ChartSpec {
  kind: 'bar' | 'line';
  /** Under each point on the x axis; two lines as an array ("Jan", "2026"). */
  labels: (string | string[])[];
  /** Each point's name in full, for the tooltip ("January 2026"). */
  titles: string[];
  series: Series[];
}

const GRID = '#d8dde0';

function config(spec: ChartSpec): ChartConfiguration<'bar' | 'line'> {
  return {
    type: spec.kind,
    data: {
      labels: spec.labels,
      datasets: spec.series.map((s, i) => ({
        label: s.label,
        data: s.data,
        backgroundColor: s.colour,
        borderColor: s.colour,
        borderWidth: spec.kind === 'line' ? 3 : 0,
        borderDash: s.dashed ? [6, 4] : undefined,
        pointStyle: (['circle', 'rect', 'triangle', 'rectRot'] as const)[i % 4],
        pointRadius: spec.kind === 'line' ? 4 : undefined,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      // The canvas is an image to assistive technology (role="img" with a
      // label); the same figures are in a table next to it. Tooltips are for
      // pointers only.
      interaction: { mode: 'index', intersect: false },
      scales: {
        // Every month named (none skipped); turned only when they do not fit side by side.
        x: { grid: { display: false }, ticks: { autoSkip: false, font: { size: 12 } } },
        y: { beginAtZero: true, ticks: { precision: 0 }, grid: { color: GRID } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true } },
        tooltip: { callbacks: { title: (items) => spec.titles[items[0]?.dataIndex ?? 0] ?? '' } },
      },
    },
  } as ChartConfiguration<'bar' | 'line'>;
}

export interface Drawn {
  update(spec: ChartSpec): void;
  destroy(): void;
}

/** Draw `spec` on the canvas; `update` redraws it with new figures. */
export function drawChart(canvas: HTMLCanvasElement, spec: ChartSpec): Drawn {
  const chart = new Chart(canvas, config(spec));
  return {
    update(next) {
      const c = config(next);
      chart.data = c.data;
      chart.update();
    },
    destroy() {
      chart.destroy();
    },
  };
}
