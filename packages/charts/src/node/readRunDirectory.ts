import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { csvParseRows } from 'd3';
import { chartRowFilter } from '../defaultCharts.js';
import { metricsRowParser, type TidyRowFilter } from '../parseMetricsCsv.js';
import type { RunData } from '../runData.js';
import { extractScenarioInfo } from '../scenarioInfo.js';
import type { RunManifest, RunSummary, SensitivityData, TidyRow } from '../types.js';

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
  /** Keep firm rows, which can be most of a large run. Default false. */
  includeFirms?: boolean;
  /** Keep only rows this returns true for (applied after the firm filter). */
  filter?: TidyRowFilter;
  /** Keep only the rows the default charts and the report use (see `chartRowFilter`). Default false. */
  chartRowsOnly?: boolean;
}

/**
 * Reads a run directory (docs/outputs.md): metrics.csv streamed line by line, and
 * summary.json, manifest.json, scenario.yaml and sensitivity.json when present. Throws when metrics.csv is missing.
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
  if (!existsSync(csvPath)) throw new Error(`${runDir}: no metrics.csv; is this a run directory?`);
  const summary = await readJson<RunSummary>(join(runDir, 'summary.json'));
  const chartRows = options.chartRowsOnly ? chartRowFilter(summary) : undefined;
  const rows: TidyRow[] = [];
  let parser: ReturnType<typeof metricsRowParser> | undefined;
  const lines = createInterface({ input: createReadStream(csvPath, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    const fields = csvParseRows(line)[0] ?? [];
    if (!parser) {
      parser = metricsRowParser(fields);
      continue;
    }
    const row = parser.parse(fields);
    if (!options.includeFirms && row.entityKind === 'firm') continue;
    if (chartRows && !chartRows(row)) continue;
    if (options.filter && !options.filter(row)) continue;
    rows.push(row);
  }
  const manifest = await readJson<RunManifest>(join(runDir, 'manifest.json'));
  const scenarioPath = join(runDir, 'scenario.yaml');
  const scenarioText = existsSync(scenarioPath) ? await readFile(scenarioPath, 'utf8') : manifest?.scenario?.text;
  const data: RunData = { rows, parameterNames: parser?.parameterNames ?? [] };
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
