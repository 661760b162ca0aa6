import { describe, expect, it } from 'vitest';
import {
  Rng,
  addEdges,
  createWorld,
  placeOrders,
  selectEdges,
  setBlocked,
  setLicenceProbability,
  setTariff,
  updateExpectedDemand,
  LICENCE_DENIED,
  LICENCE_GRANTED,
  LICENCE_NONE,
  LICENCE_PENDING,
  type EngineParams,
  type World,
} from '@chokepoint/core';

/*
 * Orders restore target inventories:
 *   need = max(0, a·x̂ + (target − stock)/τ),  target = (inventoryDays/daysPerStep)·a·x̂,
 *   τ = max(1, inventoryRestoreDays/daysPerStep) steps,
 * split over permitted edges by share × (1 + tariff)^(−ε).
 *
 * World: buyer B makes 10 gadgets a step from 1 part each, 60% from S1 (US),
 * 40% from S2 (CN), and holds 30 days of parts. With daily steps and a 6-day
 * restore time, τ = 6 steps and the target stock is 30·10 = 300.
 */
function ordersWorld(params: Partial<EngineParams> = { daysPerStep: 1, inventoryRestoreDays: 6 }): World {
  return createWorld(
    {
      states: [{ id: 'US' }, { id: 'CN' }],
      products: [{ id: 'part' }, { id: 'gadget', recipe: [{ product: 'part', amount: 1 }] }],
      firms: [
        { id: 'S1', state: 'US', product: 'part' },
        { id: 'S2', state: 'CN', product: 'part' },
        { id: 'B', state: 'CN', product: 'gadget', inventoryDays: 30 },
      ],
      edges: [
        { supplier: 'S1', buyer: 'B', share: 0.6 },
        { supplier: 'S2', buyer: 'B', share: 0.4 },
      ],
      finalDemand: [{ state: 'CN', product: 'gadget', quantity: 10, suppliers: [{ firm: 'B' }] }],
      params,
    },
    'orders',
  );
}

const edgeFrom = (world: World, supplier: string): number => selectEdges(world, { supplier, buyer: 'B' })[0]!;
const partSlot = (world: World): number => world.firmSlotStart[world.firmIndex.get('B')!]!;
const orders = (world: World): [number, number] => [
  world.edgeOrder[edgeFrom(world, 'S1')]!,
  world.edgeOrder[edgeFrom(world, 'S2')]!,
];

