import { interpolatePuOr, interpolateViridis, max, min, rgb, scaleBand, scaleLinear } from 'd3';
import { drawBottomAxis, drawLeftAxis } from './axes.js';
import { createChartFrame, noDataNote, resolveDocument, type ChartOptions } from './chartFrame.js';
import { formatMaybePercent, formatParameterValue, formatValue } from './format.js';
import { axisLabel } from './metricInfo.js';
import { inkColour } from './palette.js';
import { fontSizes, type SvgSelection } from './style.js';
import { estimateTextWidth } from './textWidth.js';

/**
 * One cell of a two-parameter sweep: the metric's value at (x, y).
 *
 * @example
 * ```ts
 * const cells: HeatmapCell[] = [
 *   { x: 'US', y: 0.1, value: -0.2, n: 4 },
 *   { x: 'US+NL', y: 0.1, value: 0.3, n: 4 },
 * ];
 * const svg = sweepHeatmapChart(cells, { valueLabel: 'CN output change' }, document);
 * console.log([...svg.querySelectorAll('rect.heatmap-cell')].map((r) => r.getAttribute('data-x'))); // ['US', 'US+NL']
 * ```
 */
export interface HeatmapCell {
  /** Value of the first parameter (x axis). */
  x: number | string;
  /** Value of the second parameter (y axis). */
  y: number | string;
  /** The metric, e.g. its mean across replicates at the final step. */
  value: number;
  /** Number of runs behind the value, for tooltips. */
  n?: number;
  /** Lower end of the 95% confidence interval of the value (NaN or absent when unknown). */
  ciLow?: number;
  /** Upper end of the 95% confidence interval of the value. */
  ciHigh?: number;
  /**
   * The effect of this cell's arm against the control arm at the same sweep point (summary.json's
   * effect); the cell is marked significant when its 95% CI excludes 0.
   */
  effect?: { control: string; difference: number; ci95: [number, number] | null };
}

/**
 * Options of {@link sweepHeatmapChart}.
 *
 * @example
 * ```ts
 * const cells = [0.1, 0.2].flatMap((x) => [1, 2].map((y) => ({ x, y, value: x * y })));
 * const options: SweepHeatmapOptions = { xLabel: 'params.substitutionRate', yLabel: 'licence', valueLabel: 'share', percent: true, showValues: true };
 * const svg = sweepHeatmapChart(cells, options, document);
 * console.log([...svg.querySelectorAll('text.heatmap-value')].map((t) => t.textContent)); // ['10%', '20%', '20%', '40%']
 * ```
 */
export interface SweepHeatmapOptions extends ChartOptions {
  /** Title of the x axis: the first parameter, e.g. `params.substitutionRate`. */
  xLabel?: string;
  /** Title of the y axis: the second parameter. */
  yLabel?: string;
  /** What the colour shows, e.g. 'CN output'. */
  valueLabel?: string;
  /** Unit of the value. */
  unit?: string;
  /** Values are shares in [0, 1], shown as percentages. */
  percent?: boolean;
  /** Diverging colours centred on 0 (PuOr) instead of sequential (viridis). Default: when values span 0. */
  diverging?: boolean;
  /** Print the value in each cell. Default: when there are at most 80 cells. */
  showValues?: boolean;
  /** Order of the columns. Default: the order the x values first appear in the cells (for `sweepGrid`, the scenario file's). */
  xOrder?: readonly (number | string)[];
  /** Order of the rows, top to bottom. Default: the order the y values first appear in the cells. */
  yOrder?: readonly (number | string)[];
}

/** The distinct values in the given order first, then as they first appear. */
const orderValues = (values: (number | string)[], order?: readonly (number | string)[]) => {
  const present = new Set(values);
  const first = (order ?? []).filter((v) => present.has(v));
  return [...new Set([...first, ...values])];
};

/** True when the effect's 95% CI excludes 0. */
const isSignificant = (cell: HeatmapCell): boolean =>
  cell.effect?.ci95 != null && (cell.effect.ci95[0] > 0 || cell.effect.ci95[1] < 0);

