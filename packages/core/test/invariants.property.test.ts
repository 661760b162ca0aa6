import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  toolWear,
  LICENCE_GRANTED,
  createWorld,
  generateWorld,
  setBlocked,
  setLicenceProbability,
  setTariff,
  step,
  type EngineParams,
  type SyntheticWorldOptions,
  type World,
  supplierIndex,
} from '@chokepoint/core';
import { float64Arrays, maxAbs } from './helpers.js';

/*
 * Invariants of the production and trade phase, checked after every step of
 * random small worlds under random shocks (blocks, tariffs, licences, damage,
 * capacity and demand shocks) and random engine parameters, under all three
 * rationing rules.
 */

type ShockKind = 'block' | 'unblock' | 'tariff' | 'licence' | 'damage' | 'capacity' | 'demand';
interface Shock {
  at: number;
  kind: ShockKind;
  picks: number[];
  value: number;
}

const STEPS = 16;

const worldOptions: fc.Arbitrary<SyntheticWorldOptions> = fc
  .record({
    states: fc.integer({ min: 1, max: 4 }),
    products: fc.integer({ min: 2, max: 6 }),
    firmsPerProduct: fc.integer({ min: 1, max: 5 }),
    extraFirms: fc.integer({ min: 0, max: 5 }),
    layers: fc.integer({ min: 2, max: 4 }),
    inputsPerProduct: fc.integer({ min: 1, max: 3 }),
    recipeAmount: fc.double({ min: 0.05, max: 3, noNaN: true }),
    suppliersPerInput: fc.integer({ min: 1, max: 5 }),
    degree: fc.constantFrom('fixed', 'poisson', 'powerlaw') as fc.Arbitrary<'fixed' | 'poisson' | 'powerlaw'>,
    powerLawExponent: fc.double({ min: 2.1, max: 4, noNaN: true }),
    finalDemandSuppliers: fc.integer({ min: 1, max: 4 }),
    finalDemandQuantity: fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 1e4, noNaN: true })),
    poissonInventories: fc.boolean(),
    seed: fc.integer({ min: 0, max: 1e6 }),
  })
  .map(({ firmsPerProduct, extraFirms, layers, ...rest }) => ({
    ...rest,
    firms: rest.products * firmsPerProduct + extraFirms,
    layers: Math.min(layers, rest.products),
  }));

const params: fc.Arbitrary<Partial<EngineParams>> = fc.record({
  rationing: fc.constantFrom('proportional', 'priority', 'random') as fc.Arbitrary<EngineParams['rationing']>,
  daysPerStep: fc.constantFrom(1, 7, 30, 365.25 / 4),
  inventoryDays: fc.integer({ min: 0, max: 90 }),
  inventoryRestoreDays: fc.double({ min: 0.5, max: 120, noNaN: true }),
  substitutionDays: fc.option(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3650, noNaN: true })), {
    nil: undefined,
  }),
  substitutionRate: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  relationshipReturnRate: fc.double({ min: 0, max: 50, noNaN: true }),
  relationshipMemoryDays: fc.double({ min: 1, max: 2000, noNaN: true }),
  newRelationshipHazard: fc.double({ min: 1, max: 10, noNaN: true }),
  relationshipMaturityDays: fc.double({ min: 1, max: 2000, noNaN: true }),
  overproductionMax: fc.double({ min: 1, max: 2, noNaN: true }),
  overproductionDays: fc.double({ min: 1, max: 1000, noNaN: true }),
  damageRecoveryDays: fc.double({ min: 1, max: 500, noNaN: true }),
  tariffElasticity: fc.double({ min: 0, max: 6, noNaN: true }),
  spareCapacity: fc.double({ min: 0, max: 0.5, noNaN: true }),
});

const shock: fc.Arbitrary<Shock> = fc.record({
  at: fc.integer({ min: 0, max: STEPS - 1 }),
  kind: fc.constantFrom(
    'block',
    'unblock',
    'tariff',
    'licence',
    'damage',
    'capacity',
    'demand',
  ) as fc.Arbitrary<ShockKind>,
  picks: fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
  value: fc.double({ min: 0, max: 1, noNaN: true }),
});

