import { describe, expect, it } from 'vitest';
import {
  createWorld,
  ln,
  searchBuyers,
  selectEdges,
  setBlocked,
  setTariff,
  simulate,
  step,
  type EngineParams,
  type MetricRow,
  type NewEdge,
  type World,
  type WorldSpec,
} from '@chokepoint/core';
import { FIXED_PRICES } from './helpers.js';

/*
 * Markets (docs/ODD.md §7.14), one small hand-built world per mechanism, each showing its effect
 * and where it stops: scarcity pricing, Armington supplier choice on delivered prices, final
 * demand elasticity, critical and non-critical inputs, seller search, tariff pass-through and
 * welfare as real income.
 */

const QUARTER = 365.25 / 4;

/** Two makers of one product (A in US, B in CN) serving final demand in US, 50/50; no inputs. */
function duopoly(params: Partial<EngineParams> = {}, extra: Partial<WorldSpec> = {}): WorldSpec {
  return {
    states: [{ id: 'US' }, { id: 'CN' }],
    products: [{ id: 'widget', price: 2 }],
    firms: [
      { id: 'A', state: 'US', product: 'widget' },
      { id: 'B', state: 'CN', product: 'widget' },
    ],
    finalDemand: [{ state: 'US', product: 'widget', quantity: 10, suppliers: [{ firm: 'A' }, { firm: 'B' }] }],
    params,
    ...extra,
  };
}

const firm = (world: World, id: string): number => world.firmIndex.get(id)!;
const value = (rows: MetricRow[], entity: string, variable: string, step?: number): number => {
  const found = rows.filter(
    (r) => r.entity === entity && r.variable === variable && (step === undefined || r.step === step),
  );
  if (found.length !== 1) throw new Error(`${found.length} rows for ${entity} ${variable} at step ${step}`);
  return found[0]!.value;
};

