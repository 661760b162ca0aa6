/**
 * `runCalibration`: rejection ABC of an episode's parameters against its target bands.
 * Draws parameter vectors from the priors, runs the episode with each (one generated arm per
 * sample and episode arm, so seeds derive from stable keys), computes each target's
 * statistic, keeps the samples closest to the bands, and writes posterior.csv,
 * calibration.json and the calibrated scenario.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import type { MeasureSpec } from '@chokepoint/core';
import { csvFormatRows } from 'd3-dsv';
import { runTasks } from '@chokepoint/runner/internal';
import { stringify } from 'yaml';
import { writeFileAtomic } from '@chokepoint/outputs/internal';
import { COMMAND_LINE, ScenarioError, type Diagnostic } from '@chokepoint/scenario/internal';
import { describeValue } from '@chokepoint/core';
import { isInside, libraryDir } from '@chokepoint/scenario/internal';
import { loadScenario, omit, resolveSettablePath, type LoadedScenario } from '@chokepoint/scenario/internal';
import { VERSION } from '@chokepoint/outputs';
import { buildPlan, sha256, type RunConfig } from '@chokepoint/scenario/internal';
import { loadPlugins, type LoadedPlugins } from '@chokepoint/scenario';
import { cloneWithOrigin, diagnosticAt, displayName, setOrigin, type Source } from '@chokepoint/scenario/internal';
import { acceptSamples, bandDistance, summarizePosterior, type DistanceMode, type PosteriorSummary } from './abc.js';
import { formatPrior, samplePriors, type Prior, type PriorLocation } from './priors.js';
import { seriesMetrics, type ResolvedStatistic } from './statistics.js';
import { readCalibrationTargets, resolveStatistic, type CalibrationTarget } from './targets.js';
import { runCalibrationTask, type CalibrationTask, type CalibrationTaskResult } from './worker.js';

/**
 * Options of {@link runCalibration}.
 *
 * @example
 * ```ts
 * const options: CalibrationOptions = {
 *   priors: [{ name: 'params.tariffElasticity', kind: 'loguniform', min: 0.5, max: 20 }],
 *   samples: 10, tolerance: 1, replicates: 1, distance: 'edge', seed: 1, out: 'runs/abc', workers: 1,
 * };
 * const { result } = await runCalibration('scenarios/validation/australian-barley-2020-23.yaml', options);
 * console.log(result.samples, result.rule, result.distance); // 10 { tolerance: 1 } edge
 * ```
 */
export interface CalibrationOptions {
  /** One prior per calibrated parameter (a settable path or declared parameter name). */
  priors: readonly Prior[];
  /** Where each prior was written (by name), to locate problems with its path. */
  priorLocations?: Readonly<Record<string, PriorLocation>>;
  /** Parameter vectors to draw. Default 200. */
  samples?: number;
  /** Accept this many samples, the closest to the bands. Default: 10% of the samples (at least 1). */
  accept?: number;
  /** Accept every sample within this distance instead. */
  tolerance?: number;
  /** Seed of the prior draws and the runs. Default: the episode's seed, else `calibrate`. */
  seed?: string | number;
  /** Replicates per sample. Default: the episode's. */
  replicates?: number;
  /** Worker threads. Default: the number of CPUs; 1 runs in this thread. */
  workers?: number;
  /** The output directory (new or empty). Default `runs/calibrate-<episode>-<timestamp>/`. */
  out?: string;
  /** Working directory. Default `process.cwd()`. */
  cwd?: string;
  /** The targets file. Default: the episode's file name with `.targets.yaml`. */
  targetsFile?: string;
  /** Ids of the targets to calibrate against. Default: every target with a `statistic:`. */
  targets?: readonly string[];
  /** Distance of a statistic to its band. Default `centre`. */
  distance?: DistanceMode;
  /** `path=value` overrides applied to the episode first (`--set`). */
  set?: readonly string[];
  /** The scenario library. Default: the bundled `scenarios/`. */
  library?: string;
  /** Called once the runs are known. */
  onPlan?: (info: {
    samples: number;
    arms: string[];
    replicates: number;
    runs: number;
    tasks: number;
    workers: number;
    targets: string[];
  }) => void;
  /** Called after each finished task (one sample of one arm, all its replicates). */
  onProgress?: (progress: { done: number; total: number }) => void;
}

