import type { SummaryEffect, SummaryMetric } from '@chokepoint/format';
import { max, min, scaleLinear } from 'd3';
import { drawBottomAxis } from './axes.js';
import { createChartFrame, noDataNote, resolveDocument, setFrameHeight, type ChartOptions } from './chartFrame.js';
import { formatPercent, formatValue } from './format.js';
import { metricLabel, parseMetricName, describeVariable } from './metricInfo.js';
import { colourScale, inkColour, mutedInkColour, neutralGrey } from './palette.js';
import { fontSizes } from './style.js';
import { estimateTextWidth, truncateText } from './textWidth.js';

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
   * How each metric's panel measures effects. 'auto' (default): shares (e.g. market share) as
   * differences in percentage points, other metrics relative to the control mean (%) when it is
   * known and not 0, else as differences in their unit. 'relative': relative wherever the
   * control mean allows. 'difference': differences in each metric's unit (pp for shares).
   */
  scale?: 'auto' | 'relative' | 'difference';
  /** Label of a metric. Default: {@link metricLabel}. */
  labelOf?: (metric: string) => string;
  /** Label of a sweep point, e.g. its parameter values '0.1, 0.5'. Default: 'point N'. */
  pointLabelOf?: (point: number) => string;
  /** What the point labels list, for the subtitle, e.g. 'substitutionRate, licenceProbability'. */
  pointLabelTitle?: string;
  /** The chart's height stays under this (rows get thinner, down to a minimum), in px. Default 1600. */
  maxHeight?: number;
}

/** How one metric's panel measures its effects. */
type PanelScale = 'relative' | 'points' | 'difference';

interface ForestRow {
  effect: SummaryEffect;
  centre: number;
  low: number;
  high: number;
  controlMean: number | null;
}

interface Panel {
  metric: string;
  scale: PanelScale;
  unit: string;
  /** Row slots: one per arm, or one per sweep point with the arms side by side. */
  slots: { label: string; rows: ForestRow[] }[];
}

/**
 * Draws a forest plot of effect sizes, one panel per key metric, each on its own x axis so that
 * a change of ±1.5 percentage points and one of +47% are both readable: a marker at the effect
 * of each treatment arm against the control arm and a whisker over its 95% CI, against a dashed
 * line at no effect. A filled marker means the CI excludes zero. Shares are drawn as differences
 * in percentage points, other metrics relative to the control mean (see `scale`). With several
 * sweep points, each row is a point and its arms sit side by side in their colours; the rows
 * thin out to keep the chart under `maxHeight`.
 *
 * Marks: `g.effect-panel[data-metric][data-scale]` (with `text.metric-label`, `g.x-axis`,
 * `line.zero-line`), `g.effect-row` (with `line.effect-ci`, `rect.effect-marker` and a `<title>`
 * with the numbers).
 *
 * @example
 * ```ts
 * // summary: the content of summary.json.
 * const svg = effectForestChart(summary, {}, document);
 * // One row per treatment arm and key metric, one panel per metric:
 * console.log(svg.querySelectorAll('g.effect-row').length, summary.effects.length, svg.querySelectorAll('g.effect-panel').length); // 15 15 5
 * ```
 */
