import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Rng,
  createWorld,
  rationPriority,
  rationProportional,
  rationRandom,
  selectEdges,
  setBlocked,
  step,
  type EdgeSpec,
  type RationingRule,
  type World,
  type WorldSpec,
  supplierIndex,
} from '@chokepoint/core';

/*
 * Rationing: how a supplier short of output splits it among its orders.
 * First the kernels on hand-worked examples, then the engine applying them.
 */

const NaNs = (n: number): Float64Array => new Float64Array(n).fill(NaN);

describe('rationProportional', () => {
  it('fills every order at the same rate, available / total', () => {
    const order = Float64Array.of(6, 3, 1);
    const delivered = NaNs(3);
    rationProportional(order, Int32Array.of(0, 1, 2), 0, 3, 5, delivered);
    expect(Array.from(delivered)).toEqual([3, 1.5, 0.5]); // rate 5/10
  });

  it('fills in full when there is enough, and gives nothing when there is nothing', () => {
    const order = Float64Array.of(6, 3, 1);
    const delivered = NaNs(3);
    rationProportional(order, Int32Array.of(0, 1, 2), 0, 3, 25, delivered);
    expect(Array.from(delivered)).toEqual([6, 3, 1]);
    rationProportional(order, Int32Array.of(0, 1, 2), 0, 3, 0, delivered);
    expect(Array.from(delivered)).toEqual([0, 0, 0]);
    rationProportional(new Float64Array(3), Int32Array.of(0, 1, 2), 0, 3, 7, delivered);
    expect(Array.from(delivered)).toEqual([0, 0, 0]); // no orders: nothing to deliver
  });

  it('touches only the edges listed in [start, end)', () => {
    const order = Float64Array.of(4, 100, 12, 100);
    const delivered = NaNs(4);
    // edges list [9, 2, 0, 9]; the range [1, 3) is edges 2 and 0.
    rationProportional(order, Int32Array.of(9, 2, 0, 9), 1, 3, 4, delivered);
    expect(Array.from(delivered)).toEqual([1, NaN, 3, NaN]); // rate 4/16
  });
});

describe('rationPriority', () => {
  it('fills orders in full in list order; the boundary order gets the rest', () => {
    const order = Float64Array.of(6, 5, 3);
    const delivered = NaNs(3);
    rationPriority(order, Int32Array.of(0, 1, 2), 0, 3, 10, delivered);
    expect(Array.from(delivered)).toEqual([6, 4, 0]);
  });

  it('follows the list, not the edge numbers', () => {
    const order = Float64Array.of(6, 5, 3);
    const delivered = NaNs(3);
    rationPriority(order, Int32Array.of(2, 0, 1), 0, 3, 10, delivered);
    expect(Array.from(delivered)).toEqual([6, 1, 3]); // 3 to edge 2, then 6 to edge 0, then 1 left for edge 1
    rationPriority(order, Int32Array.of(2, 0, 1), 0, 3, 30, delivered);
    expect(Array.from(delivered)).toEqual([6, 5, 3]);
    rationPriority(order, Int32Array.of(2, 0, 1), 0, 3, 0, delivered);
    expect(Array.from(delivered)).toEqual([0, 0, 0]);
  });
});

describe('rationProportional and rationPriority over random orders', () => {
  const case_ = fc.record({
    orders: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 100, noNaN: true })), {
      minLength: 1,
      maxLength: 12,
    }),
    availableShare: fc.double({ min: 0, max: 1.2, noNaN: true }),
  });
  /** The case laid out as the kernels see it: edges listed in reverse, outputs poisoned with NaN. */
  const laidOut = ({ orders, availableShare }: { orders: number[]; availableShare: number }) => {
    const n = orders.length;
    const total = orders.reduce((a, b) => a + b, 0);
    return {
      n,
      total,
      order: Float64Array.from(orders),
      available: total * availableShare,
      edges: Int32Array.from({ length: n }, (_, i) => n - 1 - i),
      delivered: NaNs(n),
    };
  };

  it('proportional: total = min(available, orders), one fill rate for every order, never more than ordered', () => {
    fc.assert(
      fc.property(case_, (c) => {
        const { n, total, order, available, edges, delivered } = laidOut(c);
        rationProportional(order, edges, 0, n, available, delivered);
        const sum = Array.from(delivered).reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - Math.min(available, total))).toBeLessThanOrEqual(1e-9 * Math.max(1, total));
        const rate = total > 0 ? Math.min(1, available / total) : 0;
        for (let e = 0; e < n; e++) {
          expect(Math.abs(delivered[e]! - order[e]! * rate)).toBeLessThanOrEqual(1e-12 * Math.max(1, order[e]!));
          expect(delivered[e]!).toBeLessThanOrEqual(order[e]!);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('priority: total = min(available, orders), and in list order: full orders, at most one partial, then nothing', () => {
    fc.assert(
      fc.property(case_, (c) => {
        const { n, total, order, available, edges, delivered } = laidOut(c);
        rationPriority(order, edges, 0, n, available, delivered);
        const sum = Array.from(delivered).reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - Math.min(available, total))).toBeLessThanOrEqual(1e-9 * Math.max(1, total));
        // Zero orders are neither full nor empty in a way that matters, so they are left out.
        const status = Array.from(edges)
          .filter((e) => order[e]! > 0)
          .map((e) => (delivered[e] === order[e] ? 'F' : delivered[e] === 0 ? 'N' : 'P'))
          .join('');
        expect(status).toMatch(/^F*P?N*$/);
      }),
      { numRuns: 200 },
    );
  });
});

