import { describe, expect, it } from 'vitest';
import {
  MetricsTable,
  generateWorld,
  recordMetrics,
  run,
  selectEdges,
  setBlocked,
  setTariff,
  simulate,
  createWorld,
  type MetricRow,
  type World,
  type WorldSpec,
} from '@chokepoint/core';

/*
 * Metrics are tidy rows (step, entityKind, entity, variable, value) that add
 * up: states are sums of their firms, flows are sums of deliveries, exports
 * balance imports world-wide, and the national accounts close: value added
 * plus tariff revenue equals final spending plus inventory investment.
 *
 * World: oem (CN) makes phones (price 100) from 2 chips (price 5) each,
 * bought half from fab (US) and half from fabEU (EU). Final demand: 6 phones
 * in the US, 4 in CN. Steady state by hand: 10 phones, 10 + 10 chips.
 */
function tradeSpec(): WorldSpec {
  return {
    states: [{ id: 'US' }, { id: 'CN' }, { id: 'EU' }],
    products: [
      { id: 'chip', price: 5 },
      { id: 'phone', price: 100, recipe: [{ product: 'chip', amount: 2 }] },
    ],
    firms: [
      { id: 'fab', state: 'US', product: 'chip' },
      { id: 'fabEU', state: 'EU', product: 'chip' },
      { id: 'oem', state: 'CN', product: 'phone' },
    ],
    edges: [
      { supplier: 'fab', buyer: 'oem' },
      { supplier: 'fabEU', buyer: 'oem' },
    ],
    finalDemand: [
      { state: 'US', product: 'phone', quantity: 6 },
      { state: 'CN', product: 'phone', quantity: 4 },
    ],
  };
}

const value = (rows: MetricRow[], kind: string, entity: string, variable: string): number => {
  const found = rows.filter((r) => r.entityKind === kind && r.entity === entity && r.variable === variable);
  expect(found, `${kind} ${entity} ${variable}`).toHaveLength(1);
  return found[0]!.value;
};

