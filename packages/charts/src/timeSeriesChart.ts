import { area, extent, line, max, min, scaleLinear } from 'd3';
import { drawBottomAxis, drawLeftAxis } from './axes.js';
import { createChartFrame, noDataNote, orderKeys, resolveDocument, type ChartOptions } from './chartFrame.js';
import { formatMaybePercent } from './format.js';
import { axisLabel } from './metricInfo.js';
import { colourScale } from './palette.js';
import { fontSizes } from './style.js';
import { summarizeReplicates, type ReplicateObservation, type StepSummary } from './summarizeReplicates.js';
import { estimateTextWidth } from './textWidth.js';

/**
 * Options of {@link timeSeriesChart}.
 *
 * @example
 * ```ts
 * const options: TimeSeriesOptions = { title: 'China output', yLabel: 'Output', seriesOrder: ['aligned', 'us-only'], control: 'control', confidence: 0.9, width: 600 };
 * const svg = timeSeriesChart(parsed.rows.filter((r) => r.entity === 'CN' && r.variable === 'output'), options, document);
 * console.log(svg.getAttribute('viewBox'), [...svg.querySelectorAll('g.series')].map((g) => g.getAttribute('data-series'))); // 0 0 600 420 ['aligned', 'us-only', 'control', 'fab-fire']
 * ```
 */
export interface TimeSeriesOptions<T extends ReplicateObservation = ReplicateObservation> extends ChartOptions {
  /** What the metric is, e.g. 'US output'; the y-axis title. */
  yLabel?: string;
  /** Unit of the metric, e.g. 'value, units × price'. */
  unit?: string;
  /** True when values are shares in [0, 1], shown as percentages. */
  percent?: boolean;
  /** The x-axis title. Default 'Step (quarters)'. */
  xLabel?: string;
  /** Series key of a row. Default: its arm. */
  seriesOf?: (row: T) => string;
  /** Order of the series in the legend; others follow in order of appearance. */
  seriesOrder?: readonly string[];
  /** The control arm, drawn in black. */
  control?: string | null;
  /** Confidence level of the bands. Default 0.95. */
  confidence?: number;
}

/**
 * Draws a time series of one metric: for each arm (or series) a line through the mean
 * across replicates at each step, over a band of its confidence interval (Student's t).
 * Each step has a hover target whose `<title>` gives the mean, CI and n.
 *
 * Marks: `path.series-line` and `path.series-band` per series (in `g.series[data-series]`),
 * `circle.series-point` per series × step, `g.x-axis`, `g.y-axis`, `g.legend`.
 *
 * @param rows Tidy rows of one metric (and one sweep point, unless `seriesOf` separates points).
 * @param options Labels, units and layout.
 * @param document The document to draw into; in Node pass `createSvgDocument()`.
 * @example
 * ```ts
 * const rows = parsed.rows.filter((r) => r.entityKind === 'state' && r.entity === 'US' && r.variable === 'output');
 * const svg = timeSeriesChart(rows, { yLabel: 'US output', unit: 'value, units × price', control: 'control' }, document);
 * console.log(svg.querySelector('title')!.textContent, svg.querySelectorAll('path.series-line').length); // US output 4
 * ```
 */
