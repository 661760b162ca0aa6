import { fileURLToPath } from 'node:url';
import {
  createWorld,
  ENTITY_KINDS,
  simulate,
  type MetricsTable,
  type RecordOptions,
  type World,
  type WorldSpec,
} from '@chokepoint/core';
import { csvFormatValue } from 'd3-dsv';
import { writeChunksAtomic } from '@chokepoint/outputs/internal';
import { ByteBuilder } from '@chokepoint/outputs/internal';
import { partChecksum } from '@chokepoint/outputs/internal';
import {
  METRIC_COLUMNS,
  stepEndDate,
  type AdoptedMeasure,
  type PartColumns,
  type PartHeader,
  type PartLayout,
  type ShortfallRecord,
} from '@chokepoint/format';
import { adoptedMeasures } from '@chokepoint/outputs';
import type { Calendar, PlannedRun } from '@chokepoint/scenario';
import type { PluginDefinitions } from '@chokepoint/scenario';
import { ShortfallTracker } from './shortfalls.js';
import { materializeWorld, type WorldRecipe } from '@chokepoint/scenario';

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

/*
 * After the header and its layout, the header line ends with `checksum`: the CRC-32 of the
 * line without it and of every byte after it (see partChecksum in partFile.ts); parts written
 * before it existed have none.
 */

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
 * The world of one run: built from `spec` for `seed`, with the plugins' instruments and doctrines
 * registered. Every command that simulates (a scenario's runs, a calibration's samples) builds
 * its worlds here.
 */
export function createRunWorld(spec: WorldSpec, seed: string, plugins?: PluginDefinitions): World {
  return createWorld(
    spec,
    seed,
    plugins === undefined ? {} : { instruments: plugins.instruments, doctrines: plugins.doctrines },
  );
}

/**
 * Runs one simulation and writes its part file atomically: a JSON header line
 * ({@link PartHeader}, with the measures the run adopted) and then the run's metrics.csv rows.
 *
 * @param plugins - The definitions of `task.plugins`, registered at world creation.
 * @returns The header.
 */
export function executeRun(task: RunTask, plugins?: PluginDefinitions): PartHeader {
  const { run } = task;
  if (task.plugins.length > 0 && plugins === undefined)
    throw new Error(`run ${run.runId}: its plugin modules were not imported`);
  const spec = specFor(task);
  let world: World | WorldSpec = spec;
  let result: ReturnType<typeof simulate>;
  let tracker: ShortfallTracker | undefined;
  try {
    if (plugins !== undefined || run.replicate === 0) world = createRunWorld(spec, run.seed, plugins);
    // Replicate 0 of each arm and point also says where its key entities' shortages came from.
    tracker = run.replicate === 0 ? new ShortfallTracker(world as World, task.keyMetrics, task.calendar) : undefined;
    const afterStep = tracker === undefined || tracker.empty ? undefined : (w: World) => tracker!.afterStep(w);
    result = simulate(world, {
      steps: task.steps,
      seed: run.seed,
      record: task.record,
      ...(afterStep === undefined ? {} : { afterStep }),
    });
  } catch (error) {
    throw pluginFailure(task, world, error) ?? error;
  }
  const { header, body, layout, columns } = formatPart(task, result.metrics);
  header.measures = adoptedMeasures(result.world, task.steps);
  const shortfalls = tracker?.records() ?? [];
  if (shortfalls.length > 0) header.shortfalls = shortfalls;
  const bytes = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const chunks = [
    body,
    bytes(columns.steps),
    columns.kindCodes,
    bytes(columns.entityIds),
    bytes(columns.variableIds),
    bytes(columns.values),
  ];
  // The checksum covers the header and every byte after it: resume and merge refuse a part changed since.
  const headerJson = JSON.stringify({ ...header, layout });
  const checksum = partChecksum(headerJson, chunks);
  writeChunksAtomic(task.partPath, [`${headerJson.slice(0, -1)},"checksum":${JSON.stringify(checksum)}}\n`, ...chunks]);
  return header;
}

