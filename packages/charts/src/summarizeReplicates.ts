import { studentTQuantile } from '@chokepoint/core';

/** One observation of a metric in one run: the input of {@link summarizeReplicates}. */
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

/** Mean and confidence interval of one series at one step, across replicates. */
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

/** Options of {@link summarizeReplicates}. */
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
 * summarizeReplicates([
 *   { arm: 'control', step: 1, value: 1 },
 *   { arm: 'control', step: 1, value: 3 },
 * ]);
 * // [{ series: 'control', step: 1, date: '', n: 2, mean: 2, sd: 1.414…, ciLow: −10.7…, ciHigh: 14.7… }]
 * ```
 */
export function summarizeReplicates<T extends ReplicateObservation>(rows: Iterable<T>, options: SummarizeOptions<T> = {}): StepSummary[] {
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
 * The mean, sample standard deviation and Student-t confidence interval of values.
 *
 * @example
 * ```ts
 * meanAndInterval([1, 2, 3]); // { n: 3, mean: 2, sd: 1, ciLow: −0.484…, ciHigh: 4.484… }
 * ```
 */
export function meanAndInterval(values: readonly number[], confidence = 0.95): { n: number; mean: number; sd: number; ciLow: number; ciHigh: number } {
  const n = values.length;
  if (n === 0) return { n, mean: Number.NaN, sd: Number.NaN, ciLow: Number.NaN, ciHigh: Number.NaN };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n < 2) return { n, mean, sd: Number.NaN, ciLow: Number.NaN, ciHigh: Number.NaN };
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const sd = Math.sqrt(squares / (n - 1));
  const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ciLow: mean - half, ciHigh: mean + half };
}
