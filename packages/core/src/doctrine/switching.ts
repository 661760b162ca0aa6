import { exp } from '../math.js';
import type { World } from '../world.js';

/** Hawkishness above which domestic politics turns a state DNM, and below which NLG. */
const HAWK_THRESHOLD = 0.65;
const DOVE_THRESHOLD = 0.35;

/**
 * Phase 5, strategy adaptation: states whose switching rule allows it may
 * change doctrine. Updates are synchronous: every state reads last step's
 * doctrines.
 *
 * - `imitation` (pairwise Fermi rule): the state picks another state j at
 *   random and adopts j's doctrine with probability
 *   1 / (1 + exp(−β (π_j − π_i))), where the payoff π is output relative to
 *   the first step's output (absolute gains).
 * - `politics` (domestic politics): hawkishness h rises with relative-gain
 *   loss and with retaliation suffered, and relaxes toward its initial value:
 *   h ← clamp(h + a·loss + b·retaliations − c·(h − h₀)); h ≥ 0.65 makes the
 *   state DNM, h ≤ 0.35 NLG (hysteresis in between).
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, states: [{ id: 'US', rival: 'CN', switching: 'politics', hawkishness: 0.6 }, { id: 'CN' }, { id: 'TW' }] }, 1);
 * world.policy.stateRetaliationsSuffered[0] = 2; // as if the US had been hit by two retaliations this step
 * switchDoctrines(world); // phase 5 of step(): h = 0.6 + 0.05·2 = 0.7 ≥ 0.65, so the US turns DNM
 * console.log(world.policy.stateHawkishness[0]!.toFixed(2), world.policy.stateDoctrine[0]); // 0.70 DNM
 * ```
 */
export function switchDoctrines(world: World): void {
  const policy = world.policy;
  if (!policy.active) return;
  const S = world.stateIds.length;
  const rng = world.rng.stream('switching');
  const before = policy.stateDoctrine.slice();
  const params = policy.params;
  for (let s = 0; s < S; s++) {
    const rule = policy.stateSwitching[s];
    if (rule === 'imitation' && S > 1) {
      let j = rng.int(S - 1);
      if (j >= s) j++;
      const payoff = (i: number): number => (policy.stateInitialOutput[i]! > 0 ? policy.stateOutput[i]! / policy.stateInitialOutput[i]! : 1);
      const p = 1 / (1 + exp(-params.imitationBeta * (payoff(j) - payoff(s))));
      if (rng.next() < p) policy.stateDoctrine[s] = before[j]!;
    } else if (rule === 'politics') {
      const h = policy.stateHawkishness[s]!;
      const next =
        h +
        params.politicsRelativeGain * policy.stateRelativeGainLoss[s]! +
        params.politicsRetaliation * policy.stateRetaliationsSuffered[s]! -
        params.politicsDecay * (h - policy.stateBaseHawkishness[s]!);
      const clamped = Math.min(1, Math.max(0, next));
      policy.stateHawkishness[s] = clamped;
      if (clamped >= HAWK_THRESHOLD && policy.doctrines.has('DNM')) policy.stateDoctrine[s] = 'DNM';
      else if (clamped <= DOVE_THRESHOLD && policy.doctrines.has('NLG')) policy.stateDoctrine[s] = 'NLG';
    }
  }
}