/** The `code` of the error of a run that failed inside plugin code; the runner reports it as bad input. */
export const PLUGIN_FAILURE = 'ERR_CHOKEPOINT_PLUGIN';

/**
 * An error thrown inside a plugin module's code (its stack passes through the module), restated
 * with the run, the step and the module, so the user knows whose code to fix; undefined for an
 * error that did not come from a plugin.
 */
function pluginFailure(task: RunTask, world: World | WorldSpec, error: unknown): Error | undefined {
  if (!(error instanceof Error) || task.plugins.length === 0) return undefined;
  const stack = error.stack ?? '';
  const module = task.plugins.find((url) => stack.includes(url) || stack.includes(fileURLToPath(url)));
  if (module === undefined) return undefined;
  const step = 'step' in world && typeof world.step === 'number' ? `, step ${world.step}` : '';
  const failure = Object.assign(
    new Error(
      `a plugin failed: run ${task.run.runId} (arm "${task.run.arm}"${step}) threw in ${fileURLToPath(module)}: ${error.message.split('\n')[0]}`,
    ),
    { code: PLUGIN_FAILURE },
  );
  failure.stack = `${failure.message}\n${stack}`;
  return failure;
}

/**
 * A run's part file contents: its header and its metrics.csv rows as UTF-8 bytes (a view
 * into a buffer reused by the next call).
 */
