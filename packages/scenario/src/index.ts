/**
 * `@chokepoint/scenario`: scenario files for Chokepoint.
 *
 * Read a YAML or JSON scenario with {@link loadScenario} (line:col errors, `extends`, world
 * references, `--set`), expand it into runs with {@link buildPlan} (arms × sweep points ×
 * replicates, derived seeds), run it with {@link runScenario} (a piscina worker pool,
 * shards, resume) and join shards with {@link mergeRuns}. The run directory is described in
 * docs/outputs.md; the file format in docs/scenarios.md.
 *
 * The examples in this reference run as tests, each in a fresh working folder holding copies
 * of the repository's scenarios/ and examples/embed/ (a plugin instrument,
 * custom-instrument.ts, and digital-services-tax.yaml, a scenario that uses it), and what the
 * two examples below leave there: a short run of the quickstart in runs/qs and a small Sobol
 * sweep in runs/sobol.
 *
 * @example
 * ```ts
 * import { runScenario, ScenarioError } from '@chokepoint/scenario';
 * try {
 *   // 2 replicates of 8 quarters, in this thread (by default, a worker per CPU).
 *   const { out, executed } = await runScenario('scenarios/quickstart.yaml', { out: 'runs/qs', set: ['replicates=2', 'horizon=8'], workers: 1 });
 *   console.log(`${executed} runs, data in ${out}`);
 * } catch (e) {
 *   if (e instanceof ScenarioError) console.error(e.lines().join('\n'));
 *   else throw e;
 * }
 * ```
 *
 * @example
 * A Sobol sweep of two parameters, for sensitivity analysis ({@link analyzeSensitivity}):
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { runScenario } from '@chokepoint/scenario';
 * writeFileSync('sobol.yaml', `
 * title: Licence and substitution
 * world: { ref: toy-chips }
 * parameters: { licence: 0.1 }
 * horizon: 6
 * timeline:
 *   - { step: 1, measure: { type: export_control, issuer: US, targets: [CN], products: [sme], licence: "=licence" } }
 * sweep:
 *   method: sobol
 *   samples: 4
 *   parameters:
 *     licence: { min: 0, max: 1 }
 *     params.substitutionRate: { min: 0.05, max: 0.5 }
 * replicates: 2
 * outputs: { metrics: [state/CN/output, world/world/welfare] }
 * `);
 * const { plan } = await runScenario('sobol.yaml', { out: 'runs/sobol', workers: 1 });
 * console.log(plan.runs.length); // 32
 * ```
 *
 * @packageDocumentation
 */
export { ablationArmName, type AblationArm, type AblationPlan } from './ablation.js';
export * from './calibrate/index.js';
export { formatBudget, formatBytes, formatCount, limitArguments, type PlanBudget } from './budget.js';
export { shardFromEnv, slurmLayout, slurmScripts, type SlurmJob, type SlurmLayout, type SlurmScripts } from './cluster.js';
export { dateToStep, daysPerStep, stepEndDate, stepStart, type StepSpec, type StepUnit } from './dates.js';
export { COMMAND_LINE, ScenarioError, atCommandLine, commandLineError, formatDiagnostic, type Diagnostic } from './diagnostics.js';
export { METRIC_COLUMNS } from './execute.js';
export { EXPRESSION_CONSTANTS, EXPRESSION_FUNCTIONS, ExpressionError, compileExpression, evaluateParameters, isExpression, type Expression, type ParameterProblem } from './expressions.js';
export { libraryDir, listScenarios, listWorlds, type LibraryEntry } from './library.js';
export { SETTABLE_ROOTS, loadScenario, type LoadOptions, type LoadedScenario, type ScenarioDoc, type ScenarioFile } from './load.js';
export { MEASURE_COLUMNS, MeasureTally, adoptedMeasures, measureRows, measureWarnings, type AdoptedMeasure, type ArmMeasures } from './measures.js';
export { METRIC_VARIABLES, checkKeyMetricRows, checkMetricName } from './metricNames.js';
export { VERSION, buildSummary, type ArmShortfall, type SummaryAttribution, type RunRecord, type RunSummary, type SummaryEffect, type SummaryLayout, type SummaryMetric } from './outputs.js';
export { parsePath, type Segment, type Selector } from './paths.js';
export { replicateAdvice, type ReplicateAdvice, type ReplicateAdviceOptions } from './replicateAdvice.js';
export {
  DEFAULT_KEY_METRICS,
  DEFAULT_LIMITS,
  buildPlan,
  recordOptions,
  type Calendar,
  type ConfigSummary,
  type Limits,
  type PlanMeta,
  type PlanOptions,
  type PlannedRun,
  type RunConfig,
  type RunPlan,
  type SharedArm,
} from './plan.js';
export { mergeRuns, parseShard, readPlan, runScenario, type MergeOptions, type Progress, type RunOptions, type RunResult, type Shard } from './runner.js';
export { scenarioJsonSchema } from './schema/jsonSchema.js';
export { ShortfallTracker, shortfallEntities, type ShortfallFirm, type ShortfallRecord } from './shortfalls.js';
export { scenarioSchema } from './schema/scenario.js';
export { starterScenario } from './starter.js';
export { IDENTICAL_RELATIVE_SPREAD, compareMeans, identicalReplicates, studentTCdf, studentTQuantile, summarizeMean, type DifferenceSummary, type MeanSummary } from './stats.js';
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
export { sweepDesign, sweepMethod, sweepPoints, type SweepAxis, type SweepDesign, type SweepMethod, type SweepPoint, type SweepRange, type SweepSpec, type SweepValue } from './sweep.js';
export {
  SENSITIVITY_FORMAT,
  analyzeSensitivity,
  elementaryEffects,
  morrisDesign,
  morrisIndices,
  normalCdf,
  normalQuantile,
  rangeQuantile,
  readRunDesign,
  saltelliDesign,
  sobolIndices,
  splitSaltelli,
  writeSensitivityReport,
  type DistributionSpec,
  type MorrisIndex,
  type MorrisOptions,
  type MorrisRole,
  type RangeDistribution,
  type SaltelliOutputs,
  type SensitivityAnalysis,
  type SensitivityOptions,
  type SensitivityReport,
  type SobolIndex,
  type SobolOptions,
  type SobolResult,
  type SobolRole,
  type UnitDesign,
} from './sensitivity/index.js';
export {
  PLUGIN_EXTENSIONS,
  canImportTypeScript,
  importPluginDefinitions,
  loadPlugins,
  type LoadedPlugins,
  type PluginDefinitions,
  type PluginFile,
} from './plugins.js';
export {
  rankDoctrines,
  runTournament,
  tournamentScenario,
  type TournamentOptions,
  type TournamentPlay,
  type TournamentRanking,
  type TournamentResult,
} from './tournament.js';
export { validateScenario, validateScenarioAsync, type ValidationResult } from './validate.js';
export { materializeWorld, worldSize, type SyntheticPatch, type WorldRecipe, type WorldSize } from './world.js';