const scenario = fc.record({
  world: worldOptions,
  params,
  initialDamage: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
  shocks: fc.array(shock, { maxLength: 8 }),
  // A doctrine setting turns the policy layer on, and with it supplier search,
  // which adds edges and rebuilds both CSR indexes mid-run.
  policyLayer: fc.boolean(),
  // Products marked as capital goods (by index, modulo the world's products): their buyers install tools.
  capital: fc.array(fc.nat(40), { maxLength: 3 }),
  runSeed: fc.integer(),
});

function applyShock(world: World, { kind, picks, value }: Shock): void {
  const E = world.edgeSupplier.length;
  const F = world.firmIds.length;
  const edges = picks.map((p) => p % E);
  const firms = picks.map((p) => p % F);
  switch (kind) {
    case 'block':
      return setBlocked(world, edges, true);
    case 'unblock':
      return setBlocked(world, edges, false);
    case 'tariff':
      return setTariff(world, edges, value * 3);
    case 'licence':
      // Half of the licence shocks deny outright, the rest grant at random.
      return setLicenceProbability(world, edges, value < 0.5 ? 0 : value);
    case 'damage':
      for (const f of firms) world.firmDamage[f] = value;
      return;
    case 'capacity':
      // Subnormal capacities are kept out: they overflow substitution (see substitution.test.ts).
      for (const f of firms) world.firmCapacity[f] = value < 1e-6 ? 0 : world.firmCapacity[f]! * value * 2;
      return;
    case 'demand': {
      // Final demand surges or collapses: final-demand slots hold the quantity.
      const D = world.slotOwner.length - world.firmSlotCount;
      if (D === 0) return;
      for (const p of picks) world.slotAmount[world.firmSlotCount + (p % D)] *= value * 3;
    }
  }
}

/** The state before a step that the invariants compare with. */
interface Before {
  stock: Float64Array;
  maxOutput: Float64Array;
  frontier: Float64Array;
  capacity: Float64Array;
  building: Float64Array;
}

function before(world: World): Before {
  const maxOutput = new Float64Array(world.firmIds.length);
  for (let f = 0; f < maxOutput.length; f++) {
    maxOutput[f] = world.firmCapacity[f]! * (1 - world.firmDamage[f]!) * world.firmOverproduction[f]!;
  }
  return {
    stock: world.slotStock.slice(),
    maxOutput,
    frontier: world.productFrontier.slice(),
    capacity: world.firmCapacity.slice(),
    building: world.firmCapacityUnderConstruction.slice(),
  };
}

