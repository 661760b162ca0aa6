/**
 * How big a plan is before it runs: rows written, bytes of metrics.csv, and memory a run
 * needs. `buildPlan` checks every size against {@link Limits} before anything that size is
 * allocated, and `chokepoint validate` reports the budget.
 */
import { ENTITY_KINDS, type MetricsTable, type RecordOptions } from '@chokepoint/core';

/**
 * Size limits of a plan: larger worlds, longer horizons, more runs, more rows or more memory
 * are refused before anything is built, with a located error naming the field and the flag
 * that raises the limit.
 *
 * @example
 * ```ts
 * const limits: Partial<Limits> = { maxFirms: 5 };
 * try {
 *   buildPlan(loadScenario('scenarios/quickstart.yaml'), { limits });
 * } catch (e) {
 *   console.log((e as ScenarioError).diagnostics[0]!.expected); // a world of at most 5 firms (raise the limit with --max-firms)
 * }
 * ```
 */
export interface Limits {
  /** Most firms a world may have (`--max-firms`). */
  maxFirms: number;
  /** Most firm-to-firm edges a world may have, estimated for synthetic worlds (`--max-edges`). */
  maxEdges: number;
  /** Most steps a run may have: `horizon`, however it is set (`--max-steps`). */
  maxSteps: number;
  /** Most runs a plan may have: arms × sweep points × replicates (`--max-runs`). */
  maxRuns: number;
  /** Most rows of metrics.csv a plan may write, estimated (`--max-rows`). */
  maxRows: number;
  /** Most bytes of memory one run may need (its world and its rows), estimated (`--max-memory`, in GB). */
  maxMemory: number;
}

/**
 * The default {@link Limits}: 200 000 firms, 5 000 000 edges, 10 000 steps, 100 000 runs,
 * a billion rows and 8 GB of memory a run.
 *
 * @example
 * ```ts
 * console.log(DEFAULT_LIMITS); // { maxFirms: 200000, maxEdges: 5000000, maxSteps: 10000, maxRuns: 100000, maxRows: 1000000000, maxMemory: 8000000000 }
 * ```
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxFirms: 200_000,
  maxEdges: 5_000_000,
  maxSteps: 10_000,
  maxRuns: 100_000,
  maxRows: 1_000_000_000,
  maxMemory: 8e9,
});

/**
 * The `chokepoint run` arguments that set these limits (memory in GB), e.g. for the command
 * that reruns a shard.
 *
 * @example
 * ```ts
 * console.log(limitArguments({ maxSteps: 20000, maxMemory: 16e9 })); // ['--max-steps', '20000', '--max-memory', '16']
 * ```
 */
export function limitArguments(limits: Partial<Limits>): string[] {
  const words: string[] = [];
  if (limits.maxFirms !== undefined) words.push('--max-firms', String(limits.maxFirms));
  if (limits.maxEdges !== undefined) words.push('--max-edges', String(limits.maxEdges));
  if (limits.maxSteps !== undefined) words.push('--max-steps', String(limits.maxSteps));
  if (limits.maxRuns !== undefined) words.push('--max-runs', String(limits.maxRuns));
  if (limits.maxRows !== undefined) words.push('--max-rows', String(limits.maxRows));
  if (limits.maxMemory !== undefined) words.push('--max-memory', String(limits.maxMemory / 1e9));
  return words;
}

/**
 * What a plan writes and needs, estimated from one simulated step of each distinct world
 * (flows that supplier search opens later, and the policy layer's rows once it acts, add
 * some): `chokepoint validate` prints it.
 *
 * @example
 * ```ts
 * const budget: PlanBudget = buildPlan(loadScenario('scenarios/quickstart.yaml')).meta.budget!;
 * console.log(budget.runs, budget.steps, budget.rows > 0, budget.memoryPerRun < DEFAULT_LIMITS.maxMemory); // 32 768 true true
 * ```
 */
export interface PlanBudget {
  /** Runs. */
  runs: number;
  /** Steps summed over the runs. */
  steps: number;
  /** Rows of metrics.csv, about. */
  rows: number;
  /** Bytes of metrics.csv, about. */
  csvBytes: number;
  /** Bytes of memory the largest run needs, about: its world, and its rows while they are formatted. */
  memoryPerRun: number;
}

/**
 * Bytes a run holds per row it records, at its peak: the metrics table's columns (21 bytes a
 * row, in buffers that grow by doubling), the columns kept for the part file, and the row's
 * CSV text (about 100 bytes, also in a doubling buffer).
 */
