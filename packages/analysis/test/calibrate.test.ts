/**
 * Calibration by rejection ABC: recovery of a known parameter of a synthetic episode,
 * determinism per seed (and across worker counts), the priors, the statistics (checked
 * against the validation suite's own computation on a real episode), the distance and the
 * acceptance rule, and located errors.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '@chokepoint/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptSamples,
  bandDistance,
  computeStatistics,
  parseSeries,
  priorQuantile,
  priorsFromArguments,
  readCalibrationTargets,
  reduceSeries,
  resolveStatistic,
  runCalibration,
  samplePriors,
  type CalibrationResult,
  type Prior,
  type ResolvedStatistic,
} from '@chokepoint/analysis';
import { ScenarioError, buildPlan, loadScenario, materializeWorld } from '@chokepoint/scenario';
import { runEpisode } from '../../../test/validation/observe.js';

const root = join(import.meta.dirname, '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'chokepoint-calibrate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// A tiny episode: buyer C takes 60% of its good from A and 40% from B; from step 3 C puts a
// 50% tariff on A, which moves C's orders by weight × 1.5^(−armingtonElasticity). Prices are
// held (no scarcity pricing, fixed demand), so the elasticity alone moves the observable:
// A's share of C's imports over steps 5-10.
const EPISODE = `title: "Synthetic episode: a tariff diverts a buyer's imports"
world:
  states: [{ id: A }, { id: B }, { id: C }]
  products: [{ id: good }]
  firms:
    - { id: A-Maker, state: A, product: good, capacity: 20 }
    - { id: B-Maker, state: B, product: good, capacity: 20 }
  finalDemand:
    - { state: C, product: good, quantity: 10, suppliers: [{ firm: A-Maker, share: 0.6 }, { firm: B-Maker, share: 0.4 }] }
  params: { priceFlexibility: 0, demandElasticity: 0 }
  policy: { forgiveness: 1, reciprocityOffer: 0, threatThreshold: 1 }
doctrines:
  A: { doctrine: NLG }
  C: { doctrine: NLG }
horizon: 10
timeline:
  - step: 3
    measure: { id: duty, type: tariff, issuer: C, from: [A], products: [good], rate: 0.5 }
replicates: 2
seed: 7
`;
const TRUE_ELASTICITY = 3;
const episode = join(tmp, 'episode.yaml');
const PRIOR: Prior = { name: 'params.armingtonElasticity', kind: 'loguniform', min: 0.5, max: 20 };

/** A's share of C's imports, averaged over steps 5-10, computed from the raw metric rows. */
function observedShare(elasticity: number): number {
  const plan = buildPlan(loadScenario(episode, { set: [`params.armingtonElasticity=${elasticity}`] }));
  const config = plan.configs[0]!;
  const shares: number[] = [];
  for (const run of plan.meta.runs) {
    const rows = simulate(materializeWorld(config.recipe), { steps: config.steps, seed: run.seed }).metrics.rows();
    const value = (entity: string, step: number): number =>
      rows.find(
        (r) => r.entityKind === 'flow' && r.entity === entity && r.variable === 'trade_value' && r.step === step,
      )?.value ?? 0;
    let sum = 0;
    for (let step = 5; step <= 10; step++)
      sum += value('A>C:good', step) / (value('A>C:good', step) + value('B>C:good', step));
    shares.push(sum / 6);
  }
  return shares.reduce((a, b) => a + b, 0) / shares.length;
}

const strip = (
  r: CalibrationResult,
): Omit<CalibrationResult, 'startedAt' | 'wallTimeMs' | 'workers' | 'calibrated'> & { set: string[] } => {
  const { startedAt: _s, wallTimeMs: _w, workers: _k, calibrated, ...rest } = r;
  return { ...rest, set: calibrated.set };
};

