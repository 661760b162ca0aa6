/**
 * `@chokepoint/scenario`: the scenario language of Chokepoint.
 *
 * Read a YAML or JSON scenario with {@link loadScenario} (line:col errors, `extends`, world
 * references, `--set`) and expand it into runs with {@link buildPlan} (arms × sweep points ×
 * replicates, derived seeds). Running a plan is `@chokepoint/runner`'s job, writing a run
 * directory `@chokepoint/outputs`'s, and analysing runs `@chokepoint/analysis`'s. The file format
 * is described in docs/scenarios.md.
 *
 * The examples in this reference run as tests, each in a fresh working folder holding copies
 * of the repository's scenarios/ and examples/embed/ (a plugin instrument,
 * custom-instrument.ts, and digital-services-tax.yaml, a scenario that uses it).
 *
 * @example
 * ```ts
 * import { buildPlan, loadScenario, ScenarioError } from '@chokepoint/scenario';
 * try {
 *   const { meta } = buildPlan(loadScenario('scenarios/quickstart.yaml', { set: ['replicates=2'] }));
 *   console.log(meta.arms.length, meta.runs.length); // 4 8
 * } catch (e) {
 *   if (e instanceof ScenarioError) console.error(e.lines().join('\n'));
 *   else throw e;
 * }
 * ```
 *
 * @packageDocumentation
 */
export { ablationArmName } from './ablation.js';
export { formatBudget, formatBytes, formatCount, limitArguments, type PlanBudget } from './budget.js';
export {
  COMMAND_LINE,
  ScenarioError,
  atCommandLine,
  commandLineError,
  formatDiagnostic,
  type Diagnostic,
} from './diagnostics.js';
export {
  EXPRESSION_CONSTANTS,
  EXPRESSION_FUNCTIONS,
  ExpressionError,
  compileExpression,
  evaluateParameters,
  isExpression,
  type Expression,
  type ParameterProblem,
} from './expressions.js';
export { libraryDir, listScenarios, listWorlds, type LibraryEntry } from './library.js';
export {
  SETTABLE_ROOTS,
  loadScenario,
  type LoadOptions,
  type LoadedScenario,
  type ScenarioDoc,
  type ScenarioFile,
} from './load.js';
export { METRIC_VARIABLES, checkKeyMetricRows, checkMetricName } from './metricNames.js';
export { parsePath, type Segment, type Selector } from './paths.js';
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
} from './plan.js';
export {
  morrisDesign,
  saltelliDesign,
  type MorrisRole,
  type SobolRole,
  type UnitDesign,
} from './sensitivity/design.js';
export { rangeQuantile, type DistributionSpec, type RangeDistribution } from './sensitivity/distributions.js';
export { scenarioJsonSchema } from './schema/jsonSchema.js';
export { scenarioSchema } from './schema/scenario.js';
export { starterScenario } from './starter.js';
export {
  sweepDesign,
  sweepMethod,
  sweepPoints,
  type SweepAxis,
  type SweepDesign,
  type SweepMethod,
  type SweepPoint,
  type SweepRange,
  type SweepSpec,
  type SweepValue,
} from './sweep.js';
export {
  PLUGIN_EXTENSIONS,
  canImportTypeScript,
  importPluginDefinitions,
  loadPlugins,
  type LoadedPlugins,
  type PluginDefinitions,
  type PluginFile,
} from './plugins.js';
export { validateScenario, validateScenarioAsync, type ValidationResult } from './validate.js';
export { materializeWorld, worldSize, type SyntheticPatch, type WorldRecipe, type WorldSize } from './world.js';
export { memoryFiles, scenarioFiles, useScenarioFiles, type FileKind, type ScenarioFiles } from './files.js';
export { loadMathjs } from './mathjs.js';
