import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createWorld,
  generateWorld,
  setBlocked,
  setTariff,
  simulate,
  step,
  type EngineParams,
  type World,
  type WorldSpec,
} from '@chokepoint/core';
import { relativeMismatches } from './helpers.js';

/*
 * Properties of markets (docs/ODD.md §7.14) over random worlds: random sizes, random product
 * elasticities, recipes with random non-critical inputs, random step lengths and price
 * parameters, under random shocks (tariffs, blocks, damage):
 * - prices stay positive and finite, the scarcity factor within [floor, cap];
 * - with no shock, every price stays where it started;
 * - the accounts close every step (value added + tariff revenue = final spending + inventory
 *   investment, each part recomputed here from the edges and slots), and each firm's sales are
 *   its deliveries at its price;
 * - a non-critical input's shortage never stops output;
 * - with one supplier and inelastic demand, a tariff passes through in full.
 */

const STEPS = 12;

interface Market {
  spec: WorldSpec;
  shocks: Array<{ at: number; kind: 'tariff' | 'block' | 'damage'; picks: number[]; value: number }>;
  seed: number;
}

const market: fc.Arbitrary<Market> = fc
  .record({
    states: fc.integer({ min: 1, max: 4 }),
    products: fc.integer({ min: 2, max: 6 }),
    firmsPerProduct: fc.integer({ min: 1, max: 4 }),
    inputsPerProduct: fc.integer({ min: 1, max: 3 }),
    recipeAmount: fc.double({ min: 0.05, max: 1.5, noNaN: true }),
    valueAddedShare: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
    generatorSeed: fc.integer({ min: 0, max: 1e6 }),
    nonCritical: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    products$: fc.array(
      fc.record({
        armingtonElasticity: fc.double({ min: 0, max: 12, noNaN: true }),
        demandElasticity: fc.double({ min: 0, max: 2, noNaN: true }),
        priceFlexibility: fc.double({ min: 0, max: 3, noNaN: true }),
      }),
      { minLength: 6, maxLength: 6 },
    ),
    params: fc.record({
      daysPerStep: fc.constantFrom(7, 30, 365.25 / 4),
      priceAdjustmentDays: fc.double({ min: 1, max: 365, noNaN: true }),
      priceFloor: fc.double({ min: 0.05, max: 1, noNaN: true }),
      priceCap: fc.double({ min: 1, max: 100, noNaN: true }),
      nonCriticalLoss: fc.constantFrom('cost_share', 'none') as fc.Arbitrary<EngineParams['nonCriticalLoss']>,
      rationing: fc.constantFrom('proportional', 'priority', 'random') as fc.Arbitrary<EngineParams['rationing']>,
    }),
    policyLayer: fc.boolean(),
    shocks: fc.array(
      fc.record({
        at: fc.integer({ min: 0, max: STEPS - 1 }),
        kind: fc.constantFrom('tariff', 'block', 'damage') as fc.Arbitrary<'tariff' | 'block' | 'damage'>,
        picks: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        value: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      { maxLength: 6 },
    ),
    seed: fc.integer(),
  })
  .map((r) => {
    const spec = generateWorld({
      states: r.states,
      products: r.products,
      firms: r.products * r.firmsPerProduct,
      inputsPerProduct: r.inputsPerProduct,
      recipeAmount: r.recipeAmount,
      valueAddedShare: r.valueAddedShare,
      seed: r.generatorSeed,
      params: r.params,
    });
    let i = 0;
    spec.products.forEach((product, p) => {
      Object.assign(product, r.products$[p]!);
      for (const input of product.recipe ?? []) input.critical = !r.nonCritical[i++ % r.nonCritical.length];
    });
    if (r.policyLayer) spec.states[0]!.doctrine = 'NLG'; // turns the policy layer (and seller search) on
    return { spec, shocks: r.shocks, seed: r.seed };
  });

function applyShock(world: World, { kind, picks, value }: Market['shocks'][number]): void {
  const E = world.edgeSupplier.length;
  const edges = picks.map((p) => p % E);
  if (kind === 'tariff') setTariff(world, edges, value * 2);
  else if (kind === 'block') setBlocked(world, edges, true);
  else for (const p of picks) world.firmDamage[p % world.firmIds.length] = value;
}

/** What the accounts and the edges say, recomputed here, for one step. */
function accountProblems(world: World): string[] {
  const problems: string[] = [];
  const {
    edgeSupplier,
    edgeDelivered,
    edgeTariff,
    edgeSlot,
    firmPrice,
    firmOutput,
    slotUsed,
    slotPrice,
    firmSlotCount,
  } = world;
  let valueAdded = 0;
  let duty = 0;
  let spending = 0;
  let purchases = 0;
  let used = 0;
  const sales = new Float64Array(world.firmIds.length);
  let scale = 0;
  for (let e = 0; e < edgeSupplier.length; e++) {
    const atSeller = edgeDelivered[e]! * firmPrice[edgeSupplier[e]!]!;
    sales[edgeSupplier[e]!]! += atSeller;
    duty += atSeller * edgeTariff[e]!;
    if (edgeSlot[e]! < firmSlotCount) purchases += atSeller * (1 + edgeTariff[e]!);
    else spending += atSeller * (1 + edgeTariff[e]!);
    scale = Math.max(scale, atSeller * (1 + edgeTariff[e]!));
  }
  for (let s = 0; s < firmSlotCount; s++) used += slotUsed[s]! * slotPrice[s]!;
  for (let f = 0; f < firmOutput.length; f++) {
    const revenue = firmOutput[f]! * firmPrice[f]!;
    valueAdded += revenue;
    if (Math.abs(revenue - sales[f]!) > 1e-9 * Math.max(1, revenue))
      problems.push(`firm ${f} sold ${revenue} but delivered ${sales[f]}`);
  }
  valueAdded -= used;
  // Σ (value added + tariff revenue) = Σ (final spending + purchases − intermediate consumption).
  const left = valueAdded + duty;
  const right = spending + purchases - used;
  if (Math.abs(left - right) > 1e-9 * Math.max(1, Math.abs(right), scale))
    problems.push(`income ${left} ≠ expenditure ${right}`);
  return problems;
}

describe('markets over random worlds', () => {
  it('prices stay positive, finite and bounded; accounts close; a non-critical shortage never stops output', () => {
    const seen = { moved: 0, nonCriticalShort: 0, tariffed: 0 };
    fc.assert(
      fc.property(market, ({ spec, shocks, seed }) => {
        const world = createWorld(spec, seed);
        const { priceFloor, priceCap } = world.params;
        for (let t = 0; t < STEPS; t++) {
          for (const s of shocks) if (s.at === t) applyShock(world, s);
          const stock = world.slotStock.slice();
          step(world);
          const label = `step ${t}`;
          for (let f = 0; f < world.firmIds.length; f++) {
            const price = world.firmPrice[f]!;
            const scarcity = world.firmScarcity[f]!;
            expect(price > 0 && Number.isFinite(price), `${label}: firm ${f} price ${price}`).toBe(true);
            expect(
              scarcity >= priceFloor * (1 - 1e-12) && scarcity <= priceCap * (1 + 1e-12),
              `${label}: firm ${f} scarcity ${scarcity}`,
            ).toBe(true);
            if (price !== world.productPrice[world.firmProduct[f]!]) seen.moved++;

            // Output is at least (1 − the cost shares of the short non-critical inputs) of what the
            // critical inputs, capacity and orders allow; a share below 1 never stops it.
            const possible = Math.min(world.firmDemand[f]!, world.firmPotential[f]!);
            let nonCritical = 0;
            for (let s = world.firmSlotStart[f]!; s < world.firmSlotStart[f + 1]!; s++) {
              if (world.slotCritical[s] === 1) continue;
              nonCritical += world.slotCostShare[s]!;
              if (stock[s]! + world.slotReceived[s]! < world.slotAmount[s]! * possible * (1 - 1e-12))
                seen.nonCriticalShort++;
            }
            const floor = world.params.nonCriticalLoss === 'none' ? 1 : 1 - nonCritical;
            expect(world.firmOutput[f]!, `${label}: firm ${f} output`).toBeGreaterThanOrEqual(
              possible * floor * (1 - 1e-9) - 1e-12,
            );
            if (possible > 0 && floor > 1e-9)
              expect(world.firmOutput[f]!, `${label}: firm ${f} stopped`).toBeGreaterThan(0);
          }
          for (let s = 0; s < world.slotPrice.length; s++)
            expect(world.slotPrice[s]! > 0 && Number.isFinite(world.slotPrice[s]!), `${label}: slot ${s}`).toBe(true);
          if (world.edgeTariff.some((x) => x > 0)) seen.tariffed++;
          expect(accountProblems(world), label).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
    // The cases moved prices, ran short of non-critical inputs and carried tariffs: not vacuous.
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(0);
  });

  it('with no shock, every price stays where it started', () => {
    fc.assert(
      fc.property(market, ({ spec, seed }) => {
        const world = createWorld(spec, seed);
        const prices = world.firmPrice.slice();
        const slotPrices = world.slotPrice.slice();
        for (let t = 0; t < STEPS; t++) {
          step(world);
          expect(relativeMismatches(world.firmPrice, prices, 1e-9), `step ${t}: firm prices`).toEqual([]);
          expect(relativeMismatches(world.slotPrice, slotPrices, 1e-9), `step ${t}: slot prices`).toEqual([]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('a tariff on the only supplier of inelastic final demand passes through in full', () => {
    fc.assert(
      fc.property(
        fc.record({
          rate: fc.double({ min: 0.01, max: 3, noNaN: true }),
          price: fc.double({ min: 0.1, max: 100, noNaN: true }),
          sigma: fc.double({ min: 0, max: 12, noNaN: true }),
          omega: fc.double({ min: 0, max: 3, noNaN: true }),
          start: fc.integer({ min: 0, max: 4 }),
          days: fc.constantFrom(7, 30, 365.25 / 4),
        }),
        ({ rate, price, sigma, omega, start, days }) => {
          const spec: WorldSpec = {
            states: [{ id: 'US' }, { id: 'CN' }],
            products: [{ id: 'good', price, armingtonElasticity: sigma, priceFlexibility: omega, demandElasticity: 0 }],
            firms: [{ id: 'maker', state: 'CN', product: 'good' }],
            finalDemand: [{ state: 'US', product: 'good', quantity: 10 }],
            measures: [{ type: 'tariff', issuer: 'US', rate, from: ['CN'], start }],
            params: { daysPerStep: days },
            policy: { forgiveness: 1, reciprocityOffer: 0 },
          };
          const rows = simulate(spec, { steps: start + 4, seed: 1 }).metrics.rows();
          const through = rows.filter((r) => r.variable === 'pass_through');
          expect(through.length).toBe(4);
          for (const r of through) expect(r.value).toBeCloseTo(1, 9);
          for (const r of rows.filter((x) => x.variable === 'buyer_price' && x.step > start))
            expect(r.value / price).toBeCloseTo(1 + rate, 9);
        },
      ),
      { numRuns: 50 },
    );
  });
});
