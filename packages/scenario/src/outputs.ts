import type { Mechanism } from '@chokepoint/core';
import { ablationArmName, type AblationPlan } from './ablation.js';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { temporaryPath, withPath, writeFileAtomic } from './atomic.js';
import { METRIC_COLUMNS, partName, type PartHeader } from './execute.js';
import { MetricsParquetWriter, type EncoderThread, type SweptColumn } from './parquetWriter.js';
import { MEASURE_COLUMNS, MeasureTally, measureRows, measureWarnings, type ArmMeasures } from './measures.js';
import { readPart } from './partFile.js';
import type { Calendar, PlanMeta, PlannedRun, SharedArm } from './plan.js';
import { replicateAdvice, type ReplicateAdvice } from './replicateAdvice.js';
import type { ShortfallRecord } from './shortfalls.js';
import { daysPerStep, stepEndDate } from './dates.js';
import { compareMeans, summarizeMean, type DifferenceSummary, type MeanSummary } from './stats.js';
import { compareOverTime, DEFAULT_DISCOUNT_RATE, summarizeOverTime, type PeakDifference, type TimeStatistic } from './timeStatistics.js';

/**
 * The version of @chokepoint/scenario, from its package.json; manifest.json records it.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const manifest = JSON.parse(readFileSync('runs/qs/manifest.json', 'utf8'));
 * console.log(manifest.version === VERSION, /^\d+\.\d+\.\d+/.test(VERSION)); // true true
 * ```
 */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * One arm × point × key metric of summary.json.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const summary: RunSummary = JSON.parse(readFileSync('runs/qs/summary.json', 'utf8'));
 * const welfare: SummaryMetric[] = summary.metrics.filter((m) => m.metric === 'world/world/welfare');
 * console.log(welfare.map((m) => `${m.arm}: n=${m.n}`)); // ['control: n=2', 'us-only: n=2', 'aligned: n=2', 'fab-fire: n=2']
 * ```
 */
export interface SummaryMetric {
  /** Arm. */
  arm: string;
  /** Sweep point. */
  point: number;
  /** Metric `kind/entity/variable`. */
  metric: string;
  /** Replicates with a value. */
  n: number;
  /** Mean of the final-step values. */
  mean: number;
  /** Standard deviation; 0 when deterministic; null when n < 2. */
  sd: number | null;
  /** 95% CI of the mean (Student's t); null when n < 2 or deterministic. */
  ci95: [number, number] | null;
  /** Every replicate gave the same value (up to floating-point noise): no interval (absent in runs written before it existed). */
  deterministic?: boolean;
  /** How many replicates the metric needs, by the coefficient-of-variation method (absent in runs written before it existed). */
  replicateAdvice?: ReplicateAdvice;
  /** The sweep point whose runs these values come from, when the arm ignores the swept parameters that differ (see {@link RunSummary.shared}). */
  sharedWith?: number;
  /** The sum of the metric over the run's steps, across replicates (`cumulative` in `outputs.statistics`). */
  cumulative?: MeanSummary;
  /** The same, each step discounted at `discountRate` a year (`discounted`). */
  discounted?: MeanSummary;
}

/**
 * One treatment arm × point × key metric effect of summary.json.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const summary: RunSummary = JSON.parse(readFileSync('runs/qs/summary.json', 'utf8'));
 * const leakage: SummaryEffect[] = summary.effects.filter((e) => e.metric === 'product/sme/leakage');
 * console.log(leakage.map((e) => `${e.arm} vs ${e.control}`)); // ['us-only vs control', 'aligned vs control', 'fab-fire vs control']
 * ```
 */
export interface SummaryEffect {
  /** Treatment arm. */
  arm: string;
  /** Control arm. */
  control: string;
  /** Sweep point. */
  point: number;
  /** Metric. */
  metric: string;
  /** Treatment mean − control mean. */
  difference: number;
  /** 95% CI of the difference (Welch's t); null when a group has fewer than 2 replicates, or both are deterministic. */
  ci95: [number, number] | null;
  /** difference / control mean, or null when the control mean is 0. */
  relative: number | null;
  /** Both arms are deterministic: the difference is exact, untested, never significant (absent in runs written before it existed). */
  deterministic?: boolean;
  /** The largest deviation of the treatment's mean path from the control's, and when (`peak` in `outputs.statistics`). */
  peak?: PeakDifference;
  /** The difference of the sums over the run (`cumulative`). */
  cumulative?: DifferenceSummary;
  /** The difference of the discounted sums (`discounted`). */
  discounted?: DifferenceSummary;
}

