import { format as d3format, max, scaleBand, scaleLinear } from 'd3';
import { drawBottomAxis } from './axes.js';
import {
  createChartFrame,
  noDataNote,
  orderKeys,
  resolveDocument,
  setFrameHeight,
  type ChartOptions,
} from './chartFrame.js';
import { formatPercent } from './format.js';
import { colourScale, inkColour, mutedInkColour } from './palette.js';
import { fontSizes } from './style.js';
import { estimateTextWidth } from './textWidth.js';

/**
 * A `state_product` row of `market_share`: `entity` is `STATE:product`, `value` a share in [0, 1].
 *
 * @example
 * ```ts
 * const rows: MarketShareObservation[] = [
 *   { arm: 'control', step: 1, entity: 'NL:sme', value: 0.6 },
 *   { arm: 'control', step: 1, entity: 'US:sme', value: 0.3 },
 * ];
 * const svg = marketShareChart(rows, {}, document);
 * // The 10% not held by the listed states is drawn as 'other':
 * console.log([...svg.querySelectorAll('rect.share-segment')].map((r) => r.getAttribute('data-state'))); // ['NL', 'US', 'other']
 * ```
 */
export interface MarketShareObservation {
  /** Arm of the run. */
  arm: string;
  /** Step. */
  step: number;
  /** `STATE:product`, e.g. `CN:logic_leading`. */
  entity: string;
  /** Share in [0, 1]. */
  value: number;
  /** Replicate index. */
  replicate?: number;
  /** Sweep point. */
  point?: number;
}

/**
 * Options of {@link marketShareChart}.
 *
 * @example
 * ```ts
 * const rows = parsed.rows.filter((r) => r.entityKind === 'state_product' && r.variable === 'market_share');
 * const options: MarketShareOptions = { step: 4, arms: ['control', 'aligned'], productOrder: ['sme', 'chip'], stateOrder: ['US', 'NL', 'JP'] };
 * const svg = marketShareChart(rows, options, document);
 * console.log(new Set([...svg.querySelectorAll('rect.share-segment')].map((r) => `${r.getAttribute('data-product')}/${r.getAttribute('data-arm')}`))); // Set(8) { 'sme/control', 'sme/aligned', 'chip/control', 'chip/aligned', 'gallium/control', 'gallium/aligned', 'phone/control', 'phone/aligned' }
 * ```
 */
export interface MarketShareOptions extends ChartOptions {
  /** Step to draw. Default: the last step. */
  step?: number;
  /** Arms to draw, in order (one bar each per product). Default: all, in order of appearance. */
  arms?: readonly string[];
  /** Order of the states in each bar. */
  stateOrder?: readonly string[];
  /** Order of the products. Default: order of appearance. */
  productOrder?: readonly string[];
}

/**
 * Draws market shares as horizontal stacked bars: one bar per product (and per arm when
 * there are several), split by state, averaged over replicates at one step. Any share
 * not held by the listed states is drawn as a grey 'other' segment.
 *
 * Marks: `rect.share-segment[data-state][data-product][data-arm]` with a `<title>` giving the share.
 *
 * @example
 * ```ts
 * const rows = parsed.rows.filter((r) => r.entityKind === 'state_product' && r.variable === 'market_share');
 * const svg = marketShareChart(rows, {}, document);
 * console.log(new Set([...svg.querySelectorAll('rect.share-segment')].map((r) => r.getAttribute('data-product')))); // Set(4) { 'gallium', 'sme', 'chip', 'phone' }
 * ```
 */
