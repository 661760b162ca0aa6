import { area, extent, line, max, min, scaleLinear } from 'd3';
import { drawBottomAxis, drawLeftAxis } from './axes.js';
import {
  createChartFrame,
  noDataNote,
  orderKeys,
  resolveDocument,
  setFrameHeight,
  type ChartOptions,
} from './chartFrame.js';
import { formatMaybePercent } from './format.js';
import { axisLabel } from './metricInfo.js';
import { colourScale, inkColour } from './palette.js';
import { fontSizes } from './style.js';
import { summarizeReplicates, type ReplicateObservation, type StepSummary } from './summarizeReplicates.js';
import { estimateTextWidth, truncateText } from './textWidth.js';

/**
 * Options of {@link sweepTimeSeriesChart}.
 *
 * @example
 * ```ts
 * const rows = parsed.rows.filter((r) => r.entityKind === 'state' && r.entity === 'CN' && r.variable === 'output');
 * const options: SweepTimeSeriesOptions = { yLabel: 'CN output', control: 'control', pointLabelOf: (p) => `licence ${p}`, columns: 1 };
 * const svg = sweepTimeSeriesChart(rows, options, document);
 * console.log(svg.querySelector('text.panel-title')!.textContent); // licence 0
 * ```
 */
export interface SweepTimeSeriesOptions extends ChartOptions {
  /** What the metric is, e.g. 'CN output'; the y-axis title. */
  yLabel?: string;
  /** Unit of the metric. */
  unit?: string;
  /** True when values are shares in [0, 1], shown as percentages. */
  percent?: boolean;
  /** The x-axis title. Default 'Step (quarters)'. */
  xLabel?: string;
  /** Label of a sweep point (a panel's title), e.g. its parameter values. Default 'point N'. */
  pointLabelOf?: (point: number) => string;
  /** Order of the panels. Default: by point index (the scenario file's order). */
  pointOrder?: readonly number[];
  /** Order of the arms in the legend. */
  seriesOrder?: readonly string[];
  /** The control arm, drawn in black. */
  control?: string | null;
  /** Panels per row. Default: as many as fit at 170 px each, at most 4. */
  columns?: number;
  /** At most this many panels (the first points); the subtitle says how many are left out. Default 36. */
  maxPanels?: number;
  /** Confidence level of the bands. Default 0.95. */
  confidence?: number;
}

/**
 * Draws a time series of one metric at every sweep point: a small panel per point, titled with
 * its parameter values, each with a line per arm through the mean across replicates over a band
 * of its confidence interval (Student's t), on one y scale shared by all panels.
 *
 * Marks: `g.sweep-panel[data-point]` with `text.panel-title`, `path.series-line[data-series]` and
 * `path.series-band[data-series]` (each with a `<title>`).
 *
 * @param rows Tidy rows of one metric at any number of sweep points (each row's `point`).
 * @example
 * ```ts
 * // Two sweep points of the quickstart's rows, told apart by replicate for the example:
 * const rows = parsed.rows
 *   .filter((r) => r.entityKind === 'state' && r.entity === 'CN' && r.variable === 'output')
 *   .map((r) => ({ ...r, point: r.replicate }));
 * const svg = sweepTimeSeriesChart(rows, { yLabel: 'CN output', control: 'control', pointLabelOf: (p) => `rate ${[0.1, 0.2][p]}` }, document);
 * console.log([...svg.querySelectorAll('text.panel-title')].map((t) => t.textContent), svg.querySelectorAll('path.series-line').length); // ['rate 0.1', 'rate 0.2'] 8
 * ```
 */