/** Collects violated invariants as messages, so a counterexample says what broke. */
function violations(world: World, was: Before): string[] {
  const out: string[] = [];
  const fail = (message: string): void => {
    if (out.length < 10) out.push(message);
  };
  const scale = Math.max(
    1,
    maxAbs(world.firmOutput),
    maxAbs(was.stock),
    maxAbs(world.edgeOrder),
    maxAbs(world.slotAmount),
  );
  const tol = 1e-9 * scale;
  const F = world.firmIds.length;
  const slots = world.slotOwner.length;

  for (const [name, values] of float64Arrays(world)) {
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) fail(`${name}[${i}] = ${values[i]}`);
  }
  // Capacity never grows without investment: by at most what was under construction.
  for (let f = 0; f < world.firmCapacity.length; f++) {
    if (world.firmCapacity[f]! > was.capacity[f]! + was.building[f]! + 1e-9 * Math.max(1, was.capacity[f]!))
      fail(
        `firm ${f} capacity grew ${world.firmCapacity[f]! - was.capacity[f]!} with ${was.building[f]} under construction`,
      );
  }
  // The technology frontier never falls, and installed tools are -1 (no capital good) or a share in [0, 1].
  for (let k = 0; k < world.productFrontier.length; k++)
    if (world.productFrontier[k]! < was.frontier[k]!)
      fail(`productFrontier[${k}] fell from ${was.frontier[k]} to ${world.productFrontier[k]}`);
  for (let s = 0; s < world.slotToolCapability.length; s++) {
    const tools = world.slotToolCapability[s]!;
    if (tools !== -1 && !(tools >= 0 && tools <= 1 + 1e-12)) fail(`slotToolCapability[${s}] = ${tools}`);
  }
  const nonNegative = [
    'slotStock',
    'slotReceived',
    'slotOrdered',
    'slotUnplaced',
    'edgeOrder',
    'edgeDelivered',
    'edgeShare',
    'edgeLapsedShare',
    'slotBacklog',
    'firmOutput',
    'firmDemand',
    'firmExpectedDemand',
    'firmCapacity',
    'firmCapacityUnderConstruction',
  ] as const;
  for (const name of nonNegative) {
    const values = world[name];
    for (let i = 0; i < values.length; i++) if (!(values[i]! >= 0)) fail(`${name}[${i}] = ${values[i]} < 0`);
  }

  for (let f = 0; f < F; f++) {
    const output = world.firmOutput[f]!;
    if (output > world.firmDemand[f]! + tol) fail(`firm ${f} produced ${output} > demand ${world.firmDemand[f]}`);
    if (output > was.maxOutput[f]! * (1 + 1e-12) + 1e-300)
      fail(`firm ${f} produced ${output} > capacity ${was.maxOutput[f]}`);
    if (!(world.firmFillRate[f]! >= 0 && world.firmFillRate[f]! <= 1))
      fail(`firm ${f} fill rate ${world.firmFillRate[f]}`);
    if (!(world.firmDamage[f]! >= 0 && world.firmDamage[f]! <= 1)) fail(`firm ${f} damage ${world.firmDamage[f]}`);
    const alpha = world.firmOverproduction[f]!;
    if (!(alpha >= 1 - 1e-12 && alpha <= world.params.overproductionMax + 1e-12))
      fail(`firm ${f} overproduction ${alpha}`);
    // Prices stay positive and finite, the scarcity factor within [floor, cap].
    if (!(world.firmPrice[f]! > 0 && Number.isFinite(world.firmPrice[f]!)))
      fail(`firm ${f} price ${world.firmPrice[f]}`);
    const scarcity = world.firmScarcity[f]!;
    if (!(scarcity >= world.params.priceFloor * (1 - 1e-12) && scarcity <= world.params.priceCap * (1 + 1e-12)))
      fail(`firm ${f} scarcity ${scarcity}`);

    // Leontief: inputs used never exceed stock + received, and stock balances.
    for (let s = world.firmSlotStart[f]!; s < world.firmSlotStart[f + 1]!; s++) {
      const available = was.stock[s]! + world.slotReceived[s]!;
      if (world.slotToolCapability.length > 0 && world.productCapital[world.slotProduct[s]!] === 1) {
        // Installed tools (capital.ts) wear by a share of the installed base, whatever the output.
        const worn = toolWear(world) * was.stock[s]!;
        if (Math.abs(world.slotUsed[s]! - worn) > tol || Math.abs(world.slotStock[s]! - (available - worn)) > tol)
          fail(`capital slot ${s} stock ${world.slotStock[s]} ≠ ${available - worn}`);
        continue;
      }
      const used = world.slotAmount[s]! * output;
      if (used > available + tol) fail(`firm ${f} slot ${s} used ${used} > available ${available}`);
      const expected = Math.max(0, available - used);
      if (Math.abs(world.slotStock[s]! - expected) > tol) fail(`slot ${s} stock ${world.slotStock[s]} ≠ ${expected}`);
    }

    // A supplier delivers what it produced: never more (and, with no stock of
    // finished goods in the model, never less).
    let delivered = 0;
    for (let i = supplierIndex(world).supplierEdgeStart[f]!; i < supplierIndex(world).supplierEdgeStart[f + 1]!; i++)
      delivered += world.edgeDelivered[supplierIndex(world).supplierEdges[i]!]!;
    if (delivered > output + tol) fail(`firm ${f} delivered ${delivered} > output ${output}`);
    if (delivered < output - tol) fail(`firm ${f} delivered ${delivered} < output ${output}`);
  }

  // Both CSR indexes stay consistent: edges sorted by slot, and the supplier
  // index a permutation of the edges grouped by supplier.
  const E = world.edgeSupplier.length;
  if (world.slotEdgeStart[0] !== 0 || world.slotEdgeStart[slots] !== E) fail('slotEdgeStart does not span the edges');
  if (supplierIndex(world).supplierEdgeStart[0] !== 0 || supplierIndex(world).supplierEdgeStart[F] !== E)
    fail('supplierEdgeStart does not span the edges');
  const listed = new Uint8Array(E);
  for (let f = 0; f < F; f++) {
    for (let i = supplierIndex(world).supplierEdgeStart[f]!; i < supplierIndex(world).supplierEdgeStart[f + 1]!; i++) {
      const e = supplierIndex(world).supplierEdges[i]!;
      if (world.edgeSupplier[e] !== f || listed[e] === 1) fail(`supplierEdges[${i}] = ${e} is misplaced`);
      listed[e] = 1;
    }
  }

  let totalReceived = 0;
  for (let s = 0; s < slots; s++) {
    const start = world.slotEdgeStart[s]!;
    const end = world.slotEdgeStart[s + 1]!;
    let delivered = 0;
    let ordered = 0;
    let share = 0;
    for (let e = start; e < end; e++) {
      if (world.edgeSlot[e] !== s) fail(`edge ${e} in slot ${s}'s range has slot ${world.edgeSlot[e]}`);
      if (world.firmProduct[world.edgeSupplier[e]!] !== world.slotProduct[s])
        fail(`edge ${e} supplies the wrong product`);
      delivered += world.edgeDelivered[e]!;
      ordered += world.edgeOrder[e]!;
      share += world.edgeShare[e]!;
      if (world.edgeDelivered[e]! > world.edgeOrder[e]!)
        fail(`edge ${e} delivered ${world.edgeDelivered[e]} > ordered ${world.edgeOrder[e]}`);
      // Closed: blocked, or a licence needed and not granted (none applied for, under review, or denied).
      const closed =
        world.edgeBlocked[e] === 1 ||
        world.edgeLicenceProbability[e] === 0 ||
        (world.edgeLicenceProbability[e]! < 1 && world.edgeLicenceState[e] !== LICENCE_GRANTED);
      if (closed && (world.edgeOrder[e] !== 0 || world.edgeDelivered[e] !== 0))
        fail(`closed edge ${e} carried ${world.edgeDelivered[e]}`);
    }
    if (Math.abs(delivered - world.slotReceived[s]!) > tol)
      fail(`slot ${s} edges delivered ${delivered} ≠ received ${world.slotReceived[s]}`);
    if (Math.abs(ordered - world.slotOrdered[s]!) > tol)
      fail(`slot ${s} edges ordered ${ordered} ≠ slotOrdered ${world.slotOrdered[s]}`);
    if (world.slotOrdered[s]! > 0 && world.slotUnplaced[s]! > 0) fail(`slot ${s} both ordered and unplaced`);
    if (end > start && Math.abs(share - 1) > 1e-9) fail(`slot ${s} shares sum to ${share}`);
    // Final demand wants its base quantity moved by its price (demand elasticity): never receives more than it wanted.
    if (s >= world.firmSlotCount && world.slotReceived[s]! > world.slotOrdered[s]! + world.slotUnplaced[s]! + tol)
      fail(`final slot ${s} received more than it wanted`);
    if (!(world.slotPrice[s]! > 0 && Number.isFinite(world.slotPrice[s]!)))
      fail(`slot ${s} price ${world.slotPrice[s]}`);
    totalReceived += world.slotReceived[s]!;
  }
  let totalOutput = 0;
  for (let f = 0; f < F; f++) totalOutput += world.firmOutput[f]!;
  if (Math.abs(totalOutput - totalReceived) > tol * Math.max(1, slots))
    fail(`world output ${totalOutput} ≠ world received ${totalReceived}`);
  return out;
}

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** The scenario's world, with its doctrine and initial damage, before any shock. */
function buildWorld({ world: options, params: engine, initialDamage, policyLayer, capital, runSeed }: Scenario): World {
  const spec = generateWorld({ ...options, params: engine });
  if (policyLayer) spec.states[0]!.doctrine = 'NLG';
  for (const k of capital) spec.products[k % spec.products.length]!.capital = true;
  initialDamage.forEach((damage, i) => (spec.firms[(i * 7) % spec.firms.length]!.damage = damage));
  return createWorld(spec, runSeed);
}

