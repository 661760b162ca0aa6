import { interpolateViridis, max, quantile, scaleLinear, scalePoint, scaleSqrt } from 'd3';
import { drawBottomAxis, drawLeftAxis } from './axes.js';
import { createChartFrame, noDataNote, resolveDocument, type ChartOptions } from './chartFrame.js';
import { formatMaybePercent, formatShort, formatValue } from './format.js';
import { inkColour, mutedInkColour, okabeIto } from './palette.js';
import { fontSizes } from './style.js';
import { estimateTextWidth, truncateText } from './textWidth.js';

/**
 * A node of the supply network: a product, or a state's production of a product.
 *
 * @example
 * ```ts
 * const nodes: NetworkNode[] = [
 *   { id: 'CN:gallium', label: 'Chinese gallium', column: 'gallium', row: 'CN', criticality: 0.9, size: 0.8 },
 *   { id: 'TW:chip', column: 'chip', row: 'TW', criticality: 0.4, chokepoint: true },
 * ];
 * const svg = supplyNetworkChart({ nodes, links: [] }, {}, document);
 * console.log(svg.querySelectorAll('circle.network-node.chokepoint').length); // 2
 * ```
 */
export interface NetworkNode {
  /** Unique id, e.g. `CN:rare_earths`. */
  id: string;
  /** Label for tooltips and, without rows, beside the node. Default: the id. */
  label?: string;
  /** Column: a value-chain stage or product; columns are laid out left to right in order of appearance. */
  column: string;
  /** Row, e.g. a state; nodes with the same row line up. Without rows, a column's nodes are spread evenly. */
  row?: string;
  /** Criticality of the node to the network (any non-negative index). */
  criticality: number;
  /** Optional size, e.g. market share; circle area is proportional to it. */
  size?: number;
  /** Marks the node as a chokepoint regardless of the threshold. */
  chokepoint?: boolean;
}

/**
 * A directed link of the supply network, e.g. a trade flow or an input–output edge.
 *
 * @example
 * ```ts
 * const links: NetworkLink[] = [{ source: 'gallium', target: 'chip', value: 3 }, { source: 'chip', target: 'nowhere' }];
 * const nodes: NetworkNode[] = [{ id: 'gallium', column: 'minerals', criticality: 0.9 }, { id: 'chip', column: 'chips', criticality: 0.3 }];
 * // Links to unknown ids are skipped:
 * console.log(supplyNetworkChart({ nodes, links }, {}, document).querySelectorAll('path.network-link').length); // 1
 * ```
 */
export interface NetworkLink {
  /** Source node id. */
  source: string;
  /** Target node id. */
  target: string;
  /** Weight, e.g. trade value; sets the stroke width. Default 1. */
  value?: number;
}

/**
 * Input of {@link supplyNetworkChart}.
 *
 * @example
 * ```ts
 * const data: SupplyNetworkData = stateProductNetwork(parsed.rows, { arm: 'control' });
 * console.log(data.nodes.length > 0, data.links.length > 0); // true true
 * ```
 */
export interface SupplyNetworkData {
  /** Nodes. */
  nodes: readonly NetworkNode[];
  /** Links between node ids; links to unknown ids are skipped. */
  links: readonly NetworkLink[];
}

/**
 * Options of {@link supplyNetworkChart}.
 *
 * @example
 * ```ts
 * const options: SupplyNetworkOptions = { columnLabel: 'Stage', chokepointThreshold: 0.5, sizeLabel: 'market share', sizePercent: true, linkLabel: 'input' };
 * const data: SupplyNetworkData = {
 *   nodes: [{ id: 'ree', column: 'rare earths', criticality: 0.9, size: 0.6 }, { id: 'chip', column: 'chips', criticality: 0.3 }],
 *   links: [{ source: 'ree', target: 'chip' }],
 * };
 * const svg = supplyNetworkChart(data, options, document);
 * console.log(svg.querySelector('circle.network-node[data-id="ree"] title')!.textContent); // ree: criticality (index) 0.9, market share 60% — chokepoint
 * ```
 */
