import type { World } from '../world.js';

/**
 * Import substitution: capacity grows toward domestic demand that imports no longer meet.
 * Capacity of each domestic maker of k grows by capacityInvestment·years times the state's unmet
 * demand for k, split by capacity: denied imports raise demand for local substitutes. (Capability
 * growth, which the same demand pulls, is adaptation/capability.ts.)
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, states: [{ id: 'US', rival: 'CN' }, { id: 'CN' }, { id: 'TW' }] }, 1);
 * const huawei = world.firmIndex.get('Huawei')!;
 * const before = world.firmCapacity[huawei]!;
 * world.policy.stateProductDenied[world.stateIndex.get('CN')! * world.productIds.length + world.productIndex.get('phone')!] = 4; // 4 phones a step went unmet
 * substituteImports(world); // phase 4 of step(): a quarter of investment toward them
 * console.log((world.firmCapacity[huawei]! - before).toFixed(3)); // 0.500
 * ```
 */
export function substituteImports(world: World): void {
  const policy = world.policy;
  if (!policy.active) return;
  const P = world.productIds.length;
  const S = world.stateIds.length;
  const F = world.firmIds.length;
  const years = world.params.daysPerStep / 365.25;
  const { firmState, firmProduct, firmCapacity } = world;
  const makerCapacity = new Float64Array(S * P);
  for (let f = 0; f < F; f++) makerCapacity[firmState[f]! * P + firmProduct[f]!]! += firmCapacity[f]!;
  for (let f = 0; f < F; f++) {
    const at = firmState[f]! * P + firmProduct[f]!;
    const unmet = policy.stateProductDenied[at]!;
    if (unmet > 0 && makerCapacity[at]! > 0) {
      firmCapacity[f] = firmCapacity[f]! + policy.params.capacityInvestmentRate * years * unmet * (firmCapacity[f]! / makerCapacity[at]!);
    }
  }
}
