import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from '@chokepoint/core';
import { meanAndInterval, summarizeReplicates } from '../src/index.js';

describe('studentTQuantile', () => {
  it('matches published t tables', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.7764, 4);
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.2622, 4);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0423, 4);
    expect(studentTQuantile(0.995, 10)).toBeCloseTo(3.1693, 4);
    expect(studentTQuantile(0.025, 9)).toBeCloseTo(-2.2622, 4);
    expect(studentTQuantile(0.5, 3)).toBe(0);
  });
  it('inverts the CDF', () => {
    for (const df of [1, 2, 5, 17, 120]) {
      for (const p of [0.6, 0.9, 0.975]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 9);
    }
  });
  it('returns NaN outside its domain', () => {
    expect(studentTQuantile(1, 3)).toBeNaN();
    expect(studentTQuantile(0.9, 0)).toBeNaN();
  });
});

describe('meanAndInterval', () => {
  it('uses Student t with n − 1 degrees of freedom', () => {
    const r = meanAndInterval([1, 2, 3, 4, 5]);
    const half = 2.7764451 * (Math.sqrt(2.5) / Math.sqrt(5));
    expect(r.mean).toBe(3);
    expect(r.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(r.ciLow).toBeCloseTo(3 - half, 6);
    expect(r.ciHigh).toBeCloseTo(3 + half, 6);
  });
  it('has no spread for identical values, even with rounding noise', () => {
    const r = meanAndInterval([0.6, 0.1 + 0.2 + 0.3, 0.3 + 0.2 + 0.1]);
    expect(r.sd).toBe(0);
    expect([r.ciLow, r.ciHigh]).toEqual([r.mean, r.mean]);
    expect(meanAndInterval([1, 1 + 1e-11]).sd).toBeGreaterThan(0);
  });
  it('has no interval for a single value', () => {
    const r = meanAndInterval([7]);
    expect(r.mean).toBe(7);
    expect(r.ciLow).toBeNaN();
  });
});

describe('summarizeReplicates', () => {
  it('groups by arm and step, in order, ignoring non-finite values', () => {
    const out = summarizeReplicates([
      { arm: 'b', step: 2, value: 4 },
      { arm: 'a', step: 1, value: 1 },
      { arm: 'b', step: 1, value: 2 },
      { arm: 'a', step: 1, value: 3 },
      { arm: 'a', step: 1, value: Number.NaN },
    ]);
    expect(out.map((s) => [s.series, s.step, s.n, s.mean])).toEqual([
      ['b', 1, 1, 2],
      ['b', 2, 1, 4],
      ['a', 1, 2, 2],
    ]);
  });
});
