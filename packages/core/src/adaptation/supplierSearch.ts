import { LICENCE_GRANTED, LICENCE_PENDING } from '../policy/licensing.js';
import { addEdges, type NewEdge } from '../network.js';
import { noteBaseChange } from '../policy/permissionTrail.js';
import type { World } from '../world.js';

/** Share of need left unmet above which a slot counts as short. */
const SHORT = 0.01;
/** Share of a slot's supply on restricted edges above which its buyer counts as blocked. */
const BLOCKED = 0.1;
/** Initial share of a new supplier, before renormalization (also for sellers' offers). */
export const NEW_SHARE = 0.2;
/** Candidates a buyer (or a seller) looks at per search: all when fewer, else a random sample (bounded search). */
export const SEARCH_BREADTH = 16;

const makersCache = new WeakMap<World, { start: Int32Array; firms: Int32Array }>();

/**
 * Supplier search. A blocked buyer — one whose need for an input has gone
 * partly unmet for `searchPatienceDays` (rounded to whole steps) while some of it could not be placed
 * or more than 10% of its supply sits on restricted (blocked or licensed)
 * edges — looks for a new supplier among the firms making the
 * input: one it does not buy from yet, whose capability meets the product's
 * requirement, with spare capacity, and not in a state whose edges into this
 * slot are restricted now. It looks at every maker when there are at most 16,
 * else at 16 drawn at random (bounded search). It prefers a domestic firm,
 * then the most spare capacity. It pays a switching cost, and the new supplier first delivers
 * `searchDelayDays` (at least one step) after it is chosen. New suppliers start at a share of 0.2 before
 * renormalization. Given `additions`, it appends the new edges there for the caller to add
 * (step() adds the edges of both searches at once, so the network changes once a step);
 * otherwise it adds them itself.
 *
 * @example
 * ```ts
 * // Huawei buys all its chips from Intel until a US export control cuts it off.
 * const world = createWorld({
 *   ...spec,
 *   edges: (spec.edges as EdgeSpec[]).filter((e) => !(e.supplier === 'TSMC' && e.buyer === 'Huawei')),
 *   measures: [{ type: 'export_control', issuer: 'US', targets: ['CN'], products: ['chip'] }],
 * }, 1);
 * step(world); // step() calls searchSuppliers in phase 4
 * step(world);
 * console.log(selectEdges(world, { supplier: 'TSMC', buyer: 'Huawei' }).length); // 1
 * ```
 */
