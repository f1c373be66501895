import { createHash } from 'node:crypto';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { escapeXml } from '../../report/report-svg.ts';

/**
 * Dashboard charts: Vega-Lite specs compiled and rendered to static SVG on the server by Vega itself
 * (no browser, no canvas, no scripts in the page). Each chart has a title; legends sit below the plot
 * so they never cover it.
 */

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const CONFIG = {
  font: FONT,
  background: 'white',
  padding: 8,
  view: { stroke: null },
  title: {
    anchor: 'start',
    fontSize: 13,
    fontWeight: 600,
    color: '#111827',
    subtitleColor: '#6b7280',
    subtitleFontSize: 11,
    offset: 10,
  },
  axis: {
    labelColor: '#374151',
    titleColor: '#374151',
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: 500,
    gridColor: '#eef0f3',
    domainColor: '#9ca3af',
    tickColor: '#9ca3af',
  },
  legend: {
    orient: 'bottom',
    direction: 'horizontal',
    labelFontSize: 11,
    titleFontSize: 11,
    symbolSize: 90,
    columnPadding: 14,
    labelLimit: 220,
  },
} as const;

/**
 * Ids inside a Vega SVG (clip paths, gradients) come from counters in the process, so they differ
 * from one server process (or replica) to the next, and are unique per chart only. They are
 * renumbered in order of appearance and prefixed with a hash of the chart: the same chart gets the
 * same markup from every server, and two different charts on one page never share an id.
 */
