import type { World } from '../world.js';
import type { LicenceRequirement } from './state.js';
import { dropAllowance, drawDownAllowances, grantAllowance } from './licenceQuantity.js';
import type { FieldDescriptor, Measure, Restriction } from './types.js';

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
  const {
    edgeLicenceProbability: p,
    edgeBlocked,
    edgeLicenceState: state,
    edgeLicenceUntil: until,
    edgeLicenceRegime: regime,
  } = world;
  // Licences for a quantity: last step's deliveries draw them down, and a used-up one lapses, so
  // its buyer applies again (policy/licenceQuantity.ts).
  if (policy.licenceAllowance.size > 0) {
    const lapsed = drawDownAllowances(world);
    for (const e of lapsed) state[e] = LICENCE_NONE;
    if (lapsed.length > 0) policy.licenceDirty = true;
  }
  // Nothing falls due and no requirement changed: every state stands (the pass over the edges is skipped).
  if (!policy.licenceDirty && world.step < policy.licenceNext) return;
  const days = world.params.daysPerStep;
  const regimes = policy.licenceRegimes.map((r) => ({
    review: Math.max(0, Math.round(r.reviewDays / days)),
    validity: Math.max(1, Math.round(r.validityDays / days)),
    quantity: r.quantityDays,
  }));
  const t = world.step;
  const rng = world.rng.stream('licence');
  let live = false;
  let next = Infinity;
  const E = p.length;
  for (let e = 0; e < E; e++) {
    // Most edges need no licence and hold none, so nothing changes for them: skip them in a
    // tight loop (about 95% of edges at policy/1e6; the pass 5.9 -> 4.2 ms CPU).
    while (e < E && p[e]! >= 1 && state[e] === LICENCE_NONE) e++;
    if (e === E) break;
    const probability = p[e]!;
    if (probability >= 1 || probability <= 0 || edgeBlocked[e] === 1) {
      if (state[e] === LICENCE_GRANTED) dropAllowance(world, e);
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
      if (r.quantity > 0) {
        if (s === LICENCE_GRANTED) grantAllowance(world, e, r.quantity);
        else dropAllowance(world, e);
      }
    }
    state[e] = s;
    if (until[e]! < next) next = until[e]!;
  }
  policy.licensing = live;
  if (!live) policy.licenceAllowance.clear();
  policy.licenceDirty = false;
  policy.licenceNext = next;
}

/**
 * The approval probability of a control's licences (`licence`), shared by the export control, the
 * foreign direct product rule and the entity list: 0, the default, is a presumption of denial.
 */
export const LICENCE_APPROVAL: FieldDescriptor = {
  kind: 'number',
  min: 0,
  max: 1,
  default: 0,
  description: 'Probability a licence application is approved (0 = presumption of denial: the edges are blocked).',
};

/**
 * The fields of a licence's terms, shared by the instruments that require licences: how long an
 * application is reviewed, how long a decision lasts, and how much a granted licence covers.
 *
 * @example
 * ```ts
 * console.log(Object.keys(LICENCE_TERMS)); // ['reviewDays', 'validityDays', 'quantityDays']
 * ```
 */
export const LICENCE_TERMS: Readonly<Record<'reviewDays' | 'validityDays' | 'quantityDays', FieldDescriptor>> = {
  reviewDays: {
    kind: 'number',
    min: 0,
    max: 3650,
    description:
      'Days a licence application is under review before it is decided; default policy.licenceReviewDays (50).',
  },
  validityDays: {
    kind: 'number',
    min: 1,
    max: 36500,
    description:
      'Days a decision lasts: a granted licence is valid, a denied buyer applies again after; default policy.licenceValidityDays (1461).',
  },
  quantityDays: {
    kind: 'number',
    min: 1,
    max: 36500,
    description:
      "A licence for a quantity: a granted licence covers this many days of the edge's share of its buyer's steady-state need; once shipped, the buyer applies again (a new review). Absent: a licence is limited by validityDays only.",
  },
};

/**
 * The licensing regime a measure's restriction carries: its `reviewDays`, `validityDays` and
 * `quantityDays` fields when it has them (an instrument that requires licences declares them,
 * {@link LICENCE_TERMS}).
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'export_control', issuer: 'US', targets: ['CN'], products: ['chip'], licence: 0.5, reviewDays: 30 }] }, 1);
 * console.log(licensingOf(world.policy.measures[0]!)); // { reviewDays: 30 }
 * ```
 */