describe('rationRandom', () => {
  /** An Rng whose underlying generator returns the given draws in turn. */
  function scriptedRng(draws: number[]): Rng {
    const rng = new Rng(0);
    let i = 0;
    (rng as unknown as { prng: () => number }).prng = () => draws[i++]!;
    return rng;
  }

  it('Rng.shuffle is Fisher–Yates over [start, end): hand-worked with scripted draws', () => {
    // i = 3: j = floor(0.9·4) = 3 (stay); i = 2: j = floor(0.1·3) = 0 (swap 0, 2); i = 1: j = floor(0.6·2) = 1 (stay).
    const values = [10, 11, 12, 13];
    scriptedRng([0.9, 0.1, 0.6]).shuffle(values);
    expect(values).toEqual([12, 11, 10, 13]);
    // Only the sub-range moves: i = 3: j = 1 + floor(0.0·3) = 1 (swap 1, 3); i = 2: j = 1 + floor(0.99·2) = 2.
    const sub = Int32Array.of(7, 8, 9, 10, 11);
    scriptedRng([0, 0.99]).shuffle(sub, 1, 4);
    expect(Array.from(sub)).toEqual([7, 10, 9, 8, 11]);
  });

  it('serves orders in full in the shuffled order (hand-worked, scripted draws)', () => {
    const order = Float64Array.of(6, 5, 3);
    const delivered = NaNs(3);
    // Shuffle of [0, 1, 2]: i = 2: j = floor(0.5·3) = 1 → [0, 2, 1]; i = 1: j = floor(0.2·2) = 0 → [2, 0, 1].
    rationRandom(order, Int32Array.of(0, 1, 2), 0, 3, 10, delivered, new Int32Array(3), scriptedRng([0.5, 0.2]));
    // Order 2 (3 units), then order 0 (6), then 1 unit left for order 1.
    expect(Array.from(delivered)).toEqual([6, 1, 3]);
  });

  it('matches priority rationing over the order rng.shuffle gives, for a fixed seed', () => {
    const order = Float64Array.of(2, 7, 1, 4, 3, 5);
    const edges = Int32Array.of(5, 3, 1, 0, 4, 2);
    for (let seed = 0; seed < 20; seed++) {
      const delivered = NaNs(6);
      rationRandom(order, edges, 0, 6, 9, delivered, new Int32Array(6), new Rng(seed));
      // Replay: the same draws shuffle a copy, then fill in full by hand.
      const sequence = Array.from(edges);
      new Rng(seed).shuffle(sequence);
      const expected = new Array<number>(6).fill(0);
      let left = 9;
      for (const e of sequence) {
        expected[e] = Math.min(order[e]!, left);
        left -= expected[e]!;
      }
      expect(Array.from(delivered)).toEqual(expected);
    }
  });

  it('structure: total = min(available, orders), at most one partial order, full orders form a prefix', () => {
    const case_ = fc.record({
      orders: fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 12 }),
      availableShare: fc.double({ min: 0, max: 1.2, noNaN: true }),
      seed: fc.integer(),
    });
    fc.assert(
      fc.property(case_, ({ orders, availableShare, seed }) => {
        const n = orders.length;
        const order = Float64Array.from(orders);
        const total = orders.reduce((a, b) => a + b, 0);
        const available = total * availableShare;
        const edges = Int32Array.from({ length: n }, (_, i) => n - 1 - i);
        const delivered = NaNs(n);
        rationRandom(order, edges, 0, n, available, delivered, new Int32Array(n), new Rng(seed));
        const sum = Array.from(delivered).reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - Math.min(available, total))).toBeLessThanOrEqual(1e-9 * total);
        const sequence = Array.from(edges);
        new Rng(seed).shuffle(sequence);
        const status = sequence.map((e) =>
          delivered[e] === order[e] ? 'full' : delivered[e] === 0 ? 'none' : 'partial',
        );
        expect(status.filter((s) => s === 'partial').length).toBeLessThanOrEqual(1);
        // In the shuffled order: full…, then at most one partial, then nothing.
        expect(status.join(',')).toMatch(/^(full,?)*(partial,?)?(none,?)*$/);
        for (const e of sequence) expect(delivered[e]).toBeLessThanOrEqual(order[e]!);
      }),
      { numRuns: 200 },
    );
  });

  it('each of the six orders of three comes up about equally often (the shuffle is uniform)', () => {
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 600; seed++) {
      const values = [0, 1, 2];
      new Rng(`uniform-${seed}`).shuffle(values);
      counts.set(values.join(''), (counts.get(values.join('')) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    // Expected 100 each; a standard deviation is about 9.
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(65);
      expect(count).toBeLessThan(135);
    }
  });
});

