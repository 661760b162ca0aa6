import { exp } from './math.js';
import type { World } from './world.js';

/**
 * Phase 4b: capacity adjusts.
 *
 * Overproduction (ARIO): where demand exceeds undamaged capacity
 * (scarcity), the overproduction factor α rises toward α_max; otherwise it
 * falls back toward 1, in both cases at rate min(1, daysPerStep / τ_α).
 * Damage recovers exponentially: damage ← damage·exp(−daysPerStep / τ_rebuild).
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const apple = world.firmIndex.get('Apple')!;
 * world.firmDamage[apple] = 0.5; // a fire destroys half of Apple's capacity
 * adjustCapacity(world); // a quarter of rebuilding: damage × exp(−91.3 / 60)
 * console.log(world.firmDamage[apple]!.toFixed(3)); // 0.109
 * ```
 */
export function adjustCapacity(world: World): void {
  const { params, firmCapacity, firmDamage, firmOverproduction, firmDemand } = world;
  const rate = Math.min(1, params.daysPerStep / params.overproductionDays);
  const alphaMax = params.overproductionMax;
  const recovery = exp(-params.daysPerStep / params.damageRecoveryDays);
  const firms = firmCapacity.length;
  for (let g = 0; g < firms; g++) {
    const damage = firmDamage[g]!;
    const alpha = firmOverproduction[g]!;
    const scarce = firmDemand[g]! > firmCapacity[g]! * (1 - damage);
    const goal = scarce ? alphaMax : 1;
    if (alpha !== goal) firmOverproduction[g] = alpha + (goal - alpha) * rate;
    if (damage !== 0) firmDamage[g] = damage * recovery;
  }
}
