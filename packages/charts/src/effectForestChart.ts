import { max, min, scaleLinear } from 'd3';
import { drawBottomAxis } from './axes.js';
import { createChartFrame, noDataNote, resolveDocument, setFrameHeight, type ChartOptions } from './chartFrame.js';
import { formatPercent, formatValue } from './format.js';
import { metricLabel, parseMetricName, describeVariable } from './metricInfo.js';
import { colourScale, inkColour, mutedInkColour, neutralGrey } from './palette.js';
import { fontSizes } from './style.js';
import { estimateTextWidth, truncateText } from './textWidth.js';
import type { SummaryEffect, SummaryMetric } from './types.js';

/**
 * Input of {@link effectForestChart}: the `effects` of summary.json, and its `metrics` to scale them.
 *
 * @example
 * ```ts
 * const data: EffectSizeData = { effects: summary.effects.filter((e) => e.metric === 'world/world/welfare'), metrics: summary.metrics };
 * console.log(effectForestChart(data, {}, document).querySelectorAll('g.effect-row').length); // 3
 * ```
 */
export interface EffectSizeData {
  /** Effects of treatment arms against the control. */
  effects: readonly SummaryEffect[];
  /** Per-arm summaries; the control arm's means turn differences into relative effects. */
  metrics?: readonly SummaryMetric[];
}

/**
 * Options of {@link effectForestChart}.
 *
 * @example
 * ```ts
 * const options: EffectForestOptions = { scale: 'difference', labelOf: (metric) => metric.split('/').join(' '), title: 'Effects' };
 * const svg = effectForestChart(summary, options, document);
 * console.log([...svg.querySelectorAll('text.metric-label')].map((t) => t.textContent)); // ['state CN output', 'state US output', 'product sme leakage', 'world world welfare', 'state_product CN:chip capability']
 * ```
 */
export interface EffectForestOptions extends ChartOptions {
  /**
   * 'relative' plots difference / control mean in %, comparable across metrics;
   * 'difference' plots raw differences. Default: 'relative' when every effect has a control mean.
   */
  scale?: 'relative' | 'difference';
  /** Label of a metric. Default: {@link metricLabel}. */
  labelOf?: (metric: string) => string;
  /** Label of a sweep point, e.g. its parameter values '0.1, 0.5'. Default: 'point N'. */
  pointLabelOf?: (point: number) => string;
  /** What the point labels list, for the subtitle, e.g. 'substitutionRate, licenceProbability'. */
  pointLabelTitle?: string;
}

interface ForestRow {
  effect: SummaryEffect;
  centre: number;
  low: number;
  high: number;
  controlMean: number | null;
}

/**
 * Draws a forest plot of effect sizes: one row per treatment arm × metric (× sweep point),
 * a marker at the difference from the control arm and a whisker over its 95% CI, grouped
 * by metric, against a dashed line at no effect. A filled marker means the CI excludes zero.
 *
 * Marks: `g.effect-row` (with `line.effect-ci`, `rect.effect-marker` and a `<title>` with the numbers),
 * `line.zero-line`, `g.x-axis`, `text.metric-label`.
 *
 * @example
 * ```ts
 * // summary: the content of summary.json.
 * const svg = effectForestChart(summary, {}, document);
 * // One row per treatment arm and key metric:
 * console.log(svg.querySelectorAll('g.effect-row').length, summary.effects.length); // 15 15
 * ```
 */
