import { pow } from '../math.js';
import type { World } from '../world.js';
import type { Measure, Restriction } from './types.js';

/*
 * How much trade measures restrict, in value: the basis of the escalation index, of a doctrine's
 * check that a measure adds restriction not already in force, and of retaliation sized to the
 * trade a measure hit (docs/ODD.md §7.7).
 *
 * An edge's base value is what it carried at the steady state: its base share of its slot's base
 * need, at the product's base price. A restriction closes a share of an edge,
 *   c = 1 − p·(1 + τ)^(−σ),
 * with p its licence probability (0 when it blocks), τ its tariff and σ the product's Armington
 * elasticity: a blocked edge is closed, a licence granted with probability p closes 1 − p of it,
 * and a tariff closes the share of the edge's orders that buyers move away from it at σ. Measures
 * in force close an edge one after another, in the order they were adopted: the value a measure
 * restricts is what the measures adopted before it left open, times its closure. So no trade is
 * counted twice, and a measure that duplicates one in force restricts nothing.
 */

/** Each edge's value at the steady state (base share of its slot's base need × base price), by network version. */
const baseValueCache = new WeakMap<
  World,
  { version: number; shares: number; values: Float64Array; foreignTotal: number }
>();

/**
 * The base value of every edge, and the total over cross-border edges (world trade at the steady
 * state), recomputed when the network changes.
 */
export function edgeBaseValues(world: World): { values: Float64Array; foreignTotal: number } {
  const cached = baseValueCache.get(world);
  if (
    cached !== undefined &&
    cached.version === world.networkVersion &&
    cached.shares === world.policy.baseShareVersion
  )
    return cached;
  const {
    slotEdgeStart,
    slotOwner,
    slotAmount,
    slotProduct,
    firmSlotCount,
    firmBaseDemand,
    productPrice,
    edgeBaseShare,
    edgeForeign,
  } = world;
  const values = new Float64Array(edgeBaseShare.length);
  let foreignTotal = 0;
  for (let slot = 0; slot < slotOwner.length; slot++) {
    const start = slotEdgeStart[slot]!;
    const end = slotEdgeStart[slot + 1]!;
    let shares = 0;
    for (let e = start; e < end; e++) shares += edgeBaseShare[e]!;
    if (!(shares > 0)) continue;
    const need = slot < firmSlotCount ? slotAmount[slot]! * firmBaseDemand[slotOwner[slot]!]! : slotAmount[slot]!;
    const value = (need * productPrice[slotProduct[slot]!]!) / shares;
    for (let e = start; e < end; e++) {
      const v = edgeBaseShare[e]! * value;
      values[e] = v;
      if (edgeForeign[e] === 1) foreignTotal += v;
    }
  }
  const entry = { version: world.networkVersion, shares: world.policy.baseShareVersion, values, foreignTotal };
  baseValueCache.set(world, entry);
  return entry;
}

/**
 * Where compliance valued restricted edges one by one (see {@link accountRestrictions}) instead of
 * building {@link edgeBaseValues}: the versions it did so under, per world.
 */
const deferredCache = new WeakMap<World, { version: number; shares: number }>();

/**
 * Builds {@link edgeBaseValues} now if compliance valued its edges one by one under the current
 * network and base-share versions without building them. Call it before changing
 * `edgeBaseShare` without bumping `networkVersion` or `policy.baseShareVersion` (design-out does):
 * every later reader in these versions then gets the values as of compliance, as it did when
 * compliance built the array itself.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'tariff', issuer: 'US', rate: 0.1, from: ['CN'] }] }, 1);
 * applyMeasures(world); // values the tariffed edges one by one
 * keepBaseValues(world); // before changing established shares in place
 * console.log(edgeBaseValues(world).values.length === world.edgeSupplier.length); // true
 * ```
 */
