import { max, min, scaleLinear } from 'd3';
import { drawBottomAxis } from './axes.js';
import { createChartFrame, noDataNote, resolveDocument, setFrameHeight, type ChartOptions } from './chartFrame.js';
import { metricLabel } from './metricInfo.js';
import { inkColour, mutedInkColour, neutralGrey, okabeIto } from './palette.js';
import { fontSizes } from './style.js';
import { estimateTextWidth, truncateText } from './textWidth.js';
import { parameterLabel } from './tornadoChart.js';
import type { SensitivityAnalysisData, SensitivitySobolIndex } from './types.js';

/**
 * Options of {@link sensitivityIndexChart}.
 *
 * @example
 * ```ts
 * const analysis = { metric: 'state/CN/output', arm: 'base', sobol: [{ parameter: 'licence', S1: 0.7, S1Ci: null, ST: 0.8, STCi: null }] };
 * const options: SensitivityIndexOptions = { parameterLabelOf: (p) => `parameter ${p}`, width: 500 };
 * const svg = sensitivityIndexChart(analysis, options, document);
 * console.log(svg.getAttribute('viewBox')!.startsWith('0 0 500'), svg.querySelector('text.parameter-label')!.textContent); // true parameter licence
 * ```
 */
export interface SensitivityIndexOptions extends ChartOptions {
  /** Label of a parameter. Default: its key without a `params.` prefix. */
  parameterLabelOf?: (parameter: string) => string;
}

const finite = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

/**
 * Draws the Sobol indices of an analysis as paired horizontal bars: per parameter (largest
 * total index on top) the first-order index S1 and the total index ST, each with a whisker
 * over its bootstrap interval. ST − S1 is the share of variance from the parameter's
 * interactions; ST near 0 means the parameter can be fixed anywhere in its range.
 *
 * Marks: `g.index-row` (with `rect.index-bar[data-index=S1|ST]`, `line.index-ci` and a
 * `<title>` with the numbers), `g.x-axis`.
 *
 * @example
 * ```ts
 * // One analysis of sensitivity.json (`chokepoint sensitivity` of a sobol sweep):
 * const analysis: SensitivityAnalysisData = {
 *   metric: 'state/CN/output', arm: 'base', at: 'last', step: 6, points: 16, replicates: 2, noiseShare: null, confidence: 0.95,
 *   sobol: [
 *     { parameter: 'licence', S1: 0.7, S1Ci: [0.5, 0.9], ST: 0.8, STCi: [0.6, 1] },
 *     { parameter: 'params.substitutionRate', S1: 0.1, S1Ci: [0, 0.3], ST: 0.25, STCi: [0.1, 0.4] },
 *   ],
 * };
 * const svg = sensitivityIndexChart(analysis, {}, document);
 * console.log(svg.querySelectorAll('g.index-row').length, svg.querySelectorAll('rect.index-bar[data-index=ST]').length); // 2 2
 * ```
 */
