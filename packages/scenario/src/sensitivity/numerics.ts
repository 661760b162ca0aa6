/**
 * The mathjs functions the sensitivity code uses (number build, loaded on first use like the
 * expression language, so runs without a sensitivity analysis never load it), and the
 * seeded bootstrap shared by the estimators.
 */
import { mathjsNumber } from '../mathjs.js';
import { Rng } from '@chokepoint/core';

type MathJs = typeof import('mathjs');
let math: MathJs | undefined;

/** The mathjs number build. */
export function mathjs(): MathJs {
  return (math ??= mathjsNumber());
}

/** Mean of values (mathjs `mean`); NaN for none. */
export function meanOf(values: readonly number[]): number {
  return values.length === 0 ? NaN : (mathjs().mean([...values]) as number);
}

/** Sample standard deviation (n − 1, mathjs `std`); null for fewer than 2 values. */
export function sdOf(values: readonly number[]): number | null {
  return values.length < 2 ? null : (mathjs().std([...values]) as unknown as number);
}

/** Sample variance (n − 1, mathjs `variance`); NaN for fewer than 2 values. */
export function varianceOf(values: readonly number[]): number {
  return values.length < 2 ? NaN : (mathjs().variance([...values]) as unknown as number);
}

/**
 * A percentile interval of bootstrap replicates (mathjs `quantileSeq`, linear interpolation),
 * or null when there are none or any is not finite.
 */
export function percentileInterval(values: readonly number[], confidence: number): [number, number] | null {
  if (values.length === 0 || values.some((v) => !Number.isFinite(v))) return null;
  const alpha = (1 - confidence) / 2;
  // Sorted first: unsorted, mathjs selects with a Math.random pivot and compares with a
  // tolerance, so near-equal values could make the last digit vary between calls.
  const sorted = [...values].sort((a, b) => a - b);
  const [lo, hi] = mathjs().quantileSeq(sorted, [alpha, 1 - alpha], true) as unknown as number[];
  return [lo!, hi!];
}

/**
 * Draws `count` bootstrap resamples of `n` units (indices with replacement) from a seeded
 * generator and calls `statistic` on each; returns the statistic's values, one array per
 * output. Deterministic for a given seed.
 */
export function bootstrap(
  n: number,
  count: number,
  seed: string,
  statistic: (indices: Int32Array) => number[],
): number[][] {
  const rng = new Rng(seed).stream('bootstrap');
  const indices = new Int32Array(n);
  const out: number[][] = [];
  for (let b = 0; b < count; b++) {
    for (let i = 0; i < n; i++) indices[i] = rng.int(n);
    statistic(indices).forEach((value, k) => (out[k] ??= []).push(value));
  }
  return out;
}
