/**
 * `@chokepoint/format`: the run-directory contract of Chokepoint, shared by the code that
 * writes a run directory (`@chokepoint/runner`, `@chokepoint/outputs`) and the code that reads
 * one (`@chokepoint/charts`, your own scripts): the columns of metrics.csv and of a part file,
 * the shapes of summary.json and manifest.json, the calendar of steps, and the statistics
 * summary.json reports (Student t intervals, statistics over time, replicate advice). It has no
 * Node imports, so it runs in a browser. docs/outputs.md describes the files.
 *
 * @packageDocumentation
 */
export {
  dateToStep,
  daysPerStep,
  formatDate,
  parseDate,
  stepEndDate,
  stepStart,
  type StepSpec,
  type StepUnit,
} from './dates.js';
export { METRIC_COLUMNS, partName, type PartColumns, type PartHeader, type PartLayout } from './part.js';
export type { AdoptedMeasure, ArmMeasures, ShortfallFirm, ShortfallRecord } from './records.js';
export { replicateAdvice, type ReplicateAdvice, type ReplicateAdviceOptions } from './replicateAdvice.js';
export {
  IDENTICAL_RELATIVE_SPREAD,
  compareMeans,
  identicalReplicates,
  summarizeMean,
  type DifferenceSummary,
  type MeanSummary,
} from './stats.js';
export type {
  AblationArm,
  AblationPlan,
  ArmShortfall,
  RunRecord,
  RunSummary,
  SharedArm,
  SummaryAttribution,
  SummaryEffect,
  SummaryMetric,
} from './summary.js';
export {
  DEFAULT_DISCOUNT_RATE,
  TIME_STATISTICS,
  compareOverTime,
  discountedSum,
  peakDifference,
  summarizeOverTime,
  type EffectsOverTime,
  type OverTime,
  type PeakDifference,
  type TimeStatistic,
} from './timeStatistics.js';
