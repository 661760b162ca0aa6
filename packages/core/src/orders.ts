import { exp, expEach, lnEach, pow } from './math.js';
import { investmentAhead, toolWear, toolsPerCapacity } from './capital.js';
import { LICENCE_GRANTED, LICENCE_PENDING } from './policy/licensing.js';
import type { World } from './world.js';

/**
 * Phase 3b: every buyer places its orders for this step, at this step's prices.
 *
 * A firm's need for input k is its use at expected demand plus the gap to its
 * target inventory, restored over τ steps:
 *   need = max(0, a_k·x̂ + (target_k − stock_k) / τ), target_k = ((inventoryDays + extraDays) / daysPerStep)·a_k·x̂,
 * where extraDays is the front-loading ahead of an announced measure.
 * The gap is signed, so excess stock (after front-loading, say) drains.
 *
 * The need is split over the slot's permitted edges by weight
 *   w_e = share_e · (q_e / p⁰)^(−σ),  q_e = price_supplier · (1 + tariff_e),
 * the buyer's established shares moved by delivered prices (Armington, with the
 * product's elasticity σ; p⁰ is the product's base price). A blocked edge, or one
 * whose licence is not granted (pending or denied, policy/licensing.ts), gets nothing;
 * a need with no permitted supplier is recorded in `slotUnplaced`, and, while a
 * licence in the slot is pending, added to the slot's backlog (`slotBacklog`). The slot's delivered price (`slotPrice`) is the
 * order-weighted mean of q_e. Final demand wants its base quantity times
 * (slotPrice / p⁰)^(−η), η the product's demand elasticity. Orders received
 * accumulate in `firmDemand`.
 *
 * @example
 * ```ts
 * // Phase 3b of step(), by hand: buyers order what they need.
 * const world = createWorld(spec, 1);
 * placeOrders(world);
 * console.log(world.firmDemand[world.firmIndex.get('Apple')!]); // 49
 * ```
 */