describe('rejection ABC on a synthetic episode with a known parameter', () => {
  let truth: number;
  let result: CalibrationResult;
  let values: number[][];
  let distances: number[];
  let accepted: boolean[];
  beforeAll(async () => {
    writeFileSync(episode, EPISODE);
    truth = observedShare(TRUE_ELASTICITY);
    // The band: the observed value ± 0.02 (about ±7%), as a recorded outcome with its tolerance.
    writeFileSync(
      join(tmp, 'episode.targets.yaml'),
      `episode: synthetic\narm: base\ntargets:\n  - id: share-from-a\n    band: [${truth - 0.02}, ${truth + 0.02}]\n    statistic: { series: "flow/A>C:good/trade_value / flow/*>C:good/trade_value", reduce: mean, from: { measure: duty, offset: 2 }, to: last }\n`,
    );
    const run = await runCalibration(episode, {
      priors: [PRIOR],
      samples: 300,
      accept: 30,
      seed: 'abc',
      workers: 1,
      out: join(tmp, 'a'),
      cwd: tmp,
    });
    ({ result, values, distances, accepted } = run);
  });

  it('has a band that the true parameter meets and the prior mostly misses', () => {
    expect(truth).toBeGreaterThan(0.25);
    expect(truth).toBeLessThan(0.35);
    const { inBandPrior, inBandPosterior } = result.targets[0]!;
    expect(inBandPrior).toBeGreaterThan(0);
    expect(inBandPrior).toBeLessThan(0.2);
    // In-band samples are within one half-width of the centre, so all of them are among the closest 30.
    expect(inBandPrior * 300).toBeLessThanOrEqual(30);
    expect(inBandPosterior * 30).toBeCloseTo(inBandPrior * 300, 9);
    expect(inBandPosterior).toBeGreaterThan(4 * inBandPrior);
  });

  it('recovers the true value within the 95% posterior interval, narrower than the prior', () => {
    const posterior = result.posterior[PRIOR.name]!;
    expect(posterior.n).toBe(30);
    expect(posterior.ci95[0]).toBeLessThanOrEqual(TRUE_ELASTICITY);
    expect(posterior.ci95[1]).toBeGreaterThanOrEqual(TRUE_ELASTICITY);
    expect(posterior.ci95[1] - posterior.ci95[0]).toBeLessThan(0.5 * (posterior.prior95[1] - posterior.prior95[0]));
    expect(posterior.narrowing).toBeLessThan(0.5);
    expect(Math.abs(posterior.median - TRUE_ELASTICITY)).toBeLessThan(0.5);
  });

  it('accepts exactly the closest samples and writes them to posterior.csv', () => {
    const worstAccepted = Math.max(...distances.filter((_, i) => accepted[i]));
    const bestRejected = Math.min(...distances.filter((_, i) => !accepted[i]));
    expect(worstAccepted).toBeLessThanOrEqual(bestRejected);
    expect(result.threshold).toBe(worstAccepted);
    const lines = readFileSync(join(tmp, 'a', 'posterior.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('sample,params.armingtonElasticity,target:share-from-a,in_band,distance,accepted');
    expect(lines).toHaveLength(301);
    const csvAccepted = lines
      .slice(1)
      .filter((l) => l.endsWith(',1'))
      .map((l) => Number(l.split(',')[1]));
    expect(csvAccepted).toEqual(values.filter((_, i) => accepted[i]).map((v) => v[0]));
  });

  it('writes the calibrated values as --set flags that the episode accepts', () => {
    expect(result.calibrated.scenario).toBeNull(); // the episode is outside the library and outside --out
    const set = readFileSync(join(tmp, 'a', 'calibrated-set.txt'), 'utf8')
      .trim()
      .split('\n');
    expect(set).toEqual([`--set params.armingtonElasticity=${result.calibrated.parameters[PRIOR.name]}`]);
    const plan = buildPlan(loadScenario(episode, { set: set.map((s) => s.replace(/^--set /, '')) }));
    const recipe = plan.configs[0]!.recipe;
    expect(recipe.kind === 'inline' && recipe.spec.params?.armingtonElasticity).toBe(
      result.calibrated.parameters[PRIOR.name],
    );
  });

  it('is deterministic for a seed, across worker counts, and changes with the seed', async () => {
    const again = await runCalibration(episode, {
      priors: [PRIOR],
      samples: 300,
      accept: 30,
      seed: 'abc',
      workers: 2,
      out: join(tmp, 'b'),
      cwd: tmp,
    });
    expect(strip(again.result)).toEqual(strip(result));
    expect(readFileSync(join(tmp, 'b', 'posterior.csv'), 'utf8')).toBe(
      readFileSync(join(tmp, 'a', 'posterior.csv'), 'utf8'),
    );
    const other = await runCalibration(episode, {
      priors: [PRIOR],
      samples: 20,
      seed: 'other',
      workers: 1,
      out: join(tmp, 'c'),
      cwd: tmp,
    });
    expect(other.values).not.toEqual(values.slice(0, 20));
    expect(other.result.rule).toEqual({ accept: 2 }); // 10% by default
  });

  it('accepts by tolerance, and says so when nothing is within it', async () => {
    const run = await runCalibration(episode, {
      priors: [PRIOR],
      samples: 80,
      tolerance: 1,
      seed: 'abc',
      workers: 1,
      out: join(tmp, 'tol'),
      cwd: tmp,
    });
    expect(run.accepted).toEqual(run.distances.map((d) => d <= 1));
    await expect(
      runCalibration(episode, {
        priors: [PRIOR],
        samples: 5,
        tolerance: 0,
        seed: 'abc',
        workers: 1,
        out: join(tmp, 'none'),
        cwd: tmp,
      }),
    ).rejects.toThrow(/no sample was accepted/);
  });

  it('reports bad priors, parameter paths, options and statistics as located one-line errors', async () => {
    const lines = async (promise: Promise<unknown>): Promise<string[]> => {
      try {
        await promise;
      } catch (error) {
        if (error instanceof ScenarioError) return error.lines();
        throw error;
      }
      throw new Error('expected a ScenarioError');
    };
    expect(() => priorsFromArguments(['x=beta(1, 2)'])).toThrow(/^\(--param\):1:3: x: expected a prior uniform/);
    expect(() => priorsFromArguments(['x=loguniform(0, 2)'])).toThrow(/min > 0 for loguniform/);
    expect(
      await lines(
        runCalibration(episode, {
          priors: [{ ...PRIOR, name: 'params.nope.x' }],
          samples: 5,
          workers: 1,
          out: join(tmp, 'e1'),
          cwd: tmp,
        }),
      ),
    ).toHaveLength(1);
    expect(
      await lines(
        runCalibration(episode, {
          priors: [{ ...PRIOR, name: 'parms.armingtonElasticity' }],
          samples: 5,
          workers: 1,
          out: join(tmp, 'e2'),
          cwd: tmp,
        }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^\(--param\):1:1: parms\.armingtonElasticity: expected a path starting with .*did you mean "params"/,
      ),
    ]);
    expect(
      await lines(
        runCalibration(episode, { priors: [PRIOR], samples: 5, accept: 6, workers: 1, out: join(tmp, 'e3'), cwd: tmp }),
      ),
    ).toEqual(['(command line):1:1: --accept: expected an integer from 1 to the number of samples (5), received 6']);
    // A prior whose upper corner is not a valid value of the parameter.
    expect(
      (
        await lines(
          runCalibration(episode, {
            priors: [{ name: 'params.substitutionRate', kind: 'uniform', min: 0, max: 2 }],
            samples: 5,
            workers: 1,
            out: join(tmp, 'e4'),
            cwd: tmp,
          }),
        )
      )[0],
    ).toMatch(/substitutionRate/);
    const bad = join(tmp, 'bad.targets.yaml');
    writeFileSync(
      bad,
      'targets:\n  - id: t\n    band: [0, 1]\n    statistic: { series: "flow/A>C:good/trade_value /", reduce: mean }\n  - id: u\n    band: [0, 1]\n    statistic: { series: "world/world/output", reduce: median }\n',
    );
    expect(
      await lines(
        runCalibration(episode, {
          priors: [PRIOR],
          samples: 5,
          targetsFile: bad,
          workers: 1,
          out: join(tmp, 'e5'),
          cwd: tmp,
        }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^bad\.targets\.yaml:4:26: targets\[0\]\.statistic\.series: expected an operand at the end/,
      ),
      expect.stringMatching(
        /^bad\.targets\.yaml:7:56: targets\[1\]\.statistic\.reduce: expected one of at, mean, sum, min, max, first-below, first-above, received "median"/,
      ),
    ]);
    writeFileSync(
      bad,
      'arm: base\ntargets:\n  - id: t\n    band: [0, 1]\n    statistic: { series: "firm/Nobody/output" }\n  - id: u\n    band: [0, 1]\n    statistic: { series: "world/world/output", at: { measure: nope } }\n',
    );
    expect(
      await lines(
        runCalibration(episode, {
          priors: [PRIOR],
          samples: 5,
          targetsFile: bad,
          targets: ['u'],
          workers: 1,
          out: join(tmp, 'e6'),
          cwd: tmp,
        }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^bad\.targets\.yaml:8:63: targets\[1\]\.statistic\.at\.measure: expected the id of a measure of the run \(duty\), received "nope"/,
      ),
    ]);
    expect(
      await lines(
        runCalibration(episode, {
          priors: [PRIOR],
          samples: 5,
          targetsFile: bad,
          targets: ['t'],
          workers: 1,
          out: join(tmp, 'e7'),
          cwd: tmp,
        }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^bad\.targets\.yaml:5:26: targets\[0\]\.statistic\.series: expected metrics the runs of arm "base" record .*received "firm\/Nobody\/output" \(no entity matches\)/,
      ),
    ]);
  });
});

describe('priors', () => {
  const priorArbitrary = fc
    .record({
      kind: fc.constantFrom('uniform', 'loguniform', 'int'),
      a: fc.double({ min: 0.01, max: 1000, noNaN: true }),
      width: fc.double({ min: 1, max: 1000, noNaN: true }),
    })
    .map(({ kind, a, width }): Prior => ({ name: 'x', kind: kind as Prior['kind'], min: a, max: a + width }));

  it('draw within the bounds, monotone in the cumulative probability', () => {
    fc.assert(
      fc.property(
        priorArbitrary,
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (prior, u, v) => {
          const x = priorQuantile(prior, Math.min(u, v));
          const y = priorQuantile(prior, Math.max(u, v));
          expect(x).toBeGreaterThanOrEqual(prior.kind === 'int' ? Math.ceil(prior.min) : prior.min);
          expect(y).toBeLessThanOrEqual(prior.max);
          expect(x).toBeLessThanOrEqual(y);
          if (prior.kind === 'int') expect(Number.isInteger(x)).toBe(true);
        },
      ),
    );
  });

  it('are seeded, prefix-stable, and independent per parameter', () => {
    const a: Prior = { name: 'a', kind: 'uniform', min: 0, max: 1 };
    const b: Prior = { name: 'b', kind: 'loguniform', min: 1, max: 100 };
    const long = samplePriors([a, b], 100, 's');
    expect(samplePriors([a, b], 100, 's')).toEqual(long);
    expect(samplePriors([a, b], 40, 's')).toEqual(long.slice(0, 40));
    expect(samplePriors([b], 100, 's').map((r) => r[0])).toEqual(long.map((r) => r[1]));
    expect(samplePriors([a, b], 100, 't')).not.toEqual(long);
    // Roughly uniform: the mean of 100 uniform(0, 1) draws, and half of the log-uniform draws below 10.
    expect(Math.abs(long.reduce((s, r) => s + r[0]!, 0) / 100 - 0.5)).toBeLessThan(0.1);
    expect(Math.abs(long.filter((r) => r[1]! < 10).length - 50)).toBeLessThan(15);
  });
});

describe('statistics', () => {
  it('parse series with precedence, parentheses and metric names holding - and *', () => {
    expect(parseSeries('(firm/A-1/output - firm/B/output) / flow/*>CN:x/trade_value * 2')).toEqual({
      op: '*',
      left: {
        op: '/',
        left: { op: '-', left: { metric: 'firm/A-1/output' }, right: { metric: 'firm/B/output' } },
        right: { metric: 'flow/*>CN:x/trade_value' },
      },
      right: { number: 2 },
    });
    expect(() => parseSeries('firm/A/output firm/B/output')).toThrow(/an operator where "firm\/B\/output" is/);
    expect(() => parseSeries('(firm/A/output')).toThrow(/closing parenthesis/);
  });

  it('find the first crossing, counting the window start as 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.nat(),
        (list, threshold, start) => {
          const s = Float64Array.from(list);
          const from = 1 + (start % list.length);
          const statistic: ResolvedStatistic = {
            id: 't',
            series: { number: 0 },
            reduce: 'first-below',
            from,
            to: list.length,
            threshold,
            scale: 1,
            add: 0,
          };
          const r = reduceSeries(s, statistic);
          const hit = list.findIndex((x, i) => i >= from - 1 && x < threshold);
          if (hit < 0) expect(r).toBeNaN();
          else expect(r).toBe(hit - from + 2);
        },
      ),
    );
  });

  it.each([
    ['australian-barley-2020-23', ['china-share-falls', 'diversion', 'snap-back']],
    ['zte-2018', ['collapse-timing', 'h1-revenue', 'recovery-timing']],
  ])('reproduce the validation suite on the %s episode, replicate by replicate', (episode, ids) => {
    const file = join(root, `scenarios/validation/${episode}.yaml`);
    const targets = readCalibrationTargets(
      join(root, `scenarios/validation/${episode}.targets.yaml`),
      root,
    ).targets.filter((t) => t.statistic);
    expect(targets.map((t) => t.id)).toEqual(ids);
    const plan = buildPlan(loadScenario(file, { cwd: root }));
    const config = plan.configs[0]!;
    const measures = config.recipe.kind === 'inline' ? (config.recipe.spec.measures ?? []) : [];
    const statistics = targets.map((t) =>
      resolveStatistic(t, { steps: config.steps, calendar: config.calendar, measures }),
    );
    const mine = plan.meta.runs.map(
      (run) =>
        computeStatistics(
          simulate(materializeWorld(config.recipe), { steps: config.steps, seed: run.seed }).metrics,
          statistics,
          config.steps,
        ).values,
    );
    const reference = runEpisode(episode);
    targets.forEach((t, j) => {
      const observed = reference.observed.find((o) => o.id === t.id)!;
      expect(mine.map((v) => v[j])).toEqual(
        observed.values.map((v) => (Number.isNaN(v) ? Number.NaN : expect.closeTo(v, 12))),
      );
    });
  });
});