export function keepBaseValues(world: World): void {
  const deferred = deferredCache.get(world);
  if (deferred === undefined) return;
  deferredCache.delete(world);
  if (deferred.version === world.networkVersion && deferred.shares === world.policy.baseShareVersion)
    edgeBaseValues(world);
}

/**
 * The base value of one edge, the same number {@link edgeBaseValues} gives it (the same sums in
 * the same order), from its slot's edges alone. Compliance accounts a few tens of thousands of
 * restricted edges a step while supplier search changes the network every step, so rebuilding
 * the array for every edge (an O(E) pass and a fresh 8 MB array a step at 1e6 edges) cost more
 * than the accounting itself.
 */
function edgeBaseValue(world: World, e: number): number {
  const {
    edgeSlot,
    slotEdgeStart,
    slotOwner,
    slotAmount,
    slotProduct,
    firmSlotCount,
    firmBaseDemand,
    productPrice,
    edgeBaseShare,
  } = world;
  const slot = edgeSlot[e]!;
  let shares = 0;
  for (let i = slotEdgeStart[slot]!, end = slotEdgeStart[slot + 1]!; i < end; i++) shares += edgeBaseShare[i]!;
  if (!(shares > 0)) return 0;
  const need = slot < firmSlotCount ? slotAmount[slot]! * firmBaseDemand[slotOwner[slot]!]! : slotAmount[slot]!;
  const value = (need * productPrice[slotProduct[slot]!]!) / shares;
  return edgeBaseShare[e]! * value;
}

/**
 * The share of an edge of product σ that a restriction with licence probability `licence` and
 * tariff `tariff` closes: 1 − p·(1 + τ)^(−σ), with p = 0 when the licence is 0 (blocked).
 */
export function closure(licence: number, tariff: number, sigma: number): number {
  const open = licence <= 0 ? 0 : Math.min(1, licence) * (tariff === 0 || sigma === 0 ? 1 : pow(1 + tariff, -sigma));
  return 1 - open;
}

/** How much room the scratch arrays get when they must grow: 25% more than the edges. */
const SCRATCH_SLACK = 1.25;

/** Scratch per world: the open share of each edge while measures are applied in order, and a stamp of the edges touched. */
const scratchCache = new WeakMap<World, { open: Float64Array; stamp: Int32Array; round: number }>();

function scratch(world: World): { open: Float64Array; stamp: Int32Array; round: number } {
  const E = world.edgeSupplier.length;
  let s = scratchCache.get(world);
  if (s === undefined || s.open.length < E) {
    // With room to spare, as the edge arrays have: the network grows a little every step, and
    // 12 bytes an edge of fresh pages every step cost ~3 ms a step at 1e6 edges.
    const capacity = Math.ceil(E * SCRATCH_SLACK);
    s = { open: new Float64Array(capacity), stamp: new Int32Array(capacity), round: 0 };
    scratchCache.set(world, s);
  }
  return s;
}

/**
 * Accounts the trade the measures in force restrict, after the compliance phase computed their
 * restrictions: each measure's value restricted (beyond those adopted before it), summed by
 * issuing state into `stateRestrictedValue` and in all into `restrictedValue`; a measure in force
 * for the first time keeps its value in `measureAddedValue`, which doctrines read when they
 * decide whether to answer it and how hard.
 *
 * @param restricted - The measures in force, in adoption order, each with its restriction.
 */
