/**
 * How many replicates a metric needs, by the coefficient-of-variation method (Lorscheid,
 * Heine and Meyer 2012): compute the CV (sd / |mean|) of the metric over the first n
 * replicates for growing n, and find where it stops changing.
 */

import { identicalReplicates } from './stats.js';

/**
 * The advice for one metric (summary.json, `metrics[].replicateAdvice`).
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const summary: RunSummary = JSON.parse(readFileSync('runs/qs/summary.json', 'utf8'));
 * const advice: ReplicateAdvice = summary.metrics[0]!.replicateAdvice!;
 * // The quickstart's control arm ends on the same CN output in both replicates: deterministic.
 * console.log(summary.metrics[0]!.deterministic, advice.needed, advice.tolerance, advice.window); // true 1 0.05 3
 * ```
 */
export interface ReplicateAdvice {
  /**
   * The number of replicates after which the CV is stable: from there on every step's change
   * |CV_n − CV_(n−1)| stays within `tolerance` × the final CV, over at least `window` steps.
   * Null when the CV is not stable within the replicates run (run more), or when there are
   * fewer than `window + 2` replicates to judge it. 1 when every replicate is identical
   * (deterministic).
   */
  needed: number | null;
  /** The CV over all replicates; null with fewer than 2 replicates, or a mean of 0 with spread. */
  cv: number | null;
  /** The tolerance, relative to the final CV. */
  tolerance: number;
  /** Consecutive stable steps required. */
  window: number;
}

/**
 * Options of {@link replicateAdvice}.
 *
 * @example
 * ```ts
 * const values = [10, 12, 9, 11, 10, 10.5, 11, 9.5, 10.2, 10.8, 10.1, 9.9];
 * const loose: ReplicateAdviceOptions = { tolerance: 0.2, window: 2 };
 * console.log(replicateAdvice(values).needed, replicateAdvice(values, loose).needed); // null 6
 * ```
 */
export interface ReplicateAdviceOptions {
  /** Largest step change of the CV, as a share of the final CV. Default 0.05. */
  tolerance?: number;
  /** Consecutive stable steps required. Default 3. */
  window?: number;
}

/**
 * Advises how many replicates a metric needs from its replicate values, in replicate order,
 * by the coefficient-of-variation method: CV_n is the sample CV of the first n values
 * (n = 2 … N); the advice is the smallest n ≥ window + 2 such that every change
 * |CV_k − CV_(k−1)| for k from n − window + 1 to N is at most `tolerance` × |CV_N|. It never
 * exceeds the replicates given (null instead), and a larger tolerance never advises more.
 * A metric whose replicates are all identical (deterministic, {@link identicalReplicates}:
 * exactly, or up to floating-point noise) needs one replicate: `needed` is 1 and `cv` 0.
 *
 * @example
 * ```ts
 * const advice = replicateAdvice([10, 12, 9, 11, 10, 10.5, 11, 9.5, 10.2, 10.8, 10.1, 9.9, 10.4, 10.6, 9.8, 10.3, 10, 10.2, 9.9, 10.1]);
 * console.log(advice.needed, advice.cv!.toFixed(4)); // 16 0.0612
 * // Too few replicates to judge:
 * console.log(replicateAdvice([1, 2, 3]).needed); // null
 * // Deterministic: every replicate the same, up to rounding noise.
 * console.log(replicateAdvice([0.3, 0.1 + 0.2, 0.3, 0.3, 0.3])); // { needed: 1, cv: 0, tolerance: 0.05, window: 3 }
 * ```
 */
export function replicateAdvice(values: readonly number[], options: ReplicateAdviceOptions = {}): ReplicateAdvice {
  const tolerance = options.tolerance ?? 0.05;
  const window = Math.max(1, Math.floor(options.window ?? 3));
  const n = values.length;
  if (identicalReplicates(values)) return { needed: 1, cv: 0, tolerance, window };
  // Running CVs by Welford's update: cvs[k] is the CV of the first k values (k >= 2).
  const cvs: number[] = [];
  let mean = 0;
  let squares = 0;
  for (let k = 1; k <= n; k++) {
    const x = values[k - 1]!;
    const delta = x - mean;
    mean += delta / k;
    squares += delta * (x - mean);
    if (k < 2) continue;
    const sd = Math.sqrt(Math.max(0, squares) / (k - 1));
    // A mean that is zero up to rounding leaves the CV undefined.
    cvs[k] = sd === 0 ? 0 : Math.abs(mean) <= 1e-9 * sd ? Number.POSITIVE_INFINITY : sd / Math.abs(mean);
  }
  const last = n >= 2 ? cvs[n]! : Number.NaN;
  const cv = Number.isFinite(last) ? last : null;
  const advice = (needed: number | null): ReplicateAdvice => ({ needed, cv, tolerance, window });
  if (cv === null || !values.every(Number.isFinite) || n < window + 2) return advice(null);
  const limit = tolerance * cv;
  // The last unstable step: any later start of the window is stable through N.
  let lastUnstable = 2;
  for (let k = 3; k <= n; k++) {
    const change = Math.abs(cvs[k]! - cvs[k - 1]!);
    if (!(change <= limit)) lastUnstable = k;
  }
  const needed = Math.max(window + 2, lastUnstable + window);
  return advice(needed <= n ? needed : null);
}
