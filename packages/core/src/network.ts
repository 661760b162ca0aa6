import type { World } from './world.js';

/** Default rationing priority of intermediate (firm) demand and of final demand. */
export const FIRM_PRIORITY = 1;
export const FINAL_DEMAND_PRIORITY = 0;

/**
 * The supply network's index structures: edges sorted by slot (the CSR by
 * buyer) and the CSR by supplier. These functions build them and, when
 * supplier search adds edges, rebuild them; nothing else changes the network.
 */

/**
 * CSR index of edges by supplier, stable in edge order.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const index: SupplierIndex = buildSupplierIndex(world.edgeSupplier, firmCount(world));
 * console.log(index.maxOutDegree); // 3
 * ```
 */
export interface SupplierIndex {
  /** Offsets into `supplierEdges` for each supplier (length F + 1). */
  supplierEdgeStart: Int32Array;
  /** Edge indices grouped by supplier. */
  supplierEdges: Int32Array;
  /** The largest out-degree. */
  maxOutDegree: number;
}

/**
 * Builds the CSR by supplier with a stable counting sort, so each supplier's
 * edges keep edge order (firm buyers before final demand). With explicit
 * priorities, each supplier's edges are then sorted highest priority first
 * (ties in edge order).
 *
 * @example
 * ```ts
 * // Three edges: supplier 1, then 0, then 1 again.
 * const index = buildSupplierIndex(Int32Array.of(1, 0, 1), 2);
 * console.log([...index.supplierEdgeStart], [...index.supplierEdges], index.maxOutDegree); // [0, 1, 3] [1, 0, 2] 2
 * ```
 */
export function buildSupplierIndex(edgeSupplier: Int32Array, firms: number, priority?: Float64Array): SupplierIndex {
  const E = edgeSupplier.length;
  const supplierEdgeStart = new Int32Array(firms + 1);
  for (let e = 0; e < E; e++) supplierEdgeStart[edgeSupplier[e]! + 1]!++;
  let maxOutDegree = 0;
  for (let f = 0; f < firms; f++) {
    maxOutDegree = Math.max(maxOutDegree, supplierEdgeStart[f + 1]!);
    supplierEdgeStart[f + 1]! += supplierEdgeStart[f]!;
  }
  const cursor = supplierEdgeStart.slice(0, firms);
  const supplierEdges = new Int32Array(E);
  for (let e = 0; e < E; e++) supplierEdges[cursor[edgeSupplier[e]!]!++] = e;
  if (priority !== undefined) {
    for (let f = 0; f < firms; f++) {
      const segment = Array.from(supplierEdges.subarray(supplierEdgeStart[f]!, supplierEdgeStart[f + 1]!));
      segment.sort((a, b) => priority[b]! - priority[a]! || a - b);
      supplierEdges.set(segment, supplierEdgeStart[f]!);
    }
  }
  return { supplierEdgeStart, supplierEdges, maxOutDegree };
}

/**
 * An edge to add: a supplier firm for a slot, with its initial share.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const slot = world.edgeSlot[selectEdges(world, { supplier: 'Apple', buyerState: 'TW', finalDemand: true })[0]!]!;
 * // A new supplier that starts blocked, as supplier search adds one that has yet to deliver.
 * const edge: NewEdge = { supplier: world.firmIndex.get('Huawei')!, slot, share: 0.2, blocked: true };
 * addEdges(world, [edge]);
 * console.log(world.edgeBlocked[selectEdges(world, { supplier: 'Huawei', buyerState: 'TW' })[0]!]); // 1
 * ```
 */
export interface NewEdge {
  /** Supplier firm index. */
  supplier: number;
  /** Slot (buyer input) index. */
  slot: number;
  /** Initial share before the slot's shares are renormalized. */
  share: number;
  /** Whether the edge starts blocked (a supplier not yet delivering). */
  blocked: boolean;
}

/**
 * How the last change to the network moved edges, so caches can update instead of rebuilding.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const slot = world.edgeSlot[selectEdges(world, { supplier: 'Apple', buyerState: 'TW', finalDemand: true })[0]!]!;
 * addEdges(world, [{ supplier: world.firmIndex.get('Huawei')!, slot, share: 0.2, blocked: false }]);
 * const change: NetworkChange = world.lastNetworkChange!;
 * // A cache of edge indices built before the change maps its entries through oldToNew.
 * console.log(change.version, [...change.added], change.oldToNew.length); // 1 [11] 11
 * ```
 */
export interface NetworkChange {
  /** The network version after the change. */
  version: number;
  /** New index of each edge that existed before the change. */
  oldToNew: Int32Array;
  /** Indices of the added edges, ascending. */
  added: Int32Array;
}

/** Per-edge arrays that move with their edge when the network changes. */
function edgeArrays(world: World): Array<Int32Array | Float64Array | Uint8Array> {
  const base = world.policy.base;
  const arrays: Array<Int32Array | Float64Array | Uint8Array> = [
    world.edgeSupplier,
    world.edgeSlot,
    world.edgeShare,
    world.edgeOrder,
    world.edgeBaseShare,
    world.edgeDelivered,
    world.edgeBlocked,
    world.edgeLicenceProbability,
    world.edgeTariff,
    base.blocked,
    base.licence,
    base.tariff,
  ];
  if (world.edgePriority !== undefined) arrays.push(world.edgePriority);
  return arrays;
}

