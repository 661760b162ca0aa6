import { expandAblation } from './ablation.js';
import {
  DEFAULT_DISCOUNT_RATE,
  TIME_STATISTICS,
  type AblationPlan,
  type SharedArm,
  type TimeStatistic,
} from '@chokepoint/format';
import { sha256 } from './hash.js';
import {
  createWorld,
  deriveSeed,
  simulate,
  suggest,
  worldBytes,
  WorldSpecError,
  type EngineParams,
  type MeasureSpec,
  type RecordOptions,
  type SyntheticWorldOptions,
  type WorldSpec,
} from '@chokepoint/core';
import { stringify } from 'yaml';
import {
  BYTES_PER_ROW_IN_MEMORY,
  DEFAULT_LIMITS,
  estimateWorldBytes,
  formatBytes,
  formatCount,
  largestWorldTerm,
  measureStep,
  type Limits,
  type PlanBudget,
} from './budget.js';
import { daysPerStep, parseDate, type StepSpec } from '@chokepoint/format';
import { ScenarioError, formatDiagnostic, type Diagnostic } from './diagnostics.js';
import { describeValue } from '@chokepoint/core';
import {
  compileExpression,
  evaluateParameters,
  ExpressionError,
  isExpression,
  type Expression,
} from './expressions.js';
import { applyAssignment, omit, sortDiagnostics, type LoadedScenario, type ScenarioDoc } from './load.js';
import { deepMerge, isMapping } from './merge.js';
import { checkKeyMetricRows, checkMetricName, METRIC_VARIABLES } from './metricNames.js';
import type { Segment } from './paths.js';
import type { LoadedPlugins } from './plugins.js';
import { applyDoctrines, timelineToMeasures } from './schema/policy.js';
import { scenarioSchema } from './schema/scenario.js';
import { validateWithSchema } from './schema/issues.js';
import {
  cloneWithOrigin,
  diagnosticAt,
  getOrigin,
  originOfKey,
  setKeyOrigin,
  setOrigin,
  type Source,
} from './source.js';
import { sweepMethod, sweepPoints, sweepSize, type SweepPoint, type SweepSpec, type SweepValue } from './sweep.js';
import { materializeWorld, worldSize, type WorldRecipe, type WorldSize } from './world.js';

export { DEFAULT_LIMITS, type Limits } from './budget.js';

/**
 * The key metrics of summary.json when a scenario names none.
 *
 * @example
 * ```ts
 * const { meta } = buildPlan(loadScenario('sobol.yaml'));
 * console.log(meta.keyMetrics); // ['state/CN/output', 'world/world/welfare']
 * console.log(DEFAULT_KEY_METRICS); // ['world/world/output', 'world/world/final_demand_met_share']
 * ```
 */
export const DEFAULT_KEY_METRICS: readonly string[] = ['world/world/output', 'world/world/final_demand_met_share'];

/**
 * Options of {@link buildPlan}.
 *
 * @example
 * ```ts
 * const options: PlanOptions = { validateAll: true, limits: { maxEdges: 1000 } };
 * console.log(buildPlan(loadScenario('scenarios/quickstart.yaml'), options).configs.length); // 4
 * ```
 */
export interface PlanOptions {
  /** Size limits (the rest are {@link DEFAULT_LIMITS}). */
  limits?: Partial<Limits>;
  /** Check every arm × point with `createWorld` (default: all when there are at most 64, else every arm at point 0 and every point of the first arm). */
  validateAll?: boolean;
  /**
   * Record the rows of every firm (`chokepoint run --detail`). By default firm rows are kept
   * only for the firms the key metrics name and `outputs.firms` lists (see {@link recordOptions}).
   */
  detail?: boolean;
  /**
   * The scenario's plugin modules, imported by {@link loadPlugins}. Required when the
   * scenario names plugins: their instruments and doctrines are registered when each
   * configuration is checked with `createWorld`.
   */
  loadedPlugins?: LoadedPlugins;
}

/**
 * Calendar of a run: the start date (if any) and the step.
 *
 * @example
 * ```ts
 * const calendar: Calendar = buildPlan(loadScenario('scenarios/quickstart.yaml')).meta.configs[0]!.calendar;
 * console.log(calendar, stepEndDate(calendar.start!, calendar.step, 1)); // { start: '2023-01-01', step: 'quarter' } 2023-03-31
 * ```
 */
export interface Calendar {
  /** ISO start date, or undefined. */
  start?: string;
  /** Step unit or `{days}`. */
  step: StepSpec;
}

/**
 * One arm at one sweep point, as stored in plan.json.
 *
 * @example
 * ```ts
 * const configs: ConfigSummary[] = buildPlan(loadScenario('sobol.yaml')).meta.configs;
 * console.log(configs.length, configs[0]!.arm, configs[0]!.steps, Object.keys(configs[0]!.parameters)); // 16 base 6 ['licence', 'params.substitutionRate']
 * ```
 */
export interface ConfigSummary {
  /** Arm name. */
  arm: string;
  /** Sweep point index. */
  point: number;
  /** Steps to run. */
  steps: number;
  /** The calendar. */
  calendar: Calendar;
  /** The evaluated named parameters and the swept values, by name or path. */
  parameters: Record<string, SweepValue>;
  /**
   * The sweep point whose runs this arm × point shares, when the arm's world, steps and
   * recording are the same there (the arm ignores the swept parameters that differ): it has
   * no runs of its own. Absent when it runs.
   */
  sharedWith?: number;
}