export function sensitivityIndexChart(
  analysis: Pick<SensitivityAnalysisData, 'metric' | 'arm' | 'sobol'> & Partial<SensitivityAnalysisData>,
  options: SensitivityIndexOptions = {},
  document?: Document,
): SVGSVGElement {
  const doc = resolveDocument(document);
  const width = options.width ?? 720;
  const labelOf = options.parameterLabelOf ?? parameterLabel;
  const rows = [...(analysis.sobol ?? [])]
    .filter((s) => finite(s.S1) || finite(s.ST))
    .sort((a, b) => (finite(b.ST) ? b.ST : -1) - (finite(a.ST) ? a.ST : -1));
  const level = `${Math.round(100 * (analysis.confidence ?? 0.95))}%`;
  const metric = metricLabel(analysis.metric);
  const colours = { S1: okabeIto.blue, ST: okabeIto.vermillion } as const;
  const frame = createChartFrame(doc, {
    kind: 'sensitivity-index-chart',
    width,
    height: options.height ?? 300,
    title: options.title ?? `Sobol indices: ${metric} — ${analysis.arm}`,
    subtitle:
      options.subtitle ??
      `Share of the variance of ${metric} over the design explained by each parameter alone (S1) and with its interactions (ST), with ${level} bootstrap intervals.${analysis.step !== undefined ? ` ${analysis.at === 'last' ? 'Final step' : 'Step'} ${analysis.step}, mean of ${analysis.replicates ?? '?'} replicate(s) per point.` : ''}`,
    description: `Bar chart of first-order and total Sobol indices of ${rows.length} parameters for ${metric} in arm ${analysis.arm}.`,
    legend: [
      { label: 'S1 (first order)', colour: colours.S1, symbol: 'rect' },
      { label: 'ST (total)', colour: colours.ST, symbol: 'rect' },
      { label: `${level} interval`, colour: inkColour, symbol: 'line' },
    ],
  });
  const barHeight = 11;
  const rowHeight = 2 * barHeight + 14;
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
  const values = rows.flatMap((r) => [r.S1, r.ST, ...(r.S1Ci ?? []), ...(r.STCi ?? [])]).filter(finite);
  const x = scaleLinear()
    .domain([Math.min(0, min(values) ?? 0), Math.max(1, max(values) ?? 1)])
    .nice(5)
    .range([0, plotWidth]);
  drawBottomAxis(plot.append('g').attr('transform', `translate(0,${plotHeight})`), x, plotWidth, {
    label: 'Sobol index (share of variance)',
    ticks: 5,
    tickFormat: (v) => (v as number).toFixed(1),
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
  const fmt = (v: number | null): string => (finite(v) ? v.toFixed(3) : '–');
  const ci = (c: [number, number] | null): string => (c ? ` [${fmt(c[0])}, ${fmt(c[1])}]` : '');
  rows.forEach((row: SensitivitySobolIndex, i) => {
    const y = i * rowHeight + 6;
    const group = plot.append('g').attr('class', 'index-row').attr('data-parameter', row.parameter);
    group.append('title').text(`${row.parameter}: S1 ${fmt(row.S1)}${ci(row.S1Ci)}, ST ${fmt(row.ST)}${ci(row.STCi)}`);
    group
      .append('text')
      .attr('class', 'parameter-label')
      .attr('x', -10)
      .attr('y', y + barHeight + 4)
      .attr('text-anchor', 'end')
      .attr('font-size', fontSizes.tick)
      .attr('fill', mutedInkColour)
      .text(truncateText(labelOf(row.parameter), fontSizes.tick, labelWidth));
    (['S1', 'ST'] as const).forEach((name, b) => {
      const value = row[name];
      const interval = row[`${name}Ci` as const];
      const top = y + b * (barHeight + 2);
      if (finite(value)) {
        const x0 = x(Math.min(0, value));
        group
          .append('rect')
          .attr('class', 'index-bar')
          .attr('data-index', name)
          .attr('x', x0)
          .attr('y', top)
          .attr('width', Math.abs(x(value) - x(0)))
          .attr('height', barHeight)
          .attr('fill', colours[name])
          .attr('fill-opacity', 0.85);
      }
      if (interval) {
        const cy = top + barHeight / 2;
        group
          .append('line')
          .attr('class', 'index-ci')
          .attr('x1', x(interval[0]))
          .attr('x2', x(interval[1]))
          .attr('y1', cy)
          .attr('y2', cy)
          .attr('stroke', inkColour)
          .attr('stroke-width', 1.3);
        for (const end of interval)
          group
            .append('line')
            .attr('x1', x(end))
            .attr('x2', x(end))
            .attr('y1', cy - 3)
            .attr('y2', cy + 3)
            .attr('stroke', inkColour)
            .attr('stroke-width', 1.3);
      }
    });
  });
  return frame.svg.node()!;
}
