import type { RunSummary } from '@chokepoint/format';
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { csvParseRows } from 'd3';
import { chartMetricTest, namedMetricTest } from '../defaultCharts.js';
import { metricsRowParser, type ParsedMetrics, type TidyRowFilter } from '../parseMetricsCsv.js';
import { readMetricsParquet } from './readMetricsParquet.js';
import type { RunData } from '../runData.js';
import { extractScenarioInfo } from '../scenarioInfo.js';
import type { RunManifest, SensitivityData, TidyRow } from '../types.js';

/**
 * Options of {@link readRunDirectory}.
 *
 * @example
 * ```ts
 * const options: ReadRunOptions = { includeFirms: true, filter: (row) => row.step === 8 };
 * const { rows } = await readRunDirectory('runs/qs', options);
 * console.log(rows.some((r) => r.entityKind === 'firm'), rows.every((r) => r.step === 8)); // true true
 * const { rows: chartRows } = await readRunDirectory('runs/qs', { chartRowsOnly: true });
 * console.log(chartRows.length < (await readRunDirectory('runs/qs')).rows.length); // true
 * ```
 */
export interface ReadRunOptions {
  /**
   * Keep every firm row, which can be most of a large run. Default false: only the firm rows of
   * the key metrics of summary.json and of `metrics`.
   */
  includeFirms?: boolean;
  /** Metrics (`kind/entity/variable`) to keep besides, firm metrics included, e.g. those a user asks to chart. */
  metrics?: readonly string[];
  /** Keep only rows this returns true for (applied after the firm filter). */
  filter?: TidyRowFilter;
  /** Keep only the rows the default charts and the report use (see `chartRowFilter`). Default false. */
  chartRowsOnly?: boolean;
}

/**
 * Reads a run directory (docs/outputs.md): its metrics, and summary.json, manifest.json,
 * scenario.yaml and sensitivity.json when present. The metrics come from metrics.parquet when
 * the run wrote one, a row group at a time (the same rows and values as metrics.csv, read about
 * 20 times faster), else from metrics.csv streamed line by line. Throws when the run has
 * neither.
 *
 * @example
 * ```ts
 * const run = await readRunDirectory('runs/qs');
 * console.log(run.rows.length > 0, run.summary!.scenario, run.manifest!.tool, run.scenario!.title); // true quickstart chokepoint Quickstart: unilateral vs aligned controls on chipmaking equipment
 * try {
 *   await readRunDirectory('runs/none');
 * } catch (e) {
 *   console.log((e as Error).message); // runs/none: no metrics.csv; is this a run directory?
 * }
 * ```
 */
export async function readRunDirectory(runDir: string, options: ReadRunOptions = {}): Promise<RunData> {
  const csvPath = join(runDir, 'metrics.csv');
  const parquetPath = join(runDir, 'metrics.parquet');
  const fromParquet = existsSync(parquetPath);
  if (!fromParquet && !existsSync(csvPath)) throw new Error(`${runDir}: no metrics.csv; is this a run directory?`);
  const summary = await readJson<RunSummary>(join(runDir, 'summary.json'));
  const extra = options.metrics ?? [];
  const chartMetric = options.chartRowsOnly ? chartMetricTest(summary, extra) : undefined;
  const namedMetric = namedMetricTest(summary, extra);
  // Which rows to keep by entity kind, entity and variable (the Parquet reader skips the others
  // before building them), then by the caller's own filter. Firm rows are kept when asked for
  // or named: a key metric on a firm gets its chart.
  const metric = (kind: string, entity: string, variable: string): boolean =>
    (options.includeFirms === true || kind !== 'firm' || namedMetric(kind, entity, variable)) &&
    (chartMetric === undefined || chartMetric(kind, entity, variable));
  const keep = (row: TidyRow): boolean =>
    metric(row.entityKind, row.entity, row.variable) && (options.filter === undefined || options.filter(row));
  const { rows, parameterNames } = fromParquet
    ? await readMetricsParquet(parquetPath, keep, { metric })
    : await readMetricsCsv(csvPath, keep);
  const manifest = await readJson<RunManifest>(join(runDir, 'manifest.json'));
  const scenarioPath = join(runDir, 'scenario.yaml');
  const scenarioText = existsSync(scenarioPath) ? await readFile(scenarioPath, 'utf8') : manifest?.scenario?.text;
  const data: RunData = { rows, parameterNames };
  if (summary) data.summary = summary;
  if (manifest) data.manifest = manifest;
  if (scenarioText !== undefined) {
    data.scenarioText = scenarioText;
    data.scenario = extractScenarioInfo(scenarioText);
  }
  const sensitivity = await readJson<SensitivityData>(join(runDir, 'sensitivity.json'));
  if (sensitivity) data.sensitivity = sensitivity;
  return data;
}

async function readJson<T>(path: string): Promise<T | undefined> {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message})`);
  }
}

/** Streams metrics.csv line by line into the rows `keep` accepts. */
async function readMetricsCsv(path: string, keep: (row: TidyRow) => boolean): Promise<ParsedMetrics> {
  const rows: TidyRow[] = [];
  let parser: ReturnType<typeof metricsRowParser> | undefined;
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    const fields = csvParseRows(line)[0] ?? [];
    if (!parser) {
      parser = metricsRowParser(fields);
      continue;
    }
    const row = parser.parse(fields);
    if (keep(row)) rows.push(row);
  }
  return { rows, parameterNames: parser?.parameterNames ?? [] };
}