describe('scarcity pricing', () => {
  it('prices a damaged firm up, toward (orders / potential)^ω on its value added, and back down as it recovers', () => {
    const world = createWorld(duopoly({ demandElasticity: 0 }), 1);
    const a = firm(world, 'A');
    world.firmDamage[a] = 0.6;
    let peak = 1;
    for (let t = 0; t < 12; t++) {
      step(world);
      peak = Math.max(peak, world.firmScarcity[a]!);
      // No inputs: the price is the value added (the base price, 2) times the scarcity factor.
      expect(world.firmPrice[a]).toBeCloseTo(2 * world.firmScarcity[a]!, 12);
    }
    expect(peak).toBeGreaterThan(1.2);
    expect(world.firmDamage[a]).toBeLessThan(1e-6);
    expect(world.firmScarcity[a]).toBeLessThan(1 + 0.2 * (peak - 1)); // recovered most of the way
  });

  it('prices damage given in the spec as a shock to the capacity at creation, as it prices damage done later', () => {
    const inSpec = createWorld(
      duopoly(
        { demandElasticity: 0 },
        {
          firms: [
            { id: 'A', state: 'US', product: 'widget', damage: 0.6 },
            { id: 'B', state: 'CN', product: 'widget' },
          ],
        },
      ),
      1,
    );
    const later = createWorld(duopoly({ demandElasticity: 0 }), 1);
    later.firmDamage[firm(later, 'A')] = 0.6;
    let peakInSpec = 1;
    let peakLater = 1;
    for (let t = 0; t < 8; t++) {
      step(inSpec);
      step(later);
      peakInSpec = Math.max(peakInSpec, inSpec.firmScarcity[firm(inSpec, 'A')]!);
      peakLater = Math.max(peakLater, later.firmScarcity[firm(later, 'A')]!);
    }
    // Measured against the damaged potential, the damage in the spec went unpriced (the factor stayed 1).
    expect(peakInSpec).toBeGreaterThan(1.2);
    expect(peakLater).toBeGreaterThan(1.2);
  });

  it('discounts a seller whose orders fall, never below the floor, and not at all at ω_d = 0', () => {
    const spec = duopoly({ priceFloor: 0.7 });
    for (const omega of [1, 0]) {
      const world = createWorld({ ...spec, products: [{ id: 'widget', price: 2, discountFlexibility: omega }] }, 1);
      setBlocked(world, selectEdges(world, { supplier: 'B' }), true); // the US stops buying from B
      const b = firm(world, 'B');
      let previous = 1;
      for (let t = 0; t < 40; t++) {
        step(world);
        expect(world.firmScarcity[b]).toBeGreaterThanOrEqual(0.7);
        expect(world.firmScarcity[b]).toBeLessThanOrEqual(previous);
        previous = world.firmScarcity[b]!;
      }
      if (omega === 0) expect(world.firmScarcity[b]).toBe(1);
      else expect(world.firmScarcity[b]).toBeCloseTo(0.7, 4); // no orders at all: down to the floor
    }
  });

  it('prices scarcity at ω and a fall in orders at the smaller ω_d (stickier downward)', () => {
    // B can make half of its orders in one world (r = 2) and has half its baseline orders in the other (r = 1/2).
    const target = (kind: 'scarce' | 'slack'): number => {
      const world = createWorld(
        duopoly({
          demandElasticity: 0,
          priceAdjustmentDays: 1,
          armingtonElasticity: 0,
          substitutionRate: 0,
          overproductionMax: 1,
        }),
        1,
      );
      const b = firm(world, 'B');
      if (kind === 'scarce') world.firmCapacity[b] = world.firmCapacity[b]! * 0.5;
      else world.firmBaseDemand[b] = world.firmBaseDemand[b]! * 2;
      for (let t = 0; t < 40; t++) step(world);
      return ln(world.firmScarcity[b]!);
    };
    const up = target('scarce');
    const down = target('slack');
    // ω = 1 up, ω_d = 0.25 down: for ratios of the same size, the discount is a quarter of the premium.
    expect(up).toBeCloseTo(Math.log(2), 6);
    expect(down).toBeCloseTo(-0.25 * Math.log(2), 6);
  });

  it('caps the price of a firm that can make nothing while it has orders', () => {
    const spec: WorldSpec = {
      states: [{ id: 'US' }],
      products: [{ id: 'ore' }, { id: 'metal', price: 4, recipe: [{ product: 'ore', amount: 1 }] }],
      firms: [
        { id: 'mine', state: 'US', product: 'ore' },
        { id: 'smelter', state: 'US', product: 'metal', inventoryDays: 0 },
      ],
      edges: [{ supplier: 'mine', buyer: 'smelter' }],
      finalDemand: [{ state: 'US', product: 'metal', quantity: 5 }],
      params: { priceCap: 3, demandElasticity: 0, priceAdjustmentDays: 1 },
    };
    const world = createWorld(spec, 1);
    setBlocked(world, selectEdges(world, { supplier: 'mine' }), true);
    const smelter = firm(world, 'smelter');
    for (let t = 0; t < 60; t++) {
      step(world);
      expect(world.firmScarcity[smelter]).toBeLessThanOrEqual(3);
    }
    expect(world.firmOutput[smelter]).toBe(0);
    expect(world.firmScarcity[smelter]).toBeCloseTo(3, 4);
    // Its last delivered input price stays its input cost: 1 unit of ore at the base price 1, plus value added 3 × 3.
    expect(world.firmPrice[smelter]).toBeCloseTo(1 + 3 * world.firmScarcity[smelter]!, 12);
  });

  it('settles without a cobweb at quarterly steps: no step-to-step oscillation', () => {
    // An explicit update at θ ≈ 0.95 and σ = 2.5 overshoots: its swings flip sign every step and grow.
    const world = createWorld(duopoly({ daysPerStep: QUARTER }), 1);
    const a = firm(world, 'A');
    world.firmCapacity[a] = world.firmCapacity[a]! * 0.5; // a lasting loss of capacity
    const path: number[] = [];
    for (let t = 0; t < 40; t++) {
      step(world);
      path.push(ln(world.firmScarcity[a]!));
    }
    // The factor rises, then eases as overproduction (α → 1.25) adds potential: its changes flip sign at most once.
    let flips = 0;
    for (let t = 2; t < path.length; t++)
      if (Math.sign(path[t]! - path[t - 1]!) * Math.sign(path[t - 1]! - path[t - 2]!) < 0) flips++;
    expect(flips).toBeLessThanOrEqual(1);
    expect(path[path.length - 1]).toBeGreaterThan(0.05);
    expect(Math.abs(path[39]! - path[38]!)).toBeLessThan(1e-3);
  });

  it('leaves a firm idle at the steady state at its price while its orders stay below normal utilization', () => {
    const spec = duopoly({}, {});
    spec.firms.push({ id: 'C', state: 'US', product: 'widget', capacity: 5 }); // no buyer: idle
    const world = createWorld(spec, 1);
    for (let t = 0; t < 5; t++) step(world);
    expect(world.firmScarcity[firm(world, 'C')]).toBe(1);
  });
});