/**
 * One arm at one sweep point, ready to run.
 *
 * @example
 * ```ts
 * import { createWorld } from '@chokepoint/core';
 * const config: RunConfig = buildPlan(loadScenario('scenarios/quickstart.yaml')).configs[3]!;
 * const world = createWorld(materializeWorld(config.recipe), 1);
 * console.log(config.arm, config.recipe.kind, world.firmIds.length > 0); // fab-fire inline true
 * ```
 */
export interface RunConfig extends ConfigSummary {
  /** Index in {@link RunPlan.configs}. */
  index: number;
  /** How to build the world. */
  recipe: WorldRecipe;
  /** sha256 of the recipe, for caching in workers. */
  recipeHash: string;
  /** What to record. */
  record: RecordOptions;
}

/**
 * One run: an arm, a sweep point and a replicate.
 *
 * @example
 * ```ts
 * const runs: PlannedRun[] = buildPlan(loadScenario('scenarios/quickstart.yaml', { set: ['replicates=2'] })).meta.runs;
 * console.log(runs.map((r) => r.runId)); // ['control/0/0', 'control/0/1', 'us-only/0/0', 'us-only/0/1', 'aligned/0/0', 'aligned/0/1', 'fab-fire/0/0', 'fab-fire/0/1']
 * ```
 */
export interface PlannedRun {
  /** `<arm>/<point>/<replicate>`. */
  runId: string;
  /** Arm name. */
  arm: string;
  /** Sweep point index. */
  point: number;
  /** Replicate index. */
  replicate: number;
  /** The derived seed: `deriveSeed(base seed, arm, point, replicate)`. */
  seed: string;
  /** Index of its configuration. */
  config: number;
}

/**
 * Everything the outputs need, stored as parts/plan.json: merge and resume read it.
 *
 * @example
 * ```ts
 * const meta: PlanMeta = buildPlan(loadScenario('scenarios/quickstart.yaml')).meta;
 * console.log(meta.format, meta.arms, meta.control, meta.replicates); // chokepoint-plan/1 ['control', 'us-only', 'aligned', 'fab-fire'] control 8
 * ```
 */
export interface PlanMeta {
  /** File format tag. */
  format: 'chokepoint-plan/1';
  /** sha256 of the plan's content: runs with different plans never mix. */
  hash: string;
  /** Scenario name (the `scenario` column). */
  name: string;
  /** Title. */
  title: string;
  /** Description. */
  description?: string;
  /** Citations. */
  sources?: unknown[];
  /**
   * The scenario file: display path, `sha256:` hash of its text, and the text; with the
   * command-line overrides (`--set`, `--replicates`, `--seed`) applied to it, when there were any.
   */
  scenario: {
    path: string;
    hash: string;
    text: string;
    overrides?: { set?: string[]; replicates?: number; seed?: string | number };
  };
  /**
   * What the scenario does that is allowed but likely unintended, one line each in the format of
   * errors: a timeline measure that starts after the run ends, and so is never in force.
   */
  notes?: string[];
  /** Every file read, with its hash. */
  files: Array<{ path: string; hash: string }>;
  /** Plugin modules, with their hashes and what they define (absent in plans written before plugins existed). */
  plugins?: Array<{ path: string; hash: string; instruments: string[]; doctrines: string[] }>;
  /** The base seed. */
  seed: string;
  /** Arm names in file order. */
  arms: string[];
  /** The control arm, or null. */
  control: string | null;
  /** Swept keys (the extra columns of metrics.csv). */
  columns: string[];
  /** The sweep points. */
  points: SweepPoint[];
  /** Replicates per arm and point. */
  replicates: number;
  /** Key metrics of summary.json. */
  keyMetrics: string[];
  /** The arms `ablation:` added, one per scenario arm and mechanism switched off; absent without `ablation:`. */
  ablation?: AblationPlan;
  /** How summary.json reduces each key metric over the run (`outputs.statistics`; final always included). */
  statistics?: TimeStatistic[];
  /** Annual discount rate of the `discounted` statistic (`outputs.discountRate`). */
  discountRate?: number;
  /** Whether to write metrics.parquet. */
  parquet: boolean;
  /** The variables metrics.csv holds (`outputs.variables`); all when absent. */
  variables?: string[];
  /** Arm × point configurations, arm-major. */
  configs: ConfigSummary[];
  /**
   * The arms that ignore swept parameters: their world does not change with them, so they run
   * once per distinct configuration (at `points` of the sweep's points), not at every point.
   * Absent when every arm varies with every swept parameter.
   */
  shared?: SharedArm[];
  /** The runs in output order. */
  runs: PlannedRun[];
  /** The text of scenario.yaml. */
  resolved: string;
  /** What the plan writes and needs, about (absent in plans written before it existed). */
  budget?: PlanBudget;
}

/**
 * A plan: metadata plus runnable configurations.
 *
 * @example
 * ```ts
 * const plan: RunPlan = buildPlan(loadScenario('sobol.yaml'));
 * const first = plan.meta.runs[0]!;
 * console.log(first.runId, Object.keys(plan.configs[first.config]!.parameters), plan.pluginModules); // base/0/0 ['licence', 'params.substitutionRate'] []
 * ```
 */
export interface RunPlan {
  /** The metadata (parts/plan.json). */
  meta: PlanMeta;
  /** Configurations, indexed by {@link PlannedRun.config}. */
  configs: RunConfig[];
  /** File URLs of the plugin modules, which each worker imports itself. */
  pluginModules: string[];
}

export { sha256 };

