import { describe, expect, it } from 'vitest';
import {
  createWorld,
  selectEdges,
  setBlocked,
  setLicenceProbability,
  step,
  type EngineParams,
  type World,
} from '@chokepoint/core';

/*
 * Supplier substitution: share_e ← (1 − σ)·share_e + σ·share_e·fill_e / Σ_j share_j·fill_j
 * in slots with a shortfall or an unpermitted supplier.
 *
 * World: buyer B (CN) makes 10 gadgets a step from 1 part each, buying 60%
 * from S1 (US) and 40% from S2 (CN). Capacities are 1.1 × steady demand
 * (6.6 and 4.4) unless given.
 */
function substitutionWorld(params: Partial<EngineParams> = {}, capacities: { s1?: number; s2?: number } = {}): World {
  return createWorld(
    {
      states: [{ id: 'US' }, { id: 'CN' }],
      products: [{ id: 'part' }, { id: 'gadget', recipe: [{ product: 'part', amount: 1 }] }],
      firms: [
        { id: 'S1', state: 'US', product: 'part', capacity: capacities.s1 },
        { id: 'S2', state: 'CN', product: 'part', capacity: capacities.s2 },
        { id: 'B', state: 'CN', product: 'gadget' },
      ],
      edges: [
        { supplier: 'S1', buyer: 'B', share: 0.6 },
        { supplier: 'S2', buyer: 'B', share: 0.4 },
      ],
      finalDemand: [{ state: 'CN', product: 'gadget', quantity: 10, suppliers: [{ firm: 'B' }] }],
      params,
    },
    1,
  );
}

/** The edge from a supplier to B. */
const edgeFrom = (world: World, supplier: string): number => selectEdges(world, { supplier, buyer: 'B' })[0]!;
const shares = (world: World): [number, number] => [
  world.edgeShare[edgeFrom(world, 'S1')]!,
  world.edgeShare[edgeFrom(world, 'S2')]!,
];

