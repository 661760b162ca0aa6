import { studentTQuantile } from '@chokepoint/core';

/**
 * One observation of a metric in one run: the input of {@link summarizeReplicates}.
 *
 * @example
 * ```ts
 * const rows: ReplicateObservation[] = [
 *   { arm: 'control', step: 1, value: 10, replicate: 0 },
 *   { arm: 'control', step: 1, value: 12, replicate: 1 },
 *   { arm: 'control', step: 1, value: Number.NaN, replicate: 2 },
 * ];
 * // Non-finite values are left out:
 * console.log(summarizeReplicates(rows)[0]!.n, summarizeReplicates(rows)[0]!.mean); // 2 11
 * ```
 */
export interface ReplicateObservation {
  /** Arm of the run. */
  arm: string;
  /** Step of the observation. */
  step: number;
  /** Observed value. */
  value: number;
  /** Replicate index (not needed for the summary, kept for callers). */
  replicate?: number;
  /** Sweep point (not needed for the summary, kept for callers). */
  point?: number;
  /** ISO date of the step, or ''. */
  date?: string;
}

/**
 * Mean and confidence interval of one series at one step, across replicates.
 *
 * @example
 * ```ts
 * const cnOutput = parsed.rows.filter((r) => r.entityKind === 'state' && r.entity === 'CN' && r.variable === 'output');
 * const summaries: StepSummary[] = summarizeReplicates(cnOutput);
 * const last = summaries.filter((s) => s.series === 'control').at(-1)!;
 * console.log(summaries.length, last.step, last.date, last.n, last.ciLow <= last.mean && last.mean <= last.ciHigh); // 32 8 2024-12-31 2 true
 * ```
 */
export interface StepSummary {
  /** Series key (by default the arm). */
  series: string;
  /** Step. */
  step: number;
  /** ISO date of the step, or '' when unknown. */
  date: string;
  /** Number of replicates with a finite value. */
  n: number;
  /** Mean across replicates. */
  mean: number;
  /** Sample standard deviation (n − 1), NaN when n < 2. */
  sd: number;
  /** Lower end of the confidence interval of the mean, NaN when n < 2. */
  ciLow: number;
  /** Upper end of the confidence interval of the mean, NaN when n < 2. */
  ciHigh: number;
}

/**
 * Options of {@link summarizeReplicates}.
 *
 * @example
 * ```ts
 * const rows = parsed.rows.filter((r) => r.entityKind === 'state' && r.variable === 'output' && r.arm === 'control');
 * const options: SummarizeOptions<TidyRow> = { seriesOf: (r) => r.entity, confidence: 0.9 };
 * console.log([...new Set(summarizeReplicates(rows, options).map((s) => s.series))]); // ['US', 'CN', 'JP', 'NL', 'TW']
 * ```
 */
export interface SummarizeOptions<T> {
  /** Series key of an observation. Default: its arm. */
  seriesOf?: (row: T) => string;
  /** Confidence level of the interval. Default 0.95. */
  confidence?: number;
}

/**
 * Reduces tidy rows of one metric to the mean and Student-t confidence interval of
 * each series (by default each arm) at each step, across replicates. Non-finite values
 * are ignored. Output is ordered by series (first appearance) then step.
 *
 * @example
 * ```ts
 * const [first] = summarizeReplicates([
 *   { arm: 'control', step: 1, value: 1 },
 *   { arm: 'control', step: 1, value: 3 },
 * ]);
 * const { series, step, n, mean, sd, ciLow, ciHigh } = first!;
 * console.log(series, step, n, mean, sd.toFixed(3), ciLow.toFixed(1), ciHigh.toFixed(1)); // control 1 2 2 1.414 -10.7 14.7
 * ```
 */
export function summarizeReplicates<T extends ReplicateObservation>(
  rows: Iterable<T>,
  options: SummarizeOptions<T> = {},
): StepSummary[] {
  const seriesOf = options.seriesOf ?? ((row: T) => row.arm);
  const confidence = options.confidence ?? 0.95;
  const groups = new Map<string, Map<number, { values: number[]; date: string }>>();
  for (const row of rows) {
    if (!Number.isFinite(row.value)) continue;
    const key = seriesOf(row);
    let bySteps = groups.get(key);
    if (!bySteps) groups.set(key, (bySteps = new Map()));
    let cell = bySteps.get(row.step);
    if (!cell) bySteps.set(row.step, (cell = { values: [], date: row.date ?? '' }));
    cell.values.push(row.value);
  }
  const out: StepSummary[] = [];
  for (const [series, bySteps] of groups) {
    const steps = [...bySteps.keys()].sort((a, b) => a - b);
    for (const step of steps) {
      const { values, date } = bySteps.get(step)!;
      out.push({ series, step, date, ...meanAndInterval(values, confidence) });
    }
  }
  return out;
}

/**
 * The mean, sample standard deviation and Student-t confidence interval of values. Values
 * that are all identical up to floating-point noise (a spread of at most 1e-12 of the largest
 * magnitude, as summary.json's `deterministic`) have sd 0 and an interval of the mean alone.
 *
 * @example
 * ```ts
 * const { n, mean, sd, ciLow, ciHigh } = meanAndInterval([1, 2, 3]);
 * console.log(n, mean, sd, ciLow.toFixed(3), ciHigh.toFixed(3)); // 3 2 1 -0.484 4.484
 * console.log(meanAndInterval([1, 2, 3], 0.5).ciHigh.toFixed(3)); // 2.471
 * const noise = meanAndInterval([0.3, 0.1 + 0.2, 0.3]);
 * console.log(noise.sd, noise.ciLow === noise.mean && noise.ciHigh === noise.mean); // 0 true
 * ```
 */
export function meanAndInterval(
  values: readonly number[],
  confidence = 0.95,
): { n: number; mean: number; sd: number; ciLow: number; ciHigh: number } {
  const n = values.length;
  if (n === 0) return { n, mean: Number.NaN, sd: Number.NaN, ciLow: Number.NaN, ciHigh: Number.NaN };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n < 2) return { n, mean, sd: Number.NaN, ciLow: Number.NaN, ciHigh: Number.NaN };
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // Identical replicates (a deterministic series): their spread is rounding noise, not variation.
  if (max - min <= 1e-12 * Math.max(Math.abs(min), Math.abs(max))) return { n, mean, sd: 0, ciLow: mean, ciHigh: mean };
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const sd = Math.sqrt(squares / (n - 1));
  const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ciLow: mean - half, ciHigh: mean + half };
}
