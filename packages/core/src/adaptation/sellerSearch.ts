import { addEdges, type NewEdge } from '../network.js';
import type { World } from '../world.js';
import { NEW_SHARE, SEARCH_BREADTH, pendingStamp } from './supplierSearch.js';

/** Orders below this share of a firm's baseline make it a seller in search of buyers: a lost market, not a dip. */
const SLACK = 0.75;
/** New buyers a seller can win in one round of search (assumption: buyers are won a few at a time). */
const MAX_NEW_BUYERS = 2;
/** Buyers a seller approaches in a round: all when fewer, else a random sample (half a buyer's breadth: sellers pitch, buyers compare). */
const OFFER_BREADTH = SEARCH_BREADTH / 2;

const buyersCache = new WeakMap<World, Buyers>();

/**
 * Seller search (trade diversion). A seller whose orders have stayed more than 25% below its
 * baseline (a lost market, not a dip), with capacity to spare, for `sellerSearchDays`, offers its product to buyers it does
 * not supply yet: it looks at the slots that demand its product (all if at most 8, else 8
 * drawn at random, in the order drawn), and a buyer accepts when the seller's delivered price
 * (its price, times the tariff the buyer's state already levies on the seller's state in that
 * slot) saves it at least `switchingCost` (10%) of what it pays now (`slotPrice`), the seller meets the product's capability
 * requirement, and no supplier from the seller's state is restricted in the slot. The seller
 * stops after two accepted offers (buyers are won a few at a time), or once the accepted offers'
 * expected orders (the new supplier's initial share of each slot's need) fill its spare
 * capacity. Each accepted offer becomes a contract: an edge whose share and established share
 * start at 0.2 before renormalization, first delivering `sellerSearchDelayDays` later (at least
 * a step). A seller that found buyers waits `sellerSearchDays` again before its next round.
 * Runs only in worlds with an active policy layer, like supplier search (docs/ODD.md §3). Given
 * `additions` (the edges buyer search found this step), it skips their slots and appends its
 * own there for the caller to add; otherwise it adds them itself.
 *
 * Chaney (2014) and Eaton et al. (2022) model exporters' search for buyers; this is its
 * simplest form: sellers with idle capacity search, buyers accept on price.
 *
 * @example
 * ```ts
 * // Taiwan's households buy phones only from Apple. Huawei sells most of its phones in the US until it is
 * // denied that market; it cuts its price (as freely as it would raise it) and offers phones to Taiwan.
 * const usBuysHuawei = spec.finalDemand!.map((d) => (d.state === 'US' ? { ...d, suppliers: [{ firm: 'Apple', share: 0.2 }, { firm: 'Huawei', share: 0.8 }] } : d));
 * const world = createWorld({ ...spec, finalDemand: usBuysHuawei, params: { discountFlexibility: 1 }, measures: [{ type: 'market_access_denial', issuer: 'US', firms: ['Huawei'] }] }, 1);
 * for (let t = 0; t < 3; t++) step(world); // step() calls searchBuyers in phase 4
 * console.log(selectEdges(world, { supplier: 'Huawei', buyerState: 'TW', finalDemand: true }).length); // 1
 * ```
 */