/**
 * One target as used: band, arm, and what the accepted samples give.
 *
 * @example
 * ```ts
 * const { result } = await runCalibration('scenarios/validation/australian-barley-2020-23.yaml', {
 *   priors: [{ name: 'params.tariffElasticity', kind: 'loguniform', min: 0.5, max: 50 }], samples: 10, accept: 3, replicates: 1, out: 'runs/abc', workers: 1,
 * });
 * const target: CalibrationTargetSummary = result.targets[0]!;
 * console.log(result.targets.map((t) => t.id)); // ['china-share-falls', 'diversion', 'snap-back']
 * console.log(target.inBandPosterior >= 0 && target.inBandPosterior <= 1, target.band[0] <= target.band[1]); // true true
 * ```
 */
export interface CalibrationTargetSummary {
  /** Target id. */
  id: string;
  /** Band. */
  band: [number, number];
  /** Unit. */
  unit?: string;
  /** Arm the statistic is computed on. */
  arm: string;
  /** The statistic's series, reduction and window (steps). */
  statistic: { series: string; reduce: string; from: number; to: number };
  /** Share of all samples whose statistic lies in the band. */
  inBandPrior: number;
  /** Share of the accepted samples whose statistic lies in the band. */
  inBandPosterior: number;
  /** Mean and central 95% range of the statistic over the accepted samples (posterior predictive). */
  posterior: { mean: number; ci95: [number, number] };
}

/**
 * The content of calibration.json (docs/calibration.md, "Calibration").
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * await runCalibration('scenarios/validation/australian-barley-2020-23.yaml', {
 *   priors: [{ name: 'params.tariffElasticity', kind: 'loguniform', min: 0.5, max: 50 }], samples: 10, accept: 3, replicates: 1, out: 'runs/abc', workers: 1,
 * });
 * const result: CalibrationResult = JSON.parse(readFileSync('runs/abc/calibration.json', 'utf8'));
 * console.log(result.format, result.accepted, result.acceptanceRate, Object.keys(result.posterior)); // chokepoint-calibration/1 3 0.3 ['params.tariffElasticity']
 * console.log(result.calibrated.set[0]!.startsWith('--set params.tariffElasticity=')); // true
 * ```
 */
export interface CalibrationResult {
  /** Format tag. */
  format: 'chokepoint-calibration/1';
  /** Version of @chokepoint/scenario. */
  version: string;
  /** The episode: display path, hash, name, title. */
  episode: { path: string; hash: string; name: string; title: string };
  /** The targets file and its hash. */
  targetsFile: { path: string; hash: string };
  /** The priors, as text by parameter. */
  priors: Record<string, string>;
  /** Seed. */
  seed: string;
  /** Samples drawn. */
  samples: number;
  /** Replicates per sample. */
  replicates: number;
  /** Simulations run (samples × arms × replicates). */
  runs: number;
  /** Distance mode. */
  distance: DistanceMode;
  /** The acceptance rule. */
  rule: { accept: number } | { tolerance: number };
  /** Samples accepted. */
  accepted: number;
  /** accepted / samples. */
  acceptanceRate: number;
  /** Largest accepted distance (the effective tolerance). */
  threshold: number | null;
  /** Per parameter: the posterior of the accepted samples. */
  posterior: Record<string, PosteriorSummary>;
  /** Per target: the band and how the samples meet it. */
  targets: CalibrationTargetSummary[];
  /** The calibrated parameters (posterior medians), the scenario that uses them (or null), and the `--set` flags. */
  calibrated: { parameters: Record<string, number>; scenario: string | null; set: string[] };
  /** ISO start time. */
  startedAt: string;
  /** Wall time, ms. */
  wallTimeMs: number;
  /** Worker threads used. */
  workers: number;
}

/**
 * What {@link runCalibration} returns: the output directory and calibration.json's content, plus the samples.
 *
 * @example
 * ```ts
 * const run: CalibrationRun = await runCalibration('scenarios/validation/australian-barley-2020-23.yaml', {
 *   priors: [{ name: 'params.tariffElasticity', kind: 'loguniform', min: 0.5, max: 50 }], samples: 10, accept: 3, replicates: 1, out: 'runs/abc', workers: 1,
 * });
 * // One row per sample: its parameter values, statistics, distance and whether it was accepted.
 * console.log(run.parameters, run.values.length, run.distances.length, run.accepted.filter(Boolean).length); // ['params.tariffElasticity'] 10 10 3
 * ```
 */