/**
 * Draws a heatmap of a metric over a two-parameter sweep: one cell per (x, y) pair,
 * coloured by value (viridis, or PuOr centred on zero when values change sign), with the
 * value printed in each cell when there is room and a colour bar on the right. Columns and
 * rows keep the order of the cells (the scenario file's order; first row at the top). A cell
 * whose effect against the control arm is significant (95% CI excludes 0) is outlined and its
 * value starred; each tooltip gives the value's 95% CI and the effect.
 *
 * Marks: `rect.heatmap-cell[data-x][data-y]` (class `significant` when marked) with a `<title>`
 * giving the value, `g.colour-bar`.
 *
 * @example
 * ```ts
 * const svg = sweepHeatmapChart(
 *   [{ x: 0.1, y: 1, value: 3 }, { x: 0.2, y: 1, value: 4 }],
 *   { xLabel: 'params.substitutionRate', yLabel: 'params.licenceProbability', valueLabel: 'CN output' },
 *   document,
 * );
 * console.log(svg.querySelectorAll('rect.heatmap-cell').length, svg.querySelectorAll('g.colour-bar').length); // 2 1
 * ```
 */
export function sweepHeatmapChart(
  cells: readonly HeatmapCell[],
  options: SweepHeatmapOptions = {},
  document?: Document,
): SVGSVGElement {
  const doc = resolveDocument(document);
  const width = options.width ?? 720;
  const height = options.height ?? 480;
  const percent = options.percent ?? false;
  const format = (v: number) => formatMaybePercent(v, percent);
  const finite = cells.filter((c) => Number.isFinite(c.value));
  const lo = min(finite, (c) => c.value) ?? 0;
  const hi = max(finite, (c) => c.value) ?? 1;
  const diverging = options.diverging ?? (lo < 0 && hi > 0);
  const valueLabel = options.valueLabel ?? 'Value';
  const xLabel = options.xLabel ?? 'Parameter 1';
  const yLabel = options.yLabel ?? 'Parameter 2';
  const withEffects = cells.some((c) => c.effect !== undefined);
  const frame = createChartFrame(doc, {
    kind: 'sweep-heatmap-chart',
    width,
    height,
    title: options.title ?? `${valueLabel} over the sweep`,
    subtitle:
      options.subtitle ??
      `${valueLabel} at each sweep point, mean across replicates${withEffects ? `; * and outlined: the effect against the control arm at that point is significant (95% CI excludes 0)` : ''}`,
    description: `Heatmap of ${valueLabel} over ${xLabel} (x) and ${yLabel} (y), ${cells.length} cells, from ${format(lo)} to ${format(hi)}${withEffects ? `, ${cells.filter(isSignificant).length} with a significant effect against the control arm` : ''}.`,
  });
  const xs = orderValues(
    cells.map((c) => c.x),
    options.xOrder,
  );
  const ys = orderValues(
    cells.map((c) => c.y),
    options.yOrder,
  );
  const label = (v: number | string) => formatParameterValue(v);
  const labelOf = new Map([...xs, ...ys].map((v) => [String(v), label(v)]));
  const yTickWidth = max(ys, (v) => estimateTextWidth(label(v), fontSizes.tick)) ?? 20;
  const margin = { top: frame.top + 6, right: 110, bottom: 56, left: yTickWidth + 44 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const plot = frame.svg.append('g').attr('class', 'plot').attr('transform', `translate(${margin.left},${margin.top})`);
  if (finite.length === 0) {
    noDataNote(plot, plotWidth, plotHeight);
    return frame.svg.node()!;
  }
  const x = scaleBand<string>().domain(xs.map(String)).range([0, plotWidth]).paddingInner(0.04);
  const y = scaleBand<string>().domain(ys.map(String)).range([0, plotHeight]).paddingInner(0.04);
  const extentAbs = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  const colourOf = diverging
    ? (v: number) => interpolatePuOr(0.5 - v / extentAbs / 2)
    : (v: number) => interpolateViridis(hi === lo ? 0.5 : (v - lo) / (hi - lo));
  const tickLabel = (v: string) => labelOf.get(v) ?? v;
  drawBottomAxis(plot.append('g').attr('transform', `translate(0,${plotHeight})`), x, plotWidth, {
    label: xLabel,
    tickFormat: tickLabel,
  });
  drawLeftAxis(plot, y, plotHeight, { label: yLabel, labelOffset: yTickWidth + 20, tickFormat: tickLabel });
  plot.selectAll('.x-axis .domain, .y-axis .domain').remove();
  const showValues = options.showValues ?? cells.length <= 80;
  const fontSize = Math.min(fontSizes.tick, Math.max(8, x.bandwidth() / 6));
  const cellGroup = plot.append('g').attr('class', 'heatmap-cells');
  for (const cell of cells) {
    const cx = x(String(cell.x)) ?? 0;
    const cy = y(String(cell.y)) ?? 0;
    const fill = Number.isFinite(cell.value) ? colourOf(cell.value) : '#EEEEEE';
    const significant = isSignificant(cell);
    const interval =
      cell.ciLow !== undefined && Number.isFinite(cell.ciLow)
        ? `95% CI ${format(cell.ciLow)} to ${format(cell.ciHigh!)}, `
        : '';
    const effect = cell.effect
      ? `; effect against ${cell.effect.control} ${formatEffect(cell.effect.difference, percent)}${cell.effect.ci95 ? ` (95% CI ${formatEffect(cell.effect.ci95[0], percent)} to ${formatEffect(cell.effect.ci95[1], percent)})` : ''}${significant ? ', significant' : ''}`
      : '';
    const rect = cellGroup
      .append('rect')
      .attr('class', significant ? 'heatmap-cell significant' : 'heatmap-cell')
      .attr('data-x', String(cell.x))
      .attr('data-y', String(cell.y))
      .attr('x', cx)
      .attr('y', cy)
      .attr('width', x.bandwidth())
      .attr('height', y.bandwidth())
      .attr('fill', fill);
    if (significant) rect.attr('stroke', inkColour).attr('stroke-width', 2);
    rect
      .append('title')
      .text(
        `${xLabel} = ${label(cell.x)}, ${yLabel} = ${label(cell.y)}: ${valueLabel} ${format(cell.value)}${cell.n !== undefined || interval ? ` (${interval}n = ${cell.n ?? '–'})` : ''}${effect}`,
      );
    if (showValues && Number.isFinite(cell.value)) {
      const light = rgb(fill);
      const luminance = (0.2126 * light.r + 0.7152 * light.g + 0.0722 * light.b) / 255;
      cellGroup
        .append('text')
        .attr('class', 'heatmap-value')
        .attr('x', cx + x.bandwidth() / 2)
        .attr('y', cy + y.bandwidth() / 2 + fontSize * 0.35)
        .attr('text-anchor', 'middle')
        .attr('font-size', fontSize)
        .attr('fill', luminance > 0.5 ? inkColour : '#FFFFFF')
        .text(`${format(cell.value)}${significant ? '*' : ''}`);
    }
  }
  drawColourBar(
    frame.svg
      .append('g')
      .attr('class', 'colour-bar')
      .attr('transform', `translate(${width - margin.right + 24},${margin.top})`),
    diverging ? [-extentAbs, extentAbs] : [lo, hi],
    colourOf,
    Math.min(plotHeight, 240),
    axisLabel(valueLabel, options.unit ?? ''),
    format,
  );
  return frame.svg.node()!;
}

function drawColourBar(
  group: SvgSelection,
  [lo, hi]: [number, number],
  colourOf: (v: number) => string,
  height: number,
  label: string,
  format: (v: number) => string,
): void {
  const steps = 24;
  for (let i = 0; i < steps; i++) {
    const v = hi - ((i + 0.5) / steps) * (hi - lo);
    group
      .append('rect')
      .attr('x', 0)
      .attr('y', (i * height) / steps)
      .attr('width', 12)
      .attr('height', height / steps + 0.5)
      .attr('fill', colourOf(v));
  }
  const scale = scaleLinear()
    .domain([lo, hi === lo ? lo + 1 : hi])
    .range([height, 0]);
  for (const t of scale.ticks(4)) {
    group
      .append('line')
      .attr('x1', 12)
      .attr('x2', 16)
      .attr('y1', scale(t))
      .attr('y2', scale(t))
      .attr('stroke', inkColour);
    group
      .append('text')
      .attr('x', 19)
      .attr('y', scale(t) + 4)
      .attr('font-size', fontSizes.note)
      .attr('fill', inkColour)
      .text(format(t));
  }
  group
    .append('text')
    .attr('class', 'colour-bar-label')
    .attr('transform', `translate(-8,${height / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('font-size', fontSizes.tick)
    .attr('fill', inkColour)
    .text(label);
}

/** A difference: in percentage points for shares, else as a number. */
function formatEffect(value: number, percent: boolean): string {
  return percent ? `${formatValue(value * 100)} pp` : formatValue(value);
}
