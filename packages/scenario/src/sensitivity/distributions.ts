import { exp, ln } from '@chokepoint/core';
/**
 * Distributions of swept ranges: each maps a unit draw u in [0, 1] onto the range through
 * its inverse cumulative distribution function, so every sampled design (random, lhs,
 * morris, sobol) works in the unit hypercube and only this step knows the distribution.
 */
import { mathjs } from './numerics.js';

/**
 * How a swept range is distributed.
 *
 * @example
 * ```ts
 * const shapes: RangeDistribution[] = ['uniform', 'normal', 'triangular'];
 * console.log(shapes.map((distribution) => rangeQuantile({ min: 0, max: 1, distribution, sd: 0.1, mode: 0 }, 0.25).toFixed(3))); // ['0.250', '0.433', '0.134']
 * ```
 */
export type RangeDistribution = 'uniform' | 'normal' | 'triangular';

/**
 * The fields of a range that shape its distribution.
 *
 * @example
 * ```ts
 * const substitution: DistributionSpec = { min: 0.05, max: 0.5, distribution: 'normal', mean: 0.25, sd: 0.1 };
 * console.log(rangeQuantile(substitution, 0).toFixed(2), rangeQuantile(substitution, 1).toFixed(2)); // 0.05 0.50
 * ```
 */
export interface DistributionSpec {
  /** Lower bound (normal: truncation point). */
  min: number;
  /** Upper bound (normal: truncation point). */
  max: number;
  /** Default `uniform`. */
  distribution?: RangeDistribution;
  /** `linear` (default) or `log` (uniform in log space; uniform only). */
  scale?: 'linear' | 'log';
  /** Normal: the mean before truncation. Default: the midpoint of min and max. */
  mean?: number;
  /** Normal: the standard deviation before truncation (required for a normal range). */
  sd?: number;
  /** Triangular: the most likely value. Default: the midpoint. */
  mode?: number;
}

function erf(x: number): number {
  return mathjs().erf(x) as number;
}

/**
 * The standard normal cumulative distribution function Φ(x) = (1 + erf(x/√2)) / 2, with
 * mathjs's `erf`.
 *
 * @example
 * ```ts
 * console.log(normalCdf(0)); // 0.5
 * console.log(normalCdf(1.959963984540054).toFixed(9)); // 0.975000000
 * ```
 */
export function normalCdf(x: number): number {
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  return 0.5 * (1 + erf(x / Math.SQRT2));
}

// Coefficients of Acklam's rational approximation of the inverse normal CDF.
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/**
 * The standard normal quantile Φ⁻¹(p). mathjs 15 has `erf` but no inverse, so this is
 * P. J. Acklam's rational approximation (relative error below 1.2e-9), refined with one
 * Halley step against mathjs's `erf` in the central region. Φ⁻¹(0) = −∞, Φ⁻¹(1) = +∞.
 *
 * @example
 * ```ts
 * console.log(normalQuantile(0.975).toFixed(9)); // 1.959963985
 * console.log(normalQuantile(0.5)); // 0
 * ```
 */
export function normalQuantile(p: number): number {
  if (!(p > 0)) return p === 0 ? -Infinity : NaN;
  if (!(p < 1)) return p === 1 ? Infinity : NaN;
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * ln(p));
    x =
      (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) /
      ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) /
      (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * ln(1 - p));
    x =
      -(((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) /
      ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  // One Halley step where erf keeps its relative precision (the tails are already exact enough).
  if (p > 1e-8 && p < 1 - 1e-8) {
    const e = normalCdf(x) - p;
    const u = e * Math.sqrt(2 * Math.PI) * exp((x * x) / 2);
    x -= u / (1 + (x * u) / 2);
  }
  return x;
}

/**
 * Maps a unit draw u in [0, 1] onto a range through the inverse CDF of its distribution:
 * uniform (linear or log scale), normal truncated to [min, max], or triangular. The result
 * is clamped to [min, max].
 *
 * @example
 * ```ts
 * console.log(rangeQuantile({ min: 0, max: 10 }, 0.25)); // 2.5
 * console.log(rangeQuantile({ min: 1, max: 100, scale: 'log' }, 0.5).toFixed(9)); // 10.000000000
 * console.log(rangeQuantile({ min: 0, max: 1, distribution: 'normal', mean: 0.5, sd: 0.1 }, 0.5)); // 0.5
 * console.log(rangeQuantile({ min: 0, max: 1, distribution: 'triangular', mode: 0 }, 0.75)); // 0.5
 * ```
 */
export function rangeQuantile(range: DistributionSpec, u: number): number {
  const { min, max } = range;
  if (max <= min) return min;
  let value: number;
  switch (range.distribution ?? 'uniform') {
    case 'normal': {
      const mean = range.mean ?? (min + max) / 2;
      const sd = range.sd ?? (max - min) / 4;
      const lo = normalCdf((min - mean) / sd);
      const hi = normalCdf((max - mean) / sd);
      value = mean + sd * normalQuantile(lo + u * (hi - lo));
      break;
    }
    case 'triangular': {
      const mode = range.mode ?? (min + max) / 2;
      const width = max - min;
      const split = (mode - min) / width;
      value = u < split ? min + Math.sqrt(u * width * (mode - min)) : max - Math.sqrt((1 - u) * width * (max - mode));
      break;
    }
    default:
      value = range.scale === 'log' ? exp(ln(min) + u * (ln(max) - ln(min))) : min + u * (max - min);
  }
  return Math.min(max, Math.max(min, value));
}
