import type { World } from '../world.js';
import type { Measure } from './types.js';

/**
 * Helpers shared by instruments to pick the edges a measure covers. The
 * network-dependent part (which edges match the measure's products, buyers
 * and suppliers) is computed once per network version and cached on the
 * measure; per-step conditions (capability, origin content) are checked by
 * the instrument on that smaller set.
 */

/** A 0/1 mask of length n with 1 at the given indices, or null when `indices` is empty (= everything). */
export function maskOf(indices: Int32Array | undefined, n: number): Uint8Array | null {
  if (indices === undefined || indices.length === 0) return null;
  const mask = new Uint8Array(n);
  for (let i = 0; i < indices.length; i++) mask[indices[i]!] = 1;
  return mask;
}

/** The state of the buyer on edge `e` (the buyer firm's state, or the final-demand state). */
export function buyerState(world: World, e: number): number {
  const slot = world.edgeSlot[e]!;
  const owner = world.slotOwner[slot]!;
  return slot < world.firmSlotCount ? world.firmState[owner]! : world.finalDemandState[owner]!;
}

/** The buyer firm on edge `e`, or -1 for final demand. */
export function buyerFirm(world: World, e: number): number {
  const slot = world.edgeSlot[e]!;
  return slot < world.firmSlotCount ? world.slotOwner[slot]! : -1;
}

/**
 * The edges matching `test`, cached on the measure for the current network
 * version, so a measure scans the whole network only when it changes.
 */
export function cachedEdges(world: World, measure: Measure, test: (e: number) => boolean): Int32Array {
  const cache = measure.cache;
  if (cache !== undefined && cache.version === world.networkVersion) return cache.edges;
  const change = world.lastNetworkChange;
  if (cache !== undefined && change !== undefined && change.version === world.networkVersion && cache.version === change.version - 1) {
    // Edges were only added: move the cached ones and test the new ones.
    const moved = cache.edges.map((e) => change.oldToNew[e]!);
    const fresh = change.added.filter(test);
    const merged = new Int32Array(moved.length + fresh.length);
    merged.set(moved);
    merged.set(fresh, moved.length);
    merged.sort();
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

/** Origin content of firm `f` from state `state`, or 0 when that state's content is not tracked. */
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
 */
export function controlledEdges(
  world: World,
  measure: Measure,
  options: { products?: Int32Array; targets?: Int32Array; entities?: Int32Array; technology: number; deMinimis: number | undefined },
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
  const out: number[] = [];
  const issuer = measure.issuer;
  const { deMinimis, technology } = options;
  for (let i = 0; i < candidates.length; i++) {
    const e = candidates[i]!;
    const s = world.edgeSupplier[e]!;
    if (world.firmCapability[s]! < technology * world.productFrontier[world.firmProduct[s]!]!) continue;
    const bound = world.firmState[s] === issuer || (deMinimis !== undefined && originContent(world, s, issuer) > deMinimis);
    if (bound) out.push(e);
  }
  return Int32Array.from(out);
}
