import { describe, expect, it } from 'vitest';
import { createWorld, step, type MeasureSpec, type World } from '@chokepoint/core';
import { QUIET, buyerStateOf, edgeOf, edgesWhere, metric, stepWithMetrics, twoBlocs } from './fixtures.js';

/*
 * The instruments other than the content-based controls: tariff, procurement
 * ban, market-access denial, investment screening, mineral export licensing
 * and subsidy. Each shows its effect and where it stops.
 */

const years = (world: World): number => world.params.daysPerStep / 365.25;
const blocked = (world: World): number[] => [...world.edgeBlocked.keys()].filter((e) => world.edgeBlocked[e] === 1);
const firm = (world: World, id: string): number => world.firmIndex.get(id)!;

describe('tariff', () => {
  const RATE = 0.5;
  const galliumTariff = (params: Record<string, number> = {}) =>
    twoBlocs({
      measures: [{ type: 'tariff', issuer: 'US', rate: RATE, from: ['CN'], products: ['gallium'] }],
      policy: QUIET,
      params,
    });

  it('falls on the issuer’s imports of the product from the listed state only', () => {
    const world = createWorld(galliumTariff(), 1);
    step(world);
    const taxed = edgesWhere(world, { from: 'CN', to: 'US', product: 'gallium' });
    expect(taxed).toEqual([edgeOf(world, 'GalliumCN', 'AMAT')]);
    for (let e = 0; e < world.edgeTariff.length; e++)
      expect(world.edgeTariff[e], `edge ${e}`).toBe(taxed.includes(e) ? RATE : 0);
    expect(blocked(world)).toEqual([]); // a tariff never blocks
  });

  it('shifts the buyer’s orders away from the tariffed supplier by its delivered price, (price·(1 + rate))^(−σ)', () => {
    for (const elasticity of [2, 0.5, 0]) {
      const world = createWorld(galliumTariff({ armingtonElasticity: elasticity }), 1);
      const base = world.productPrice[world.productIndex.get('gallium')!]!;
      let moved = false;
      for (let t = 0; t < 5; t++) {
        const cn = edgeOf(world, 'GalliumCN', 'AMAT');
        const row = edgeOf(world, 'GalliumROW', 'AMAT');
        const shareRatio = world.edgeShare[cn]! / world.edgeShare[row]!; // the established weights the orders start from
        step(world);
        // This step's prices (set in phase 3a, before the orders): the tariffed seller discounts as its orders fall.
        const priceCn = world.firmPrice[firm(world, 'GalliumCN')]!;
        const priceRow = world.firmPrice[firm(world, 'GalliumROW')]!;
        if (priceCn !== base) moved = true;
        const orderRatio = world.edgeOrder[cn]! / world.edgeOrder[row]!;
        const expected = shareRatio * Math.pow((priceCn * (1 + RATE)) / priceRow, -elasticity);
        expect(orderRatio, `σ = ${elasticity}, step ${t}`).toBeCloseTo(expected, 10);
      }
      // With σ > 0 the tariffed seller loses orders and cuts its price, so the rule is tested with prices that moved.
      expect(moved, `σ = ${elasticity}`).toBe(elasticity > 0);
    }
  });

  it('reads the former name tariffElasticity as armingtonElasticity', () => {
    expect(createWorld(galliumTariff({ tariffElasticity: 0.7 }), 1).params.armingtonElasticity).toBe(0.7);
    expect(
      createWorld(galliumTariff({ tariffElasticity: 0.7, armingtonElasticity: 3 }), 1).params.armingtonElasticity,
    ).toBe(3);
  });

  it('records the duty paid by the importing state as its tariff_revenue, at the seller’s price', () => {
    const world = createWorld(galliumTariff(), 1);
    for (let t = 0; t < 4; t++) {
      const rows = stepWithMetrics(world);
      const e = edgeOf(world, 'GalliumCN', 'AMAT');
      const expected = world.edgeDelivered[e]! * world.firmPrice[firm(world, 'GalliumCN')]! * RATE;
      expect(expected).toBeGreaterThan(0);
      expect(metric(rows, 'US', 'tariff_revenue')).toBeCloseTo(expected, 10);
      expect(metric(rows, 'CN', 'tariff_revenue')).toBe(0);
    }
  });
});