describe('Armington supplier choice', () => {
  it('splits orders by established share × (delivered price / base price)^(−σ), and ignores prices at σ = 0', () => {
    for (const sigma of [2.5, 0]) {
      const world = createWorld(
        duopoly({ armingtonElasticity: sigma, demandElasticity: 0, priceAdjustmentDays: 1e15 }),
        1,
      );
      world.firmScarcity[firm(world, 'A')] = 1.5; // A charges 50% more than its base price (prices that never adjust keep it there)
      step(world);
      const [toA] = selectEdges(world, { supplier: 'A' });
      const [toB] = selectEdges(world, { supplier: 'B' });
      const ratio = world.edgeOrder[toA!]! / world.edgeOrder[toB!]!;
      expect(ratio).toBeCloseTo(Math.pow(1.5, -sigma), 12);
      // The slot's delivered price is the order-weighted mean price.
      const slot = world.edgeSlot[toA!]!;
      const expected =
        (world.edgeOrder[toA!]! * 3 + world.edgeOrder[toB!]! * 2) / (world.edgeOrder[toA!]! + world.edgeOrder[toB!]!);
      expect(world.slotPrice[slot]).toBeCloseTo(expected, 12);
    }
  });
});

describe('final demand elasticity', () => {
  it('wants the base quantity × (delivered price / base price)^(−η); η = 0 keeps it fixed', () => {
    for (const eta of [0.5, 0]) {
      const world = createWorld(duopoly({ demandElasticity: eta, priceFlexibility: 0 }), 1);
      setTariff(world, selectEdges(world, {}), 0.25); // every unit costs the buyers 25% more
      step(world);
      const slot = world.firmSlotCount;
      expect(world.slotPrice[slot]).toBeCloseTo(2.5, 12);
      expect(world.slotOrdered[slot]).toBeCloseTo(10 * Math.pow(1.25, -eta), 12);
    }
  });
});

describe('critical and non-critical inputs', () => {
  /** An assembler of gadgets from a chip (60% of cost) and a cable (10%), each from its own maker. */
  function gadget(cableCritical: boolean, params: Partial<EngineParams> = {}): WorldSpec {
    return {
      states: [{ id: 'US' }],
      products: [
        { id: 'chip', price: 6 },
        { id: 'cable', price: 1 },
        {
          id: 'gadget',
          price: 10,
          recipe: [
            { product: 'chip', amount: 1 },
            { product: 'cable', amount: 1, critical: cableCritical },
          ],
        },
      ],
      firms: [
        { id: 'fab', state: 'US', product: 'chip' },
        { id: 'wire', state: 'US', product: 'cable' },
        { id: 'maker', state: 'US', product: 'gadget', inventoryDays: 0 },
      ],
      edges: [
        { supplier: 'fab', buyer: 'maker' },
        { supplier: 'wire', buyer: 'maker' },
      ],
      finalDemand: [{ state: 'US', product: 'gadget', quantity: 10 }],
      params: { ...FIXED_PRICES, ...params },
    };
  }
  const cutCable = (spec: WorldSpec): number => {
    const world = createWorld(spec, 1);
    setBlocked(world, selectEdges(world, { supplier: 'wire' }), true);
    step(world);
    return world.firmOutput[firm(world, 'maker')]!;
  };

  it('a critical input stops output when it runs out (Leontief)', () => {
    expect(cutCable(gadget(true))).toBe(0);
  });

  it('a non-critical input that is missing costs its share of unit cost (cost_share), or nothing (none)', () => {
    expect(cutCable(gadget(false))).toBeCloseTo(10 * (1 - 0.1), 12); // the cable is 1 of 10 in cost
    expect(cutCable(gadget(false, { nonCriticalLoss: 'none' }))).toBeCloseTo(10, 12);
  });

  it('a non-critical input in short supply costs in proportion to the share missing', () => {
    const world = createWorld(gadget(false), 1);
    const wire = firm(world, 'wire');
    world.firmCapacity[wire] = 4; // 4 of the 10 cables needed
    step(world);
    expect(world.firmOutput[firm(world, 'maker')]).toBeCloseTo(10 * (1 - 0.1 * (1 - 4 / 10)), 12);
    // It uses what it has: no stock goes negative.
    const slot = world.firmSlotStart[firm(world, 'maker')]! + 1;
    expect(world.slotUsed[slot]).toBeCloseTo(4, 12);
    expect(world.slotStock[slot]).toBe(0);
  });
});

