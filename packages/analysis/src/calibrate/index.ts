/**
 * Calibration by rejection ABC (approximate Bayesian computation) against an episode's
 * target bands: priors, statistics, distance, acceptance and the posterior summary.
 */
export {
  acceptSamples,
  bandDistance,
  quantileSorted,
  summarizePosterior,
  type AcceptRule,
  type DistanceMode,
  type PosteriorSummary,
} from './abc.js';
export {
  PRIOR_EXPECTED,
  formatPrior,
  parsePrior,
  priorInterval,
  priorProblem,
  priorQuantile,
  priorsFromArguments,
  readPriorsFile,
  samplePriors,
  type Prior,
  type PriorKind,
  type PriorList,
  type PriorLocation,
} from './priors.js';
export {
  runCalibration,
  type CalibrationOptions,
  type CalibrationResult,
  type CalibrationRun,
  type CalibrationTargetSummary,
} from './run.js';
export {
  REDUCTIONS,
  computeStatistics,
  evaluateSeries,
  extractSeries,
  parseSeries,
  reduceSeries,
  seriesMetrics,
  type Reduction,
  type ResolvedStatistic,
  type SeriesExpr,
} from './statistics.js';
export {
  readCalibrationTargets,
  resolveStatistic,
  type CalibrationTarget,
  type CalibrationTargets,
  type StatisticSpec,
  type StepContext,
  type StepRef,
} from './targets.js';
