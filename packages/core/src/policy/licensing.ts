import type { World } from '../world.js';
import type { Measure } from './types.js';

/**
 * No licence needed, or none applied for yet.
 *
 * @example
 * ```ts
 * // An edge's state is world.edgeLicenceState[edge] (processLicences moves it).
 * console.log(LICENCE_NONE); // 0
 * ```
 */
export const LICENCE_NONE = 0;
/**
 * An application under review: the edge carries nothing, keeps its share, and its buyer waits.
 *
 * @example
 * ```ts
 * // An edge's state is world.edgeLicenceState[edge] (processLicences moves it).
 * console.log(LICENCE_PENDING); // 1
 * ```
 */
export const LICENCE_PENDING = 1;
/**
 * A granted licence, valid until `edgeLicenceUntil`: the edge carries goods.
 *
 * @example
 * ```ts
 * // An edge's state is world.edgeLicenceState[edge] (processLicences moves it).
 * console.log(LICENCE_GRANTED); // 2
 * ```
 */
export const LICENCE_GRANTED = 2;
/**
 * A denied application: the edge carries nothing until the buyer applies again.
 *
 * @example
 * ```ts
 * // An edge's state is world.edgeLicenceState[edge] (processLicences moves it).
 * console.log(LICENCE_DENIED); // 3
 * ```
 */
export const LICENCE_DENIED = 3;

/**
 * Licensing as a process (docs/ODD.md §7.5). An edge whose licence probability p is between 0
 * and 1 (a measure requires a licence and approves it with probability p) applies for a licence
 * when the requirement starts; the application is under review for its regime's `reviewDays`
 * (rounded to whole steps; 0 decides at once), then granted with probability p or denied. A
 * decision lasts `validityDays`: a granted licence is then renewed (decided again, reviewed in
 * advance, so a renewal causes no gap), a denied buyer applies again (a new review). An edge
 * whose licence is no longer required (p = 1, or blocked outright) returns to none. Only a granted
 * edge carries goods (orders.ts); a pending one keeps its share and holds its orders
 * (`slotBacklog`), and only a denied one counts as a failed supplier (substitution, search).
 * One draw of the world's `licence` stream per decision, in edge order.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, params: { daysPerStep: 30 }, measures: [{ type: 'mineral_export_licensing', issuer: 'CN', products: ['gallium'], licence: 0.5, reviewDays: 60 }] }, 1);
 * const edge = selectEdges(world, { supplier: 'GalliumCN', buyer: 'TSMC' })[0]!;
 * step(world); // applied at step 0: under review for 60 days (2 steps)
 * console.log(world.edgeLicenceState[edge], world.edgeLicenceUntil[edge]); // 1 2
 * ```
 */
export function processLicences(world: World): void {
  const policy = world.policy;
  if (!policy.licensing) return;
  // Nothing falls due and no requirement changed: every state stands (the pass over the edges is skipped).
  if (!policy.licenceDirty && world.step < policy.licenceNext) return;
  const { edgeLicenceProbability: p, edgeBlocked, edgeLicenceState: state, edgeLicenceUntil: until, edgeLicenceRegime: regime } = world;
  const days = world.params.daysPerStep;
  const regimes = policy.licenceRegimes.map((r) => ({ review: Math.max(0, Math.round(r.reviewDays / days)), validity: Math.max(1, Math.round(r.validityDays / days)) }));
  const t = world.step;
  const rng = world.rng.stream('licence');
  let live = false;
  let next = Infinity;
  for (let e = 0; e < p.length; e++) {
    const probability = p[e]!;
    if (probability >= 1 || probability <= 0 || edgeBlocked[e] === 1) {
      state[e] = LICENCE_NONE;
      continue;
    }
    live = true;
    const r = regimes[regime[e]!]!;
    let s = state[e]!;
    if (s === LICENCE_NONE || (s === LICENCE_DENIED && t >= until[e]!)) {
      s = LICENCE_PENDING; // apply
      until[e] = t + r.review;
    }
    if ((s === LICENCE_PENDING || s === LICENCE_GRANTED) && t >= until[e]!) {
      s = rng.next() < probability ? LICENCE_GRANTED : LICENCE_DENIED; // decided (a renewal is decided at expiry)
      until[e] = t + r.validity;
    }
    state[e] = s;
    if (until[e]! < next) next = until[e]!;
  }
  policy.licensing = live;
  policy.licenceDirty = false;
  policy.licenceNext = next;
}

/**
 * The licensing regime a measure's restriction carries: its `reviewDays` and `validityDays`
 * fields when it has them (an instrument that requires licences declares both).
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'export_control', issuer: 'US', targets: ['CN'], products: ['chip'], licence: 0.5, reviewDays: 30 }] }, 1);
 * console.log(licensingOf(world.policy.measures[0]!)); // { reviewDays: 30 }
 * ```
 */
export function licensingOf(measure: Measure): { reviewDays?: number; validityDays?: number } {
  const out: { reviewDays?: number; validityDays?: number } = {};
  const review = measure.fields.reviewDays;
  const validity = measure.fields.validityDays;
  if (typeof review === 'number') out.reviewDays = review;
  if (typeof validity === 'number') out.validityDays = validity;
  return out;
}

/**
 * The regime index (into `policy.licenceRegimes`) for a restriction's review and validity days,
 * added to the table when new. At most 256 regimes (one byte an edge).
 */
export function licenceRegimeIndex(world: World, reviewDays: number | undefined, validityDays: number | undefined): number {
  const regimes = world.policy.licenceRegimes;
  const review = reviewDays ?? regimes[0]!.reviewDays;
  const validity = validityDays ?? regimes[0]!.validityDays;
  for (let i = 0; i < regimes.length; i++) if (regimes[i]!.reviewDays === review && regimes[i]!.validityDays === validity) return i;
  if (regimes.length >= 256) throw new RangeError(`licensing: at most 256 distinct (reviewDays, validityDays) pairs in one world, received a 257th (${review}, ${validity})`);
  regimes.push({ reviewDays: review, validityDays: validity });
  return regimes.length - 1;
}
