import {
  buildSummary,
  MeasureTally,
  metricsCsvHeader,
  summaryJson,
  type PartHeader,
  type RunSummary,
} from '@chokepoint/format';
import { chartRowFilter, extractScenarioInfo, parseMetricsCsv, type RunData, type TidyRow } from '@chokepoint/charts';
import type { PlanMeta } from '@chokepoint/scenario';
import { keyRows, type KeyRow, type RunPart } from './simulateRun.ts';

/*
 * The CLI's metrics.csv and summary.json from a plan's parts, by the functions the CLI's
 * output writer (packages/outputs) calls: the header line, then each run's rows in run order;
 * the summary of the part headers as the CLI reads them back (from their JSON), with the
 * measures tallied by arm × point. Byte-identical to `chokepoint run` for the same scenario
 * file. The CLI's other files are not made here: metrics.parquet and measures.csv (not yet),
 * manifest.json (the run's time, machine, commit and paths: nothing a page can match).
 */

/** What the page offers after a run. */
export interface PlanOutputs {
  /** metrics.csv: the header line, then every run's rows, as the pieces of a Blob. */
  metricsCsv: Uint8Array[];
  /** Bytes of metrics.csv. */
  metricsCsvBytes: number;
  /** summary.json's content. */
  summary: RunSummary;
  /** summary.json's text. */
  summaryJson: string;
  /** The key metrics' rows of every run, for the chart. */
  keyRows: KeyRow[];
}

/** Joins a plan's parts (in run order) into the CLI's metrics.csv and summary.json. */
export function planOutputs(meta: PlanMeta, parts: readonly RunPart[]): PlanOutputs {
  if (parts.length !== meta.runs.length) throw new Error(`${parts.length} of ${meta.runs.length} runs finished`);
  const headers: Array<Omit<PartHeader, 'measures'>> = [];
  const tally = new MeasureTally(meta);
  const rows: KeyRow[] = [];
  parts.forEach((part, index) => {
    const { measures = [], ...header } = JSON.parse(part.header) as PartHeader;
    headers.push(header);
    tally.add(index, measures);
    for (const row of keyRows(meta.runs[index]!, header)) rows.push(row);
  });
  const summary = buildSummary(meta, headers, tally.result());
  const head = new TextEncoder().encode(metricsCsvHeader(meta.columns));
  const metricsCsv = [head, ...parts.map((p) => p.csv)];
  return {
    metricsCsv,
    metricsCsvBytes: metricsCsv.reduce((sum, bytes) => sum + bytes.length, 0),
    summary,
    summaryJson: summaryJson(summary),
    keyRows: rows,
  };
}

/**
 * The run as the CLI's report reads its run directory (`readRunDirectory(dir, { chartRowsOnly:
 * true })` of @chokepoint/charts/node): the rows of metrics.csv the default charts and the report
 * use (world rows, the variables of the charts other than time series, the key metrics), the
 * swept columns, summary.json and the resolved scenario (scenario.yaml). No manifest.json: the
 * page has none, so its charts carry no provenance line.
 */
export function chartRunData(meta: PlanMeta, outputs: PlanOutputs): RunData {
  const decoder = new TextDecoder();
  const [head, ...parts] = outputs.metricsCsv;
  const header = decoder.decode(head);
  const keep = chartRowFilter(outputs.summary);
  const rows: TidyRow[] = [];
  let parameterNames = parseMetricsCsv(header).parameterNames;
  // A run's rows at a time, so no string holds the whole of metrics.csv.
  for (const part of parts) {
    const parsed = parseMetricsCsv(header + decoder.decode(part), keep);
    for (const row of parsed.rows) rows.push(row);
    parameterNames = parsed.parameterNames;
  }
  return {
    rows,
    parameterNames,
    summary: outputs.summary,
    scenarioText: meta.resolved,
    scenario: extractScenarioInfo(meta.resolved),
  };
}