export function searchSuppliers(world: World, additions?: NewEdge[]): void {
  const policy = world.policy;
  if (!policy.active) return;
  const t = world.step;
  const params = policy.params;

  // New suppliers due to deliver next step are released now, so the next
  // compliance phase opens their edges.
  if (policy.pendingSuppliers.length > 0) {
    const waiting = [];
    const released: number[] = [];
    for (const pending of policy.pendingSuppliers) {
      if (pending.from > t + 1) {
        waiting.push(pending);
        continue;
      }
      for (let e = world.slotEdgeStart[pending.slot]!; e < world.slotEdgeStart[pending.slot + 1]!; e++) {
        if (world.edgeSupplier[e] === pending.supplier) {
          policy.base.blocked[e] = 0;
          released.push(e);
        }
      }
    }
    if (waiting.length < policy.pendingSuppliers.length) noteBaseChange(world, released);
    policy.pendingSuppliers.length = 0;
    policy.pendingSuppliers.push(...waiting);
  }

  const { slotOrdered, slotUnplaced, slotReceived, slotProduct, slotOwner, firmSlotCount, slotEdgeStart } = world;
  const {
    firmState,
    firmCapability,
    firmCapacity,
    firmDamage,
    firmDemand,
    finalDemandState,
    edgeSupplier,
    edgeShare,
    edgeBlocked,
    edgeLicenceProbability,
    edgeLicenceState,
  } = world;
  const unmetSteps = policy.slotUnmetSteps;
  // Slots with a supplier still pending carry this call's mark (a stamp array, not a Set, on the slot loop).
  const { stamp: pending, mark: pendingMark } = pendingStamp(world);
  for (const p of policy.pendingSuppliers) pending[p.slot] = pendingMark;
  const makers = makersOf(world);
  const found: NewEdge[] = additions ?? [];
  const S = world.stateIds.length;
  const restricted = new Uint8Array(S);
  const years = world.params.daysPerStep / 365.25;
  const rng = world.rng.stream('search');
  const supplying = supplierStamp(world);
  const days = world.params.daysPerStep;
  const patience = Math.max(1, Math.round(params.searchPatienceDays / days));

  for (let slot = 0; slot < slotOwner.length; slot++) {
    const need = slotOrdered[slot]! + slotUnplaced[slot]!;
    if (!(need > 0)) {
      // Nothing needed (85% of the slots at policy/1e6, of idle buyers): not blocked, so its count
      // of blocked steps restarts at 0, below any patience (at least 1): no search.
      unmetSteps[slot] = 0;
      continue;
    }
    const start = slotEdgeStart[slot]!;
    const end = slotEdgeStart[slot + 1]!;
    // Whether the buyer is blocked matters only for a slot left short, so only a short slot
    // that placed all its need scans its edges for restricted supply.
    let blocked = false;
    if (need > 0 && need - slotReceived[slot]! > SHORT * need) {
      // Restricted: blocked, or a licence denied (a licence under review is waited for, not a failed supplier).
      let restrictedShare = 0;
      let waiting = false;
      for (let e = start; e < end; e++) {
        if (edgeBlocked[e] === 1 || (edgeLicenceProbability[e]! < 1 && edgeLicenceState[e] !== LICENCE_GRANTED)) {
          if (edgeLicenceState[e] === LICENCE_PENDING && edgeBlocked[e] === 0) waiting = true;
          else restrictedShare += edgeShare[e]!;
        }
      }
      blocked = (slotUnplaced[slot]! > 0 && !waiting) || restrictedShare > BLOCKED;
    }
    if (blocked) unmetSteps[slot]!++;
    else unmetSteps[slot] = 0;
    if (unmetSteps[slot]! < patience || pending[slot] === pendingMark) continue;

    const k = slotProduct[slot]!;
    const buyerState = slot < firmSlotCount ? firmState[slotOwner[slot]!]! : finalDemandState[slotOwner[slot]!]!;
    const requirement = world.productRequirement[k]!;
    restricted.fill(0);
    const stamp = slot + 1;
    for (let e = start; e < end; e++) {
      supplying[edgeSupplier[e]!] = stamp;
      if (
        edgeBlocked[e] === 1 ||
        (edgeLicenceProbability[e]! < 1 &&
          edgeLicenceState[e] !== LICENCE_GRANTED &&
          edgeLicenceState[e] !== LICENCE_PENDING)
      )
        restricted[firmState[edgeSupplier[e]!]!] = 1;
    }
    let best = -1;
    let bestDomestic = false;
    let bestSpare = 0;
    const first = makers.start[k]!;
    const count = makers.start[k + 1]! - first;
    const looks = Math.min(count, SEARCH_BREADTH);
    for (let i = 0; i < looks; i++) {
      const f = makers.firms[first + (count <= SEARCH_BREADTH ? i : rng.int(count))]!;
      if (supplying[f] === stamp || restricted[firmState[f]!] === 1 || firmCapability[f]! < requirement) continue;
      const spare = firmCapacity[f]! * (1 - firmDamage[f]!) - firmDemand[f]!;
      if (spare <= 0) continue;
      const domestic = firmState[f] === buyerState;
      if (best < 0 || (domestic && !bestDomestic) || (domestic === bestDomestic && spare > bestSpare)) {
        best = f;
        bestDomestic = domestic;
        bestSpare = spare;
      }
    }
    if (best < 0) continue;
    const from = t + Math.max(1, Math.round(params.searchDelayDays / days));
    found.push({ supplier: best, slot, share: NEW_SHARE, blocked: from > t + 1 });
    if (from > t + 1) policy.pendingSuppliers.push({ supplier: best, slot, from });
    policy.stateSwitchingCost[buyerState]! += (params.switchingCost * need * world.productPrice[k]!) / years;
    unmetSteps[slot] = 0;
  }
  if (additions === undefined) addEdges(world, found);
}

const pendingCache = new WeakMap<World, { stamp: Int32Array; mark: number }>();

/**
 * A per-slot stamp array and this call's mark: `stamp[slot] === mark` marks a slot with a new
 * supplier still pending. The mark grows by one a call, so marks from earlier calls never
 * match and the array is never cleared. Seller search (sellerSearch.ts) takes its own mark from
 * the same array for the slots it may not offer to.
 */
export function pendingStamp(world: World): { stamp: Int32Array; mark: number } {
  let cached = pendingCache.get(world);
  if (cached === undefined || cached.stamp.length !== world.slotOwner.length) {
    cached = { stamp: new Int32Array(world.slotOwner.length), mark: 0 };
    pendingCache.set(world, cached);
  }
  cached.mark++;
  return cached;
}

const stampCache = new WeakMap<World, Int32Array>();

/** A per-firm stamp array: `stamp[f] === slot + 1` marks the current suppliers of the slot being searched. */
function supplierStamp(world: World): Int32Array {
  let stamp = stampCache.get(world);
  if (stamp === undefined) {
    stamp = new Int32Array(world.firmIds.length);
    stampCache.set(world, stamp);
  }
  return stamp;
}

/** Firms of each product, as a CSR over products (cached per world: firms do not change). */
function makersOf(world: World): { start: Int32Array; firms: Int32Array } {
  let makers = makersCache.get(world);
  if (makers !== undefined) return makers;
  const P = world.productIds.length;
  const F = world.firmIds.length;
  const start = new Int32Array(P + 1);
  for (let f = 0; f < F; f++) start[world.firmProduct[f]! + 1]!++;
  for (let k = 0; k < P; k++) start[k + 1]! += start[k]!;
  const cursor = start.slice(0, P);
  const firms = new Int32Array(F);
  for (let f = 0; f < F; f++) firms[cursor[world.firmProduct[f]!]!++] = f;
  makers = { start, firms };
  makersCache.set(world, makers);
  return makers;
}
