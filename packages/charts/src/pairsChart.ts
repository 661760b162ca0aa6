import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';
import { drawBottomAxis, drawLeftAxis } from './axes.js';
import { createChartFrame, noDataNote, resolveDocument, setFrameHeight, type ChartOptions } from './chartFrame.js';
import { formatShort, formatValue } from './format.js';
import { inkColour, mutedInkColour, neutralGrey, okabeIto } from './palette.js';
import { fontSizes } from './style.js';
import { truncateText } from './textWidth.js';

/**
 * One parameter of a {@link pairsChart}.
 *
 * @example
 * ```ts
 * const elasticity: PairsParameter = { name: 'params.tariffElasticity', scale: 'log', range: [0.5, 50] };
 * const svg = pairsChart({ parameters: [elasticity], samples: [{ values: [2], accepted: true }, { values: [20], accepted: false }] }, {}, document);
 * console.log(svg.querySelectorAll('g.pairs-cell').length); // 1
 * ```
 */
export interface PairsParameter {
  /** Name, e.g. `params.tariffElasticity`. */
  name: string;
  /** Axis scale: `log` for parameters with a log-uniform prior. Default `linear`. */
  scale?: 'linear' | 'log';
  /** Axis range, e.g. the prior's bounds. Default: the range of the samples. */
  range?: [number, number];
}

/**
 * Input of {@link pairsChart}: the parameters and every sample, accepted or not.
 *
 * @example
 * ```ts
 * const data: PairsChartData = {
 *   parameters: [{ name: 'a', range: [0, 1] }, { name: 'b', range: [0, 1] }],
 *   samples: [0.1, 0.3, 0.5, 0.7, 0.9].map((a) => ({ values: [a, 1 - a], accepted: a < 0.6 })),
 *   reference: [0.3, 0.7],
 * };
 * const svg = pairsChart(data, {}, document);
 * // 2 × 2 cells; 3 accepted and 2 rejected samples in the scatter plot below the diagonal:
 * console.log(svg.querySelectorAll('g.pairs-cell').length, svg.querySelectorAll('circle.sample-accepted').length, svg.querySelectorAll('circle.sample-rejected').length); // 4 3 2
 * ```
 */
export interface PairsChartData {
  /** The parameters, in the order of each sample's values. */
  parameters: readonly PairsParameter[];
  /** The samples: parameter values, and whether the sample was accepted. */
  samples: ReadonlyArray<{ values: readonly number[]; accepted: boolean }>;
  /** Reference values drawn as dashed lines, e.g. the true values in a recovery test. */
  reference?: readonly number[];
}

/**
 * Options of {@link pairsChart}.
 *
 * @example
 * ```ts
 * const data: PairsChartData = { parameters: [{ name: 'a', range: [0, 1] }], samples: [0.05, 0.15, 0.95].map((a) => ({ values: [a], accepted: true })) };
 * const options: PairsChartOptions = { bins: 10, title: 'Posterior of a' };
 * console.log(pairsChart(data, options, document).querySelectorAll('rect.posterior-bar').length); // 3
 * ```
 */
export interface PairsChartOptions extends ChartOptions {
  /** Bins of the histograms. Default 20. */
  bins?: number;
}

const acceptedColour = okabeIto.blue;
const referenceColour = okabeIto.vermillion;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) / 2;
  return sorted.length === 0 ? Number.NaN : (sorted[Math.floor(h)]! + sorted[Math.ceil(h)]!) / 2;
}

/** Ticks of a log axis: 1, 2, 5 × 10^k inside the domain, thinned to powers of ten when there are many. */
function logTicks(lo: number, hi: number, most: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = Number((m * 10 ** e).toPrecision(6));
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
  }
  if (out.length <= most) return out;
  const decades = out.filter(
    (v) => Number.isInteger(Math.log10(v)) || Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9,
  );
  return decades.length >= 2 ? decades : [out[0]!, out[out.length - 1]!];
}