export function formatPart(
  task: RunTask,
  m: MetricsTable,
): { header: PartHeader; body: Uint8Array; layout: PartLayout; columns: PartColumns } {
  const { run } = task;
  const { steps, kindCodes, entityIds, variableIds, values, entityNames, variableNames } = m.columns();
  const runFields = [run.runId, task.scenario, run.arm, String(run.point), String(run.replicate), run.seed];
  const prefix = runFields.map(csvFormatValue).join(',');
  const dates: string[] = [];
  const suffix = ByteBuilder.encode(
    task.columnValues.length > 0 ? `,${task.columnValues.map(csvFormatValue).join(',')}\n` : '\n',
  );
  const keyIndex = new Map(task.keyMetrics.map((key, i) => [key, i]));
  const finals: Record<string, number> = {};
  // Each key metric's path: the row positions within a step repeat, so the key of a position is
  // looked up once and kept while its kind, entity and variable stay the same.
  const series: number[][] = task.keyMetrics.map(() => []);
  const cachedKey: number[] = [];
  // The rows are built as bytes. The "run…date," start is encoded once a step. The rest of a
  // row ("kind,entity,variable,value,swept columns\n") is cached by its position within the
  // step, because the recorder emits the same entities in the same order every step and most
  // metrics keep their value from one step to the next (93% of quickstart's rows); it is built
  // again only when the names or the value at that position change. A row is then two copies.
  const cachedKind: number[] = [];
  const cachedEntity: number[] = [];
  const cachedVariable: number[] = [];
  const cachedMiddle: Uint8Array[] = [];
  const cachedValue: number[] = [];
  const cachedTail: (Uint8Array | undefined)[] = [];
  // outputs.variables: a mask over the variable ids; key metrics are kept in the header either way.
  const wanted = task.variables === undefined ? null : new Set(task.variables);
  const only = wanted === null ? null : Uint8Array.from(variableNames, (name) => (wanted.has(name) ? 1 : 0));
  // A list of firms to record (the default: the firms the key metrics name): the recorder keeps
  // only theirs, but the policy layer's origin_content rows come for every firm, so the rows
  // of other firms are left out here, by a mask over the entity ids.
  const firms = typeof task.record.firms === 'object' ? new Set(task.record.firms) : null;
  const otherFirm = firms === null ? null : Uint8Array.from(entityNames, (name) => (firms.has(name) ? 0 : 1));
  const firmCode = ENTITY_KINDS.indexOf('firm');
  const body = partBody;
  body.clear();
  let rows = 0;
  let lastStep = -1;
  let stepPrefix = suffix;
  let position = 0;
  // The rows written, as columns (all of them unless outputs.variables or the firm list leaves some out).
  const keep = only === null && otherFirm === null ? null : new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const step = steps[i]!;
    if (step !== lastStep) {
      lastStep = step;
      position = 0;
      const date = task.calendar.start === undefined ? '' : stepEndDate(task.calendar.start, task.calendar.step, step);
      dates[step] = date;
      stepPrefix = ByteBuilder.encode(`${prefix},${step},${date},`);
    }
    const kind = kindCodes[i]!;
    const entity = entityIds[i]!;
    const variable = variableIds[i]!;
    let middle = cachedMiddle[position];
    if (
      middle === undefined ||
      cachedEntity[position] !== entity ||
      cachedVariable[position] !== variable ||
      cachedKind[position] !== kind
    ) {
      middle = ByteBuilder.encode(
        `${ENTITY_KINDS[kind]},${csvFormatValue(entityNames[entity]!)},${csvFormatValue(variableNames[variable]!)},`,
      );
      cachedKind[position] = kind;
      cachedEntity[position] = entity;
      cachedVariable[position] = variable;
      cachedMiddle[position] = middle;
      cachedTail[position] = undefined;
      cachedKey[position] =
        keyIndex.size === 0
          ? -1
          : (keyIndex.get(`${ENTITY_KINDS[kind]}/${entityNames[entity]}/${variableNames[variable]}`) ?? -1);
    }
    const key = cachedKey[position]!;
    if (key >= 0) series[key]![step - 1] = values[i]!;
    if (
      (only === null || only[variable] === 1) &&
      (otherFirm === null || kind !== firmCode || otherFirm[entity] === 0)
    ) {
      const value = values[i]!;
      // NaN never equals itself, so a NaN is always formatted again (as "NaN").
      let tail = cachedTail[position];
      if (tail === undefined || cachedValue[position] !== value) {
        cachedValue[position] = value;
        tail = rowTail(middle, String(value), suffix);
        cachedTail[position] = tail;
      }
      body.bytes(stepPrefix);
      body.bytes(tail);
      rows++;
      if (keep !== null) keep[i] = 1;
    }
    position++;
    if (step === task.steps && key >= 0) finals[task.keyMetrics[key]!] = values[i]!;
  }
  const ordered: Record<string, number> = {};
  const paths: Record<string, number[]> = {};
  task.keyMetrics.forEach((key, i) => {
    if (key in finals) ordered[key] = finals[key]!;
    // A metric recorded at every step (a firm's rows exist from the first step; an entity that
    // appears later is padded with NaN and its statistics over time are left out).
    if (series[i]!.length > 0) paths[key] = Array.from({ length: task.steps }, (_, t) => series[i]![t] ?? Number.NaN);
  });
  const kept = <T extends Int32Array | Uint8Array | Float64Array>(column: T): T =>
    keep === null ? column : (column.filter((_, i) => keep[i] === 1) as T);
  // -0 is written as "0" in the CSV, so the columns hold +0 too.
  const written = kept(values).map((v) => (v === 0 ? 0 : v));
  return {
    header: {
      run: task.index,
      run_id: run.runId,
      rows,
      finals: ordered,
      ...(Object.keys(paths).length > 0 ? { series: paths } : {}),
    },
    body: body.view(),
    layout: {
      csvBytes: body.length,
      runFields,
      dates,
      entities: entityNames,
      variables: variableNames,
      columnValues: task.columnValues,
    },
    columns: {
      steps: kept(steps),
      kindCodes: kept(kindCodes),
      entityIds: kept(entityIds),
      variableIds: kept(variableIds),
      values: written,
    },
  };
}

/** A row's end as bytes: its cached "kind,entity,variable," bytes, the value's ASCII text, and the swept columns' bytes. */
function rowTail(middle: Uint8Array, value: string, suffix: Uint8Array): Uint8Array {
  const out = new Uint8Array(middle.length + value.length + suffix.length);
  out.set(middle);
  let at = middle.length;
  for (let i = 0; i < value.length; i++) out[at++] = value.charCodeAt(i);
  out.set(suffix, at);
  return out;
}