describe('procurement_ban', () => {
  const GRACE = 3;
  const START = 2;
  const ban = twoBlocs({
    measures: [
      { type: 'procurement_ban', issuer: 'US', origins: ['CN'], products: ['phone'], grace: GRACE, start: START },
    ],
    policy: QUIET,
  });

  it('ramps the licence down linearly over the grace period, then blocks', () => {
    const world = createWorld(ban, 1);
    for (let t = 0; t < 9; t++) {
      step(world);
      const elapsed = t - START + 1;
      for (const supplier of ['Huawei', 'Xiaomi']) {
        const e = edgeOf(world, supplier, { final: 'US' });
        if (t < START) {
          expect(world.edgeLicenceProbability[e]).toBe(1);
          expect(world.edgeBlocked[e]).toBe(0);
        } else if (elapsed <= GRACE) {
          expect(world.edgeBlocked[e]).toBe(0);
          expect(world.edgeLicenceProbability[e], `step ${t}`).toBeCloseTo(1 - elapsed / (GRACE + 1), 15);
        } else {
          expect(world.edgeBlocked[e], `step ${t}`).toBe(1);
          expect(world.edgeDelivered[e]).toBe(0);
        }
      }
      // Other buyers of the same suppliers, and other suppliers of the same buyer, are untouched.
      expect(world.edgeLicenceProbability[edgeOf(world, 'Huawei', { final: 'CN' })]).toBe(1);
      expect(world.edgeLicenceProbability[edgeOf(world, 'Huawei', { final: 'ROW' })]).toBe(1);
      expect(world.edgeLicenceProbability[edgeOf(world, 'Apple', { final: 'US' })]).toBe(1);
    }
  });

  it('with no grace period blocks from its first step', () => {
    const world = createWorld(
      twoBlocs({ measures: [{ type: 'procurement_ban', issuer: 'US', suppliers: ['Huawei'] }], policy: QUIET }),
      1,
    );
    step(world);
    expect(blocked(world)).toEqual([edgeOf(world, 'Huawei', { final: 'US' })]);
  });
});

describe('market_access_denial', () => {
  it('closes only the issuer’s final demand to the named origins, not its firms’ purchases', () => {
    const world = createWorld(
      twoBlocs({ measures: [{ type: 'market_access_denial', issuer: 'CN', origins: ['US'] }], policy: QUIET }),
      1,
    );
    step(world);
    expect(blocked(world)).toEqual([edgeOf(world, 'Apple', { final: 'CN' })]);
    expect(world.edgeDelivered[edgeOf(world, 'AMAT', 'SMIC')]).toBeGreaterThan(0); // US supplier, CN firm buyer
    expect(world.edgeDelivered[edgeOf(world, 'Apple', { final: 'ROW' })]).toBeGreaterThan(0);
  });

  it('closes the issuer’s final demand to named firms', () => {
    const world = createWorld(
      twoBlocs({ measures: [{ type: 'market_access_denial', issuer: 'US', firms: ['Huawei'] }], policy: QUIET }),
      1,
    );
    step(world);
    expect(blocked(world)).toEqual([edgeOf(world, 'Huawei', { final: 'US' })]);
  });
});

