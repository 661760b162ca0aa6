import type { World } from '../world.js';

/**
 * Phase 4 (first part): the non-permission effects of the measures in force.
 * Knowledge access, subsidy R&D, investment subsidies and subsidy payments are reset; the price
 * supports in force (export finance) are paid, rate × the value delivered on their edges this
 * step, by their issuers (`stateExportFinance`, also counted in `stateSubsidyPaid`) to the
 * buyers' states (`stateFinanceReceived`); then each measure's `adapt` hook (investment
 * screening, subsidy, plugins) runs, in creation order.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'subsidy', issuer: 'US', products: ['chip'], investmentShare: 0.4 }] }, 1);
 * const intel = world.firmIndex.get('Intel')!;
 * applyMeasureEffects(world); // runs the subsidy's adapt hook: Intel's investment is 40% paid for
 * console.log(world.policy.firmInvestmentSubsidy[intel], world.policy.firmRdBoost[intel]); // 0.4 0.05
 * ```
 */
export function applyMeasureEffects(world: World): void {
  const policy = world.policy;
  if (!policy.active) return;
  policy.spilloverAccess.fill(1);
  policy.firmRdBoost.fill(0);
  policy.firmInvestmentSubsidy.fill(0);
  policy.stateSubsidyPaid.fill(0);
  payExportFinance(world);
  const t = world.step;
  const subsidies = world.mechanisms.subsidies; // off: a subsidy pays nothing and changes nothing
  for (const m of policy.measures) {
    if (m.start <= t && t < m.end && (subsidies || m.type !== 'subsidy'))
      policy.instruments.get(m.type)!.adapt?.(world, m);
  }
}

/** Pays this step's bill of each price support: rate × the value delivered on its edges. */
function payExportFinance(world: World): void {
  const policy = world.policy;
  const given = policy.stateExportFinance;
  const received = policy.stateFinanceReceived;
  given.fill(0);
  received.fill(0);
  if (policy.supports.length === 0) return;
  const { edgeDelivered, edgeSupplier, edgeSlot, slotOwner, firmSlotCount, firmState, finalDemandState, firmPrice } =
    world;
  for (const { issuer, edges, rate } of policy.supports) {
    let bill = 0;
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      const paid = rate * edgeDelivered[e]! * firmPrice[edgeSupplier[e]!]!;
      if (paid === 0) continue;
      const slot = edgeSlot[e]!;
      const buyer = slot < firmSlotCount ? firmState[slotOwner[slot]!]! : finalDemandState[slotOwner[slot]!]!;
      received[buyer] = received[buyer]! + paid;
      bill += paid;
    }
    given[issuer] = given[issuer]! + bill;
    policy.stateSubsidyPaid[issuer] = policy.stateSubsidyPaid[issuer]! + bill;
  }
}
