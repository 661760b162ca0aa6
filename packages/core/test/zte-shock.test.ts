import { describe, expect, it } from 'vitest';
import {
  createWorld,
  run,
  selectEdges,
  setBlocked,
  simulate,
  type MetricRow,
  type World,
  type WorldSpec,
} from '@chokepoint/core';
import { FIXED_PRICES } from './helpers.js';

/*
 * A ZTE-like shock (denial order of 15 April 2018, lifted 13 July: 13 weeks).
 * A telecom-equipment maker whose chips come only from US suppliers loses all
 * of them. With weekly steps and a target inventory of d days, it keeps
 * producing from stock for d/7 steps, produces nothing after, and recovers
 * once the order is lifted.
 *
 * Prices are held fixed (FIXED_PRICES): this tests the inventory mechanics alone.
 * Hand-worked numbers: ZTE makes 100 units a step for final demand in CN;
 * each unit takes 2 chips, so it uses 200 chips a step and holds
 * (d/7)·200 chips at the start. Its two US chip suppliers each have
 * capacity 110 (10% spare over 100), so after the lift they can ship 220
 * chips at once, enough for full output.
 */

const BASELINE = 100;
const CHIPS_PER_UNIT = 2;
const USE = BASELINE * CHIPS_PER_UNIT;
const CUT_AFTER = 4; // the order takes effect in step 5
const CUT_WEEKS = 13;
const LIFT_AFTER = CUT_AFTER + CUT_WEEKS; // chips flow again in step 18
const STEPS = 40;

function zteSpec(inventoryDays: number): WorldSpec {
  return {
    states: [{ id: 'US' }, { id: 'CN' }, { id: 'EU' }],
    products: [
      { id: 'wafer' },
      { id: 'board' },
      { id: 'chip', price: 20, recipe: [{ product: 'wafer', amount: 1 }] },
      {
        id: 'telecom',
        price: 500,
        recipe: [
          { product: 'chip', amount: CHIPS_PER_UNIT },
          { product: 'board', amount: 1 },
        ],
      },
    ],
    firms: [
      { id: 'waferUS', state: 'US', product: 'wafer' },
      { id: 'boardCN', state: 'CN', product: 'board' },
      { id: 'qualcomm', state: 'US', product: 'chip' },
      { id: 'broadcom', state: 'US', product: 'chip' },
      // A Chinese chip maker exists but does not supply ZTE.
      { id: 'smic', state: 'CN', product: 'chip' },
      { id: 'ZTE', state: 'CN', product: 'telecom', inventoryDays },
      { id: 'huawei', state: 'CN', product: 'telecom' },
    ],
    edges: [
      { supplier: 'waferUS', buyer: 'qualcomm' },
      { supplier: 'waferUS', buyer: 'broadcom' },
      { supplier: 'waferUS', buyer: 'smic' },
      { supplier: 'qualcomm', buyer: 'ZTE' },
      { supplier: 'broadcom', buyer: 'ZTE' },
      { supplier: 'boardCN', buyer: 'ZTE' },
      { supplier: 'smic', buyer: 'huawei' },
      { supplier: 'boardCN', buyer: 'huawei' },
    ],
    finalDemand: [
      { state: 'CN', product: 'telecom', quantity: BASELINE, suppliers: [{ firm: 'ZTE' }] },
      { state: 'EU', product: 'telecom', quantity: 50, suppliers: [{ firm: 'huawei' }] },
    ],
    params: { ...FIXED_PRICES, daysPerStep: 7, inventoryDays: 14 },
  };
}

/** Blocks ZTE's chip inputs for 13 weeks. */
function denialOrder(world: World): void {
  if (world.step !== CUT_AFTER && world.step !== LIFT_AFTER) return;
  const chips = selectEdges(world, { buyer: 'ZTE', product: 'chip' });
  setBlocked(world, chips, world.step === CUT_AFTER);
}

function series(rows: MetricRow[], kind: string, entity: string, variable: string): number[] {
  const out = rows
    .filter((r) => r.entityKind === kind && r.entity === entity && r.variable === variable)
    .map((r) => r.value);
  expect(out).toHaveLength(STEPS);
  return out;
}

/** Output in metric step `k` (1-based: after the k-th step). */
const at = (values: number[], k: number): number => values[k - 1]!;

