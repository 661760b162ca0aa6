import { ascending, interpolatePuOr, interpolateViridis, max, min, rgb, scaleBand, scaleLinear } from 'd3';
import { drawBottomAxis, drawLeftAxis } from './axes.js';
import { createChartFrame, noDataNote, resolveDocument, type ChartOptions } from './chartFrame.js';
import { formatMaybePercent } from './format.js';
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
}

const sortValues = (values: (number | string)[]) =>
  [...new Set(values)].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : ascending(String(a), String(b))));

/**
 * Draws a heatmap of a metric over a two-parameter sweep: one cell per (x, y) pair,
 * coloured by value (viridis, or PuOr centred on zero when values change sign), with the
 * value printed in each cell when there is room and a colour bar on the right.
 *
 * Marks: `rect.heatmap-cell[data-x][data-y]` with a `<title>` giving the value, `g.colour-bar`.
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
export function sweepHeatmapChart(cells: readonly HeatmapCell[], options: SweepHeatmapOptions = {}, document?: Document): SVGSVGElement {
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
  const frame = createChartFrame(doc, {
    kind: 'sweep-heatmap-chart',
    width,
    height,
    title: options.title ?? `${valueLabel} over the sweep`,
    subtitle: options.subtitle ?? `${valueLabel} at each sweep point, mean across replicates`,
    description: `Heatmap of ${valueLabel} over ${xLabel} (x) and ${yLabel} (y), ${cells.length} cells, from ${format(lo)} to ${format(hi)}.`,
  });
  const xs = sortValues(cells.map((c) => c.x));
  const ys = sortValues(cells.map((c) => c.y)).reverse();
  const yTickWidth = max(ys, (v) => estimateTextWidth(String(v), fontSizes.tick)) ?? 20;
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
  drawBottomAxis(plot.append('g').attr('transform', `translate(0,${plotHeight})`), x, plotWidth, { label: xLabel });
  drawLeftAxis(plot, y, plotHeight, { label: yLabel, labelOffset: yTickWidth + 20 });
  plot.selectAll('.x-axis .domain, .y-axis .domain').remove();
  const showValues = options.showValues ?? cells.length <= 80;
  const fontSize = Math.min(fontSizes.tick, Math.max(8, x.bandwidth() / 6));
  const cellGroup = plot.append('g').attr('class', 'heatmap-cells');
  for (const cell of cells) {
    const cx = x(String(cell.x)) ?? 0;
    const cy = y(String(cell.y)) ?? 0;
    const fill = Number.isFinite(cell.value) ? colourOf(cell.value) : '#EEEEEE';
    cellGroup
      .append('rect')
      .attr('class', 'heatmap-cell')
      .attr('data-x', String(cell.x))
      .attr('data-y', String(cell.y))
      .attr('x', cx)
      .attr('y', cy)
      .attr('width', x.bandwidth())
      .attr('height', y.bandwidth())
      .attr('fill', fill)
      .append('title')
      .text(`${xLabel} = ${cell.x}, ${yLabel} = ${cell.y}: ${valueLabel} ${format(cell.value)}${cell.n !== undefined ? ` (n = ${cell.n})` : ''}`);
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
        .text(format(cell.value));
    }
  }
  drawColourBar(
    frame.svg.append('g').attr('class', 'colour-bar').attr('transform', `translate(${width - margin.right + 24},${margin.top})`),
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
  const scale = scaleLinear().domain([lo, hi === lo ? lo + 1 : hi]).range([height, 0]);
  for (const t of scale.ticks(4)) {
    group.append('line').attr('x1', 12).attr('x2', 16).attr('y1', scale(t)).attr('y2', scale(t)).attr('stroke', inkColour);
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
