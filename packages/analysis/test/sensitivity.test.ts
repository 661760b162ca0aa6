/**
 * The sensitivity estimators on functions whose indices are known analytically: Sobol
 * indices (Saltelli 2010 first order, Jansen total) on the Ishigami and Sobol G functions
 * sampled by our Saltelli design, and Morris μ* on the exact grid expectation.
 */
import { describe, expect, it } from 'vitest';
import { morrisIndices, sobolIndices } from '@chokepoint/analysis';
import { sweepDesign, type SweepPoint, type SweepSpec } from '@chokepoint/scenario';

const PI = Math.PI;

function ishigami(p: SweepPoint, a = 7, b = 0.1): number {
  const [x1, x2, x3] = [p.x1 as number, p.x2 as number, p.x3 as number];
  return Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1);
}

/** Analytic Sobol indices of the Ishigami function (Sobol' and Levitan 1999). */
function ishigamiIndices(a = 7, b = 0.1): { S1: number[]; ST: number[] } {
  const v1 = 0.5 * (1 + (b * PI ** 4) / 5) ** 2;
  const v2 = a ** 2 / 8;
  const v13 = (8 * b ** 2 * PI ** 8) / 225;
  const v = v1 + v2 + v13;
  return { S1: [v1 / v, v2 / v, 0], ST: [(v1 + v13) / v, v2 / v, v13 / v] };
}

const G_A = [0, 1, 4.5, 9, 99, 99];

function gFunction(p: SweepPoint): number {
  return G_A.reduce((product, a, i) => product * ((Math.abs(4 * (p[`x${i + 1}`] as number) - 2) + a) / (1 + a)), 1);
}

/** Analytic Sobol indices of the G function: V_i = 1 / (3 (1 + a_i)²), V = Π(1 + V_i) − 1. */
function gIndices(a: readonly number[]): { S1: number[]; ST: number[] } {
  const partial = a.map((ai) => 1 / (3 * (1 + ai) ** 2));
  const total = partial.reduce((product, vi) => product * (1 + vi), 1) - 1;
  return {
    S1: partial.map((vi) => vi / total),
    ST: partial.map(
      (vi, i) => (vi * partial.reduce((product, vj, j) => (j === i ? product : product * (1 + vj)), 1)) / total,
    ),
  };
}

const unitBox = (k: number, min = 0, max = 1): SweepSpec['parameters'] =>
  Object.fromEntries(Array.from({ length: k }, (_, i) => [`x${i + 1}`, { min, max }]));

