import { max } from 'd3';
import { sankey, sankeyLinkHorizontal, type SankeyNode } from 'd3-sankey';
import { createChartFrame, noDataNote, resolveDocument, type ChartOptions } from './chartFrame.js';
import { formatValue } from './format.js';
import { categoricalColours, inkColour, mutedInkColour, neutralGrey } from './palette.js';
import { fontSizes } from './style.js';
import { estimateTextWidth } from './textWidth.js';

/**
 * A `flow` row: `entity` is `FROM>TO:product`, `value` its trade value.
 *
 * @example
 * ```ts
 * const rows: FlowObservation[] = [
 *   { arm: 'control', step: 1, entity: 'NL>CN:sme', value: 3 },
 *   { arm: 'control', step: 1, entity: 'JP>CN:sme', value: 2 },
 *   { arm: 'control', step: 1, entity: 'TW>US:chip', value: 5 },
 * ];
 * const svg = tradeFlowChart(rows, {}, document);
 * console.log(svg.querySelectorAll('path.flow-link').length, svg.querySelectorAll('rect.flow-node').length); // 3 5
 * ```
 */
export interface FlowObservation {
  /** Arm of the run. */
  arm: string;
  /** Step. */
  step: number;
  /** `FROM>TO:product`, e.g. `US>CN:chip`. */
  entity: string;
  /** Trade value. */
  value: number;
  /** Replicate index; flows are averaged over replicates. */
  replicate?: number;
  /** Sweep point; counted with the replicate as one run. */
  point?: number;
}

/**
 * The parts of a flow entity.
 *
 * @example
 * ```ts
 * const key: FlowKey = parseFlowEntity('NL>CN:sme')!;
 * console.log(`${key.product} from ${key.from} to ${key.to}`); // sme from NL to CN
 * ```
 */
export interface FlowKey {
  /** Exporting state. */
  from: string;
  /** Importing state. */
  to: string;
  /** Product. */
  product: string;
}

/**
 * Splits a flow entity `FROM>TO:product`; returns null when it is not of that form.
 *
 * @example
 * ```ts
 * console.log(parseFlowEntity('US>CN:chip')); // { from: 'US', to: 'CN', product: 'chip' }
 * console.log(parseFlowEntity('US')); // null
 * ```
 */
export function parseFlowEntity(entity: string): FlowKey | null {
  const arrow = entity.indexOf('>');
  const colon = entity.indexOf(':', arrow + 1);
  if (arrow <= 0 || colon <= arrow + 1) return null;
  return { from: entity.slice(0, arrow), to: entity.slice(arrow + 1, colon), product: entity.slice(colon + 1) };
}

/**
 * Options of {@link tradeFlowChart}.
 *
 * @example
 * ```ts
 * const rows = parsed.rows.filter((r) => r.entityKind === 'flow' && r.variable === 'trade_value');
 * const options: TradeFlowOptions = { arm: 'aligned', step: 4, maxProducts: 2, includeDomestic: true, unit: 'US$ bn' };
 * const svg = tradeFlowChart(rows, options, document);
 * console.log(new Set([...svg.querySelectorAll('path.flow-link')].map((p) => p.getAttribute('data-product')))); // Set(3) { 'other', 'chip', 'phone' }
 * ```
 */
export interface TradeFlowOptions extends ChartOptions {
  /** Arm to draw. Default: the first arm in the rows. */
  arm?: string;
  /** Step to draw. Default: the last step. */
  step?: number;
  /**
   * Products drawn in their own colour, never merged into 'other' (e.g. those a study names in
   * its key metrics or measures), however small their trade.
   */
  products?: readonly string[];
  /** At most this many products in their own colour: `products`, then the largest by value; the rest are merged into 'other'. Default 7. */
  maxProducts?: number;
  /** Unit of trade value for the caption. Default 'value, units × price'. */
  unit?: string;
  /** Include flows from a state to itself. Default false. */
  includeDomestic?: boolean;
}

interface FlowNode {
  id: string;
  state: string;
  side: 'exporter' | 'importer';
}
interface FlowLink {
  source: string;
  target: string;
  value: number;
  product: string;
}

