import { describe, expect, it } from 'vitest';
import {
  createWorld,
  generateWorld,
  step,
  type EngineParams,
  type RationingRule,
  type World,
  type WorldSpec,
} from '@chokepoint/core';
import { chainSpec, relativeMismatches, snapshotArrays } from './helpers.js';

/*
 * With no shock, a world built by createWorld sits at its steady state: stocks
 * at target, orders equal to use, output equal to demand. Each step must then
 * reproduce the same state, prices included, to 1e-9 relative.
 */

const STEPS = 40;
const REL = 1e-9;

/** The attributes that describe the state a balanced world must keep. */
const KEPT = [
  'firmOutput',
  'firmDemand',
  'firmExpectedDemand',
  'firmFillRate',
  'firmOverproduction',
  'slotStock',
  'edgeShare',
  // Prices: with no shock, orders equal their baseline and costs their base, so no price moves.
  'firmPrice',
  'firmScarcity',
  'slotPrice',
] as const;

/** Attributes that are only filled by the first step; compare from step 1 on. */
const PER_STEP = ['edgeOrder', 'edgeDelivered', 'slotReceived', 'slotOrdered', 'slotUsed'] as const;

function expectStays(spec: WorldSpec, seed: number): void {
  const world = createWorld(spec, seed);
  const initial = snapshotArrays(world);
  step(world);
  const first = snapshotArrays(world);
  for (let t = 1; t <= STEPS; t++) {
    if (t > 1) step(world);
    for (const name of KEPT) {
      const bad = relativeMismatches(world[name], initial.get(name)!, REL);
      expect(bad, `${name} drifted at step ${t} (indices ${bad.slice(0, 5).join(', ')})`).toEqual([]);
    }
    for (const name of PER_STEP) {
      const bad = relativeMismatches(world[name], first.get(name)!, REL);
      expect(bad, `${name} changed at step ${t}`).toEqual([]);
    }
    // Nothing goes unplaced or short in a balanced world.
    expect(Math.max(...world.slotUnplaced)).toBe(0);
  }
  expectFlowsBalance(world);
}

/** Every order is delivered in full, and each final-demand slot receives its quantity. */
function expectFlowsBalance(world: World): void {
  for (let e = 0; e < world.edgeOrder.length; e++) {
    expect(world.edgeDelivered[e]).toBeCloseTo(world.edgeOrder[e]!, 9);
  }
  for (let s = world.firmSlotCount; s < world.slotOwner.length; s++) {
    const quantity = world.slotAmount[s]!;
    expect(Math.abs(world.slotReceived[s]! - quantity)).toBeLessThanOrEqual(REL * quantity);
  }
}

describe('a balanced world with no shock stays where it started', () => {
  const rules: RationingRule[] = ['proportional', 'priority', 'random'];
  const timings: Array<Partial<EngineParams>> = [
    {}, // quarterly steps, inventory shorter than a step, tau = 1 step
    { daysPerStep: 7, inventoryDays: 28 }, // weekly steps
    { daysPerStep: 1, inventoryRestoreDays: 6 }, // daily steps: tau = 6 steps
    { daysPerStep: 30, inventoryDays: 90, spareCapacity: 0, substitutionRate: 1 }, // no spare capacity at all
  ];

  for (const rule of rules) {
    for (const timing of timings) {
      it(`hand-built chain, ${rule} rationing, ${JSON.stringify(timing)}`, () => {
        expectStays(chainSpec({ ...timing, rationing: rule }), 7);
      });
    }
  }

  it('starts at the hand-computed steady state of the chain', () => {
    const world = createWorld(chainSpec(), 1);
    const output = (id: string): number => world.firmOutput[world.firmIndex.get(id)!]!;
    // See chainSpec: phones 14 + 6, chips 33 + 7, glass 13 + 7, wafers 66 + 54.
    expect([output('oemA'), output('oemB')]).toEqual([14, 6]);
    expect([output('fabUS'), output('fabTW')]).toEqual([33, 7]);
    expect([output('glassCN'), output('glassEU')]).toEqual([13, 7]);
    expect([output('waferUS'), output('waferEU')]).toEqual([66, 54]);
  });

  const degrees = ['fixed', 'poisson', 'powerlaw'] as const;
  for (const degree of degrees) {
    for (const seed of [1, 2, 3]) {
      it(`synthetic world, ${degree} degrees, seed ${seed}`, () => {
        const spec = generateWorld({
          states: 3,
          firms: 60,
          products: 8,
          degree,
          seed,
          params: seed === 2 ? { daysPerStep: 7, inventoryDays: 21, rationing: 'random' } : {},
        });
        expectStays(spec, seed);
      });
    }
  }

  it('a world whose capacities are given above demand stays too', () => {
    const spec = chainSpec({ daysPerStep: 7 });
    const capacities: Record<string, number> = {
      oemA: 20,
      oemB: 6,
      fabUS: 40,
      fabTW: 70,
      glassCN: 13,
      glassEU: 8,
      waferUS: 66,
      waferEU: 100,
    };
    for (const firm of spec.firms) firm.capacity = capacities[firm.id];
    expectStays(spec, 3);
  });
});