/**
 * The content of summary.json (docs/outputs.md).
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const summary: RunSummary = JSON.parse(readFileSync('runs/qs/summary.json', 'utf8'));
 * console.log(summary.scenario, summary.control, summary.statistic, summary.points); // quickstart control final [{}]
 * ```
 */
export interface RunSummary {
  /** Scenario name. */
  scenario: string;
  /** Title. */
  title: string;
  /** Description. */
  description?: string;
  /** Citations. */
  sources?: unknown[];
  /** Control arm, or null. */
  control: string | null;
  /** How each run is reduced: its value at the final step. */
  statistic: 'final';
  /** Swept parameters by point index. */
  points: Array<Record<string, unknown>>;
  /** How each key metric is reduced over the run, beside its final value (`outputs.statistics`; absent in runs written before). */
  statistics?: TimeStatistic[];
  /** Annual discount rate of the `discounted` statistic. */
  discountRate?: number;
  /** Per arm × point × metric. */
  metrics: SummaryMetric[];
  /** Per treatment arm × point × metric. */
  effects: SummaryEffect[];
  /** The measures each arm × point adopted over its replicates (absent in runs written before measures.csv existed). */
  measures?: ArmMeasures[];
  /**
   * The arms that ignore swept parameters: each ran once per distinct configuration, and its
   * values at the other points (`sharedWith`) are those runs'. Absent when every arm ran at every point.
   */
  shared?: SharedArm[];
  /** The arms `ablation:` added (absent without it). */
  ablation?: AblationPlan;
  /** How much of each effect each mechanism carries (absent without `ablation:`). */
  attribution?: SummaryAttribution[];
  /**
   * Where the shortages of the key metrics' firms and states came from, in replicate 0 of each
   * arm × point: at the step of the largest shortfall, the short firms' paths up the supply
   * chain. Absent when none was short (or in runs written before it existed).
   */
  shortfalls?: ArmShortfall[];
}

/**
 * A {@link ShortfallRecord} of replicate 0 of one arm × point, as summary.json's `shortfalls` holds it.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const summary: RunSummary = JSON.parse(readFileSync('runs/qs/summary.json', 'utf8'));
 * const fire: ArmShortfall = summary.shortfalls!.find((s) => s.arm === 'fab-fire' && s.entity === 'state/US')!;
 * console.log(fire.point, fire.date, fire.firms[0]!.path); // 0 2023-03-31 Apple (US) ← chip 84% ← TSMC (TW): capacity, 39% damaged, orders 1.27× capacity
 * ```
 */
export interface ArmShortfall extends ShortfallRecord {
  /** The arm. */
  arm: string;
  /** The sweep point (the point whose runs it is, for an arm that ignores the swept parameters). */
  point: number;
}

/**
 * What {@link buildSummary} reads of a plan: its names, arms, points, key metrics, and the arm
 * and point of each run.
 *
 * @example
 * ```ts
 * const layout: SummaryLayout = { name: 'study', title: 'Study', control: 'control', arms: ['control', 'ban'], points: [{}], keyMetrics: ['state/KR/output'], runs: [{ arm: 'control', point: 0 }, { arm: 'ban', point: 0 }] };
 * console.log(buildSummary(layout, [{ finals: { 'state/KR/output': 10 } }, { finals: { 'state/KR/output': 7 } }]).effects[0]!.difference); // -3
 * ```
 */
export type SummaryLayout = Pick<PlanMeta, 'name' | 'title' | 'description' | 'sources' | 'control' | 'arms' | 'points' | 'keyMetrics'> &
  Partial<Pick<PlanMeta, 'configs' | 'shared' | 'statistics' | 'discountRate' | 'ablation'>> & {
  /** The arm and point of each run, in the order of the headers. */
  runs: ReadonlyArray<Pick<PlannedRun, 'arm' | 'point'>>;
};

