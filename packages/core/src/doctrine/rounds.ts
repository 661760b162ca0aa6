import type { World } from '../world.js';

/**
 * Decision rounds. States decide on a calendar of their own, one round every
 * `policy.params.decisionDays` (a quarter by default), not once a step: a round falls in the
 * step whose interval [tΔ, (t + 1)Δ) holds a multiple of the round length, and step 0 always
 * holds one. A doctrine's probabilities (hawkishness, forgiveness, offers, imitation) are then
 * per round, so a weekly and a quarterly run of one scenario face the same number of decisions
 * a year. With steps longer than a round every step holds one (the rounds inside it merge).
 *
 * @example
 * ```ts
 * const weekly = createWorld({ ...spec, params: { daysPerStep: 7 } }, 1);
 * const rounds = [0, 1, 12, 13, 14, 26].filter((t) => isDecisionStep(weekly, t));
 * console.log(rounds); // [0, 13, 26]
 * ```
 */
export function isDecisionStep(world: World, t: number = world.step): boolean {
  const round = world.policy.params.decisionDays;
  const days = world.params.daysPerStep;
  if (days >= round || t === 0) return true;
  // The first multiple of the round at or after the step's start, against the step's end.
  const next = Math.ceil((t * days) / round - 1e-9) * round;
  return next < (t + 1) * days - 1e-9;
}

/**
 * The step of the decision round before step `t` (−1 when there was none): what a round
 * observes is what came into force or ended since then.
 *
 * @example
 * ```ts
 * const weekly = createWorld({ ...spec, params: { daysPerStep: 7 } }, 1);
 * console.log(previousDecisionStep(weekly, 13), previousDecisionStep(weekly, 0)); // 0 -1
 * ```
 */
export function previousDecisionStep(world: World, t: number = world.step): number {
  for (let s = t - 1; s >= 0; s--) if (isDecisionStep(world, s)) return s;
  return -1;
}
