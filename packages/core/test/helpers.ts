/*
 * Shared fixtures and checks for the core tests. Not a test file itself
 * (vitest only collects `*.test.ts`).
 */
import type { EngineParams, World, WorldSpec } from '@chokepoint/core';

/** The Float64Array attributes of a world, by name (the struct-of-arrays state). */
export function float64Arrays(world: World): Array<[string, Float64Array]> {
  return Object.entries(world).filter((entry): entry is [string, Float64Array] => entry[1] instanceof Float64Array);
}

/** Largest |x| in an array (0 for an empty one), the scale for absolute tolerances. */
export function maxAbs(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]!));
  return max;
}

/**
 * Indices where `actual` differs from `expected` by more than `rel` relative to
 * the element (with the array's scale as a floor, so exact zeros compare sanely).
 */
export function relativeMismatches(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number): number[] {
  const floor = maxAbs(expected) * rel;
  const bad: number[] = [];
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    if (!(Math.abs(a - b) <= Math.max(rel * Math.abs(b), floor))) bad.push(i);
  }
  return bad;
}

/**
 * A small hand-built supply chain with a diamond, two suppliers per input and
 * final demand in three states:
 *
 *   wafer (raw) ─► chip ─┐
 *   glass (raw) ─────────┴► phone ─► final demand US / CN / EU
 *
 * Steady state by hand (recipe phone = 2 chip + 1 glass, chip = 3 wafer):
 * phone demand 10 + 6 + 4 = 20, chip 40, glass 20, wafer 120.
 */
export function chainSpec(params: Partial<EngineParams> = {}): WorldSpec {
  return {
    states: [{ id: 'US' }, { id: 'CN' }, { id: 'EU' }],
    products: [
      // Listed downstream-first on purpose: createWorld must renumber firms topologically.
      {
        id: 'phone',
        price: 100,
        recipe: [
          { product: 'chip', amount: 2 },
          { product: 'glass', amount: 1 },
        ],
      },
      { id: 'chip', price: 10, recipe: [{ product: 'wafer', amount: 3 }] },
      { id: 'glass', price: 2 },
      { id: 'wafer', price: 1 },
    ],
    firms: [
      { id: 'oemA', state: 'CN', product: 'phone', inventoryDays: 30 },
      { id: 'oemB', state: 'US', product: 'phone' },
      { id: 'fabUS', state: 'US', product: 'chip', inventoryDays: 45 },
      { id: 'fabTW', state: 'CN', product: 'chip' },
      { id: 'glassCN', state: 'CN', product: 'glass' },
      { id: 'glassEU', state: 'EU', product: 'glass', inventoryDays: 0 },
      { id: 'waferUS', state: 'US', product: 'wafer' },
      { id: 'waferEU', state: 'EU', product: 'wafer' },
    ],
    edges: [
      { supplier: 'fabUS', buyer: 'oemA', share: 3 },
      { supplier: 'fabTW', buyer: 'oemA', share: 1 },
      { supplier: 'fabUS', buyer: 'oemB' },
      { supplier: 'glassCN', buyer: 'oemA' },
      { supplier: 'glassEU', buyer: 'oemA' },
      { supplier: 'glassCN', buyer: 'oemB' },
      { supplier: 'waferUS', buyer: 'fabUS', share: 2 },
      { supplier: 'waferEU', buyer: 'fabUS', share: 1 },
      { supplier: 'waferEU', buyer: 'fabTW' },
    ],
    finalDemand: [
      {
        state: 'US',
        product: 'phone',
        quantity: 10,
        suppliers: [
          { firm: 'oemA', share: 1 },
          { firm: 'oemB', share: 1 },
        ],
      },
      { state: 'CN', product: 'phone', quantity: 6, suppliers: [{ firm: 'oemA' }] },
      {
        state: 'EU',
        product: 'phone',
        quantity: 4,
        suppliers: [
          { firm: 'oemA', share: 3 },
          { firm: 'oemB', share: 1 },
        ],
      },
    ],
    params,
  };
}

/** A deep copy of a world's typed arrays, to compare a later state with. */
export function snapshotArrays(world: World): Map<string, Float64Array> {
  return new Map(float64Arrays(world).map(([name, values]) => [name, values.slice()]));
}

/**
 * Engine parameters that hold prices and final demand at their base values, for tests of the
 * quantity mechanisms (ARIO production, rationing, substitution, search) on their own: with no
 * scarcity pricing, no demand elasticity and no tariff, no price ever moves. Seller search is off
 * too, so a seller that loses orders does not open new routes.
 */
export const FIXED_PRICES: Partial<EngineParams> = {
  priceFlexibility: 0,
  discountFlexibility: 0,
  demandElasticity: 0,
  sellerSearch: false,
};