describe('investment_screening', () => {
  // Huawei at half the phone frontier; the US leads in phones, so Huawei's spillover comes from the US.
  const spec = (measures: MeasureSpec[]) =>
    // No learning by doing and a fixed frontier: the spillover term is the only one screening touches, and it adds to the gain one for one.
    twoBlocs({
      firms: { Huawei: { capability: 0.5 } },
      measures,
      policy: { ...QUIET, learningByDoing: 0, frontierGrowth: 0 },
      states: { US: { doctrine: 'NLG' } } /* keeps the policy layer on with no measure */,
    });
  const screen = (fields: Record<string, unknown> = {}): MeasureSpec => ({
    type: 'investment_screening',
    issuer: 'US',
    targets: ['CN'],
    ...fields,
  });

  /** Huawei's capability gain in the first step. */
  const firstGain = (measures: MeasureSpec[]): { gain: number; world: World } => {
    const world = createWorld(spec(measures), 1);
    const before = world.firmCapability[firm(world, 'Huawei')]!;
    step(world);
    return { gain: world.firmCapability[firm(world, 'Huawei')]! - before, world };
  };

  it('cuts the target’s spillover term of capability growth, by strength and direction', () => {
    const open = firstGain([]);
    const world = open.world;
    const spillover =
      years(world) *
      world.policy.params.spilloverRate *
      world.policy.stateForeignAccess[world.stateIndex.get('CN')!]! *
      0.5; // gap 0.5
    expect(spillover).toBeGreaterThan(0);
    expect(open.gain - firstGain([screen()]).gain).toBeCloseTo(spillover, 12);
    expect(open.gain - firstGain([screen({ direction: 'inbound' })]).gain).toBeCloseTo(spillover / 2, 12);
    expect(open.gain - firstGain([screen({ strength: 0.5 })]).gain).toBeCloseTo(spillover / 2, 12);
    expect(open.gain - firstGain([screen({ strength: 0 })]).gain).toBeCloseTo(0, 15);
  });

  it('keeps the target behind an unscreened run over time, and touches no edge', () => {
    const open = createWorld(spec([]), 1);
    const screened = createWorld(spec([screen()]), 1);
    for (let t = 0; t < 12; t++) {
      step(open);
      step(screened);
      expect(blocked(screened)).toEqual([]);
      expect(screened.firmCapability[firm(screened, 'Huawei')]!).toBeLessThan(
        open.firmCapability[firm(open, 'Huawei')]!,
      );
    }
  });

  it('cuts only the spillover from the issuer: screening by a state that does not lead changes nothing', () => {
    const open = firstGain([]);
    expect(firstGain([screen({ issuer: 'JP' })]).gain).toBe(open.gain);
  });
});

describe('mineral_export_licensing', () => {
  const licensing = (fields: { issuer: string } & Record<string, unknown>) =>
    twoBlocs({ measures: [{ type: 'mineral_export_licensing', products: ['gallium'], ...fields }], policy: QUIET });

  it('restricts the issuer’s own exports of the product, not its domestic sales nor others’ exports', () => {
    const world = createWorld(licensing({ issuer: 'CN' }), 1);
    step(world);
    const exports = edgesWhere(world, { from: 'CN', product: 'gallium' }).filter(
      (e) => world.stateIds[buyerStateOf(world, e)] !== 'CN',
    );
    expect(exports.length).toBe(4);
    expect(blocked(world)).toEqual(exports);
    expect(world.edgeDelivered[edgeOf(world, 'GalliumCN', 'SMIC')]).toBeGreaterThan(0);
  });

  it('issued by a state with no maker of the product restricts nothing', () => {
    const world = createWorld(licensing({ issuer: 'US' }), 1);
    step(world);
    expect(blocked(world)).toEqual([]);
  });

  it('covers only the listed destinations, with a licence probability', () => {
    const world = createWorld(licensing({ issuer: 'CN', targets: ['JP'], licence: 0.25 }), 1);
    step(world);
    expect(blocked(world)).toEqual([]);
    const restricted = [...world.edgeLicenceProbability.keys()].filter((e) => world.edgeLicenceProbability[e]! < 1);
    expect(restricted).toEqual([edgeOf(world, 'GalliumCN', 'TEL')]);
    expect(world.edgeLicenceProbability[restricted[0]!]).toBeCloseTo(0.25, 15);
  });
});