/** Plain JSON data (origins and undefined dropped). */
function toPlain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Expands a loaded scenario into its runs: arms × sweep points × replicates, each with a
 * world recipe and a derived seed, and checks each configuration (expressions, schema,
 * `createWorld`, key metric names).
 *
 * Seeds are `deriveSeed(base, arm, point, replicate)`, where the base seed is the
 * scenario's `seed` or, without one, the first 16 hex digits of the sha256 of the resolved
 * scenario. They never depend on run order, worker or shard.
 *
 * @throws ScenarioError with the problems of the first configuration that has any.
 *
 * @example
 * ```ts
 * const plan = buildPlan(loadScenario('scenarios/quickstart.yaml'));
 * // arms × points × replicates:
 * console.log(plan.meta.arms.length, plan.meta.points.length, plan.meta.replicates, plan.meta.runs.length); // 4 1 8 32
 * ```
 */
export function buildPlan(loaded: LoadedScenario, options: PlanOptions = {}): RunPlan {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const doc = loaded.doc;
  const plugins = options.loadedPlugins ?? { instruments: [], doctrines: [], modules: [] };
  if (loaded.plugins.length > 0 && options.loadedPlugins === undefined) {
    throw new ScenarioError([
      {
        ...loaded.plugins[0]!.where,
        expected: 'plugin modules imported before planning (loadPlugins, validateScenarioAsync or runScenario do it)',
        received: `${loaded.plugins.length} module${loaded.plugins.length === 1 ? '' : 's'} not imported`,
      },
    ]);
  }
  const plainDoc = toPlain(doc);
  const seed =
    doc.seed !== undefined ? String(doc.seed) : sha256(JSON.stringify(omit(plainDoc, ['seed']))).slice(0, 16);
  const scenarioArms = (doc.arms ?? { base: {} }) as Record<string, Record<string, unknown>>;
  const control = Object.keys(scenarioArms).find((a) => scenarioArms[a]!.control === true) ?? null;
  // Mechanism attribution: every arm again with each mechanism switched off (ablation.ts).
  const { armsDoc, ablation } = expandAblation(doc, scenarioArms, control);
  const arms = Object.keys(armsDoc);
  // An ablation arm shares its parent's seeds (common random numbers), so it differs from it only by the mechanism.
  const seedArm = new Map((ablation?.arms ?? []).map((a) => [a.arm, a.parent]));
  const sweep = doc.sweep as Record<string, unknown> | undefined;
  const replicates = (doc.replicates as number | undefined) ?? 1;
  // Counted before the points and runs are generated: a billion of them would not fit in memory.
  const pointCount = sweep ? sweepSize(toPlain(sweep) as unknown as SweepSpec) : 1;
  const runCount = arms.length * pointCount * replicates;
  if (runCount > limits.maxRuns) {
    const where =
      sweep !== undefined && pointCount > replicates
        ? diagnosticAt(doc, ['sweep'], '', '', { atKey: true })
        : diagnosticAt(doc, ['replicates'], '', '');
    const factors = `${arms.length} arm${arms.length === 1 ? '' : 's'} × ${pointCount} sweep point${pointCount === 1 ? '' : 's'} × ${replicates} replicate${replicates === 1 ? '' : 's'}`;
    throw new ScenarioError([
      {
        ...where,
        expected: `a plan of at most ${limits.maxRuns} runs (raise the limit with --max-runs)`,
        received: `${formatCount(runCount)} runs (${factors})`,
      },
    ]);
  }
  const points = sweep ? sweepPoints(toPlain(sweep) as unknown as SweepSpec, seed) : [{}];
  const columns = sweep ? Object.keys(sweep.parameters as object) : [];
  const outputs = (doc.outputs ?? {}) as ScenarioOutputs;
  const keyMetrics = outputs.metrics ?? [...DEFAULT_KEY_METRICS];
  const record = recordOptions(toPlain(outputs), keyMetrics, options.detail ?? false);
  const base = omit(doc, ['arms', 'sweep', 'ablation']);

  const total = arms.length * points.length;
  const configs: RunConfig[] = [];
  const notes = new Set<string>();
  const measured = new Map<string, StepMeasure>();
  const measureOf: ConfigMeasures = {
    byWorld: measured,
    byConfig: [],
    estimates: [],
    prefixBytes: (arm) => loaded.name.length + 2 * arm.length + 45,
  };
  for (let a = 0; a < arms.length; a++) {
    for (let p = 0; p < points.length; p++) {
      const validate = options.validateAll ?? (total <= 64 || a === 0 || p === 0);
      const context =
        configs.length === 0
          ? ''
          : total > 1
            ? ` [arm "${arms[a]}"${points.length > 1 ? `, sweep point ${p}` : ''}]`
            : '';
      try {
        const found: Diagnostic[] = [];
        configs.push(
          buildConfig(
            {
              base,
              arm: armsDoc[arms[a]!]!,
              armName: arms[a]!,
              point: p,
              values: points[p]!,
              sweep,
              index: configs.length,
            },
            {
              limits,
              validate,
              keyMetrics,
              record,
              plugins,
              notes: found,
              measured: measureOf,
              variables: outputs.variables,
            },
          ),
        );
        for (const d of found)
          notes.add(
            formatDiagnostic(
              total > 1
                ? { ...d, received: `${d.received} [arm "${arms[a]}"${points.length > 1 ? `, sweep point ${p}` : ''}]` }
                : d,
            ),
          );
      } catch (error) {
        if (error instanceof ScenarioError && context !== '') {
          throw new ScenarioError(error.diagnostics.map((d) => ({ ...d, received: d.received + context })));
        }
        throw error;
      }
    }
  }

  checkUnusedTimeline(doc, base, armsDoc, arms, points, sweep, limits, keyMetrics, record, plugins, notes);

  // An arm whose world does not change with a swept parameter runs once per distinct
  // configuration: at the first point of each group of equal ones. The runs that remain keep
  // their run ids and seeds (seeds derive from the point index, not from the run order).
  // Sensitivity designs (morris, sobol) need every arm at every point, so they keep them all.
  const method = sweep === undefined ? undefined : sweepMethod(sweep as Pick<SweepSpec, 'method' | 'design'>);
  const shared: SharedArm[] = [];
  if (method !== undefined && method !== 'morris' && method !== 'sobol') {
    for (let a = 0; a < arms.length; a++) {
      const first = new Map<string, number>();
      const groups = new Map<number, number[]>();
      for (let p = 0; p < points.length; p++) {
        const config = configs[a * points.length + p]!;
        const identity = JSON.stringify([config.recipeHash, config.steps, config.calendar, config.record]);
        const at = first.get(identity);
        if (at === undefined) {
          first.set(identity, p);
          groups.set(p, [p]);
        } else {
          config.sharedWith = at;
          groups.get(at)!.push(p);
        }
      }
      if (groups.size === points.length) continue;
      const ignored = columns.filter((c) =>
        [...groups.values()].some((group) => new Set(group.map((p) => JSON.stringify(points[p]![c]))).size > 1),
      );
      shared.push({ arm: arms[a]!, parameters: ignored, points: groups.size });
    }
  }

  const runs: PlannedRun[] = [];
  for (const config of configs) {
    if (config.sharedWith !== undefined) continue;
    for (let r = 0; r < replicates; r++) {
      runs.push({
        runId: `${config.arm}/${config.point}/${r}`,
        arm: config.arm,
        point: config.point,
        replicate: r,
        seed: deriveSeed(seed, seedArm.get(config.arm) ?? config.arm, config.point, r),
        config: config.index,
      });
    }
  }

  const budget = planBudget(configs, runs, measureOf, limits, doc);

  const resolvedDoc: Record<string, unknown> = { name: loaded.name, ...omit(plainDoc, ['name']) };
  resolvedDoc.replicates = replicates;
  resolvedDoc.seed = doc.seed ?? seed;
  const resolved = `# Resolved scenario "${loaded.name}": extends merged, the world inlined, --set applied.\n# Running this file again gives the same runs and seeds.\n${stringify(resolvedDoc, { lineWidth: 0 })}`;

  const meta: Omit<PlanMeta, 'hash'> = {
    format: 'chokepoint-plan/1',
    name: loaded.name,
    title: String(doc.title),
    ...(typeof doc.description === 'string' ? { description: doc.description } : {}),
    ...(Array.isArray(doc.sources) ? { sources: toPlain(doc.sources) } : {}),
    scenario: {
      path: loaded.display,
      hash: `sha256:${sha256(loaded.text)}`,
      text: loaded.text,
      ...(loaded.overrides !== undefined ? { overrides: loaded.overrides } : {}),
    },
    ...(notes.size > 0 ? { notes: [...notes] } : {}),
    files: loaded.files.map((f) => ({ path: f.path, hash: `sha256:${sha256(f.text)}` })),
    ...(plugins.modules.length > 0
      ? {
          plugins: plugins.modules.map((m) => ({
            path: m.path,
            hash: m.hash,
            instruments: m.instruments,
            doctrines: m.doctrines,
          })),
        }
      : {}),
    seed,
    arms,
    control,
    columns,
    points,
    replicates,
    keyMetrics,
    ...(ablation !== undefined ? { ablation } : {}),
    statistics: TIME_STATISTICS.filter((s) => s === 'final' || (outputs.statistics ?? TIME_STATISTICS).includes(s)),
    discountRate: outputs.discountRate ?? DEFAULT_DISCOUNT_RATE,
    parquet: outputs.parquet ?? true,
    ...(outputs.variables !== undefined ? { variables: toPlain(outputs.variables) } : {}),
    configs: configs.map((c) => ({
      arm: c.arm,
      point: c.point,
      steps: c.steps,
      calendar: c.calendar,
      parameters: c.parameters,
      ...(c.sharedWith !== undefined ? { sharedWith: c.sharedWith } : {}),
    })),
    ...(shared.length > 0 ? { shared } : {}),
    runs,
    resolved,
    budget,
  };
  const hash = sha256(
    JSON.stringify({
      name: meta.name,
      seed,
      columns,
      points,
      keyMetrics,
      parquet: meta.parquet,
      resolved,
      configs: configs.map((c) => [c.arm, c.point, c.steps, c.calendar, c.recipeHash, c.record, c.sharedWith ?? null]),
      runs: runs.map((r) => [r.runId, r.seed, r.config]),
      ...(plugins.modules.length > 0 ? { plugins: plugins.modules.map((m) => m.hash) } : {}),
    }),
  );
  return { meta: { ...meta, hash } as PlanMeta, configs, pluginModules: plugins.modules.map((m) => m.url) };
}