export interface SupplyNetworkOptions extends ChartOptions {
  /** Title of the column axis. Default 'Product'. */
  columnLabel?: string;
  /** Title of the row axis. Default 'State'. */
  rowLabel?: string;
  /** What criticality is, with unit, for the colour scale. Default 'Criticality (index)'. */
  criticalityLabel?: string;
  /** What size is, for tooltips. Default 'size'. */
  sizeLabel?: string;
  /** Show sizes as percentages. Default false. */
  sizePercent?: boolean;
  /** Nodes at or above this criticality are chokepoints. Default: the 75th percentile of positive criticalities. */
  chokepointThreshold?: number;
  /** What a link is, for tooltips. Default 'flow'. */
  linkLabel?: string;
}

/**
 * Draws a supply network: nodes in columns (products or value-chain stages) and, when
 * given, rows (states), coloured by criticality, with chokepoints (criticality at or above
 * the threshold) ringed in vermillion and labelled in bold. Links between columns are
 * curves; links within a column are arcs, on the right when going down and on the left
 * when going up.
 *
 * Marks: `circle.network-node[data-id]` (with `.chokepoint` when one), `path.network-link`,
 * `circle.chokepoint-ring`, `g.criticality-scale`, each mark with a `<title>` giving its numbers.
 *
 * @example
 * ```ts
 * const svg = supplyNetworkChart({
 *   nodes: [{ id: 'ree', column: 'rare earths', criticality: 0.9 }, { id: 'chip', column: 'chips', criticality: 0.3 }],
 *   links: [{ source: 'ree', target: 'chip' }],
 * }, {}, document);
 * console.log(svg.querySelectorAll('circle.network-node').length, svg.querySelectorAll('circle.chokepoint-ring').length); // 2 1
 * ```
 */