describe('distance and acceptance', () => {
  it('measure distance in half-widths of the band', () => {
    expect(bandDistance([0.5], [[0, 1]])).toBe(0);
    expect(bandDistance([1], [[0, 1]])).toBe(1);
    expect(bandDistance([2], [[0, 1]])).toBe(3);
    expect(bandDistance([2], [[0, 1]], 'edge')).toBe(2);
    expect(bandDistance([0.9], [[0, 1]], 'edge')).toBe(0);
    expect(
      bandDistance(
        [Number.NaN, 0.5],
        [
          [0, 1],
          [0, 1],
        ],
      ),
    ).toBe(Number.POSITIVE_INFINITY);
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: -100, max: 100, noNaN: true }),
            fc.double({ min: -100, max: 100, noNaN: true }),
            fc.double({ min: 0.001, max: 50, noNaN: true }),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        (list) => {
          const values = list.map(([v]) => v);
          const bands = list.map(([, lo, w]) => [lo, lo + w] as const);
          const centre = bandDistance(values, bands, 'centre');
          const edge = bandDistance(values, bands, 'edge');
          expect(centre).toBeGreaterThanOrEqual(0);
          expect(edge).toBeLessThanOrEqual(centre + 1e-12);
          if (values.every((v, j) => v >= bands[j]![0] && v <= bands[j]![1])) expect(edge).toBe(0);
        },
      ),
    );
  });

  it('accept the k closest, finite ones only', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), fc.constant(Number.POSITIVE_INFINITY)), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.integer({ min: 1, max: 40 }),
        (distances, k) => {
          const flags = acceptSamples(distances, { accept: k });
          const finite = distances.filter(Number.isFinite).length;
          expect(flags.filter(Boolean).length).toBe(Math.min(k, finite));
          const accepted = distances.filter((_, i) => flags[i]);
          const rejected = distances.filter((d, i) => !flags[i] && Number.isFinite(d));
          if (accepted.length > 0 && rejected.length > 0)
            expect(Math.max(...accepted)).toBeLessThanOrEqual(Math.min(...rejected));
        },
      ),
    );
  });
});
