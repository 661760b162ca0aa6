import type { Mechanism } from '@chokepoint/core';
import { ablationArmName } from '@chokepoint/scenario';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { temporaryPath, withPath, writeFileAtomic } from './atomic.js';
import { MetricsParquetWriter, type EncoderThread, type SweptColumn } from './parquetWriter.js';
import { MEASURE_COLUMNS, MeasureTally, measureRows, measureWarnings } from './measures.js';
import { readPart } from './partFile.js';
import type { Calendar, PlanMeta, PlannedRun } from '@chokepoint/scenario';
import {
  compareMeans,
  compareOverTime,
  daysPerStep,
  DEFAULT_DISCOUNT_RATE,
  METRIC_COLUMNS,
  partName,
  replicateAdvice,
  stepEndDate,
  summarizeMean,
  summarizeOverTime,
  type AblationPlan,
  type ArmMeasures,
  type ArmShortfall,
  type DifferenceSummary,
  type MeanSummary,
  type PartHeader,
  type PeakDifference,
  type ReplicateAdvice,
  type RunRecord,
  type RunSummary,
  type SharedArm,
  type ShortfallRecord,
  type SummaryAttribution,
  type SummaryEffect,
  type SummaryMetric,
  type TimeStatistic,
} from '@chokepoint/format';

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
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

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
export type SummaryLayout = Pick<
  PlanMeta,
  'name' | 'title' | 'description' | 'sources' | 'control' | 'arms' | 'points' | 'keyMetrics'
> &
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
export function buildSummary(
  meta: SummaryLayout,
  headers: ReadonlyArray<Pick<PartHeader, 'finals'> & Partial<Pick<PartHeader, 'shortfalls' | 'series'>>>,
  measures?: readonly ArmMeasures[],
): RunSummary {
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
  const calendarOf = (arm: string, point: number): Calendar =>
    meta.configs?.[meta.arms.indexOf(arm) * meta.points.length + point]?.calendar ?? { step: 'quarter' };
  const pathsOf = (arm: string, point: number, metric: string): number[][] =>
    paths.get(`${arm}|${runsAt(arm, point)}|${metric}`) ?? [];
  // The point whose runs an arm × point has: its own, or those of the point it shares (an arm that ignores the swept parameters).
  const runsAt = (arm: string, point: number): number =>
    meta.configs?.[meta.arms.indexOf(arm) * meta.points.length + point]?.sharedWith ?? point;
  const valuesOf = (arm: string, point: number, metric: string): number[] | undefined =>
    finals.get(`${arm}|${runsAt(arm, point)}|${metric}`);
  const metrics: SummaryMetric[] = [];
  const effects: SummaryEffect[] = [];
  for (const arm of meta.arms) {
    for (let point = 0; point < meta.points.length; point++) {
      for (const metric of meta.keyMetrics) {
        const values = valuesOf(arm, point, metric);
        if (values === undefined || values.length === 0) continue;
        const at = runsAt(arm, point);
        const overTime = summarizeOverTime(
          pathsOf(arm, point, metric),
          statistics,
          rate,
          daysPerStep(calendarOf(arm, point).step),
        );
        metrics.push({
          arm,
          point,
          metric,
          ...summarizeMean(values),
          replicateAdvice: replicateAdvice(values),
          ...(at !== point ? { sharedWith: at } : {}),
          ...overTime,
        });
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
          const dateOf = (step: number): string =>
            calendar.start === undefined ? '' : stepEndDate(calendar.start, calendar.step, step);
          const overTime = compareOverTime(
            pathsOf(arm, point, metric),
            pathsOf(meta.control, point, metric),
            statistics,
            rate,
            daysPerStep(calendar.step),
            dateOf,
          );
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

/** summary.json's `shortfalls`: each run's records (replicate 0 has them), with its arm and point; {} when none. */
function shortfallsOf(
  meta: SummaryLayout,
  headers: ReadonlyArray<Partial<Pick<PartHeader, 'shortfalls'>>>,
): { shortfalls?: ArmShortfall[] } {
  const shortfalls: ArmShortfall[] = [];
  meta.runs.forEach((run, i) => {
    for (const record of headers[i]?.shortfalls ?? []) shortfalls.push({ arm: run.arm, point: run.point, ...record });
  });
  return shortfalls.length > 0 ? { shortfalls } : {};
}

/** The git commit of the folder holding `file`, or null. */
export function gitCommit(file: string): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: dirname(file),
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    })
      .toString()
      .trim();
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
export function buildManifest(
  meta: PlanMeta,
  record: RunRecord,
  commit: string | null,
  warnings: readonly string[] = [],
): Record<string, unknown> {
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
    runs: meta.runs.map((run) => ({
      run_id: run.runId,
      seed: run.seed,
      parameters: meta.configs[run.config]!.parameters,
    })),
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
export async function writeOutputs(
  out: string,
  meta: PlanMeta,
  partDirs: readonly string[],
  record: RunRecord,
  commit: string | null,
): Promise<string[]> {
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
  static async open(
    out: string,
    meta: PlanMeta,
    options: { encoderThread?: EncoderThread } = {},
  ): Promise<RunOutputWriter> {
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
      if (meta.parquet)
        writer.parquet = await MetricsParquetWriter.open(sweptColumns(meta), writer.parquetPath, {
          encoderThread: options.encoderThread,
        });
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
    if (this.headers.length !== meta.runs.length)
      throw new Error(`${this.headers.length} of ${meta.runs.length} runs appended`);
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
    writeFileAtomic(
      join(out, 'summary.json'),
      `${JSON.stringify(buildSummary(meta, this.headers, measures), null, 2)}\n`,
    );
    writeFileAtomic(join(out, 'scenario.yaml'), meta.resolved);
    writeFileAtomic(
      join(out, 'manifest.json'),
      `${JSON.stringify(buildManifest(meta, record, commit, warnings), null, 2)}\n`,
    );
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