export interface CalibrationRun {
  /** The output directory. */
  out: string;
  /** calibration.json. */
  result: CalibrationResult;
  /** Parameter names, in prior order. */
  parameters: string[];
  /** The prior of each parameter. */
  priors: Prior[];
  /** values[sample][parameter]. */
  values: number[][];
  /** statistics[sample][target] (replicate means). */
  statistics: number[][];
  /** Distance per sample. */
  distances: number[];
  /** Acceptance flag per sample. */
  accepted: boolean[];
}

const PARAM_SOURCE: Source = { name: '(--param)', text: '', fixed: { line: 1, col: 1 } };

/** The separator of generated arm names, `<arm>__s<sample>`. */
const SAMPLE_ARM = '__s';

function timestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/:/g, '-');
}

function badInput(message: string): ScenarioError {
  return new ScenarioError([], message);
}

/** The episode with one arm per (row, episode arm), each setting the row's parameter values. */
function withSampleArms(
  loaded: LoadedScenario,
  arms: readonly string[],
  priors: readonly Prior[],
  rows: readonly number[][],
  seed: string,
  replicates: number,
): LoadedScenario {
  const armsDoc = (loaded.doc.arms ?? { base: {} }) as Record<string, Record<string, unknown>>;
  const generated: Record<string, unknown> = {};
  setOrigin(generated, { source: PARAM_SOURCE, path: [] });
  rows.forEach((row, i) => {
    for (const arm of arms) {
      const base = armsDoc[arm] ?? {};
      const copy = omit(cloneWithOrigin(base), ['control']);
      const set: Record<string, unknown> = {};
      setOrigin(set, { source: PARAM_SOURCE, path: [] });
      for (const [key, value] of Object.entries((base.set ?? {}) as Record<string, unknown>)) set[key] = value;
      priors.forEach((p, j) => (set[p.name] = row[j]));
      copy.set = set;
      generated[`${arm}${SAMPLE_ARM}${i}`] = copy;
    }
  });
  const doc = cloneWithOrigin(omit(loaded.doc, ['sweep']));
  doc.arms = generated;
  doc.seed = seed;
  doc.replicates = replicates;
  return { ...loaded, doc };
}

function measuresOf(config: RunConfig): readonly MeasureSpec[] {
  return (config.recipe.kind === 'inline' ? config.recipe.spec.measures : config.recipe.patch.measures) ?? [];
}

/** Runs the calibration's tasks on the runner's pool (this thread and `workers − 1` others); results in task order. */
async function runCalibrationTasks(
  tasks: CalibrationTask[],
  workers: number,
  plugins: LoadedPlugins,
  progress: () => void,
): Promise<CalibrationTaskResult[]> {
  const results: CalibrationTaskResult[] = new Array(tasks.length);
  const definitions = plugins.modules.length > 0 ? plugins : undefined;
  await runTasks(tasks, {
    workers,
    module: './worker',
    base: import.meta.url,
    runHere: (task) => runCalibrationTask(task, definitions),
    onResult: (_task, result, position) => {
      results[position] = result;
      progress();
    },
  });
  return results;
}

const formatNumber = (value: number): string =>
  Number.isFinite(value) ? String(Number(value.toPrecision(12))) : value > 0 ? 'Inf' : value < 0 ? '-Inf' : 'NaN';

/**
 * Calibrates an episode's parameters by rejection ABC (approximate Bayesian computation)
 * against its targets file: draws `samples` parameter vectors from the priors (seeded),
 * runs the episode's arms with each over the replicates, computes each target's
 * `statistic:` (replicate mean), measures the distance to the target bands, and accepts the
 * `accept` closest samples (or those within `tolerance`). Writes, atomically, into `out`:
 * posterior.csv (every sample: parameters, statistics, distance, accepted), calibration.json
 * ({@link CalibrationResult}), calibrated-set.txt (the posterior medians as `--set` flags)
 * and, when the episode can be extended from `out`, calibrated.yaml, a scenario that
 * `extends:` the episode and sets the posterior medians. The pairs chart is drawn by the
 * CLI (`pairsChart` of @chokepoint/charts).
 *
 * @throws ScenarioError for bad input (episode, targets, priors, options), and when no
 * sample could compute every statistic.
 *
 * @example
 * ```ts
 * import { readdirSync } from 'node:fs';
 * const { out, result } = await runCalibration('scenarios/validation/australian-barley-2020-23.yaml', {
 *   priors: [{ name: 'params.tariffElasticity', kind: 'loguniform', min: 0.5, max: 50 }],
 *   samples: 20, accept: 5, replicates: 1, seed: 1, out: 'runs/barley-abc',
 * });
 * const { median, ci95 } = result.posterior['params.tariffElasticity']!;
 * console.log(median >= ci95[0] && median <= ci95[1], readdirSync(out)); // true ['calibrated-set.txt', 'calibration.json', 'posterior.csv']
 * ```
 */