/**
 * Builds summary.json from the part headers (final values of the key metrics). Any per-run
 * values summarize the same way: `chokepoint table --step` passes each run's value at a step.
 *
 * @example
 * ```ts
 * const { meta } = buildPlan(loadScenario('scenarios/quickstart.yaml', { set: ['replicates=2'] }));
 * // Final CN output by run: 10 and 12 in the control arm, 8 and 10 in the others.
 * const headers = meta.runs.map((run, i) => ({ run: i, run_id: run.runId, rows: 0, finals: { 'state/CN/output': (run.arm === 'control' ? 10 : 8) + 2 * run.replicate } }));
 * const summary = buildSummary(meta, headers);
 * console.log(summary.metrics[0]!.mean, summary.effects[0]!.arm, summary.effects[0]!.difference); // 11 us-only -2
 * ```
 *
 * @param measures - The measures each arm × point adopted ({@link MeasureTally}); summary.json's `measures`.
 */
export function buildSummary(meta: SummaryLayout, headers: ReadonlyArray<Pick<PartHeader, 'finals'> & Partial<Pick<PartHeader, 'shortfalls' | 'series'>>>, measures?: readonly ArmMeasures[]): RunSummary {
  const finals = new Map<string, number[]>(); // arm|point|metric -> values by replicate order
  const paths = new Map<string, number[][]>(); // arm|point|metric -> each replicate's path, when complete
  meta.runs.forEach((run, i) => {
    const header = headers[i]!;
    for (const metric of meta.keyMetrics) {
      const value = header.finals[metric];
      if (value === undefined) continue;
      const key = `${run.arm}|${run.point}|${metric}`;
      let list = finals.get(key);
      if (list === undefined) finals.set(key, (list = []));
      list.push(value);
      // A path with a missing step (null in JSON: the entity appeared later) is left out of the statistics over time.
      const path = header.series?.[metric];
      if (path === undefined || !path.every((v) => typeof v === 'number' && Number.isFinite(v))) continue;
      let runs = paths.get(key);
      if (runs === undefined) paths.set(key, (runs = []));
      runs.push(path);
    }
  });
  const statistics = meta.statistics ?? ['final'];
  const rate = meta.discountRate ?? DEFAULT_DISCOUNT_RATE;
  const calendarOf = (arm: string, point: number): Calendar => meta.configs?.[meta.arms.indexOf(arm) * meta.points.length + point]?.calendar ?? { step: 'quarter' };
  const pathsOf = (arm: string, point: number, metric: string): number[][] => paths.get(`${arm}|${runsAt(arm, point)}|${metric}`) ?? [];
  // The point whose runs an arm × point has: its own, or those of the point it shares (an arm that ignores the swept parameters).
  const runsAt = (arm: string, point: number): number => meta.configs?.[meta.arms.indexOf(arm) * meta.points.length + point]?.sharedWith ?? point;
  const valuesOf = (arm: string, point: number, metric: string): number[] | undefined => finals.get(`${arm}|${runsAt(arm, point)}|${metric}`);
  const metrics: SummaryMetric[] = [];
  const effects: SummaryEffect[] = [];
  for (const arm of meta.arms) {
    for (let point = 0; point < meta.points.length; point++) {
      for (const metric of meta.keyMetrics) {
        const values = valuesOf(arm, point, metric);
        if (values === undefined || values.length === 0) continue;
        const at = runsAt(arm, point);
        const overTime = summarizeOverTime(pathsOf(arm, point, metric), statistics, rate, daysPerStep(calendarOf(arm, point).step));
        metrics.push({ arm, point, metric, ...summarizeMean(values), replicateAdvice: replicateAdvice(values), ...(at !== point ? { sharedWith: at } : {}), ...overTime });
      }
    }
  }
  const ablated = new Set((meta.ablation?.arms ?? []).map((a) => a.arm));
  if (meta.control !== null) {
    for (const arm of meta.arms) {
      // An ablation arm is not a treatment: it enters the attribution below, against the control without the same mechanism.
      if (arm === meta.control || ablated.has(arm)) continue;
      for (let point = 0; point < meta.points.length; point++) {
        for (const metric of meta.keyMetrics) {
          const treatment = valuesOf(arm, point, metric);
          const control = valuesOf(meta.control, point, metric);
          if (!treatment?.length || !control?.length) continue;
          const calendar = calendarOf(arm, point);
          const dateOf = (step: number): string => (calendar.start === undefined ? '' : stepEndDate(calendar.start, calendar.step, step));
          const overTime = compareOverTime(pathsOf(arm, point, metric), pathsOf(meta.control, point, metric), statistics, rate, daysPerStep(calendar.step), dateOf);
          effects.push({ arm, control: meta.control, point, metric, ...compareMeans(treatment, control), ...overTime });
        }
      }
    }
  }
  return {
    scenario: meta.name,
    title: meta.title,
    ...(meta.description !== undefined ? { description: meta.description } : {}),
    ...(meta.sources !== undefined ? { sources: meta.sources } : {}),
    control: meta.control,
    statistic: 'final',
    points: meta.points,
    ...(meta.statistics !== undefined ? { statistics: meta.statistics, discountRate: rate } : {}),
    metrics,
    effects,
    ...(measures !== undefined ? { measures: [...measures] } : {}),
    ...(meta.shared !== undefined ? { shared: meta.shared } : {}),
    ...shortfallsOf(meta, headers),
    ...attributionOf(meta, valuesOf, ablated),
  };
}