export function placeOrders(world: World): void {
  const {
    params,
    firmSlotCount,
    slotOwner,
    slotProduct,
    slotAmount,
    slotStock,
    slotEdgeStart,
    slotUnplaced,
    slotOrdered,
    slotExtraDays,
    slotPrice,
  } = world;
  const {
    edgeSupplier,
    edgeShare,
    edgeOrder,
    edgeBlocked,
    edgeLicenceProbability,
    edgeLicenceState,
    edgeTariff,
    slotBacklog,
  } = world;
  const {
    firmExpectedDemand,
    firmInventoryDays,
    firmDemand,
    firmPrice,
    productPrice,
    productArmington,
    productDemandElasticity,
  } = world;
  const restoreSteps = Math.max(1, params.inventoryRestoreDays / params.daysPerStep);
  const daysPerStep = params.daysPerStep;
  const slots = slotOwner.length;
  const capital = world.slotToolCapability.length > 0; // capital goods: installed tools (capital.ts)
  const { productCapital } = world;
  const wear = capital ? toolWear(world) : 0;
  // Per supplier, interleaved so one cache line serves both: its order weight (p / p⁰)^(−σ) and
  // weight × price. The orders it receives go straight to firmDemand: with them interleaved too
  // (a 32-byte record a firm), the gathers and the scatter touched more cache and the step took
  // 3–5 ms longer at policy/1e6.
  const market = supplierPriceWeights(world);
  // The last tariff, its σ and its weight (1 + t)^(−σ), in a typed array, with σ read from the
  // product where it is needed rather than held in a local: a double live across the pow call
  // was boxed once per slot (7 MB of heap numbers a step at policy/1e6, now about 1 MB).
  const memo = tariffMemo;
  memo[0] = 0;
  memo[1] = -1;
  memo[2] = 1;

  firmDemand.fill(0);
  for (let s = 0; s < slots; s++) {
    const k = slotProduct[s]!;
    const start = slotEdgeStart[s]!;
    const end = slotEdgeStart[s + 1]!;
    let weightSum = 0;
    let paid = 0; // Σ weight × delivered price
    let permitted = 0;
    let pending = false;
    for (let e = start; e < end; e++) {
      let weight = -1; // -1 marks "not permitted this step"
      if (edgeBlocked[e] === 0) {
        const p = edgeLicenceProbability[e]!;
        if (p < 1 && edgeLicenceState[e] === LICENCE_PENDING) pending = true;
        if (p >= 1 || edgeLicenceState[e] === LICENCE_GRANTED) {
          const at = STRIDE * edgeSupplier[e]!;
          const share = edgeShare[e]!;
          weight = share * market[at]!;
          let value = share * market[at + 1]!; // weight × price
          const tariff = edgeTariff[e]!;
          if (tariff !== 0) {
            // Few distinct rates exist: remember the last one's weight instead of calling pow per edge.
            if (tariff !== memo[0] || productArmington[k] !== memo[1]) {
              memo[0] = tariff;
              memo[1] = productArmington[k]!;
              memo[2] = pow(1 + tariff, -productArmington[k]!);
            }
            const tariffWeight = memo[2]!;
            weight *= tariffWeight;
            value *= tariffWeight * (1 + tariff);
          }
          weightSum += weight;
          paid += value;
          permitted++;
        }
      }
      edgeOrder[e] = weight;
    }
    let need: number;
    if (capital && s < firmSlotCount && productCapital[k] === 1) {
      // Installed tools (capital.ts): replacement, the tools for the capacity it has and builds
      // (over its product's time to build), and any front-loading target.
      const buyer = slotOwner[s]!;
      const installed = slotStock[s]!;
      const target =
        toolsPerCapacity(world, s, wear) * (world.firmCapacity[buyer]! + world.firmCapacityUnderConstruction[buyer]!);
      const build = 1 - exp(-daysPerStep / world.productTimeToBuild[world.firmProduct[buyer]!]!);
      const extra = (slotExtraDays[s]! / daysPerStep) * slotAmount[s]! * firmExpectedDemand[buyer]!;
      need = wear * installed + (target > installed ? (target - installed) * build : 0) + extra / restoreSteps;
    } else if (s < firmSlotCount) {
      const buyer = slotOwner[s]!;
      const use = slotAmount[s]! * firmExpectedDemand[buyer]!;
      const target = ((firmInventoryDays[buyer]! + slotExtraDays[s]!) / daysPerStep) * use;
      need = use + (target - slotStock[s]!) / restoreSteps;
      if (need < 0) need = 0;
    } else {
      need = slotAmount[s]!;
    }
    if (permitted === 0) {
      for (let e = start; e < end; e++) edgeOrder[e] = 0;
      if (s >= firmSlotCount) {
        need = finalQuantity(need, slotPrice[s]!, productPrice[k]!, productDemandElasticity[k]!);
        if (capital && productCapital[k] === 1) need += investmentAhead(world, s, need, restoreSteps); // investment buys ahead (capital.ts)
      }
      slotUnplaced[s] = need;
      slotOrdered[s] = 0;
      // Orders no supplier takes while a licence is under review: the buyer waits (its backlog).
      slotBacklog[s] = pending ? slotBacklog[s]! + need : 0;
      continue;
    }
    if (slotBacklog[s] !== 0) slotBacklog[s] = 0; // placed again: the wait is over
    // Permitted edges whose shares have all decayed to zero share the need equally (and their mean price is paid).
    const price =
      weightSum > 0
        ? paid / weightSum
        : equalSplitPrice(start, end, edgeOrder, edgeSupplier, edgeTariff, firmPrice, permitted);
    slotPrice[s] = price;
    if (s >= firmSlotCount) {
      need = finalQuantity(need, price, productPrice[k]!, productDemandElasticity[k]!);
      if (capital && productCapital[k] === 1) need += investmentAhead(world, s, need, restoreSteps); // investment buys ahead (capital.ts)
    }
    slotUnplaced[s] = 0;
    slotOrdered[s] = need;
    const scale = weightSum > 0 ? need / weightSum : 0;
    const equal = weightSum > 0 ? 0 : need / permitted;
    if (need === 0 && weightSum > 0 && weightSum < Infinity) {
      // Nothing to order (85% of the slots at policy/1e6, of idle buyers). The weights sum to a
      // finite number, so each is finite and each amount ±0, which leaves its supplier's orders
      // (+0 or more) as they are: the scatter into firmDemand is skipped (1–2 ms a step there).
      for (let e = start; e < end; e++) {
        const weight = edgeOrder[e]!;
        edgeOrder[e] = weight < 0 ? 0 : weight * scale;
      }
      continue;
    }
    for (let e = start; e < end; e++) {
      const weight = edgeOrder[e]!;
      const amount = weight < 0 ? 0 : weightSum > 0 ? weight * scale : equal;
      edgeOrder[e] = amount;
      firmDemand[edgeSupplier[e]!]! += amount;
    }
  }
}

/** placeOrders' memo of the last tariff's weight: [tariff, σ, (1 + tariff)^(−σ)], reset every call. */
const tariffMemo = new Float64Array(3);

/** Doubles per firm in the interleaved per-supplier array: weight, weight × price. */
const STRIDE = 2;

