/**
 * Summary statistics for summary.json: means with Student-t intervals, and differences
 * with Welch-t intervals. Replicates that are all identical (a deterministic metric) get no
 * interval and no t-test: their spread is zero, or floating-point noise.
 */

import { studentTCdf, studentTQuantile } from '@chokepoint/core';

/**
 * The largest spread (max − min) relative to the largest magnitude that still counts as
 * identical replicates: floating-point noise of sums taken in different orders is far below
 * it (about 1e-15), any behavioural difference far above.
 *
 * @example
 * ```ts
 * console.log(IDENTICAL_RELATIVE_SPREAD); // 1e-12
 * console.log(identicalReplicates([1, 1 + 2 * IDENTICAL_RELATIVE_SPREAD])); // false
 * ```
 */
export const IDENTICAL_RELATIVE_SPREAD = 1e-12;

/**
 * Whether replicate values are all identical: exactly, or up to floating-point noise (a
 * spread max − min of at most {@link IDENTICAL_RELATIVE_SPREAD} × the largest |value|). Needs
 * at least two finite values: one replicate says nothing about variation.
 *
 * @example
 * ```ts
 * console.log(identicalReplicates([3, 3, 3]), identicalReplicates([0.1 + 0.2, 0.3, 0.3])); // true true
 * console.log(identicalReplicates([3, 3.001]), identicalReplicates([3]), identicalReplicates([0, 0])); // false false true
 * ```
 */
export function identicalReplicates(values: readonly number[]): boolean {
  if (values.length < 2) return false;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) return false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max - min <= IDENTICAL_RELATIVE_SPREAD * Math.max(Math.abs(min), Math.abs(max));
}

/**
 * A mean with its sample standard deviation and 95% confidence interval (Student's t).
 *
 * @example
 * ```ts
 * const summary: MeanSummary = summarizeMean([4, 6]);
 * console.log(summary.sd!.toFixed(3), summary.ci95!.map((x) => x.toFixed(2))); // 1.414 ['-7.71', '17.71']
 * console.log(summarizeMean([5])); // { n: 1, mean: 5, sd: null, ci95: null, deterministic: false }
 * ```
 */
export interface MeanSummary {
  /** Number of values. */
  n: number;
  /** Mean. */
  mean: number;
  /** Sample standard deviation (n − 1); 0 when deterministic; null when n < 2. */
  sd: number | null;
  /** 95% confidence interval of the mean; null when n < 2 or deterministic. */
  ci95: [number, number] | null;
  /** Every replicate gave the same value (see {@link identicalReplicates}): there is no spread to put an interval on. */
  deterministic: boolean;
}

/**
 * Summarizes replicate values: mean, sd and 95% CI (Student's t, n − 1 degrees of freedom).
 * Identical replicates (a deterministic metric, {@link identicalReplicates}) get sd 0, no
 * interval, and `deterministic: true`, so floating-point noise never reads as an sd of 1e-15.
 *
 * @example
 * ```ts
 * const { n, mean, sd, ci95 } = summarizeMean([1, 2, 3]);
 * console.log(n, mean, sd, ci95!.map((x) => x.toFixed(3))); // 3 2 1 ['-0.484', '4.484']
 * const noisy = summarizeMean([0.3, 0.1 + 0.2, 0.3]); // 0.1 + 0.2 is 0.30000000000000004
 * console.log(noisy.sd, noisy.ci95, noisy.deterministic); // 0 null true
 * ```
 */
export function summarizeMean(values: readonly number[]): MeanSummary {
  const n = values.length;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n < 2) return { n, mean, sd: null, ci95: null, deterministic: false };
  if (identicalReplicates(values)) return { n, mean, sd: 0, ci95: null, deterministic: true };
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const sd = Math.sqrt(squares / (n - 1));
  const half = studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ci95: [mean - half, mean + half], deterministic: false };
}

/**
 * A treatment-minus-control difference with its 95% Welch interval.
 *
 * @example
 * ```ts
 * const effect: DifferenceSummary = compareMeans([8, 9, 10], [10, 11, 12]);
 * console.log(effect.difference, effect.relative!.toFixed(3), effect.ci95!.map((x) => x.toFixed(1))); // -2 -0.182 ['-4.3', '0.3']
 * ```
 */
export interface DifferenceSummary {
  /** Treatment mean minus control mean. */
  difference: number;
  /** 95% Welch-t interval; null when either group has fewer than 2 values, or both are deterministic. */
  ci95: [number, number] | null;
  /** difference / control mean, or null when the control mean is 0. */
  relative: number | null;
  /**
   * Both groups are deterministic (identical replicates): the difference is exact, with no
   * sampling error to test, so it gets no interval and is never called significant.
   */
  deterministic: boolean;
}

/**
 * The difference of two means with a Welch-t 95% interval (Welch–Satterthwaite degrees of
 * freedom). When both groups are deterministic (identical replicates) there is no t-test: the
 * difference is exact, `ci95` is null and `deterministic` true. When only one is, its
 * variance counts as 0 (Welch's interval then rests on the other group alone).
 *
 * @example
 * ```ts
 * const { difference, ci95, relative } = compareMeans([2, 3, 4], [1, 2, 3]);
 * console.log(difference, ci95!.map((x) => x.toFixed(1)), relative); // 1 ['-1.3', '3.3'] 0.5
 * console.log(compareMeans([5, 5, 5], [4, 4, 4])); // { difference: 1, ci95: null, relative: 0.25, deterministic: true }
 * ```
 */
export function compareMeans(treatment: readonly number[], control: readonly number[]): DifferenceSummary {
  const a = summarizeMean(treatment);
  const b = summarizeMean(control);
  const difference = a.mean - b.mean;
  const relative = b.mean !== 0 ? difference / b.mean : null;
  if (a.deterministic && b.deterministic) return { difference, ci95: null, relative, deterministic: true };
  if (a.sd === null || b.sd === null) return { difference, ci95: null, relative, deterministic: false };
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const se = Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const half = studentTQuantile(0.975, df) * se;
  return { difference, ci95: [difference - half, difference + half], relative, deterministic: false };
}