describe('Sobol indices on a Saltelli design', () => {
  it('recovers the Ishigami indices (a = 7, b = 0.1), inside their bootstrap intervals', () => {
    const design = sweepDesign({ method: 'sobol', samples: 8192, parameters: unitBox(3, -PI, PI) }, 'ishigami');
    expect(design.points).toHaveLength(8192 * 5);
    const result = sobolIndices(
      design.sobol!,
      design.points.map((p) => ishigami(p)),
      design.keys,
      { bootstrap: 300, seed: 1 },
    );
    const exact = ishigamiIndices();
    expect(exact.S1[0]).toBeCloseTo(0.3139, 4);
    expect(exact.ST[2]).toBeCloseTo(0.2437, 4);
    result.indices.forEach((index, i) => {
      expect(index.S1).toBeCloseTo(exact.S1[i]!, 1);
      expect(Math.abs(index.S1 - exact.S1[i]!)).toBeLessThan(0.03);
      expect(Math.abs(index.ST - exact.ST[i]!)).toBeLessThan(0.03);
      // The 95% bootstrap intervals cover the truth (a ±0.01 slack for the intervals' own error).
      expect(index.S1Ci![0] - 0.01).toBeLessThan(exact.S1[i]!);
      expect(index.S1Ci![1] + 0.01).toBeGreaterThan(exact.S1[i]!);
      expect(index.STCi![0] - 0.01).toBeLessThan(exact.ST[i]!);
      expect(index.STCi![1] + 0.01).toBeGreaterThan(exact.ST[i]!);
    });
    // The mean and variance of the output: 3.5 and a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2.
    expect(result.mean).toBeCloseTo(3.5, 1);
    expect(result.variance / (49 / 8 + (0.1 * PI ** 4) / 5 + (0.01 * PI ** 8) / 18 + 0.5)).toBeCloseTo(1, 1);
  });

  it('recovers the G-function indices (a = 0, 1, 4.5, 9, 99, 99)', () => {
    const design = sweepDesign({ method: 'sobol', samples: 8192, parameters: unitBox(G_A.length) }, 'g-function');
    const result = sobolIndices(design.sobol!, design.points.map(gFunction), design.keys, { bootstrap: 0 });
    const exact = gIndices(G_A);
    result.indices.forEach((index, i) => {
      expect(Math.abs(index.S1 - exact.S1[i]!), `S1 of x${i + 1}`).toBeLessThan(0.03);
      expect(Math.abs(index.ST - exact.ST[i]!), `ST of x${i + 1}`).toBeLessThan(0.03);
      expect(index.S1Ci).toBeNull();
    });
    // The sum of first-order indices is below 1 (the G function has interactions); ST > S1 for the two most interacting parameters.
    expect(exact.S1.reduce((a, b) => a + b, 0)).toBeLessThan(1);
    for (const index of result.indices.slice(0, 2)) expect(index.ST).toBeGreaterThan(index.S1);
  });

  it('gives S1 = ST = share of variance for an additive function, and NaN for a constant one', () => {
    const design = sweepDesign({ method: 'sobol', samples: 4096, parameters: unitBox(2) }, 3);
    const additive = sobolIndices(
      design.sobol!,
      design.points.map((p) => 4 * (p.x1 as number) + (p.x2 as number)),
      design.keys,
      { bootstrap: 0 },
    );
    expect(additive.indices[0]!.S1).toBeCloseTo(16 / 17, 1);
    expect(additive.indices[0]!.ST).toBeCloseTo(16 / 17, 1);
    expect(additive.indices[1]!.ST).toBeCloseTo(1 / 17, 1);
    const constant = sobolIndices(
      design.sobol!,
      design.points.map(() => 2),
      design.keys,
      { bootstrap: 10 },
    );
    expect(constant.indices[0]!.S1).toBeNaN();
    expect(constant.indices[0]!.S1Ci).toBeNull();
  });

  it('a large constant offset of the output leaves the indices unchanged (the estimator centres f(B))', () => {
    const design = sweepDesign({ method: 'sobol', samples: 1024, parameters: unitBox(3, -PI, PI) }, 'offset');
    const y = design.points.map((p) => ishigami(p));
    const plain = sobolIndices(design.sobol!, y, design.keys, { bootstrap: 0 }).indices;
    const shifted = sobolIndices(
      design.sobol!,
      y.map((v) => v + 1000),
      design.keys,
      { bootstrap: 0 },
    ).indices;
    shifted.forEach((index, i) => {
      expect(index.S1).toBeCloseTo(plain[i]!.S1, 6);
      expect(index.ST).toBeCloseTo(plain[i]!.ST, 6);
    });
  });

  it('bootstrap intervals are deterministic per seed and shrink with more rows', () => {
    const width = (samples: number, seed: number): number => {
      const design = sweepDesign({ method: 'sobol', samples, parameters: unitBox(3, -PI, PI) }, 'w');
      const [first] = sobolIndices(
        design.sobol!,
        design.points.map((p) => ishigami(p)),
        design.keys,
        { bootstrap: 200, seed },
      ).indices;
      return first!.S1Ci![1] - first!.S1Ci![0];
    };
    expect(width(512, 1)).toBe(width(512, 1));
    expect(width(512, 1)).not.toBe(width(512, 2));
    expect(width(4096, 1)).toBeLessThan(width(512, 1) / 1.8);
  });
});

/**
 * The exact expectation of μ* for a Morris design on a p-level grid: the mean |EE| over
 * the grid pairs (l, l + p/2) of the moved parameter and every grid level of the others
 * (each trajectory visits them uniformly).
 */