/*
 * The engine: supplier S (capacity 6 unless given) sells parts to two firms
 * and to final demand. In the first step, the orders are the steady-state
 * ones: B1 orders 2 (it makes 2 gadgets for CN), B2 orders 3 (for EU), US
 * final demand 5. Total 10 against 6 units of output.
 */
interface RationingCase {
  b1?: number;
  b2?: number;
  capacity?: number;
}

function rationingSpec(rationing: RationingRule, { b1, b2, capacity = 6 }: RationingCase = {}): WorldSpec {
  const edge = (buyer: string, priority: number | undefined): EdgeSpec =>
    priority === undefined ? { supplier: 'S', buyer } : { supplier: 'S', buyer, priority };
  return {
    states: [{ id: 'US' }, { id: 'CN' }, { id: 'EU' }],
    products: [{ id: 'part' }, { id: 'gadget', recipe: [{ product: 'part', amount: 1 }] }],
    firms: [
      { id: 'B1', state: 'CN', product: 'gadget' },
      { id: 'B2', state: 'EU', product: 'gadget' },
      { id: 'S', state: 'US', product: 'part', capacity },
    ],
    edges: [edge('B1', b1), edge('B2', b2)],
    finalDemand: [
      { state: 'CN', product: 'gadget', quantity: 2, suppliers: [{ firm: 'B1' }] },
      { state: 'EU', product: 'gadget', quantity: 3, suppliers: [{ firm: 'B2' }] },
      { state: 'US', product: 'part', quantity: 5, suppliers: [{ firm: 'S' }] },
    ],
    params: { rationing },
  };
}

function rationingWorld(
  rationing: RationingRule,
  options: RationingCase = {},
  seed: string | number = 'rationing-test',
): World {
  return createWorld(rationingSpec(rationing, options), seed);
}

/** S's deliveries after one step: to B1, to B2, to US final demand. */
function deliveries(world: World): { b1: number; b2: number; household: number; orders: number[] } {
  step(world);
  const s = world.firmIndex.get('S')!;
  const edgeTo = (buyer: string | null): number => {
    for (let i = supplierIndex(world).supplierEdgeStart[s]!; i < supplierIndex(world).supplierEdgeStart[s + 1]!; i++) {
      const e = supplierIndex(world).supplierEdges[i]!;
      const slot = world.edgeSlot[e]!;
      const isFinal = slot >= world.firmSlotCount;
      if (buyer === null ? isFinal : !isFinal && world.firmIds[world.slotOwner[slot]!] === buyer) return e;
    }
    throw new Error(`no edge to ${buyer}`);
  };
  const edges = [edgeTo('B1'), edgeTo('B2'), edgeTo(null)];
  const [b1, b2, household] = edges.map((e) => world.edgeDelivered[e]!) as [number, number, number];
  return { b1, b2, household, orders: edges.map((e) => world.edgeOrder[e]!) };
}

