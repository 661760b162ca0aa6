import { exp } from './math.js';
import { LICENCE_PENDING } from './policy/licensing.js';
import { TENURE_ESTABLISHED, relationshipHazard } from './relationships.js';
import type { World } from './world.js';

/**
 * Phase 4a: supplier substitution (Guan-style share re-weighting).
 *
 * In each slot where some supplier fell short or was not permitted, the
 * buyer moves a fraction σ = 1 − exp(−Δ/τ_s) of its shares toward the
 * suppliers that delivered (Δ the step length, τ_s `params.substitutionDays`),
 * in proportion to share × fill rate:
 *   share_e ← (1 − σ)·share_e + σ·share_e·fill_e / Σ_j share_j·fill_j.
 * A slot where nothing was delivered at all is left as it is.
 *
 * In a slot where every order was filled in full, shares return toward the
 * buyer's established (contract) shares, closing ρ = 1 − exp(−r·Δ/365.25) of
 * the gap a step (r `shareReversionRate`, per year):
 *   share_e ← share_e + ρ·(base_e − share_e).
 * Customers lost during a cut come back once the supplier delivers again, and
 * those that left a supplier that fell short come back faster: the share an
 * edge lost is remembered (fading by exp(−Δ/`relationshipMemoryDays`) a step)
 * and returns at 1 − exp(−`relationshipReturnRate`·Δ/365.25) a step, while the
 * rest of the gap closes at ρ (sticky relationships: a buyer goes back to the
 * supplier it knows before it wins new business). The edges above their
 * established share give up what the others gain, in proportion to their excess.
 * Both rates are per unit of time, so a cut of a given length moves the same
 * shares at weekly, monthly or quarterly steps. Shares keep summing to 1 under
 * both rules.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const [intelToHuawei] = selectEdges(world, { supplier: 'Intel', buyer: 'Huawei' });
 * setBlocked(world, [intelToHuawei!], true);
 * placeOrders(world);
 * produceAndDeliver(world);
 * substituteSuppliers(world); // phase 4a of step(): Huawei moves σ = 0.25 of its share to TSMC
 * console.log(world.edgeShare[intelToHuawei!]!.toFixed(3)); // 0.225
 * ```
 */
export function substituteSuppliers(world: World): void {
  const { daysPerStep, substitutionDays, shareReversionRate, relationshipReturnRate, relationshipMemoryDays } =
    world.params;
  const sigma = 1 - exp(-daysPerStep / substitutionDays);
  const rho = 1 - exp(-(shareReversionRate * daysPerStep) / 365.25);
  const back = 1 - exp(-(relationshipReturnRate * daysPerStep) / 365.25);
  const remember = exp(-daysPerStep / relationshipMemoryDays);
  const {
    slotEdgeStart,
    edgeShare,
    edgeBaseShare,
    edgeOrder,
    edgeDelivered,
    edgeLapsedShare,
    edgeLicenceState,
    edgeLicenceProbability,
    edgeTenure,
  } = world;
  // Tenure matters only where some relationship is young and young ones are left faster; then σ by
  // tenure (one byte: 256 values) is tabulated once a step.
  const tenure = world.youngRelationships && world.params.newRelationshipHazard > 1 ? edgeTenure : undefined;
  const sigmaByTenure = tenure === undefined ? undefined : tenureSigmas(world);
  const licensing = world.policy.licensing;
  const slots = slotEdgeStart.length - 1;
  for (let s = 0; s < slots; s++) {
    const start = slotEdgeStart[s]!;
    const end = slotEdgeStart[s + 1]!;
    // Relationships fade in every slot. A slot with no positive order (most slots of idle buyers)
    // is left as it is otherwise, so only its fading is done.
    let ordered = false;
    for (let e = start; e < end; e++) {
      edgeLapsedShare[e] = edgeLapsedShare[e]! * remember;
      if (edgeOrder[e]! > 0) ordered = true;
    }
    if (!ordered) continue;
    let shortfall = false;
    let anyOrder = false;
    let total = 0;
    let waiting = 0; // the share on edges whose licence is under review: kept, not a failed supplier
    let young = false;
    for (let e = start; e < end; e++) {
      if (tenure !== undefined && tenure[e]! < TENURE_ESTABLISHED) young = true;
      const order = edgeOrder[e]!;
      if (licensing && edgeLicenceState[e] === LICENCE_PENDING && edgeLicenceProbability[e]! < 1) {
        waiting += edgeShare[e]!;
      } else if (order > 0) {
        anyOrder = true;
        const delivered = edgeDelivered[e]!;
        if (delivered < order) shortfall = true;
        total += edgeShare[e]! * (delivered / order);
      } else if (edgeShare[e]! > 0) {
        shortfall = true; // a share with no order: the edge was not permitted
      }
    }
    if (!anyOrder) continue;
    if (!shortfall) {
      if (rho > 0 || back > 0) revert(edgeShare, edgeBaseShare, edgeLapsedShare, start, end, rho, back);
      continue;
    }
    if (sigma === 0 || !(total > 0)) continue;
    const mass = waiting > 0 ? 1 - waiting : 1; // the others re-weight among themselves
    if (young) {
      substituteByTenure(world, sigmaByTenure!, start, end, total, mass, waiting > 0);
      continue;
    }
    const keep = 1 - sigma;
    for (let e = start; e < end; e++) {
      if (waiting > 0 && edgeLicenceState[e] === LICENCE_PENDING && edgeLicenceProbability[e]! < 1) continue;
      const order = edgeOrder[e]!;
      const fill = order > 0 ? edgeDelivered[e]! / order : 0;
      const share = edgeShare[e]!;
      // Divide share × fill by the total first: sigma / total overflows when the total is subnormal.
      const next = share * keep + sigma * mass * ((share * fill) / total);
      if (next < share) edgeLapsedShare[e] = edgeLapsedShare[e]! + (share - next); // remembered, to come back
      edgeShare[e] = next;
    }
  }
}