/**
 * summary.json's `ablation` and `attribution`: for each treatment arm × point × key metric and
 * each mechanism switched off, how much of the effect the mechanism carries. With T, C the
 * treatment and control and T₋ₘ, C₋ₘ the same without mechanism m (same seeds, replicate by
 * replicate), carried = (T − C) − (T₋ₘ − C₋ₘ), averaged over replicates with a t interval on the
 * replicate differences; share = carried / (T − C). {} without `ablation:`.
 */
function attributionOf(
  meta: SummaryLayout,
  valuesOf: (arm: string, point: number, metric: string) => number[] | undefined,
  ablated: ReadonlySet<string>,
): { ablation?: AblationPlan; attribution?: SummaryAttribution[] } {
  const plan = meta.ablation;
  if (plan === undefined || meta.control === null) return {};
  const control = meta.control;
  const attribution: SummaryAttribution[] = [];
  for (const arm of meta.arms) {
    if (arm === control || ablated.has(arm)) continue;
    for (let point = 0; point < meta.points.length; point++) {
      for (const metric of meta.keyMetrics) {
        const treated = valuesOf(arm, point, metric);
        const base = valuesOf(control, point, metric);
        if (!treated?.length || !base?.length) continue;
        const effect = compareMeans(treated, base).difference;
        for (const mechanism of plan.mechanisms) {
          const treatedOff = valuesOf(ablationArmName(arm, mechanism), point, metric);
          const baseOff = valuesOf(ablationArmName(control, mechanism), point, metric);
          if (!treatedOff?.length || !baseOff?.length) continue;
          const n = Math.min(treated.length, base.length, treatedOff.length, baseOff.length);
          // Replicate r of each arm shares its seed with replicate r of the arm it repeats.
          const carried = Array.from({ length: n }, (_, r) => treated[r]! - base[r]! - (treatedOff[r]! - baseOff[r]!));
          const summary = summarizeMean(carried);
          attribution.push({
            arm,
            control,
            point,
            metric,
            mechanism,
            effect,
            effectWithout: compareMeans(treatedOff, baseOff).difference,
            carried: { difference: summary.mean, ci95: summary.ci95, deterministic: summary.deterministic },
            share: effect !== 0 ? summary.mean / effect : null,
          });
        }
      }
    }
  }
  return { ablation: plan, ...(attribution.length > 0 ? { attribution } : {}) };
}