describe('the engine applies the rationing rule', () => {
  it('orders in the first step are the steady-state ones: 2, 3 and 5', () => {
    for (const rule of ['proportional', 'priority', 'random'] as const) {
      const { orders } = deliveries(rationingWorld(rule));
      orders.forEach((x, i) => expect(x).toBeCloseTo([2, 3, 5][i]!, 12));
    }
  });

  it('proportional: every buyer gets the same fill rate, 6/10', () => {
    const world = rationingWorld('proportional');
    const got = deliveries(world);
    expect(got.b1).toBeCloseTo(1.2, 12);
    expect(got.b2).toBeCloseTo(1.8, 12);
    expect(got.household).toBeCloseTo(3, 12);
    expect(world.firmOutput[world.firmIndex.get('S')!]).toBe(6);
    // B1 then makes what its stock plus 1.2 parts allow: its stock is 15/91.3125
    // steps of use, 2·15/91.3125 parts.
    expect(world.firmOutput[world.firmIndex.get('B1')!]).toBeCloseTo(1.2 + (2 * 15) / (365.25 / 4), 12);
  });

  it('priority with default priorities: firm buyers in edge order, then final demand', () => {
    const got = deliveries(rationingWorld('priority'));
    expect([got.b1, got.b2, got.household]).toEqual([2, 3, 1]);
  });

  it('priority with explicit priorities: highest first; unset firm edges default to 1, final demand to 0', () => {
    const served = (options: RationingCase): number[] => {
      const got = deliveries(rationingWorld('priority', options));
      return [got.b1, got.b2, got.household];
    };
    // Served B2 (5), final demand (0), B1 (−1): B2 gets 3, final demand 3, B1 nothing.
    expect(served({ b1: -1, b2: 5 })).toEqual([0, 3, 3]);
    // Served B1 (1), final demand (0), B2 (−2): B1 gets 2, final demand 4, B2 nothing.
    expect(served({ b2: -2 })).toEqual([2, 0, 4]);
    // Capacity 4, default priorities: B1 gets 2, B2 the other 2.
    expect(served({ capacity: 4 })).toEqual([2, 2, 0]);
    // B1 at 0.5 ranks below B2's default 1, above final demand: B2 3, B1 1.
    expect(served({ b1: 0.5, capacity: 4 })).toEqual([1, 3, 0]);
    // Ties keep edge order.
    expect(served({ b1: 3, b2: 3, capacity: 4 })).toEqual([2, 2, 0]);
  });

  // Regression: supplier search used to rebuild the CSR by supplier in plain
  // edge order, losing the spec's explicit priorities.
  it('explicit priorities survive a network rebuild by supplier search', () => {
    const spec = rationingSpec('priority', { b1: -1, b2: 5 });
    spec.states[0]!.doctrine = 'NLG'; // any doctrine setting turns the policy layer (and supplier search) on
    spec.firms.push(
      { id: 'S3', state: 'CN', product: 'part', capacity: 100 },
      { id: 'S4', state: 'EU', product: 'part' },
    );
    (spec.edges as EdgeSpec[]).push({ supplier: 'S4', buyer: 'B1' });
    const world = createWorld(spec, 1);
    setBlocked(world, selectEdges(world, { supplier: 'S4' }), true); // B1 is now a blocked buyer and searches
    const servedOrder = (): string[] => {
      const s = world.firmIndex.get('S')!;
      return Array.from(
        supplierIndex(world).supplierEdges.subarray(
          supplierIndex(world).supplierEdgeStart[s]!,
          supplierIndex(world).supplierEdgeStart[s + 1]!,
        ),
        (e) => {
          const slot = world.edgeSlot[e]!;
          return slot < world.firmSlotCount ? world.firmIds[world.slotOwner[slot]!]! : 'final';
        },
      );
    };
    expect(servedOrder()).toEqual(['B2', 'final', 'B1']);
    step(world);
    expect(world.networkVersion).toBeGreaterThan(0); // search added an edge
    expect(servedOrder()).toEqual(['B2', 'final', 'B1']);
  });

  it('random: the deliveries of priority rationing over the rationing stream’s shuffle of S’s edges', () => {
    const world = rationingWorld('random');
    const s = world.firmIndex.get('S')!;
    const sEdges = Array.from(
      supplierIndex(world).supplierEdges.subarray(
        supplierIndex(world).supplierEdgeStart[s]!,
        supplierIndex(world).supplierEdgeStart[s + 1]!,
      ),
    );
    // S is the first firm (raw product), so its shuffle is the first draw of the stream.
    const replay = new Rng(world.seed).stream('rationing');
    replay.shuffle(sEdges);
    step(world);
    let left = 6;
    for (const e of sEdges) {
      const expected = Math.min(world.edgeOrder[e]!, left);
      expect(world.edgeDelivered[e]).toBeCloseTo(expected, 12);
      left -= expected;
    }
  });

  it('random: over seeds, each buyer is sometimes served first and sometimes left short', () => {
    const servedInFull = { b1: 0, b2: 0, household: 0 };
    for (let seed = 0; seed < 60; seed++) {
      const world = rationingWorld('random', {}, seed);
      const got = deliveries(world);
      expect(got.b1 + got.b2 + got.household).toBeCloseTo(6, 12);
      if (got.b1 === 2) servedInFull.b1++;
      if (got.b2 === 3) servedInFull.b2++;
      if (got.household === 5) servedInFull.household++;
    }
    for (const count of Object.values(servedInFull)) {
      expect(count).toBeGreaterThan(5);
      expect(count).toBeLessThan(55);
    }
  });

  it('with enough output every rule fills every order', () => {
    for (const rule of ['proportional', 'priority', 'random'] as const) {
      const world = rationingWorld(rule);
      world.firmCapacity[world.firmIndex.get('S')!] = 10;
      const got = deliveries(world);
      expect(got.b1).toBeCloseTo(2, 12);
      expect(got.b2).toBeCloseTo(3, 12);
      expect(got.household).toBeCloseTo(5, 12);
    }
  });
});