describe('placeOrders', () => {
  it('orders use when the stock is at target', () => {
    const world = ordersWorld();
    expect(world.slotStock[partSlot(world)]).toBeCloseTo(300, 12);
    placeOrders(world);
    const [s1, s2] = orders(world);
    expect(s1).toBeCloseTo(6, 12);
    expect(s2).toBeCloseTo(4, 12);
    expect(world.slotOrdered[partSlot(world)]).toBeCloseTo(10, 12);
    expect(world.firmDemand[world.firmIndex.get('S1')!]).toBeCloseTo(6, 12);
    // Final demand orders its quantity.
    expect(world.firmDemand[world.firmIndex.get('B')!]).toBe(10);
  });

  it('restores a stock gap over τ = 6 steps', () => {
    const world = ordersWorld();
    world.slotStock[partSlot(world)] = 120;
    placeOrders(world);
    const need = 10 + (300 - 120) / 6; // 40
    expect(orders(world)[0]).toBeCloseTo(0.6 * need, 12);
    expect(orders(world)[1]).toBeCloseTo(0.4 * need, 12);
  });

  it('orders nothing when excess stock covers more than use', () => {
    const world = ordersWorld();
    world.slotStock[partSlot(world)] = 400; // 10 + (300 − 400)/6 < 0
    placeOrders(world);
    expect(orders(world)).toEqual([0, 0]);
    world.slotStock[partSlot(world)] = 330; // 10 + (300 − 330)/6 = 5
    placeOrders(world);
    expect(orders(world)[0]! + orders(world)[1]!).toBeCloseTo(5, 12);
  });

  it('τ is at least one step', () => {
    const world = ordersWorld({ daysPerStep: 365.25 / 4, inventoryRestoreDays: 6, inventoryDays: 15 });
    const use = 10;
    const target = (30 / (365.25 / 4)) * use;
    world.slotStock[partSlot(world)] = 0;
    placeOrders(world);
    expect(world.slotOrdered[partSlot(world)]).toBeCloseTo(use + target, 12);
  });

  it('front-loading adds extra target days', () => {
    const world = ordersWorld();
    world.slotExtraDays[partSlot(world)] = 60;
    placeOrders(world);
    expect(world.slotOrdered[partSlot(world)]).toBeCloseTo(10 + ((30 + 60) * 10 - 300) / 6, 12); // 110
  });

  it('a tariff shifts orders by (1 + t)^(−ε)', () => {
    const world = ordersWorld({ daysPerStep: 1, inventoryRestoreDays: 6, tariffElasticity: 2 });
    setTariff(world, [edgeFrom(world, 'S1')], 0.25);
    placeOrders(world);
    const w1 = 0.6 / 1.25 ** 2; // 0.384
    const [s1, s2] = orders(world);
    expect(s1).toBeCloseTo((10 * w1) / (w1 + 0.4), 12);
    expect(s2).toBeCloseTo((10 * 0.4) / (w1 + 0.4), 12);
    // With elasticity 0 the tariff changes nothing.
    const inelastic = ordersWorld({ daysPerStep: 1, tariffElasticity: 0 });
    setTariff(inelastic, [edgeFrom(inelastic, 'S1')], 0.25);
    placeOrders(inelastic);
    expect(orders(inelastic)[0]).toBeCloseTo(6, 12);
  });

  it('a blocked edge gets nothing; the need moves to the permitted ones, or is unplaced', () => {
    const world = ordersWorld();
    setBlocked(world, [edgeFrom(world, 'S1')], true);
    placeOrders(world);
    expect(orders(world)).toEqual([0, 10]);
    setBlocked(world, [edgeFrom(world, 'S2')], true);
    placeOrders(world);
    expect(orders(world)).toEqual([0, 0]);
    expect(world.slotUnplaced[partSlot(world)]).toBe(10);
    expect(world.slotOrdered[partSlot(world)]).toBe(0);
  });

  it('permitted edges whose shares are all zero split the need equally', () => {
    const world = ordersWorld();
    world.edgeShare[edgeFrom(world, 'S1')] = 1;
    world.edgeShare[edgeFrom(world, 'S2')] = 0;
    setBlocked(world, [edgeFrom(world, 'S1')], true);
    placeOrders(world);
    expect(orders(world)).toEqual([0, 10]);
  });

  it('an edge that needs a licence carries orders only while it is granted (pending and denied get nothing)', () => {
    const world = ordersWorld();
    const e = edgeFrom(world, 'S1');
    setLicenceProbability(world, [e], 0.5);
    const expected: Array<[number, [number, number]]> = [
      [LICENCE_NONE, [0, 10]], // not yet applied for
      [LICENCE_PENDING, [0, 10]],
      [LICENCE_GRANTED, [6, 4]],
      [LICENCE_DENIED, [0, 10]],
    ];
    for (const [state, split] of expected) {
      world.edgeLicenceState[e] = state;
      placeOrders(world);
      const [s1, s2] = orders(world);
      expect(s1, `state ${state}`).toBeCloseTo(split[0], 12);
      expect(s2, `state ${state}`).toBeCloseTo(split[1], 12);
    }
    // Placing orders draws nothing: licences are decided by processLicences, once per decision.
    expect(world.rng.stream('licence').next()).toBe(new Rng(world.rng.seed).stream('licence').next());
  });

  it('a firm that gains its first buyer is weighed at its price from the next order on', () => {
    const spec = {
      states: [{ id: 'US' }, { id: 'CN' }],
      products: [{ id: 'part' }, { id: 'gadget', recipe: [{ product: 'part', amount: 1 }] }],
      firms: [
        { id: 'S1', state: 'US', product: 'part' },
        { id: 'S3', state: 'US', product: 'part' }, // sells to no one yet
        { id: 'B', state: 'CN', product: 'gadget', inventoryDays: 30 },
      ],
      edges: [{ supplier: 'S1', buyer: 'B' }],
      finalDemand: [{ state: 'CN', product: 'gadget', quantity: 10, suppliers: [{ firm: 'B' }] }],
      params: { daysPerStep: 1, inventoryRestoreDays: 6 },
    };
    const world = createWorld(spec, 'orders');
    const s1 = world.firmIndex.get('S1')!;
    const s3 = world.firmIndex.get('S3')!;
    const part = world.productIds.indexOf('part');
    placeOrders(world);
    world.firmPrice[s3] = 1.5 * world.productPrice[part]!; // dearer than S1, which sells at the base price
    addEdges(world, [{ supplier: s3, slot: partSlot(world), share: 1, blocked: false }]); // shares 0.5 and 0.5
    placeOrders(world);
    const from = (f: number): number =>
      world.edgeOrder[selectEdges(world, { supplier: world.firmIds[f]!, buyer: 'B' })[0]!]!;
    const weight = 1.5 ** -world.productArmington[part]!;
    expect(from(s3) / from(s1)).toBeCloseTo(weight, 12);
  });

  it('updateExpectedDemand carries this step’s orders into next step’s expectations', () => {
    const world = ordersWorld();
    world.slotStock[partSlot(world)] = 120;
    placeOrders(world);
    updateExpectedDemand(world);
    expect(world.firmExpectedDemand[world.firmIndex.get('S1')!]).toBeCloseTo(24, 12);
  });
});
