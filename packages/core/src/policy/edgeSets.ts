import type { World } from '../world.js';
import type { Measure } from './types.js';

/**
 * Helpers shared by instruments to pick the edges a measure covers. The
 * network-dependent part (which edges match the measure's products, buyers
 * and suppliers) is computed once per network version and cached on the
 * measure; per-step conditions (capability, origin content) are checked by
 * the instrument on that smaller set.
 */

/**
 * A 0/1 mask of length n with 1 at the given indices, or null when `indices` is empty (= everything).
 *
 * @example
 * ```ts
 * console.log(maskOf(Int32Array.of(0, 2), 4)); // Uint8Array(4) [1, 0, 1, 0]
 * console.log(maskOf(new Int32Array(0), 4)); // null
 * ```
 */
export function maskOf(indices: Int32Array | undefined, n: number): Uint8Array | null {
  if (indices === undefined || indices.length === 0) return null;
  const mask = new Uint8Array(n);
  for (let i = 0; i < indices.length; i++) mask[indices[i]!] = 1;
  return mask;
}

/**
 * The state of the buyer on edge `e` (the buyer firm's state, or the final-demand state).
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const [e] = selectEdges(world, { supplier: 'Apple', buyerState: 'CN', finalDemand: true });
 * console.log(world.stateIds[buyerState(world, e!)]); // CN
 * ```
 */
export function buyerState(world: World, e: number): number {
  const slot = world.edgeSlot[e]!;
  const owner = world.slotOwner[slot]!;
  return slot < world.firmSlotCount ? world.firmState[owner]! : world.finalDemandState[owner]!;
}

/**
 * The buyer firm on edge `e`, or -1 for final demand.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const [toHuawei] = selectEdges(world, { supplier: 'Intel', buyer: 'Huawei' });
 * const [toHouseholds] = selectEdges(world, { supplier: 'Apple', buyerState: 'CN', finalDemand: true });
 * console.log(world.firmIds[buyerFirm(world, toHuawei!)], buyerFirm(world, toHouseholds!)); // Huawei -1
 * ```
 */
export function buyerFirm(world: World, e: number): number {
  const slot = world.edgeSlot[e]!;
  return slot < world.firmSlotCount ? world.slotOwner[slot]! : -1;
}

/**
 * The edges matching `test`, cached on the measure for the current network
 * version, so a measure scans the whole network only when it changes.
 *
 * @example
 * ```ts
 * // A plugin instrument: an embargo on every import into the issuer.
 * const embargo = defineInstrument({
 *   type: 'embargo',
 *   description: 'Blocks every import into the issuer.',
 *   fields: {},
 *   severity: () => 1,
 *   restrict: (world, m) => ({
 *     edges: cachedEdges(world, m, (e) => buyerState(world, e) === m.issuer && world.firmState[world.edgeSupplier[e]!] !== m.issuer),
 *     licence: 0,
 *     tariff: 0,
 *   }),
 * });
 * const world = createWorld({ ...spec, measures: [{ type: 'embargo', issuer: 'TW' }] }, 1, { instruments: [embargo] });
 * step(world);
 * console.log(world.policy.measures[0]!.cache!.edges.length); // 2
 * ```
 */
export function cachedEdges(world: World, measure: Measure, test: (e: number) => boolean): Int32Array {
  const cache = measure.cache;
  if (cache !== undefined && cache.version === world.networkVersion) return cache.edges;
  const change = world.lastNetworkChange;
  if (
    cache !== undefined &&
    change !== undefined &&
    change.version === world.networkVersion &&
    cache.version === change.version - 1
  ) {
    // Edges were only added: move the cached ones and test the new ones.
    // Both lists are ascending (moves keep the order), so they merge in one pass.
    const old = change.newIndices(cache.edges);
    const fresh = change.added.filter(test);
    const merged = new Int32Array(old.length + fresh.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length && j < fresh.length) merged[k++] = old[i]! < fresh[j]! ? old[i++]! : fresh[j++]!;
    while (i < old.length) merged[k++] = old[i++]!;
    while (j < fresh.length) merged[k++] = fresh[j++]!;
    measure.cache = { version: world.networkVersion, edges: merged };
    return merged;
  }
  const out: number[] = [];
  const edges = world.edgeSupplier.length;
  for (let e = 0; e < edges; e++) if (test(e)) out.push(e);
  const result = Int32Array.from(out);
  measure.cache = { version: world.networkVersion, edges: result };
  return result;
}