/**
 * How much of one effect (treatment arm × point × key metric, final values) one mechanism carries:
 * summary.json's `attribution` (see docs/outputs.md, "What drives an effect").
 *
 * @example
 * ```ts
 * import { readFileSync, writeFileSync } from 'node:fs';
 * // The quickstart with every arm run again without retaliation (2 replicates, 6 quarters).
 * writeFileSync('ablation.yaml', 'extends: scenarios/quickstart.yaml\nablation: [retaliation]\n');
 * const { out } = await runScenario('ablation.yaml', { out: 'runs/ablation', set: ['replicates=2', 'horizon=6'], workers: 1 });
 * const summary: RunSummary = JSON.parse(readFileSync(`${out}/summary.json`, 'utf8'));
 * const carried: SummaryAttribution[] = summary.attribution!.filter((a) => a.metric === 'state/CN/output');
 * console.log(carried.map((a) => `${a.arm}: ${a.mechanism}`)); // ['us-only: retaliation', 'aligned: retaliation', 'fab-fire: retaliation']
 * ```
 */
export interface SummaryAttribution {
  /** Treatment arm. */
  arm: string;
  /** Control arm. */
  control: string;
  /** Sweep point. */
  point: number;
  /** Key metric. */
  metric: string;
  /** The mechanism switched off. */
  mechanism: Mechanism;
  /** The effect, treatment mean − control mean. */
  effect: number;
  /** The same effect with the mechanism switched off in both arms. */
  effectWithout: number;
  /** effect − effectWithout, averaged over replicates, with a t interval on the replicates' differences (null with one replicate, or when deterministic). */
  carried: { difference: number; ci95: [number, number] | null; deterministic: boolean };
  /** carried / effect: the share of the effect the mechanism carries (null for a zero effect). Shares of several mechanisms need not add to 1: mechanisms interact. */
  share: number | null;
}

/** summary.json's `shortfalls`: each run's records (replicate 0 has them), with its arm and point; {} when none. */
function shortfallsOf(meta: SummaryLayout, headers: ReadonlyArray<Partial<Pick<PartHeader, 'shortfalls'>>>): { shortfalls?: ArmShortfall[] } {
  const shortfalls: ArmShortfall[] = [];
  meta.runs.forEach((run, i) => {
    for (const record of headers[i]?.shortfalls ?? []) shortfalls.push({ arm: run.arm, point: run.point, ...record });
  });
  return shortfalls.length > 0 ? { shortfalls } : {};
}

/**
 * Timing and environment of a run, for manifest.json.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const { startedAt, wallTimeMs, workers, shard } = JSON.parse(readFileSync('runs/qs/manifest.json', 'utf8'));
 * const record: RunRecord = { startedAt, wallTimeMs, workers, shard };
 * console.log(record.workers, record.shard, record.wallTimeMs > 0); // 1 null true
 * ```
 */
export interface RunRecord {
  /** ISO start time. */
  startedAt: string;
  /** Wall time in milliseconds. */
  wallTimeMs: number;
  /** Worker threads used. */
  workers: number | null;
  /** `i/N` for a shard, else null. */
  shard: string | null;
  /** Shards joined by `chokepoint merge`. */
  merged?: Array<{ shard: string; startedAt: string; wallTimeMs: number; workers: number | null }>;
}

/** The git commit of the folder holding `file`, or null. */
export function gitCommit(file: string): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dirname(file), stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).toString().trim();
    return /^[0-9a-f]{40}$/.test(out) ? out : null;
  } catch {
    return null;
  }
}

/**
 * Builds manifest.json.
 *
 * @param warnings - What the run did that likely misleads (see {@link measureWarnings}), one line each.
 */