describe('tariff pass-through', () => {
  it('is complete when one supplier serves inelastic demand: the buyer pays price × (1 + tariff)', () => {
    const spec: WorldSpec = {
      states: [{ id: 'US' }, { id: 'CN' }],
      products: [{ id: 'widget', price: 2 }],
      firms: [{ id: 'B', state: 'CN', product: 'widget' }],
      finalDemand: [{ state: 'US', product: 'widget', quantity: 10 }],
      measures: [{ type: 'tariff', issuer: 'US', rate: 0.3, from: ['CN'], start: 2 }],
      params: { demandElasticity: 0 },
      policy: { forgiveness: 1, reciprocityOffer: 0 },
    };
    const rows = simulate(spec, { steps: 8, seed: 1 }).metrics.rows();
    for (let t = 3; t <= 8; t++) {
      expect(value(rows, 'CN>US:widget', 'buyer_price', t)).toBeCloseTo(2 * 1.3, 9);
      expect(value(rows, 'CN>US:widget', 'pass_through', t)).toBeCloseTo(1, 9);
      expect(value(rows, 'US', 'tariff_revenue', t)).toBeCloseTo(10 * 2 * 0.3, 9);
    }
    expect(rows.some((r) => r.variable === 'pass_through' && r.step <= 2)).toBe(false); // only while a tariff is on
  });

  it('is incomplete when the exporter loses orders to a rival and discounts', () => {
    const spec = duopoly(
      { demandElasticity: 0 },
      {
        measures: [{ type: 'tariff', issuer: 'US', rate: 0.3, from: ['CN'], start: 1 }],
        policy: { forgiveness: 1, reciprocityOffer: 0 },
      },
    );
    const rows = simulate(spec, { steps: 10, seed: 1 }).metrics.rows();
    const through = value(rows, 'CN>US:widget', 'pass_through', 10);
    expect(through).toBeGreaterThan(0);
    expect(through).toBeLessThan(1);
  });
});

describe('welfare as real income', () => {
  it('a tariff raises the importer’s consumer prices and brings it duty; value added is sales less inputs used', () => {
    const spec = duopoly(
      {},
      {
        measures: [{ type: 'tariff', issuer: 'US', rate: 0.5, from: ['CN'], start: 1 }],
        policy: { forgiveness: 1, reciprocityOffer: 0 },
      },
    );
    const rows = simulate(spec, { steps: 4, seed: 1 }).metrics.rows();
    expect(value(rows, 'US', 'cpi', 1)).toBeCloseTo(1, 12);
    expect(value(rows, 'US', 'cpi', 3)).toBeGreaterThan(1.01);
    expect(value(rows, 'US', 'tariff_revenue', 3)).toBeGreaterThan(0);
    const us = (t: number): number =>
      (value(rows, 'US', 'value_added', t) + value(rows, 'US', 'tariff_revenue', t)) / value(rows, 'US', 'cpi', t);
    expect(value(rows, 'US', 'welfare', 3)).toBeCloseTo(us(3), 9);
  });
});