/** One arm at one sweep point: the configuration {@link buildConfig} resolves. */
interface ConfigRequest {
  /** The scenario without its arms, sweep and ablation. */
  base: ScenarioDoc;
  /** The arm's overrides. */
  arm: Record<string, unknown>;
  armName: string;
  /** Sweep point index and its values. */
  point: number;
  values: SweepPoint;
  /** The scenario's `sweep:`, for the origins of its values. */
  sweep: Record<string, unknown> | undefined;
  /** Index of the configuration in the plan. */
  index: number;
}

/** What every configuration of a plan shares. */
interface ConfigContext {
  limits: Limits;
  /** Build the world and check the key metrics against it (the first arm and point always are). */
  validate: boolean;
  keyMetrics: string[];
  record: RecordOptions;
  plugins: LoadedPlugins;
  /** Notes found on the way (a measure never in force), appended. */
  notes: Diagnostic[];
  /** Step measurements for the plan's budget, filled in. */
  measured: ConfigMeasures;
  /** `outputs.variables`, when the scenario lists them. */
  variables: readonly string[] | undefined;
}

/**
 * Resolves one arm at one sweep point into a run configuration, in named phases: the arm's
 * document, its calendar and timeline, the world recipe, the size limits, then (when validating)
 * the world itself and the key metrics, and the measurements of one step for the budget.
 */
