import { createWorld, ENTITY_KINDS, simulate, type MetricsTable, type RecordOptions, type WorldSpec } from '@chokepoint/core';
import { csvFormatValue } from 'd3-dsv';
import { writeChunksAtomic } from './atomic.js';
import { ByteBuilder } from './byteBuilder.js';
import { stepEndDate } from './dates.js';
import type { Calendar, PlannedRun } from './plan.js';
import type { PluginDefinitions } from './plugins.js';
import { materializeWorld, type WorldRecipe } from './world.js';

/** The fixed leading columns of metrics.csv (docs/outputs.md). */
export const METRIC_COLUMNS: readonly string[] = ['run_id', 'scenario', 'arm', 'point', 'replicate', 'seed', 'step', 'date', 'entity_kind', 'entity', 'variable', 'value'];

/** Everything one run needs; plain data, so it can cross to a worker thread. */
export interface RunTask {
  /** Index of the run in the plan. */
  index: number;
  /** The run. */
  run: PlannedRun;
  /** Scenario name (the `scenario` column). */
  scenario: string;
  /** Steps to run. */
  steps: number;
  /** Calendar, for the `date` column. */
  calendar: Calendar;
  /** What to record. */
  record: RecordOptions;
  /** Key metrics whose final value goes into the part header. */
  keyMetrics: string[];
  /** Values of the swept columns, formatted. */
  columnValues: string[];
  /** How to build the world. */
  recipe: WorldRecipe;
  /** Hash of the recipe (cache key). */
  recipeHash: string;
  /** Where to write the part file. */
  partPath: string;
  /** File URLs of the plugin modules to register (a worker imports them itself). */
  plugins: string[];
  /** Record only these variables (`outputs.variables`); all when absent. */
  variables?: string[];
}

/** The first line of a part file. */
export interface PartHeader {
  /** Run index. */
  run: number;
  /** Run id. */
  run_id: string;
  /** Number of CSV rows that follow. */
  rows: number;
  /** Final-step values of the key metrics. */
  finals: Record<string, number>;
}

const specCache = new Map<string, WorldSpec>();

/** The bytes of the part being written, kept between runs so its memory is reused. */
const partBody = new ByteBuilder(1 << 20);

function specFor(task: RunTask): WorldSpec {
  let spec = specCache.get(task.recipeHash);
  if (spec === undefined) {
    spec = materializeWorld(task.recipe);
    if (specCache.size >= 4) specCache.delete(specCache.keys().next().value!);
    specCache.set(task.recipeHash, spec);
  }
  return spec;
}

/**
 * The file name of run `index`'s part.
 *
 * @example
 * ```ts
 * partName(12); // 'run-000012.part'
 * ```
 */
export function partName(index: number): string {
  return `run-${String(index).padStart(6, '0')}.part`;
}

/**
 * Runs one simulation and writes its part file atomically: a JSON header line
 * ({@link PartHeader}) and then the run's metrics.csv rows.
 *
 * @param plugins - The definitions of `task.plugins`, registered at world creation.
 * @returns The header.
 */
export function executeRun(task: RunTask, plugins?: PluginDefinitions): PartHeader {
  const { run } = task;
  if (task.plugins.length > 0 && plugins === undefined) throw new Error(`run ${run.runId}: its plugin modules were not imported`);
  const spec = specFor(task);
  const world = plugins === undefined ? spec : createWorld(spec, run.seed, { instruments: plugins.instruments, doctrines: plugins.doctrines });
  const result = simulate(world, { steps: task.steps, seed: run.seed, record: task.record });
  const { header, body } = formatPart(task, result.metrics);
  writeChunksAtomic(task.partPath, [`${JSON.stringify(header)}\n`, body]);
  return header;
}

/**
 * A run's part file contents: its header and its metrics.csv rows as UTF-8 bytes (a view
 * into a buffer reused by the next call).
 */
export function formatPart(task: RunTask, m: MetricsTable): { header: PartHeader; body: Uint8Array } {
  const { run } = task;
  const { steps, kindCodes, entityIds, variableIds, values, entityNames, variableNames } = m.columns();
  const prefix = [run.runId, task.scenario, run.arm, String(run.point), String(run.replicate), run.seed].map(csvFormatValue).join(',');
  const suffix = ByteBuilder.encode(task.columnValues.length > 0 ? `,${task.columnValues.map(csvFormatValue).join(',')}\n` : '\n');
  const keys = new Set(task.keyMetrics);
  const finals: Record<string, number> = {};
  // The rows are built as bytes: the "run…date," part is encoded once a step, and the
  // "kind,entity,variable," part is cached by its position within the step, because the
  // recorder emits the same entities in the same order every step. Only the value is
  // formatted per row.
  const cachedKind: number[] = [];
  const cachedEntity: number[] = [];
  const cachedVariable: number[] = [];
  const cachedMiddle: Uint8Array[] = [];
  // Most metrics keep their value from one step to the next (93% of quickstart's rows), so
  // the formatted value is cached by position too and formatted again only when it changes.
  const cachedValue: number[] = [];
  const cachedValueText: string[] = [];
  // outputs.variables: a mask over the variable ids; key metrics are kept in the header either way.
  const wanted = task.variables === undefined ? null : new Set(task.variables);
  const only = wanted === null ? null : Uint8Array.from(variableNames, (name) => (wanted.has(name) ? 1 : 0));
  const body = partBody;
  body.clear();
  let rows = 0;
  let lastStep = -1;
  let stepPrefix = suffix;
  let position = 0;
  for (let i = 0; i < values.length; i++) {
    const step = steps[i]!;
    if (step !== lastStep) {
      lastStep = step;
      position = 0;
      const date = task.calendar.start === undefined ? '' : stepEndDate(task.calendar.start, task.calendar.step, step);
      stepPrefix = ByteBuilder.encode(`${prefix},${step},${date},`);
    }
    const kind = kindCodes[i]!;
    const entity = entityIds[i]!;
    const variable = variableIds[i]!;
    let middle = cachedMiddle[position];
    if (middle === undefined || cachedEntity[position] !== entity || cachedVariable[position] !== variable || cachedKind[position] !== kind) {
      middle = ByteBuilder.encode(`${ENTITY_KINDS[kind]},${csvFormatValue(entityNames[entity]!)},${csvFormatValue(variableNames[variable]!)},`);
      cachedKind[position] = kind;
      cachedEntity[position] = entity;
      cachedVariable[position] = variable;
      cachedMiddle[position] = middle;
      cachedValue[position] = NaN;
    }
    if (only === null || only[variable] === 1) {
      body.bytes(stepPrefix);
      body.bytes(middle);
      const value = values[i]!;
      // NaN never equals itself, so a NaN is always formatted again (as "NaN").
      if (cachedValue[position] !== value) {
        cachedValue[position] = value;
        cachedValueText[position] = String(value);
      }
      body.ascii(cachedValueText[position]!);
      body.bytes(suffix);
      rows++;
    }
    position++;
    if (step === task.steps && keys.size > 0) {
      const key = `${ENTITY_KINDS[kind]}/${entityNames[entity]}/${variableNames[variable]}`;
      if (keys.has(key)) finals[key] = values[i]!;
    }
  }
  const ordered: Record<string, number> = {};
  for (const key of task.keyMetrics) if (key in finals) ordered[key] = finals[key]!;
  return { header: { run: task.index, run_id: run.runId, rows, finals: ordered }, body: body.view() };
}
