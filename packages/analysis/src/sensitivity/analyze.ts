/**
 * `chokepoint sensitivity`: reads a run directory of a morris or sobol sweep, reduces each
 * sweep point to one number (the metric's mean over replicates at a step), and computes the
 * Morris measures or Sobol indices per arm; sensitivity.json keeps one analysis per
 * metric × arm × step.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { deriveSeed, suggest } from '@chokepoint/core';
import { csvParseRows } from 'd3-dsv';
import { parse as parseYaml } from 'yaml';
import { writeFileAtomic } from '@chokepoint/outputs/internal';
import { commandLineError, ScenarioError } from '@chokepoint/scenario';
import { displayName } from '@chokepoint/scenario/internal';
import { sweepDesign, type SweepAxis, type SweepDesign, type SweepSpec } from '@chokepoint/scenario';
import { morrisIndices, type MorrisIndex } from './morris.js';
import { meanOf, varianceOf } from '@chokepoint/scenario/internal';
import { sobolIndices, type SobolIndex } from './sobol.js';

/**
 * The file format tag of sensitivity.json.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * writeSensitivityReport('runs/sobol', await analyzeSensitivity('runs/sobol', { metric: 'state/CN/output', bootstrap: 100 }));
 * console.log(JSON.parse(readFileSync('runs/sobol/sensitivity.json', 'utf8')).format === SENSITIVITY_FORMAT, SENSITIVITY_FORMAT); // true chokepoint-sensitivity/1
 * ```
 */
export const SENSITIVITY_FORMAT = 'chokepoint-sensitivity/1';

/**
 * One analysis: a metric in one arm at one step.
 *
 * @example
 * ```ts
 * const report = await analyzeSensitivity('runs/sobol', { metric: 'state/CN/output', step: 3, bootstrap: 100 });
 * const analysis: SensitivityAnalysis = report.analyses[0]!;
 * console.log(analysis.arm, analysis.at, analysis.step, analysis.points, analysis.replicates); // base step 3 16 2
 * console.log(analysis.sobol!.map((s) => s.parameter)); // ['licence', 'params.substitutionRate']
 * ```
 */
export interface SensitivityAnalysis {
  /** Metric `kind/entity/variable`. */
  metric: string;
  /** Arm. */
  arm: string;
  /**
   * The arm the analysis is taken against, when it is of an effect: each point's value is then
   * the arm's mean minus this arm's mean at the same point. Absent for the arm's own values.
   */
  against?: string;
  /** `last` (each run's final step) or `step` (the step given). */
  at: 'last' | 'step';
  /** The step read (the largest final step when `at` is `last`). */
  step: number;
  /** Sweep points used. */
  points: number;
  /** Replicates averaged per point (the smallest count when they differ). */
  replicates: number;
  /** Mean of the per-point values. */
  mean: number;
  /** Variance of the per-point values (n − 1); 0 when they differ by float rounding only. */
  variance: number;
  /**
   * Replicate noise: the variance the per-point means would show from replicate noise alone
   * (mean within-point variance / replicates; for an effect, the sum of both arms'), as a share
   * of their variance. Null with one replicate. Near 1, the indices mostly measure noise: add
   * replicates or widen the ranges.
   */
  noiseShare: number | null;
  /** Bootstrap resamples. */
  bootstrap: number;
  /** Confidence level of the intervals. */
  confidence: number;
  /** Morris measures per parameter (morris sweeps). */
  morris?: MorrisIndex[];
  /** Sobol indices per parameter (sobol sweeps); NaN (null in JSON) when the metric does not vary. */
  sobol?: SobolIndex[];
}

/**
 * The content of sensitivity.json.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * writeSensitivityReport('runs/sobol', await analyzeSensitivity('runs/sobol', { metric: 'world/world/welfare', bootstrap: 100 }));
 * const report: SensitivityReport = JSON.parse(readFileSync('runs/sobol/sensitivity.json', 'utf8'));
 * console.log(report.scenario, report.method, report.design.samples, report.design.points); // sobol sobol 4 16
 * ```
 */
export interface SensitivityReport {
  /** File format tag. */
  format: typeof SENSITIVITY_FORMAT;
  /** Scenario name. */
  scenario: string;
  /** The sweep method. */
  method: 'morris' | 'sobol';
  /** The design: its size and the swept parameters with their ranges. */
  design: {
    /** Sobol: base rows N. */
    samples?: number;
    /** Morris: trajectories r. */
    trajectories?: number;
    /** Morris: grid levels p. */
    levels?: number;
    /** Sweep points. */
    points: number;
    /** Swept parameters in order, with their axis as written. */
    parameters: Array<{ name: string; axis: SweepAxis }>;
  };
  /** The analyses, one per metric × arm × step. */
  analyses: SensitivityAnalysis[];
}

