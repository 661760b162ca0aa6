import { max } from 'd3';
import type { NetworkLink, NetworkNode, SupplyNetworkData } from './supplyNetworkChart.js';
import { parseFlowEntity } from './tradeFlowChart.js';

/**
 * A row as {@link stateProductNetwork} reads it.
 *
 * @example
 * ```ts
 * const rows: NetworkSourceRow[] = [
 *   { arm: 'control', step: 1, entityKind: 'product', entity: 'sme', variable: 'criticality', value: 0.8 },
 *   { arm: 'control', step: 1, entityKind: 'state_product', entity: 'NL:sme', variable: 'market_share', value: 0.5 },
 *   { arm: 'control', step: 1, entityKind: 'state_product', entity: 'JP:sme', variable: 'market_share', value: 0.25 },
 *   { arm: 'control', step: 1, entityKind: 'flow', entity: 'NL>JP:sme', variable: 'trade_value', value: 2 },
 * ];
 * const { nodes, links } = stateProductNetwork(rows);
 * console.log(nodes.map((n) => `${n.id} ${n.criticality}`), links.length); // ['NL:sme 0.4', 'JP:sme 0.2'] 1
 * ```
 */
export interface NetworkSourceRow {
  /** Arm of the run. */
  arm: string;
  /** Step. */
  step: number;
  /** Entity kind: `product`, `state_product` or `flow`. */
  entityKind: string;
  /** Entity id. */
  entity: string;
  /** Variable: `criticality`, `market_share` or `trade_value`. */
  variable: string;
  /** Value. */
  value: number;
  /** Replicate index. */
  replicate?: number;
  /** Sweep point. */
  point?: number;
}

/**
 * Builds a states × products network from run rows at one step of one arm, averaged
 * over replicates: a node per `STATE:product` sized by the state's market share, whose
 * criticality is the product's criticality times that share (how much of a critical
 * product the state holds), and a link for each of the largest trade flows of that product
 * between two states (`maxLinksPerProduct`, default 3, so that the view stays legible).
 *
 * @example
 * ```ts
 * const network = stateProductNetwork(parsed.rows, { arm: 'control' });
 * const svg = supplyNetworkChart(network, { sizeLabel: 'market share', sizePercent: true }, document);
 * console.log(svg.querySelectorAll('circle.network-node').length === network.nodes.length); // true
 * ```
 */
export function stateProductNetwork(
  rows: readonly NetworkSourceRow[],
  options: { arm?: string; step?: number; maxLinksPerProduct?: number } = {},
): SupplyNetworkData {
  const arm = options.arm ?? rows.find((r) => r.entityKind === 'state_product')?.arm ?? '';
  const relevant = rows.filter(
    (r) =>
      r.arm === arm &&
      ((r.entityKind === 'product' && r.variable === 'criticality') ||
        (r.entityKind === 'state_product' && r.variable === 'market_share') ||
        (r.entityKind === 'flow' && r.variable === 'trade_value')),
  );
  const step =
    options.step ??
    max(
      relevant.filter((r) => r.entityKind === 'state_product'),
      (r) => r.step,
    ) ??
    0;
  const means = new Map<string, { sum: number; runs: Set<string> }>();
  for (const r of relevant) {
    if (r.step !== step || !Number.isFinite(r.value)) continue;
    const key = `${r.entityKind}|${r.entity}|${r.variable}`;
    const entry = means.get(key) ?? { sum: 0, runs: new Set<string>() };
    entry.sum += r.value;
    entry.runs.add(`${r.point ?? 0}/${r.replicate ?? 0}`);
    means.set(key, entry);
  }
  const meanOf = (key: string) => {
    const entry = means.get(key);
    return entry ? entry.sum / entry.runs.size : undefined;
  };
  const nodes: NetworkNode[] = [];
  const seen = new Set<string>();
  for (const r of relevant) {
    if (r.entityKind !== 'state_product' || r.step !== step || seen.has(r.entity)) continue;
    seen.add(r.entity);
    const colon = r.entity.indexOf(':');
    const state = r.entity.slice(0, colon);
    const product = r.entity.slice(colon + 1);
    const share = meanOf(`state_product|${r.entity}|market_share`) ?? 0;
    const criticality = meanOf(`product|${product}|criticality`) ?? 0;
    nodes.push({
      id: r.entity,
      label: `${state} · ${product}`,
      column: product,
      row: state,
      criticality: criticality * share,
      size: share,
    });
  }
  const links: (NetworkLink & { product: string })[] = [];
  const linked = new Set<string>();
  for (const r of relevant) {
    if (r.entityKind !== 'flow' || r.step !== step || linked.has(r.entity)) continue;
    linked.add(r.entity);
    const flow = parseFlowEntity(r.entity);
    if (!flow || flow.from === flow.to) continue;
    const value = meanOf(`flow|${r.entity}|trade_value`) ?? 0;
    const source = `${flow.from}:${flow.product}`;
    const target = `${flow.to}:${flow.product}`;
    if (value > 0 && seen.has(source) && seen.has(target)) links.push({ source, target, value, product: flow.product });
  }
  const maxLinks = options.maxLinksPerProduct ?? 3;
  const kept: NetworkLink[] = [];
  for (const product of new Set(links.map((l) => l.product))) {
    const largest = links
      .filter((l) => l.product === product)
      .sort((a, b) => b.value! - a.value! || (a.source < b.source ? -1 : 1));
    for (const { source, target, value } of largest.slice(0, maxLinks)) kept.push({ source, target, value: value! });
  }
  return { nodes, links: kept };
}