/** Final demand at a delivered price: the base quantity × (price / base price)^(−η). */
export function finalQuantity(base: number, price: number, basePrice: number, elasticity: number): number {
  return elasticity === 0 || price === basePrice ? base : base * pow(price / basePrice, -elasticity);
}

/** The mean delivered price over a slot's permitted edges (their order marks are not −1). */
function equalSplitPrice(
  start: number,
  end: number,
  mark: Float64Array,
  supplier: Int32Array,
  tariff: Float64Array,
  price: Float64Array,
  permitted: number,
): number {
  let sum = 0;
  for (let e = start; e < end; e++) if (mark[e]! >= 0) sum += price[supplier[e]!]! * (1 + tariff[e]!);
  return sum / permitted;
}

const weightCache = new WeakMap<
  World,
  { price: Float64Array; market: Float64Array; changed: Int32Array; logs: Float64Array; powers: Float64Array }
>();

/**
 * Each supplier's order weight from its price, (p / p⁰)^(−σ) with its product's σ, and that weight
 * times the price, interleaved (weight of firm f at 2f, weight × price at 2f + 1): computed per
 * firm, not per edge, and only for the firms that have buyers and whose price changed since the
 * weight was last computed (a firm that gains its first buyer has a stale price here, so its
 * weight is computed at the next call).
 */
function supplierPriceWeights(world: World): Float64Array {
  const { firmPrice, firmProduct, productPrice, productArmington } = world;
  const F = firmPrice.length;
  let cache = weightCache.get(world);
  if (cache === undefined) {
    cache = {
      price: new Float64Array(F).fill(Number.NaN),
      market: new Float64Array(STRIDE * F),
      changed: new Int32Array(F),
      logs: new Float64Array(F),
      powers: new Float64Array(F),
    };
    weightCache.set(world, cache);
  }
  const { price, market, changed, logs, powers } = cache;
  // exp(−σ·ln r) is the power, and twice as fast as pow (both deterministic, stdlib). The logs
  // and the exponentials are taken over arrays (lnEach, expEach: the same bits as ln and exp),
  // not by a call per firm, which passes and returns boxed doubles.
  // A third of the firms of the synthetic benchmark worlds sell to no one; their weights go unread.
  const sells = firmsWithBuyers(world);
  let n = 0;
  for (let f = 0; f < F; f++) {
    if (sells[f] === 0) continue;
    const now = firmPrice[f]!;
    if (now === price[f]) continue;
    price[f] = now;
    const relative = now / productPrice[firmProduct[f]!]!;
    changed[n] = f;
    logs[n++] = relative;
  }
  lnEach(logs, logs, n); // ln r is 0 only at r = 1
  for (let i = 0; i < n; i++) powers[i] = -productArmington[firmProduct[changed[i]!]!]! * logs[i]!;
  expEach(powers, powers, n);
  for (let i = 0; i < n; i++) {
    const f = changed[i]!;
    const weight = logs[i] === 0 ? 1 : powers[i]!;
    market[STRIDE * f] = weight;
    market[STRIDE * f + 1] = weight * price[f]!;
  }
  return market;
}

const buyersCache = new WeakMap<World, { version: number; sells: Uint8Array }>();

/**
 * Whether each firm supplies any edge, kept per network version. Edges are only ever added, so
 * after one change the new edges' suppliers are marked; after anything else (several changes
 * since the last call) the flags are rebuilt from every edge.
 */
function firmsWithBuyers(world: World): Uint8Array {
  const version = world.networkVersion;
  const F = world.firmIds.length;
  let cached = buyersCache.get(world);
  if (cached !== undefined && cached.version === version) return cached.sells;
  const { edgeSupplier } = world;
  const change = world.lastNetworkChange;
  if (cached !== undefined && change !== undefined && change.version === version && cached.version === version - 1) {
    for (const e of change.added) cached.sells[edgeSupplier[e]!] = 1;
    cached.version = version;
    return cached.sells;
  }
  const sells = new Uint8Array(F);
  for (let e = 0; e < edgeSupplier.length; e++) sells[edgeSupplier[e]!] = 1;
  cached = { version, sells };
  buyersCache.set(world, cached);
  return sells;
}

/**
 * Sets each firm's expected demand for the next step to the orders it received in this one.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * setBlocked(world, selectEdges(world, { supplier: 'Apple', buyerState: 'CN' }), true); // China stops buying Apple phones
 * placeOrders(world);
 * produceAndDeliver(world);
 * updateExpectedDemand(world); // phase 6 of step(): next step Apple expects this step's orders
 * console.log(world.firmExpectedDemand[world.firmIndex.get('Apple')!]); // 34
 * ```
 */
export function updateExpectedDemand(world: World): void {
  world.firmExpectedDemand.set(world.firmDemand);
}