describe('substituteSuppliers', () => {
  it('moves share from a blocked supplier to the one still delivering, at rate σ per step', () => {
    for (const sigma of [0.25, 0.1, 1]) {
      const world = substitutionWorld({ substitutionRate: sigma });
      setBlocked(world, [edgeFrom(world, 'S1')], true);
      for (let n = 1; n <= 6; n++) {
        step(world);
        // S2 delivers something every step (it is short, but not empty), so
        // the blocked share decays geometrically: 0.6·(1 − σ)^n.
        const [s1, s2] = shares(world);
        expect(s1).toBeCloseTo(0.6 * (1 - sigma) ** n, 12);
        expect(s2).toBeCloseTo(1 - 0.6 * (1 - sigma) ** n, 12);
      }
    }
  });

  it('a refused licence (p = 0) counts as not permitted, like a block', () => {
    const world = substitutionWorld();
    setLicenceProbability(world, [edgeFrom(world, 'S1')], 0);
    step(world);
    const sigma = 1 - Math.exp(-world.params.daysPerStep / world.params.substitutionDays); // the default, 317.4 days: 0.25 a quarter
    expect(sigma).toBeCloseTo(0.25, 4);
    expect(shares(world)[0]).toBeCloseTo(0.6 * (1 - sigma), 12);
  });

  it('moves the same share in a quarter at weekly, monthly and quarterly steps (a rate per unit of time)', () => {
    const quarter = 365.25 / 4;
    const after: number[] = [];
    for (const steps of [1, 3, 13]) {
      const world = substitutionWorld({ daysPerStep: quarter / steps, substitutionDays: 200 });
      setBlocked(world, [edgeFrom(world, 'S1')], true);
      for (let n = 0; n < steps; n++) step(world);
      after.push(shares(world)[0]);
    }
    // exp(−Δ/τ) compounds: 13 weekly steps move what one quarterly step does, 0.6·exp(−91.3125/200).
    for (const share of after) expect(share).toBeCloseTo(0.6 * Math.exp(-quarter / 200), 12);
  });

  it('substitutionRate, the former share per step, is converted with the step length', () => {
    const monthly = substitutionWorld({ daysPerStep: 30, substitutionRate: 0.25 });
    expect(monthly.params.substitutionDays).toBeCloseTo(-30 / Math.log(0.75), 9);
    expect('substitutionRate' in monthly.params).toBe(false);
    expect(substitutionWorld({ substitutionRate: 1 }).params.substitutionDays).toBe(0);
    expect(substitutionWorld({ substitutionRate: 0 }).params.substitutionDays).toBe(Infinity);
    expect(substitutionWorld({ substitutionRate: 5e-324 }).params.substitutionDays).toBe(Infinity);
    // substitutionDays, when given too, wins.
    expect(substitutionWorld({ substitutionRate: 0.5, substitutionDays: 10 }).params.substitutionDays).toBe(10);
    expect(() => substitutionWorld({ substitutionDays: -1 })).toThrow(
      'params.substitutionDays: expected a number of days >= 0, received -1',
    );
  });

  it('re-weights toward the supplier with the better fill rate when one falls short (hand-worked)', () => {
    const world = substitutionWorld({ substitutionRate: 0.25 });
    world.firmDamage[world.firmIndex.get('S1')!] = 0.5;
    step(world);
    // S1 receives an order of 6 and can make 6.6·0.5 = 3.3: fill 0.55. S2 fills its 4 in full.
    expect(world.edgeDelivered[edgeFrom(world, 'S1')]).toBeCloseTo(3.3, 12);
    expect(world.edgeDelivered[edgeFrom(world, 'S2')]).toBeCloseTo(4, 12);
    const total = 0.6 * 0.55 + 0.4 * 1; // 0.73
    const [s1, s2] = shares(world);
    expect(s1).toBeCloseTo(0.6 * (0.75 + (0.25 * 0.55) / total), 12); // 0.563014
    expect(s2).toBeCloseTo(0.4 * (0.75 + (0.25 * 1) / total), 12); // 0.436986
    expect(s1 + s2).toBeCloseTo(1, 14);
  });

  it('with rate 0, shares do not move', () => {
    const world = substitutionWorld({ substitutionRate: 0 });
    setBlocked(world, [edgeFrom(world, 'S1')], true);
    for (let n = 0; n < 5; n++) step(world);
    expect(shares(world)).toEqual([0.6, 0.4]);
  });

  it('a slot where nothing is delivered keeps its shares: both suppliers blocked', () => {
    const world = substitutionWorld();
    setBlocked(world, [edgeFrom(world, 'S1'), edgeFrom(world, 'S2')], true);
    for (let n = 0; n < 5; n++) step(world);
    expect(shares(world)).toEqual([0.6, 0.4]);
    expect(world.slotReceived[world.firmSlotStart[world.firmIndex.get('B')!]!]).toBe(0);
  });

  it('a slot where nothing is delivered keeps its shares: both suppliers destroyed', () => {
    const world = substitutionWorld();
    world.firmDamage[world.firmIndex.get('S1')!] = 1;
    world.firmDamage[world.firmIndex.get('S2')!] = 1;
    step(world);
    expect(world.edgeOrder[edgeFrom(world, 'S1')]).toBeGreaterThan(0); // orders were placed...
    expect(world.edgeDelivered[edgeFrom(world, 'S1')]).toBe(0); // ...and nothing came
    expect(shares(world)).toEqual([0.6, 0.4]);
  });

  it('once every order is filled again, shares return to the established ones, closing 1 − exp(−rate·Δ/365.25) of the gap a step', () => {
    // Ample capacity: S2 fills the whole need alone, so only the block moves shares.
    // No relationship memory (it returns at the reversion rate): one rate for the whole gap.
    const world = substitutionWorld({ substitutionRate: 0.25, relationshipReturnRate: 1 }, { s1: 100, s2: 100 });
    setBlocked(world, [edgeFrom(world, 'S1')], true);
    step(world);
    step(world);
    expect(shares(world)[0]).toBeCloseTo(0.6 * 0.75 ** 2, 12);
    setBlocked(world, [edgeFrom(world, 'S1')], false);
    const atLift = shares(world);
    const rho = 1 - Math.exp(-(1 * world.params.daysPerStep) / 365.25); // shareReversionRate 1 per year
    for (let n = 1; n <= 5; n++) {
      step(world);
      expect(world.edgeDelivered[edgeFrom(world, 'S1')]).toBeCloseTo(world.edgeOrder[edgeFrom(world, 'S1')]!, 12);
      const expected = 0.6 + (atLift[0]! - 0.6) * (1 - rho) ** n;
      expect(shares(world)[0]).toBeCloseTo(expected, 12);
      expect(shares(world)[0]! + shares(world)[1]!).toBeCloseTo(1, 12);
    }
  });

  it('buyers return the share they moved away from a supplier that fell short faster than the rest of the gap (sticky relationships)', () => {
    const quarter = 365.25 / 4;
    const world = substitutionWorld(
      { substitutionRate: 0.25, relationshipMemoryDays: 365, relationshipReturnRate: 4 },
      { s1: 100, s2: 100 },
    );
    const s1 = edgeFrom(world, 'S1');
    setBlocked(world, [s1], true);
    step(world);
    // Lost 0.15 of share, remembered.
    expect(world.edgeLapsedShare[s1]).toBeCloseTo(0.15, 7); // remembered in single precision (world.edgeLapsedShare is a Float32Array)
    step(world);
    // The first loss faded by a quarter of memory, the second (0.1125) is new.
    const remembered = 0.15 * Math.exp(-quarter / 365) + 0.1125;
    expect(world.edgeLapsedShare[s1]).toBeCloseTo(remembered, 7);
    setBlocked(world, [s1], false);
    step(world);
    // The gap is 0.6 − 0.3375 = 0.2625; of it, the remembered part (faded once more) returns at 1 − exp(−4/4), the rest at 1 − exp(−1/4).
    const kept = remembered * Math.exp(-quarter / 365);
    const back = 1 - Math.exp(-(4 * quarter) / 365.25);
    const rho = 1 - Math.exp(-quarter / 365.25);
    const expected = 0.3375 + back * kept + rho * (0.2625 - kept);
    expect(shares(world)[0]).toBeCloseTo(expected, 7); // the remembered share is kept in single precision
    expect(shares(world)[0]! + shares(world)[1]!).toBeCloseTo(1, 14);
    expect(world.edgeLapsedShare[s1]).toBeCloseTo(kept * (1 - back), 7);
    // Without the memory, only rho: the buyer came back faster with it.
    const plain = substitutionWorld({ substitutionRate: 0.25, relationshipReturnRate: 1 }, { s1: 100, s2: 100 });
    setBlocked(plain, [edgeFrom(plain, 'S1')], true);
    step(plain);
    step(plain);
    setBlocked(plain, [edgeFrom(plain, 'S1')], false);
    step(plain);
    expect(shares(plain)[0]).toBeCloseTo(0.3375 + rho * 0.2625, 12);
    expect(shares(world)[0]).toBeGreaterThan(shares(plain)[0]! + 0.05);
  });

  it('with shareReversionRate and relationshipReturnRate 0, shares stay where they are after a block is lifted', () => {
    const world = substitutionWorld({ shareReversionRate: 0, relationshipReturnRate: 0 }, { s1: 100, s2: 100 });
    setBlocked(world, [edgeFrom(world, 'S1')], true);
    step(world);
    step(world);
    setBlocked(world, [edgeFrom(world, 'S1')], false);
    const atLift = shares(world);
    for (let n = 0; n < 5; n++) {
      step(world);
      expect(shares(world)).toEqual(atLift);
    }
  });

  // Regression: `sigma / total` overflowed to Infinity when the only deliveries
  // were subnormal (total < ~1e-308), and shares became Infinity and NaN.
  it('shares stay finite when the only delivery is subnormal', () => {
    const world = substitutionWorld();
    setBlocked(world, [edgeFrom(world, 'S1')], true);
    world.firmCapacity[world.firmIndex.get('S2')!] = 1e-310;
    step(world);
    const [s1, s2] = shares(world);
    expect(Number.isFinite(s1) && Number.isFinite(s2)).toBe(true);
    expect(s1 + s2).toBeCloseTo(1, 9);
  });
});
