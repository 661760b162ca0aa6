import { describe, expect, it } from 'vitest';
import { LICENCE_GRANTED, LICENCE_PENDING, createWorld, step, type MeasureSpec, type World } from '@chokepoint/core';
import { QUIET, twoBlocs } from './fixtures.js';

/*
 * Licences for a quantity (policy/licenceQuantity.ts): a granted licence covers `quantityDays` of
 * the edge's share of its buyer's need; orders are capped at what is left, deliveries draw it
 * down, and a used-up licence lapses, so the buyer applies again and waits a new review.
 */

const MONTH = 365.25 / 12;

/** CN licenses gallium exports (approved with probability 0.999: the draws grant them all), decided at once. */
function galliumWorld(measure: Partial<MeasureSpec> = {}): World {
  const licensing: MeasureSpec = {
    type: 'mineral_export_licensing',
    issuer: 'CN',
    products: ['gallium'],
    licence: 0.999,
    reviewDays: 0,
    ...measure,
  };
  return createWorld(twoBlocs({ measures: [licensing], policy: QUIET, params: { daysPerStep: MONTH } }), 1);
}

/** The licensed edges (approval probability below 1), by supplier and slot so they can be found after a network change. */
function licensed(world: World): Array<{ supplier: number; slot: number }> {
  const out: Array<{ supplier: number; slot: number }> = [];
  for (let e = 0; e < world.edgeSupplier.length; e++)
    if (world.edgeLicenceProbability[e]! < 1) out.push({ supplier: world.edgeSupplier[e]!, slot: world.edgeSlot[e]! });
  return out;
}

function edgeAt(world: World, at: { supplier: number; slot: number }): number {
  for (let e = world.slotEdgeStart[at.slot]!; e < world.slotEdgeStart[at.slot + 1]!; e++)
    if (world.edgeSupplier[e] === at.supplier) return e;
  throw new Error('edge gone');
}

const keyOf = (world: World, at: { supplier: number; slot: number }): number =>
  at.slot * world.firmIds.length + at.supplier;

describe('licences for a quantity', () => {
  it("grants quantityDays of the edge's share of its buyer's need, and never ships more than is left", () => {
    const world = galliumWorld({ quantityDays: 45 });
    step(world);
    const edges = licensed(world);
    expect(edges.length).toBeGreaterThan(0);
    for (const at of edges) {
      const e = edgeAt(world, at);
      expect(world.edgeLicenceState[e]).toBe(LICENCE_GRANTED);
      const entry = world.policy.licenceAllowance.get(keyOf(world, at))!;
      // 45 days at monthly steps: 1.48 steps of the slot's need times the edge's share of it.
      const slot = at.slot;
      const owner = world.slotOwner[slot]!;
      const need =
        slot < world.firmSlotCount
          ? world.slotAmount[slot]! * Math.max(world.firmBaseDemand[owner]!, world.firmExpectedDemand[owner]!)
          : world.slotAmount[slot]!;
      expect(entry.granted).toBeGreaterThan(0);
      expect(entry.granted).toBeLessThanOrEqual((45 / MONTH) * need * (1 + 1e-12));
    }
    // Over the run, the deliveries under each grant never exceed what it covers, and they use it up.
    const shippedUnder = new Map<object, number>();
    let lapses = 0;
    for (let t = 1; t < 12; t++) {
      const held = new Set(world.policy.licenceAllowance.values());
      step(world);
      for (const at of edges) {
        const entry = world.policy.licenceAllowance.get(keyOf(world, at));
        if (entry === undefined) continue;
        if (!held.has(entry) && t > 1) lapses++; // a new grant: the last one was used up
        const shipped = (shippedUnder.get(entry) ?? 0) + world.edgeDelivered[edgeAt(world, at)]!;
        shippedUnder.set(entry, shipped);
        expect(shipped).toBeLessThanOrEqual(entry.granted * (1 + 1e-9));
        expect(entry.left).toBeGreaterThanOrEqual(0);
      }
    }
    expect(lapses).toBeGreaterThan(0);
  });

  it('a used-up licence lapses: the buyer applies again and waits a new review, where a licence for a period runs on', () => {
    // 20 days of need a licence, 61 days (2 monthly steps) of review for the next one.
    const quantity = galliumWorld({ quantityDays: 20, reviewDays: 61 });
    const period = galliumWorld({ reviewDays: 61 });
    for (let t = 0; t < 3; t++) {
      step(quantity);
      step(period);
    }
    // Step 2: both decided (granted); the quantity licence is capped at 20 days' worth.
    const edges = licensed(quantity);
    const states = (world: World): number[] => edges.map((at) => world.edgeLicenceState[edgeAt(world, at)]!);
    expect(states(quantity).every((s) => s === LICENCE_GRANTED)).toBe(true);
    expect(states(period).every((s) => s === LICENCE_GRANTED)).toBe(true);
    const shipped = (world: World): number =>
      edges.reduce((sum, at) => sum + world.edgeDelivered[edgeAt(world, at)]!, 0);
    expect(shipped(quantity)).toBeGreaterThan(0);
    expect(shipped(quantity)).toBeLessThan(shipped(period)); // 20 days' worth, less than a month's need
    step(quantity);
    step(period);
    // Step 3: the quantity was shipped, so the buyers applied again and wait; nothing flows meanwhile.
    expect(states(quantity).filter((s) => s === LICENCE_PENDING).length).toBeGreaterThan(0);
    for (const at of edges) {
      const e = edgeAt(quantity, at);
      if (quantity.edgeLicenceState[e] === LICENCE_PENDING) {
        expect(quantity.edgeDelivered[e]).toBe(0);
        expect(quantity.edgeLicenceUntil[e]).toBe(5); // reviewed until step 3 + 2
      }
    }
    // The licence for a period runs on and keeps shipping.
    expect(states(period).every((s) => s === LICENCE_GRANTED)).toBe(true);
    expect(shipped(period)).toBeGreaterThan(0);
  });

  it('a quantity larger than the run ships what a licence for a period ships (the boundary)', () => {
    const large = galliumWorld({ quantityDays: 36500 });
    const none = galliumWorld();
    for (let t = 0; t < 8; t++) {
      step(large);
      step(none);
    }
    expect(Array.from(large.edgeDelivered)).toEqual(Array.from(none.edgeDelivered));
    expect(Array.from(large.firmOutput)).toEqual(Array.from(none.firmOutput));
  });

  it('rejects a quantity below one day with the field and the received value', () => {
    expect(() => galliumWorld({ quantityDays: 0 })).toThrow(/quantityDays/);
  });
});
