import { pow } from '@chokepoint/core';
import { compareMeans, summarizeMean, type DifferenceSummary, type MeanSummary } from './stats.js';

/**
 * How a key metric's path over the run is reduced (docs/outputs.md, "Effects over time"):
 * - `final`: its value at the last step;
 * - `peak`: the largest deviation of the treatment's mean path from the control's, and when;
 * - `cumulative`: its sum over the steps (a flow summed over the run, e.g. output lost);
 * - `discounted`: the same, each step discounted at `discountRate` a year.
 *
 * @example
 * ```ts
 * const chosen: TimeStatistic[] = ['final', 'peak'];
 * console.log(chosen.every((s) => TIME_STATISTICS.includes(s))); // true
 * ```
 */
export type TimeStatistic = 'final' | 'peak' | 'cumulative' | 'discounted';

/**
 * Every time statistic, in the order the report shows them; also the default of
 * `outputs.statistics`.
 *
 * @example
 * ```ts
 * console.log(TIME_STATISTICS); // ['final', 'peak', 'cumulative', 'discounted']
 * ```
 */
export const TIME_STATISTICS: readonly TimeStatistic[] = Object.freeze(['final', 'peak', 'cumulative', 'discounted']);

/**
 * The default annual discount rate of the `discounted` statistic: 2%, the social rate of time
 * preference of the US Office of Management and Budget's Circular A-4 (2023).
 *
 * @example
 * ```ts
 * console.log(DEFAULT_DISCOUNT_RATE); // 0.02
 * ```
 */
export const DEFAULT_DISCOUNT_RATE = 0.02;

/**
 * The sum of a run's values over its steps, each discounted at `rate` a year: value at step t
 * (1 = after the first step) × (1 + rate)^(−t·days per step / 365). With rate 0, the plain
 * (cumulative) sum.
 *
 * @example
 * ```ts
 * console.log(discountedSum([1, 1, 1, 1], 0, 91.3125)); // 4
 * console.log(discountedSum([1, 1, 1, 1], 0.02, 91.3125).toFixed(4)); // 3.9508
 * ```
 */
export function discountedSum(values: readonly number[], rate: number, daysPerStep: number): number {
  let sum = 0;
  for (let t = 0; t < values.length; t++)
    sum += rate === 0 ? values[t]! : values[t]! * pow(1 + rate, -((t + 1) * daysPerStep) / 365);
  return sum;
}

/**
 * The largest deviation of a treatment's mean path from the control's: the step t* at which
 * |mean treatment − mean control| is largest (the first such step), and the Welch difference of
 * the replicates' values there. The interval is Welch's at t*; it does not allow for t* having
 * been chosen as the largest, so it is narrower than a simultaneous band.
 *
 * @example
 * ```ts
 * const peak: PeakDifference = peakDifference([[9, 5], [9, 7]], [[10, 10], [10, 10]], (t) => `step ${t}`)!;
 * console.log(peak.step, peak.difference); // 2 -4
 * ```
 */
export interface PeakDifference extends DifferenceSummary {
  /** The step of the peak (1 = after the first step, as in metrics.csv). */
  step: number;
  /** Its date (metrics.csv's `date`), or '' without a calendar. */
  date: string;
}

/**
 * The peak deviation of the treatment's runs from the control's, each run a path of values by
 * step (step 1 first); undefined when either has no run or no step.
 *
 * @param dateOf - The date of a step (1-based), for the result.
 *
 * @example
 * ```ts
 * // Two replicates each: the treatment dips at step 2 and recovers.
 * const peak = peakDifference([[10, 6, 9], [10, 4, 9]], [[10, 10, 10], [10, 10, 10]], (t) => `q${t}`);
 * console.log(peak!.step, peak!.date, peak!.difference, peak!.relative); // 2 q2 -5 -0.5
 * ```
 */