describe('subsidy', () => {
  const SHARE = 0.5;
  const RD = 0.1;
  // Taiwan stops selling chips to China: SMIC's orders outgrow its capacity, its price rises, and it invests.
  const cutoff: MeasureSpec = { type: 'export_control', issuer: 'TW', targets: ['CN'], products: ['chip'] };
  const subsidized = (budget?: number, extra: MeasureSpec[] = []) =>
    twoBlocs({
      states: { CN: budget === undefined ? {} : { budget } },
      measures: [
        cutoff,
        { type: 'subsidy', issuer: 'CN', products: ['chip'], investmentShare: SHARE, rd: RD },
        ...extra,
      ],
      policy: QUIET,
    });
  /** What a unit of capacity started this step costs (capitalToValueAdded years of its value added at base prices). */
  const unitCost = (world: World) =>
    world.policy.params.capitalToValueAdded *
    (365.25 / world.params.daysPerStep) *
    world.productValueAdded[world.productIndex.get('chip')!]!;

  it('pays its share of the investment the issuer’s makers start, and their R&D; it adds no capacity by itself', () => {
    const world = createWorld(subsidized(), 1);
    const smic = firm(world, 'SMIC');
    let invested = 0;
    for (let t = 0; t < 6; t++) {
      const building = world.firmCapacityUnderConstruction[smic]!;
      const rows = stepWithMetrics(world);
      expect(world.policy.firmInvestmentSubsidy[smic]).toBe(SHARE);
      expect(world.policy.firmInvestmentSubsidy[firm(world, 'TSMC')]).toBe(0); // a foreign maker of the product
      expect(world.policy.firmRdBoost[smic]).toBeCloseTo(RD, 15);
      const rd = RD * world.firmOutput[smic]! * world.firmPrice[smic]!;
      // Started this step: the pipeline beyond what was left of it after this step's arrivals.
      const left =
        building * Math.exp(-world.params.daysPerStep / world.productTimeToBuild[world.productIndex.get('chip')!]!);
      const investment = world.firmCapacityUnderConstruction[smic]! - left;
      invested += investment;
      expect(metric(rows, 'CN', 'subsidy_paid')).toBeCloseTo(rd + SHARE * investment * unitCost(world), 9);
      expect(metric(rows, 'CN', 'investment')).toBeCloseTo(investment * unitCost(world), 9);
      expect(metric(rows, 'US', 'subsidy_paid')).toBe(0);
    }
    expect(invested).toBeGreaterThan(0);
    // At the steady state (no cutoff) nothing needs building: the subsidy pays R&D and no capacity appears.
    const calm = createWorld(
      twoBlocs({
        measures: [{ type: 'subsidy', issuer: 'CN', products: ['chip'], investmentShare: SHARE, rd: RD }],
        policy: QUIET,
      }),
      1,
    );
    const capacity = calm.firmCapacity[firm(calm, 'SMIC')]!;
    for (let t = 0; t < 6; t++) step(calm);
    expect(calm.firmCapacity[firm(calm, 'SMIC')]).toBe(capacity);
    expect(calm.firmCapacityUnderConstruction[firm(calm, 'SMIC')]).toBe(0);
  });

  it('scales R&D down to the budget, pays investment from what is left, and two subsidies share one budget', () => {
    const free = createWorld(subsidized(), 1);
    stepWithMetrics(free);
    const fullCost = free.policy.stateSubsidyPaid[free.stateIndex.get('CN')!]!;
    const budget = fullCost / 4;
    const world = createWorld(subsidized(budget), 1);
    const smic = firm(world, 'SMIC');
    const rows = stepWithMetrics(world);
    expect(metric(rows, 'CN', 'subsidy_paid')).toBeLessThanOrEqual(budget * (1 + 1e-12));
    expect(world.policy.firmRdBoost[smic]).toBeLessThan(RD);
    const twice = createWorld(subsidized(budget, [{ type: 'subsidy', issuer: 'CN', products: ['phone'], rd: 0.2 }]), 1);
    for (let t = 0; t < 4; t++)
      expect(metric(stepWithMetrics(twice), 'CN', 'subsidy_paid')).toBeLessThanOrEqual(budget * (1 + 1e-12));
  });

  it('with a zero budget pays nothing, and the makers invest as they would unsubsidized', () => {
    const world = createWorld(subsidized(0), 1);
    const alone = createWorld(twoBlocs({ states: { CN: { doctrine: 'NLG' } }, measures: [cutoff], policy: QUIET }), 1);
    for (let t = 0; t < 6; t++) {
      expect(metric(stepWithMetrics(world), 'CN', 'subsidy_paid')).toBe(0);
      step(alone);
    }
    expect(world.firmCapacity[firm(world, 'SMIC')]).toBe(alone.firmCapacity[firm(alone, 'SMIC')]);
  });
});
