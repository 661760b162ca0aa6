import type { World } from './world.js';

/**
 * Phase 3a: every buyer places its orders for this step.
 *
 * A firm's need for input k is its use at expected demand plus the gap to its
 * target inventory, restored over τ steps:
 *   need = max(0, a_k·x̂ + (target_k − stock_k) / τ), target_k = ((inventoryDays + extraDays) / daysPerStep)·a_k·x̂,
 * where extraDays is the front-loading ahead of an announced measure.
 * The gap is signed, so excess stock (after front-loading, say) drains.
 * Final demand needs its quantity. The need is split over the slot's
 * permitted edges by weight share × (1 + tariff)^(−ε); a blocked edge or a
 * licence refused this step gets nothing. A need with no permitted supplier
 * is recorded in `slotUnplaced`. Orders received accumulate in `firmDemand`.
 *
 * @example
 * ```ts
 * // Phase 3a of step(), by hand: buyers order what they need.
 * const world = createWorld(spec, 1);
 * placeOrders(world);
 * console.log(world.firmDemand[world.firmIndex.get('Apple')!]); // 49
 * ```
 */
export function placeOrders(world: World): void {
  const { params, firmSlotCount, slotOwner, slotAmount, slotStock, slotEdgeStart, slotUnplaced, slotOrdered, slotExtraDays } = world;
  const { edgeSupplier, edgeShare, edgeOrder, edgeBlocked, edgeLicenceProbability, edgeTariff } = world;
  const { firmExpectedDemand, firmInventoryDays, firmDemand } = world;
  const licence = world.rng.stream('licence');
  const restoreSteps = Math.max(1, params.inventoryRestoreDays / params.daysPerStep);
  const daysPerStep = params.daysPerStep;
  const elasticity = -params.tariffElasticity;
  const slots = slotOwner.length;
  let lastTariff = 0;
  let lastTariffWeight = 1;

  firmDemand.fill(0);
  for (let s = 0; s < slots; s++) {
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
    const start = slotEdgeStart[s]!;
    const end = slotEdgeStart[s + 1]!;
    let weightSum = 0;
    let permitted = 0;
    for (let e = start; e < end; e++) {
      let weight = -1; // -1 marks "not permitted this step"
      if (edgeBlocked[e] === 0) {
        const p = edgeLicenceProbability[e]!;
        if (p >= 1 || licence.next() < p) {
          weight = edgeShare[e]!;
          const tariff = edgeTariff[e]!;
          if (tariff !== 0) {
            // Few distinct rates exist: remember the last one's weight instead of calling pow per edge.
            if (tariff !== lastTariff) {
              lastTariff = tariff;
              lastTariffWeight = Math.pow(1 + tariff, elasticity);
            }
            weight *= lastTariffWeight;
          }
          weightSum += weight;
          permitted++;
        }
      }
      edgeOrder[e] = weight;
    }
    if (permitted === 0) {
      for (let e = start; e < end; e++) edgeOrder[e] = 0;
      slotUnplaced[s] = need;
      slotOrdered[s] = 0;
      continue;
    }
    slotUnplaced[s] = 0;
    slotOrdered[s] = need;
    // Permitted edges whose shares have all decayed to zero share the need equally.
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
