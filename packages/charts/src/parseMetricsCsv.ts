import { csvParseRows } from 'd3';
import type { ParameterValue, TidyRow } from './types.js';

/** The fixed leading columns of metrics.csv, in order (docs/outputs.md). */
export const metricsCsvColumns = [
  'run_id', 'scenario', 'arm', 'point', 'replicate', 'seed', 'step', 'date', 'entity_kind', 'entity', 'variable', 'value',
] as const;

/** Which rows to keep while parsing; returning false drops the row early, saving memory. */
export type TidyRowFilter = (row: TidyRow) => boolean;

/** The parsed table of a metrics.csv file. */
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
 * const parse = metricsRowParser(header);
 * const row = parse(['control/0/0', 'q', 'control', '0', '0', '1', '1', '', 'world', 'world', 'output', '2']);
 * ```
 */
export function metricsRowParser(header: readonly string[]): { parameterNames: string[]; parse: (fields: readonly string[]) => TidyRow } {
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
    number, number, number, number, number, number, number, number, number, number, number, number,
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

function parseParameter(text: string): ParameterValue {
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
 * const { rows, parameterNames } = parseMetricsCsv(text, (row) => row.entityKind !== 'firm');
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
