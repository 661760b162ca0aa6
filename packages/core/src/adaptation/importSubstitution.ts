import type { World } from '../world.js';

/**
 * Import substitution: capability grows toward the frontier, and capacity
 * grows toward domestic demand that imports no longer meet.
 *
 * Capability of firm f (state s, product k) closes a share of its gap to the
 * frontier each year:
 *   rate = base + rdEffect·(rd_f + subsidy R&D) + learning·utilization_f
 *          + spillover·access_s,k + pull·denied_s,k
 *   c_f ← c_f + min(1, rate·years)·(frontier_k − c_f)
 * where access_f is the firm's access to the knowledge of the other states
 * ahead of it in k, weighted by their capability lead over it, each cut by
 * investment screening, all cut by controls through the share of its state's
 * foreign supply left open (0 when no other state is ahead), and denied_s,k
 * the share of the state's demand for k that went unmet.
 *
 * Capacity of each domestic maker of k grows by capacityInvestment·years
 * times the state's unmet demand for k, split by capacity: denied imports
 * raise demand for local substitutes.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, states: [{ id: 'US', rival: 'CN' }, { id: 'CN' }, { id: 'TW' }] }, 1);
 * const tsmc = world.firmIndex.get('TSMC')!;
 * world.firmCapability[tsmc] = 0.5; // half the frontier; Intel (US) is at the frontier
 * substituteImports(world); // one step of catching up (step() calls it in phase 4)
 * console.log(world.firmCapability[tsmc]!.toFixed(4)); // 0.5269
 * ```
 */
export function substituteImports(world: World): void {
  const policy = world.policy;
  if (!policy.active) return;
  const params = policy.params;
  const S = world.stateIds.length;
  const P = world.productIds.length;
  const F = world.firmIds.length;
  const years = world.params.daysPerStep / 365.25;
  const { firmState, firmProduct, firmCapability, firmCapacity, firmDamage, firmOutput, firmRdIntensity, productFrontier } = world;
  const capability = policy.stateProductCapability;

  const spilloverAccess = policy.spilloverAccess;
  const makerCapacity = new Float64Array(S * P);
  for (let f = 0; f < F; f++) makerCapacity[firmState[f]! * P + firmProduct[f]!]! += firmCapacity[f]!;
  // The best capability of the other states, per (state, product): a firm at or above it has
  // no state ahead of it, so its scan over the states below would add nothing.
  const bestOther = new Float64Array(S * P).fill(-Infinity);
  for (let s = 0; s < S; s++) {
    for (let j = 0; j < S; j++) {
      if (j === s) continue;
      for (let k = 0; k < P; k++) if (capability[j * P + k]! > bestOther[s * P + k]!) bestOther[s * P + k] = capability[j * P + k]!;
    }
  }

  for (let f = 0; f < F; f++) {
    const s = firmState[f]!;
    const k = firmProduct[f]!;
    const at = s * P + k;
    // Access to foreign knowledge: the other states ahead of this firm, weighted by
    // their lead over it, each through its own spillover channel.
    let lead = 0;
    let open = 0;
    const own = firmCapability[f]!;
    if (!(own >= bestOther[at]!)) {
      for (let j = 0; j < S; j++) {
        const ahead = capability[j * P + k]! - own;
        if (j === s || ahead <= 0) continue;
        lead += ahead;
        open += ahead * spilloverAccess[s * S + j]!;
      }
    }
    const access = lead > 0 ? (open / lead) * policy.stateForeignAccess[s]! : 0;
    const need = policy.stateProductNeed[at]!;
    const denied = need > 0 ? policy.stateProductDenied[at]! / need : 0;
    const capacity = firmCapacity[f]! * (1 - firmDamage[f]!);
    const utilization = capacity > 0 ? Math.min(1, firmOutput[f]! / capacity) : 0;
    const rate =
      params.capabilityBaseRate +
      params.rdEffect * (firmRdIntensity[f]! + policy.firmRdBoost[f]!) +
      params.learningRate * utilization +
      params.spilloverRate * access +
      params.substitutionPull * denied;
    const gap = productFrontier[k]! - firmCapability[f]!;
    if (gap > 0) firmCapability[f] = firmCapability[f]! + Math.min(1, rate * years) * gap;

    const unmet = policy.stateProductDenied[at]!;
    if (unmet > 0 && makerCapacity[at]! > 0) {
      firmCapacity[f] = firmCapacity[f]! + params.capacityInvestmentRate * years * unmet * (firmCapacity[f]! / makerCapacity[at]!);
    }
  }
}
