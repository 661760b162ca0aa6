import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createWorld,
  generateWorld,
  step,
  type EngineParams,
  type MeasureSpec,
  type PolicyParams,
} from '@chokepoint/core';
import { FIXED_PRICES } from './helpers.js';

/*
 * Step-length invariance (issue 23). Every rate is per unit of time and converted with the step
 * length, and doctrines decide once a decision round, so one scenario run in weekly, monthly
 * and quarterly steps gives the same trajectories at common dates, up to the discretization of
 * a step. Random small worlds with export controls and tariffs switched on and off at quarter
 * boundaries run 10 quarters at 13, 3 and 1 steps a quarter; the output of each state, summed
 * over the run, must agree within the tolerances below (shares of the state's baseline output
 * over the run). Prices are fixed in the first test: scarcity pricing reacts to last step's
 * scarcity, a lag of one step that no rate conversion removes; the third test runs the same worlds
 * with prices on and states the wider tolerance that lag needs (docs/ODD.md §7.17).
 */

const QUARTER = 365.25 / 4;
const QUARTERS = 10;
/** Weekly (13 a quarter) against monthly (3 a quarter). */
const FINE_TOLERANCE = 0.06;
/** Weekly against quarterly: a quarterly step holds a shock for a whole quarter, inventories cover weeks. */
const COARSE_TOLERANCE = 0.12;
/** With scarcity pricing on: weekly against monthly, and against quarterly (a price at its cap for a whole step after a cut lifts). */
const PRICED_FINE_TOLERANCE = 0.1;
const PRICED_COARSE_TOLERANCE = 0.2;
/**
 * Weekly against monthly at every quarter's end, cumulative output (measured over these 50 worlds:
 * at most 0.062 with prices fixed, 0.109 with prices on; version 1's per-step rates 0.159). Weekly
 * against quarterly is not held to a date-by-date tolerance: a quarterly step holds a shock for the
 * whole quarter in which it starts, so the quarter of a cut differs by up to a quarter's output.
 */
const DATE_TOLERANCE = 0.08;
const PRICED_DATE_TOLERANCE = 0.12;

