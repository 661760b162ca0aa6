/**
 * Summary statistics for summary.json: means with Student-t intervals, and differences
 * with Welch-t intervals.
 */

import { studentTCdf, studentTQuantile } from '@chokepoint/core';

export { studentTCdf, studentTQuantile };

/**
 * A mean with its sample standard deviation and 95% confidence interval (Student's t).
 *
 * @example
 * ```ts
 * const summary: MeanSummary = summarizeMean([4, 6]);
 * console.log(summary.sd!.toFixed(3), summary.ci95!.map((x) => x.toFixed(2))); // 1.414 ['-7.71', '17.71']
 * console.log(summarizeMean([5])); // { n: 1, mean: 5, sd: null, ci95: null }
 * ```
 */
export interface MeanSummary {
  /** Number of values. */
  n: number;
  /** Mean. */
  mean: number;
  /** Sample standard deviation (n − 1); null when n < 2. */
  sd: number | null;
  /** 95% confidence interval of the mean; null when n < 2. */
  ci95: [number, number] | null;
}

/**
 * Summarizes replicate values: mean, sd and 95% CI (Student's t, n − 1 degrees of freedom).
 *
 * @example
 * ```ts
 * const { n, mean, sd, ci95 } = summarizeMean([1, 2, 3]);
 * console.log(n, mean, sd, ci95!.map((x) => x.toFixed(3))); // 3 2 1 ['-0.484', '4.484']
 * ```
 */
export function summarizeMean(values: readonly number[]): MeanSummary {
  const n = values.length;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n < 2) return { n, mean, sd: null, ci95: null };
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const sd = Math.sqrt(squares / (n - 1));
  const half = sd === 0 ? 0 : studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ci95: [mean - half, mean + half] };
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
  /** 95% Welch-t interval; null when either group has fewer than 2 values. */
  ci95: [number, number] | null;
  /** difference / control mean, or null when the control mean is 0. */
  relative: number | null;
}

/**
 * The difference of two means with a Welch-t 95% interval (Welch–Satterthwaite degrees of
 * freedom).
 *
 * @example
 * ```ts
 * const { difference, ci95, relative } = compareMeans([2, 3, 4], [1, 2, 3]);
 * console.log(difference, ci95!.map((x) => x.toFixed(1)), relative); // 1 ['-1.3', '3.3'] 0.5
 * ```
 */
export function compareMeans(treatment: readonly number[], control: readonly number[]): DifferenceSummary {
  const a = summarizeMean(treatment);
  const b = summarizeMean(control);
  const difference = a.mean - b.mean;
  const relative = b.mean !== 0 ? difference / b.mean : null;
  if (a.sd === null || b.sd === null) return { difference, ci95: null, relative };
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { difference, ci95: [difference, difference], relative };
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const half = studentTQuantile(0.975, df) * se;
  return { difference, ci95: [difference - half, difference + half], relative };
}
