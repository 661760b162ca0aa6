import type { World } from '../world.js';
import { cutOrder } from './quota.js';

/**
 * Licences for a quantity (docs/ODD.md §7.5). A licensing measure with `quantityDays` grants
 * licences that cover a quantity, not only a period: a granted licence on edge e covers
 *   Q_e = (quantityDays / Δ) · max(base need, expected need) · share_e
 * units, the slot's need per step (at the steady state, or at the buyer's expected demand when
 * larger) times the edge's share of the slot (the larger of its established and its steady-state
 * share), over `quantityDays` days. Orders on the edge are capped at what is left (phase 3b″,
 * after the export quotas), deliveries draw it down, and once it is shipped the licence lapses
 * and the buyer applies again: a new review, so a buyer that front-loads uses its licence up
 * sooner and waits sooner. MOFCOM grants gallium and germanium export licences contract by
 * contract; BIS licences carry a quantity and a value as well as a validity date (15 CFR 750.7).
 *
 * What is left is kept by slot and supplier (`policy.licenceAllowance`), so it survives a
 * network change; licensing (policy/licensing.ts) grants and drops it.
 */

/** The key of the edge from `supplier` in `slot` in `policy.licenceAllowance`. */
function keyOf(world: World, slot: number, supplier: number): number {
  return slot * world.firmIds.length + supplier;
}

/** The edge a key names, or −1 when the slot no longer has that supplier. */
function edgeOf(world: World, key: number): number {
  const F = world.firmIds.length;
  const slot = Math.floor(key / F);
  const supplier = key - slot * F;
  const { slotEdgeStart, edgeSupplier } = world;
  for (let e = slotEdgeStart[slot]!, end = slotEdgeStart[slot + 1]!; e < end; e++)
    if (edgeSupplier[e] === supplier) return e;
  return -1;
}

/**
 * Grants edge `e` a licence for `quantityDays` days of its share of its slot's need (see the
 * module's description), replacing what was left of an earlier one. Called by licensing when a
 * licence for a quantity is granted or renewed.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'mineral_export_licensing', issuer: 'CN', products: ['gallium'], licence: 0.9, reviewDays: 0, quantityDays: 90 }] }, 1);
 * const edge = selectEdges(world, { supplier: 'GalliumCN', buyer: 'TSMC' })[0]!;
 * grantAllowance(world, edge, 90);
 * console.log([...world.policy.licenceAllowance.values()].length); // 1
 * ```
 */
export function grantAllowance(world: World, e: number, quantityDays: number): void {
  const { edgeSlot, edgeSupplier, slotEdgeStart, slotOwner, slotAmount, firmSlotCount, edgeShare, edgeBaseShare } =
    world;
  const slot = edgeSlot[e]!;
  const start = slotEdgeStart[slot]!;
  const end = slotEdgeStart[slot + 1]!;
  let shares = 0;
  let baseShares = 0;
  for (let i = start; i < end; i++) {
    shares += edgeShare[i]!;
    baseShares += edgeBaseShare[i]!;
  }
  const share = Math.max(
    shares > 0 ? edgeShare[e]! / shares : 0,
    baseShares > 0 ? edgeBaseShare[e]! / baseShares : 0,
    shares > 0 || baseShares > 0 ? 0 : 1 / (end - start),
  );
  const owner = slotOwner[slot]!;
  const need =
    slot < firmSlotCount
      ? slotAmount[slot]! * Math.max(world.firmBaseDemand[owner]!, world.firmExpectedDemand[owner]!)
      : slotAmount[slot]!;
  const granted = (quantityDays / world.params.daysPerStep) * need * share;
  world.policy.licenceAllowance.set(keyOf(world, slot, edgeSupplier[e]!), { left: granted, granted });
}

/**
 * Forgets what was left of edge `e`'s licence for a quantity (it was denied, lapsed, or is no
 * longer required).
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * dropAllowance(world, 0); // nothing granted: nothing to forget
 * console.log(world.policy.licenceAllowance.size); // 0
 * ```
 */
export function dropAllowance(world: World, e: number): void {
  if (world.policy.licenceAllowance.size === 0) return;
  world.policy.licenceAllowance.delete(keyOf(world, world.edgeSlot[e]!, world.edgeSupplier[e]!));
}

/**
 * Draws last step's deliveries (`edgeDelivered`) down from every licence for a quantity and
 * returns the edges whose licence is now used up (at most a billionth of it left), in the order
 * of the grants; their allowance is forgotten, and licensing makes their buyers apply again.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'mineral_export_licensing', issuer: 'CN', products: ['gallium'], licence: 0.9, reviewDays: 0, quantityDays: 30 }] }, 1);
 * const edge = selectEdges(world, { supplier: 'GalliumCN', buyer: 'TSMC' })[0]!;
 * grantAllowance(world, edge, 30);
 * world.edgeDelivered[edge] = 1e9; // more than 30 days of TSMC's gallium
 * console.log(drawDownAllowances(world).length, drawDownAllowances(world).length); // 1 0
 * ```
 */
export function drawDownAllowances(world: World): number[] {
  const allowance = world.policy.licenceAllowance;
  const lapsed: number[] = [];
  for (const [key, entry] of allowance) {
    const e = edgeOf(world, key);
    if (e < 0) {
      allowance.delete(key);
      continue;
    }
    entry.left = Math.max(0, entry.left - world.edgeDelivered[e]!);
    if (entry.left <= 1e-9 * entry.granted) {
      allowance.delete(key);
      lapsed.push(e);
    }
  }
  return lapsed;
}

/**
 * Phase 3b″: caps this step's order on every edge with a licence for a quantity at what is left
 * of it. The part cut is need the buyer could not place (`slotUnplaced`), as with a quota.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'mineral_export_licensing', issuer: 'CN', products: ['gallium'], licence: 0.9, reviewDays: 0, quantityDays: 30 }] }, 1);
 * step(world);
 * capLicensedOrders(world); // orders on granted gallium licences stay within what they cover
 * console.log(world.policy.licenceAllowance.size > 0); // true
 * ```
 */
export function capLicensedOrders(world: World): void {
  const allowance = world.policy.licenceAllowance;
  if (allowance.size === 0) return;
  for (const [key, entry] of allowance) {
    const e = edgeOf(world, key);
    if (e >= 0) cutOrder(world, e, entry.left);
  }
}