describe('ZTE-like shock: all chip inputs of one firm cut for 13 weeks', () => {
  it('the cut selects exactly the US chip edges into ZTE', () => {
    const world = createWorld(zteSpec(28), 1);
    const chips = selectEdges(world, { buyer: 'ZTE', product: 'chip' });
    const suppliers = Array.from(chips, (e) => world.firmIds[world.edgeSupplier[e]!]).sort();
    expect(suppliers).toEqual(['broadcom', 'qualcomm']);
    expect(Array.from(selectEdges(world, { buyer: 'ZTE', supplierState: 'US' }))).toEqual(Array.from(chips));
  });

  for (const inventoryDays of [14, 21, 28]) {
    it(`with ${inventoryDays} days of inventory: output holds for ${inventoryDays / 7} weeks, then stops, and recovers after the lift`, () => {
      const rows = simulate(zteSpec(inventoryDays), { steps: STEPS, seed: 1, beforeStep: denialOrder }).metrics.rows();
      const output = series(rows, 'firm', 'ZTE', 'output');
      const stockSteps = inventoryDays / 7;

      for (let k = 1; k <= CUT_AFTER; k++) expect(at(output, k)).toBeCloseTo(BASELINE, 9);
      // Not before the stock is used up: full output while the stock lasts.
      for (let k = 1; k <= stockSteps; k++) expect(at(output, CUT_AFTER + k)).toBeCloseTo(BASELINE, 9);
      // Near zero (< 5%) within inventoryDays/7 + 1 steps of the cut, and zero for the rest of it.
      const firstDown = output.findIndex((x, i) => i + 1 > CUT_AFTER && x < 0.05 * BASELINE) + 1;
      expect(firstDown - CUT_AFTER).toBe(stockSteps + 1);
      for (let k = CUT_AFTER + stockSteps + 1; k <= LIFT_AFTER; k++) expect(at(output, k)).toBeLessThan(1e-9);

      // Recovery: suppliers with 10% spare capacity ship 220 ≥ 200 chips in the
      // first step after the lift, so output is back at once, and stays.
      const firstBack = output.findIndex((x, i) => i + 1 > LIFT_AFTER && x >= 0.95 * BASELINE) + 1;
      expect(firstBack).toBe(LIFT_AFTER + 1);
      for (let k = LIFT_AFTER + 1; k <= STEPS; k++) expect(at(output, k)).toBeGreaterThanOrEqual(0.95 * BASELINE);

      // Downstream: CN's final demand (served by ZTE alone) goes unmet during the cut.
      const demanded = series(rows, 'state', 'CN', 'final_demand');
      const met = series(rows, 'state', 'CN', 'final_demand_met');
      expect(at(demanded, 1)).toBeCloseTo(BASELINE * 500, 6);
      for (let k = CUT_AFTER + stockSteps + 1; k <= LIFT_AFTER; k++) expect(at(met, k)).toBeLessThan(1e-9);
      expect(at(met, LIFT_AFTER + 1)).toBeCloseTo(at(demanded, LIFT_AFTER + 1), 6);
      // Huawei, not cut, is untouched, and so is EU's final demand.
      for (const x of series(rows, 'firm', 'huawei', 'output')) expect(x).toBeCloseTo(50, 9);
      for (const x of series(rows, 'state', 'EU', 'final_demand_met')) expect(x).toBeCloseTo(50 * 500, 6);
    });
  }

  it('stocks run down at the rate of use, and the unplaced need grows as they fall (28 days)', () => {
    const chipSlot = (world: World): number => world.firmSlotStart[world.firmIndex.get('ZTE')!]!; // chip is ZTE's first input
    const stocks: number[] = [];
    const unplaced: number[] = [];
    const coverDays: number[] = [];
    for (const frame of run(zteSpec(28), { steps: CUT_AFTER + 6, seed: 1, beforeStep: denialOrder })) {
      const s = chipSlot(frame.world);
      stocks.push(frame.world.slotStock[s]!);
      unplaced.push(frame.world.slotUnplaced[s]!);
      coverDays.push(frame.metrics.find((r) => r.entity === 'ZTE' && r.variable === 'inventory_days')!.value);
    }
    const cut = (values: number[]): number[] => values.slice(CUT_AFTER);
    // Start: 4 weeks of use = 800 chips; then 600, 400, 200, 0 and 0.
    const expectedStock = [600, 400, 200, 0, 0, 0];
    cut(stocks).forEach((x, i) => expect(x).toBeCloseTo(expectedStock[i]!, 9));
    cut(coverDays).forEach((x, i) => expect(x).toBeCloseTo((expectedStock[i]! / USE) * 7, 9));
    // need = use + (target − stock) / τ with τ = 1 step; nothing can be placed.
    const stockBefore = [800, ...expectedStock];
    cut(unplaced).forEach((x, i) => expect(x).toBeCloseTo(USE + (800 - stockBefore[i]!), 9));
    for (const x of unplaced.slice(0, CUT_AFTER)) expect(x).toBe(0);
  });

  it('with 24 days of inventory, the last partial week of stock gives partial output', () => {
    const rows = simulate(zteSpec(24), { steps: STEPS, seed: 1, beforeStep: denialOrder }).metrics.rows();
    const output = series(rows, 'firm', 'ZTE', 'output');
    // 24/7 weeks of stock = 685.7 chips: three full weeks, then (685.7 − 600) / 2 units.
    const partial = ((24 / 7) * USE - 3 * USE) / CHIPS_PER_UNIT;
    expect(at(output, CUT_AFTER + 3)).toBeCloseTo(BASELINE, 9);
    expect(at(output, CUT_AFTER + 4)).toBeCloseTo(partial, 9);
    expect(at(output, CUT_AFTER + 5)).toBeLessThan(1e-9);
  });

  it('without the cut nothing happens (the shock, not the setup, causes the fall)', () => {
    const rows = simulate(zteSpec(28), { steps: STEPS, seed: 1 }).metrics.rows();
    for (const x of series(rows, 'firm', 'ZTE', 'output')) expect(x).toBeCloseTo(BASELINE, 9);
  });
});