/**
 * Options of {@link analyzeSensitivity}.
 *
 * @example
 * ```ts
 * const options: SensitivityOptions = { metric: 'state/CN/output', arm: 'base', step: 5, bootstrap: 200, confidence: 0.9, seed: 'example' };
 * const { analyses } = await analyzeSensitivity('runs/sobol', options);
 * console.log(analyses.length, analyses[0]!.confidence, analyses[0]!.variance > 0, analyses[0]!.sobol![0]!.S1Ci !== null); // 1 0.9 true true
 * ```
 */
export interface SensitivityOptions {
  /** Metric `kind/entity/variable`, e.g. `world/world/welfare`, or several (read in one pass over metrics.csv). */
  metric: string | readonly string[];
  /** The step to read; default: each run's final step. */
  step?: number;
  /** One arm; default: every arm (every arm but `against`, with it). */
  arm?: string;
  /**
   * Analyse effects against this arm (e.g. the control): each point's value is the arm's mean
   * minus this arm's mean at the same point, so the measures say how the swept parameters move
   * the effect, not the level. Default: the arms' own values.
   */
  against?: string;
  /** Bootstrap resamples. Default 1000. */
  bootstrap?: number;
  /** Confidence level. Default 0.95. */
  confidence?: number;
  /** Seed of the bootstrap. Default: derived from the run's seed, the metric and the arm. */
  seed?: string;
  /** Working directory, for messages. */
  cwd?: string;
}

function commandLine(flag: string, expected: string, received: string): ScenarioError {
  return commandLineError(flag, expected, received);
}

/**
 * Reads a run directory's scenario.yaml and rebuilds its sweep design (points, unit
 * coordinates and roles) from the sweep block and the base seed.
 *
 * @throws ScenarioError when the directory is not a run directory of a morris or sobol sweep.
 *
 * @example
 * ```ts
 * const { name, sweep, design } = readRunDesign('runs/sobol');
 * console.log(name, sweep.method, design.sobol!.length === design.points.length); // sobol sobol true
 * ```
 */
export function readRunDesign(
  dir: string,
  cwd = process.cwd(),
): { name: string; seed: string; sweep: SweepSpec; design: SweepDesign } {
  const shown = displayName(dir, cwd);
  if (!existsSync(join(dir, 'metrics.csv')))
    throw new ScenarioError([], `${shown}: no metrics.csv; is this a run directory?`);
  const scenarioPath = join(dir, 'scenario.yaml');
  if (!existsSync(scenarioPath)) throw new ScenarioError([], `${shown}: no scenario.yaml; is this a run directory?`);
  const doc = parseYaml(readFileSync(scenarioPath, 'utf8')) as Record<string, unknown>;
  const sweep = doc.sweep as SweepSpec | undefined;
  const method = sweep?.method ?? sweep?.design ?? (sweep ? 'grid' : undefined);
  if (sweep === undefined || (method !== 'morris' && method !== 'sobol')) {
    throw new ScenarioError(
      [],
      `${shown}: expected a run of a morris or sobol sweep (sweep.method: morris or sobol), received ${method ? `a ${method} sweep` : 'a run without a sweep'}`,
    );
  }
  const seed = String(doc.seed);
  return { name: String(doc.name ?? ''), seed, sweep, design: sweepDesign(sweep, seed) };
}

/** A metric's value per run: arm → point → replicate → [step, value]. */
type MetricValues = Map<string, Map<number, Map<number, [number, number]>>>;

interface RunValues {
  /** Per metric (`kind/entity/variable`), its values. */
  values: Map<string, MetricValues>;
  /** Arms seen in the file, in order. */
  arms: string[];
  /** Largest step seen for any of the metrics. */
  maxStep: number;
  /** Swept column values by point (as text), from the first row of each point. */
  columns: Map<number, string[]>;
}

