import type { World } from '../world.js';
import { buyerState, cachedEdges, maskOf } from './edgeSets.js';
import { foreignStates } from './exportControl.js';
import { edgeBaseValues } from './restriction.js';
import { defineInstrument, type Measure } from './types.js';

/**
 * Export quota: caps the volume of the listed products the issuer's firms ship abroad (to the
 * target states, all foreign states when absent) at `share` of what they shipped at the steady
 * state, in total or per target state (`per`). The cap binds on orders: after buyers order
 * (phase 3b), orders on the covered edges above the cap are cut, by the same factor on every edge
 * (`allocation: proportional`, pro rata to orders) or each edge to `share` of its own steady-state
 * volume (`historical`: grandfathered allocations, as China allotted its rare-earth quotas by
 * past exports). What is cut is need the buyer could not place (`slotUnplaced`): it shows as
 * shortage, and substitution and supplier search act on it. Unlike a licence probability, a quota
 * lets every buyer trade, in a smaller volume.
 *
 * @example
 * ```ts
 * // China ships at most 60% of its steady-state gallium exports (9 units a step): 5.4.
 * const world = createWorld({ ...spec, measures: [{ type: 'export_quota', issuer: 'CN', products: ['gallium'], share: 0.6 }] }, 1);
 * step(world);
 * const exported = selectEdges(world, { supplier: 'GalliumCN' }).filter((e) => world.edgeForeign[e] === 1).reduce((sum, e) => sum + world.edgeOrder[e]!, 0);
 * console.log(exportQuota.type, exported.toFixed(2)); // export_quota 5.40
 * ```
 */
export const exportQuota = defineInstrument({
  type: 'export_quota',
  description:
    "Caps the volume of the issuer's exports of the listed products at a share of their steady-state volume, in total or per target.",
  fields: {
    products: { kind: 'products', required: true, description: 'Products under quota.' },
    targets: { kind: 'states', description: 'Destination states covered; all foreign states when absent.' },
    share: {
      kind: 'number',
      min: 0,
      max: 1,
      required: true,
      description: 'The quota, as a share of the steady-state export volume of the covered trade.',
    },
    per: {
      kind: 'enum',
      values: ['total', 'target'],
      default: 'total',
      description: 'One cap on all covered exports, or one per target state.',
    },
    allocation: {
      kind: 'enum',
      values: ['proportional', 'historical'],
      default: 'proportional',
      description:
        'How a binding cap is shared: pro rata to orders, or each buyer its share of its steady-state volume.',
    },
  },
  targets: (world, m) =>
    (m.fields.targets as Int32Array).length > 0
      ? Array.from(m.fields.targets as Int32Array)
      : foreignStates(world, m.issuer),
  // Severity and escalation read the quota as the share of the covered trade it closes.
  severity: (m) => 1 - (m.fields.share as number),
  restrict: (world, m) => ({
    edges: quotaEdges(world, m),
    licence: 1,
    tariff: 0,
    quota: {
      share: m.fields.share as number,
      perTarget: m.fields.per === 'target',
      historical: m.fields.allocation === 'historical',
    },
  }),
});

/** The issuer's cross-border edges of the listed products to the covered states. */
function quotaEdges(world: World, m: Measure): Int32Array {
  const productMask = maskOf(m.fields.products as Int32Array, world.productIds.length);
  const targetMask = maskOf(m.fields.targets as Int32Array, world.stateIds.length);
  return cachedEdges(world, m, (e) => {
    const s = world.edgeSupplier[e]!;
    if (world.firmState[s] !== m.issuer) return false;
    if (productMask !== null && productMask[world.firmProduct[s]!] === 0) return false;
    const to = buyerState(world, e);
    return to !== m.issuer && (targetMask === null || targetMask[to] === 1);
  });
}

/**
 * Phase 3b': cuts this step's orders to the quotas in force (`policy.quotas`, set by the
 * compliance phase from every measure whose restriction carries a quota). For each quota and
 * group of its edges (all of them, or those to one target state), the cap is `share` × the
 * group's steady-state volume; when the orders exceed it, proportional allocation scales every
 * order of the group by cap / orders, and historical allocation caps each edge at `share` × its
 * own steady-state volume. The part cut leaves the supplier's demand and the buyer's placed
 * orders and is recorded as unplaced.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'export_quota', issuer: 'CN', products: ['gallium'], share: 0.5, allocation: 'historical' }] }, 1);
 * applyMeasures(world);
 * placeOrders(world);
 * applyQuotas(world); // each foreign buyer gets at most half its steady-state gallium
 * console.log(world.policy.quotas.length); // 1
 * ```
 */
export function applyQuotas(world: World): void {
  const quotas = world.policy.quotas;
  if (quotas.length === 0) return;
  const { values } = edgeBaseValues(world);
  const { edgeOrder, edgeSupplier, firmProduct, productPrice } = world;
  const S = world.stateIds.length;
  const cut = (e: number, keep: number): void => cutOrder(world, e, keep);
  const baseVolume = (e: number): number => values[e]! / productPrice[firmProduct[edgeSupplier[e]!]!]!;
  for (const { edges, share, perTarget, historical } of quotas) {
    if (historical) {
      for (let i = 0; i < edges.length; i++) cut(edges[i]!, share * baseVolume(edges[i]!));
      continue;
    }
    // Proportional: one factor per group (the whole quota, or each target state).
    const groups = perTarget ? S : 1;
    const cap = new Float64Array(groups);
    const ordered = new Float64Array(groups);
    const groupOf = (e: number): number => (perTarget ? buyerState(world, e) : 0);
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      const g = groupOf(e);
      cap[g]! += share * baseVolume(e);
      ordered[g]! += edgeOrder[e]!;
    }
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      const g = groupOf(e);
      if (ordered[g]! > cap[g]!) cut(e, edgeOrder[e]! * (cap[g]! / ordered[g]!));
    }
  }
}

/**
 * Cuts this step's order on edge `e` to `keep` when it is larger: the part cut leaves the
 * supplier's demand and the buyer's placed orders and becomes the buyer's unplaced need. Shared
 * by the volume caps (export quotas, licences for a quantity).
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * placeOrders(world);
 * const [e] = selectEdges(world, { supplier: 'TSMC', buyer: 'Apple' });
 * cutOrder(world, e!, 0);
 * console.log(world.edgeOrder[e!]); // 0
 * ```
 */
export function cutOrder(world: World, e: number, keep: number): void {
  const { edgeOrder, edgeSupplier, edgeSlot, firmDemand, slotOrdered, slotUnplaced } = world;
  const order = edgeOrder[e]!;
  if (!(order > keep)) return;
  const c = order - keep;
  edgeOrder[e] = keep;
  firmDemand[edgeSupplier[e]!] = Math.max(0, firmDemand[edgeSupplier[e]!]! - c);
  const slot = edgeSlot[e]!;
  slotOrdered[slot] = Math.max(0, slotOrdered[slot]! - c);
  slotUnplaced[slot] = slotUnplaced[slot]! + c;
}
