import { installInvestment, toolWear, toolsPerCapacity } from './capital.js';
import { finalQuantity } from './orders.js';
import { supplierIndex } from './network.js';
import { rationPriority, rationRandom } from './rationing.js';
import type { World } from './world.js';

/**
 * Phase 3c: firms produce and deliver, in topological order, so goods move
 * down the whole chain within the step.
 *
 * For each firm: it receives what its suppliers (earlier in the order)
 * delivered; then it produces
 *   x = min(x_cap, demand, min_critical k (stock_k + received_k) / a_k),  x_cap = capacity·(1 − damage)·α
 * (capacity with damage and overproduction, and the Leontief inventory
 * constraint over its critical inputs). Each non-critical input that is short
 * at that output costs, under `nonCriticalLoss: cost_share`, its share of unit
 * cost times the share of it missing: x ← x·(1 − Σ w_k·(1 − available_k / (a_k·x))).
 * The firm uses a_k·x of each input (what it has, for a short non-critical
 * one), records its potential for pricing (x_cap, or the critical limit when
 * it is below both x_cap and the orders), and
 * splits x over the orders it received by the rationing rule. Final demand
 * receives last.
 *
 * Proportional rationing is computed on the buyer's side (delivered = order ×
 * the supplier's fill rate), which needs no pass over suppliers; the other
 * rules push each supplier's allocation to its edges.
 *
 * @example
 * ```ts
 * // The production phases of step(), by hand, on a world without policy.
 * const world = createWorld(spec, 1);
 * world.firmDamage[world.firmIndex.get('TSMC')!] = 0.5; // TSMC loses half its capacity
 * placeOrders(world);
 * produceAndDeliver(world);
 * console.log(world.firmOutput[world.firmIndex.get('TSMC')!]!.toFixed(2)); // 26.57
 * ```
 */
