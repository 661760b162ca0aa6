import type { World } from './world.js';

/**
 * The supply network's index structures: edges sorted by slot (the CSR by
 * buyer) and the CSR by supplier. These functions build them and, when
 * supplier search adds edges, rebuild them; nothing else changes the network.
 */

/** CSR index of edges by supplier, stable in edge order. */
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
 * edges keep edge order (firm buyers before final demand).
 */
export function buildSupplierIndex(edgeSupplier: Int32Array, firms: number): SupplierIndex {
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
  return { supplierEdgeStart, supplierEdges, maxOutDegree };
}

/** An edge to add: a supplier firm for a slot, with its initial share. */
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
 * Adds edges to the network: each goes at the end of its slot's edges, the
 * slot's shares are renormalized, every per-edge array is carried over, both
 * CSR indexes are rebuilt, and `world.networkVersion` is incremented so caches
 * over edges rebuild. Costs O(E); supplier search batches its additions.
 */
export function addEdges(world: World, additions: readonly NewEdge[]): void {
  if (additions.length === 0) return;
  const sorted = additions.map((a, i) => ({ ...a, i })).sort((a, b) => a.slot - b.slot || a.i - b.i);
  const E = world.edgeSupplier.length;
  const n = sorted.length;
  const slots = world.slotOwner.length;
  const base = world.policy.base;
  const old = {
    supplier: world.edgeSupplier,
    share: world.edgeShare,
    order: world.edgeOrder,
    delivered: world.edgeDelivered,
    blocked: world.edgeBlocked,
    licence: world.edgeLicenceProbability,
    tariff: world.edgeTariff,
    baseBlocked: base.blocked,
    baseLicence: base.licence,
    baseTariff: base.tariff,
    slotEdgeStart: world.slotEdgeStart,
  };
  const supplier = new Int32Array(E + n);
  const slotOf = new Int32Array(E + n);
  const share = new Float64Array(E + n);
  const order = new Float64Array(E + n);
  const delivered = new Float64Array(E + n);
  const blocked = new Uint8Array(E + n);
  const licence = new Float64Array(E + n);
  const tariff = new Float64Array(E + n);
  const baseBlocked = new Uint8Array(E + n);
  const baseLicence = new Float64Array(E + n);
  const baseTariff = new Float64Array(E + n);
  const slotEdgeStart = new Int32Array(slots + 1);
  let at = 0;
  let next = 0;
  for (let s = 0; s < slots; s++) {
    slotEdgeStart[s] = at;
    const from = old.slotEdgeStart[s]!;
    const to = old.slotEdgeStart[s + 1]!;
    const count = to - from;
    supplier.set(old.supplier.subarray(from, to), at);
    share.set(old.share.subarray(from, to), at);
    order.set(old.order.subarray(from, to), at);
    delivered.set(old.delivered.subarray(from, to), at);
    blocked.set(old.blocked.subarray(from, to), at);
    licence.set(old.licence.subarray(from, to), at);
    tariff.set(old.tariff.subarray(from, to), at);
    baseBlocked.set(old.baseBlocked.subarray(from, to), at);
    baseLicence.set(old.baseLicence.subarray(from, to), at);
    baseTariff.set(old.baseTariff.subarray(from, to), at);
    slotOf.fill(s, at, at + count);
    at += count;
    let added = false;
    while (next < n && sorted[next]!.slot === s) {
      const edge = sorted[next++]!;
      supplier[at] = edge.supplier;
      slotOf[at] = s;
      share[at] = edge.share;
      licence[at] = 1;
      baseLicence[at] = 1;
      blocked[at] = edge.blocked ? 1 : 0;
      baseBlocked[at] = edge.blocked ? 1 : 0;
      at++;
      added = true;
    }
    if (added) {
      let sum = 0;
      for (let e = slotEdgeStart[s]!; e < at; e++) sum += share[e]!;
      if (sum > 0) for (let e = slotEdgeStart[s]!; e < at; e++) share[e] = share[e]! / sum;
    }
  }
  slotEdgeStart[slots] = at;
  const index = buildSupplierIndex(supplier, world.firmIds.length);
  world.edgeSupplier = supplier;
  world.edgeSlot = slotOf;
  world.edgeShare = share;
  world.edgeOrder = order;
  world.edgeDelivered = delivered;
  world.edgeBlocked = blocked;
  world.edgeLicenceProbability = licence;
  world.edgeTariff = tariff;
  world.slotEdgeStart = slotEdgeStart;
  world.supplierEdgeStart = index.supplierEdgeStart;
  world.supplierEdges = index.supplierEdges;
  if (index.maxOutDegree > world.scratchOrder.length) world.scratchOrder = new Int32Array(index.maxOutDegree);
  world.policy.base = { blocked: baseBlocked, licence: baseLicence, tariff: baseTariff };
  world.policy.baseDirty = true;
  world.networkVersion++;
}
