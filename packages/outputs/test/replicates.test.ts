/**
 * Replicate advice by the coefficient-of-variation method: checked by hand on a short
 * series, on synthetic replicates with a known variance, by properties (never more than the
 * replicates run, monotone in the tolerance, no NaN), and in summary.json.
 */
import { Rng } from '@chokepoint/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identicalReplicates, replicateAdvice } from '@chokepoint/format';
import { buildSummary } from '@chokepoint/outputs';
import { type PlanMeta } from '@chokepoint/scenario';

/** Normal draws with a known mean and sd (Box–Muller on the core's seeded generator). */
function normals(n: number, mean: number, sd: number, seed: string): number[] {
  const rng = new Rng(seed);
  return Array.from(
    { length: n },
    () => mean + sd * Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next()),
  );
}

/** The CV of the first n values, computed the plain two-pass way. */
function cvOf(values: readonly number[], n: number): number {
  const head = values.slice(0, n);
  const mean = head.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(head.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return sd / Math.abs(mean);
}

describe('replicateAdvice', () => {
  it('matches the definition on a short series', () => {
    const values = [
      10, 12, 9, 11, 10, 10.5, 11, 9.5, 10.2, 10.8, 10.1, 9.9, 10.4, 10.6, 9.8, 10.3, 10, 10.2, 9.9, 10.1,
    ];
    for (const n of [8, 12, 13, 17, 20]) {
      const head = values.slice(0, n);
      const advice = replicateAdvice(head);
      const final = cvOf(head, n);
      expect(advice.cv).toBeCloseTo(final, 12);
      // By hand: the last step whose CV change exceeds 5% of the final CV, plus the window of 3.
      let lastUnstable = 2;
      for (let k = 3; k <= n; k++) if (Math.abs(cvOf(head, k) - cvOf(head, k - 1)) > 0.05 * final) lastUnstable = k;
      expect(advice.needed).toBe(lastUnstable + 3 <= n ? Math.max(5, lastUnstable + 3) : null);
      expect(advice).toMatchObject({ tolerance: 0.05, window: 3 });
    }
    expect(replicateAdvice(values.slice(0, 8)).needed).toBeNull();
    expect(replicateAdvice(values).needed).toBe(16);
  });

  it('stabilizes on synthetic replicates with a known CV, and a tighter tolerance asks for more', () => {
    // sd/mean = 0.02 and 0.5: 200 replicates each.
    for (const [values, trueCv] of [
      [normals(200, 100, 2, 'calm'), 0.02],
      [normals(200, 100, 50, 'noisy'), 0.5],
    ] as const) {
      const advice = replicateAdvice(values);
      expect(Math.abs(advice.cv! - trueCv)).toBeLessThan(0.15 * trueCv);
      expect(advice.needed).not.toBeNull();
      expect(advice.needed!).toBeLessThan(200);
      // From the advice on, each added replicate moves the CV by at most 5% of the final CV.
      for (let k = advice.needed! - 2; k <= 200; k++)
        expect(Math.abs(cvOf(values, k) - cvOf(values, k - 1))).toBeLessThanOrEqual(0.05 * advice.cv! + 1e-12);
      const tight = replicateAdvice(values, { tolerance: 0.005 });
      expect(tight.needed === null || tight.needed > advice.needed!).toBe(true);
    }
  });

  it('asks for one replicate of a deterministic metric, and gives none for too few replicates', () => {
    expect(replicateAdvice([3, 3, 3, 3, 3, 3])).toEqual({ needed: 1, cv: 0, tolerance: 0.05, window: 3 });
    expect(replicateAdvice([0, 0, 0, 0, 0])).toEqual({ needed: 1, cv: 0, tolerance: 0.05, window: 3 });
    expect(replicateAdvice([3, 3])).toEqual({ needed: 1, cv: 0, tolerance: 0.05, window: 3 });
    // Rounding noise (sums in another order) is no variation: not "5", not "> 5".
    expect(replicateAdvice([0.6, 0.1 + 0.2 + 0.3, 0.3 + 0.2 + 0.1, 0.6, 0.6])).toEqual({
      needed: 1,
      cv: 0,
      tolerance: 0.05,
      window: 3,
    });
    expect(replicateAdvice([1, 2, 3, 4]).needed).toBeNull();
    expect(replicateAdvice([1]).cv).toBeNull();
    expect(replicateAdvice([]).needed).toBeNull();
    expect(replicateAdvice([-1, 1, -1, 1, -1, 1]).cv).toBeNull(); // mean 0 with spread: the CV is undefined
  });

  it('never exceeds the replicates, is monotone in the tolerance, and is never NaN', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), { maxLength: 60 }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.integer({ min: 1, max: 6 }),
        (values, t1, t2, window) => {
          const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
          const strict = replicateAdvice(values, { tolerance: lo, window });
          const loose = replicateAdvice(values, { tolerance: hi, window });
          for (const advice of [strict, loose]) {
            if (advice.needed !== null) {
              expect(Number.isInteger(advice.needed)).toBe(true);
              expect(advice.needed).toBeLessThanOrEqual(values.length);
              if (identicalReplicates(values)) expect(advice.needed).toBe(1);
              else expect(advice.needed).toBeGreaterThanOrEqual(window + 2);
            }
            expect(advice.cv === null || Number.isFinite(advice.cv)).toBe(true);
          }
          if (strict.needed !== null) {
            expect(loose.needed).not.toBeNull();
            expect(loose.needed!).toBeLessThanOrEqual(strict.needed);
          }
        },
      ),
    );
  });
});

