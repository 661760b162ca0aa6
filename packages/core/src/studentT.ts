import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/*
 * Student's t distribution, for confidence intervals and tests: stdlib's implementations, which
 * use only IEEE 754 arithmetic and give the same bits on every JavaScript engine (as summaries
 * written in a browser must match the command line's).
 */

/**
 * The cumulative distribution function of Student's t with `df` degrees of freedom.
 *
 * @example
 * ```ts
 * studentTCdf(0, 5); // 0.5
 * ```
 */
export function studentTCdf(t: number, df: number): number {
  return tCdf(t, df);
}

const quantileCache = new Map<string, number>();

/**
 * The quantile (inverse CDF) of Student's t with `df` degrees of freedom. Results are cached.
 *
 * @param p Probability in (0, 1), e.g. 0.975 for a two-sided 95% interval.
 * @param df Degrees of freedom (> 0), e.g. n − 1.
 * @example
 * ```ts
 * studentTQuantile(0.975, 9); // ≈ 2.2622
 * ```
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  const key = `${p}:${df}`;
  const cached = quantileCache.get(key);
  if (cached !== undefined) return cached;
  const q = tQuantile(p, df);
  quantileCache.set(key, q);
  return q;
}
