/**
 * Morris's elementary effects (Morris 1991; μ* from Campolongo, Cariboni and Saltelli 2007):
 * the screening measures of a Morris design's outputs.
 */
import { deriveSeed } from '@chokepoint/core';
import type { MorrisRole } from '@chokepoint/scenario';
import { bootstrap, meanOf, percentileInterval, sdOf } from '@chokepoint/scenario/internal';

/**
 * The Morris measures of one parameter.
 *
 * @example
 * ```ts
 * const design = sweepDesign({ method: 'morris', trajectories: 10, parameters: { a: { min: 0, max: 1 }, b: { min: 0, max: 1 } } }, 1);
 * // a acts linearly; b's effect changes sign with a, so it cancels in μ but not in μ*.
 * const y = design.points.map((p) => 2 * (p.a as number) + ((p.a as number) - 0.5) * (p.b as number));
 * const [a, b]: MorrisIndex[] = morrisIndices(design.unit!, design.morris!, y, design.keys, { bootstrap: 0 });
 * console.log(a!.effects, a!.mu.toFixed(2), a!.muStar.toFixed(2), a!.muStarCi); // 10 2.63 2.63 null
 * console.log(Math.abs(b!.mu) < b!.muStar, b!.sigma! > 0); // true true
 * ```
 */
export interface MorrisIndex {
  /** Parameter name (the swept key). */
  parameter: string;
  /** Number of elementary effects (one per trajectory). */
  effects: number;
  /** μ: the mean elementary effect (signed; effects of opposite sign cancel). */
  mu: number;
  /** μ*: the mean absolute elementary effect, the measure of overall influence. */
  muStar: number;
  /** σ: the standard deviation of the elementary effects (non-linearity or interactions); null with one trajectory. */
  sigma: number | null;
  /** Bootstrap percentile interval of μ* over trajectories; null without a bootstrap. */
  muStarCi: [number, number] | null;
}

/**
 * Options of {@link morrisIndices}.
 *
 * @example
 * ```ts
 * const design = sweepDesign({ method: 'morris', trajectories: 10, parameters: { a: { min: 0, max: 1 } } }, 1);
 * const y = design.points.map((p) => (p.a as number) ** 2);
 * const options: MorrisOptions = { bootstrap: 200, confidence: 0.9, seed: 'example' };
 * const [a] = morrisIndices(design.unit!, design.morris!, y, design.keys, options);
 * console.log(a!.muStarCi![0] <= a!.muStar && a!.muStar <= a!.muStarCi![1]); // true
 * ```
 */
export interface MorrisOptions {
  /** Bootstrap resamples of the trajectories for the μ* interval. Default 1000; 0 for none. */
  bootstrap?: number;
  /** Confidence level of the interval. Default 0.95. */
  confidence?: number;
  /** Seed of the bootstrap. Default `'morris'`. */
  seed?: string | number;
}

/**
 * The elementary effects of a Morris design: for each step of each trajectory, the change
 * of the output divided by the change of the moved parameter's unit coordinate,
 * EE_i = (y(x + Δ e_i) − y(x)) / Δ (Δ signed). Returns one list per parameter, in
 * trajectory order.
 *
 * @example
 * ```ts
 * const { unit, roles } = morrisDesign(2, 5, 4, 's');
 * const y = unit.map(([a, b]) => 3 * a! + b!);
 * const effects = elementaryEffects(unit, roles, y, 2);
 * console.log(effects.map((list) => list.map((e) => Math.round(e)))); // [[3, 3, 3, 3, 3], [1, 1, 1, 1, 1]]
 * ```
 */
export function elementaryEffects(
  unit: readonly (readonly number[])[],
  roles: readonly MorrisRole[],
  outputs: readonly number[],
  k: number,
): number[][] {
  const effects: number[][] = Array.from({ length: k }, () => []);
  for (let p = 1; p < roles.length; p++) {
    const role = roles[p]!;
    if (role.moved < 0) continue;
    const previous = roles[p - 1]!;
    if (previous.trajectory !== role.trajectory || previous.step !== role.step - 1)
      throw new Error(`point ${p}: not the next step of trajectory ${role.trajectory}`);
    const delta = unit[p]![role.moved]! - unit[p - 1]![role.moved]!;
    effects[role.moved]!.push((outputs[p]! - outputs[p - 1]!) / delta);
  }
  return effects;
}

/**
 * Morris's screening measures per parameter: μ (mean elementary effect), μ* (mean absolute
 * effect) and σ (standard deviation, n − 1), with mathjs `mean` and `std`, and a seeded
 * bootstrap percentile interval of μ* over trajectories. Effects are in output units per
 * unit of the parameter's normalized range ([0, 1] from min to max, or over the quantiles
 * of its distribution).
 *
 * @example
 * ```ts
 * const design = sweepDesign({ method: 'morris', trajectories: 20, parameters: { a: { min: 0, max: 1 }, b: { min: 0, max: 1 } } }, 1);
 * const y = design.points.map((p) => 10 * (p.a as number) + (p.b as number));
 * console.log(morrisIndices(design.unit!, design.morris!, y, design.keys).map((m) => m.muStar.toFixed(6))); // ['10.000000', '1.000000']
 * ```
 */
export function morrisIndices(
  unit: readonly (readonly number[])[],
  roles: readonly MorrisRole[],
  outputs: readonly number[],
  parameters: readonly string[],
  options: MorrisOptions = {},
): MorrisIndex[] {
  const effects = elementaryEffects(unit, roles, outputs, parameters.length);
  const resamples = options.bootstrap ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const trajectories = Math.min(...effects.map((e) => e.length));
  const muStarOf = (list: readonly number[], indices?: Int32Array): number => {
    if (indices === undefined) return meanOf(list.map(Math.abs));
    let sum = 0;
    for (const i of indices) sum += Math.abs(list[i]!);
    return sum / indices.length;
  };
  const boot =
    resamples > 0 && trajectories > 1
      ? bootstrap(trajectories, resamples, deriveSeed(String(options.seed ?? 'morris'), 'morris'), (indices) =>
          effects.map((list) => muStarOf(list, indices)),
        )
      : undefined;
  return parameters.map((parameter, i) => {
    const list = effects[i]!;
    return {
      parameter,
      effects: list.length,
      mu: meanOf(list),
      muStar: muStarOf(list),
      sigma: sdOf(list),
      muStarCi: boot ? percentileInterval(boot[i]!, confidence) : null,
    };
  });
}