describe('summary.json', () => {
  it('holds the replicate advice of each arm and key metric, from the values in replicate order', () => {
    const values = normals(12, 5, 1, 'summary');
    const meta = {
      name: 's',
      title: 'S',
      arms: ['base'],
      control: null,
      points: [{}],
      keyMetrics: ['world/world/output'],
      runs: values.map((_, r) => ({
        runId: `base/0/${r}`,
        arm: 'base',
        point: 0,
        replicate: r,
        seed: String(r),
        config: 0,
      })),
    } as unknown as PlanMeta;
    const headers = values.map((v, r) => ({
      run: r,
      run_id: `base/0/${r}`,
      rows: 0,
      finals: { 'world/world/output': v },
    }));
    const summary = buildSummary(meta, headers);
    expect(summary.metrics[0]!.replicateAdvice).toEqual(replicateAdvice(values));
    expect(summary.metrics[0]!.n).toBe(12);
    expect(summary.metrics[0]!.deterministic).toBe(false);
  });

  it('says a metric is deterministic, and an effect between deterministic arms exact, instead of an interval', () => {
    // Arm a: 4 identical replicates (up to rounding noise); arm b, the control: identical too; arm c varies.
    const finals: Record<string, number[]> = {
      a: [0.6, 0.1 + 0.2 + 0.3, 0.6, 0.3 + 0.2 + 0.1],
      b: [0.5, 0.5, 0.5, 0.5],
      c: [0.4, 0.45, 0.5, 0.55],
    };
    const arms = ['b', 'a', 'c'];
    const runs = arms.flatMap((arm) =>
      finals[arm]!.map((_, r) => ({ runId: `${arm}/0/${r}`, arm, point: 0, replicate: r, seed: String(r), config: 0 })),
    );
    const meta = {
      name: 's',
      title: 'S',
      arms,
      control: 'b',
      points: [{}],
      keyMetrics: ['world/world/output'],
      runs,
    } as unknown as PlanMeta;
    const headers = runs.map((run, i) => ({
      run: i,
      run_id: run.runId,
      rows: 0,
      finals: { 'world/world/output': finals[run.arm]![run.replicate]! },
    }));
    const summary = buildSummary(meta, headers);
    const metric = (arm: string) => summary.metrics.find((m) => m.arm === arm)!;
    expect(metric('a')).toMatchObject({
      sd: 0,
      ci95: null,
      deterministic: true,
      replicateAdvice: { needed: 1, cv: 0 },
    });
    expect(metric('c')).toMatchObject({ deterministic: false });
    expect(metric('c').ci95).not.toBeNull();
    const effect = (arm: string) => summary.effects.find((e) => e.arm === arm)!;
    expect(effect('a')).toMatchObject({ ci95: null, deterministic: true });
    expect(effect('a').difference).toBeCloseTo(0.1, 12);
    expect(effect('c')).toMatchObject({ deterministic: false });
    expect(effect('c').ci95).not.toBeNull();
  });
});