/**
 * Substitution in a slot that holds a young relationship (relationships.ts). Each supplier's
 * performance-weighted share u_e = mass·share_e·fill_e / Σ share·fill is where the buyer would move
 * at once. An edge below it (a loser, d_e = share_e − u_e > 0) gives up σ_e·d_e with
 * σ_e = 1 − exp(−h_e·Δ/τ_s), h_e its relationship's hazard multiplier (1 when established, up to
 * `newRelationshipHazard` when new); the edges above it (gainers) share what the losers gave up in
 * proportion to their gap. Shares keep summing to 1, and with every h_e = 1 this is the rule of
 * {@link substituteSuppliers}: share_e ← (1 − σ)·share_e + σ·u_e.
 */
function substituteByTenure(
  world: World,
  sigmaByTenure: Float64Array,
  start: number,
  end: number,
  total: number,
  mass: number,
  waiting: boolean,
): void {
  const { edgeShare, edgeOrder, edgeDelivered, edgeLapsedShare, edgeLicenceState, edgeLicenceProbability, edgeTenure } =
    world;
  // Two passes over the slot's edges, each computing an edge's move the same way: a loser's
  // (negative) loss at its own rate σ_e, a gainer's gap. The first sums them, the second applies.
  let given = 0; // share the losers give up
  let gap = 0; // the gainers' gaps
  for (let e = start; e < end; e++) {
    if (waiting && edgeLicenceState[e] === LICENCE_PENDING && edgeLicenceProbability[e]! < 1) continue;
    const order = edgeOrder[e]!;
    const share = edgeShare[e]!;
    const d = mass * ((share * (order > 0 ? edgeDelivered[e]! / order : 0)) / total) - share; // the gap to the performance-weighted share
    if (d < 0) given -= sigmaByTenure[edgeTenure[e]!]! * d;
    else gap += d;
  }
  if (!(gap > 0) || !(given > 0)) return;
  const scale = given / gap; // the gainers take what the losers give up, in proportion to their gaps
  for (let e = start; e < end; e++) {
    if (waiting && edgeLicenceState[e] === LICENCE_PENDING && edgeLicenceProbability[e]! < 1) continue;
    const order = edgeOrder[e]!;
    const share = edgeShare[e]!;
    const d = mass * ((share * (order > 0 ? edgeDelivered[e]! / order : 0)) / total) - share;
    if (d < 0) {
      const lost = sigmaByTenure[edgeTenure[e]!]! * d;
      edgeLapsedShare[e] = edgeLapsedShare[e]! - lost; // remembered, to come back
      edgeShare[e] = share + lost;
    } else {
      edgeShare[e] = share + scale * d;
    }
  }
}

/** σ = 1 − exp(−h(a)·Δ/τ_s) for each tenure byte a, reused across the step (per world). */
function tenureSigmas(world: World): Float64Array {
  const { daysPerStep, substitutionDays, newRelationshipHazard, relationshipMaturityDays } = world.params;
  let cached = sigmaCache.get(world);
  if (
    cached === undefined ||
    cached.days !== daysPerStep ||
    cached.tau !== substitutionDays ||
    cached.hazard !== newRelationshipHazard ||
    cached.maturity !== relationshipMaturityDays
  ) {
    const sigmas = new Float64Array(TENURE_ESTABLISHED + 1);
    const rate = daysPerStep / substitutionDays;
    for (let a = 0; a <= TENURE_ESTABLISHED; a++) sigmas[a] = 1 - exp(-rate * relationshipHazard(world.params, a));
    cached = {
      days: daysPerStep,
      tau: substitutionDays,
      hazard: newRelationshipHazard,
      maturity: relationshipMaturityDays,
      sigmas,
    };
    sigmaCache.set(world, cached);
  }
  return cached.sigmas;
}
const sigmaCache = new WeakMap<
  World,
  { days: number; tau: number; hazard: number; maturity: number; sigmas: Float64Array }
>();

/**
 * Shares of one fully supplied slot move toward the established ones: each edge below its
 * established share gains ρ of its gap, or `back` of the part of the gap it lost while its supplier
 * fell short (remembered), and the edges above theirs give up what the others gain in proportion
 * to their excess, so shares keep summing to 1. With nothing remembered it is
 * share ← share + ρ·(base − share) for every edge.
 */
function revert(
  share: Float64Array,
  base: Float64Array,
  lapsed: Float32Array,
  start: number,
  end: number,
  rho: number,
  back: number,
): void {
  let gained = 0;
  let excess = 0;
  for (let e = start; e < end; e++) {
    const gap = base[e]! - share[e]!;
    if (gap > 0) {
      const remembered = Math.min(lapsed[e]!, gap);
      const returned = back * remembered;
      lapsed[e] = lapsed[e]! - returned;
      const gain = returned + rho * (gap - remembered);
      share[e] = share[e]! + gain;
      gained += gain;
    } else if (gap < 0) {
      excess -= gap;
    }
  }
  if (!(excess > 0)) return;
  const cut = gained / excess; // <= 1: the gains never exceed the gaps, which sum to the excess
  for (let e = start; e < end; e++) {
    const gap = base[e]! - share[e]!;
    if (gap < 0) share[e] = share[e]! + cut * gap;
  }
}
