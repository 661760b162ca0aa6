import { csvParseRows } from 'd3';
import { METRIC_COLUMNS } from '@chokepoint/format';
import type { ParameterValue, TidyRow } from './types.js';

/**
 * The fixed leading columns of metrics.csv, in order (docs/outputs.md): `METRIC_COLUMNS` of
 * `@chokepoint/format`, the run-directory contract the writer uses too.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const header = readFileSync('runs/qs/metrics.csv', 'utf8').split('\n', 1)[0]!.split(',');
 * console.log(metricsCsvColumns.every((name, i) => header[i] === name), metricsCsvColumns.length); // true 12
 * ```
 */
export const metricsCsvColumns = METRIC_COLUMNS;

/**
 * Which rows to keep while parsing; returning false drops the row early, saving memory.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const lastStepOnly: TidyRowFilter = (row) => row.step === 8 && row.entityKind !== 'firm';
 * const { rows } = parseMetricsCsv(readFileSync('runs/qs/metrics.csv', 'utf8'), lastStepOnly);
 * console.log(rows.every((r) => r.step === 8), rows.length < parsed.rows.length); // true true
 * ```
 */
export type TidyRowFilter = (row: TidyRow) => boolean;

/**
 * The parsed table of a metrics.csv file.
 *
 * @example
 * ```ts
 * const table: ParsedMetrics = parseMetricsCsv('run_id,scenario,arm,point,replicate,seed,step,date,entity_kind,entity,variable,value,params.rate\nbase/1/0,s,base,1,0,7,1,,world,world,output,2.5,0.25\n');
 * console.log(table.parameterNames, table.rows[0]!.value, table.rows[0]!.parameters); // ['params.rate'] 2.5 { 'params.rate': 0.25 }
 * ```
 */
export interface ParsedMetrics {
  /** Rows in file order. */
  rows: TidyRow[];
  /** Names of the swept-parameter columns after the fixed ones, e.g. `params.substitutionRate`. */
  parameterNames: string[];
}

/**
 * Makes a parser for the data lines of metrics.csv, given its header fields. Swept
 * parameters that look numeric become numbers; one parameter object is shared by
 * every row of a run. Throws when a fixed column is missing.
 *
 * @example
 * ```ts
 * const header = ['run_id', 'scenario', 'arm', 'point', 'replicate', 'seed', 'step', 'date', 'entity_kind', 'entity', 'variable', 'value', 'licence'];
 * const { parameterNames, parse } = metricsRowParser(header);
 * const row = parse(['control/0/0', 'q', 'control', '0', '0', '1', '1', '', 'world', 'world', 'output', '2', '0.1']);
 * console.log(parameterNames, row.arm, row.step, row.value, row.parameters); // ['licence'] control 1 2 { licence: 0.1 }
 * ```
 */
export function metricsRowParser(header: readonly string[]): {
  parameterNames: string[];
  parse: (fields: readonly string[]) => TidyRow;
} {
  const index = new Map(header.map((name, i) => [name.trim(), i] as const));
  const at = metricsCsvColumns.map((name) => {
    const i = index.get(name);
    if (i === undefined) throw new Error(`metrics.csv: missing column "${name}" (found: ${header.join(', ')})`);
    return i;
  });
  const fixed = new Set<string>(metricsCsvColumns);
  const parameterColumns = header.map((name, i) => [name.trim(), i] as const).filter(([name]) => !fixed.has(name));
  const parameterNames = parameterColumns.map(([name]) => name);
  const parametersByRun = new Map<string, Record<string, ParameterValue>>();
  const [iRun, iScenario, iArm, iPoint, iReplicate, iSeed, iStep, iDate, iKind, iEntity, iVariable, iValue] = at as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const parse = (fields: readonly string[]): TidyRow => {
    const runId = fields[iRun] ?? '';
    let parameters = parametersByRun.get(runId);
    if (!parameters) {
      parameters = {};
      for (const [name, i] of parameterColumns) parameters[name] = parseParameter(fields[i] ?? '');
      parametersByRun.set(runId, parameters);
    }
    return {
      runId,
      scenario: fields[iScenario] ?? '',
      arm: fields[iArm] ?? '',
      point: Number(fields[iPoint]),
      replicate: Number(fields[iReplicate]),
      seed: fields[iSeed] ?? '',
      step: Number(fields[iStep]),
      date: fields[iDate] ?? '',
      entityKind: fields[iKind] ?? '',
      entity: fields[iEntity] ?? '',
      variable: fields[iVariable] ?? '',
      value: parseNumber(fields[iValue] ?? ''),
      parameters,
    };
  };
  return { parameterNames, parse };
}

function parseNumber(text: string): number {
  if (text === '' || text === 'NA' || text === 'NaN') return Number.NaN;
  return Number(text);
}

/** A swept parameter's value as written in metrics.csv: a number when it reads as a finite one, else the text. */
export function parseParameter(text: string): ParameterValue {
  const trimmed = text.trim();
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  return text;
}

/**
 * Parses the text of a metrics.csv file (docs/outputs.md) into tidy rows.
 *
 * @param text The whole file.
 * @param filter Keeps only the rows it returns true for, e.g. to skip firm rows.
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const text = readFileSync('runs/qs/metrics.csv', 'utf8');
 * const { rows, parameterNames } = parseMetricsCsv(text, (row) => row.entityKind !== 'firm');
 * // The quickstart sweeps nothing, so no parameter columns follow the fixed ones:
 * console.log(rows.some((r) => r.entityKind === 'firm'), parameterNames); // false []
 * ```
 */
export function parseMetricsCsv(text: string, filter?: TidyRowFilter): ParsedMetrics {
  let parser: ReturnType<typeof metricsRowParser> | undefined;
  const rows: TidyRow[] = [];
  csvParseRows(text, (fields) => {
    if (!parser) {
      parser = metricsRowParser(fields);
      return null;
    }
    if (fields.length === 1 && fields[0] === '') return null;
    const row = parser.parse(fields);
    if (!filter || filter(row)) rows.push(row);
    return null;
  });
  return { rows, parameterNames: parser?.parameterNames ?? [] };
}
