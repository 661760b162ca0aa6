import type { World } from '../world.js';

/**
 * Observation for the policy layer, at the end of a step: each state's best
 * capability and capacity share in each product, its output value, its unmet
 * demand by product, and its relative gains: the largest rise of its rival's capability lead over
 * the relative-gain horizon in a strategic product both make, and its own lead now (§7.7).
 * Doctrines act on these in the next step.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1); // no policy: step() does not observe
 * observePolicy(world);
 * const P = world.productIds.length, us = world.stateIndex.get('US')!;
 * console.log(world.policy.stateProductCapacityShare[us * P + world.productIndex.get('chip')!]!.toFixed(3)); // 0.463
 * ```
 */
export function observePolicy(world: World): void {
  const policy = world.policy;
  const S = world.stateIds.length;
  const P = world.productIds.length;
  const F = world.firmIds.length;
  const { firmState, firmProduct, firmCapability, firmCapacity, firmDamage, firmOutput, productPrice } = world;
  const capability = policy.stateProductCapability;
  const share = policy.stateProductCapacityShare;
  policy.previousStateProductCapability.set(capability);
  capability.fill(0);
  share.fill(0);
  policy.stateOutput.fill(0);
  const worldCapacity = new Float64Array(P);
  for (let f = 0; f < F; f++) {
    const s = firmState[f]!;
    const k = firmProduct[f]!;
    const capacity = firmCapacity[f]! * (1 - firmDamage[f]!);
    if (capacity > 0 && firmCapability[f]! > capability[s * P + k]!) capability[s * P + k] = firmCapability[f]!;
    share[s * P + k]! += capacity;
    worldCapacity[k]! += capacity;
    policy.stateOutput[s]! += firmOutput[f]! * productPrice[k]!;
  }
  for (let s = 0; s < S; s++) {
    for (let k = 0; k < P; k++) share[s * P + k] = worldCapacity[k]! > 0 ? share[s * P + k]! / worldCapacity[k]! : 0;
  }
  if (!policy.observed) {
    policy.stateInitialOutput.set(policy.stateOutput);
    policy.previousStateProductCapability.set(capability);
    policy.observed = true;
  }

  // Need and unmet need by state and product, from the slots.
  const need = policy.stateProductNeed;
  const denied = policy.stateProductDenied;
  need.fill(0);
  denied.fill(0);
  const { slotOwner, slotProduct, slotOrdered, slotUnplaced, slotReceived, firmSlotCount, finalDemandState } = world;
  for (let slot = 0; slot < slotOwner.length; slot++) {
    const s = slot < firmSlotCount ? firmState[slotOwner[slot]!]! : finalDemandState[slotOwner[slot]!]!;
    const wanted = slotOrdered[slot]! + slotUnplaced[slot]!;
    const at = s * P + slotProduct[slot]!;
    need[at]! += wanted;
    const short = wanted - slotReceived[slot]!;
    if (short > 0) denied[at]! += short;
  }

  observeRelativeGains(world, capability, share);
}

/**
 * Relative gains (docs/ODD.md §7.7). Capabilities are kept for the relative-gain horizon (a ring
 * of H + 1 steps). A state's relative-gain loss is the largest rise, over the horizon (or since
 * the first step, before H steps), of its rival's capability lead, as a share of the product's
 * frontier, among the strategic products both states make; its relative capability is its lead
 * now, as a share of the frontier, averaged over the same products. Products only one of the two
 * makes are left out: a capability there is a level, not a gain over the other.
 */
function observeRelativeGains(world: World, capability: Float64Array, share: Float64Array): void {
  const policy = world.policy;
  const S = world.stateIds.length;
  const P = world.productIds.length;
  const H = policy.capabilityHistorySteps;
  const history = policy.capabilityHistory;
  const n = policy.capabilityObservations;
  history.set(capability, (n % (H + 1)) * S * P);
  policy.capabilityObservations = n + 1;
  // The capabilities H steps ago, or the first ones while fewer than H + 1 steps were observed.
  const past = (n < H ? 0 : (n - H) % (H + 1)) * S * P;
  const frontier = world.productFrontier;
  for (let s = 0; s < S; s++) {
    const r = policy.stateRival[s]!;
    let loss = 0;
    let lead = 0;
    let common = 0;
    if (r >= 0) {
      for (let k = 0; k < P; k++) {
        if (
          world.productStrategic[k] === 0 ||
          !(share[s * P + k]! > 0) ||
          !(share[r * P + k]! > 0) ||
          !(frontier[k]! > 0)
        )
          continue;
        const now = (capability[r * P + k]! - capability[s * P + k]!) / frontier[k]!;
        const before = (history[past + r * P + k]! - history[past + s * P + k]!) / frontier[k]!;
        if (now - before > loss) loss = now - before;
        lead -= now;
        common++;
      }
    }
    policy.stateRelativeGainLoss[s] = loss;
    policy.stateRelativeCapability[s] = common > 0 ? lead / common : 0;
  }
}