/** Checks that one step's rows add up, against the world they were recorded from. */
function expectConsistent(world: World, rows: MetricRow[]): void {
  const tol = (x: number): number => 1e-9 * Math.max(1, Math.abs(x));
  const close = (a: number, b: number, what: string): void => {
    expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(tol(b));
  };
  const keys = rows.map((r) => `${r.entityKind}/${r.entity}/${r.variable}`);
  expect(new Set(keys).size).toBe(keys.length); // one value per entity and variable
  for (const r of rows) {
    expect(r.step).toBe(world.step);
    expect(Number.isFinite(r.value)).toBe(true);
  }

  const price = (f: number): number => world.productPrice[world.firmProduct[f]!]!;
  const stateOutput = new Map<string, number>(world.stateIds.map((s) => [s, 0]));
  const stateValueAdded = new Map<string, number>(world.stateIds.map((s) => [s, 0]));
  for (let f = 0; f < world.firmIds.length; f++) {
    const id = world.firmIds[f]!;
    const output = value(rows, 'firm', id, 'output');
    expect(output).toBe(world.firmOutput[f]);
    close(value(rows, 'firm', id, 'shortage'), value(rows, 'firm', id, 'demand') - output, `${id} shortage`);
    expect(value(rows, 'firm', id, 'price')).toBe(world.firmPrice[f]);
    close(value(rows, 'firm', id, 'revenue'), output * world.firmPrice[f]!, `${id} revenue`);
    // Value added: sales less the inputs used, each valued at what the firm paid for it this step.
    let used = 0;
    for (let s = world.firmSlotStart[f]!; s < world.firmSlotStart[f + 1]!; s++)
      used += world.slotUsed[s]! * world.slotPrice[s]!;
    close(value(rows, 'firm', id, 'value_added'), output * world.firmPrice[f]! - used, `${id} value added`);
    const state = world.stateIds[world.firmState[f]!]!;
    stateOutput.set(state, stateOutput.get(state)! + output * price(f));
    stateValueAdded.set(state, stateValueAdded.get(state)! + output * world.firmPrice[f]! - used);
  }
  let worldOutput = 0;
  for (const [state, output] of stateOutput) {
    close(value(rows, 'state', state, 'output'), output, `${state} output`);
    close(value(rows, 'state', state, 'value_added'), stateValueAdded.get(state)!, `${state} value added`);
    worldOutput += output;
    expect(value(rows, 'state', state, 'final_demand_met')).toBeLessThanOrEqual(
      value(rows, 'state', state, 'final_demand') * (1 + 1e-12),
    );
  }
  close(value(rows, 'world', 'world', 'output'), worldOutput, 'world output');

  // Flows, recomputed from the edges: deliveries by (from, to, product) at the sellers' prices, at
  // base prices, and at the buyers' duty-inclusive prices; and the accounts' parts, by state.
  const flows = new Map<string, { value: number; volume: number; paid: number; units: number; tariffed: number }>();
  const duty = new Map<string, number>(world.stateIds.map((s) => [s, 0]));
  let finalSpending = 0;
  let purchases = 0;
  for (let e = 0; e < world.edgeSupplier.length; e++) {
    const supplier = world.edgeSupplier[e]!;
    const slot = world.edgeSlot[e]!;
    const to =
      slot < world.firmSlotCount
        ? world.firmState[world.slotOwner[slot]!]!
        : world.finalDemandState[world.slotOwner[slot]!]!;
    const name = `${world.stateIds[world.firmState[supplier]!]}>${world.stateIds[to]}:${world.productIds[world.firmProduct[supplier]!]}`;
    const flow = flows.get(name) ?? { value: 0, volume: 0, paid: 0, units: 0, tariffed: 0 };
    const delivered = world.edgeDelivered[e]!;
    const atSellerPrice = delivered * world.firmPrice[supplier]!;
    const tariff = world.edgeTariff[e]!;
    flow.value += atSellerPrice;
    flow.volume += delivered * price(supplier);
    flow.paid += atSellerPrice * (1 + tariff);
    flow.units += delivered;
    if (tariff > 0) flow.tariffed += delivered;
    flows.set(name, flow);
    duty.set(world.stateIds[to]!, duty.get(world.stateIds[to]!)! + atSellerPrice * tariff);
    if (slot < world.firmSlotCount) purchases += atSellerPrice * (1 + tariff);
    else finalSpending += atSellerPrice * (1 + tariff);
  }
  const flowRows = rows.filter((r) => r.entityKind === 'flow');
  for (const r of flowRows)
    expect(['trade_value', 'trade_volume', 'buyer_price', 'pass_through']).toContain(r.variable);
  const flowValue = flowRows.filter((r) => r.variable === 'trade_value');
  expect(flowValue.map((r) => r.entity).sort()).toEqual([...flows.keys()].sort()); // every possible flow, even if 0
  for (const r of flowValue) {
    const flow = flows.get(r.entity)!;
    close(r.value, flow.value, `flow ${r.entity}`);
    close(value(rows, 'flow', r.entity, 'trade_volume'), flow.volume, `flow ${r.entity} volume`);
    if (flow.units > 0)
      close(value(rows, 'flow', r.entity, 'buyer_price'), flow.paid / flow.units, `flow ${r.entity} buyer price`);
    // pass_through exists exactly while a tariff is on a flow that moves.
    expect(
      flowRows.some((x) => x.entity === r.entity && x.variable === 'pass_through'),
      `flow ${r.entity} pass_through`,
    ).toBe(flow.tariffed > 0);
  }

  // Exports and imports are the cross-border flows, and balance world-wide.
  let exports = 0;
  let imports = 0;
  for (const state of world.stateIds) {
    const out = flowValue
      .filter((r) => r.entity.startsWith(`${state}>`) && !r.entity.startsWith(`${state}>${state}:`))
      .reduce((a, r) => a + r.value, 0);
    const into = flowValue
      .filter((r) => r.entity.includes(`>${state}:`) && !r.entity.startsWith(`${state}>`))
      .reduce((a, r) => a + r.value, 0);
    close(value(rows, 'state', state, 'exports'), out, `${state} exports`);
    close(value(rows, 'state', state, 'imports'), into, `${state} imports`);
    close(value(rows, 'state', state, 'tariff_revenue'), duty.get(state)!, `${state} tariff revenue`);
    exports += out;
    imports += into;
  }
  close(exports, imports, 'world exports vs imports');

  // The accounts close: value added + tariff revenue = final spending + inventory investment
  // (purchases of inputs less the inputs used), world-wide.
  let income = 0;
  for (const state of world.stateIds)
    income += value(rows, 'state', state, 'value_added') + value(rows, 'state', state, 'tariff_revenue');
  let used = 0;
  for (let s = 0; s < world.firmSlotCount; s++) used += world.slotUsed[s]! * world.slotPrice[s]!;
  close(income, finalSpending + purchases - used, 'value added + tariffs vs spending + inventory investment');
}