export function buildManifest(meta: PlanMeta, record: RunRecord, commit: string | null, warnings: readonly string[] = []): Record<string, unknown> {
  return {
    tool: 'chokepoint',
    version: VERSION,
    commit,
    scenario: meta.scenario,
    files: meta.files,
    ...(meta.plugins !== undefined ? { plugins: meta.plugins } : {}),
    seed: meta.seed,
    ...(meta.notes !== undefined ? { notes: meta.notes } : {}),
    ...(warnings.length > 0 ? { warnings: [...warnings] } : {}),
    plan: meta.hash,
    arms: meta.arms,
    control: meta.control,
    replicates: meta.replicates,
    runs: meta.runs.map((run) => ({ run_id: run.runId, seed: run.seed, parameters: meta.configs[run.config]!.parameters })),
    platform: { node: process.version, os: platform(), arch: arch(), cpus: cpus().length },
    startedAt: record.startedAt,
    wallTimeMs: record.wallTimeMs,
    workers: record.workers,
    shard: record.shard,
    ...(record.merged ? { merged: record.merged } : {}),
  };
}

/** Finds run `index`'s part file in one of the folders. */
export function findPart(partDirs: readonly string[], index: number): string | undefined {
  for (const folder of partDirs) {
    const path = join(folder, partName(index));
    if (existsSync(path)) return path;
  }
  return undefined;
}

/**
 * Writes the run directory from the plan and the part files (docs/outputs.md):
 * metrics.csv, metrics.parquet, measures.csv, summary.json, manifest.json and scenario.yaml,
 * each atomically. The data files depend only on the plan and the parts, so they are
 * byte-identical for any worker count, sharding or resumption.
 *
 * @param partDirs - Folders holding the part files (`parts/` of the run, or of each shard).
 * @returns The warnings written to manifest.json (see {@link measureWarnings}).
 */
export async function writeOutputs(out: string, meta: PlanMeta, partDirs: readonly string[], record: RunRecord, commit: string | null): Promise<string[]> {
  const paths = meta.runs.map((run, i) => {
    const path = findPart(partDirs, i);
    if (path === undefined) throw new Error(`part of run ${run.runId} is missing`);
    return path;
  });
  const writer = await RunOutputWriter.open(out, meta);
  try {
    for (const path of paths) await writer.append(path);
    return await writer.finish(record, commit);
  } catch (error) {
    writer.abort();
    throw error;
  }
}

/**
 * The swept-parameter columns of metrics.parquet: numeric when every run's value is a finite
 * number (as written in metrics.csv), else text.
 */
function sweptColumns(meta: PlanMeta): SweptColumn[] {
  return meta.columns.map((name) => ({
    name,
    numeric: meta.runs.every((run) => {
      const text = String(meta.points[run.point]![name]);
      return text !== '' && Number.isFinite(Number(text));
    }),
  }));
}

/**
 * Writes a run directory's files (see {@link writeOutputs}) from its part files, appended one
 * at a time in run order, so they can be appended as the runs finish, while later runs still
 * simulate. metrics.csv, metrics.parquet and measures.csv grow in temporary files next to their final names
 * and are renamed into place by {@link RunOutputWriter.finish}; {@link RunOutputWriter.abort}
 * removes them. The memory held is a Parquet batch or two, whatever the number of runs.
 *
 * @example
 * ```ts
 * const writer = await RunOutputWriter.open(out, plan.meta);
 * for (let i = 0; i < plan.meta.runs.length; i++) await writer.append(join(out, 'parts', partName(i)));
 * await writer.finish(record, commit);
 * ```
 */
export class RunOutputWriter {
  private readonly headers: PartHeader[] = [];
  private readonly csvPath: string;
  private readonly parquetPath: string;
  private readonly measuresPath: string;
  private readonly tally: MeasureTally;
  private csv: number | undefined;
  private measures: number | undefined;

  private constructor(
    private readonly out: string,
    private readonly meta: PlanMeta,
    private parquet: MetricsParquetWriter | undefined,
  ) {
    this.csvPath = temporaryPath(join(out, 'metrics.csv'));
    this.parquetPath = temporaryPath(join(out, 'metrics.parquet'));
    this.measuresPath = temporaryPath(join(out, 'measures.csv'));
    this.tally = new MeasureTally(meta);
  }

