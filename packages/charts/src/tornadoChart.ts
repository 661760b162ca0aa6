import { max, min, scaleLinear } from 'd3';
import { drawBottomAxis } from './axes.js';
import { createChartFrame, noDataNote, resolveDocument, setFrameHeight, type ChartOptions } from './chartFrame.js';
import { formatValue } from './format.js';
import { metricLabel } from './metricInfo.js';
import { inkColour, mutedInkColour, neutralGrey, okabeIto } from './palette.js';
import { fontSizes } from './style.js';
import { estimateTextWidth, truncateText } from './textWidth.js';
import type { SensitivityAnalysisData } from './types.js';

/**
 * Options of {@link tornadoChart}.
 *
 * @example
 * ```ts
 * const analysis = { metric: 'state/CN/output', arm: 'coalition', morris: [{ parameter: 'params.overproductionMax', mu: 0.1, muStar: 0.3, sigma: 0.2, muStarCi: null }] };
 * const options: TornadoOptions = { parameterLabelOf: (p) => p.replace('params.', 'engine: '), title: 'What moves Chinese output' };
 * const svg = tornadoChart(analysis, options, document);
 * console.log(svg.querySelector('text.parameter-label')!.textContent); // engine: overproductionMax
 * ```
 */
export interface TornadoOptions extends ChartOptions {
  /** Label of a parameter. Default: its key without a `params.` prefix. */
  parameterLabelOf?: (parameter: string) => string;
}

/**
 * A parameter's key without the `params.` prefix, for labels.
 *
 * @example
 * ```ts
 * console.log(parameterLabel('params.substitutionRate'), parameterLabel('coalition_share')); // substitutionRate coalition_share
 * ```
 */
export function parameterLabel(parameter: string): string {
  return parameter.replace(/^params\./, '');
}

/**
 * Draws a tornado chart of a Morris screening: one row per parameter, most influential on
 * top, a bar of μ* (the mean absolute elementary effect) with a whisker over its bootstrap
 * interval, and an open circle at σ (the spread of the effects: non-linearity or
 * interactions). A parameter with σ well above μ* acts mostly through interactions.
 *
 * Marks: `g.tornado-row` (with `rect.mu-star-bar`, `line.mu-star-ci`, `circle.sigma-marker`
 * and a `<title>` with the numbers), `g.x-axis`.
 *
 * @example
 * ```ts
 * // One analysis of sensitivity.json (`chokepoint sensitivity` of a morris sweep):
 * const analysis: SensitivityAnalysisData = {
 *   metric: 'state/CN/imports', arm: 'coalition', at: 'last', step: 24, points: 40, replicates: 2, noiseShare: 0.1, confidence: 0.95,
 *   morris: [
 *     { parameter: 'params.substitutionRate', mu: -0.8, muStar: 1.2, sigma: 0.9, muStarCi: [0.9, 1.5] },
 *     { parameter: 'coalition_share', mu: -2.1, muStar: 2.1, sigma: 0.4, muStarCi: [1.8, 2.4] },
 *   ],
 * };
 * const svg = tornadoChart(analysis, {}, document);
 * // Most influential first:
 * console.log([...svg.querySelectorAll('text.parameter-label')].map((t) => t.textContent)); // ['coalition_share', 'substitutionRate']
 * ```
 */