/**
 * Draws trade flows between states at one step as a Sankey diagram: exporters on the
 * left, importers on the right, one band per (exporter, importer, product) whose width
 * is the mean trade value across replicates, coloured by product.
 *
 * Marks: `rect.flow-node[data-state][data-side]`, `path.flow-link[data-product]`, each with a
 * `<title>` giving its value.
 *
 * @example
 * ```ts
 * const rows = parsed.rows.filter((r) => r.entityKind === 'flow' && r.variable === 'trade_value');
 * const svg = tradeFlowChart(rows, { arm: 'aligned' }, document);
 * console.log(svg.querySelectorAll('path.flow-link').length > 0, svg.querySelector('title')!.textContent); // true Trade flows between states by product — aligned
 * ```
 */
export function tradeFlowChart(
  rows: readonly FlowObservation[],
  options: TradeFlowOptions = {},
  document?: Document,
): SVGSVGElement {
  const doc = resolveDocument(document);
  const width = options.width ?? 720;
  const height = options.height ?? 480;
  const arm = options.arm ?? rows[0]?.arm ?? '';
  const armRows = rows.filter((r) => r.arm === arm);
  const step = options.step ?? max(armRows, (r) => r.step) ?? 0;
  const atStep = armRows.filter((r) => r.step === step && Number.isFinite(r.value));
  const runs = new Set(atStep.map((r) => `${r.point ?? 0}/${r.replicate ?? 0}`)).size || 1;
  const totals = new Map<string, { key: FlowKey; total: number }>();
  for (const row of atStep) {
    const key = parseFlowEntity(row.entity);
    if (!key || (!options.includeDomestic && key.from === key.to)) continue;
    const entry = totals.get(row.entity) ?? { key, total: 0 };
    entry.total += row.value;
    totals.set(row.entity, entry);
  }
  const byProduct = new Map<string, number>();
  for (const { key, total } of totals.values()) byProduct.set(key.product, (byProduct.get(key.product) ?? 0) + total);
  const maxProducts = options.maxProducts ?? 7;
  const rankedProducts = [...byProduct.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([p]) => p);
  const kept = (options.products ?? []).filter((p) => byProduct.has(p));
  const shown = [
    ...kept,
    ...rankedProducts.filter((p) => !kept.includes(p)).slice(0, Math.max(0, maxProducts - kept.length)),
  ];
  const productOf = (p: string) => (shown.includes(p) ? p : 'other');
  const productKeys = [...shown, ...(rankedProducts.length > shown.length ? ['other'] : [])];
  const productColour =
    options.palette?.product ?? ((p: string) => categoricalColours[shown.indexOf(p) % categoricalColours.length]!);
  const colourOf = (p: string) => (p === 'other' ? neutralGrey : productColour(p));
  const merged = new Map<string, FlowLink>();
  for (const { key, total } of totals.values()) {
    const product = productOf(key.product);
    const id = `${key.from}>${key.to}:${product}`;
    const link = merged.get(id) ?? { source: `out:${key.from}`, target: `in:${key.to}`, value: 0, product };
    link.value += total / runs;
    merged.set(id, link);
  }
  const links = [...merged.values()].filter((l) => l.value > 0);
  const unit = options.unit ?? 'value, units × price';
  const frame = createChartFrame(doc, {
    kind: 'trade-flow-chart',
    width,
    height,
    title: options.title ?? `Trade flows between states by product — ${arm}`,
    subtitle:
      options.subtitle ??
      `Band width: mean trade value at step ${step} (${unit}) across ${runs} run${runs === 1 ? '' : 's'}; exporters on the left, importers on the right`,
    description: `Sankey diagram of ${links.length} trade flows between states in arm ${arm} at step ${step}, coloured by product (${productKeys.join(', ')}).`,
    legend: productKeys.map((p) => ({ label: p, colour: colourOf(p) })),
    legendTitle: 'Product',
  });
  const states = [...new Set(links.flatMap((l) => [l.source.slice(4), l.target.slice(3)]))].sort();
  const labelWidth = Math.max(
    40,
    ...states.map((s) => estimateTextWidth(s, fontSizes.axisLabel, true) + 4),
    estimateTextWidth(formatValue(1e6), fontSizes.note),
  );
  const margin = { top: frame.top + 26, right: 16 + labelWidth + 8, bottom: 20, left: 16 + labelWidth + 8 };
  const plot = frame.svg.append('g').attr('class', 'plot');
  if (links.length === 0) {
    noDataNote(
      plot.attr('transform', `translate(${margin.left},${margin.top})`),
      width - margin.left - margin.right,
      height - margin.top - margin.bottom,
    );
    return frame.svg.node()!;
  }
  const nodes: FlowNode[] = [
    ...states
      .filter((s) => links.some((l) => l.source === `out:${s}`))
      .map((s) => ({ id: `out:${s}`, state: s, side: 'exporter' as const })),
    ...states
      .filter((s) => links.some((l) => l.target === `in:${s}`))
      .map((s) => ({ id: `in:${s}`, state: s, side: 'importer' as const })),
  ];
  const productOrder = new Map(productKeys.map((p, i) => [p, i]));
  const layout = sankey<FlowNode, FlowLink>()
    .nodeId((n) => n.id)
    .nodeWidth(14)
    .nodePadding(Math.max(8, Math.min(22, (height - margin.top - margin.bottom) / (states.length * 4))))
    .nodeSort((a, b) => (a.state < b.state ? -1 : a.state > b.state ? 1 : 0))
    .linkSort((a, b) => productOrder.get(a.product)! - productOrder.get(b.product)! || 0)
    .extent([
      [margin.left, margin.top],
      [width - margin.right, height - margin.bottom],
    ]);
  const graph = layout({ nodes: nodes.map((n) => ({ ...n })), links: links.map((l) => ({ ...l })) });
  const headerY = margin.top - 10;
  plot
    .append('text')
    .attr('class', 'axis-label exporter-label')
    .attr('x', margin.left + 7)
    .attr('y', headerY)
    .attr('text-anchor', 'middle')
    .attr('font-size', fontSizes.axisLabel)
    .attr('font-weight', 'bold')
    .attr('fill', inkColour)
    .text('Exporter');
  plot
    .append('text')
    .attr('class', 'axis-label importer-label')
    .attr('x', width - margin.right - 7)
    .attr('y', headerY)
    .attr('text-anchor', 'middle')
    .attr('font-size', fontSizes.axisLabel)
    .attr('font-weight', 'bold')
    .attr('fill', inkColour)
    .text('Importer');
  const linkPath = sankeyLinkHorizontal<FlowNode, FlowLink>();
  plot
    .append('g')
    .attr('class', 'flow-links')
    .attr('fill', 'none')
    .selectAll('path')
    .data(graph.links)
    .join('path')
    .attr('class', 'flow-link')
    .attr('data-product', (l) => l.product)
    .attr('d', (l) => linkPath(l) ?? '')
    .attr('stroke', (l) => colourOf(l.product))
    .attr('stroke-opacity', 0.6)
    .attr('stroke-width', (l) => Math.max(1, l.width ?? 1))
    .append('title')
    .text(
      (l) =>
        `${nodeOf(l.source).state} → ${nodeOf(l.target).state}, ${l.product}: ${formatValue(l.value)} (mean trade value, step ${step})`,
    );
  const nodeGroup = plot.append('g').attr('class', 'flow-nodes');
  for (const node of graph.nodes) {
    const x0 = node.x0 ?? 0;
    const x1 = node.x1 ?? 0;
    const y0 = node.y0 ?? 0;
    const y1 = node.y1 ?? 0;
    const total = node.value ?? 0;
    const g = nodeGroup.append('g').attr('class', 'flow-node-group');
    g.append('rect')
      .attr('class', 'flow-node')
      .attr('data-state', node.state)
      .attr('data-side', node.side)
      .attr('x', x0)
      .attr('y', y0)
      .attr('width', x1 - x0)
      .attr('height', Math.max(1, y1 - y0))
      .attr('fill', '#4D4D4D')
      .append('title')
      .text(
        `${node.state} ${node.side === 'exporter' ? 'exports' : 'imports'}: ${formatValue(total)} (mean trade value, step ${step})`,
      );
    const left = node.side === 'exporter';
    const label = g
      .append('text')
      .attr('x', left ? x0 - 8 : x1 + 8)
      .attr('y', (y0 + y1) / 2)
      .attr('text-anchor', left ? 'end' : 'start')
      .attr('fill', inkColour);
    label
      .append('tspan')
      .attr('font-size', fontSizes.axisLabel)
      .attr('font-weight', 'bold')
      .attr('dy', y1 - y0 > 26 ? -1 : 4)
      .text(node.state);
    if (y1 - y0 > 26) {
      label
        .append('tspan')
        .attr('x', left ? x0 - 8 : x1 + 8)
        .attr('dy', 13)
        .attr('font-size', fontSizes.note)
        .attr('fill', mutedInkColour)
        .text(formatValue(total));
    }
  }
  return frame.svg.node()!;

  function nodeOf(ref: string | number | SankeyNode<FlowNode, FlowLink>): FlowNode {
    return ref as unknown as FlowNode;
  }
}