function buildConfig(request: ConfigRequest, context: ConfigContext): RunConfig {
  const { doc, parameters } = armDocument(request);
  const horizon = checkedHorizon(doc, context.limits);
  const { calendar, measures } = armTimeline(doc, horizon, context.notes);
  const world = doc.world as Record<string, unknown>;
  const recipe = worldRecipe(doc, world, measures);
  const { size, worldEstimate } = checkWorldSize(
    recipe,
    world,
    doc.doctrines as Record<string, unknown> | undefined,
    context.limits,
  );
  if (context.validate) validateConfig(request, context, doc, recipe, size);
  context.measured.estimates[request.index] = worldEstimate;
  const parameterValues: Record<string, SweepValue> = { ...parameters };
  for (const [key, value] of Object.entries(request.values)) parameterValues[key] = value;
  return {
    index: request.index,
    arm: request.armName,
    point: request.point,
    steps: horizon,
    calendar,
    parameters: parameterValues,
    recipe,
    recipeHash: sha256(JSON.stringify(toPlain(recipe))),
    record: context.record,
  };
}

/** The arm's document: the base with the arm's overrides, its `set` paths and the sweep point applied, then its parameters evaluated and its expressions substituted, checked against the schema. */
function armDocument({ base, arm, values, sweep }: ConfigRequest): {
  doc: ScenarioDoc;
  parameters: Record<string, number | boolean>;
} {
  let doc = deepMerge(base, omit(arm, ['control', 'description', 'set'])) as ScenarioDoc;
  const set = arm.set as Record<string, unknown> | undefined;
  if (set !== undefined) {
    const origin = getOrigin(set)!;
    for (const [key, value] of Object.entries(set))
      doc = applyAssignment(doc, key, value, origin.source, [...origin.path, key]);
  }
  if (sweep !== undefined) {
    const axes = sweep.parameters as Record<string, unknown>;
    const origin = getOrigin(axes)!;
    for (const [key, value] of Object.entries(values))
      doc = applyAssignment(doc, key, value, origin.source, [...origin.path, key]);
  }
  const parameters = (doc.parameters ?? {}) as Record<string, unknown>;
  const evaluated = evaluateParameters(parameters);
  if (evaluated.problem) {
    const { name, expected, received } = evaluated.problem;
    throw new ScenarioError([diagnosticAt(parameters, [name], expected, received)]);
  }
  const problems: Diagnostic[] = [];
  doc = substituteExpressions(doc, evaluated.values, problems) as ScenarioDoc;
  if (problems.length > 0) throw new ScenarioError(sortDiagnostics(problems));
  const schemaProblems = validateWithSchema(scenarioSchema, doc, doc);
  if (schemaProblems.length > 0) throw new ScenarioError(sortDiagnostics(schemaProblems));
  return { doc, parameters: evaluated.values };
}

/** The horizon as evaluated (an expression, an arm or a sweep may set it), checked before anything that long is allocated. */
function checkedHorizon(doc: ScenarioDoc, limits: Limits): number {
  const horizon = doc.horizon as number;
  if (horizon > limits.maxSteps) {
    throw new ScenarioError([
      diagnosticAt(
        doc,
        ['horizon'],
        `at most ${limits.maxSteps} steps (raise the limit with --max-steps)`,
        String(horizon),
      ),
    ]);
  }
  return horizon;
}

/** The arm's calendar and the measures of its timeline (notes appended). */
function armTimeline(
  doc: ScenarioDoc,
  horizon: number,
  notes: Diagnostic[],
): { calendar: Calendar; measures: MeasureSpec[] } {
  const world = doc.world as Record<string, unknown>;
  const stepSpec = doc.step as StepSpec | undefined;
  const worldParams = (world.params ?? undefined) as Partial<EngineParams> | undefined;
  const calendarStep: StepSpec =
    stepSpec ?? (worldParams?.daysPerStep !== undefined ? { days: worldParams.daysPerStep } : 'quarter');
  const calendar: Calendar =
    typeof doc.start === 'string' ? { start: doc.start, step: calendarStep } : { step: calendarStep };
  checkCalendarEnd(doc, calendar, horizon);
  const timeline = timelineToMeasures(doc.timeline as unknown[] | undefined, calendar, horizon);
  if (timeline.diagnostics.length > 0) throw new ScenarioError(sortDiagnostics(timeline.diagnostics));
  notes.push(...timeline.notes);
  const measures = [...((world.measures ?? []) as MeasureSpec[]), ...timeline.measures];
  const measuresOrigin = getOrigin(world.measures) ?? getOrigin(timeline.measures);
  if (measuresOrigin !== undefined) setOrigin(measures, measuresOrigin);
  return { calendar, measures };
}

