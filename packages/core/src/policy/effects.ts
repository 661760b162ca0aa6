import type { World } from '../world.js';

/**
 * Phase 4 (first part): the non-permission effects of the measures in force.
 * Knowledge access, subsidy R&D, investment subsidies and subsidy payments are reset, then each
 * measure's `adapt` hook (investment screening, subsidy, plugins) runs, in
 * creation order.
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
  const t = world.step;
  const subsidies = world.mechanisms.subsidies; // off: a subsidy pays nothing and changes nothing
  for (const m of policy.measures) {
    if (m.start <= t && t < m.end && (subsidies || m.type !== 'subsidy')) policy.instruments.get(m.type)!.adapt?.(world, m);
  }
}