/**
 * What the world's rationing rule broke in how each supplier split its output among its orders:
 * proportional gives every order the same fill rate; priority fills orders in full in the
 * supplier index's order, leaving at most one partial order and nothing after it; random leaves
 * at most one partial order (which orders it serves first is the seed's).
 */
function rationingProblems(world: World): string[] {
  const out: string[] = [];
  const { supplierEdgeStart, supplierEdges } = supplierIndex(world);
  const rule = world.params.rationing;
  for (let f = 0; f < world.firmIds.length; f++) {
    let ordered = 0;
    for (let i = supplierEdgeStart[f]!; i < supplierEdgeStart[f + 1]!; i++)
      ordered += world.edgeOrder[supplierEdges[i]!]!;
    if (ordered <= 0) continue;
    // Orders below the tolerance (subnormal ones occur) are neither filled nor left empty.
    const tol = 1e-9 * Math.max(1, ordered);
    let served = '';
    for (let i = supplierEdgeStart[f]!; i < supplierEdgeStart[f + 1]!; i++) {
      const e = supplierEdges[i]!;
      const order = world.edgeOrder[e]!;
      const delivered = world.edgeDelivered[e]!;
      if (order <= tol) continue;
      served += delivered >= order - tol ? 'F' : delivered <= tol ? 'N' : 'P';
      if (rule === 'proportional') {
        const rate = Math.min(1, world.firmOutput[f]! / ordered);
        if (Math.abs(delivered - order * rate) > tol)
          out.push(`firm ${f}: edge ${e} got ${delivered}, not ${order}·${rate}`);
      }
    }
    if (rule === 'priority' && !/^F*P?N*$/.test(served))
      out.push(`firm ${f}: orders not served in priority order: ${served}`);
    if (rule === 'random' && served.split('P').length > 2)
      out.push(`firm ${f}: more than one partial order: ${served}`);
  }
  return out;
}

