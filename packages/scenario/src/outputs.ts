import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { dirname, join } from 'node:path';
import type { Vector } from 'apache-arrow';
import { csvParseRows } from 'd3-dsv';
import { writeChunksAtomic, writeFileAtomic } from './atomic.js';
import { METRIC_COLUMNS, partName, type PartHeader } from './execute.js';
import type { PlanMeta } from './plan.js';
import { replicateAdvice, type ReplicateAdvice } from './replicateAdvice.js';
import { compareMeans, summarizeMean } from './stats.js';

/** The version of @chokepoint/scenario, from its package.json. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** One arm × point × key metric of summary.json. */
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
  /** Standard deviation; null when n < 2. */
  sd: number | null;
  /** 95% CI of the mean (Student's t); null when n < 2. */
  ci95: [number, number] | null;
  /** How many replicates the metric needs, by the coefficient-of-variation method (absent in runs written before it existed). */
  replicateAdvice?: ReplicateAdvice;
}

/** One treatment arm × point × key metric effect of summary.json. */
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
  /** 95% CI of the difference (Welch's t); null when a group has fewer than 2 replicates. */
  ci95: [number, number] | null;
  /** difference / control mean, or null when the control mean is 0. */
  relative: number | null;
}

/** The content of summary.json (docs/outputs.md). */
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
  /** Per arm × point × metric. */
  metrics: SummaryMetric[];
  /** Per treatment arm × point × metric. */
  effects: SummaryEffect[];
}

/**
 * Builds summary.json from the part headers (final values of the key metrics).
 */