/** Streams metrics.csv once and keeps each metric's value per run: at `step`, or at each run's last step. */
async function readMetrics(
  dir: string,
  metrics: ReadonlyArray<{ name: string; kind: string; entity: string; variable: string }>,
  keys: readonly string[],
  step?: number,
): Promise<RunValues> {
  const lines = createInterface({
    input: createReadStream(join(dir, 'metrics.csv'), { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let index: Record<string, number> | undefined;
  let sweptIndex: number[] = [];
  const out: RunValues = {
    values: new Map(metrics.map((m) => [m.name, new Map()])),
    arms: [],
    maxStep: 0,
    columns: new Map(),
  };
  const byName = new Map(metrics.map((m) => [`${m.kind}/${m.entity}/${m.variable}`, m.name]));
  let lastRun = '';
  for await (const line of lines) {
    if (line === '') continue;
    if (index === undefined) {
      const header = csvParseRows(line)[0] ?? [];
      index = Object.fromEntries(header.map((name, i) => [name, i]));
      sweptIndex = keys.map((key) => index![key] ?? -1);
      continue;
    }
    const runKey = line.slice(0, line.indexOf(',', line.indexOf('/') + 1));
    const wanted = metrics.some((metric) => line.includes(metric.variable) && line.includes(metric.kind));
    if (!wanted && runKey === lastRun) continue;
    const fields = csvParseRows(line)[0]!;
    const arm = fields[index.arm!]!;
    const point = Number(fields[index.point!]);
    if (runKey !== lastRun) {
      lastRun = runKey;
      if (!out.arms.includes(arm)) out.arms.push(arm);
      if (!out.columns.has(point))
        out.columns.set(
          point,
          sweptIndex.map((i) => (i < 0 ? '' : fields[i]!)),
        );
    }
    const name = byName.get(`${fields[index.entity_kind!]}/${fields[index.entity!]}/${fields[index.variable!]}`);
    if (name === undefined) continue;
    const at = Number(fields[index.step!]);
    out.maxStep = Math.max(out.maxStep, at);
    if (step !== undefined && at !== step) continue;
    const replicate = Number(fields[index.replicate!]);
    const values = out.values.get(name)!;
    let byPoint = values.get(arm);
    if (byPoint === undefined) values.set(arm, (byPoint = new Map()));
    let byReplicate = byPoint.get(point);
    if (byReplicate === undefined) byPoint.set(point, (byReplicate = new Map()));
    const previous = byReplicate.get(replicate);
    if (previous === undefined || at >= previous[0]) byReplicate.set(replicate, [at, Number(fields[index.value!])]);
  }
  return out;
}

/** The metric names of metrics.csv (for suggestions after a typo). */
async function metricNames(dir: string): Promise<string[]> {
  const names = new Set<string>();
  const lines = createInterface({
    input: createReadStream(join(dir, 'metrics.csv'), { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let header: string[] | undefined;
  for await (const line of lines) {
    if (line === '') continue;
    const fields = csvParseRows(line)[0]!;
    if (header === undefined) header = fields;
    else names.add(`${fields[8]}/${fields[9]}/${fields[10]}`);
  }
  return [...names];
}

/**
 * Computes the sensitivity of a metric over a morris or sobol sweep's run directory: each
 * point's value is the metric's mean over its replicates at `step` (default: the final
 * step), or with `against`, the difference of that mean from the `against` arm's at the same
 * point (an effect); then Morris μ, μ*, σ or Sobol S1, ST with seeded bootstrap intervals,
 * per arm. Several metrics are read in one pass over metrics.csv (one analysis per metric ×
 * arm, in that order).
 *
 * @throws ScenarioError when the directory is not a run of a morris or sobol sweep, or a
 * metric, the arm, the `against` arm or the step is not in it.
 *
 * @example
 * ```ts
 * const report = await analyzeSensitivity('runs/sobol', { metric: 'world/world/welfare' });
 * // One analysis per arm, with S1, ST and their intervals per parameter:
 * console.log(Object.keys(report.analyses[0]!.sobol![0]!)); // ['parameter', 'S1', 'S1Ci', 'ST', 'STCi']
 * ```
 *
 * @example
 * How the swept parameters move an effect (treatment minus control at each point), for two metrics:
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('effect.yaml', `
 * title: Effect of a control
 * world: { ref: toy-chips }
 * horizon: 6
 * arms:
 *   control: { control: true }
 *   ban: { timeline: [{ step: 1, measure: { type: export_control, issuer: US, targets: [CN], products: [sme] } }] }
 * sweep: { method: morris, trajectories: 3, parameters: { params.substitutionRate: { min: 0.05, max: 0.5 }, params.inventoryDays: { min: 5, max: 30 } } }
 * outputs: { metrics: [state/CN/output] }
 * `);
 * await runScenario('effect.yaml', { out: 'runs/effect', workers: 1 });
 * const { analyses } = await analyzeSensitivity('runs/effect', { metric: ['state/CN/output', 'world/world/welfare'], against: 'control', bootstrap: 100 });
 * console.log(analyses.map((a) => `${a.metric} ${a.arm} − ${a.against}`)); // ['state/CN/output ban − control', 'world/world/welfare ban − control']
 * ```
 */
export async function analyzeSensitivity(dir: string, options: SensitivityOptions): Promise<SensitivityReport> {
  const cwd = options.cwd ?? process.cwd();
  const run = readRunDesign(dir, cwd);
  const { design } = run;
  const names = typeof options.metric === 'string' ? [options.metric] : [...new Set(options.metric)];
  if (names.length === 0)
    throw commandLine('--metric', 'a metric kind/entity/variable, e.g. world/world/welfare', 'none');
  const metrics = names.map((name) => {
    const match = /^([^/]+)\/(.+)\/([^/]+)$/.exec(name);
    if (!match) throw commandLine('--metric', 'a metric kind/entity/variable, e.g. world/world/welfare', `"${name}"`);
    return { name, kind: match[1]!, entity: match[2]!, variable: match[3]! };
  });
  if (options.step !== undefined && !(Number.isInteger(options.step) && options.step >= 1))
    throw commandLine('--step', 'a step (an integer >= 1)', String(options.step));
  const data = await readMetrics(dir, metrics, design.keys, options.step);
  const shown = displayName(dir, cwd);

  // The run must hold the design's points (same seed, same code).
  for (let p = 0; p < design.points.length; p++) {
    const columns = data.columns.get(p);
    const expected = design.keys.map((key) => String(design.points[p]![key]));
    if (columns === undefined || columns.some((text, i) => text !== expected[i])) {
      throw new ScenarioError(
        [],
        `${shown}: sweep point ${p} in metrics.csv (${columns?.join(', ') ?? 'missing'}) is not the ${design.method} design of scenario.yaml (${expected.join(', ')}); was the run written by another version?`,
      );
    }
  }
  for (const metric of metrics) {
    if (data.values.get(metric.name)!.size > 0) continue;
    if (options.step !== undefined && data.maxStep > 0)
      throw commandLine('--step', `a step between 1 and ${data.maxStep}`, String(options.step));
    throw commandLine(
      '--metric',
      `a metric recorded in metrics.csv${suggest(metric.name, await metricNames(dir))}`,
      `"${metric.name}"`,
    );
  }
  if (options.arm !== undefined && !data.arms.includes(options.arm))
    throw commandLine(
      '--arm',
      `an arm of the run (${data.arms.join(', ')})${suggest(options.arm, data.arms)}`,
      `"${options.arm}"`,
    );
  const against = options.against;
  if (against !== undefined) {
    if (!data.arms.includes(against))
      throw commandLine(
        '--against',
        `an arm of the run (${data.arms.join(', ')})${suggest(against, data.arms)}`,
        `"${against}"`,
      );
    if (options.arm === against)
      throw commandLine('--against', `an arm other than --arm (${options.arm})`, `"${against}"`);
  }
  const bootstrap = options.bootstrap ?? 1000;
  const confidence = options.confidence ?? 0.95;

  const analyses: SensitivityAnalysis[] = metrics.flatMap((metric) => {
    const values = data.values.get(metric.name)!;
    const arms = options.arm !== undefined ? [options.arm] : data.arms.filter((a) => values.has(a) && a !== against);
    return arms.map((arm) =>
      analyseArm(metric.name, arm, values, design, run.seed, shown, { ...options, bootstrap, confidence }),
    );
  });

  const sweep = run.sweep;
  return {
    format: SENSITIVITY_FORMAT,
    scenario: run.name,
    method: design.method as 'morris' | 'sobol',
    design: {
      ...(design.method === 'sobol'
        ? { samples: sweep.samples ?? 1 }
        : { trajectories: sweep.trajectories ?? 1, levels: sweep.levels ?? 4 }),
      points: design.points.length,
      parameters: design.keys.map((name) => ({ name, axis: sweep.parameters[name]! })),
    },
    analyses,
  };
}

/**
 * One arm's analysis of one metric: the per-point values (means over replicates, or their
 * differences from the `against` arm's), their noise, and the Morris or Sobol measures.
 */
function analyseArm(
  metric: string,
  arm: string,
  values: MetricValues,
  design: SweepDesign,
  runSeed: string,
  shown: string,
  options: SensitivityOptions & { bootstrap: number; confidence: number },
): SensitivityAnalysis {
  const against = options.against;
  const means: number[] = [];
  // The variance each point's value has from replicate noise alone (var / n, summed over both arms for an effect).
  const noiseOf: number[] = [];
  let replicates = Infinity;
  let step = 0;
  const missing: Array<{ arm: string; point: number }> = [];
  for (let p = 0; p < design.points.length; p++) {
    let value = 0;
    let noise: number | null = 0;
    for (const [which, sign] of against === undefined
      ? ([[arm, 1]] as const)
      : ([
          [arm, 1],
          [against, -1],
        ] as const)) {
      const runs = [...(values.get(which)?.get(p)?.values() ?? [])];
      if (runs.length === 0 || runs.some(([, v]) => !Number.isFinite(v))) {
        missing.push({ arm: which, point: p });
        continue;
      }
      for (const [s] of runs) step = Math.max(step, s);
      const xs = runs.map(([, v]) => v);
      value += sign * meanOf(xs);
      noise = noise !== null && xs.length > 1 ? noise + varianceOf(xs) / xs.length : null;
      replicates = Math.min(replicates, xs.length);
    }
    means.push(value);
    if (noise !== null) noiseOf.push(noise);
  }
  if (missing.length > 0) {
    const arms = [...new Set(missing.map((m) => m.arm))];
    throw new ScenarioError(
      [],
      `${shown}: ${metric} has no finite value${options.step !== undefined ? ` at step ${options.step}` : ''} at ${missing.length} sweep point${missing.length === 1 ? '' : 's'} of arm${arms.length === 1 ? '' : 's'} "${arms.join('", "')}" (e.g. point ${missing[0]!.point})`,
    );
  }
  const mean = meanOf(means);
  // Values that differ by float rounding only count as constant: their indices would be noise.
  const raw = varianceOf(means);
  const variance = raw <= 1e-20 * Math.max(1, mean * mean) ? 0 : raw;
  const noise = noiseOf.length === means.length && noiseOf.length > 0 ? meanOf(noiseOf) : null;
  const seed =
    options.seed ?? deriveSeed(runSeed, 'sensitivity', metric, against === undefined ? arm : `${arm}-${against}`);
  const analysis: SensitivityAnalysis = {
    metric,
    arm,
    ...(against !== undefined ? { against } : {}),
    at: options.step === undefined ? 'last' : 'step',
    step,
    points: means.length,
    replicates,
    mean,
    variance,
    noiseShare: noise === null ? null : variance > 0 ? noise / variance : null,
    bootstrap: options.bootstrap,
    confidence: options.confidence,
  };
  if (design.method === 'morris')
    analysis.morris = morrisIndices(design.unit!, design.morris!, means, design.keys, {
      bootstrap: options.bootstrap,
      confidence: options.confidence,
      seed,
    });
  else if (variance > 0)
    analysis.sobol = sobolIndices(design.sobol!, means, design.keys, {
      bootstrap: options.bootstrap,
      confidence: options.confidence,
      seed,
    }).indices;
  else analysis.sobol = design.keys.map((parameter) => ({ parameter, S1: NaN, S1Ci: null, ST: NaN, STCi: null }));
  return analysis;
}

/** The key of an analysis in sensitivity.json: a new one replaces the old one with the same key. */
function analysisKey(a: Pick<SensitivityAnalysis, 'metric' | 'arm' | 'against' | 'at' | 'step'>): string {
  return `${a.metric}|${a.arm}${a.against !== undefined ? `|against ${a.against}` : ''}|${a.at === 'last' ? 'last' : a.step}`;
}

/**
 * Writes sensitivity.json into the run directory atomically, keeping the analyses already
 * there for other metrics, arms or steps (a new analysis replaces one with the same metric,
 * arm and step). Returns what was written.
 *
 * @example
 * ```ts
 * writeSensitivityReport('runs/sobol', await analyzeSensitivity('runs/sobol', { metric: 'world/world/welfare', bootstrap: 100 }));
 * // A second metric is added to the file, not written over the first:
 * const written = writeSensitivityReport('runs/sobol', await analyzeSensitivity('runs/sobol', { metric: 'state/CN/output', bootstrap: 100 }));
 * console.log(written.analyses.map((a) => a.metric)); // ['world/world/welfare', 'state/CN/output']
 * ```
 */
export function writeSensitivityReport(dir: string, report: SensitivityReport): SensitivityReport {
  const path = join(dir, 'sensitivity.json');
  let analyses = report.analyses;
  if (existsSync(path)) {
    try {
      const old = JSON.parse(readFileSync(path, 'utf8')) as SensitivityReport;
      if (
        old.format === SENSITIVITY_FORMAT &&
        old.method === report.method &&
        JSON.stringify(old.design) === JSON.stringify(report.design)
      ) {
        const fresh = new Set(report.analyses.map(analysisKey));
        analyses = [...old.analyses.filter((a) => !fresh.has(analysisKey(a))), ...report.analyses];
      }
    } catch {
      // An unreadable file is replaced.
    }
  }
  const merged = { ...report, analyses };
  writeFileAtomic(
    path,
    `${JSON.stringify(merged, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`,
  );
  return merged;
}