/** How to build the arm's world: a synthetic world's options and patch, or an inline spec, with the step length, the measures and the doctrines applied. */
function worldRecipe(doc: ScenarioDoc, world: Record<string, unknown>, measures: MeasureSpec[]): WorldRecipe {
  const stepSpec = doc.step as StepSpec | undefined;
  const worldParams = (world.params ?? undefined) as Partial<EngineParams> | undefined;
  let params: Partial<EngineParams> | undefined = worldParams;
  if (stepSpec !== undefined) {
    params = cloneWithOrigin((worldParams ?? {}) as object) as Partial<EngineParams>;
    if (getOrigin(params) === undefined) setOrigin(params, { ...getOrigin(doc)!, path: ['step'] });
    params.daysPerStep = daysPerStep(stepSpec);
    const origin = originOfKey(doc, 'step');
    if (origin !== undefined) setKeyOrigin(params, 'daysPerStep', origin);
  }
  const doctrines = doc.doctrines as Record<string, unknown> | undefined;
  if ('synthetic' in world) {
    const options = world.synthetic as SyntheticWorldOptions;
    const patch: Extract<WorldRecipe, { kind: 'synthetic' }>['patch'] = {};
    if (params !== undefined) patch.params = params;
    if (world.policy !== undefined) patch.policy = world.policy as never;
    if (world.alliances !== undefined) patch.alliances = world.alliances as never;
    if (measures.length > 0) patch.measures = measures;
    if (doctrines !== undefined) patch.doctrines = doctrines;
    const recipe: WorldRecipe = { kind: 'synthetic', options, patch };
    setOrigin(recipe, getOrigin(options) ?? getOrigin(world)!);
    return recipe;
  }
  const spec = cloneWithOrigin(omit(world, ['$schema', 'title', 'description', 'sources'])) as unknown as WorldSpec;
  if (params !== undefined) spec.params = params;
  if (measures.length > 0) spec.measures = measures;
  else delete spec.measures;
  const states = applyDoctrines(spec.states, doctrines);
  if (states.diagnostics.length > 0) throw new ScenarioError(states.diagnostics);
  spec.states = states.states;
  return { kind: 'inline', spec };
}

/** The world's counts against the limits (firms, edges, memory), and its estimated bytes. */
function checkWorldSize(
  recipe: WorldRecipe,
  world: Record<string, unknown>,
  doctrines: Record<string, unknown> | undefined,
  limits: Limits,
): { size: WorldSize; worldEstimate: number } {
  const size = worldSize(recipe);
  const synthetic = recipe.kind === 'synthetic';
  if (size.firms > limits.maxFirms) {
    throw new ScenarioError([
      diagnosticAt(
        world,
        synthetic ? ['synthetic', 'firms'] : ['firms'],
        `a world of at most ${limits.maxFirms} firms (raise the limit with --max-firms)`,
        `${size.firms} firms`,
      ),
    ]);
  }
  if (size.edges > limits.maxEdges) {
    throw new ScenarioError([
      diagnosticAt(
        world,
        synthetic ? ['synthetic', 'firms'] : ['edges'],
        `a world of at most ${limits.maxEdges} edges (raise the limit with --max-edges)`,
        `${synthetic ? 'about ' : ''}${size.edges} edges`,
      ),
    ]);
  }
  // States × states × products tables (trade flows) grow fastest: 10 000 synthetic states would need terabytes.
  const worldEstimate = estimateWorldBytes(size);
  if (worldEstimate > limits.maxMemory) {
    const term = largestWorldTerm(size);
    const field = synthetic ? ['synthetic', term === 'edges' ? 'firms' : term] : [term === 'states' ? 'states' : term];
    const counts = `${size.states} states, ${size.products} products, ${size.firms} firms, ${synthetic ? 'about ' : ''}${size.edges} edges`;
    throw new ScenarioError([
      diagnosticAt(
        world,
        field,
        `a world that needs at most ${formatBytes(limits.maxMemory)} of memory (raise the limit with --max-memory)`,
        `about ${formatBytes(worldEstimate)} for ${counts}`,
      ),
    ]);
  }
  if (synthetic) {
    const stateIds = Array.from({ length: size.states }, (_, s) => `s${s}`);
    const checked = applyDoctrines(
      stateIds.map((id) => ({ id })),
      doctrines,
    );
    if (checked.diagnostics.length > 0) throw new ScenarioError(checked.diagnostics);
  }
  return { size, worldEstimate };
}

/** Builds the world (errors located in the scenario), checks the key metrics and `outputs.firms` against it, and measures one step for the budget. */
function validateConfig(
  request: ConfigRequest,
  context: ConfigContext,
  doc: ScenarioDoc,
  recipe: WorldRecipe,
  size: WorldSize,
): void {
  const { keyMetrics, record, plugins, measured, variables } = context;
  const world = doc.world as Record<string, unknown>;
  let spec: WorldSpec;
  try {
    spec = materializeWorld(recipe, (states, settings) => applyDoctrines(states, settings).states);
  } catch (error) {
    if (error instanceof WorldSpecError && recipe.kind === 'synthetic')
      throw new ScenarioError([
        diagnosticAt(world, ['synthetic', ...(error.path as Segment[])], error.expected, error.received),
      ]);
    throw error;
  }
  let built;
  try {
    built = createWorld(spec, 0, { instruments: plugins.instruments, doctrines: plugins.doctrines });
  } catch (error) {
    if (error instanceof WorldSpecError) {
      throw new ScenarioError([
        diagnosticAt(spec, error.path as Segment[], error.expected, error.received, { fallback: getOrigin(world) }),
      ]);
    }
    throw error;
  }
  const metricsList = (doc.outputs as { metrics?: string[] } | undefined)?.metrics;
  const metricProblems: Diagnostic[] = [];
  keyMetrics.forEach((name, i) => {
    // A name that fits the world, then rows to summarize: a key metric is never dropped silently.
    const problem = checkMetricName(name, built) ?? checkKeyMetricRows(name, built, record);
    if (problem !== undefined && metricsList !== undefined)
      metricProblems.push(diagnosticAt(metricsList, [i], problem, describeValue(name)));
  });
  const firmList = (doc.outputs as { firms?: string[] } | undefined)?.firms ?? [];
  firmList.forEach((id, i) => {
    if (!built.firmIndex.has(id))
      metricProblems.push(
        diagnosticAt(firmList, [i], `a firm id of the world${suggest(id, built.firmIds)}`, describeValue(id)),
      );
  });
  if (metricProblems.length > 0) throw new ScenarioError(metricProblems);
  // Rows a step writes, measured by simulating one step, once per world size and recording.
  const key = JSON.stringify([size, record]);
  if (!measured.byWorld.has(key)) {
    const table = simulate(built, { steps: 1, seed: 0, record }).metrics;
    const step = measureStep(table, record, variables, measured.prefixBytes(request.armName));
    measured.byWorld.set(key, { ...step, worldBytes: worldBytes(built) });
  }
  measured.byConfig[request.index] = measured.byWorld.get(key)!;
}