export function timeSeriesChart<T extends ReplicateObservation>(
  rows: readonly T[],
  options: TimeSeriesOptions<T> = {},
  document?: Document,
): SVGSVGElement {
  const doc = resolveDocument(document);
  const width = options.width ?? 720;
  const height = options.height ?? 420;
  const percent = options.percent ?? false;
  const confidence = options.confidence ?? 0.95;
  const level = `${Math.round(confidence * 100)}%`;
  const summaries = summarizeReplicates(rows, {
    confidence,
    ...(options.seriesOf ? { seriesOf: options.seriesOf } : {}),
  });
  const seriesKeys = orderKeys([...new Set(summaries.map((s) => s.series))], options.seriesOrder);
  // The run's arm colours apply when the series are arms (no seriesOf).
  const colourOf =
    options.palette && !options.seriesOf ? options.palette.arm : colourScale(seriesKeys, options.control);
  const bySeries = new Map<string, StepSummary[]>(
    seriesKeys.map((key) => [key, summaries.filter((s) => s.series === key)]),
  );
  const format = (v: number) => formatMaybePercent(v, percent);
  const yTitle = axisLabel(options.yLabel ?? 'Value', options.unit ?? '');
  const title = options.title ?? options.yLabel ?? 'Time series';
  const maxN = max(summaries, (s) => s.n) ?? 0;
  const subtitle =
    options.subtitle ??
    (maxN > 1
      ? `Mean across ${maxN} replicates per step; band: ${level} confidence interval (Student's t)`
      : 'One run per arm');
  const [firstStep, lastStep] = extent(summaries, (s) => s.step) as [number | undefined, number | undefined];

  const frame = createChartFrame(doc, {
    kind: 'time-series-chart',
    width,
    height,
    title,
    subtitle,
    description: `Line chart of ${options.yLabel ?? 'a metric'} by step${firstStep !== undefined ? ` from ${firstStep} to ${lastStep}` : ''}, one line for each of ${seriesKeys.length} arm(s) (${seriesKeys.join(', ')}), with ${level} confidence bands.`,
    legend: seriesKeys.map((key) => ({ label: key, colour: colourOf(key), symbol: maxN > 1 ? 'band' : 'line' })),
  });

  const finiteLows = summaries.flatMap((s) => [s.mean, s.ciLow, s.ciHigh].filter(Number.isFinite));
  let yMin = min(finiteLows) ?? 0;
  let yMax = max(finiteLows) ?? 1;
  if (yMin >= 0 && yMin < 0.35 * yMax) yMin = 0;
  if (yMin === yMax) {
    yMin -= Math.abs(yMin) * 0.1 || 1;
    yMax += Math.abs(yMax) * 0.1 || 1;
  }
  const y = scaleLinear().domain([yMin, yMax]).nice(6);
  const yTicks = y.ticks(6);
  const tickWidth = max(yTicks, (t) => estimateTextWidth(format(t), fontSizes.tick)) ?? 30;
  const margin = { top: frame.top + 4, right: 24, bottom: 54, left: Math.ceil(tickWidth + 40) };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  y.range([plotHeight, 0]);
  const x = scaleLinear()
    .domain([firstStep ?? 0, lastStep ?? 1])
    .range([0, plotWidth]);
  if (firstStep === lastStep) x.domain([(firstStep ?? 0) - 1, (lastStep ?? 0) + 1]);

  const plot = frame.svg.append('g').attr('class', 'plot').attr('transform', `translate(${margin.left},${margin.top})`);
  const xTicks = x.ticks(Math.min(10, Math.max(2, Math.round(plotWidth / 70)))).filter(Number.isInteger);
  drawLeftAxis(plot, y, plotHeight, {
    label: yTitle,
    ticks: yTicks,
    tickFormat: (v) => format(v as number),
    gridLength: plotWidth,
    labelOffset: tickWidth + 22,
  });
  drawBottomAxis(plot.append('g').attr('transform', `translate(0,${plotHeight})`), x, plotWidth, {
    label: options.xLabel ?? 'Step (quarters)',
    ticks: xTicks,
    tickFormat: (v) => String(v),
  });

  const bandPath = area<StepSummary>()
    .defined((s) => Number.isFinite(s.ciLow) && Number.isFinite(s.ciHigh))
    .x((s) => x(s.step))
    .y0((s) => y(s.ciLow))
    .y1((s) => y(s.ciHigh));
  const linePath = line<StepSummary>()
    .defined((s) => Number.isFinite(s.mean))
    .x((s) => x(s.step))
    .y((s) => y(s.mean));
  const showMarkers = (bySeries.get(seriesKeys[0] ?? '')?.length ?? 0) <= 24;
  const bands = plot.append('g').attr('class', 'bands');
  const lines = plot.append('g').attr('class', 'lines');
  for (const key of seriesKeys) {
    const points = bySeries.get(key)!;
    const colour = colourOf(key);
    const last = points[points.length - 1];
    if (maxN > 1) {
      bands
        .append('path')
        .attr('class', 'series-band')
        .attr('data-series', key)
        .attr('d', bandPath(points) ?? '')
        .attr('fill', colour)
        .attr('fill-opacity', 0.16)
        .append('title')
        .text(`${key}: ${level} confidence band`);
    }
    const group = lines.append('g').attr('class', 'series').attr('data-series', key);
    group
      .append('path')
      .attr('class', 'series-line')
      .attr('data-series', key)
      .attr('d', linePath(points) ?? '')
      .attr('fill', 'none')
      .attr('stroke', colour)
      .attr('stroke-width', 2)
      .attr('stroke-linejoin', 'round')
      .append('title')
      .text(
        last ? `${key}: step ${last.step}, mean ${format(last.mean)}${describeInterval(last, format, level)}` : key,
      );
    group
      .selectAll('circle')
      .data(points)
      .join('circle')
      .attr('class', 'series-point')
      .attr('cx', (s) => x(s.step))
      .attr('cy', (s) => y(s.mean))
      .attr('r', showMarkers ? 2.6 : 4)
      .attr('fill', colour)
      .attr('fill-opacity', showMarkers ? 1 : 0)
      .append('title')
      .text(
        (s) =>
          `${key} · step ${s.step}${s.date ? ` (${s.date})` : ''}: mean ${format(s.mean)}${describeInterval(s, format, level)}, n = ${s.n}`,
      );
  }
  if (summaries.length === 0) noDataNote(plot, plotWidth, plotHeight);
  return frame.svg.node()!;
}

function describeInterval(s: StepSummary, format: (v: number) => string, level: string): string {
  return Number.isFinite(s.ciLow) ? `, ${level} CI ${format(s.ciLow)} to ${format(s.ciHigh)}` : '';
}