export function supplyNetworkChart(
  data: SupplyNetworkData,
  options: SupplyNetworkOptions = {},
  document?: Document,
): SVGSVGElement {
  const doc = resolveDocument(document);
  const width = options.width ?? 720;
  const height = options.height ?? 480;
  const nodes = data.nodes;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const links = data.links.filter((l) => byId.has(l.source) && byId.has(l.target) && l.source !== l.target);
  const positive = nodes
    .map((n) => n.criticality)
    .filter((c) => Number.isFinite(c) && c > 0)
    .sort((a, b) => a - b);
  const threshold = options.chokepointThreshold ?? quantile(positive, 0.75) ?? Number.POSITIVE_INFINITY;
  const isChokepoint = (n: NetworkNode) => n.chokepoint ?? (n.criticality > 0 && n.criticality >= threshold);
  const chokepoints = nodes.filter(isChokepoint);
  const criticalityLabel = options.criticalityLabel ?? 'Criticality (index)';
  const sizeLabel = options.sizeLabel ?? 'size';
  const hasSize = nodes.some((n) => n.size !== undefined);
  const frame = createChartFrame(doc, {
    kind: 'supply-network-chart',
    width,
    height,
    title: options.title ?? 'Supply network and chokepoints',
    subtitle:
      options.subtitle ??
      `Colour: ${criticalityLabel.toLowerCase()}${hasSize ? `; circle area: ${sizeLabel}` : ''}; ringed: chokepoints (criticality ≥ ${formatShort(threshold)})`,
    description: `Network of ${nodes.length} nodes and ${links.length} links; ${chokepoints.length} chokepoint(s): ${chokepoints.map((n) => n.label ?? n.id).join(', ') || 'none'}.`,
    legend: [
      { label: `chokepoint (criticality ≥ ${formatShort(threshold)})`, colour: okabeIto.vermillion, symbol: 'ring' },
    ],
  });
  const columns = [...new Set(nodes.map((n) => n.column))];
  const rowKeys = [...new Set(nodes.map((n) => n.row).filter((r): r is string => r !== undefined))];
  const hasRows = rowKeys.length > 0;
  const columnSpacingGuess = (width - (hasRows ? 140 : 48)) / Math.max(1, columns.length);
  const rotateColumns = columns.some((c) => estimateTextWidth(c, fontSizes.tick) > columnSpacingGuess - 8);
  const columnLabelDepth = rotateColumns
    ? Math.min(110, (max(columns, (c) => estimateTextWidth(c, fontSizes.tick)) ?? 40) * 0.6 + 16)
    : 18;
  const rowLabelWidth = hasRows ? (max(rowKeys, (r) => estimateTextWidth(r, fontSizes.tick)) ?? 20) : 0;
  const margin = {
    top: frame.top + 14,
    right: hasRows ? 40 : 24,
    bottom: 40 + columnLabelDepth + 34,
    left: hasRows ? rowLabelWidth + 52 : 24,
  };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const plot = frame.svg.append('g').attr('class', 'plot').attr('transform', `translate(${margin.left},${margin.top})`);
  if (nodes.length === 0) {
    noDataNote(plot, plotWidth, plotHeight);
    return frame.svg.node()!;
  }
  const x = scalePoint<string>().domain(columns).range([0, plotWidth]).padding(0.5);
  const y = scalePoint<string>().domain(rowKeys).range([0, plotHeight]).padding(0.5);
  const position = new Map<string, { x: number; y: number }>();
  for (const column of columns) {
    const inColumn = nodes.filter((n) => n.column === column);
    inColumn.forEach((n, i) => {
      const py = hasRows && n.row !== undefined ? (y(n.row) ?? 0) : ((i + 0.5) / inColumn.length) * plotHeight;
      position.set(n.id, { x: x(column) ?? 0, y: py });
    });
  }
  const maxCriticality = max(nodes, (n) => n.criticality) ?? 1;
  const colourOf = (c: number) => interpolateViridis(1 - 0.92 * Math.max(0, Math.min(1, c / (maxCriticality || 1))));
  const rowSpacing = hasRows
    ? plotHeight / Math.max(1, rowKeys.length)
    : plotHeight / Math.max(1, max(columns, (c) => nodes.filter((n) => n.column === c).length) ?? 1);
  const maxRadius = Math.max(5, Math.min(18, rowSpacing * 0.38, (x.step() || plotWidth) * 0.3));
  const radius = hasSize
    ? scaleSqrt()
        .domain([0, max(nodes, (n) => n.size ?? 0) || 1])
        .range([2.5, maxRadius])
    : () => Math.min(9, maxRadius);
  const linkWidth = scaleSqrt()
    .domain([0, max(links, (l) => l.value ?? 1) || 1])
    .range([0.6, 6]);

  drawBottomAxis(plot.append('g').attr('transform', `translate(0,${plotHeight})`), x, plotWidth, {
    label: options.columnLabel ?? 'Product',
    labelOffset: columnLabelDepth + 26,
  });
  if (rotateColumns) {
    plot
      .selectAll('.x-axis .tick text')
      .attr('text-anchor', 'end')
      .attr('transform', 'rotate(-35)')
      .attr('dx', '-0.4em')
      .attr('dy', '0.6em');
  }
  if (hasRows) {
    drawLeftAxis(plot, y, plotHeight, {
      label: options.rowLabel ?? 'State',
      gridLength: plotWidth,
      labelOffset: rowLabelWidth + 22,
    });
  }
  const linkGroup = plot.append('g').attr('class', 'network-links').attr('fill', 'none');
  for (const link of links) {
    const a = position.get(link.source)!;
    const b = position.get(link.target)!;
    let d: string;
    if (Math.abs(a.x - b.x) < 1) {
      const bulge = (b.y > a.y ? 1 : -1) * (14 + 0.3 * Math.abs(b.y - a.y));
      d = `M${a.x},${a.y}C${a.x + bulge},${a.y} ${b.x + bulge},${b.y} ${b.x},${b.y}`;
    } else {
      const mid = (a.x + b.x) / 2;
      d = `M${a.x},${a.y}C${mid},${a.y} ${mid},${b.y} ${b.x},${b.y}`;
    }
    const source = byId.get(link.source)!;
    const target = byId.get(link.target)!;
    linkGroup
      .append('path')
      .attr('class', 'network-link')
      .attr('d', d)
      .attr('stroke', '#7A7A7A')
      .attr('stroke-opacity', 0.35)
      .attr('stroke-width', linkWidth(link.value ?? 1))
      .append('title')
      .text(
        `${source.label ?? source.id} → ${target.label ?? target.id}: ${options.linkLabel ?? 'flow'} ${formatValue(link.value ?? 1)}`,
      );
  }
  const nodeGroup = plot.append('g').attr('class', 'network-nodes');
  for (const node of nodes) {
    const p = position.get(node.id)!;
    const r = radius(node.size ?? 0);
    const choke = isChokepoint(node);
    const g = nodeGroup.append('g').attr('class', 'network-node-group');
    const tooltip =
      `${node.label ?? node.id}: ${criticalityLabel.toLowerCase()} ${formatValue(node.criticality)}` +
      (node.size !== undefined ? `, ${sizeLabel} ${formatMaybePercent(node.size, options.sizePercent ?? false)}` : '') +
      (choke ? ' — chokepoint' : '');
    if (choke) {
      g.append('circle')
        .attr('class', 'chokepoint-ring')
        .attr('cx', p.x)
        .attr('cy', p.y)
        .attr('r', r + 3.5)
        .attr('fill', 'none')
        .attr('stroke', okabeIto.vermillion)
        .attr('stroke-width', 2.5);
    }
    g.append('circle')
      .attr('class', choke ? 'network-node chokepoint' : 'network-node')
      .attr('data-id', node.id)
      .attr('cx', p.x)
      .attr('cy', p.y)
      .attr('r', r)
      .attr('fill', colourOf(node.criticality))
      .attr('stroke', '#5A5A5A')
      .attr('stroke-width', 0.7)
      .append('title')
      .text(tooltip);
    if (!hasRows) {
      // Labels go under their node, so they never run into the next column.
      const room = Math.max(40, (x.step() || plotWidth) - 6);
      g.append('text')
        .attr('class', 'node-label')
        .attr('x', p.x)
        .attr('y', p.y + r + (choke ? 17 : 14))
        .attr('text-anchor', 'middle')
        .attr('font-size', fontSizes.tick)
        .attr('font-weight', choke ? 'bold' : 'normal')
        .attr('fill', choke ? inkColour : mutedInkColour)
        .text(truncateText(node.label ?? node.id, fontSizes.tick, room, choke));
    }
  }
  drawCriticalityScale(
    frame.svg
      .append('g')
      .attr('class', 'criticality-scale')
      .attr('transform', `translate(${width - 16 - 200},${height - 22})`),
    maxCriticality,
    colourOf,
    criticalityLabel,
  );
  return frame.svg.node()!;
}

function drawCriticalityScale(
  group: import('./style.js').SvgSelection,
  maxCriticality: number,
  colourOf: (c: number) => string,
  label: string,
): void {
  const steps = 10;
  const width = 200;
  group
    .append('text')
    .attr('x', -8)
    .attr('y', 0)
    .attr('text-anchor', 'end')
    .attr('font-size', fontSizes.tick)
    .attr('fill', inkColour)
    .text(label);
  for (let i = 0; i < steps; i++) {
    group
      .append('rect')
      .attr('x', (i * width) / steps)
      .attr('y', -10)
      .attr('width', width / steps + 0.5)
      .attr('height', 10)
      .attr('fill', colourOf(((i + 0.5) / steps) * maxCriticality));
  }
  const scale = scaleLinear().domain([0, maxCriticality]).range([0, width]);
  for (const t of [0, maxCriticality]) {
    group
      .append('text')
      .attr('x', scale(t))
      .attr('y', 12)
      .attr('text-anchor', t === 0 ? 'start' : 'end')
      .attr('font-size', fontSizes.note)
      .attr('fill', mutedInkColour)
      .text(formatShort(t));
  }
}