describe('invariants over random worlds and shocks', () => {
  it('hold after every step', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const world = buildWorld(s);
        const { shocks } = s;
        for (let t = 0; t < STEPS; t++) {
          for (const s of shocks) if (s.at === t) applyShock(world, s);
          const was = before(world);
          step(world);
          const broken = violations(world, was);
          if (broken.length > 0) throw new Error(`after step ${world.step}: ${broken.join('; ')}`);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the checker catches a broken world (it can fail)', () => {
    const world = createWorld(generateWorld({ states: 2, firms: 12, products: 4, seed: 1 }), 1);
    const was = before(world);
    step(world);
    expect(violations(world, was)).toEqual([]);
    world.edgeDelivered[0] = world.edgeOrder[0]! + 1; // an edge delivers more than was ordered
    world.edgeShare[1] = -0.5;
    world.slotStock[2] = NaN;
    const broken = violations(world, was).join('\n');
    expect(broken).toMatch(/delivered .* > ordered/);
    expect(broken).toMatch(/edgeShare\[1\] = -0.5 < 0/);
    expect(broken).toMatch(/slotStock\[2\] = NaN/);
  });

  it("each rationing rule splits a short supplier's output as it says", () => {
    // Steps in which some supplier was short, by rule, so the property cannot pass vacuously.
    const short = { proportional: 0, priority: 0, random: 0 };
    fc.assert(
      fc.property(scenario, (s) => {
        const world = buildWorld(s);
        for (let t = 0; t < STEPS; t++) {
          for (const x of s.shocks) if (x.at === t) applyShock(world, x);
          step(world);
          const broken = rationingProblems(world);
          if (broken.length > 0)
            throw new Error(`after step ${world.step} (${world.params.rationing}): ${broken.slice(0, 5).join('; ')}`);
          if (world.firmFillRate.some((rate) => rate < 1 - 1e-9)) short[world.params.rationing]++;
        }
      }),
      { numRuns: 200 },
    );
    for (const [rule, steps] of Object.entries(short)) expect(steps, rule).toBeGreaterThan(0);
  });

  it('the same world, shocks and seed give the same world, every typed array to the bit, every step', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const a = buildWorld(s);
        const b = buildWorld(s);
        for (let t = 0; t < STEPS; t++) {
          for (const x of s.shocks) if (x.at === t) (applyShock(a, x), applyShock(b, x));
          step(a);
          step(b);
          for (const [name, values] of Object.entries(a)) {
            if (!ArrayBuffer.isView(values)) continue;
            const other = (b as unknown as Record<string, ArrayBufferView>)[name]!;
            if (
              !Buffer.from(other.buffer, other.byteOffset, other.byteLength).equals(
                Buffer.from(values.buffer, values.byteOffset, values.byteLength),
              )
            )
              throw new Error(`step ${t}: ${name} differs`);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