export function buildSummary(meta: PlanMeta, headers: readonly PartHeader[]): RunSummary {
  const finals = new Map<string, number[]>(); // arm|point|metric -> values by replicate order
  meta.runs.forEach((run, i) => {
    const header = headers[i]!;
    for (const metric of meta.keyMetrics) {
      const value = header.finals[metric];
      if (value === undefined) continue;
      const key = `${run.arm}|${run.point}|${metric}`;
      let list = finals.get(key);
      if (list === undefined) finals.set(key, (list = []));
      list.push(value);
    }
  });
  const metrics: SummaryMetric[] = [];
  const effects: SummaryEffect[] = [];
  for (const arm of meta.arms) {
    for (let point = 0; point < meta.points.length; point++) {
      for (const metric of meta.keyMetrics) {
        const values = finals.get(`${arm}|${point}|${metric}`);
        if (values === undefined || values.length === 0) continue;
        metrics.push({ arm, point, metric, ...summarizeMean(values), replicateAdvice: replicateAdvice(values) });
      }
    }
  }
  if (meta.control !== null) {
    for (const arm of meta.arms) {
      if (arm === meta.control) continue;
      for (let point = 0; point < meta.points.length; point++) {
        for (const metric of meta.keyMetrics) {
          const treatment = finals.get(`${arm}|${point}|${metric}`);
          const control = finals.get(`${meta.control}|${point}|${metric}`);
          if (!treatment?.length || !control?.length) continue;
          effects.push({ arm, control: meta.control, point, metric, ...compareMeans(treatment, control) });
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
    metrics,
    effects,
  };
}

/** Timing and environment of a run, for manifest.json. */
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

/** Builds manifest.json. */
export function buildManifest(meta: PlanMeta, record: RunRecord, commit: string | null): Record<string, unknown> {
  return {
    tool: 'chokepoint',
    version: VERSION,
    commit,
    scenario: meta.scenario,
    files: meta.files,
    ...(meta.plugins !== undefined ? { plugins: meta.plugins } : {}),
    seed: meta.seed,
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

function readPart(path: string): { header: PartHeader; body: string } {
  const text = readFileSync(path, 'utf8');
  const newline = text.indexOf('\n');
  return { header: JSON.parse(text.slice(0, newline)) as PartHeader, body: text.slice(newline + 1) };
}

/**
 * Writes the run directory from the plan and the part files (docs/outputs.md):
 * metrics.csv, metrics.parquet, summary.json, manifest.json and scenario.yaml, each
 * atomically. The data files depend only on the plan and the parts, so they are
 * byte-identical for any worker count, sharding or resumption.
 *
 * @param partDirs - Folders holding the part files (`parts/` of the run, or of each shard).
 */
export async function writeOutputs(out: string, meta: PlanMeta, partDirs: readonly string[], record: RunRecord, commit: string | null): Promise<void> {
  const paths = meta.runs.map((run, i) => {
    const path = findPart(partDirs, i);
    if (path === undefined) throw new Error(`part of run ${run.runId} is missing`);
    return path;
  });
  const header = [...METRIC_COLUMNS, ...meta.columns].join(',') + '\n';
  const headers: PartHeader[] = [];
  const columns = meta.parquet ? new MetricColumns(meta.columns) : undefined;
  // One pass over the parts: each is appended to metrics.csv and added to the Parquet columns.
  writeChunksAtomic(
    join(out, 'metrics.csv'),
    (function* () {
      yield header;
      for (const path of paths) {
        const part = readPart(path);
        headers.push(part.header);
        columns?.add(part.body);
        yield part.body;
      }
    })(),
  );
  if (columns !== undefined) writeFileAtomic(join(out, 'metrics.parquet'), await columns.toParquet());
  writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(buildSummary(meta, headers), null, 2)}\n`);
  writeFileAtomic(join(out, 'scenario.yaml'), meta.resolved);
  writeFileAtomic(join(out, 'manifest.json'), `${JSON.stringify(buildManifest(meta, record, commit), null, 2)}\n`);
}

/** Collects metrics.csv rows as columns (text columns dictionary-encoded as they come) for Parquet. */
class MetricColumns {
  private readonly textColumns = [0, 1, 2, 5, 7, 8, 9, 10];
  private readonly dictionaries: Array<Map<string, number>>;
  private readonly indices: number[][];
  private readonly point: number[] = [];
  private readonly replicate: number[] = [];
  private readonly step: number[] = [];
  private readonly value: number[] = [];
  private readonly swept: string[][];

  constructor(private readonly sweptNames: readonly string[]) {
    const width = METRIC_COLUMNS.length + sweptNames.length;
    this.dictionaries = Array.from({ length: width }, () => new Map<string, number>());
    this.indices = Array.from({ length: width }, () => []);
    this.swept = sweptNames.map(() => []);
  }

  private codeOf(column: number, text: string): number {
    const dictionary = this.dictionaries[column]!;
    let index = dictionary.get(text);
    if (index === undefined) dictionary.set(text, (index = dictionary.size));
    return index;
  }

  private code(column: number, text: string): void {
    this.indices[column]!.push(this.codeOf(column, text));
  }

  /** Adds the rows of one part body (CSV lines without a header). */
  add(body: string): void {
    if (body.length === 0) return;
    if (body.includes('"')) return this.addQuoted(body);
    // Every row of a part starts with the same run columns (run_id … seed), and rows of one
    // step share step and date, so those are coded once; the rest is sliced comma by comma.
    const first = body.slice(0, body.indexOf('\n'));
    const runFields = first.split(',').slice(0, 6);
    const prefixLength = runFields.reduce((sum, f) => sum + f.length + 1, 0);
    const runCodes = [0, 1, 2, 5].map((c) => this.codeOf(c, runFields[c]!));
    const point = Number(runFields[3]);
    const replicate = Number(runFields[4]);
    let lastStepText = '';
    let step = 0;
    let dateCode = 0;
    let lastKind = '';
    let kindCode = 0;
    let start = 0;
    while (start < body.length) {
      let end = body.indexOf('\n', start);
      if (end < 0) end = body.length;
      let at = start + prefixLength;
      const next = (): string => {
        let comma = body.indexOf(',', at);
        if (comma < 0 || comma > end) comma = end;
        const field = body.slice(at, comma);
        at = comma + 1;
        return field;
      };
      const stepText = next();
      const date = next();
      if (stepText !== lastStepText) {
        lastStepText = stepText;
        step = Number(stepText);
        dateCode = this.codeOf(7, date);
      }
      const kind = next();
      if (kind !== lastKind) {
        lastKind = kind;
        kindCode = this.codeOf(8, kind);
      }
      this.indices[0]!.push(runCodes[0]!);
      this.indices[1]!.push(runCodes[1]!);
      this.indices[2]!.push(runCodes[2]!);
      this.indices[5]!.push(runCodes[3]!);
      this.indices[7]!.push(dateCode);
      this.indices[8]!.push(kindCode);
      this.code(9, next());
      this.code(10, next());
      this.value.push(Number(next()));
      this.point.push(point);
      this.replicate.push(replicate);
      this.step.push(step);
      for (let c = 0; c < this.swept.length; c++) this.swept[c]!.push(next());
      start = end + 1;
    }
  }

  /** The general path, for parts with quoted fields. */
  private addQuoted(body: string): void {
    for (const row of csvParseRows(body)) {
      for (const c of this.textColumns) this.code(c, row[c]!);
      this.point.push(Number(row[3]));
      this.replicate.push(Number(row[4]));
      this.step.push(Number(row[6]));
      this.value.push(Number(row[11]));
      for (let c = 0; c < this.swept.length; c++) this.swept[c]!.push(row[12 + c]!);
    }
  }

  /** The table as Parquet (zstd). */
  async toParquet(): Promise<Uint8Array> {
    // Loaded here: runs that skip Parquet (and workers) never load Arrow or the wasm module.
    const { Dictionary, Int32, Table, Utf8, makeData, makeVector, tableToIPC, vectorFromArray } = await import('apache-arrow');
    const parquet = await import('parquet-wasm');
    const dictionaryVector = (column: number): Vector => {
      const dictionary = vectorFromArray([...this.dictionaries[column]!.keys()], new Utf8());
      const data = Int32Array.from(this.indices[column]!);
      return makeVector(makeData({ type: new Dictionary(new Utf8(), new Int32(), column), length: data.length, nullCount: 0, data, dictionary }));
    };
    const columns: Record<string, Vector> = {
      run_id: dictionaryVector(0),
      scenario: dictionaryVector(1),
      arm: dictionaryVector(2),
      point: makeVector(Int32Array.from(this.point)),
      replicate: makeVector(Int32Array.from(this.replicate)),
      seed: dictionaryVector(5),
      step: makeVector(Int32Array.from(this.step)),
      date: dictionaryVector(7),
      entity_kind: dictionaryVector(8),
      entity: dictionaryVector(9),
      variable: dictionaryVector(10),
      value: makeVector(Float64Array.from(this.value)),
    };
    this.sweptNames.forEach((name, c) => {
      const values = this.swept[c]!;
      const numeric = values.every((v) => v !== '' && Number.isFinite(Number(v)));
      if (numeric) columns[name] = makeVector(Float64Array.from(values, Number));
      else {
        for (const v of values) this.code(METRIC_COLUMNS.length + c, v);
        columns[name] = dictionaryVector(METRIC_COLUMNS.length + c);
      }
    });
    const table = new Table(columns);
    const wasmTable = parquet.Table.fromIPCStream(tableToIPC(table, 'stream'));
    const properties = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.ZSTD).setCreatedBy('chokepoint').build();
    return parquet.writeParquet(wasmTable, properties);
  }
}