export const BYTES_PER_ROW_IN_MEMORY = 250;

/** What {@link estimateWorldBytes} counts. */
export interface WorldCounts {
  states: number;
  products: number;
  firms: number;
  edges: number;
}

/**
 * Bytes of a built world and of its per-step metrics buffers, from its counts (measured:
 * about 125 bytes per edge, a few hundred per firm, and state × state × product tables of
 * flows in the metrics), before it is built.
 */
export function estimateWorldBytes(counts: WorldCounts): number {
  const { states: S, products: P, firms: F, edges: E } = counts;
  return 130 * E + 300 * F + 10 * S * S * P + 100 * S * P;
}

/** The term of {@link estimateWorldBytes} that dominates: what to name when a world is too large. */
export function largestWorldTerm(counts: WorldCounts): 'states' | 'firms' | 'edges' {
  const { states: S, products: P, firms: F, edges: E } = counts;
  const terms: Array<[number, 'states' | 'firms' | 'edges']> = [
    [10 * S * S * P + 100 * S * P, 'states'],
    [300 * F, 'firms'],
    [130 * E, 'edges'],
  ];
  return terms.sort((a, b) => b[0] - a[0])[0]![1];
}

/**
 * Rows and CSV bytes of one step of a run, from a table recorded over one step, with the rows
 * formatPart leaves out (variables not in `outputs.variables`, firms not in the record list)
 * left out here too. `prefixBytes` is the length of the run's fields and date on every row.
 */
export function measureStep(
  table: MetricsTable,
  record: RecordOptions,
  variables: readonly string[] | undefined,
  prefixBytes: number,
): { rows: number; csvBytes: number } {
  const { kindCodes, entityIds, variableIds, entityNames, variableNames } = table.columns();
  const wanted = variables === undefined ? null : new Set(variables);
  const firms = typeof record.firms === 'object' ? new Set(record.firms) : null;
  const firmCode = ENTITY_KINDS.indexOf('firm');
  let rows = 0;
  let bytes = 0;
  for (let i = 0; i < kindCodes.length; i++) {
    const variable = variableNames[variableIds[i]!]!;
    const entity = entityNames[entityIds[i]!]!;
    if (wanted !== null && !wanted.has(variable)) continue;
    if (firms !== null && kindCodes[i] === firmCode && !firms.has(entity)) continue;
    rows++;
    // kind, entity, variable, a value of about 12 characters, commas and the newline.
    bytes += prefixBytes + ENTITY_KINDS[kindCodes[i]!]!.length + entity.length + variable.length + 16;
  }
  return { rows, csvBytes: bytes };
}

/**
 * A size in words: `1.2 GB`, `350 MB`, `12 kB`.
 *
 * @example
 * ```ts
 * console.log(formatBytes(1.23e9), formatBytes(3.5e8), formatBytes(812)); // 1.2 GB 350 MB 812 bytes
 * ```
 */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e12) return `${round(bytes / 1e12)} TB`;
  if (bytes >= 1e9) return `${round(bytes / 1e9)} GB`;
  if (bytes >= 1e6) return `${round(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${round(bytes / 1e3)} kB`;
  return `${Math.round(bytes)} bytes`;
}

/**
 * A count in words: `4.2 million`, `1.3 billion`, `12,000`.
 *
 * @example
 * ```ts
 * console.log(formatCount(4.2e6), formatCount(1.3e12), formatCount(12345)); // 4.2 million 1.3 trillion 12,345
 * ```
 */
export function formatCount(count: number): string {
  if (count >= 1e12) return `${round(count / 1e12)} trillion`;
  if (count >= 1e9) return `${round(count / 1e9)} billion`;
  if (count >= 1e6) return `${round(count / 1e6)} million`;
  return Math.round(count).toLocaleString('en-US');
}

function round(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(0) : x.toFixed(1);
}

/**
 * The budget line of `chokepoint validate`.
 *
 * @example
 * ```ts
 * console.log(formatBudget({ runs: 32, steps: 768, rows: 262144, csvBytes: 2.6e7, memoryPerRun: 4e6 })); // writes about 262,144 rows (26 MB of metrics.csv); a run needs about 4.0 MB of memory
 * ```
 */
export function formatBudget(budget: PlanBudget): string {
  return `writes about ${formatCount(budget.rows)} rows (${formatBytes(budget.csvBytes)} of metrics.csv); a run needs about ${formatBytes(budget.memoryPerRun)} of memory`;
}