/**
 * A top-level `timeline` that every arm replaces is never run, but it is what the file says:
 * its measures are checked as the first arm would run them (with its parameters and world),
 * and a note says that it is unused.
 */
function checkUnusedTimeline(
  doc: ScenarioDoc,
  base: ScenarioDoc,
  armsDoc: Record<string, Record<string, unknown>>,
  arms: readonly string[],
  points: readonly SweepPoint[],
  sweep: Record<string, unknown> | undefined,
  limits: Limits,
  keyMetrics: string[],
  record: RecordOptions,
  plugins: LoadedPlugins,
  notes: Set<string>,
): void {
  if (
    doc.timeline === undefined ||
    doc.arms === undefined ||
    !arms.every((arm) => armsDoc[arm]!.timeline !== undefined)
  )
    return;
  const first = arms[0]!;
  const scratch: ConfigMeasures = { byWorld: new Map(), byConfig: [], estimates: [], prefixBytes: () => 0 };
  try {
    buildConfig(
      {
        base,
        arm: omit(armsDoc[first]!, ['timeline', 'set']),
        armName: first,
        point: 0,
        values: points[0]!,
        sweep,
        index: 0,
      },
      { limits, validate: true, keyMetrics, record, plugins, notes: [], measured: scratch, variables: undefined },
    );
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    throw new ScenarioError(
      error.diagnostics.map((d) => ({
        ...d,
        received: `${d.received} [the top-level timeline, which every arm replaces, checked with arm "${first}"]`,
      })),
    );
  }
  notes.add(
    formatDiagnostic(
      diagnosticAt(
        doc,
        ['timeline'],
        'a timeline that some arm runs',
        'one that every arm replaces with its own, so it is never run',
        { atKey: true },
      ),
    ),
  );
}

/** Rows, CSV bytes and world bytes of one step of a configuration, measured. */
interface StepMeasure {
  rows: number;
  csvBytes: number;
  worldBytes: number;
}

/** The measurements of the configurations {@link buildConfig} validated, for {@link planBudget}. */
interface ConfigMeasures {
  /** By world size and recording: configurations that differ only in parameters write as many rows. */
  byWorld: Map<string, StepMeasure>;
  /** By configuration index: the validated ones. */
  byConfig: Array<StepMeasure | undefined>;
  /** The world bytes estimated from the counts, by configuration index. */
  estimates: number[];
  /** Bytes of a row's run fields and date, by arm. */
  prefixBytes: (arm: string) => number;
}

/**
 * A run with a start date must end by 9999-12-31: a date past it has no `YYYY-MM-DD` form
 * (and past the year 275 760 none at all), so the `date` column could not be written.
 */
function checkCalendarEnd(doc: ScenarioDoc, calendar: Calendar, horizon: number): void {
  if (calendar.start === undefined) return;
  const days = horizon * daysPerStep(calendar.step);
  const end = parseDate(calendar.start).getTime() + days * 86_400_000;
  if (end <= Date.UTC(9999, 11, 31)) return;
  const years = Math.round(days / 365.25);
  const field =
    typeof calendar.step === 'object' && originOfKey(doc, 'step') !== undefined ? ['step', 'days'] : ['horizon'];
  throw new ScenarioError([
    diagnosticAt(
      doc,
      field,
      'a run that ends by 9999-12-31 (the last date the date column can write)',
      `${horizon} steps of ${daysPerStep(calendar.step)} days from ${calendar.start}, which end about ${formatCount(years)} years later`,
    ),
  ]);
}

/**
 * What a plan writes and needs, from the measured configurations (an unmeasured one is taken
 * to write as much as the largest measured one), checked against the row and memory limits.
 */