function isolateIds(svg: string): string {
  const renamed = new Map<string, string>();
  const local = (id: string) => {
    let name = renamed.get(id);
    if (name === undefined) {
      name = `i${renamed.size + 1}`;
      renamed.set(id, name);
    }
    return name;
  };
  const numbered = svg
    .replace(/\bid="([^"]+)"/g, (_whole, id: string) => `id="${local(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_whole, id: string) => `url(#${local(id)})`);
  const prefix = `c${createHash('sha256').update(numbered).digest('hex').slice(0, 10)}-`;
  return numbered
    .replace(/\bid="([^"]+)"/g, `id="${prefix}$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}$1)`);
}

/** Renders a Vega-Lite spec to an inline SVG element with the given class and accessible name. */
export async function renderChart(spec: TopLevelSpec, className: string, label: string): Promise<string> {
  const vega = compile({ ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec).spec;
  const view = new View(parse(vega), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const labelled = svg.replace(
      /^<svg /,
      `<svg role="img" aria-label="${escapeXml(label)}" data-chart="${escapeXml(className)}" `,
    );
    return `<figure class="chart ${escapeXml(className)}">${isolateIds(labelled)}</figure>`;
  } finally {
    view.finalize();
  }
}

/**
 * A chart's title and subtitle, cut with an ellipsis at the plot's width plus its axis labels: a
 * long workflow name must not widen the chart (which the page would then shrink to fit).
 */
function titleOf(options: { readonly title: string; readonly subtitle?: string }, width: number) {
  return {
    text: options.title,
    limit: width + 200,
    ...(options.subtitle ? { subtitle: options.subtitle } : {}),
  };
}

export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly color: string;
  /** Printed after the value, e.g. "42%". */
  readonly note?: string;
}

/** Horizontal bars with their values printed at the end: tier counts, actions, funnel stages. */
export function barChart(options: {
  readonly title: string;
  readonly subtitle?: string;
  readonly bars: readonly Bar[];
  readonly className: string;
  readonly width?: number;
  readonly valueTitle?: string;
}): Promise<string> {
  const values = options.bars.map((bar) => ({
    label: bar.label,
    value: bar.value,
    text: `${bar.value.toLocaleString('en-US')}${bar.note ? ` (${bar.note})` : ''}`,
  }));
  const max = Math.max(1, ...options.bars.map((bar) => bar.value));
  const spec = {
    title: titleOf(options, options.width ?? 280),
    width: options.width ?? 280,
    height: { step: 26 },
    data: { values },
    encoding: {
      y: {
        field: 'label',
        type: 'nominal',
        sort: null,
        title: null,
        // Wide enough for a whole action name ("Send the nurture e-mail sequence").
        axis: { labelLimit: 320, ticks: false, domain: false },
      },
      x: {
        field: 'value',
        type: 'quantitative',
        title: options.valueTitle ?? null,
        // Room at the right for the printed values.
        scale: { domain: [0, max * 1.45], nice: false },
        axis: { grid: false, labels: false, ticks: false, domain: false },
      },
    },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 3, height: { band: 0.7 } },
        encoding: {
          color: {
            field: 'label',
            type: 'nominal',
            scale: {
              domain: options.bars.map((bar) => bar.label),
              range: options.bars.map((bar) => bar.color),
            },
            legend: null,
          },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#111827' },
        encoding: { text: { field: 'text', type: 'nominal' } },
      },
    ],
  } as unknown as TopLevelSpec;
  return renderChart(spec, options.className, options.title);
}

export interface TrendPoint {
  readonly day: string;
  readonly series: string;
  readonly value: number;
}

/** Legend entries per row: all in one row when they are short, else two per row. */
function legendColumns(names: readonly string[], width: number): number {
  // About 7 pixels a character at the legend's 11 px, plus the symbol and the gap after it.
  const pixels = names.reduce((sum, name) => sum + name.length * 7 + 36, 0);
  return pixels <= width + 60 ? names.length : 2;
}

/**
 * Lines over a fixed time range (e.g. the last 30 days): a single day is a point at its date, not
 * a block across the chart. Series are coloured as given and named in a legend under the plot.
 */
export function trendChart(options: {
  readonly title: string;
  readonly subtitle?: string;
  readonly points: readonly TrendPoint[];
  readonly series: readonly { readonly name: string; readonly color: string }[];
  readonly from: string;
  readonly to: string;
  readonly yTitle: string;
  readonly yFormat: '%' | 'd';
  readonly yDomain?: readonly [number, number];
  readonly className: string;
  readonly width?: number;
  readonly height?: number;
}): Promise<string> {
  const spec = {
    title: titleOf(options, options.width ?? 420),
    width: options.width ?? 420,
    height: options.height ?? 170,
    data: { values: options.points.map((p) => ({ ...p, day: p.day.slice(0, 10) })) },
    encoding: {
      x: {
        field: 'day',
        type: 'temporal',
        title: null,
        scale: { domain: [options.from.slice(0, 10), options.to.slice(0, 10)] },
        axis: { format: '%-d %b', labelOverlap: true, tickCount: 6, grid: false },
      },
      y: {
        field: 'value',
        type: 'quantitative',
        title: options.yTitle,
        axis: { format: options.yFormat === '%' ? '.0%' : 'd', tickCount: 5 },
        ...(options.yDomain ? { scale: { domain: [...options.yDomain] } } : {}),
      },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: options.series.map((s) => s.name), range: options.series.map((s) => s.color) },
        // Long names (actions) go two to a row, so the legend is never wider than the plot.
        legend: {
          columns: legendColumns(
            options.series.map((s) => s.name),
            options.width ?? 420,
          ),
        },
      },
    },
    layer: [
      { mark: { type: 'line', strokeWidth: 2, interpolate: 'monotone' } },
      { mark: { type: 'point', filled: true, size: 40 } },
    ],
  } as unknown as TopLevelSpec;
  return renderChart(spec, options.className, options.title);
}

/** Generic x/y chart for the model cards: lines, points and a dashed reference diagonal. */

/** A 0-100 % axis, as both axes of a calibration or gains chart read. */
function shareAxis(field: 'x' | 'y', title: string) {
  return {
    field,
    type: 'quantitative' as const,
    title,
    scale: { domain: [0, 1] },
    axis: { format: '.0%', tickCount: 5 },
  };
}

export function curveChart(options: {
  readonly title: string;
  readonly subtitle?: string;
  readonly points: readonly {
    readonly x: number;
    readonly y: number;
    readonly series: string;
    readonly size?: number;
  }[];
  readonly series: readonly { readonly name: string; readonly color: string; readonly dashed?: boolean }[];
  readonly xTitle: string;
  readonly yTitle: string;
  readonly className: string;
  readonly showPoints?: boolean;
}): Promise<string> {
  const dashed = options.series.filter((s) => s.dashed).map((s) => s.name);
  const spec = {
    title: titleOf(options, 260),
    width: 260,
    height: 200,
    data: { values: options.points },
    encoding: {
      x: shareAxis('x', options.xTitle),
      y: shareAxis('y', options.yTitle),
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: options.series.map((s) => s.name), range: options.series.map((s) => s.color) },
      },
    },
    layer: [
      {
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          strokeDash: {
            field: 'series',
            type: 'nominal',
            scale: {
              domain: options.series.map((s) => s.name),
              range: options.series.map((s) => (dashed.includes(s.name) ? [4, 3] : [1, 0])),
            },
            legend: null,
          },
        },
      },
      ...(options.showPoints === false
        ? []
        : [
            {
              transform: [{ filter: { not: { field: 'series', oneOf: dashed } } }],
              mark: { type: 'point', filled: true, opacity: 0.8 },
              encoding: {
                size: { field: 'size', type: 'quantitative', legend: null, scale: { range: [20, 140] } },
              },
            },
          ]),
    ],
  } as unknown as TopLevelSpec;
  return renderChart(spec, options.className, options.title);
}

/** Side-by-side bars per band (score distribution of the holdout against the latest run). */
export function groupedBarChart(options: {
  readonly title: string;
  readonly subtitle?: string;
  readonly bars: readonly { readonly band: string; readonly series: string; readonly value: number }[];
  readonly series: readonly { readonly name: string; readonly color: string }[];
  readonly xTitle: string;
  readonly yTitle: string;
  readonly className: string;
}): Promise<string> {
  const spec = {
    title: titleOf(options, 260),
    width: 260,
    height: 200,
    data: { values: options.bars },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'band', type: 'ordinal', title: options.xTitle, sort: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'series', type: 'nominal', sort: options.series.map((s) => s.name) },
      y: {
        field: 'value',
        type: 'quantitative',
        title: options.yTitle,
        axis: { format: '.0%', tickCount: 5 },
      },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: options.series.map((s) => s.name), range: options.series.map((s) => s.color) },
      },
    },
  } as unknown as TopLevelSpec;
  return renderChart(spec, options.className, options.title);
}