function exactMuStar(f: (x: number[]) => number, k: number, levels: number): number[] {
  const grid = Array.from({ length: levels }, (_, l) => l / (levels - 1));
  const jump = levels / 2;
  const delta = jump / (levels - 1);
  const others = (n: number): number[][] =>
    n === 0 ? [[]] : others(n - 1).flatMap((rest) => grid.map((g) => [...rest, g]));
  return Array.from({ length: k }, (_, i) => {
    let sum = 0;
    let count = 0;
    for (let l = 0; l < levels - jump; l++) {
      for (const rest of others(k - 1)) {
        const x = [...rest.slice(0, i), grid[l]!, ...rest.slice(i)];
        const y = [...x];
        y[i] = grid[l + jump]!;
        sum += Math.abs((f(y) - f(x)) / delta);
        count++;
      }
    }
    return sum / count;
  });
}

describe('Morris elementary effects', () => {
  const scaled = (f: (p: SweepPoint) => number, min: number, max: number) => (u: number[]) =>
    f(Object.fromEntries(u.map((v, i) => [`x${i + 1}`, min + v * (max - min)])));

  it('μ* of the Ishigami function converges to its exact grid value and ranks the parameters by it', () => {
    const design = sweepDesign(
      { method: 'morris', trajectories: 400, levels: 4, parameters: unitBox(3, -PI, PI) },
      'ishigami',
    );
    const y = design.points.map((p) => ishigami(p));
    const result = morrisIndices(design.unit!, design.morris!, y, design.keys, { bootstrap: 200, seed: 1 });
    const exact = exactMuStar(scaled(ishigami, -PI, PI), 3, 4);
    result.forEach((m, i) => {
      expect(m.effects).toBe(400);
      expect(Math.abs(m.muStar - exact[i]!) / exact[i]!, m.parameter).toBeLessThan(0.08);
    });
    const rank = (values: number[]) => values.map((_, i) => i).sort((a, b) => values[b]! - values[a]!);
    expect(rank(result.map((m) => m.muStar))).toEqual(rank(exact));
    // x2 enters additively through sin²: every effect has the same size, so σ is about μ*'s and μ averages out.
    expect(result[1]!.muStarCi![1] - result[1]!.muStarCi![0]).toBeLessThan(1e-9);
  });

  it('μ* ranks the G-function parameters by importance (smaller a first) and matches the exact grid value', () => {
    const design = sweepDesign(
      { method: 'morris', trajectories: 200, levels: 4, parameters: unitBox(G_A.length) },
      'g',
    );
    const result = morrisIndices(design.unit!, design.morris!, design.points.map(gFunction), design.keys, {
      bootstrap: 0,
    });
    const muStar = result.map((m) => m.muStar);
    for (let i = 0; i < 3; i++) expect(muStar[i]!).toBeGreaterThan(muStar[i + 1]!);
    expect(muStar[4]! + muStar[5]!).toBeLessThan(0.1 * muStar[0]!);
    // On the 4-level grid, E|EE_i| = (4/3)/(2/3) / (1 + a_i) × Π_{j≠i} (4/3 + a_j) / (1 + a_j).
    const factor = G_A.map((a) => (4 / 3 + a) / (1 + a));
    G_A.forEach((a, i) => {
      const exact = (2 / (1 + a)) * factor.reduce((p, f, j) => (j === i ? p : p * f), 1);
      expect(Math.abs(muStar[i]! - exact) / exact, `x${i + 1}`).toBeLessThan(0.12);
    });
  });

  it('recovers the slopes of a linear function exactly, with σ = 0, on any distribution', () => {
    const design = sweepDesign(
      {
        method: 'morris',
        trajectories: 6,
        levels: 6,
        parameters: { a: { min: 0, max: 2 }, b: { min: 10, max: 20, distribution: 'normal', sd: 3 } },
      },
      5,
    );
    // The estimator works on unit coordinates: y linear in them gives constant effects.
    const y = design.unit!.map(([a, b]) => 3 * a! - 0.5 * b!);
    const [a, b] = morrisIndices(design.unit!, design.morris!, y, design.keys);
    expect(a!.mu).toBeCloseTo(3, 12);
    expect(a!.muStar).toBeCloseTo(3, 12);
    expect(a!.sigma).toBeCloseTo(0, 12);
    expect(b!.mu).toBeCloseTo(-0.5, 12);
    expect(b!.muStar).toBeCloseTo(0.5, 12);
  });
});