export function marketShareChart(
  rows: readonly MarketShareObservation[],
  options: MarketShareOptions = {},
  document?: Document,
): SVGSVGElement {
  const doc = resolveDocument(document);
  const width = options.width ?? 720;
  const step = options.step ?? max(rows, (r) => r.step) ?? 0;
  const atStep = rows.filter((r) => r.step === step && Number.isFinite(r.value));
  const arms = options.arms ? [...options.arms] : [...new Set(atStep.map((r) => r.arm))];
  const split = (entity: string) => {
    const colon = entity.indexOf(':');
    return colon < 0
      ? { state: entity, product: '' }
      : { state: entity.slice(0, colon), product: entity.slice(colon + 1) };
  };
  const states = orderKeys([...new Set(atStep.map((r) => split(r.entity).state))], options.stateOrder);
  const products = orderKeys([...new Set(atStep.map((r) => split(r.entity).product))], options.productOrder);
  const colourOf = options.palette?.state ?? colourScale(states);
  const sums = new Map<string, number>();
  const runs = new Map<string, Set<string>>();
  for (const row of atStep) {
    if (!arms.includes(row.arm)) continue;
    const { state, product } = split(row.entity);
    const key = `${row.arm}|${product}|${state}`;
    sums.set(key, (sums.get(key) ?? 0) + row.value);
    const runKey = `${row.arm}|${product}`;
    if (!runs.has(runKey)) runs.set(runKey, new Set());
    runs.get(runKey)!.add(`${row.point ?? 0}/${row.replicate ?? 0}`);
  }
  const shareOf = (arm: string, product: string, state: string) =>
    (sums.get(`${arm}|${product}|${state}`) ?? 0) / (runs.get(`${arm}|${product}`)?.size || 1);
  const multiArm = arms.length > 1;
  const frame = createChartFrame(doc, {
    kind: 'market-share-chart',
    width,
    height: options.height ?? 400,
    title: options.title ?? 'Market share by state, for each product',
    subtitle:
      options.subtitle ??
      `Share of the world market at step ${step}, mean across replicates${multiArm ? '; one bar per arm' : ''}`,
    description: `Stacked bars of market share by state (${states.join(', ')}) for ${products.length} product(s)${multiArm ? ` in ${arms.length} arms` : ''} at step ${step}.`,
    legend: [...states.map((s) => ({ label: s, colour: colourOf(s) })), { label: 'other', colour: '#DDDDDD' }],
    legendTitle: 'State',
  });
  const barHeight = 18;
  const groupPadding = multiArm ? 16 : 8;
  const groupHeight = arms.length * barHeight + (arms.length - 1) * 3 + groupPadding;
  const productWidth = max(products, (p) => estimateTextWidth(p, fontSizes.axisLabel, multiArm)) ?? 40;
  const armWidth = multiArm ? (max(arms, (a) => estimateTextWidth(a, fontSizes.tick)) ?? 30) + 10 : 0;
  const margin = {
    top: frame.top + 4,
    right: 28,
    bottom: 54,
    left: 16 + Math.min(width * 0.45, productWidth + armWidth + 12),
  };
  const height = options.height ?? margin.top + products.length * groupHeight + margin.bottom;
  setFrameHeight(frame, height);
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const plot = frame.svg.append('g').attr('class', 'plot').attr('transform', `translate(${margin.left},${margin.top})`);
  if (products.length === 0 || arms.length === 0) {
    noDataNote(plot, plotWidth, plotHeight);
    return frame.svg.node()!;
  }
  const x = scaleLinear().domain([0, 1]).range([0, plotWidth]);
  const y = scaleBand<string>().domain(products).range([0, plotHeight]).paddingInner(0).paddingOuter(0);
  drawBottomAxis(plot.append('g').attr('transform', `translate(0,${plotHeight})`), x, plotWidth, {
    label: 'Market share (% of world market)',
    ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] as number[],
    tickFormat: (v) => d3format('.0%')(v as number),
    gridLength: plotHeight,
  });
  for (const product of products) {
    const top = (y(product) ?? 0) + groupPadding / 2;
    const group = plot.append('g').attr('class', 'product-group').attr('data-product', product);
    group
      .append('text')
      .attr('class', 'product-label')
      .attr('x', -8 - armWidth)
      .attr('y', top + (arms.length * barHeight + (arms.length - 1) * 3) / 2 + 4)
      .attr('text-anchor', 'end')
      .attr('font-size', fontSizes.axisLabel)
      .attr('font-weight', multiArm ? 'bold' : 'normal')
      .attr('fill', inkColour)
      .text(product);
    arms.forEach((arm, a) => {
      const barTop = top + a * (barHeight + 3);
      if (multiArm) {
        group
          .append('text')
          .attr('class', 'arm-label')
          .attr('x', -8)
          .attr('y', barTop + barHeight / 2 + 4)
          .attr('text-anchor', 'end')
          .attr('font-size', fontSizes.tick)
          .attr('fill', mutedInkColour)
          .text(arm);
      }
      const n = runs.get(`${arm}|${product}`)?.size ?? 0;
      let left = 0;
      for (const state of states) {
        const share = shareOf(arm, product, state);
        if (share <= 0) continue;
        group
          .append('rect')
          .attr('class', 'share-segment')
          .attr('data-state', state)
          .attr('data-product', product)
          .attr('data-arm', arm)
          .attr('x', x(left))
          .attr('y', barTop)
          .attr('width', Math.max(0, x(left + share) - x(left)))
          .attr('height', barHeight)
          .attr('fill', colourOf(state))
          .attr('stroke', '#FFFFFF')
          .attr('stroke-width', 0.8)
          .append('title')
          .text(
            `${state} · ${product} · ${arm}: ${formatPercent(share)} of the world market (mean of ${n} runs, step ${step})`,
          );
        if (x(left + share) - x(left) > estimateTextWidth(formatPercent(share), fontSizes.note) + 6) {
          group
            .append('text')
            .attr('class', 'share-label')
            .attr('x', x(left + share / 2))
            .attr('y', barTop + barHeight / 2 + 4)
            .attr('text-anchor', 'middle')
            .attr('font-size', fontSizes.note)
            .attr('fill', textColourOn(colourOf(state)))
            .text(formatPercent(share));
        }
        left += share;
      }
      if (left < 0.999) {
        group
          .append('rect')
          .attr('class', 'share-segment other')
          .attr('data-state', 'other')
          .attr('x', x(left))
          .attr('y', barTop)
          .attr('width', Math.max(0, x(1) - x(left)))
          .attr('height', barHeight)
          .attr('fill', '#DDDDDD')
          .append('title')
          .text(`others · ${product} · ${arm}: ${formatPercent(1 - left)}`);
      }
    });
  }
  return frame.svg.node()!;
}

/** Black or white text, whichever reads better on a fill colour. */
function textColourOn(fill: string): string {
  const hex = fill.replace('#', '');
  const r = parseInt(hex.slice(0, 2), 16);
  const g = parseInt(hex.slice(2, 4), 16);
  const b = parseInt(hex.slice(4, 6), 16);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 > 0.55 ? inkColour : '#FFFFFF';
}