function planBudget(
  configs: readonly RunConfig[],
  runs: readonly PlannedRun[],
  measures: ConfigMeasures,
  limits: Limits,
  doc: ScenarioDoc,
): PlanBudget {
  const largest = measures.byConfig.reduce<StepMeasure>((max, m) => (m !== undefined && m.rows > max.rows ? m : max), {
    rows: 0,
    csvBytes: 0,
    worldBytes: 0,
  });
  let rows = 0;
  let csvBytes = 0;
  let steps = 0;
  let memoryPerRun = 0;
  let heaviest: { config: RunConfig; rowsPerStep: number } | undefined;
  for (const config of configs) {
    const measure = measures.byConfig[config.index] ?? largest;
    const count = runs.filter((r) => r.config === config.index).length;
    rows += count * config.steps * measure.rows;
    csvBytes += count * config.steps * measure.csvBytes;
    steps += count * config.steps;
    const memory =
      Math.max(measure.worldBytes, measures.estimates[config.index] ?? 0) +
      config.steps * measure.rows * BYTES_PER_ROW_IN_MEMORY;
    if (count > 0 && memory > memoryPerRun) {
      memoryPerRun = memory;
      heaviest = { config, rowsPerStep: measure.rows };
    }
  }
  const where = (): Diagnostic =>
    diagnosticAt(
      doc,
      runs.length > (heaviest?.config.steps ?? 0) && doc.replicates !== undefined ? ['replicates'] : ['horizon'],
      '',
      '',
    );
  if (rows > limits.maxRows) {
    throw new ScenarioError([
      {
        ...where(),
        expected: `a plan that writes at most ${formatCount(limits.maxRows)} rows (raise the limit with --max-rows)`,
        received: `about ${formatCount(rows)} rows (${formatBytes(csvBytes)} of metrics.csv) from ${formatCount(runs.length)} runs of ${formatCount(steps / Math.max(1, runs.length))} steps on average`,
      },
    ]);
  }
  if (heaviest !== undefined && memoryPerRun > limits.maxMemory) {
    throw new ScenarioError([
      {
        ...diagnosticAt(doc, ['horizon'], '', ''),
        expected: `runs that need at most ${formatBytes(limits.maxMemory)} of memory each (raise the limit with --max-memory)`,
        received: `about ${formatBytes(memoryPerRun)} for ${formatCount(heaviest.config.steps)} steps of about ${formatCount(heaviest.rowsPerStep)} rows each [arm "${heaviest.config.arm}"]`,
      },
    ]);
  }
  return { runs: runs.length, steps, rows, csvBytes, memoryPerRun };
}

/** The `outputs` of a scenario, as the schema checked it. */
interface ScenarioOutputs {
  metrics?: string[];
  record?: Omit<RecordOptions, 'firms'> & { firms?: boolean };
  statistics?: TimeStatistic[];
  discountRate?: number;
  parquet?: boolean;
  variables?: string[];
  firms?: string[];
}

/** Variables that only firm rows carry (e.g. `revenue`), beside the `origin_content:STATE` family. */
const FIRM_ONLY_VARIABLES: ReadonlySet<string> = new Set(
  METRIC_VARIABLES.firm!.filter((v) =>
    Object.entries(METRIC_VARIABLES).every(([kind, list]) => kind === 'firm' || !list.includes(v)),
  ),
);

/**
 * What a scenario's runs record (the core's `RecordOptions`): `outputs.record` as written, and
 * firm rows for every firm only when asked (`outputs.record.firms: true`, `--detail`, or an
 * `outputs.variables` entry only firms carry, such as `revenue`); otherwise for the firms the
 * key metrics name and `outputs.firms` lists, and none when there are none. Firm rows are most of
 * a large world's rows (55% of world-2023's).
 *
 * @example
 * ```ts
 * // Key metrics firm/TSMC/output and state/CN/output, and outputs.firms: [SMIC]:
 * console.log(recordOptions({ firms: ['SMIC'] }, ['firm/TSMC/output', 'state/CN/output'], false)); // { firms: ['TSMC', 'SMIC'] }
 * console.log(recordOptions({ record: { flows: false } }, [], true)); // { flows: false, firms: true }
 * console.log(recordOptions({ variables: ['revenue'] }, [], false)); // { firms: true }
 * ```
 */
export function recordOptions(
  outputs: { record?: RecordOptions; variables?: readonly string[]; firms?: readonly string[] },
  keyMetrics: readonly string[],
  detail: boolean,
): RecordOptions {
  const record: RecordOptions = { ...(outputs.record ?? {}) };
  const asked =
    detail || (outputs.variables ?? []).some((v) => FIRM_ONLY_VARIABLES.has(v) || v.startsWith('origin_content:'));
  if (asked) record.firms = true;
  else if (typeof record.firms !== 'boolean') {
    const named = keyMetrics.filter((m) => m.startsWith('firm/')).map((m) => m.split('/')[1]!);
    record.firms = [...new Set([...named, ...(outputs.firms ?? [])])];
  }
  return record;
}

const TOP_TEXT_KEYS = new Set(['title', 'description', 'sources', 'name', 'parameters']);

/**
 * Replaces every `=expression` string of a document by its value (copy on write; origins
 * kept, so errors still point at the expression). Parameters and prose are left alone.
 */
export function substituteExpressions(
  doc: unknown,
  scope: Readonly<Record<string, number | boolean>>,
  problems: Diagnostic[],
): unknown {
  const cache = new Map<string, Expression>();
  const names = new Set(Object.keys(scope));
  const evaluate = (text: string, container: object, key: Segment): unknown => {
    try {
      let compiled = cache.get(text);
      if (compiled === undefined) cache.set(text, (compiled = compileExpression(text, names)));
      return compiled.evaluate(scope);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      problems.push(diagnosticAt(container, [key], error.expected, error.received));
      return text;
    }
  };
  const walk = (value: unknown, top: boolean): unknown => {
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      value.forEach((item, i) => {
        const next = isExpression(item) ? evaluate(item, value, i) : walk(item, false);
        if (next !== item) (copy ??= cloneWithOrigin(value))[i] = next;
      });
      return copy ?? value;
    }
    if (isMapping(value)) {
      let copy: Record<string, unknown> | undefined;
      for (const [key, item] of Object.entries(value)) {
        if (top && TOP_TEXT_KEYS.has(key)) continue;
        const next = isExpression(item) ? evaluate(item, value, key) : walk(item, false);
        if (next !== item) (copy ??= cloneWithOrigin(value))[key] = next;
      }
      return copy ?? value;
    }
    return value;
  };
  return walk(doc, true);
}