export function tornadoChart(
  analysis: Pick<SensitivityAnalysisData, 'metric' | 'arm' | 'morris'> & Partial<SensitivityAnalysisData>,
  options: TornadoOptions = {},
  document?: Document,
): SVGSVGElement {
  const doc = resolveDocument(document);
  const width = options.width ?? 720;
  const labelOf = options.parameterLabelOf ?? parameterLabel;
  const rows = [...(analysis.morris ?? [])]
    .filter((m) => Number.isFinite(m.muStar))
    .sort((a, b) => b.muStar - a.muStar);
  const level = `${Math.round(100 * (analysis.confidence ?? 0.95))}%`;
  const metric = metricLabel(analysis.metric);
  const title = options.title ?? `Morris screening: ${metric} — ${analysis.arm}`;
  const subtitle =
    options.subtitle ??
    `Bars: μ*, the mean absolute elementary effect (change of the metric per full range of the parameter), with ${level} bootstrap intervals; circles: σ, the spread of the effects (non-linearity or interactions).${analysis.step !== undefined ? ` ${analysis.at === 'last' ? 'Final step' : 'Step'} ${analysis.step}, mean of ${analysis.replicates ?? '?'} replicate(s) per point.` : ''}`;
  const colour = okabeIto.blue;
  const frame = createChartFrame(doc, {
    kind: 'tornado-chart',
    width,
    height: options.height ?? 300,
    title,
    subtitle,
    description: `Tornado chart of the Morris measures of ${rows.length} parameters for ${metric} in arm ${analysis.arm}.`,
    legend: [
      { label: 'μ* (mean |effect|)', colour, symbol: 'rect' },
      { label: `${level} interval of μ*`, colour: inkColour, symbol: 'line' },
      { label: 'σ (spread of effects)', colour: okabeIto.vermillion, symbol: 'ring' },
    ],
  });
  const rowHeight = 26;
  const labelWidth = Math.min(
    width * 0.35,
    Math.max(60, max(rows, (r) => estimateTextWidth(labelOf(r.parameter), fontSizes.tick)) ?? 60),
  );
  const margin = { top: frame.top + 4, right: 28, bottom: 52, left: 16 + labelWidth + 10 };
  const height = options.height ?? Math.max(200, margin.top + rows.length * rowHeight + 8 + margin.bottom);
  setFrameHeight(frame, height);
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const plot = frame.svg.append('g').attr('class', 'plot').attr('transform', `translate(${margin.left},${margin.top})`);
  if (rows.length === 0) {
    noDataNote(plot, plotWidth, plotHeight);
    return frame.svg.node()!;
  }
  const hi = Math.max(max(rows, (r) => Math.max(r.muStar, r.muStarCi?.[1] ?? 0, r.sigma ?? 0)) ?? 1, 0);
  const lo = Math.min(0, min(rows, (r) => r.muStarCi?.[0] ?? 0) ?? 0);
  const x = scaleLinear()
    .domain([lo, hi > lo ? hi * 1.04 : lo + 1])
    .nice(6)
    .range([0, plotWidth]);
  drawBottomAxis(plot.append('g').attr('transform', `translate(0,${plotHeight})`), x, plotWidth, {
    label: `Elementary effect on ${metric} (per full parameter range)`,
    ticks: 6,
    tickFormat: (v) => formatValue(v as number),
    gridLength: plotHeight,
  });
  plot
    .append('line')
    .attr('class', 'zero-line')
    .attr('x1', x(0))
    .attr('x2', x(0))
    .attr('y1', 0)
    .attr('y2', plotHeight)
    .attr('stroke', neutralGrey)
    .attr('stroke-width', 1);
  rows.forEach((row, i) => {
    const y = i * rowHeight;
    const cy = y + rowHeight / 2;
    const group = plot.append('g').attr('class', 'tornado-row').attr('data-parameter', row.parameter);
    group
      .append('title')
      .text(
        `${row.parameter}: μ* ${formatValue(row.muStar)}${row.muStarCi ? ` (${level} interval ${formatValue(row.muStarCi[0])} to ${formatValue(row.muStarCi[1])})` : ''}, μ ${formatValue(row.mu)}, σ ${row.sigma === null ? '–' : formatValue(row.sigma)}`,
      );
    group
      .append('text')
      .attr('class', 'parameter-label')
      .attr('x', -10)
      .attr('y', cy + 4)
      .attr('text-anchor', 'end')
      .attr('font-size', fontSizes.tick)
      .attr('fill', mutedInkColour)
      .text(truncateText(labelOf(row.parameter), fontSizes.tick, labelWidth));
    group
      .append('rect')
      .attr('class', 'mu-star-bar')
      .attr('x', x(0))
      .attr('y', y + 5)
      .attr('width', Math.max(0, x(row.muStar) - x(0)))
      .attr('height', rowHeight - 10)
      .attr('fill', colour)
      .attr('fill-opacity', 0.85);
    if (row.muStarCi) {
      const [a, b] = row.muStarCi;
      group
        .append('line')
        .attr('class', 'mu-star-ci')
        .attr('x1', x(a))
        .attr('x2', x(b))
        .attr('y1', cy)
        .attr('y2', cy)
        .attr('stroke', inkColour)
        .attr('stroke-width', 1.5);
      for (const end of [a, b])
        group
          .append('line')
          .attr('x1', x(end))
          .attr('x2', x(end))
          .attr('y1', cy - 4)
          .attr('y2', cy + 4)
          .attr('stroke', inkColour)
          .attr('stroke-width', 1.5);
    }
    if (row.sigma !== null && Number.isFinite(row.sigma)) {
      group
        .append('circle')
        .attr('class', 'sigma-marker')
        .attr('cx', x(row.sigma))
        .attr('cy', cy)
        .attr('r', 4.5)
        .attr('fill', '#FFFFFF')
        .attr('stroke', okabeIto.vermillion)
        .attr('stroke-width', 2);
    }
  });
  return frame.svg.node()!;
}