export function licensingOf(measure: Measure): { reviewDays?: number; validityDays?: number; quantityDays?: number } {
  const out: { reviewDays?: number; validityDays?: number; quantityDays?: number } = {};
  const { reviewDays, validityDays, quantityDays } = measure.fields;
  if (typeof reviewDays === 'number') out.reviewDays = reviewDays;
  if (typeof validityDays === 'number') out.validityDays = validityDays;
  if (typeof quantityDays === 'number') out.quantityDays = quantityDays;
  return out;
}

/**
 * The regime index (into `policy.licenceRegimes`) for a restriction's review, validity and
 * quantity days, added to the table when new (an absent quantity is 0: no quantity limit). At
 * most 256 regimes (one byte an edge).
 */
export function licenceRegimeIndex(
  world: World,
  reviewDays: number | undefined,
  validityDays: number | undefined,
  quantityDays?: number,
): number {
  const regimes = world.policy.licenceRegimes;
  const review = reviewDays ?? regimes[0]!.reviewDays;
  const validity = validityDays ?? regimes[0]!.validityDays;
  const quantity = quantityDays ?? 0;
  for (let i = 0; i < regimes.length; i++) {
    const r = regimes[i]!;
    if (r.reviewDays === review && r.validityDays === validity && r.quantityDays === quantity) return i;
  }
  if (regimes.length >= 256)
    throw new RangeError(
      `licensing: at most 256 distinct (reviewDays, validityDays, quantityDays) terms in one world, received a 257th (${review}, ${validity}, ${quantity})`,
    );
  regimes.push({ reviewDays: review, validityDays: validity, quantityDays: quantity });
  return regimes.length - 1;
}

/**
 * Records, for the licence counts by measure, the edges each restriction requires a licence on
 * (0 < approval probability < 1), by supplier and slot so they survive a network change. Called
 * by the compliance phase with the measures in force and their restrictions.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'export_control', id: 'chips', issuer: 'US', targets: ['CN'], products: ['chip'], licence: 0.5 }] }, 1);
 * step(world); // compliance calls it
 * console.log([...world.policy.licensingMeasures]); // ['chips']
 * ```
 */
export function noteLicenceRequirements(
  world: World,
  restricted: ReadonlyArray<{ measure: Measure; restriction: Restriction }>,
): void {
  const policy = world.policy;
  const requirements: LicenceRequirement[] = [];
  for (const { measure, restriction } of restricted) {
    const { edges, licence: p, licences } = restriction;
    if (licences === undefined && !(p > 0 && p < 1)) continue;
    const supplier: number[] = [];
    const slot: number[] = [];
    for (let i = 0; i < edges.length; i++) {
      const q = licences === undefined ? p : licences[i]!;
      if (!(q > 0 && q < 1)) continue;
      supplier.push(world.edgeSupplier[edges[i]!]!);
      slot.push(world.edgeSlot[edges[i]!]!);
    }
    if (supplier.length === 0) continue;
    requirements.push({ measure: measure.id, supplier: Int32Array.from(supplier), slot: Int32Array.from(slot) });
    policy.licensingMeasures.add(measure.id);
  }
  policy.licenceRequirements = requirements;
}

/**
 * Licences by measure: for each measure that has required a licence in the run (in the order
 * they first did), the edges it requires one on whose application is under review, granted or
 * denied now. An edge that two measures license counts under both (it needs both licences); one
 * blocked outright by another measure needs none and counts under neither.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'export_control', id: 'chips', issuer: 'US', targets: ['CN'], products: ['chip'], licence: 0.5, reviewDays: 30 }] }, 1);
 * step(world);
 * console.log(licenceCountsByMeasure(world)); // [{ measure: 'chips', pending: 1, granted: 0, denied: 0 }]
 * ```
 */
export function licenceCountsByMeasure(
  world: World,
): Array<{ measure: string; pending: number; granted: number; denied: number }> {
  const policy = world.policy;
  const counts = new Map<string, { measure: string; pending: number; granted: number; denied: number }>();
  for (const measure of policy.licensingMeasures) counts.set(measure, { measure, pending: 0, granted: 0, denied: 0 });
  const { slotEdgeStart, edgeSupplier, edgeLicenceState } = world;
  for (const { measure, supplier, slot } of policy.licenceRequirements) {
    const count = counts.get(measure)!;
    for (let i = 0; i < supplier.length; i++) {
      // The edge from this supplier in this slot (a slot holds a handful of suppliers).
      let e = slotEdgeStart[slot[i]!]!;
      const end = slotEdgeStart[slot[i]! + 1]!;
      while (e < end && edgeSupplier[e] !== supplier[i]) e++;
      if (e === end) continue;
      const state = edgeLicenceState[e];
      if (state === LICENCE_PENDING) count.pending++;
      else if (state === LICENCE_GRANTED) count.granted++;
      else if (state === LICENCE_DENIED) count.denied++;
    }
  }
  return [...counts.values()];
}