export function searchBuyers(world: World, additions?: NewEdge[]): void {
  const policy = world.policy;
  const params = world.params;
  if (!policy.active || !params.sellerSearch) return;
  const t = world.step;
  const days = params.daysPerStep;
  const patience = Math.max(1, Math.round(params.sellerSearchDays / days));
  const delay = Math.max(1, Math.round(params.sellerSearchDelayDays / days));
  const {
    firmState,
    firmProduct,
    firmCapacity,
    firmDamage,
    firmDemand,
    firmBaseDemand,
    firmPrice,
    firmCapability,
    firmSlackSteps,
  } = world;
  const { slotPrice, slotEdgeStart } = world;
  const { edgeSupplier, edgeBlocked, edgeLicenceProbability, edgeTariff } = world;
  const F = firmState.length;
  const found: NewEdge[] = additions ?? [];
  let buyers: Buyers | undefined;
  const rng = world.rng.stream('offers');
  const cheaper = 1 - policy.params.switchingCost;
  // Slots given a new supplier this step carry this call's mark (one offer per slot per step); a
  // stamp array, not a Set: the looks are random reads of slots, and a Set lookup cost more than them.
  const { stamp: taken, mark } = pendingStamp(world);
  for (const p of policy.pendingSuppliers) taken[p.slot] = mark;
  for (const a of found) taken[a.slot] = mark; // buyer search found a supplier for it this step

  for (let f = 0; f < F; f++) {
    const spare = firmCapacity[f]! * (1 - firmDamage[f]!) - firmDemand[f]!;
    const slack = firmDemand[f]! < SLACK * firmBaseDemand[f]! && spare > 0;
    firmSlackSteps[f] = slack ? firmSlackSteps[f]! + 1 : 0;
    if (firmSlackSteps[f]! < patience) continue;
    firmSlackSteps[f] = 0;

    buyers ??= buyersOf(world);
    const k = firmProduct[f]!;
    const from = firmState[f]!;
    if (firmCapability[f]! < world.productRequirement[k]!) continue;
    const price = firmPrice[f]!;
    if (!(price <= cheaper * buyers.maxPaid[k]!)) continue; // no buyer of its product pays enough to switch
    const first = buyers.start[k]!;
    const count = buyers.start[k + 1]! - first;
    const looks = Math.min(count, OFFER_BREADTH);
    let filled = 0;
    let won = 0;
    for (let i = 0; i < looks && won < MAX_NEW_BUYERS && filled < spare; i++) {
      const j = first + (count <= OFFER_BREADTH ? i : rng.int(count));
      const need = buyers.need[j]!;
      if (!(need > 0)) continue;
      const s = buyers.slots[j]!;
      if (taken[s] === mark) continue; // a new supplier is on its way there (or drawn twice: draws are with replacement)
      // A tariff only raises the delivered price (p·(1 + t) ≥ p for p ≥ 0, t ≥ 0, rounding included),
      // so a seller too dear before it is too dear after: skip the scan of the slot's edges, the
      // costly part of a look (86% of the slots scanned at policy/1e6 failed here).
      if (price >= 0 && !(price <= cheaper * slotPrice[s]!)) continue;
      let supplies = false;
      let restricted = false;
      let tariff = 0;
      for (let e = slotEdgeStart[s]!; e < slotEdgeStart[s + 1]!; e++) {
        const supplier = edgeSupplier[e]!;
        if (supplier === f) supplies = true;
        if (firmState[supplier] === from) {
          if (edgeBlocked[e] === 1 || edgeLicenceProbability[e]! < 1) restricted = true;
          if (edgeTariff[e]! > tariff) tariff = edgeTariff[e]!;
        }
      }
      // The buyer signs only for a saving that pays for switching: at least switchingCost of what it pays.
      if (supplies || restricted || !(price * (1 + tariff) <= cheaper * slotPrice[s]!)) continue;
      found.push({ supplier: f, slot: s, share: NEW_SHARE, baseShare: NEW_SHARE, blocked: delay > 1 });
      if (delay > 1) policy.pendingSuppliers.push({ supplier: f, slot: s, from: t + delay });
      taken[s] = mark;
      filled += (need * NEW_SHARE) / (1 + NEW_SHARE);
      won++;
    }
  }
  if (additions === undefined) addEdges(world, found);
}

/**
 * The slots demanding each product, as a CSR over products (cached per world: slots do not
 * change), with this step's need of each slot (ordered plus unplaced) in the same order and the
 * highest delivered price any of them paid. The need sits beside its slot in product order, so a
 * look at a slot that orders nothing (about 80% of the looks at policy/1e6) reads one number near
 * the last instead of three at random.
 */
interface Buyers {
  start: Int32Array;
  slots: Int32Array;
  need: Float64Array;
  maxPaid: Float64Array;
}

/** The {@link Buyers} of this step: the CSR from the cache, the needs and highest prices filled anew. */
function buyersOf(world: World): Buyers {
  let buyers = buyersCache.get(world);
  const P = world.productIds.length;
  const S = world.slotProduct.length;
  if (buyers === undefined) {
    const start = new Int32Array(P + 1);
    for (let s = 0; s < S; s++) start[world.slotProduct[s]! + 1]!++;
    for (let k = 0; k < P; k++) start[k + 1]! += start[k]!;
    const cursor = start.slice(0, P);
    const slots = new Int32Array(S);
    for (let s = 0; s < S; s++) slots[cursor[world.slotProduct[s]!]!++] = s;
    buyers = { start, slots, need: new Float64Array(S), maxPaid: new Float64Array(P) };
    buyersCache.set(world, buyers);
  }
  const { start, slots, need, maxPaid } = buyers;
  const { slotOrdered, slotUnplaced, slotPrice } = world;
  for (let k = 0; k < P; k++) {
    let highest = 0;
    for (let j = start[k]!; j < start[k + 1]!; j++) {
      const s = slots[j]!;
      need[j] = slotOrdered[s]! + slotUnplaced[s]!;
      if (slotPrice[s]! > highest) highest = slotPrice[s]!;
    }
    maxPaid[k] = highest;
  }
  return buyers;
}