/**
 * Origin content of firm `f` from state `state`, or 0 when that state's content is not tracked.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'foreign_direct_product_rule', issuer: 'US', targets: ['CN'], products: ['chip'] }] }, 1);
 * const [tsmc, us] = [world.firmIndex.get('TSMC')!, world.stateIndex.get('US')!];
 * // 30% of TSMC's own value added is US-origin and its gallium is Chinese: (1 − m)·0.3, with m = 0.1 / 3 the input share of value.
 * console.log(originContent(world, tsmc, us).toFixed(3), originContent(world, world.firmIndex.get('Intel')!, us)); // 0.290 0.9666666666666667
 * ```
 */
export function originContent(world: World, f: number, state: number): number {
  const t = world.policy.trackedIndex[state]!;
  if (t < 0) return 0;
  return world.policy.firmContent[f * world.policy.trackedStates.length + t]!;
}

/**
 * The edges of a control (export control, entity list, foreign direct product
 * rule) in force this step: those carrying one of `products` (all when empty)
 * to a buyer in `targets` or among `entities`, from a supplier outside the
 * targets that is bound by the issuer's rule. A supplier is bound when it is
 * in the issuer's state, or, when `deMinimis` is a number, when its
 * issuer-origin content exceeds it (foreign direct product rule). Suppliers
 * below the technology threshold (a share of the product's frontier) are free.
 *
 * @example
 * ```ts
 * // A plugin instrument: a chip-export denial built on the same edge rule as export_control.
 * const chipDenial = defineInstrument({
 *   type: 'chip_denial',
 *   description: 'Denies the issuer’s chip exports to the target states.',
 *   fields: { targets: { kind: 'states', required: true, description: 'Target states.' } },
 *   target: (_world, m) => (m.fields.targets as Int32Array)[0] ?? -1,
 *   severity: () => 1,
 *   restrict: (world, m) => ({
 *     edges: controlledEdges(world, m, {
 *       products: Int32Array.of(world.productIndex.get('chip')!),
 *       targets: m.fields.targets as Int32Array,
 *       technology: 0,
 *       deMinimis: undefined, // bind the issuer's own firms only
 *     }),
 *     licence: 0,
 *     tariff: 0,
 *   }),
 * });
 * const world = createWorld({ ...spec, measures: [{ type: 'chip_denial', issuer: 'US', targets: ['CN'] }] }, 1, { instruments: [chipDenial] });
 * step(world);
 * console.log([...world.policy.measures[0]!.cache!.edges].map((e) => `${world.firmIds[world.edgeSupplier[e]!]}→${world.firmIds[buyerFirm(world, e)]}`)); // ['Intel→Huawei', 'TSMC→Huawei']
 * ```
 */
export function controlledEdges(
  world: World,
  measure: Measure,
  options: {
    products?: Int32Array;
    targets?: Int32Array;
    entities?: Int32Array;
    technology: number;
    deMinimis: number | undefined;
  },
): Int32Array {
  const productMask = maskOf(options.products, world.productIds.length);
  const targetMask = maskOf(options.targets, world.stateIds.length);
  const entityMask = maskOf(options.entities, world.firmIds.length);
  const candidates = cachedEdges(world, measure, (e) => {
    const s = world.edgeSupplier[e]!;
    if (productMask !== null && productMask[world.firmProduct[s]!] === 0) return false;
    const to = buyerState(world, e);
    const inTarget = targetMask !== null && targetMask[to] === 1;
    const buyer = buyerFirm(world, e);
    const listed = entityMask !== null && buyer >= 0 && entityMask[buyer] === 1;
    if (!inTarget && !listed) return false;
    // A control restricts exports: a supplier in the target's own state is not covered.
    return world.firmState[s] !== to;
  });
  const out = new Int32Array(candidates.length);
  let count = 0;
  const issuer = measure.issuer;
  const { deMinimis, technology } = options;
  const { edgeSupplier, firmCapability, firmState, firmProduct, productStartFrontier } = world;
  for (let i = 0; i < candidates.length; i++) {
    const e = candidates[i]!;
    const s = edgeSupplier[e]!;
    if (firmCapability[s]! < technology * productStartFrontier[firmProduct[s]!]!) continue; // an absolute level: the run's starting frontier
    const bound = firmState[s] === issuer || (deMinimis !== undefined && originContent(world, s, issuer) > deMinimis);
    if (bound) out[count++] = e;
  }
  return out.slice(0, count);
}
