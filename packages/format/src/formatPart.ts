/**
 * A run's rows of metrics.csv, as bytes: the one implementation the runner's part files (and
 * so the CLI's metrics.csv) and the browser playground use.
 *
 * @module
 */
import { ENTITY_KINDS, type MetricsTable, type RecordOptions } from '@chokepoint/core';
import { csvFormatValue } from 'd3-dsv';
import { ByteBuilder } from './byteBuilder.js';
import { stepEndDate, type StepCalendar } from './dates.js';
import { METRIC_COLUMNS, type PartColumns, type PartHeader, type PartLayout } from './part.js';

/**
 * What {@link formatPart} and {@link simulatePart} need of one planned run: its identity (the
 * leading columns of its rows), its length and calendar, what it records, its key metrics
 * and the values of the swept columns. `RunTask` of the runner extends it.
 *
 * @example
 * ```ts
 * const plan = buildPlan(loadScenario('scenarios/quickstart.yaml', { set: ['replicates=1', 'horizon=2'] }));
 * const task: PartTask = partTask(plan.meta, plan.configs, 0);
 * console.log(task.run.runId, task.scenario, task.steps, task.columnValues); // control/0/0 quickstart 2 []
 * ```
 */
export interface PartTask {
  /** Index of the run in the plan. */
  index: number;
  /** The run: `runId` (`<arm>/<point>/<replicate>`), arm, point, replicate and derived seed. */
  run: { runId: string; arm: string; point: number; replicate: number; seed: string };
  /** Scenario name (the `scenario` column). */
  scenario: string;
  /** Steps to run. */
  steps: number;
  /** Calendar, for the `date` column. */
  calendar: StepCalendar;
  /** What to record. */
  record: RecordOptions;
  /** Key metrics whose final value (and path) goes into the part header. */
  keyMetrics: readonly string[];
  /** Values of the swept columns, formatted (`String(value)`). */
  columnValues: readonly string[];
  /** Record only these variables (`outputs.variables`); all when absent. */
  variables?: readonly string[];
}

/**
 * What {@link partTask} reads of a plan: the scenario's name, swept columns, sweep points, key
 * metrics, `outputs.variables`, and each run's configuration (`PlanMeta` and `RunPlan.configs`
 * of `@chokepoint/scenario` have these shapes).
 *
 * @example
 * ```ts
 * const plan = buildPlan(loadScenario('scenarios/quickstart.yaml', { set: ['replicates=1'] }));
 * const layout: PartPlanLayout = plan.meta;
 * console.log(layout.runs.length, layout.columns); // 4 []
 * ```
 */
export interface PartPlanLayout {
  /** Scenario name. */
  name: string;
  /** Swept columns of metrics.csv. */
  columns: readonly string[];
  /** Sweep points: each column's value. */
  points: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** Key metrics. */
  keyMetrics: readonly string[];
  /** `outputs.variables`, if any. */
  variables?: readonly string[];
  /** The runs, in output order. */
  runs: ReadonlyArray<PartTask['run'] & { config: number }>;
}

/**
 * The {@link PartTask} of run `index` of a plan: what the runner hands a worker (with the
 * world's recipe and the part's path besides) and the playground hands a Web Worker.
 *
 * @example
 * ```ts
 * const plan = buildPlan(loadScenario('scenarios/quickstart.yaml', { set: ['replicates=1'] }));
 * const task = partTask(plan.meta, plan.configs, 3);
 * console.log(task.index, task.run.arm, task.calendar); // 3 fab-fire { start: '2023-01-01', step: 'quarter' }
 * ```
 */
export function partTask(
  meta: PartPlanLayout,
  configs: ReadonlyArray<{ steps: number; calendar: StepCalendar; record: RecordOptions }>,
  index: number,
): PartTask {
  const run = meta.runs[index]!;
  const config = configs[run.config]!;
  const point = meta.points[run.point]!;
  return {
    index,
    run,
    scenario: meta.name,
    steps: config.steps,
    calendar: config.calendar,
    record: config.record,
    keyMetrics: meta.keyMetrics,
    columnValues: meta.columns.map((c) => String(point[c])),
    ...(meta.variables !== undefined ? { variables: meta.variables } : {}),
  };
}

/**
 * The first line of metrics.csv: {@link METRIC_COLUMNS}, then the swept columns.
 *
 * @example
 * ```ts
 * console.log(JSON.stringify(metricsCsvHeader(['licence']))); // "run_id,scenario,arm,point,replicate,seed,step,date,entity_kind,entity,variable,value,licence\n"
 * ```
 */
export function metricsCsvHeader(columns: readonly string[]): string {
  return [...METRIC_COLUMNS, ...columns].join(',') + '\n';
}

/** The buffer of the part being formatted, kept between calls so its memory is reused (made on first use). */
let partBody: ByteBuilder | undefined;

/**
 * A run's part: its header and its metrics.csv rows as UTF-8 bytes (`body`, a view into a
 * buffer reused by the next call: copy it to keep it), with the layout and columns of the
 * part file.
 *
 * @example
 * ```ts
 * import { simulate } from '@chokepoint/core';
 * const plan = buildPlan(loadScenario('scenarios/quickstart.yaml', { set: ['replicates=1', 'horizon=2'] }));
 * const task = partTask(plan.meta, plan.configs, 0);
 * const { metrics } = simulate(materializeWorld(plan.configs[0]!.recipe), { steps: 2, seed: task.run.seed, record: task.record });
 * const { header, body } = formatPart(task, metrics);
 * const first = new TextDecoder().decode(body).split('\n', 1)[0]!;
 * console.log(header.rows === metrics.length, first.split(',').slice(0, 7).join()); // true control/0/0,quickstart,control,0,0,2023/control/0/0,1
 * ```
 */
export function formatPart(
  task: PartTask,
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
  const body = (partBody ??= new ByteBuilder(1 << 20));
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
      columnValues: [...task.columnValues],
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