export function accountRestrictions(
  world: World,
  restricted: ReadonlyArray<{ measure: Measure; restriction: Restriction }>,
): void {
  const policy = world.policy;
  policy.stateRestrictedValue.fill(0);
  policy.restrictedValue = 0;
  if (restricted.length === 0) return;
  // The values built for these versions, if any reader built them; else each restricted edge is
  // valued from its slot, the same numbers, and the array is left to be built when read (by then
  // only a version bump or keepBaseValues can have changed the established shares).
  const cached = baseValueCache.get(world);
  const values =
    cached !== undefined && cached.version === world.networkVersion && cached.shares === world.policy.baseShareVersion
      ? cached.values
      : undefined;
  if (values === undefined)
    deferredCache.set(world, { version: world.networkVersion, shares: world.policy.baseShareVersion });
  const { edgeSupplier, firmProduct, productArmington, edgeForeign } = world;
  const s = scratch(world);
  // A new round: every edge's open share starts at 1 the first time a measure touches it.
  s.round++;
  const round = s.round;
  const t = world.step;
  for (const { measure, restriction } of restricted) {
    const { edges, tariff, licences } = restriction;
    // A quota closes the share of the covered trade it does not allow, as a licence approving that share would.
    const licence =
      restriction.quota === undefined ? restriction.licence : restriction.licence * restriction.quota.share;
    let lastLicence = licence;
    let value = 0;
    let lastSigma = -1;
    let lastClosure = 0;
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      if (edgeForeign[e] !== 1) continue; // measures restrict cross-border trade only
      if (s.stamp[e] !== round) {
        s.stamp[e] = round;
        s.open[e] = 1;
      }
      const open = s.open[e]!;
      if (open === 0) continue;
      const sigma = productArmington[firmProduct[edgeSupplier[e]!]!]!;
      const p = licences === undefined ? licence : licences[i]!; // an end-user class may have its own
      if (sigma !== lastSigma || p !== lastLicence) {
        lastSigma = sigma;
        lastLicence = p;
        lastClosure = closure(p, tariff, sigma);
      }
      value += (values === undefined ? edgeBaseValue(world, e) : values[e]!) * open * lastClosure;
      s.open[e] = open * (1 - lastClosure);
    }
    policy.stateRestrictedValue[measure.issuer]! += value;
    policy.restrictedValue += value;
    if (measure.start === t || !policy.measureAddedValue.has(measure.id))
      policy.measureAddedValue.set(measure.id, value);
  }
}

/**
 * The base value of trade on `edges` still open now (the effective permissions against the base
 * ones), times the closure a restriction with `licence` and `tariff` would add: what a new
 * measure on these edges would restrict. With `licence` 0 and `tariff` 0, the value still open.
 */
export function openValue(world: World, edges: ArrayLike<number>, licence = 0, tariff = 0): number {
  const { values } = edgeBaseValues(world);
  const { edgeSupplier, firmProduct, productArmington, edgeBlocked, edgeLicenceProbability, edgeTariff, edgeForeign } =
    world;
  const base = world.policy.base;
  let value = 0;
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    if (edgeForeign[e] !== 1 || edgeBlocked[e] === 1 || base.blocked[e] === 1) continue;
    const sigma = productArmington[firmProduct[edgeSupplier[e]!]!]!;
    const now = 1 - closure(edgeLicenceProbability[e]!, edgeTariff[e]!, sigma);
    const before = 1 - closure(base.licence[e]!, base.tariff[e]!, sigma);
    if (!(before > 0)) continue;
    value += values[e]! * (now / before) * closure(licence, tariff, sigma);
  }
  return value;
}

/**
 * The base value of cross-border trade between two states, both directions: what a measure
 * between them must restrict a share of before it is answered (`answerThreshold`).
 */
export function bilateralBaseValue(world: World, a: number, b: number): number {
  const { values } = edgeBaseValues(world);
  const { edgeSupplier, edgeSlot, slotOwner, firmState, finalDemandState, firmSlotCount, edgeForeign } = world;
  let value = 0;
  for (let e = 0; e < edgeSupplier.length; e++) {
    if (edgeForeign[e] !== 1) continue;
    const from = firmState[edgeSupplier[e]!]!;
    if (from !== a && from !== b) continue;
    const slot = edgeSlot[e]!;
    const to = slot < firmSlotCount ? firmState[slotOwner[slot]!]! : finalDemandState[slotOwner[slot]!]!;
    if ((from === a && to === b) || (from === b && to === a)) value += values[e]!;
  }
  return value;
}
