/**
 * The part file: one run's rows, as the runner writes them and the output writers read them.
 *
 * @module
 */
import type { AdoptedMeasure, ShortfallRecord } from './records.js';

/**
 * The fixed leading columns of metrics.csv (docs/outputs.md); swept parameters follow.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const header = readFileSync('runs/qs/metrics.csv', 'utf8').split('\n', 1)[0]!.split(',');
 * console.log(header.slice(0, METRIC_COLUMNS.length).join() === METRIC_COLUMNS.join(), METRIC_COLUMNS.at(-1)); // true value
 * ```
 */
export const METRIC_COLUMNS = [
  'run_id',
  'scenario',
  'arm',
  'point',
  'replicate',
  'seed',
  'step',
  'date',
  'entity_kind',
  'entity',
  'variable',
  'value',
] as const;

/**
 * Where the binary columns of a part file are, and the names their ids refer to. A part file
 * is a JSON line (the {@link PartHeader} with a `layout` field), then `csvBytes` bytes of
 * metrics.csv rows, then the same rows as columns: Int32 step, Uint8 kind code, Int32
 * entity id, Int32 variable id and Float64 value, each `rows` long, little-endian. The
 * writer of metrics.parquet reads the columns instead of parsing the CSV text back.
 *
 * @example
 * ```ts
 * const layout: PartLayout = { csvBytes: 0, runFields: ['control/0/0', 'qs', 'control', '0', '0', '1'], dates: ['', '2025-03-31'], entities: ['US'], variables: ['output'], columnValues: [] };
 * console.log(layout.runFields.length, layout.dates[1]); // 6 2025-03-31
 * ```
 */
export interface PartLayout {
  /** Bytes of CSV text after the header line. */
  csvBytes: number;
  /** The run's fields: run_id, scenario, arm, point, replicate, seed (as in the CSV, unquoted). */
  runFields: string[];
  /** The `date` of each step (index = step). */
  dates: string[];
  /** Entity names by entity id. */
  entities: readonly string[];
  /** Variable names by variable id. */
  variables: readonly string[];
  /** Values of the swept columns, as in the CSV (unquoted). */
  columnValues: string[];
}

/**
 * The first line of a part file.
 *
 * @example
 * ```ts
 * const header: PartHeader = { run: 3, run_id: 'us-only/0/1', rows: 2, finals: { 'state/CN/output': 0.91 } };
 * console.log(partName(header.run), header.finals['state/CN/output']); // run-000003.part 0.91
 * ```
 */
export interface PartHeader {
  /** Run index. */
  run: number;
  /** Run id. */
  run_id: string;
  /** Number of CSV rows that follow. */
  rows: number;
  /** Final-step values of the key metrics. */
  finals: Record<string, number>;
  /**
   * Each key metric's value at every step (index 0 = step 1), for the statistics over time of
   * summary.json (peak, cumulative, discounted); absent in parts written before them.
   */
  series?: Record<string, number[]>;
  /** Every measure the run adopted (the rows of measures.csv); absent in parts written before measures.csv existed. */
  measures?: AdoptedMeasure[];
  /** Replicate 0 only: where the shortages of the key metrics' firms and states came from (summary.json's `shortfalls`). */
  shortfalls?: ShortfallRecord[];
}

/**
 * The file name of run `index`'s part.
 *
 * @example
 * ```ts
 * console.log(partName(12)); // run-000012.part
 * ```
 */
export function partName(index: number): string {
  return `run-${String(index).padStart(6, '0')}.part`;
}

/**
 * A part's rows as typed columns (see {@link PartLayout}).
 *
 * @example
 * ```ts
 * const columns: PartColumns = { steps: Int32Array.of(1, 2), kindCodes: Uint8Array.of(1, 1), entityIds: Int32Array.of(0, 0), variableIds: Int32Array.of(0, 0), values: Float64Array.of(1.2, 1.1) };
 * console.log(columns.values.length); // 2
 * ```
 */
export interface PartColumns {
  /** Step of each row. */
  steps: Int32Array;
  /** Entity kind of each row, as its index in the core's ENTITY_KINDS. */
  kindCodes: Uint8Array;
  /** Entity of each row, as its index in {@link PartLayout.entities}. */
  entityIds: Int32Array;
  /** Variable of each row, as its index in {@link PartLayout.variables}. */
  variableIds: Int32Array;
  /** Value of each row. */
  values: Float64Array;
}
