import { exp } from './math.js';
import type { EngineParams } from './spec.js';
import type { World } from './world.js';

/**
 * Relationship tenure (docs/ODD.md §7.3, sticky relationships). Each edge carries its age in
 * quarters of a year (`world.edgeTenure`, one byte); {@link TENURE_ESTABLISHED} marks a relationship
 * established before the run (every edge of the world's spec unless it gives `tenureYears`), which
 * substitution treats exactly as version 1 did. A buyer leaves a young relationship faster than an
 * established one: the hazard multiplier of an edge of age a (days) is
 *   h(a) = 1 + (H − 1)·exp(−a / T),
 * with H `params.newRelationshipHazard` and T `params.relationshipMaturityDays` (Besedeš and Prusa
 * 2006: the hazard that a trade relationship ends is highest in its first years; Monarch 2022 and
 * Martin, Mejean and Parenti 2020: relationships grow stickier with age).
 */

/**
 * Days in one unit of `edgeTenure`: a quarter of a year.
 *
 * @example
 * ```ts
 * console.log(TENURE_UNIT_DAYS); // 91.3125
 * ```
 */
export const TENURE_UNIT_DAYS = 365.25 / 4;

/**
 * The tenure of an established relationship (255 quarters, the largest a byte holds): its hazard
 * multiplier is exactly 1, and it does not age.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * // The spec's edges give no tenure: they are established.
 * console.log(world.edgeTenure[0] === TENURE_ESTABLISHED); // true
 * ```
 */
export const TENURE_ESTABLISHED = 255;

/**
 * The tenure byte for a relationship `years` old: whole quarters, at most {@link TENURE_ESTABLISHED}.
 *
 * @example
 * ```ts
 * console.log(tenureOf(1.6), tenureOf(100)); // 6 255
 * ```
 */
export function tenureOf(years: number): number {
  return Math.min(TENURE_ESTABLISHED, Math.floor((years * 365.25) / TENURE_UNIT_DAYS + 1e-9));
}

/**
 * The hazard multiplier h of a relationship with tenure byte `tenure`: how many times faster than
 * an established one its buyer moves away from it when it falls short. Exactly 1 for an
 * established relationship (and for every relationship when `newRelationshipHazard` is 1).
 *
 * @example
 * ```ts
 * const params = { ...DEFAULT_PARAMS };
 * console.log(relationshipHazard(params, 0), relationshipHazard(params, 4).toFixed(3), relationshipHazard(params, TENURE_ESTABLISHED)); // 2 1.368 1
 * ```
 */
export function relationshipHazard(
  params: Pick<EngineParams, 'newRelationshipHazard' | 'relationshipMaturityDays'>,
  tenure: number,
): number {
  if (tenure >= TENURE_ESTABLISHED) return 1;
  return 1 + (params.newRelationshipHazard - 1) * exp(-(tenure * TENURE_UNIT_DAYS) / params.relationshipMaturityDays);
}

/**
 * Ages every relationship by the quarters of a year the step crosses (days t·Δ to (t+1)·Δ), so
 * tenure reads the same at common dates whatever the step length. Established relationships stay
 * established; the pass is skipped while no edge is young (`world.youngRelationships`).
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, params: { daysPerStep: 30 } }, 1);
 * world.edgeTenure[0] = 0; // a relationship begun at the start
 * world.youngRelationships = true;
 * for (let t = 0; t < 12; t++) step(world); // 360 days: three quarter boundaries crossed
 * console.log(world.edgeTenure[0]); // 3
 * ```
 */
export function ageRelationships(world: World): void {
  if (!world.youngRelationships) return;
  const days = world.params.daysPerStep;
  const crossed =
    Math.floor(((world.step + 1) * days) / TENURE_UNIT_DAYS + 1e-9) -
    Math.floor((world.step * days) / TENURE_UNIT_DAYS + 1e-9);
  if (crossed <= 0) return;
  const tenure = world.edgeTenure;
  const E = tenure.length;
  let young = false;
  // Established relationships (most edges) do not age: skip them four at a time, a word of four
  // established tenure bytes (0xff each) at once (whole words inside the array only).
  const words =
    tenure.byteOffset % 4 === 0 ? new Uint32Array(tenure.buffer, tenure.byteOffset, E >>> 2) : new Uint32Array(0);
  const W = words.length;
  for (let e = 0; e < E; e++) {
    if ((e & 3) === 0) {
      let w = e >>> 2;
      while (w < W && words[w] === 0xffffffff) w++;
      e = 4 * w;
      if (e >= E) break;
    }
    const age = tenure[e]!;
    if (age >= TENURE_ESTABLISHED) continue;
    // After 63¾ years a relationship counts as established (its multiplier is 1 to the last bit by then).
    const next = Math.min(TENURE_ESTABLISHED, age + crossed);
    tenure[e] = next;
    if (next < TENURE_ESTABLISHED) young = true;
  }
  world.youngRelationships = young;
}
