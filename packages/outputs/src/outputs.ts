import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { temporaryPath, withPath, writeFileAtomic } from './atomic.js';
import { MetricsParquetWriter, type EncoderThread, type SweptColumn } from './parquetWriter.js';
import { MEASURE_COLUMNS, measureRows, measureWarnings } from './measures.js';
import { readPart } from './partFile.js';
import type { PlanMeta } from '@chokepoint/scenario';
import {
  buildSummary,
  MeasureTally,
  metricsCsvHeader,
  partName,
  summaryJson,
  type PartHeader,
  type RunRecord,
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
      writeSync(writer.csv, metricsCsvHeader(meta.columns));
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
    writeFileAtomic(join(out, 'summary.json'), summaryJson(buildSummary(meta, this.headers, measures)));
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