export async function runCalibration(file: string, options: CalibrationOptions): Promise<CalibrationRun> {
  const started = new Date();
  const cwd = options.cwd ?? process.cwd();
  const samples = options.samples ?? 200;
  const option = (name: string, expected: string, value: unknown): ScenarioError =>
    new ScenarioError([{ ...COMMAND_LINE, path: name, expected, received: describeValue(value) }]);
  if (!Number.isInteger(samples) || samples < 1) throw option('--samples', 'an integer >= 1', samples);
  if (options.accept !== undefined && options.tolerance !== undefined)
    throw option('--tolerance', 'either --accept or --tolerance, not both', options.tolerance);
  if (
    options.accept !== undefined &&
    (!Number.isInteger(options.accept) || options.accept < 1 || options.accept > samples)
  )
    throw option('--accept', `an integer from 1 to the number of samples (${samples})`, options.accept);
  if (options.tolerance !== undefined && !(options.tolerance >= 0))
    throw option('--tolerance', 'a distance >= 0', options.tolerance);
  if (options.replicates !== undefined && (!Number.isInteger(options.replicates) || options.replicates < 1))
    throw option('--replicates', 'an integer >= 1', options.replicates);
  if (options.priors.length === 0)
    throw option(
      '--param',
      'at least one parameter with a prior, e.g. --param params.tariffElasticity="loguniform(0.5, 20)"',
      'none',
    );
  const names = options.priors.map((p) => p.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw option('--param', 'each parameter once', `"${twice}" twice`);
  const rule =
    options.tolerance !== undefined
      ? { tolerance: options.tolerance }
      : { accept: options.accept ?? Math.max(1, Math.round(samples / 10)) };
  const mode: DistanceMode = options.distance ?? 'centre';
  if (mode !== 'centre' && mode !== 'edge') throw option('--distance', 'centre or edge', mode);

  const loaded = loadScenario(file, {
    cwd,
    ...(options.set ? { set: options.set } : {}),
    ...(options.library ? { library: options.library } : {}),
  });
  const targetsPath = resolve(
    cwd,
    options.targetsFile ?? loaded.file.replace(/\.(ya?ml|json)$/i, '') + '.targets.yaml',
  );
  if (options.targetsFile === undefined && !existsSync(targetsPath)) {
    throw badInput(
      `${loaded.display}: no targets file next to it (${displayName(targetsPath, cwd)}); name one with --targets`,
    );
  }
  const targetsDoc = readCalibrationTargets(targetsPath, cwd);

  // The targets to use.
  let targets: CalibrationTarget[];
  if (options.targets !== undefined && options.targets.length > 0) {
    targets = options.targets.map((id) => {
      const target = targetsDoc.targets.find((t) => t.id === id);
      if (target === undefined)
        throw option(
          '--target',
          `a target id of ${targetsDoc.file} (${targetsDoc.targets.map((t) => t.id).join(', ')})`,
          id,
        );
      if (target.statistic === undefined)
        throw new ScenarioError([
          diagnosticAt(
            target.node,
            ['id'],
            'a target with a statistic: to calibrate against (docs/calibration.md)',
            `"${id}" (no statistic)`,
          ),
        ]);
      return target;
    });
  } else {
    targets = targetsDoc.targets.filter((t) => t.statistic !== undefined);
    if (targets.length === 0)
      throw new ScenarioError([
        diagnosticAt(
          targetsDoc.node,
          ['targets'],
          'at least one target with a machine-readable statistic: {series, reduce, …} (docs/calibration.md)',
          'none',
        ),
      ]);
  }

  // Parameter paths must be settable in the episode.
  const pathProblems: Diagnostic[] = [];
  for (const prior of options.priors) {
    const where = options.priorLocations?.[prior.name];
    const source: Source = where
      ? { name: where.file, text: '', fixed: { line: where.line, col: where.col } }
      : PARAM_SOURCE;
    try {
      resolveSettablePath(loaded.doc, prior.name, source);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      pathProblems.push(...error.diagnostics);
    }
  }
  if (pathProblems.length > 0) throw new ScenarioError(pathProblems);

  // Arms: each target's statistic runs on its arm.
  const armsDoc = (loaded.doc.arms ?? { base: {} }) as Record<string, unknown>;
  const armNames = Object.keys(armsDoc);
  const defaultArm = targetsDoc.arm ?? (armNames.length === 1 ? armNames[0] : undefined);
  const armOf = new Map<string, string>();
  for (const target of targets) {
    const arm = target.statistic!.arm ?? defaultArm;
    if (arm === undefined)
      throw new ScenarioError([
        diagnosticAt(
          targetsDoc.node,
          ['arm'],
          `the arm statistics are computed on (one of ${armNames.join(', ')})`,
          'nothing',
        ),
      ]);
    if (!armNames.includes(arm)) {
      const where =
        target.statistic!.arm !== undefined
          ? diagnosticAt(
              target.node.statistic,
              ['arm'],
              `an arm of ${loaded.display} (${armNames.join(', ')})`,
              `"${arm}"`,
            )
          : diagnosticAt(targetsDoc.node, ['arm'], `an arm of ${loaded.display} (${armNames.join(', ')})`, `"${arm}"`);
      throw new ScenarioError([where]);
    }
    armOf.set(target.id, arm);
  }
  const arms = armNames.filter((a) => [...armOf.values()].includes(a));

  const plugins = await loadPlugins(loaded.plugins);
  const seed = String(options.seed ?? loaded.doc.seed ?? 'calibrate');
  const replicates = options.replicates ?? (loaded.doc.replicates as number | undefined) ?? 1;

  // The prior's corners must make valid worlds; then the samples' plan (not re-checked one by one).
  const lower = options.priors.map((p) => (p.kind === 'int' ? Math.ceil(p.min) : p.min));
  const upper = options.priors.map((p) => (p.kind === 'int' ? Math.floor(p.max) : p.max));
  buildPlan(withSampleArms(loaded, arms, options.priors, [lower, upper], seed, 1), {
    loadedPlugins: plugins,
    validateAll: true,
  });
  const rows = samplePriors(options.priors, samples, seed);
  const plan = buildPlan(withSampleArms(loaded, arms, options.priors, rows, seed, replicates), {
    loadedPlugins: plugins,
    validateAll: false,
  });

  // One task per generated arm: all its replicates.
  const needsFlows = targets.some((t) => seriesMetrics(t.statistic!.series).some((m) => m.startsWith('flow/')));
  const needsFirms = targets.some((t) => seriesMetrics(t.statistic!.series).some((m) => m.startsWith('firm/')));
  const seedsOf = new Map<number, string[]>();
  for (const run of plan.meta.runs) seedsOf.set(run.config, [...(seedsOf.get(run.config) ?? []), run.seed]);
  const taskInfo: Array<{ sample: number; arm: string; targets: number[] }> = [];
  const tasks: CalibrationTask[] = plan.configs.map((config) => {
    const cut = config.arm.lastIndexOf(SAMPLE_ARM);
    const arm = config.arm.slice(0, cut);
    const sample = Number(config.arm.slice(cut + SAMPLE_ARM.length));
    const mine = targets.map((t, j) => (armOf.get(t.id) === arm ? j : -1)).filter((j) => j >= 0);
    taskInfo.push({ sample, arm, targets: mine });
    const context = { steps: config.steps, calendar: config.calendar, measures: measuresOf(config) };
    const statistics: ResolvedStatistic[] = mine.map((j) => resolveStatistic(targets[j]!, context));
    return {
      recipe: config.recipe,
      steps: config.steps,
      record: { ...config.record, ...(needsFlows ? { flows: true } : {}), ...(needsFirms ? { firms: true } : {}) },
      seeds: seedsOf.get(config.index) ?? [],
      statistics,
      plugins: plan.pluginModules,
    };
  });

  const out = resolve(cwd, options.out ?? join('runs', `calibrate-${loaded.name}-${timestamp(started)}`));
  if (existsSync(out) && readdirSync(out).length > 0)
    throw badInput(
      `${displayName(out, cwd)}: expected an empty or new directory for --out, received one that exists and is not empty (choose another --out)`,
    );
  const workers = Math.max(1, Math.min(options.workers ?? cpus().length, tasks.length));
  options.onPlan?.({
    samples,
    arms,
    replicates,
    runs: plan.meta.runs.length,
    tasks: tasks.length,
    workers,
    targets: targets.map((t) => t.id),
  });
  let done = 0;
  options.onProgress?.({ done, total: tasks.length });
  const results = await runCalibrationTasks(tasks, workers, plugins, () =>
    options.onProgress?.({ done: ++done, total: tasks.length }),
  );

  // Replicate means of each statistic, per sample.
  const statistics: number[][] = rows.map(() => targets.map(() => Number.NaN));
  results.forEach((result, k) => {
    const info = taskInfo[k]!;
    if (result.missing !== undefined) {
      const target =
        targets[
          info.targets.find((j) => seriesMetrics(targets[j]!.statistic!.series).includes(result.missing![0]!)) ??
            info.targets[0]!
        ]!;
      throw new ScenarioError([
        diagnosticAt(
          target.node.statistic,
          ['series'],
          `metrics the runs of arm "${info.arm}" record (kind/entity/variable, docs/outputs.md)`,
          `"${result.missing[0]}" (no entity matches)`,
        ),
      ]);
    }
    info.targets.forEach((j, position) => {
      let sum = 0;
      for (const replicate of result.values) sum += replicate[position]!;
      statistics[info.sample]![j] = result.values.length > 0 ? sum / result.values.length : Number.NaN;
    });
  });
  const bands = targets.map((t) => t.band);
  const distances = statistics.map((values) => bandDistance(values, bands, mode));
  const accepted = acceptSamples(distances, rule);
  const acceptedRows = rows.filter((_, i) => accepted[i]);
  const inBand = (value: number, band: readonly [number, number]): boolean => value >= band[0] && value <= band[1];

  mkdirSync(out, { recursive: true });
  const header = ['sample', ...names, ...targets.map((t) => `target:${t.id}`), 'in_band', 'distance', 'accepted'];
  const csvRows = rows.map((row, i) => [
    String(i),
    ...row.map(formatNumber),
    ...statistics[i]!.map(formatNumber),
    String(statistics[i]!.filter((v, j) => inBand(v, bands[j]!)).length),
    formatNumber(distances[i]!),
    accepted[i] ? '1' : '0',
  ]);
  writeFileAtomic(join(out, 'posterior.csv'), `${csvFormatRows([header, ...csvRows])}\n`);
  if (acceptedRows.length === 0) {
    const nan = targets
      .map((t, j) => ({ id: t.id, count: statistics.filter((s) => !Number.isFinite(s[j]!)).length }))
      .sort((a, b) => b.count - a.count)[0]!;
    throw badInput(
      `calibrate: no sample was accepted: ${'tolerance' in rule ? `no distance is within --tolerance ${rule.tolerance}` : 'every sample has an infinite distance'}` +
        (nan.count > 0
          ? `; target "${nan.id}" could not be computed in ${nan.count} of ${samples} samples (leave it out with --target)`
          : '') +
        `; see ${displayName(join(out, 'posterior.csv'), cwd)}`,
    );
  }

  const posterior: Record<string, PosteriorSummary> = {};
  options.priors.forEach(
    (prior, j) =>
      (posterior[prior.name] = summarizePosterior(
        acceptedRows.map((r) => r[j]!),
        prior,
      )),
  );
  const medians: Record<string, number> = {};
  for (const prior of options.priors) {
    const median = posterior[prior.name]!.median;
    medians[prior.name] = prior.kind === 'int' ? Math.round(median) : Number(median.toPrecision(6));
  }
  const set = options.priors.map((p) => `--set ${p.name}=${medians[p.name]}`);
  writeFileAtomic(join(out, 'calibrated-set.txt'), `${set.join('\n')}\n`);
  const scenario = writeCalibratedScenario(
    out,
    loaded,
    armNames,
    medians,
    { samples, accepted: acceptedRows.length, targets: displayName(targetsPath, cwd) },
    plugins,
    cwd,
    options.library,
  );

  const acceptedStatistics = statistics.filter((_, i) => accepted[i]);
  const targetSummaries: CalibrationTargetSummary[] = targets.map((t, j) => {
    const mine = acceptedStatistics.map((s) => s[j]!).sort((a, b) => a - b);
    const quantile = (p: number): number => {
      const h = (mine.length - 1) * p;
      const lo = Math.floor(h);
      return mine[lo]! + (h - lo) * (mine[Math.min(mine.length - 1, lo + 1)]! - mine[lo]!);
    };
    const resolved = tasks[taskInfo.findIndex((info) => info.targets.includes(j))]!.statistics.find(
      (s) => s.id === t.id,
    )!;
    return {
      id: t.id,
      band: t.band,
      ...(t.unit !== undefined ? { unit: t.unit } : {}),
      arm: armOf.get(t.id)!,
      statistic: {
        series: String((t.node.statistic as Record<string, unknown>).series),
        reduce: resolved.reduce,
        from: resolved.from,
        to: resolved.to,
      },
      inBandPrior: statistics.filter((s) => inBand(s[j]!, t.band)).length / samples,
      inBandPosterior: mine.filter((v) => inBand(v, t.band)).length / mine.length,
      posterior: { mean: mine.reduce((a, b) => a + b, 0) / mine.length, ci95: [quantile(0.025), quantile(0.975)] },
    };
  });
  const acceptedDistances = distances.filter((_, i) => accepted[i]);
  const result: CalibrationResult = {
    format: 'chokepoint-calibration/1',
    version: VERSION,
    episode: {
      path: loaded.display,
      hash: `sha256:${sha256(loaded.text)}`,
      name: loaded.name,
      title: String(loaded.doc.title),
    },
    targetsFile: { path: targetsDoc.file, hash: `sha256:${sha256(targetsDoc.text)}` },
    priors: Object.fromEntries(options.priors.map((p) => [p.name, formatPrior(p)])),
    seed,
    samples,
    replicates,
    runs: plan.meta.runs.length,
    distance: mode,
    rule,
    accepted: acceptedRows.length,
    acceptanceRate: acceptedRows.length / samples,
    threshold: acceptedDistances.length > 0 ? Math.max(...acceptedDistances) : null,
    posterior,
    targets: targetSummaries,
    calibrated: { parameters: medians, scenario: scenario === null ? null : displayName(scenario, cwd), set },
    startedAt: started.toISOString(),
    wallTimeMs: Date.now() - started.getTime(),
    workers,
  };
  writeFileAtomic(join(out, 'calibration.json'), `${JSON.stringify(result, null, 2)}\n`);
  return { out, result, parameters: names, priors: [...options.priors], values: rows, statistics, distances, accepted };
}

/**
 * Writes calibrated.yaml, a scenario that extends the episode and sets the calibrated values
 * in every arm, when `extends:` may reach the episode from `out` (the episode is inside the
 * scenario library or inside `out`); checks that it loads. Returns its path, or null.
 */
function writeCalibratedScenario(
  out: string,
  loaded: LoadedScenario,
  arms: readonly string[],
  values: Record<string, number>,
  info: { samples: number; accepted: number; targets: string },
  plugins: LoadedPlugins,
  cwd: string,
  library = libraryDir(),
): string | null {
  if (!isInside(loaded.file, library) && !isInside(loaded.file, out)) return null;
  const path = join(out, 'calibrated.yaml');
  let target = relative(out, loaded.file).split(sep).join('/');
  if (!target.startsWith('.')) target = `./${target}`;
  const doc = {
    extends: target,
    title: `${String(loaded.doc.title)} (calibrated)`,
    arms: Object.fromEntries(arms.map((arm) => [arm, { set: values }])),
  };
  const text =
    `# Calibrated by \`chokepoint calibrate\` (rejection ABC, ${info.samples} samples, ${info.accepted} accepted,\n` +
    `# targets ${info.targets}): the episode with the posterior medians in every arm.\n` +
    `# Run it with: chokepoint run ${displayName(path, cwd)}\n` +
    stringify(doc, { lineWidth: 0 });
  writeFileAtomic(path, text);
  try {
    buildPlan(loadScenario(path, { cwd, library }), { validateAll: false, loadedPlugins: plugins });
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    rmSync(path, { force: true });
    return null;
  }
  return path;
}