/**
 * Adds edges to the network: each goes at the end of its slot's edges, the
 * slot's shares are renormalized, every per-edge array is carried over in
 * blocks, both CSR indexes are rebuilt, `world.networkVersion` is incremented
 * and `world.lastNetworkChange` says where each edge went, so caches over
 * edges can update incrementally. Costs O(E) in block copies.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * // Taiwan's households buy phones only from Apple; open a second supplier, Huawei.
 * const slot = world.edgeSlot[selectEdges(world, { supplier: 'Apple', buyerState: 'TW', finalDemand: true })[0]!]!;
 * addEdges(world, [{ supplier: world.firmIndex.get('Huawei')!, slot, share: 0.25, blocked: false }]);
 * const huawei = selectEdges(world, { supplier: 'Huawei', buyerState: 'TW' })[0]!;
 * console.log(edgeCount(world), world.networkVersion, world.edgeShare[huawei]); // 12 1 0.2
 * ```
 */
export function addEdges(world: World, additions: readonly NewEdge[]): void {
  if (additions.length === 0) return;
  const sorted = additions.map((a, i) => ({ ...a, i })).sort((a, b) => a.slot - b.slot || a.i - b.i);
  const E = world.edgeSupplier.length;
  const n = sorted.length;
  const slots = world.slotOwner.length;
  const oldStart = world.slotEdgeStart;
  const oldArrays = edgeArrays(world);
  const newArrays = oldArrays.map((a) => new (a.constructor as new (length: number) => typeof a)(E + n));
  const [supplier, slotOf, share, , baseShare, , blocked, licence, , baseBlocked, baseLicence] = newArrays as [
    Int32Array, Int32Array, Float64Array, Float64Array, Float64Array, Float64Array, Uint8Array, Float64Array, Float64Array, Uint8Array, Float64Array, Float64Array,
  ];
  const oldToNew = new Int32Array(E);
  const added = new Int32Array(n);
  let copied = 0; // old edges copied so far
  let at = 0; // next free position in the new arrays
  const copyUpTo = (end: number): void => {
    if (end <= copied) return;
    for (let a = 0; a < oldArrays.length; a++) newArrays[a]!.set(oldArrays[a]!.subarray(copied, end), at);
    for (let e = copied; e < end; e++) oldToNew[e] = at + (e - copied);
    at += end - copied;
    copied = end;
  };
  for (let i = 0; i < n; ) {
    const s = sorted[i]!.slot;
    copyUpTo(oldStart[s + 1]!);
    const first = oldStart[s]! + (at - copied);
    for (; i < n && sorted[i]!.slot === s; i++) {
      const edge = sorted[i]!;
      supplier[at] = edge.supplier;
      slotOf[at] = s;
      share[at] = edge.share; // its established share stays 0: once the old suppliers deliver again, buyers drift back
      licence[at] = 1;
      baseLicence[at] = 1;
      blocked[at] = edge.blocked ? 1 : 0;
      baseBlocked[at] = edge.blocked ? 1 : 0;
      // New edges take the default priority of their buyer kind.
      if (world.edgePriority !== undefined) newArrays[12]![at] = s < world.firmSlotCount ? FIRM_PRIORITY : FINAL_DEMAND_PRIORITY;
      added[i] = at;
      at++;
    }
    let sum = 0;
    for (let e = first; e < at; e++) sum += share[e]!;
    if (sum > 0) for (let e = first; e < at; e++) share[e] = share[e]! / sum;
  }
  copyUpTo(E);
  added.sort();

  const slotEdgeStart = new Int32Array(slots + 1);
  for (let e = 0; e < E + n; e++) slotEdgeStart[slotOf[e]! + 1]!++;
  for (let s = 0; s < slots; s++) slotEdgeStart[s + 1]! += slotEdgeStart[s]!;
  const priority = world.edgePriority === undefined ? undefined : (newArrays[12] as Float64Array);
  const index = buildSupplierIndex(supplier, world.firmIds.length, priority);
  world.edgePriority = priority;
  world.edgeSupplier = supplier;
  world.edgeSlot = slotOf;
  world.edgeShare = share;
  world.edgeOrder = newArrays[3] as Float64Array;
  world.edgeBaseShare = baseShare;
  world.edgeDelivered = newArrays[5] as Float64Array;
  world.edgeBlocked = blocked;
  world.edgeLicenceProbability = licence;
  world.edgeTariff = newArrays[8] as Float64Array;
  world.slotEdgeStart = slotEdgeStart;
  world.supplierEdgeStart = index.supplierEdgeStart;
  world.supplierEdges = index.supplierEdges;
  if (index.maxOutDegree > world.scratchOrder.length) world.scratchOrder = new Int32Array(index.maxOutDegree);
  world.policy.base = { blocked: baseBlocked, licence: baseLicence, tariff: newArrays[11] as Float64Array };
  world.policy.baseDirty = true;
  world.networkVersion++;
  world.lastNetworkChange = { version: world.networkVersion, oldToNew, added };
}