  /**
   * Opens metrics.csv and measures.csv (writing their headers) and, unless the plan turns it
   * off, metrics.parquet, as temporary files in `out`.
   *
   * @param options.encoderThread - Encode metrics.parquet on a thread of its own: always, never
   *   (a run limited to one thread), or (`auto`, the default) once it is larger than one batch.
   */
  static async open(out: string, meta: PlanMeta, options: { encoderThread?: EncoderThread } = {}): Promise<RunOutputWriter> {
    const writer = new RunOutputWriter(out, meta, undefined);
    try {
      writer.csv = openSync(writer.csvPath, 'w');
      writeSync(writer.csv, [...METRIC_COLUMNS, ...meta.columns].join(',') + '\n');
      writer.measures = openSync(writer.measuresPath, 'w');
      writeSync(writer.measures, [...MEASURE_COLUMNS, ...meta.columns].join(',') + '\n');
    } catch (error) {
      writer.abort();
      throw withPath(error, out);
    }
    try {
      if (meta.parquet) writer.parquet = await MetricsParquetWriter.open(sweptColumns(meta), writer.parquetPath, { encoderThread: options.encoderThread });
    } catch (error) {
      writer.abort();
      throw error;
    }
    return writer;
  }

  /** Threads the writing keeps busy besides the caller's (1 while metrics.parquet is encoded on a thread of its own). */
  get threads(): number {
    return this.parquet?.threads ?? 0;
  }

  /** The index of the run whose part {@link RunOutputWriter.append} takes next. */
  get nextRun(): number {
    return this.headers.length;
  }

  /**
   * Appends the part file of run {@link RunOutputWriter.nextRun} to metrics.csv,
   * metrics.parquet and measures.csv. Resolves once the Parquet encoder is at most a batch behind.
   */
  async append(path: string): Promise<void> {
    const part = readPart(path);
    const index = this.nextRun;
    if (part.header.run !== index) throw new Error(`${path}: holds run ${part.header.run}, expected run ${index}`);
    const { measures = [], ...header } = part.header;
    this.headers.push(header);
    try {
      writeSync(this.csv!, part.csv, 0, part.csv.length);
    } catch (error) {
      throw withPath(error, join(this.out, 'metrics.csv'));
    }
    const rows = measureRows(this.meta, index, measures);
    try {
      if (rows !== '') writeSync(this.measures!, rows);
    } catch (error) {
      throw withPath(error, join(this.out, 'measures.csv'));
    }
    this.tally.add(index, measures);
    await this.parquet?.add(part);
  }

  /**
   * Completes metrics.csv, metrics.parquet and measures.csv, renames them into place, then
   * writes summary.json, scenario.yaml and manifest.json.
   *
   * @returns The warnings written to manifest.json (see {@link measureWarnings}).
   */
  async finish(record: RunRecord, commit: string | null): Promise<string[]> {
    const { out, meta } = this;
    if (this.headers.length !== meta.runs.length) throw new Error(`${this.headers.length} of ${meta.runs.length} runs appended`);
    await this.parquet?.close();
    closeSync(this.csv!);
    this.csv = undefined;
    closeSync(this.measures!);
    this.measures = undefined;
    if (this.parquet !== undefined) renameSync(this.parquetPath, join(out, 'metrics.parquet'));
    this.parquet = undefined;
    renameSync(this.csvPath, join(out, 'metrics.csv'));
    renameSync(this.measuresPath, join(out, 'measures.csv'));
    const measures = this.tally.result();
    const warnings = measureWarnings(meta, measures);
    writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(buildSummary(meta, this.headers, measures), null, 2)}\n`);
    writeFileAtomic(join(out, 'scenario.yaml'), meta.resolved);
    writeFileAtomic(join(out, 'manifest.json'), `${JSON.stringify(buildManifest(meta, record, commit, warnings), null, 2)}\n`);
    return warnings;
  }

  /** Closes and removes the temporary files (after a failure; a no-op once finished). */
  abort(): void {
    if (this.csv !== undefined) closeSync(this.csv);
    this.csv = undefined;
    if (this.measures !== undefined) closeSync(this.measures);
    this.measures = undefined;
    this.parquet?.abort();
    this.parquet = undefined;
    rmSync(this.csvPath, { force: true });
    rmSync(this.parquetPath, { force: true });
    rmSync(this.measuresPath, { force: true });
  }
}
