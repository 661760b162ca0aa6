import { ln } from '@chokepoint/core';
/**
 * Rejection ABC: the distance of simulated statistics to the target bands, the acceptance
 * rule, and the posterior summary of the accepted samples. Pure functions.
 */
import type { Prior } from './priors.js';
import { priorInterval } from './priors.js';

/**
 * How a statistic's distance to its band is measured.
 *
 * @example
 * ```ts
 * const modes: DistanceMode[] = ['centre', 'edge'];
 * console.log(modes.map((mode) => bandDistance([0.9], [[0, 1]], mode))); // [0.8, 0]
 * ```
 */
export type DistanceMode = 'centre' | 'edge';

/**
 * The distance of simulated statistics to their bands: per target, the distance of the
 * value from the band's centre in half-widths (`centre`: 0 at the centre, 1 at an edge), or
 * how far it lies outside the band in half-widths (`edge`: 0 anywhere inside); then the root
 * mean square over the targets. A NaN value (a statistic the run could not compute) gives
 * an infinite distance. A band of zero width uses a half-width of 1% of its centre (or 1e-9).
 *
 * @example
 * ```ts
 * // √((0² + 1²)/2): the centre of one band, the edge of the other.
 * console.log(bandDistance([0.5, 4], [[0, 1], [2, 4]]).toFixed(3)); // 0.707
 * console.log(bandDistance([0.5, 4], [[0, 1], [2, 4]], 'edge')); // 0
 * ```
 */
export function bandDistance(
  values: readonly number[],
  bands: ReadonlyArray<readonly [number, number]>,
  mode: DistanceMode = 'centre',
): number {
  if (values.length === 0) return Number.POSITIVE_INFINITY;
  let sum = 0;
  for (let j = 0; j < values.length; j++) {
    const value = values[j]!;
    if (!Number.isFinite(value)) return Number.POSITIVE_INFINITY;
    const [lo, hi] = bands[j]!;
    const centre = (lo + hi) / 2;
    const half = hi > lo ? (hi - lo) / 2 : Math.max(Math.abs(centre) * 0.01, 1e-9);
    const off = Math.abs(value - centre) / half;
    const d = mode === 'centre' ? off : Math.max(0, off - 1);
    sum += d * d;
  }
  return Math.sqrt(sum / values.length);
}

/**
 * Which samples to accept: the `accept` closest, or all within `tolerance`.
 *
 * @example
 * ```ts
 * const rules: AcceptRule[] = [{ accept: 1 }, { tolerance: 0.5 }];
 * console.log(rules.map((rule) => acceptSamples([0.4, 0.2, 0.9], rule))); // [[false, true, false], [true, true, false]]
 * ```
 */
export type AcceptRule = { accept: number } | { tolerance: number };

/**
 * Accepts samples by distance: the `accept` closest (ties broken by sample order) or every
 * sample within `tolerance`. Samples with an infinite or NaN distance are never accepted.
 *
 * @returns One flag per sample.
 *
 * @example
 * ```ts
 * console.log(acceptSamples([0.3, 0.1, Infinity, 0.2], { accept: 2 })); // [false, true, false, true]
 * console.log(acceptSamples([0.3, 0.1, Infinity, 0.2], { tolerance: 0.25 })); // [false, true, false, true]
 * ```
 */
export function acceptSamples(distances: readonly number[], rule: AcceptRule): boolean[] {
  const flags = distances.map(() => false);
  if ('tolerance' in rule) {
    distances.forEach((d, i) => (flags[i] = Number.isFinite(d) && d <= rule.tolerance));
    return flags;
  }
  const order = distances
    .map((d, i) => i)
    .filter((i) => Number.isFinite(distances[i]!))
    .sort((a, b) => distances[a]! - distances[b]! || a - b);
  for (const i of order.slice(0, rule.accept)) flags[i] = true;
  return flags;
}

/**
 * The p-quantile of sorted values (linear interpolation between order statistics, R's
 * type 7).
 *
 * @example
 * ```ts
 * console.log(quantileSorted([1, 2, 3, 4], 0.5), quantileSorted([1, 2, 3, 4], 0.25)); // 2.5 1.75
 * ```
 */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * The posterior summary of one parameter.
 *
 * @example
 * ```ts
 * const posterior: PosteriorSummary = summarizePosterior([2, 4, 8], { name: 'x', kind: 'loguniform', min: 1, max: 100 });
 * console.log(posterior.median, posterior.prior95.map((x) => x.toFixed(2)), posterior.narrowing.toFixed(2)); // 4 ['1.12', '89.13'] 0.30
 * ```
 */
export interface PosteriorSummary {
  /** Accepted samples. */
  n: number;
  /** Posterior mean. */
  mean: number;
  /** Posterior median. */
  median: number;
  /** Posterior standard deviation (n − 1); null when n < 2. */
  sd: number | null;
  /** Central 95% interval (2.5% and 97.5% quantiles of the accepted values). */
  ci95: [number, number];
  /** The prior's central 95% interval. */
  prior95: [number, number];
  /** Width of `ci95` over the width of `prior95` (in logs for a log-uniform prior): below 1 when the targets inform the parameter. */
  narrowing: number;
}

/**
 * Summarizes the accepted values of one parameter against its prior.
 *
 * @example
 * ```ts
 * const posterior = summarizePosterior([1, 2, 3], { name: 'x', kind: 'uniform', min: 0, max: 10 });
 * console.log(posterior); // { n: 3, mean: 2, median: 2, sd: 1, ci95: [1.05, 2.95], prior95: [0.25, 9.75], narrowing: 0.2 }
 * ```
 */
export function summarizePosterior(values: readonly number[], prior: Prior): PosteriorSummary {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = n === 0 ? Number.NaN : sorted.reduce((a, b) => a + b, 0) / n;
  const sd = n < 2 ? null : Math.sqrt(sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const ci95: [number, number] = [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)];
  const prior95 = priorInterval(prior);
  // Log-uniform priors compare widths on the log scale they are uniform on.
  const log = prior.kind === 'loguniform' && ci95[0] > 0;
  const width = (a: number, b: number): number => (log ? ln(b) - ln(a) : b - a);
  const priorWidth = width(prior95[0], prior95[1]);
  const narrowing = priorWidth > 0 && n > 0 ? width(ci95[0], ci95[1]) / priorWidth : Number.NaN;
  return { n, mean, median: quantileSorted(sorted, 0.5), sd, ci95, prior95, narrowing };
}