export function effectForestChart(data: EffectSizeData, options: EffectForestOptions = {}, document?: Document): SVGSVGElement {
  const doc = resolveDocument(document);
  const width = options.width ?? 720;
  const labelOf = options.labelOf ?? metricLabel;
  const controlMeans = new Map<string, number>();
  for (const m of data.metrics ?? []) controlMeans.set(`${m.arm}|${m.point}|${m.metric}`, m.mean);
  const controlMeanOf = (e: SummaryEffect): number | null => {
    const direct = controlMeans.get(`${e.control}|${e.point}|${e.metric}`);
    if (direct !== undefined && direct !== 0) return direct;
    if (e.relative != null && e.relative !== 0 && e.difference !== 0) return e.difference / e.relative;
    return null;
  };
  const canScale = data.effects.length > 0 && data.effects.every((e) => controlMeanOf(e) != null);
  const mode = options.scale ?? (canScale ? 'relative' : 'difference');
  const relative = mode === 'relative' && canScale;
  const metrics = [...new Set(data.effects.map((e) => e.metric))];
  const arms = [...new Set(data.effects.map((e) => e.arm))];
  const points = new Set(data.effects.map((e) => e.point));
  const colourOf = options.palette?.arm ?? colourScale(arms);
  const rows: ForestRow[] = [];
  for (const metric of metrics) {
    for (const effect of data.effects.filter((e) => e.metric === metric)) {
      const controlMean = controlMeanOf(effect);
      const divide = relative && controlMean != null ? Math.abs(controlMean) : 1;
      rows.push({ effect, controlMean, centre: effect.difference / divide, low: (effect.ci95?.[0] ?? effect.difference) / divide, high: (effect.ci95?.[1] ?? effect.difference) / divide });
    }
  }
  const rowHeight = data.effects.length > 24 ? 18 : 22;
  const groupGap = 26;
  const controls = [...new Set(data.effects.map((e) => e.control))];
  const title = options.title ?? 'Effect sizes against the control arm';
  const subtitle =
    options.subtitle ??
    `${relative ? 'Difference from the control mean, in % of it' : 'Difference from the control mean'} at the final step; whiskers: 95% confidence interval (Welch's t); filled: interval excludes 0. Control: ${controls.join(', ') || '–'}.${options.pointLabelTitle && points.size > 1 ? ` Rows: arm (${options.pointLabelTitle}).` : ''}`;
  const legend = arms.map((arm) => ({ label: arm, colour: colourOf(arm), symbol: 'rect' as const }));
  const frame = createChartFrame(doc, {
    kind: 'effect-forest-chart',
    width,
    height: options.height ?? 400,
    title,
    subtitle,
    description: `Forest plot of ${rows.length} effects of ${arms.length} treatment arm(s) on ${metrics.length} metric(s), with 95% confidence intervals.`,
    legend,
    legendTitle: 'Arm',
  });
  const showPoint = points.size > 1;
  const pointLabelOf = options.pointLabelOf ?? ((point: number) => `point ${point}`);
  const armLabel = (e: SummaryEffect) => (showPoint ? `${e.arm} (${pointLabelOf(e.point)})` : e.arm);
  const labelWidth = Math.min(
    width * 0.4,
    Math.max(
      max(metrics, (m) => estimateTextWidth(labelOf(m), fontSizes.axisLabel, true)) ?? 80,
      (max(rows, (r) => estimateTextWidth(armLabel(r.effect), fontSizes.tick)) ?? 60) + 14,
    ),
  );
  const margin = { top: frame.top + 6, right: 28, bottom: 52, left: 16 + labelWidth + 14 };
  const contentHeight = rows.length * rowHeight + metrics.length * groupGap;
  const height = options.height ?? Math.max(260, margin.top + contentHeight + 8 + margin.bottom);
  setFrameHeight(frame, height);
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const plot = frame.svg.append('g').attr('class', 'plot').attr('transform', `translate(${margin.left},${margin.top})`);
  if (rows.length === 0) {
    noDataNote(plot, plotWidth, plotHeight);
    return frame.svg.node()!;
  }
  const lo = Math.min(0, min(rows, (r) => r.low) ?? 0);
  const hi = Math.max(0, max(rows, (r) => r.high) ?? 0);
  const pad = (hi - lo) * 0.06 || 1;
  const x = scaleLinear().domain([lo - pad, hi + pad]).nice(6).range([0, plotWidth]);
  const format = (v: number) => (relative ? formatPercent(v) : formatValue(v));
  const commonUnit = (() => {
    const units = new Set(metrics.map((m) => describeVariable(parseMetricName(m).variable).unit));
    return units.size === 1 ? [...units][0]! : 'units of each metric';
  })();
  drawBottomAxis(plot.append('g').attr('transform', `translate(0,${plotHeight})`), x, plotWidth, {
    label: relative ? 'Effect relative to the control mean (%)' : `Difference from control (${commonUnit})`,
    ticks: 6,
    tickFormat: (v) => format(v as number),
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
    .attr('stroke-width', 1.2)
    .attr('stroke-dasharray', '4 3');
  const markerHalf = rowHeight > 20 ? 5 : 4;
  let y = 0;
  for (const metric of metrics) {
    y += groupGap - 6;
    plot
      .append('text')
      .attr('class', 'metric-label')
      .attr('x', -labelWidth - 14)
      .attr('y', y - 4)
      .attr('font-size', fontSizes.axisLabel)
      .attr('font-weight', 'bold')
      .attr('fill', inkColour)
      .text(truncateText(labelOf(metric), fontSizes.axisLabel, labelWidth + 10, true));
    y += 6;
    for (const row of rows.filter((r) => r.effect.metric === metric)) {
      const cy = y + rowHeight / 2;
      const e = row.effect;
      const colour = colourOf(e.arm);
      const excludesZero = e.ci95 != null && (e.ci95[0] > 0 || e.ci95[1] < 0); // ci95 is null with fewer than 2 replicates
      const group = plot.append('g').attr('class', 'effect-row').attr('data-arm', e.arm).attr('data-metric', metric).attr('data-point', e.point);
      group
        .append('title')
        .text(
          `${e.arm} vs ${e.control}, ${labelOf(metric)}${showPoint ? ` (${pointLabelOf(e.point)})` : ''}: difference ${formatValue(e.difference)}${e.ci95 ? ` (95% CI ${formatValue(e.ci95[0])} to ${formatValue(e.ci95[1])})` : ''}` +
            (e.relative != null ? `, relative ${formatPercent(e.relative)}` : '') +
            (row.controlMean != null ? `; control mean ${formatValue(row.controlMean)}` : ''),
        );
      group
        .append('text')
        .attr('class', 'arm-label')
        .attr('x', -labelWidth)
        .attr('y', cy + 4)
        .attr('font-size', fontSizes.tick)
        .attr('fill', mutedInkColour)
        .text(truncateText(armLabel(e), fontSizes.tick, labelWidth - 4));
      group
        .append('line')
        .attr('class', 'effect-ci')
        .attr('x1', x(row.low))
        .attr('x2', x(row.high))
        .attr('y1', cy)
        .attr('y2', cy)
        .attr('stroke', colour)
        .attr('stroke-width', 2);
      for (const end of [row.low, row.high]) {
        group.append('line').attr('x1', x(end)).attr('x2', x(end)).attr('y1', cy - 4).attr('y2', cy + 4).attr('stroke', colour).attr('stroke-width', 1.5);
      }
      group
        .append('rect')
        .attr('class', 'effect-marker')
        .attr('x', x(row.centre) - markerHalf)
        .attr('y', cy - markerHalf)
        .attr('width', 2 * markerHalf)
        .attr('height', 2 * markerHalf)
        .attr('fill', excludesZero ? colour : '#FFFFFF')
        .attr('stroke', colour)
        .attr('stroke-width', 2);
      y += rowHeight;
    }
  }
  return frame.svg.node()!;
}
