/**
 * Sensitivity designs: the Morris and Saltelli structure, determinism per seed, stable point
 * identities (more trajectories or rows only append points), range distributions, the
 * `method`/`design` fields and their checks, and shard invariance of the planned runs.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ScenarioError,
  buildPlan,
  loadScenario,
  morrisDesign,
  rangeQuantile,
  saltelliDesign,
  sweepDesign,
  sweepPoints,
  type SweepSpec,
} from '@chokepoint/scenario';
import { normalCdf, normalQuantile } from '@chokepoint/scenario/internal';

const root = join(import.meta.dirname, '..', '..', '..');

describe('Morris design', () => {
  it('moves each parameter exactly once per trajectory, by ±Δ, on the grid (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(2, 4, 6, 8),
        fc.string(),
        (k, r, levels, seed) => {
          const { unit, roles } = morrisDesign(k, r, levels, seed);
          expect(unit).toHaveLength(r * (k + 1));
          const delta = levels / (2 * (levels - 1));
          for (const u of unit)
            for (const v of u) expect(Math.abs(v * (levels - 1) - Math.round(v * (levels - 1)))).toBeLessThan(1e-9);
          for (let t = 0; t < r; t++) {
            const moved = new Set<number>();
            for (let s = 1; s <= k; s++) {
              const p = t * (k + 1) + s;
              expect(roles[p]).toMatchObject({ trajectory: t, step: s });
              const changed = unit[p]!.map((v, i) => (v !== unit[p - 1]![i] ? i : -1)).filter((i) => i >= 0);
              expect(changed).toEqual([roles[p]!.moved]);
              expect(
                Math.abs(Math.abs(unit[p]![roles[p]!.moved]! - unit[p - 1]![roles[p]!.moved]!) - delta),
              ).toBeLessThan(1e-12);
              moved.add(roles[p]!.moved);
            }
            expect(moved.size).toBe(k);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses an odd number of levels', () => {
    expect(() => morrisDesign(2, 1, 3, 's')).toThrow(/even/);
  });
});

describe('Saltelli design', () => {
  it('AB_i is A with column i from B, row by row (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 12 }), fc.string(), (k, n, seed) => {
        const { unit, roles } = saltelliDesign(k, n, seed);
        expect(unit).toHaveLength(n * (k + 2));
        for (let j = 0; j < n; j++) {
          const block = j * (k + 2);
          const a = unit[block]!;
          const b = unit[block + k + 1]!;
          expect(roles[block]).toEqual({ matrix: 'A', row: j, parameter: -1 });
          expect(roles[block + k + 1]).toEqual({ matrix: 'B', row: j, parameter: -1 });
          for (let i = 0; i < k; i++) {
            expect(roles[block + 1 + i]).toEqual({ matrix: 'AB', row: j, parameter: i });
            expect(unit[block + 1 + i]).toEqual(a.map((v, c) => (c === i ? b[c] : v)));
          }
          for (const v of [...a, ...b]) expect(v >= 0 && v < 1).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('sweep designs: determinism and stable point identities', () => {
  const parameters: SweepSpec['parameters'] = {
    a: { min: 0, max: 1 },
    b: { min: 1, max: 100, scale: 'log' },
    c: { min: 0, max: 10, distribution: 'triangular', mode: 2 },
    d: { min: -1, max: 1, distribution: 'normal', mean: 0.2, sd: 0.5 },
    e: ['x', 'y', 'z'],
    f: { min: 1, max: 5, integer: true },
  };

  it('are deterministic per seed, differ between seeds, and honour sweep.seed', () => {
    for (const sweep of [
      { method: 'morris', trajectories: 5, parameters },
      { method: 'sobol', samples: 6, parameters },
    ] as SweepSpec[]) {
      expect(sweepPoints(sweep, 'one')).toEqual(sweepPoints(sweep, 'one'));
      expect(sweepPoints(sweep, 'one')).not.toEqual(sweepPoints(sweep, 'two'));
      expect(sweepPoints({ ...sweep, seed: 9 }, 'one')).toEqual(sweepPoints({ ...sweep, seed: 9 }, 'two'));
    }
  });

  it('more trajectories or rows append points and never change the existing ones (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 10 }),
        fc.string(),
        (small, extra, seed) => {
          const k = Object.keys(parameters).length;
          for (const [method, size, width] of [
            ['morris', 'trajectories', k + 1],
            ['sobol', 'samples', k + 2],
          ] as const) {
            const few = sweepDesign({ method, [size]: small, parameters }, seed);
            const more = sweepDesign({ method, [size]: small + extra, parameters }, seed);
            expect(more.points.slice(0, few.points.length)).toEqual(few.points);
            expect(more.points).toHaveLength((small + extra) * width);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('map unit draws through each range: bounds, integers, categories and distributions', () => {
    const points = sweepPoints({ method: 'sobol', samples: 400, parameters }, 'ranges');
    for (const p of points) {
      expect(p.a as number).toBeGreaterThanOrEqual(0);
      expect(p.b as number).toBeGreaterThanOrEqual(1);
      expect(p.b as number).toBeLessThanOrEqual(100);
      expect(p.c as number).toBeLessThanOrEqual(10);
      expect(Math.abs(p.d as number)).toBeLessThanOrEqual(1);
      expect(['x', 'y', 'z']).toContain(p.e);
      expect([1, 2, 3, 4, 5]).toContain(p.f);
    }
    // Latin hypercube of a triangular(0, 2, 10) range: mean (0 + 2 + 10) / 3 = 4.
    const lhs = sweepPoints({ method: 'lhs', samples: 2000, parameters: { c: parameters.c! } }, 1).map(
      (p) => p.c as number,
    );
    expect(lhs.reduce((s, v) => s + v, 0) / lhs.length).toBeCloseTo(4, 1);
    // Log scale: half the draws below the geometric midpoint 10.
    const logs = sweepPoints({ method: 'lhs', samples: 1000, parameters: { b: parameters.b! } }, 2).map(
      (p) => p.b as number,
    );
    expect(logs.filter((v) => v < 10).length).toBe(500);
  });

  it('method and its older name design give the same points; grid, random and lhs are unchanged by the new field', () => {
    const lhs = { samples: 7, parameters: { a: { min: 0, max: 1 } } };
    expect(sweepPoints({ method: 'lhs', ...lhs }, 3)).toEqual(sweepPoints({ design: 'lhs', ...lhs }, 3));
    expect(sweepPoints({ method: 'sobol', samples: 3, parameters }, 3)).toEqual(
      sweepPoints({ design: 'sobol', samples: 3, parameters }, 3),
    );
  });
});

describe('range distributions', () => {
  it('normalQuantile inverts normalCdf (mathjs erf) to 1e-9 (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        expect(Math.abs(normalCdf(normalQuantile(p)) - p)).toBeLessThan(1e-9 * Math.max(1, p / 1e-3));
      }),
    );
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 9);
    expect(normalQuantile(0)).toBe(-Infinity);
  });

  it('rangeQuantile is monotone in u and stays in [min, max] for every distribution (property)', () => {
    const ranges = [
      { min: -2, max: 3 },
      { min: 0.01, max: 10, scale: 'log' as const },
      { min: 0, max: 1, distribution: 'normal' as const, mean: 0.9, sd: 0.2 },
      { min: 0, max: 1, distribution: 'triangular' as const, mode: 0.25 },
    ];
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (u, v) => {
        for (const range of ranges) {
          const [x, y] = [rangeQuantile(range, Math.min(u, v)), rangeQuantile(range, Math.max(u, v))];
          expect(x).toBeLessThanOrEqual(y + 1e-12);
          expect(x).toBeGreaterThanOrEqual(range.min);
          expect(y).toBeLessThanOrEqual(range.max);
        }
      }),
    );
    // A truncated normal's median is its mean when the truncation is symmetric.
    expect(rangeQuantile({ min: 0, max: 10, distribution: 'normal', mean: 5, sd: 1 }, 0.5)).toBeCloseTo(5, 12);
    // The triangular CDF at the mode is (mode − min) / (max − min).
    expect(rangeQuantile({ min: 0, max: 4, distribution: 'triangular', mode: 1 }, 0.25)).toBeCloseTo(1, 12);
  });
});

describe('scenario files', () => {
  function problems(run: () => unknown): string[] {
    try {
      run();
    } catch (error) {
      if (error instanceof ScenarioError) return error.lines();
      throw error;
    }
    return [];
  }

  it('reports sweep mistakes on one line each, at the field', () => {
    expect(problems(() => loadScenario('test/fixtures/sensitivity/bad-sweep.yaml', { cwd: root })))
      .toMatchInlineSnapshot(`
      [
        "test/fixtures/sensitivity/bad-sweep.yaml:4:1: sweep.trajectories: expected a number of trajectories for the morris design, received nothing",
        "test/fixtures/sensitivity/bad-sweep.yaml:6:3: sweep.design: expected either method or design (the older name of method), not both, received both",
        "test/fixtures/sensitivity/bad-sweep.yaml:9:5: sweep.parameters.params.substitutionRate.sd: expected a standard deviation (sd) for a normal range, received nothing",
        "test/fixtures/sensitivity/bad-sweep.yaml:10:78: sweep.parameters.params.inventoryDays.mode: expected a mode within [min, max] = [5, 30], received 40",
        "test/fixtures/sensitivity/bad-sweep.yaml:11:50: sweep.parameters.params.spareCapacity.mean: expected no mean (only a normal range uses it), received 0.1",
      ]
    `);
  });

  it('plans a morris sweep whose runs and seeds are the same in every shard split', () => {
    const plan = buildPlan(loadScenario('test/fixtures/sensitivity/tiny-morris.yaml', { cwd: root })).meta;
    expect(plan.points).toEqual(
      sweepPoints(
        {
          method: 'morris',
          trajectories: 4,
          levels: 4,
          parameters: {
            licence: { min: 0, max: 1 },
            'params.substitutionRate': { min: 0.05, max: 0.5, scale: 'log' },
            'params.inventoryDays': { min: 5, max: 30, distribution: 'triangular', mode: 15 },
          },
        },
        '11',
      ),
    );
    const key = (r: { runId: string; seed: string; point: number }) =>
      `${r.runId}|${r.seed}|${JSON.stringify(plan.points[r.point])}`;
    const all = plan.runs.map(key).sort();
    for (const count of [1, 2, 3, 7]) {
      // The runner's shard rule: shard i of N takes runs whose index ≡ i − 1 (mod N).
      const union = Array.from({ length: count }, (_, i) =>
        plan.runs.filter((_, index) => index % count === i).map(key),
      )
        .flat()
        .sort();
      expect(union).toEqual(all);
    }
    // Each run's seed depends on its point index, never on the split.
    expect(new Set(plan.runs.map((r) => r.seed)).size).toBe(plan.runs.length);
  });
});