describe('metrics', () => {
  it('steady-state rows have the hand-computed values', () => {
    const rows = simulate(tradeSpec(), { steps: 1 }).metrics.rows();
    expect(value(rows, 'firm', 'oem', 'output')).toBeCloseTo(10, 12);
    expect(value(rows, 'firm', 'fab', 'output')).toBeCloseTo(10, 12);
    expect(value(rows, 'firm', 'oem', 'revenue')).toBeCloseTo(1000, 10);
    expect(value(rows, 'firm', 'oem', 'shortage')).toBeCloseTo(0, 12);
    expect(value(rows, 'firm', 'oem', 'inventory_days')).toBeCloseTo(15, 10); // the default target
    expect(value(rows, 'state', 'US', 'output')).toBeCloseTo(50, 10);
    expect(value(rows, 'state', 'EU', 'output')).toBeCloseTo(50, 10);
    expect(value(rows, 'state', 'CN', 'output')).toBeCloseTo(1000, 10);
    expect(value(rows, 'flow', 'US>CN:chip', 'trade_value')).toBeCloseTo(50, 10);
    expect(value(rows, 'flow', 'EU>CN:chip', 'trade_value')).toBeCloseTo(50, 10);
    expect(value(rows, 'flow', 'CN>US:phone', 'trade_value')).toBeCloseTo(600, 10);
    expect(value(rows, 'flow', 'CN>CN:phone', 'trade_value')).toBeCloseTo(400, 10);
    expect(value(rows, 'state', 'CN', 'exports')).toBeCloseTo(600, 10);
    expect(value(rows, 'state', 'CN', 'imports')).toBeCloseTo(100, 10);
    expect(value(rows, 'state', 'US', 'imports')).toBeCloseTo(600, 10);
    expect(value(rows, 'state', 'EU', 'imports')).toBe(0);
    expect(value(rows, 'state', 'US', 'final_demand')).toBeCloseTo(600, 10);
    expect(value(rows, 'state', 'US', 'final_demand_met')).toBeCloseTo(600, 10);
    expect(value(rows, 'world', 'world', 'output')).toBeCloseTo(1100, 10);
    expect(value(rows, 'world', 'world', 'final_demand_met_share')).toBeCloseTo(1, 12);
    expect(value(rows, 'state', 'CN', 'tariff_revenue')).toBe(0);
    // Value added at base prices: oem sells 10 phones at 100 and uses 20 chips at 5; the fabs have no inputs.
    expect(value(rows, 'state', 'CN', 'value_added')).toBeCloseTo(900, 10);
    expect(value(rows, 'state', 'US', 'value_added')).toBeCloseTo(50, 10);
    expect(value(rows, 'state', 'CN', 'cpi')).toBeCloseTo(1, 12);
    expect(value(rows, 'state', 'CN', 'welfare')).toBeCloseTo(900, 10);
    expect(value(rows, 'world', 'world', 'welfare')).toBeCloseTo(1000, 10);
    expect(value(rows, 'firm', 'oem', 'price')).toBe(100);
    expect(value(rows, 'flow', 'CN>US:phone', 'buyer_price')).toBe(100);
    expect(value(rows, 'state_product', 'CN:chip', 'price_index')).toBeCloseTo(1, 12);
    expect(value(rows, 'product', 'phone', 'price_index')).toBeCloseTo(1, 12);
  });

  it('rows add up every step under a block and a tariff, and the row set is stable', () => {
    const shock = (world: World): void => {
      if (world.step === 2) setTariff(world, selectEdges(world, { supplier: 'fab' }), 0.25);
      if (world.step === 4) setBlocked(world, selectEdges(world, { supplierState: 'EU' }), true);
      if (world.step === 8) setBlocked(world, selectEdges(world, { supplierState: 'EU' }), false);
    };
    const frames = run(tradeSpec(), { steps: 12, seed: 1, beforeStep: shock });
    let keysOfFirst: string[] | undefined;
    for (const { world, metrics } of frames) {
      expectConsistent(world, metrics);
      // Same rows, same order, every step; a flow's pass_through only while a tariff is on it.
      const keys = metrics
        .filter((r) => r.variable !== 'pass_through')
        .map((r) => `${r.entityKind}/${r.entity}/${r.variable}`);
      keysOfFirst ??= keys;
      expect(keys).toEqual(keysOfFirst);
      if (world.step > 4 && world.step <= 8) {
        // The blocked flow is recorded as 0, not dropped.
        expect(value(metrics, 'flow', 'EU>CN:chip', 'trade_value')).toBe(0);
        expect(value(metrics, 'state', 'EU', 'exports')).toBe(0);
      }
      if (world.step > 2) {
        // CN pays 25% on the value of chips it receives from fab.
        const chips = value(metrics, 'flow', 'US>CN:chip', 'trade_value');
        expect(chips).toBeGreaterThan(0);
        expect(value(metrics, 'state', 'CN', 'tariff_revenue')).toBeCloseTo(0.25 * chips, 9);
      }
    }
    expect(keysOfFirst?.length).toBeGreaterThan(0);
  });

  // Regression: a firm's `inventory_days` row used to be left out while its
  // expected use was 0, leaving holes in the tidy step × entity panel.
  it('the firm row set is stable too, even while a firm has no demand', () => {
    const cutBuyers = (world: World): void => {
      if (world.step === 2) setBlocked(world, selectEdges(world, { supplier: 'oem' }), true);
    };
    const keys = [...run(tradeSpec(), { steps: 5, seed: 1, beforeStep: cutBuyers })].map(({ metrics }) =>
      metrics.map((r) => `${r.entityKind}/${r.entity}/${r.variable}`),
    );
    for (const k of keys) expect(k).toEqual(keys[0]);
  });

  it('rows add up on a synthetic world under damage', () => {
    const spec = generateWorld({ states: 4, firms: 40, products: 5, seed: 9 });
    spec.firms.forEach((firm, f) => f % 3 === 0 && (firm.damage = 0.5));
    for (const { world, metrics } of run(spec, { steps: 5, seed: 2 })) expectConsistent(world, metrics);
  });

  it('record options leave out what they turn off', () => {
    const kinds = (options: Parameters<typeof recordMetrics>[2]): Set<string> => {
      const world = createWorld(tradeSpec(), 1);
      const table = new MetricsTable();
      recordMetrics(world, table, options);
      return new Set(table.rows().map((r) => r.entityKind));
    };
    expect(kinds({})).toEqual(new Set(['firm', 'state', 'flow', 'world', 'state_product', 'product']));
    expect(kinds({ firms: false })).toEqual(new Set(['state', 'flow', 'world', 'state_product', 'product']));
    expect(kinds({ flows: false, states: false })).toEqual(new Set(['firm', 'world']));
    expect(kinds({ firms: [] })).toEqual(new Set(['state', 'flow', 'world', 'state_product', 'product']));
  });

  it('records the firms a list names, and only those, with the same values as all firms', () => {
    const rows = (firms: boolean | string[]): MetricRow[] =>
      simulate(tradeSpec(), { steps: 2, seed: 1, record: { firms } }).metrics.rows();
    const all = rows(true).filter((r) => r.entityKind === 'firm');
    const some = rows(['oem', 'fab', 'nope']).filter((r) => r.entityKind === 'firm');
    expect(new Set(some.map((r) => r.entity))).toEqual(new Set(['oem', 'fab']));
    expect(some).toEqual(all.filter((r) => r.entity === 'oem' || r.entity === 'fab'));
    // The other rows do not change.
    expect(rows(['oem']).filter((r) => r.entityKind !== 'firm')).toEqual(
      rows(false).filter((r) => r.entityKind !== 'firm'),
    );
  });

  it('MetricsTable stores columns and gives rows from an index on', () => {
    const table = new MetricsTable();
    table.push(1, 'state', 'US', 'output', 10);
    table.push(2, 'flow', 'US>CN:chip', 'trade_value', 3);
    expect(table.length).toBe(2);
    expect(table.rows(1)).toEqual([
      { step: 2, entityKind: 'flow', entity: 'US>CN:chip', variable: 'trade_value', value: 3 },
    ]);
    expect([...table.columns().values]).toEqual([10, 3]);
    expect([table.stepAt(0), table.entityKindAt(1), table.entityAt(1), table.variableAt(0), table.valueAt(0)]).toEqual([
      1,
      'flow',
      'US>CN:chip',
      'output',
      10,
    ]);
    // Many rows: the columns grow, names are interned once.
    for (let i = 0; i < 5000; i++)
      table.push(3 + (i % 7), i % 2 === 0 ? 'firm' : 'world', `f${i % 13}`, `v${i % 3}`, i / 4);
    expect(table.length).toBe(5002);
    expect(table.rows(4999)).toEqual([
      { step: 3 + (4997 % 7), entityKind: 'world', entity: `f${4997 % 13}`, variable: `v${4997 % 3}`, value: 4997 / 4 },
      { step: 3 + (4998 % 7), entityKind: 'firm', entity: `f${4998 % 13}`, variable: `v${4998 % 3}`, value: 4998 / 4 },
      { step: 3 + (4999 % 7), entityKind: 'world', entity: `f${4999 % 13}`, variable: `v${4999 % 3}`, value: 4999 / 4 },
    ]);
    expect(table.columns().entityNames.length).toBe(2 + 13);
  });
});