export function produceAndDeliver(world: World): void {
  const {
    params,
    firmSlotStart,
    firmSlotCount,
    slotAmount,
    slotStock,
    slotReceived,
    slotUsed,
    slotCritical,
    slotCostShare,
    slotEdgeStart,
  } = world;
  const { edgeSupplier, edgeOrder, edgeDelivered } = world;
  const { firmCapacity, firmDamage, firmOverproduction, firmDemand, firmOutput, firmFillRate, firmPotential } = world;
  const proportional = params.rationing === 'proportional';
  const random = params.rationing === 'random';
  const costShareLoss = params.nonCriticalLoss === 'cost_share';
  const rng = world.rng.stream('rationing');
  const firms = firmOutput.length;
  // The rules other than proportional push each supplier's output to its edges.
  const { supplierEdgeStart, supplierEdges, maxOutDegree } = proportional ? NO_INDEX : supplierIndex(world);
  const scratchOrder = random ? rationingScratch(world, maxOutDegree) : NO_INDEX.supplierEdges;

  // Capital goods (capital.ts): their slots hold installed tools, which bound capacity and wear by time.
  const capital = world.slotToolCapability.length > 0;
  const { slotProduct, productCapital } = world;
  const wear = capital ? toolWear(world) : 0;
  for (let g = 0; g < firms; g++) {
    let limit = Infinity;
    let tools = Infinity; // the capacity the installed tools allow
    let nonCritical = false;
    const slotEnd = firmSlotStart[g + 1]!;
    for (let s = firmSlotStart[g]!; s < slotEnd; s++) {
      const received = receive(s, slotEdgeStart, edgeSupplier, edgeOrder, edgeDelivered, firmFillRate, proportional);
      slotReceived[s] = received;
      if (capital && productCapital[slotProduct[s]!] === 1) {
        const perCapacity = toolsPerCapacity(world, s, wear);
        if (perCapacity > 0 && slotStock[s]! / perCapacity < tools) tools = slotStock[s]! / perCapacity;
        continue;
      }
      if (slotCritical[s] === 0) {
        nonCritical = true;
        continue;
      }
      const possible = (slotStock[s]! + received) / slotAmount[s]!;
      if (possible < limit) limit = possible;
    }
    const demand = firmDemand[g]!;
    const plant = firmCapacity[g]! * (1 - firmDamage[g]!);
    const capacity = (tools < plant ? tools : plant) * firmOverproduction[g]!;
    // What the firm could supply: its capacity, or what its inputs allow when they cannot cover the
    // orders (inventories scale with expected orders, so an input limit above them is no scarcity).
    const supply = limit < demand ? limit : Infinity;
    const potential = capacity < supply ? capacity : supply;
    firmPotential[g] = potential > 0 ? potential : 0;
    let output = demand < potential ? demand : potential;
    if (!(output > 0)) output = 0;
    // A non-critical input that is short costs its share of unit cost times the share of it missing.
    if (nonCritical && costShareLoss && output > 0) {
      let loss = 0;
      for (let s = firmSlotStart[g]!; s < slotEnd; s++) {
        if (slotCritical[s] === 1 || (capital && productCapital[slotProduct[s]!] === 1)) continue;
        const want = slotAmount[s]! * output;
        const have = slotStock[s]! + slotReceived[s]!;
        if (have < want) loss += slotCostShare[s]! * (1 - have / want);
      }
      output *= loss < 1 ? 1 - loss : 0; // cost shares sum to at most 1
    }
    firmOutput[g] = output;
    firmFillRate[g] = demand > 0 ? output / demand : 1;
    for (let s = firmSlotStart[g]!; s < slotEnd; s++) {
      if (capital && productCapital[slotProduct[s]!] === 1) {
        // Installed tools wear whatever the output; what arrived is installed.
        const worn = wear * slotStock[s]!;
        slotUsed[s] = worn;
        slotStock[s] = slotStock[s]! - worn + slotReceived[s]!;
        continue;
      }
      const have = slotStock[s]! + slotReceived[s]!;
      let used = slotAmount[s]! * output;
      if (used > have) used = have; // a short non-critical input; or rounding when the constraint binds
      slotUsed[s] = used;
      const left = have - used;
      slotStock[s] = left > 0 ? left : 0;
    }
    if (!proportional) {
      const start = supplierEdgeStart[g]!;
      const end = supplierEdgeStart[g + 1]!;
      if (random) rationRandom(edgeOrder, supplierEdges, start, end, output, edgeDelivered, scratchOrder, rng);
      else rationPriority(edgeOrder, supplierEdges, start, end, output, edgeDelivered);
    }
  }
  const slots = slotReceived.length;
  for (let s = firmSlotCount; s < slots; s++) {
    slotReceived[s] = receive(s, slotEdgeStart, edgeSupplier, edgeOrder, edgeDelivered, firmFillRate, proportional);
    if (capital && productCapital[slotProduct[s]!] === 1) {
      // Investment installs this step's tools and keeps what it bought ahead (capital.ts).
      const k = slotProduct[s]!;
      installInvestment(
        world,
        s,
        finalQuantity(slotAmount[s]!, world.slotPrice[s]!, world.productPrice[k]!, world.productDemandElasticity[k]!),
      );
    }
  }
}

const NO_INDEX = { supplierEdgeStart: new Int32Array(0), supplierEdges: new Int32Array(0), maxOutDegree: 0 };
const scratchCache = new WeakMap<World, Int32Array>();

/** A scratch buffer for the random rationing order, at least `length` long, kept per world. */
function rationingScratch(world: World, length: number): Int32Array {
  let scratch = scratchCache.get(world);
  if (scratch === undefined || scratch.length < length) {
    scratch = new Int32Array(length);
    scratchCache.set(world, scratch);
  }
  return scratch;
}

/** Units a slot receives this step; under proportional rationing it also sets each edge's delivery. */
function receive(
  s: number,
  slotEdgeStart: Int32Array,
  edgeSupplier: Int32Array,
  edgeOrder: Float64Array,
  edgeDelivered: Float64Array,
  firmFillRate: Float64Array,
  proportional: boolean,
): number {
  let received = 0;
  const end = slotEdgeStart[s + 1]!;
  if (proportional) {
    for (let e = slotEdgeStart[s]!; e < end; e++) {
      const delivered = edgeOrder[e]! * firmFillRate[edgeSupplier[e]!]!;
      edgeDelivered[e] = delivered;
      received += delivered;
    }
  } else {
    for (let e = slotEdgeStart[s]!; e < end; e++) received += edgeDelivered[e]!;
  }
  return received;
}