const draw = fc.record({
  seed: fc.nat(1000),
  products: fc.integer({ min: 2, max: 5 }),
  firmsPerProduct: fc.integer({ min: 2, max: 5 }),
  inventoryDays: fc.integer({ min: 5, max: 30 }),
  measures: fc.array(
    fc.record({
      control: fc.boolean(),
      issuer: fc.nat(2),
      target: fc.nat(2),
      product: fc.nat(4),
      from: fc.integer({ min: 1, max: 3 }),
      quarters: fc.nat(4),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});
type Draw = typeof draw extends fc.Arbitrary<infer T> ? T : never;

/** The version-1 form: rates per step at any step length. */
const PER_STEP = { params: { substitutionRate: 0.25 }, policy: { searchPatience: 1, searchDelay: 2 } };

/** Each state's output in each quarter of the run (quarter by state), at `perQuarter` steps a quarter. */
function quarterly(d: Draw, perQuarter: number, perStep = false, prices = false): number[][] {
  const daysPerStep = QUARTER / perQuarter;
  const spec = generateWorld({
    states: 3,
    products: d.products,
    firms: d.products * d.firmsPerProduct,
    seed: d.seed,
    suppliersPerInput: 2,
    finalDemandSuppliers: 3,
    params: {
      ...(prices ? {} : FIXED_PRICES),
      daysPerStep,
      inventoryDays: d.inventoryDays,
      ...(perStep ? PER_STEP.params : {}),
    } as Partial<EngineParams>,
  });
  // Passive doctrines (nothing random is decided): the measures alone move the world.
  spec.states = spec.states.map((s) => ({ ...s, doctrine: 'NLG' }));
  spec.policy = {
    forgiveness: 1,
    reciprocityOffer: 0,
    threatThreshold: 1,
    ...(perStep ? { ...PER_STEP.policy, decisionDays: daysPerStep } : {}),
  } as Partial<PolicyParams>;
  spec.measures = d.measures.map((m): MeasureSpec => {
    const when = {
      issuer: `s${m.issuer}`,
      start: m.from * perQuarter,
      ...(m.quarters > 0 ? { end: (m.from + m.quarters) * perQuarter } : {}),
    };
    return m.control
      ? { ...when, type: 'export_control', targets: [`s${m.target}`], products: [`p${m.product % d.products}`] }
      : { ...when, type: 'tariff', rate: 0.5, from: [`s${m.target}`] };
  });
  const world = createWorld(spec, 1);
  const out = Array.from({ length: QUARTERS }, () => [0, 0, 0]);
  for (let t = 0; t < QUARTERS * perQuarter; t++) {
    step(world);
    const q = out[Math.floor(t / perQuarter)]!;
    for (let f = 0; f < world.firmIds.length; f++) q[world.firmState[f]!]! += world.firmOutput[f]! / perQuarter;
  }
  return out;
}

/** Each state's output summed over the run, at `perQuarter` steps a quarter. */
function outputs(d: Draw, perQuarter: number, perStep = false, prices = false): number[] {
  return quarterly(d, perQuarter, perStep, prices).reduce((sum, q) => sum.map((v, s) => v + q[s]!), [0, 0, 0]);
}

/**
 * The largest gap between two runs' trajectories at the common dates, the end of every quarter:
 * each state's cumulative output to that date, as a share of its baseline cumulative output to it.
 */
function dateGap(d: Draw, a: number, b: number, perStep = false, prices = false): number {
  const x = quarterly(d, a, perStep, prices);
  const y = quarterly(d, b, perStep, prices);
  const baseline = quarterly({ ...d, measures: [] }, 1, false, prices);
  let worst = 0;
  for (let s = 0; s < 3; s++) {
    let cx = 0;
    let cy = 0;
    let cb = 0;
    for (let q = 0; q < QUARTERS; q++) {
      cx += x[q]![s]!;
      cy += y[q]![s]!;
      cb += baseline[q]![s]!;
      if (cb > 0) worst = Math.max(worst, Math.abs(cx - cy) / cb);
    }
  }
  return worst;
}

/** The largest gap between two runs' summed outputs, as a share of the state's baseline output over the run. */
function gap(d: Draw, a: number, b: number, perStep = false, prices = false): number {
  const x = outputs(d, a, perStep, prices);
  const y = outputs(d, b, perStep, prices);
  const baseline = outputs({ ...d, measures: [] }, 1, false, prices);
  return Math.max(...x.map((v, s) => (baseline[s]! > 0 ? Math.abs(v - y[s]!) / baseline[s]! : 0)));
}

describe('step-length invariance', () => {
  it(`weekly, monthly and quarterly runs agree at common dates (within ${FINE_TOLERANCE} weekly vs monthly, ${COARSE_TOLERANCE} vs quarterly)`, () => {
    fc.assert(
      fc.property(draw, (d) => {
        expect(gap(d, 13, 3)).toBeLessThanOrEqual(FINE_TOLERANCE);
        expect(gap(d, 13, 1)).toBeLessThanOrEqual(COARSE_TOLERANCE);
      }),
      { numRuns: 50, seed: 23 },
    );
  });

  it(`with scarcity pricing on, they agree within ${PRICED_FINE_TOLERANCE} weekly vs monthly and ${PRICED_COARSE_TOLERANCE} vs quarterly (the one-step price lag)`, () => {
    fc.assert(
      fc.property(draw, (d) => {
        expect(gap(d, 13, 3, false, true)).toBeLessThanOrEqual(PRICED_FINE_TOLERANCE);
        expect(gap(d, 13, 1, false, true)).toBeLessThanOrEqual(PRICED_COARSE_TOLERANCE);
      }),
      { numRuns: 50, seed: 23 },
    );
  });

  it(`weekly and monthly trajectories agree at every quarter's end (cumulative output within ${DATE_TOLERANCE}; ${PRICED_DATE_TOLERANCE} with prices on)`, () => {
    fc.assert(
      fc.property(draw, (d) => {
        expect(dateGap(d, 13, 3)).toBeLessThanOrEqual(DATE_TOLERANCE);
        expect(dateGap(d, 13, 3, false, true)).toBeLessThanOrEqual(PRICED_DATE_TOLERANCE);
      }),
      { numRuns: 50, seed: 23 },
    );
  });

  it('with the rates of version 1 (per step), the same worlds do not agree: the check can fail', () => {
    const draws = fc.sample(draw, { numRuns: 40, seed: 23 });
    const worst = Math.max(...draws.map((d) => gap(d, 13, 1, true)));
    expect(worst).toBeGreaterThan(COARSE_TOLERANCE);
    const worstAtDates = Math.max(...draws.map((d) => dateGap(d, 13, 3, true)));
    expect(worstAtDates).toBeGreaterThan(DATE_TOLERANCE);
  });
});
