import { describe, expect, it } from 'vitest';
import { createWorld, step, type World, type WorldSpec } from '@chokepoint/core';
import { QUIET, twoBlocs } from './policy/fixtures.js';

/*
 * Investment with time to build (adaptation/investment.ts): capacity is no longer free. A firm
 * starts the capacity its expected orders need when its capacity is in use and its price covers
 * the cost of capital; it arrives over the time to build; idle capacity wears out.
 */

const firm = (world: World, id: string): number => world.firmIndex.get(id)!;
const quiet = (extra: Partial<Parameters<typeof twoBlocs>[0]> = {}): WorldSpec =>
  twoBlocs({ policy: QUIET, states: { US: { doctrine: 'NLG' } }, ...extra });
// Taiwan stops selling chips to China: Huawei and Xiaomi turn to SMIC, whose orders outgrow its capacity.
const cutoff = { type: 'export_control', issuer: 'TW', targets: ['CN'], products: ['chip'] } as const;

describe('investment', () => {
  it('builds nothing and wears nothing at the steady state', () => {
    const world = createWorld(quiet(), 1);
    const before = Array.from(world.firmCapacity);
    for (let t = 0; t < 8; t++) step(world);
    expect(Array.from(world.firmCapacity)).toEqual(before);
    expect(world.firmCapacityUnderConstruction.every((u) => u === 0)).toBe(true);
  });

  it('starts the capacity expected orders need, which arrives over the time to build', () => {
    const world = createWorld(quiet({ measures: [cutoff] }), 1);
    const smic = firm(world, 'SMIC');
    const days = world.params.daysPerStep;
    const { investmentDays, timeToBuildDays } = world.policy.params;
    let started = false;
    for (let t = 0; t < 12; t++) {
      // Expected orders as the step finds them (the step updates them at its end).
      const [capacity, building, expected] = [
        world.firmCapacity[smic]!,
        world.firmCapacityUnderConstruction[smic]!,
        world.firmExpectedDemand[smic]!,
      ];
      step(world);
      const arrived = building * (1 - Math.exp(-days / timeToBuildDays));
      // Capacity grows by what arrives and by nothing else (SMIC is busy: none of it is idle).
      expect(world.firmCapacity[smic]).toBeCloseTo(capacity + arrived, 12);
      // What the pipeline holds beyond what was left of it is what SMIC started this step.
      const investment = world.firmCapacityUnderConstruction[smic]! - (building - arrived);
      expect(investment).toBeGreaterThanOrEqual(-1e-12);
      if (investment > 1e-12) {
        started = true;
        // A share 1 − exp(−Δ/τ_i) of the gap between the capacity expected orders need and what it has and builds.
        const base = world.firmBaseDemand[smic]! / world.firmBaseCapacity[smic]!;
        const gap = expected / base - (capacity + arrived) - (building - arrived);
        expect(investment).toBeCloseTo(gap * (1 - Math.exp(-days / investmentDays)), 9);
        // Valued at capitalToValueAdded years of its value added at base prices, in the state's investment.
        const value =
          investment *
          world.policy.params.capitalToValueAdded *
          (365.25 / days) *
          world.productValueAdded[world.productIndex.get('chip')!]!;
        expect(world.policy.stateInvestment[world.stateIndex.get('CN')!]).toBeCloseTo(value, 6);
      }
    }
    expect(started).toBe(true);
    expect(world.firmCapacity[smic]!).toBeGreaterThan(createWorld(quiet(), 1).firmCapacity[smic]!);
    // Switched off, nothing is built.
    const off = createWorld(quiet({ measures: [cutoff], params: { disabled: ['investment'] } }), 1);
    const fixed = off.firmCapacity[firm(off, 'SMIC')]!;
    for (let t = 0; t < 12; t++) step(off);
    expect(off.firmCapacity[firm(off, 'SMIC')]).toBe(fixed);
  });

  it('lets idle capacity wear out: a seller that lost its buyers shrinks, and does not build', () => {
    // China bans Apple's phones and Taiwan's chips: TSMC loses Huawei's and Xiaomi's orders.
    const world = createWorld(
      quiet({ measures: [{ type: 'export_control', issuer: 'TW', targets: ['CN'], products: ['chip'] }] }),
      1,
    );
    const tsmc = firm(world, 'TSMC');
    const start = world.firmCapacity[tsmc]!;
    const wear = 1 - Math.exp(-world.policy.params.capacityDepreciation * (world.params.daysPerStep / 365.25));
    for (let t = 0; t < 8; t++) {
      const capacity = world.firmCapacity[tsmc]!;
      step(world);
      const base = world.firmBaseDemand[tsmc]! / world.firmBaseCapacity[tsmc]!;
      const idle = capacity - world.firmOutput[tsmc]! / base;
      expect(world.firmCapacityUnderConstruction[tsmc]).toBe(0); // never started
      if (idle > 0) expect(world.firmCapacity[tsmc]).toBeCloseTo(capacity - wear * idle, 9);
    }
    expect(world.firmCapacity[tsmc]!).toBeLessThan(start);
  });

  it('builds nothing while the capacity it has sits idle for want of inputs, however large its orders', () => {
    // China stops gallium exports to Taiwan (80% of TSMC's gallium), and no one searches: TSMC cannot use its capacity.
    const world = createWorld(
      quiet({
        measures: [{ type: 'export_control', issuer: 'CN', targets: ['TW'], products: ['gallium'] }],
        params: { disabled: ['supplierSearch', 'sellerSearch'] },
      }),
      1,
    );
    const tsmc = firm(world, 'TSMC');
    let short = 0;
    for (let t = 0; t < 8; t++) {
      step(world);
      const usable = world.firmCapacity[tsmc]! * (1 - world.firmDamage[tsmc]!);
      const base = world.firmBaseDemand[tsmc]! / world.firmBaseCapacity[tsmc]!;
      if (
        world.firmOutput[tsmc]! / usable < base * (1 - 1e-9) &&
        world.firmExpectedDemand[tsmc]! / base > world.firmCapacity[tsmc]!
      ) {
        short++; // orders it cannot serve for want of gallium, not of capacity
        expect(world.firmCapacityUnderConstruction[tsmc]).toBe(0);
      }
    }
    expect(short).toBeGreaterThan(0);
  });

  it('capital that costs nothing (capitalToValueAdded 0) is still built, valued at 0, and no subsidy pays for it', () => {
    const world = createWorld(
      quiet({
        measures: [cutoff, { type: 'subsidy', issuer: 'CN', products: ['chip'], investmentShare: 0.5, rd: 0 }],
        policy: { ...QUIET, capitalToValueAdded: 0 },
      }),
      1,
    );
    const smic = firm(world, 'SMIC');
    for (let t = 0; t < 4; t++) {
      step(world);
      expect(world.policy.stateInvestment[world.stateIndex.get('CN')!]).toBe(0);
      expect(world.policy.stateSubsidyPaid[world.stateIndex.get('CN')!]).toBe(0);
    }
    expect(world.firmCapacityUnderConstruction[smic]!).toBeGreaterThan(0);
  });

  it('rejects a time to build that is not a positive number of days, with its path', () => {
    expect(() => createWorld(twoBlocs({ policy: { timeToBuildDays: 0 } }), 1)).toThrow(/policy\.timeToBuildDays.*> 0/);
    const spec = twoBlocs();
    spec.products[2] = { ...spec.products[2]!, timeToBuildDays: -5 };
    expect(() => createWorld(spec, 1)).toThrow(/products\[2\]\.timeToBuildDays/);
  });
});
