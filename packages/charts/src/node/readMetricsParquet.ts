import { readFile } from 'node:fs/promises';
import type { Data } from 'apache-arrow';
import { metricsCsvColumns, parseParameter, type ParsedMetrics } from '../parseMetricsCsv.js';
import type { EntityKind, ParameterValue, TidyRow } from '../types.js';

/** Rows per Arrow record batch read from the file (a row group holds about a million). */
const BATCH_ROWS = 1 << 16;

/** Reads row `i` of one column chunk: its text, or its number. */
type ColumnChunk = (i: number) => string | number;

/**
 * A reader for one column chunk. Dictionary-coded text (how the run writes every text
 * column), plain text, Int32 and Float64 are read from their buffers directly; any other type
 * through Arrow's generic `get`.
 */
function columnChunk(data: Data, get: (i: number) => unknown): ColumnChunk {
  const offset = data.offset;
  const dictionary = data.dictionary;
  if (dictionary !== undefined && data.nullCount === 0) {
    const words: string[] = [];
    for (let k = 0; k < dictionary.length; k++) words.push(String(dictionary.get(k) ?? ''));
    const codes = data.values as Int32Array;
    return (i) => words[codes[offset + i]!]!;
  }
  const values = data.values as unknown;
  if (data.nullCount === 0 && (values instanceof Int32Array || values instanceof Float64Array))
    return (i) => values[offset + i]!;
  return (i) => {
    const value = get(i);
    return typeof value === 'number' ? value : value === null || value === undefined ? '' : String(value);
  };
}

/**
 * Reads metrics.parquet into the rows that {@link parseMetricsCsv} would give for the
 * metrics.csv of the same run: the same rows in the same order, with the same values, and one
 * parameter object per run. It reads one row group at a time, so memory holds the kept rows and
 * one row group, not the whole table. `keep` sees each row once; rows it rejects are dropped.
 * A row whose entity kind, entity and variable `options.metric` rejects is dropped before its
 * object is built (firm rows, say, which are most of a run's rows).
 *
 * Swept parameters come out as {@link parseParameter} reads them from the CSV: numbers when
 * they read as finite numbers, else the text.
 *
 * @throws Error when a fixed column is missing.
 */
export async function readMetricsParquet(
  path: string,
  keep?: (row: TidyRow) => boolean,
  options: { metric?: (kind: string, entity: string, variable: string) => boolean } = {},
): Promise<ParsedMetrics> {
  // Loaded here: reading a run without metrics.parquet never loads Arrow or the wasm module.
  const parquet = await import('parquet-wasm');
  const { tableFromIPC } = await import('apache-arrow');
  const bytes = new Uint8Array(await readFile(path));
  const file = await parquet.ParquetFile.fromFile(new Blob([bytes]));
  const groups = file.metadata().numRowGroups();
  file.free();
  const metric = options.metric;
  const rows: TidyRow[] = [];
  let parameterNames: string[] = [];
  const parametersByRun = new Map<string, Record<string, ParameterValue>>();
  for (let group = 0; group < groups; group++) {
    const table = tableFromIPC(
      parquet.readParquet(bytes, { rowGroups: [group], batchSize: BATCH_ROWS }).intoIPCStream(),
    );
    const names = table.schema.fields.map((field) => field.name);
    for (const name of metricsCsvColumns)
      if (!names.includes(name)) throw new Error(`${path}: missing column "${name}" (found: ${names.join(', ')})`);
    const fixed = new Set<string>(metricsCsvColumns);
    parameterNames = names.filter((name) => !fixed.has(name));
    const fixedVectors = metricsCsvColumns.map((name) => table.getChild(name)!);
    const parameterVectors = parameterNames.map((name) => table.getChild(name)!);
    let base = 0; // the table row at which the chunk starts
    for (let chunk = 0; chunk < table.batches.length; chunk++) {
      const start = base;
      const at = (vector: (typeof fixedVectors)[number]): ColumnChunk =>
        columnChunk(vector.data[chunk]!, (i) => vector.get(start + i));
      const [
        runIdOf,
        scenarioOf,
        armOf,
        pointOf,
        replicateOf,
        seedOf,
        stepOf,
        dateOf,
        kindOf,
        entityOf,
        variableOf,
        valueOf,
      ] = fixedVectors.map(at) as [
        ColumnChunk,
        ColumnChunk,
        ColumnChunk,
        ColumnChunk,
        ColumnChunk,
        ColumnChunk,
        ColumnChunk,
        ColumnChunk,
        ColumnChunk,
        ColumnChunk,
        ColumnChunk,
        ColumnChunk,
      ];
      const parameterOf = parameterVectors.map(at);
      const length = table.batches[chunk]!.numRows;
      for (let i = 0; i < length; i++) {
        const kind = String(kindOf(i));
        const entity = String(entityOf(i));
        const variable = String(variableOf(i));
        if (metric !== undefined && !metric(kind, entity, variable)) continue;
        const runId = String(runIdOf(i));
        let parameters = parametersByRun.get(runId);
        if (parameters === undefined) {
          parameters = {};
          for (let p = 0; p < parameterNames.length; p++) {
            const value = parameterOf[p]!(i);
            parameters[parameterNames[p]!] = typeof value === 'number' ? value : parseParameter(value);
          }
          parametersByRun.set(runId, parameters);
        }
        const row: TidyRow = {
          runId,
          scenario: String(scenarioOf(i)),
          arm: String(armOf(i)),
          point: Number(pointOf(i)),
          replicate: Number(replicateOf(i)),
          seed: String(seedOf(i)),
          step: Number(stepOf(i)),
          date: String(dateOf(i)),
          entityKind: kind as EntityKind,
          entity,
          variable,
          value: Number(valueOf(i)),
          parameters,
        };
        if (keep === undefined || keep(row)) rows.push(row);
      }
      base += length;
    }
  }
  return { rows, parameterNames };
}
