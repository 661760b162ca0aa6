import type { World } from '../world.js';
import { buyerState } from './edgeSets.js';
import type { Measure } from './types.js';

/** The instruments whose leakage is measured: controls that bind exports to a target. */
const CONTROLS = new Set(['export_control', 'foreign_direct_product_rule', 'entity_list']);

/** Whether a measure is a control whose leakage through third countries is measured. */
function isControl(m: Measure): boolean {
  return CONTROLS.has(m.type);
}

/**
 * The key of an edge that survives network changes: its supplier and its slot (neither ever
 * moves, while edge indices shift when edges are added).
 */
function edgeKey(world: World, e: number): number {
  return world.edgeSlot[e]! * world.firmIds.length + world.edgeSupplier[e]!;
}

/** Units an edge carried at the steady state the world started in: its slot's need by the buyer's established share. */
function steadyFlow(world: World, e: number): number {
  const slot = world.edgeSlot[e]!;
  const need =
    slot < world.firmSlotCount
      ? world.slotAmount[slot]! * world.firmBaseDemand[world.slotOwner[slot]!]!
      : world.slotAmount[slot]!;
  return need * world.edgeBaseShare[e]!;
}

/**
 * Compliance phase: records, for each control announced or coming into force, the flow each of
 * its third-country edges carried before it (the deliveries of the step before its announcement,
 * so front-loading is not in the baseline, or the steady state for a control from the first
 * step), once per edge. Leakage is the increase over these.
 */
export function noteLeakageBaselines(world: World, measures: readonly Measure[]): void {
  const policy = world.policy;
  const t = world.step;
  for (const m of measures) {
    if (!isControl(m) || policy.leakageNoted.has(m.id)) continue;
    policy.leakageNoted.add(m.id);
    world.policy.instruments.get(m.type)!.restrict?.(world, m); // fills m.cache with the candidate edges
    if (m.cache === undefined) continue;
    const edges = m.cache.edges;
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      const from = world.firmState[world.edgeSupplier[e]!]!;
      if (from === m.issuer || from === buyerState(world, e)) continue;
      const key = edgeKey(world, e);
      if (!policy.leakageBaseline.has(key))
        policy.leakageBaseline.set(key, t === 0 ? steadyFlow(world, e) : world.edgeDelivered[e]!);
    }
  }
}

/**
 * Leakage by product, in value at base prices: how much more of the controlled products the
 * targets of the controls in force in step `t` received from third-country suppliers (neither
 * issuer nor target) over routes left open (edges neither blocked nor licensed this step) than
 * those routes carried before the controls, summed over the union of the controls' edges (each
 * edge once) and floored at 0 per product. An edge that did not exist before (a new route)
 * counts in full.
 *
 * @example
 * ```ts
 * // A US control on chips to China: Huawei buys from TSMC (Taiwan) what Intel no longer ships, and TSMC is not bound.
 * const world = createWorld({ ...spec, measures: [{ type: 'export_control', issuer: 'US', targets: ['CN'], products: ['chip'] }] }, 1);
 * for (let t = 0; t < 4; t++) step(world);
 * const chip = world.productIndex.get('chip')!;
 * console.log(controlLeakage(world, world.step - 1)[chip]! > 0); // true
 * ```
 */
export function controlLeakage(world: World, t: number): Float64Array {
  const P = world.productIds.length;
  const change = new Float64Array(P);
  const counted = new Set<number>();
  const policy = world.policy;
  for (const m of policy.measures) {
    if (!(m.start <= t && t < m.end) || !isControl(m)) continue;
    // Supplier search may have grown the network since compliance: restrict() brings the cache up to date.
    policy.instruments.get(m.type)!.restrict?.(world, m);
    if (m.cache === undefined) continue;
    const edges = m.cache.edges;
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      if (counted.has(e)) continue;
      const s = world.edgeSupplier[e]!;
      const from = world.firmState[s]!;
      if (from === m.issuer || from === buyerState(world, e)) continue;
      // Leakage runs through routes the controls leave open: a bound (blocked or licensed) edge's loss does not offset it.
      if (world.edgeBlocked[e] === 1 || world.edgeLicenceProbability[e]! < 1) continue;
      counted.add(e);
      const k = world.firmProduct[s]!;
      change[k]! +=
        (world.edgeDelivered[e]! - (policy.leakageBaseline.get(edgeKey(world, e)) ?? 0)) * world.productPrice[k]!;
    }
  }
  for (let k = 0; k < P; k++) if (change[k]! < 0) change[k] = 0;
  return change;
}