export function effectForestChart(
  data: EffectSizeData,
  options: EffectForestOptions = {},
  document?: Document,
): SVGSVGElement {
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
  const mode = options.scale ?? 'auto';
  const metrics = [...new Set(data.effects.map((e) => e.metric))];
  const arms = [...new Set(data.effects.map((e) => e.arm))];
  const points = [...new Set(data.effects.map((e) => e.point))];
  const showPoint = points.length > 1;
  const pointLabelOf = options.pointLabelOf ?? ((point: number) => `point ${point}`);
  const colourOf = options.palette?.arm ?? colourScale(arms);
  const panels: Panel[] = metrics.map((metric) => {
    const effects = data.effects.filter((e) => e.metric === metric);
    const { entityKind, variable } = parseMetricName(metric);
    const info = describeVariable(variable, entityKind);
    const canScale = effects.every((e) => controlMeanOf(e) != null);
    const scale: PanelScale =
      mode !== 'difference' && canScale && !(mode === 'auto' && info.percent)
        ? 'relative'
        : info.percent
          ? 'points'
          : 'difference';
    const toRow = (effect: SummaryEffect): ForestRow => {
      const controlMean = controlMeanOf(effect);
      const divide =
        scale === 'relative' && controlMean != null ? Math.abs(controlMean) : scale === 'points' ? 0.01 : 1;
      return {
        effect,
        controlMean,
        centre: effect.difference / divide,
        low: (effect.ci95?.[0] ?? effect.difference) / divide,
        high: (effect.ci95?.[1] ?? effect.difference) / divide,
      };
    };
    const slots = showPoint
      ? points
          .map((point) => ({ label: pointLabelOf(point), rows: effects.filter((e) => e.point === point).map(toRow) }))
          .filter((slot) => slot.rows.length > 0)
      : effects.map((e) => ({ label: e.arm, rows: [toRow(e)] }));
    return { metric, scale, unit: info.unit, slots };
  });
  const rowsOf = (panel: Panel): ForestRow[] => panel.slots.flatMap((slot) => slot.rows);
  const rowCount = panels.reduce((n, p) => n + rowsOf(p).length, 0);
  const controls = [...new Set(data.effects.map((e) => e.control))];
  const title = options.title ?? 'Effect sizes against the control arm';
  const scales = new Set(panels.map((p) => p.scale));
  const measured = [
    scales.has('relative') ? 'other metrics relative to the control mean (%)' : '',
    scales.has('points') ? 'shares in percentage points (pp)' : '',
    scales.has('difference') ? "differences in each metric's unit" : '',
  ].filter(Boolean);
  const scaleNote = measured.length === 1 ? measured[0]!.replace(/^other metrics /, '') : measured.join(', ');
  const subtitle =
    options.subtitle ??
    `Difference from the control arm at the final step, each metric on its own axis: ${scaleNote}; whiskers: 95% confidence interval (Welch's t); filled: interval excludes 0. Control: ${controls.join(', ') || '–'}.${showPoint ? ` Rows: sweep points${options.pointLabelTitle ? ` (${options.pointLabelTitle})` : ''}, arms side by side.` : ''}`;
  const legend = arms.map((arm) => ({ label: arm, colour: colourOf(arm), symbol: 'rect' as const }));
  const frame = createChartFrame(doc, {
    kind: 'effect-forest-chart',
    width,
    height: options.height ?? 400,
    title,
    subtitle,
    description: `Forest plot of ${rowCount} effects of ${arms.length} treatment arm(s) on ${metrics.length} metric(s), one panel per metric, with 95% confidence intervals.`,
    legend,
    legendTitle: 'Arm',
  });
  const slotLabels = panels.flatMap((p) => p.slots.map((slot) => slot.label));
  const labelWidth = Math.min(
    width * 0.32,
    Math.max(60, (max(slotLabels, (l) => estimateTextWidth(l, fontSizes.tick)) ?? 60) + 14),
  );
  const margin = { top: frame.top + 2, right: 28, bottom: 8, left: 16 + labelWidth + 10 };
  const plotWidth = width - margin.left - margin.right;
  const headerHeight = 24;
  const axisHeight = 46;
  const panelGap = 10;
  const slotCount = panels.reduce((n, p) => n + p.slots.length, 0);
  const armsPerSlot = showPoint ? arms.length : 1;
  // Slot height: roomy for a few rows, thinner for many, so that the chart stays under maxHeight.
  const preferred = showPoint ? Math.max(18, 7 * armsPerSlot + 6) : slotCount > 24 ? 18 : 22;
  const minimum = Math.max(6, 3 * armsPerSlot + 2);
  const fixed = margin.top + margin.bottom + panels.length * (headerHeight + axisHeight + panelGap);
  const room = (options.maxHeight ?? 1600) - fixed;
  const slotHeight = slotCount === 0 ? preferred : Math.max(minimum, Math.min(preferred, room / slotCount));
  const labelEvery = Math.max(1, Math.ceil(12 / slotHeight));
  const height = options.height ?? Math.max(220, Math.ceil(fixed + slotCount * slotHeight));
  setFrameHeight(frame, height);
  const plot = frame.svg.append('g').attr('class', 'plot').attr('transform', `translate(${margin.left},${margin.top})`);
  if (rowCount === 0) {
    noDataNote(plot, plotWidth, height - margin.top - margin.bottom);
    return frame.svg.node()!;
  }
  const markerHalf = Math.max(2.5, Math.min(5, slotHeight / armsPerSlot / 2 - 1));
  let y = 0;
  for (const panel of panels) {
    const group = plot
      .append('g')
      .attr('class', 'effect-panel')
      .attr('data-metric', panel.metric)
      .attr('data-scale', panel.scale)
      .attr('transform', `translate(0,${y})`);
    const rows = rowsOf(panel);
    const lo = Math.min(0, min(rows, (r) => r.low) ?? 0);
    const hi = Math.max(0, max(rows, (r) => r.high) ?? 0);
    const pad = (hi - lo) * 0.06 || 1;
    const x = scaleLinear()
      .domain([lo - pad, hi + pad])
      .nice(5)
      .range([0, plotWidth]);
    const format = (v: number) => (panel.scale === 'relative' ? formatPercent(v) : formatValue(v));
    const axisLabel =
      panel.scale === 'relative'
        ? 'Effect relative to the control mean (%)'
        : panel.scale === 'points'
          ? 'Difference from control (percentage points)'
          : `Difference from control (${panel.unit})`;
    group
      .append('text')
      .attr('class', 'metric-label')
      .attr('x', -labelWidth - 10)
      .attr('y', 16)
      .attr('font-size', fontSizes.axisLabel)
      .attr('font-weight', 'bold')
      .attr('fill', inkColour)
      .text(truncateText(labelOf(panel.metric), fontSizes.axisLabel, width - 32, true));
    const bodyHeight = panel.slots.length * slotHeight;
    const body = group.append('g').attr('transform', `translate(0,${headerHeight})`);
    drawBottomAxis(body.append('g').attr('transform', `translate(0,${bodyHeight})`), x, plotWidth, {
      label: axisLabel,
      ticks: Math.max(3, Math.min(6, Math.round(plotWidth / 90))),
      tickFormat: (v) => format(v as number),
      gridLength: bodyHeight,
      labelOffset: 34,
    });
    body
      .append('line')
      .attr('class', 'zero-line')
      .attr('x1', x(0))
      .attr('x2', x(0))
      .attr('y1', 0)
      .attr('y2', bodyHeight)
      .attr('stroke', neutralGrey)
      .attr('stroke-width', 1.2)
      .attr('stroke-dasharray', '4 3');
    panel.slots.forEach((slot, s) => {
      const top = s * slotHeight;
      // Every other sweep point on a light band, so that the arms of one point read as a group.
      if (showPoint && s % 2 === 1) {
        body
          .insert('rect', ':first-child')
          .attr('class', 'slot-band')
          .attr('x', -labelWidth - 4)
          .attr('y', top)
          .attr('width', plotWidth + labelWidth + 4)
          .attr('height', slotHeight)
          .attr('fill', '#F4F4F2');
      }
      if (s % labelEvery === 0) {
        body
          .append('text')
          .attr('class', 'arm-label')
          .attr('x', -labelWidth)
          .attr('y', top + slotHeight / 2 + 4)
          .attr('font-size', fontSizes.tick)
          .attr('fill', mutedInkColour)
          .text(truncateText(slot.label, fontSizes.tick, labelWidth - 4));
      }
      for (const row of slot.rows) {
        const e = row.effect;
        const cy = top + (showPoint ? (arms.indexOf(e.arm) + 0.5) * (slotHeight / armsPerSlot) : slotHeight / 2);
        const colour = colourOf(e.arm);
        const excludesZero = e.ci95 != null && (e.ci95[0] > 0 || e.ci95[1] < 0); // ci95 is null with fewer than 2 replicates
        const rowGroup = body
          .append('g')
          .attr('class', 'effect-row')
          .attr('data-arm', e.arm)
          .attr('data-metric', panel.metric)
          .attr('data-point', e.point);
        rowGroup
          .append('title')
          .text(
            `${e.arm} vs ${e.control}, ${labelOf(panel.metric)}${showPoint ? ` (${pointLabelOf(e.point)})` : ''}: difference ${formatValue(e.difference)}${e.ci95 ? ` (95% CI ${formatValue(e.ci95[0])} to ${formatValue(e.ci95[1])})` : ''}` +
              (panel.scale === 'points' ? ` = ${formatValue(row.centre)} pp` : '') +
              (e.relative != null ? `, relative ${formatPercent(e.relative)}` : '') +
              (row.controlMean != null ? `; control mean ${formatValue(row.controlMean)}` : ''),
          );
        rowGroup
          .append('line')
          .attr('class', 'effect-ci')
          .attr('x1', x(row.low))
          .attr('x2', x(row.high))
          .attr('y1', cy)
          .attr('y2', cy)
          .attr('stroke', colour)
          .attr('stroke-width', showPoint ? 1.5 : 2);
        const cap = Math.min(4, markerHalf);
        for (const end of [row.low, row.high]) {
          rowGroup
            .append('line')
            .attr('x1', x(end))
            .attr('x2', x(end))
            .attr('y1', cy - cap)
            .attr('y2', cy + cap)
            .attr('stroke', colour)
            .attr('stroke-width', 1.5);
        }
        rowGroup
          .append('rect')
          .attr('class', 'effect-marker')
          .attr('x', x(row.centre) - markerHalf)
          .attr('y', cy - markerHalf)
          .attr('width', 2 * markerHalf)
          .attr('height', 2 * markerHalf)
          .attr('fill', excludesZero ? colour : '#FFFFFF')
          .attr('stroke', colour)
          .attr('stroke-width', markerHalf > 3 ? 2 : 1.2);
      }
    });
    y += headerHeight + bodyHeight + axisHeight + panelGap;
  }
  return frame.svg.node()!;
}