function correlation(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 3) return Number.NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}

/**
 * Draws a pairs chart (scatter-plot matrix) of calibration samples: on the diagonal, the
 * histogram of each parameter's accepted values (the posterior, filled) over that of every
 * sample (the prior draws, grey outline), with the posterior median as a line; below the
 * diagonal, each pair of parameters as a scatter plot, rejected samples as small grey dots and
 * accepted ones in colour; above it, the correlation of the accepted values.
 *
 * Marks: `g.pairs-cell` (with `data-row`, `data-col`), `rect.posterior-bar`,
 * `rect.prior-bar`, `line.posterior-median`, `circle.sample-accepted`,
 * `circle.sample-rejected`, `text.pairs-correlation`, `line.reference`.
 *
 * @example
 * ```ts
 * const svg = pairsChart({
 *   parameters: [{ name: 'params.tariffElasticity', scale: 'log', range: [0.5, 50] }, { name: 'params.substitutionRate', range: [0, 1] }],
 *   samples: [{ values: [2, 0.3], accepted: true }, { values: [20, 0.9], accepted: false }],
 * }, {}, document);
 * console.log(svg.querySelectorAll('g.pairs-cell').length, svg.querySelectorAll('text.pairs-correlation').length); // 4 1
 * ```
 */
export function pairsChart(data: PairsChartData, options: PairsChartOptions = {}, document?: Document): SVGSVGElement {
  const doc = resolveDocument(document);
  const k = data.parameters.length;
  const width = options.width ?? Math.max(440, Math.min(960, 210 * k + 110));
  const accepted = data.samples.filter((s) => s.accepted);
  const title = options.title ?? 'Calibration: posterior of the parameters';
  const subtitle =
    options.subtitle ??
    `Rejection ABC: ${accepted.length} of ${data.samples.length} samples accepted. Diagonal: histogram of the accepted values (posterior, filled) over all draws (prior, grey), line at the posterior median. Below: pairs of parameters (grey: rejected, blue: accepted). Above: correlation r of the accepted values.`;
  const legend = [
    { label: 'accepted (posterior)', colour: acceptedColour, symbol: 'circle' as const },
    { label: 'rejected (prior draws)', colour: neutralGrey, symbol: 'circle' as const },
    ...(data.reference ? [{ label: 'reference value', colour: referenceColour, symbol: 'dashed' as const }] : []),
  ];
  const frame = createChartFrame(doc, {
    kind: 'pairs-chart',
    width,
    height: options.height ?? 400,
    title,
    subtitle,
    description: `Pairs chart of ${k} parameter(s): ${accepted.length} accepted of ${data.samples.length} samples.`,
    legend,
  });
  const margin = { top: frame.top + 4, right: 16, bottom: 56, left: 74 };
  const gap = 10;
  const cell = Math.max(60, (width - margin.left - margin.right - gap * (k - 1)) / Math.max(1, k));
  const height = options.height ?? margin.top + k * cell + (k - 1) * gap + margin.bottom;
  setFrameHeight(frame, height);
  const plot = frame.svg.append('g').attr('class', 'plot').attr('transform', `translate(${margin.left},${margin.top})`);
  if (k === 0 || data.samples.length === 0) {
    noDataNote(plot, width - margin.left - margin.right, height - margin.top - margin.bottom);
    return frame.svg.node()!;
  }

  const column = (j: number, list: ReadonlyArray<{ values: readonly number[] }>): number[] =>
    list.map((s) => s.values[j]!).filter((v) => Number.isFinite(v));
  const logs = data.parameters.map(
    (p, j) =>
      p.scale === 'log' && column(j, data.samples).every((v) => v > 0) && (p.range === undefined || p.range[0] > 0),
  );
  const scales: Array<ScaleContinuousNumeric<number, number>> = data.parameters.map((p, j) => {
    const all = column(j, data.samples);
    const log = logs[j]!;
    const lo = p.range?.[0] ?? Math.min(...all);
    const hi = p.range?.[1] ?? Math.max(...all);
    const domain: [number, number] = lo < hi ? [lo, hi] : [lo - 0.5, hi + 0.5];
    return (log ? scaleLog() : scaleLinear()).domain(domain).range([0, cell]);
  });
  const bins = options.bins ?? 20;
  const tickCount = cell < 140 ? 3 : 4;
  const ticksOf = (j: number): number | number[] => {
    if (!logs[j]) return tickCount;
    const [lo, hi] = scales[j]!.domain() as [number, number];
    return logTicks(lo, hi, tickCount + 2);
  };
  const format = (v: number): string => formatShort(v);

  for (let row = 0; row < k; row++) {
    for (let col = 0; col < k; col++) {
      const g = plot
        .append('g')
        .attr('class', 'pairs-cell')
        .attr('data-row', row)
        .attr('data-col', col)
        .attr('transform', `translate(${col * (cell + gap)},${row * (cell + gap)})`);
      const x = scales[col]!;
      if (row < col) {
        const r = correlation(
          accepted.map((s) => s.values[col]!),
          accepted.map((s) => s.values[row]!),
        );
        g.append('rect').attr('width', cell).attr('height', cell).attr('fill', 'none').attr('stroke', '#E4E4E4');
        g.append('text')
          .attr('class', 'pairs-correlation')
          .attr('x', cell / 2)
          .attr('y', cell / 2 + 5)
          .attr('text-anchor', 'middle')
          .attr('font-size', fontSizes.axisLabel)
          .attr('fill', Number.isFinite(r) && Math.abs(r) >= 0.5 ? inkColour : mutedInkColour)
          .text(Number.isFinite(r) ? `r = ${r.toFixed(2)}` : 'r = –');
        continue;
      }
      g.append('rect')
        .attr('width', cell)
        .attr('height', cell)
        .attr('fill', '#FFFFFF')
        .attr('stroke', inkColour)
        .attr('stroke-width', 0.6);
      if (row === col) {
        // Histograms on the parameter's axis scale, as densities so prior and posterior compare.
        const [lo, hi] = x.domain() as [number, number];
        const log = logs[col]!;
        const t = (v: number): number => (log ? Math.log(v) : v);
        const edges = Array.from({ length: bins + 1 }, (_, b) =>
          log ? Math.exp(t(lo) + ((t(hi) - t(lo)) * b) / bins) : lo + ((hi - lo) * b) / bins,
        );
        const density = (values: number[]): number[] => {
          const counts = new Array<number>(bins).fill(0);
          for (const v of values) {
            if (!(v >= lo && v <= hi)) continue;
            const b = Math.min(bins - 1, Math.floor(((t(v) - t(lo)) / (t(hi) - t(lo))) * bins));
            counts[b]!++;
          }
          return counts.map((c) => (values.length > 0 ? c / values.length : 0));
        };
        const prior = density(column(col, data.samples));
        const posterior = density(column(col, accepted));
        const top = Math.max(...prior, ...posterior, 1e-12);
        const y = scaleLinear()
          .domain([0, top * 1.08])
          .range([cell, 0]);
        for (let b = 0; b < bins; b++) {
          const x0 = x(edges[b]!);
          const w = Math.max(0.5, x(edges[b + 1]!) - x0 - 0.6);
          if (posterior[b]! > 0)
            g.append('rect')
              .attr('class', 'posterior-bar')
              .attr('x', x0)
              .attr('y', y(posterior[b]!))
              .attr('width', w)
              .attr('height', cell - y(posterior[b]!))
              .attr('fill', acceptedColour)
              .attr('fill-opacity', 0.75);
          if (prior[b]! > 0)
            g.append('rect')
              .attr('class', 'prior-bar')
              .attr('x', x0)
              .attr('y', y(prior[b]!))
              .attr('width', w)
              .attr('height', cell - y(prior[b]!))
              .attr('fill', 'none')
              .attr('stroke', neutralGrey)
              .attr('stroke-width', 1);
        }
        const m = median(column(col, accepted));
        if (Number.isFinite(m)) {
          g.append('line')
            .attr('class', 'posterior-median')
            .attr('x1', x(m))
            .attr('x2', x(m))
            .attr('y1', 0)
            .attr('y2', cell)
            .attr('stroke', inkColour)
            .attr('stroke-width', 1.5)
            .append('title')
            .text(`${data.parameters[col]!.name}: posterior median ${formatValue(m)}`);
        }
        const ref = data.reference?.[col];
        if (ref !== undefined && Number.isFinite(ref)) {
          g.append('line')
            .attr('class', 'reference')
            .attr('x1', x(ref))
            .attr('x2', x(ref))
            .attr('y1', 0)
            .attr('y2', cell)
            .attr('stroke', referenceColour)
            .attr('stroke-width', 1.5)
            .attr('stroke-dasharray', '4 3');
        }
      } else {
        const y = scales[row]!.copy().range([cell, 0]);
        const dot = (s: { values: readonly number[] }): boolean =>
          Number.isFinite(s.values[col]!) && Number.isFinite(s.values[row]!);
        for (const s of data.samples) {
          if (s.accepted || !dot(s)) continue;
          g.append('circle')
            .attr('class', 'sample-rejected')
            .attr('cx', x(s.values[col]!))
            .attr('cy', y(s.values[row]!))
            .attr('r', 1.6)
            .attr('fill', neutralGrey)
            .attr('fill-opacity', 0.45);
        }
        for (const s of accepted) {
          if (!dot(s)) continue;
          g.append('circle')
            .attr('class', 'sample-accepted')
            .attr('cx', x(s.values[col]!))
            .attr('cy', y(s.values[row]!))
            .attr('r', 2.6)
            .attr('fill', acceptedColour)
            .attr('fill-opacity', 0.85);
        }
        const rx = data.reference?.[col];
        const ry = data.reference?.[row];
        if (rx !== undefined && ry !== undefined && Number.isFinite(rx) && Number.isFinite(ry)) {
          g.append('line')
            .attr('class', 'reference')
            .attr('x1', x(rx))
            .attr('x2', x(rx))
            .attr('y1', 0)
            .attr('y2', cell)
            .attr('stroke', referenceColour)
            .attr('stroke-dasharray', '4 3');
          g.append('line')
            .attr('class', 'reference')
            .attr('x1', 0)
            .attr('x2', cell)
            .attr('y1', y(ry))
            .attr('y2', y(ry))
            .attr('stroke', referenceColour)
            .attr('stroke-dasharray', '4 3');
        }
        if (col === 0) {
          drawLeftAxis(g, y, cell, {
            label: truncateText(data.parameters[row]!.name, fontSizes.axisLabel, cell),
            ticks: ticksOf(row),
            tickFormat: (v) => format(v as number),
            labelOffset: 56,
          });
        }
      }
      if (row === k - 1) {
        drawBottomAxis(g.append('g').attr('transform', `translate(0,${cell})`), x, cell, {
          label: truncateText(data.parameters[col]!.name, fontSizes.axisLabel, cell + gap),
          ticks: ticksOf(col),
          tickFormat: (v) => format(v as number),
        });
      }
    }
  }
  // Row 0's name, which has no scatter cell on its left.
  if (k > 1) {
    plot
      .append('text')
      .attr('class', 'axis-label y-label')
      .attr('transform', `translate(${-56},${cell / 2}) rotate(-90)`)
      .attr('text-anchor', 'middle')
      .attr('font-size', fontSizes.axisLabel)
      .attr('fill', inkColour)
      .text(truncateText(data.parameters[0]!.name, fontSizes.axisLabel, cell));
  }
  return frame.svg.node()!;
}