export function sweepTimeSeriesChart<T extends ReplicateObservation & { point: number }>(
  rows: readonly T[],
  options: SweepTimeSeriesOptions = {},
  document?: Document,
): SVGSVGElement {
  const doc = resolveDocument(document);
  const width = options.width ?? 720;
  const percent = options.percent ?? false;
  const confidence = options.confidence ?? 0.95;
  const level = `${Math.round(confidence * 100)}%`;
  const format = (v: number) => formatMaybePercent(v, percent);
  const pointLabelOf = options.pointLabelOf ?? ((point: number) => `point ${point}`);
  const allPoints = orderKeys(
    [...new Set(rows.map((r) => r.point))].sort((a, b) => a - b).map(String),
    options.pointOrder?.map(String),
  ).map(Number);
  const maxPanels = options.maxPanels ?? 36;
  const points = allPoints.slice(0, maxPanels);
  const byPoint = new Map<number, T[]>();
  for (const row of rows) {
    if (!byPoint.has(row.point)) byPoint.set(row.point, []);
    byPoint.get(row.point)!.push(row);
  }
  const summaries = new Map(points.map((p) => [p, summarizeReplicates(byPoint.get(p) ?? [], { confidence })]));
  const all = [...summaries.values()].flat();
  const seriesKeys = orderKeys([...new Set(all.map((s) => s.series))], options.seriesOrder);
  const colourOf = options.palette?.arm ?? colourScale(seriesKeys, options.control);
  const maxN = max(all, (s) => s.n) ?? 0;
  const left = allPoints.length - points.length;
  const title = options.title ?? `${options.yLabel ?? 'Metric'} at each sweep point`;
  const subtitle =
    options.subtitle ??
    `${maxN > 1 ? `Mean across ${maxN} replicates per step; band: ${level} confidence interval (Student's t)` : 'One run per arm and point'}; one panel per sweep point, one y scale${left > 0 ? `; the first ${points.length} of ${allPoints.length} points are shown` : ''}`;
  const frame = createChartFrame(doc, {
    kind: 'sweep-time-series-chart',
    width,
    height: 400,
    title,
    subtitle,
    description: `Small multiples of ${options.yLabel ?? 'a metric'} by step at ${points.length} sweep point(s), one line for each of ${seriesKeys.length} arm(s) (${seriesKeys.join(', ')}).`,
    legend: seriesKeys.map((key) => ({ label: key, colour: colourOf(key), symbol: maxN > 1 ? 'band' : 'line' })),
    legendTitle: 'Arm',
  });
  const values = all.flatMap((s) => [s.mean, s.ciLow, s.ciHigh].filter(Number.isFinite));
  let yMin = min(values) ?? 0;
  let yMax = max(values) ?? 1;
  if (yMin >= 0 && yMin < 0.35 * yMax) yMin = 0;
  if (yMin === yMax) {
    yMin -= Math.abs(yMin) * 0.1 || 1;
    yMax += Math.abs(yMax) * 0.1 || 1;
  }
  const panelHeight = 110;
  const y = scaleLinear().domain([yMin, yMax]).nice(3).range([panelHeight, 0]);
  const yTicks = y.ticks(3);
  const tickWidth = max(yTicks, (t) => estimateTextWidth(format(t), fontSizes.tick)) ?? 30;
  const margin = { top: frame.top + 4, right: 16, bottom: 48, left: Math.ceil(tickWidth + 40) };
  const innerWidth = width - margin.left - margin.right;
  const gapX = 14;
  const columns = Math.max(
    1,
    Math.min(options.columns ?? Math.min(4, Math.floor((innerWidth + gapX) / (170 + gapX))), points.length || 1),
  );
  const panelWidth = (innerWidth - (columns - 1) * gapX) / columns;
  const titleHeight = 20;
  const rowHeight = titleHeight + panelHeight + 24;
  const rowsOfPanels = Math.ceil(points.length / columns);
  const height = options.height ?? Math.max(220, margin.top + rowsOfPanels * rowHeight + margin.bottom - 24);
  setFrameHeight(frame, height);
  const plot = frame.svg.append('g').attr('class', 'plot').attr('transform', `translate(${margin.left},${margin.top})`);
  if (all.length === 0) {
    noDataNote(plot, innerWidth, height - margin.top - margin.bottom);
    return frame.svg.node()!;
  }
  const [firstStep = 0, lastStep = 1] = extent(all, (s) => s.step) as [number | undefined, number | undefined];
  const x = scaleLinear()
    .domain([firstStep, lastStep === firstStep ? firstStep + 1 : lastStep])
    .range([0, panelWidth]);
  const xTicks = x.ticks(Math.max(2, Math.min(6, Math.round(panelWidth / 45)))).filter(Number.isInteger);
  const band = area<StepSummary>()
    .defined((s) => Number.isFinite(s.ciLow) && Number.isFinite(s.ciHigh))
    .x((s) => x(s.step))
    .y0((s) => y(s.ciLow))
    .y1((s) => y(s.ciHigh));
  const meanLine = line<StepSummary>()
    .defined((s) => Number.isFinite(s.mean))
    .x((s) => x(s.step))
    .y((s) => y(s.mean));
  points.forEach((point, i) => {
    const column = i % columns;
    const row = Math.floor(i / columns);
    const bottomRow = row === rowsOfPanels - 1 || i + columns >= points.length;
    const panel = plot
      .append('g')
      .attr('class', 'sweep-panel')
      .attr('data-point', point)
      .attr('transform', `translate(${column * (panelWidth + gapX)},${row * rowHeight})`);
    panel
      .append('text')
      .attr('class', 'panel-title')
      .attr('x', 0)
      .attr('y', 13)
      .attr('font-size', fontSizes.tick)
      .attr('font-weight', 'bold')
      .attr('fill', inkColour)
      .text(truncateText(pointLabelOf(point), fontSizes.tick, panelWidth, true));
    const body = panel.append('g').attr('transform', `translate(0,${titleHeight})`);
    drawLeftAxis(body, y, panelHeight, {
      label:
        column === 0 && row === Math.floor((rowsOfPanels - 1) / 2)
          ? axisLabel(options.yLabel ?? 'Value', options.unit ?? '')
          : '',
      ticks: yTicks,
      tickFormat: (v) => (column === 0 ? format(v as number) : ''),
      gridLength: panelWidth,
      labelOffset: tickWidth + 22,
    });
    drawBottomAxis(body.append('g').attr('transform', `translate(0,${panelHeight})`), x, panelWidth, {
      label: bottomRow && column === Math.floor((columns - 1) / 2) ? (options.xLabel ?? 'Step (quarters)') : '',
      ticks: xTicks,
      tickFormat: (v) => String(v),
      labelOffset: 34,
    });
    const list = summaries.get(point) ?? [];
    for (const key of seriesKeys) {
      const series = list.filter((s) => s.series === key);
      if (series.length === 0) continue;
      const colour = colourOf(key);
      const last = series[series.length - 1]!;
      const interval = Number.isFinite(last.ciLow)
        ? `, ${level} CI ${format(last.ciLow)} to ${format(last.ciHigh)}`
        : '';
      if (maxN > 1) {
        body
          .append('path')
          .attr('class', 'series-band')
          .attr('data-series', key)
          .attr('d', band(series) ?? '')
          .attr('fill', colour)
          .attr('fill-opacity', 0.16)
          .append('title')
          .text(`${key}, ${pointLabelOf(point)}: ${level} confidence band`);
      }
      body
        .append('path')
        .attr('class', 'series-line')
        .attr('data-series', key)
        .attr('d', meanLine(series) ?? '')
        .attr('fill', 'none')
        .attr('stroke', colour)
        .attr('stroke-width', 1.6)
        .append('title')
        .text(`${key}, ${pointLabelOf(point)}: step ${last.step}, mean ${format(last.mean)}${interval}, n = ${last.n}`);
    }
  });
  return frame.svg.node()!;
}
