/**
 * `@chokepoint/format`: the run-directory contract of Chokepoint, shared by the code that
 * writes a run directory (`@chokepoint/runner`, `@chokepoint/outputs`) and the code that reads
 * one (`@chokepoint/charts`, your own scripts): the columns of metrics.csv and of a part file,
 * the shapes of summary.json and manifest.json, the calendar of steps, and the statistics
 * summary.json reports (Student t intervals, statistics over time, replicate advice). It also
 * holds the one implementation of what a run writes: a run simulated and formatted as its rows of
 * metrics.csv ({@link simulatePart}, {@link formatPart}), and summary.json built from the runs'
 * part headers ({@link buildSummary}), which `chokepoint run` and the browser playground both
 * use. It has no Node imports, so it runs in a browser. docs/outputs.md describes the files.
 *
 * @packageDocumentation
 */
export { buildSummary, summaryJson, type SummaryLayout } from './buildSummary.js';
export {
  dateToStep,
  daysPerStep,
  formatDate,
  parseDate,
  stepEndDate,
  stepStart,
  type StepCalendar,
  type StepSpec,
  type StepUnit,
} from './dates.js';
export { formatPart, metricsCsvHeader, partTask, type PartPlanLayout, type PartTask } from './formatPart.js';
export { MeasureTally, adoptedMeasures, noMeasures, type MeasureLayout } from './measures.js';
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
export { ShortfallTracker, shortfallEntities } from './shortfalls.js';
export { simulatePart, type FormattedPart, type SimulatePartOptions } from './simulatePart.js';
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
