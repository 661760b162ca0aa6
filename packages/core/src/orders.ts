import { pow } from './math.js';
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
 * product's elasticity σ; p⁰ is the product's base price). A blocked edge, or a
 * licence refused this step, gets nothing; a need with no permitted supplier is
 * recorded in `slotUnplaced`. The slot's delivered price (`slotPrice`) is the
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
  const { params, firmSlotCount, slotOwner, slotProduct, slotAmount, slotStock, slotEdgeStart, slotUnplaced, slotOrdered, slotExtraDays, slotPrice } = world;
  const { edgeSupplier, edgeShare, edgeOrder, edgeBlocked, edgeLicenceProbability, edgeTariff } = world;
  const { firmExpectedDemand, firmInventoryDays, firmDemand, firmPrice, productPrice, productArmington, productDemandElasticity } = world;
  const licence = world.rng.stream('licence');
  const restoreSteps = Math.max(1, params.inventoryRestoreDays / params.daysPerStep);
  const daysPerStep = params.daysPerStep;
  const slots = slotOwner.length;
  const priceWeight = supplierPriceWeights(world);
  let lastTariff = 0;
  let lastSigma = -1;
  let lastTariffWeight = 1;

  firmDemand.fill(0);
  for (let s = 0; s < slots; s++) {
    const k = slotProduct[s]!;
    const sigma = productArmington[k]!;
    const start = slotEdgeStart[s]!;
    const end = slotEdgeStart[s + 1]!;
    let weightSum = 0;
    let paid = 0; // Σ weight × delivered price
    let quoted = 0; // Σ delivered price, for the equal split
    let permitted = 0;
    for (let e = start; e < end; e++) {
      let weight = -1; // -1 marks "not permitted this step"
      if (edgeBlocked[e] === 0) {
        const p = edgeLicenceProbability[e]!;
        if (p >= 1 || licence.next() < p) {
          const supplier = edgeSupplier[e]!;
          weight = edgeShare[e]! * priceWeight[supplier]!;
          const tariff = edgeTariff[e]!;
          let delivered = firmPrice[supplier]!;
          if (tariff !== 0) {
            // Few distinct rates exist: remember the last one's weight instead of calling pow per edge.
            if (tariff !== lastTariff || sigma !== lastSigma) {
              lastTariff = tariff;
              lastSigma = sigma;
              lastTariffWeight = pow(1 + tariff, -sigma);
            }
            weight *= lastTariffWeight;
            delivered *= 1 + tariff;
          }
          weightSum += weight;
          paid += weight * delivered;
          quoted += delivered;
          permitted++;
        }
      }
      edgeOrder[e] = weight;
    }
    let need: number;
    if (s < firmSlotCount) {
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
      if (s >= firmSlotCount) need = finalQuantity(need, slotPrice[s]!, productPrice[k]!, productDemandElasticity[k]!);
      slotUnplaced[s] = need;
      slotOrdered[s] = 0;
      continue;
    }
    // Permitted edges whose shares have all decayed to zero share the need equally.
    const price = weightSum > 0 ? paid / weightSum : quoted / permitted;
    slotPrice[s] = price;
    if (s >= firmSlotCount) need = finalQuantity(need, price, productPrice[k]!, productDemandElasticity[k]!);
    slotUnplaced[s] = 0;
    slotOrdered[s] = need;
    const scale = weightSum > 0 ? need / weightSum : 0;
    const equal = weightSum > 0 ? 0 : need / permitted;
    for (let e = start; e < end; e++) {
      const weight = edgeOrder[e]!;
      const amount = weight < 0 ? 0 : weightSum > 0 ? weight * scale : equal;
      edgeOrder[e] = amount;
      firmDemand[edgeSupplier[e]!]! += amount;
    }
  }
}

/** Final demand at a delivered price: the base quantity × (price / base price)^(−η). */
function finalQuantity(base: number, price: number, basePrice: number, elasticity: number): number {
  return elasticity === 0 || price === basePrice ? base : base * pow(price / basePrice, -elasticity);
}

const weightCache = new WeakMap<World, { price: Float64Array; weight: Float64Array }>();

/**
 * Each supplier's order weight from its price, (p / p⁰)^(−σ) with its product's σ: computed per
 * firm, not per edge, and only for the firms whose price changed since the last call.
 */
function supplierPriceWeights(world: World): Float64Array {
  const { firmPrice, firmProduct, productPrice, productArmington } = world;
  const F = firmPrice.length;
  let cache = weightCache.get(world);
  if (cache === undefined) {
    cache = { price: new Float64Array(F).fill(Number.NaN), weight: new Float64Array(F) };
    weightCache.set(world, cache);
  }
  const { price, weight } = cache;
  for (let f = 0; f < F; f++) {
    const now = firmPrice[f]!;
    if (now === price[f]) continue;
    price[f] = now;
    const k = firmProduct[f]!;
    const relative = now / productPrice[k]!;
    weight[f] = relative === 1 ? 1 : pow(relative, -productArmington[k]!);
  }
  return weight;
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