describe('seller search', () => {
  /**
   * Two sellers (AU, CA) and two buyers (CN, JP). CN buys mostly from AU; JP only from CA.
   * A Chinese duty on AU makes AU lose orders, cut its price, and offer to JP.
   */
  function barley(params: Partial<EngineParams> = {}, duty = 0.8): WorldSpec {
    return {
      states: [{ id: 'AU' }, { id: 'CA' }, { id: 'CN' }, { id: 'JP' }],
      products: [{ id: 'barley', armingtonElasticity: 10 }],
      firms: [
        { id: 'AU-B', state: 'AU', product: 'barley' },
        { id: 'CA-B', state: 'CA', product: 'barley', capacity: 30 },
      ],
      finalDemand: [
        {
          state: 'CN',
          product: 'barley',
          quantity: 10,
          suppliers: [
            { firm: 'AU-B', share: 0.7 },
            { firm: 'CA-B', share: 0.3 },
          ],
        },
        { state: 'JP', product: 'barley', quantity: 5, suppliers: [{ firm: 'CA-B' }] },
      ],
      measures: [{ type: 'tariff', issuer: 'CN', rate: duty, from: ['AU'], start: 1 }],
      params: { daysPerStep: QUARTER, ...params },
      policy: { forgiveness: 1, reciprocityOffer: 0, threatThreshold: 1 },
    };
  }
  const auToJapan = (world: World): number[] =>
    selectEdges(world, { supplier: 'AU-B', buyerState: 'JP', finalDemand: true });

  it('a seller that lost orders offers to a buyer paying more, which signs a contract and diverts trade', () => {
    const world = createWorld(barley(), 1);
    for (let t = 0; t < 6; t++) step(world);
    const [e] = auToJapan(world);
    expect(e).toBeDefined();
    // A contract: an established share, renormalized with the buyer's others.
    expect(world.edgeBaseShare[e!]).toBeCloseTo(0.2 / 1.2, 12);
    expect(world.edgeDelivered[e!]).toBeGreaterThan(0);
  });

  it('makes no offer when its price is not below what the buyer pays, nor without the parameter', () => {
    const noSlack = createWorld(barley({}, 0), 1); // no duty: AU keeps its orders
    const off = createWorld(barley({ sellerSearch: false }), 1);
    for (let t = 0; t < 6; t++) (step(noSlack), step(off));
    expect(auToJapan(noSlack)).toHaveLength(0);
    expect(auToJapan(off)).toHaveLength(0);
  });

  it('signs exactly when the delivered price, tariff included, saves the switching cost (10%)', () => {
    // JP and KR pay 1 a unit for barley from CA; JP also buys a little from a second Australian maker, with a 5% duty.
    const spec = barley();
    spec.states.push({ id: 'KR' });
    spec.firms.push({ id: 'AU-2', state: 'AU', product: 'barley' });
    spec.finalDemand![1]!.suppliers!.push({ firm: 'AU-2', share: 0.01 });
    spec.finalDemand!.push({ state: 'KR', product: 'barley', quantity: 5, suppliers: [{ firm: 'CA-B' }] });
    spec.measures!.push({ type: 'tariff', issuer: 'JP', rate: 0.05, from: ['AU'] });
    const offers = (price: number): string => {
      const world = createWorld(spec, 1);
      step(world);
      const au = world.firmIndex.get('AU-B')!;
      const slotOf = (state: string): number =>
        world.edgeSlot[selectEdges(world, { supplier: 'CA-B', buyerState: state, finalDemand: true })[0]!]!;
      world.firmDemand[au] = 0; // a lost market, for long enough
      world.firmSlackSteps[au] = 1000;
      world.firmPrice[au] = price;
      world.slotPrice[slotOf('JP')] = 1;
      world.slotPrice[slotOf('KR')] = 1;
      const found: NewEdge[] = [];
      searchBuyers(world, found);
      return ['JP', 'KR'].filter((state) => found.some((a) => a.slot === slotOf(state) && a.supplier === au)).join(' ');
    };
    const cheaper = 1 - 0.1;
    expect(offers(cheaper)).toBe('KR'); // saves KR exactly the switching cost; JP's duty makes it 0.945
    expect(offers(cheaper + 1e-9)).toBe('');
    expect(offers(cheaper / 1.05)).toBe('JP KR'); // 0.857 · 1.05 = 0.9 for JP
    expect(offers(cheaper / 1.05 + 1e-9)).toBe('KR');
  });

  it('offers to a buyer only in a round in which it orders something', () => {
    const spec = barley();
    spec.states.push({ id: 'KR' });
    spec.finalDemand!.push({ state: 'KR', product: 'barley', quantity: 5, suppliers: [{ firm: 'CA-B' }] });
    const world = createWorld(spec, 1);
    step(world);
    const au = world.firmIndex.get('AU-B')!;
    const kr = world.edgeSlot[selectEdges(world, { supplier: 'CA-B', buyerState: 'KR', finalDemand: true })[0]!]!;
    // Rounds on one world: what KR orders changes between them, and the seller must see it.
    const offersToKorea = (ordered: number): boolean => {
      world.firmDemand[au] = 0;
      world.firmSlackSteps[au] = 1000;
      world.firmPrice[au] = 0.5 * world.slotPrice[kr]!;
      world.slotOrdered[kr] = ordered;
      world.slotUnplaced[kr] = 0;
      world.policy.pendingSuppliers.length = 0;
      const found: NewEdge[] = [];
      searchBuyers(world, found);
      return found.some((a) => a.slot === kr && a.supplier === au);
    };
    expect([offersToKorea(0), offersToKorea(5), offersToKorea(0)]).toEqual([false, true, false]);
  });

  it('wins at most two buyers a round', () => {
    const spec = barley();
    for (let i = 0; i < 5; i++) {
      spec.states.push({ id: `X${i}` });
      spec.finalDemand!.push({ state: `X${i}`, product: 'barley', quantity: 1, suppliers: [{ firm: 'CA-B' }] });
    }
    const world = createWorld(spec, 1);
    let before = selectEdges(world, { supplier: 'AU-B' }).length;
    for (let t = 0; t < 6; t++) {
      step(world);
      const now = selectEdges(world, { supplier: 'AU-B' }).length;
      expect(now - before).toBeLessThanOrEqual(2);
      before = now;
    }
    expect(before).toBeGreaterThan(2); // it did win some
  });
});
