import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sweepPoints, type SweepSpec } from '@chokepoint/scenario';

describe('sweep designs', () => {
  it('grid: every combination, the first parameter slowest; ranges need a count', () => {
    const points = sweepPoints(
      { parameters: { a: [1, 2], b: { values: ['x', 'y', 'z'] }, c: { min: 0.1, max: 0.3, count: 3 } } },
      1,
    );
    expect(points).toHaveLength(18);
    expect(points.slice(0, 4)).toEqual([
      { a: 1, b: 'x', c: 0.1 },
      { a: 1, b: 'x', c: 0.2 },
      { a: 1, b: 'x', c: 0.3 },
      { a: 1, b: 'y', c: 0.1 },
    ]);
    expect(sweepPoints({ parameters: { r: { min: 1, max: 100, count: 3, scale: 'log' } } }, 1)).toEqual([
      { r: 1 },
      { r: 10 },
      { r: 100 },
    ]);
  });

  const random: SweepSpec = {
    design: 'random',
    samples: 20,
    parameters: { a: { min: 0, max: 1 }, k: { min: 1, max: 5, integer: true }, rule: ['proportional', 'priority'] },
  };
  const lhs: SweepSpec = {
    design: 'lhs',
    samples: 10,
    parameters: { a: { min: 0, max: 1 }, b: { min: 10, max: 1000, scale: 'log' } },
  };

  it('random and lhs are deterministic per seed and differ between seeds', () => {
    for (const design of [random, lhs]) {
      expect(sweepPoints(design, 'seed-1')).toEqual(sweepPoints(design, 'seed-1'));
      expect(sweepPoints(design, 'seed-1')).not.toEqual(sweepPoints(design, 'seed-2'));
      expect(sweepPoints({ ...design, seed: 'own' }, 'seed-1')).toEqual(
        sweepPoints({ ...design, seed: 'own' }, 'seed-2'),
      );
    }
  });

  it('random draws stay in range and respect integer and categorical axes', () => {
    for (const point of sweepPoints(random, 3)) {
      expect(point.a).toBeGreaterThanOrEqual(0);
      expect(point.a).toBeLessThan(1);
      expect([1, 2, 3, 4, 5]).toContain(point.k);
      expect(['proportional', 'priority']).toContain(point.rule);
    }
  });

  it('a Latin hypercube uses each stratum of each axis exactly once (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.string(), (n, seed) => {
        const points = sweepPoints(
          { design: 'lhs', samples: n, parameters: { a: { min: 0, max: 1 }, b: { min: -5, max: 5 } } },
          seed,
        );
        expect(points).toHaveLength(n);
        for (const [key, min, width] of [
          ['a', 0, 1],
          ['b', -5, 10],
        ] as const) {
          const strata = points
            .map((p) => Math.min(n - 1, Math.floor((((p[key] as number) - min) / width) * n)))
            .sort((x, y) => x - y);
          expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
        }
      }),
      { numRuns: 40 },
    );
  });
});
