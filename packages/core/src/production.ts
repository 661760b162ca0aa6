import { supplierIndex } from './network.js';
import { rationPriority, rationRandom } from './rationing.js';
import type { World } from './world.js';

/**
 * Phase 3b: firms produce and deliver, in topological order, so goods move
 * down the whole chain within the step.
 *
 * For each firm: it receives what its suppliers (earlier in the order)
 * delivered; then it produces
 *   x = min(x_cap, demand, min_k (stock_k + received_k) / a_k),  x_cap = capacity·(1 − damage)·α
 * (capacity with damage and overproduction, and the Leontief inventory
 * constraint); it uses a_k·x of each input; and it splits x over the orders
 * it received by the rationing rule. Final demand receives last.
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
  const { params, firmSlotStart, firmSlotCount, slotAmount, slotStock, slotReceived, slotEdgeStart } = world;
  const { edgeSupplier, edgeOrder, edgeDelivered } = world;
  const { firmCapacity, firmDamage, firmOverproduction, firmDemand, firmOutput, firmFillRate } = world;
  const proportional = params.rationing === 'proportional';
  const random = params.rationing === 'random';
  const rng = world.rng.stream('rationing');
  const firms = firmOutput.length;
  // The rules other than proportional push each supplier's output to its edges.
  const { supplierEdgeStart, supplierEdges, maxOutDegree } = proportional ? NO_INDEX : supplierIndex(world);
  const scratchOrder = random ? rationingScratch(world, maxOutDegree) : NO_INDEX.supplierEdges;

  for (let g = 0; g < firms; g++) {
    let limit = Infinity;
    const slotEnd = firmSlotStart[g + 1]!;
    for (let s = firmSlotStart[g]!; s < slotEnd; s++) {
      const received = receive(s, slotEdgeStart, edgeSupplier, edgeOrder, edgeDelivered, firmFillRate, proportional);
      slotReceived[s] = received;
      const possible = (slotStock[s]! + received) / slotAmount[s]!;
      if (possible < limit) limit = possible;
    }
    const demand = firmDemand[g]!;
    const capacity = firmCapacity[g]! * (1 - firmDamage[g]!) * firmOverproduction[g]!;
    let output = demand;
    if (capacity < output) output = capacity;
    if (limit < output) output = limit;
    if (!(output > 0)) output = 0;
    firmOutput[g] = output;
    firmFillRate[g] = demand > 0 ? output / demand : 1;
    for (let s = firmSlotStart[g]!; s < slotEnd; s++) {
      const left = slotStock[s]! + slotReceived[s]! - slotAmount[s]! * output;
      slotStock[s] = left > 0 ? left : 0; // rounding can leave -1e-17 when the constraint binds
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