export function peakDifference(
  treatment: readonly (readonly number[])[],
  control: readonly (readonly number[])[],
  dateOf: (step: number) => string,
): PeakDifference | undefined {
  const steps = Math.min(...treatment.map((r) => r.length), ...control.map((r) => r.length));
  if (treatment.length === 0 || control.length === 0 || !(steps > 0)) return undefined;
  const meanAt = (runs: readonly (readonly number[])[], t: number): number =>
    runs.reduce((s, r) => s + r[t]!, 0) / runs.length;
  let best = 0;
  let largest = -1;
  for (let t = 0; t < steps; t++) {
    const gap = Math.abs(meanAt(treatment, t) - meanAt(control, t));
    if (gap > largest) {
      largest = gap;
      best = t;
    }
  }
  const at = (runs: readonly (readonly number[])[]) => runs.map((r) => r[best]!);
  return { step: best + 1, date: dateOf(best + 1), ...compareMeans(at(treatment), at(control)) };
}

/**
 * A key metric's sum over the run (`cumulative`) and discounted sum (`discounted`), summarized
 * over one arm's replicates, as summary.json's `metrics` entries hold them.
 *
 * @example
 * ```ts
 * const over: OverTime = { cumulative: summarizeMean([40, 42]), discounted: summarizeMean([39, 41]) };
 * console.log(over.cumulative!.mean, over.discounted!.mean); // 41 40
 * ```
 */
export interface OverTime {
  /** The sum over the steps, across replicates. */
  cumulative?: MeanSummary;
  /** The discounted sum, across replicates. */
  discounted?: MeanSummary;
}

/**
 * The time statistics of one arm's runs (each a path of values by step) for summary.json's
 * `metrics`: the cumulative and discounted sums the scenario asked for.
 *
 * @example
 * ```ts
 * const over = summarizeOverTime([[1, 2], [3, 4]], ['cumulative'], 0.02, 365);
 * console.log(over.cumulative!.mean, over.discounted); // 5 undefined
 * ```
 */
export function summarizeOverTime(
  runs: readonly (readonly number[])[],
  statistics: readonly TimeStatistic[],
  rate: number,
  daysPerStep: number,
): OverTime {
  const out: OverTime = {};
  if (runs.length === 0) return out;
  if (statistics.includes('cumulative'))
    out.cumulative = summarizeMean(runs.map((r) => discountedSum(r, 0, daysPerStep)));
  if (statistics.includes('discounted'))
    out.discounted = summarizeMean(runs.map((r) => discountedSum(r, rate, daysPerStep)));
  return out;
}

/**
 * A treatment's effects over time against the control, for summary.json's `effects` entries:
 * the peak deviation, and the differences of the cumulative and discounted sums, each with its
 * Welch interval, as the scenario asked.
 *
 * @example
 * ```ts
 * const treated = [[10, 6, 9], [10, 4, 9]];
 * const control = [[10, 10, 10], [10, 10, 10]];
 * const effects = compareOverTime(treated, control, ['peak', 'cumulative'], 0.02, 91.3125, (t) => `q${t}`);
 * console.log(effects.peak!.step, effects.cumulative!.difference); // 2 -6
 * ```
 */
export function compareOverTime(
  treatment: readonly (readonly number[])[],
  control: readonly (readonly number[])[],
  statistics: readonly TimeStatistic[],
  rate: number,
  daysPerStep: number,
  dateOf: (step: number) => string,
): EffectsOverTime {
  const out: EffectsOverTime = {};
  if (treatment.length === 0 || control.length === 0) return out;
  if (statistics.includes('peak')) {
    const peak = peakDifference(treatment, control, dateOf);
    if (peak !== undefined) out.peak = peak;
  }
  const sums = (runs: readonly (readonly number[])[], r: number) =>
    runs.map((run) => discountedSum(run, r, daysPerStep));
  if (statistics.includes('cumulative')) out.cumulative = compareMeans(sums(treatment, 0), sums(control, 0));
  if (statistics.includes('discounted')) out.discounted = compareMeans(sums(treatment, rate), sums(control, rate));
  return out;
}

/**
 * The effects over time of summary.json's `effects` entries (beside the final difference).
 *
 * @example
 * ```ts
 * const effects: EffectsOverTime = compareOverTime([[9, 8]], [[10, 10]], ['cumulative'], 0, 365, String);
 * console.log(effects.cumulative!.difference); // -3
 * ```
 */
export interface EffectsOverTime {
  /** The largest deviation from the control's mean path, and when. */
  peak?: PeakDifference;
  /** The difference of the sums over the run. */
  cumulative?: DifferenceSummary;
  /** The difference of the discounted sums. */
  discounted?: DifferenceSummary;
}
