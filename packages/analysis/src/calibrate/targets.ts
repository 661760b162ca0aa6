/**
 * Reads an episode's targets file (scenarios/validation/<episode>.targets.yaml) for
 * calibration: each target's band and, when it has one, its machine-readable `statistic:`.
 * Problems are located by file, line and column.
 */
import type { MeasureSpec } from '@chokepoint/core';
import { dateToStep } from '@chokepoint/format';
import { ScenarioError, type Diagnostic } from '@chokepoint/scenario/internal';
import { describeValue } from '@chokepoint/core';
import { isMapping } from '@chokepoint/scenario/internal';
import type { Calendar } from '@chokepoint/scenario';
import { isValidDate } from '@chokepoint/scenario/internal';
import { diagnosticAt, readSource } from '@chokepoint/scenario/internal';
import { REDUCTIONS, parseSeries, type Reduction, type ResolvedStatistic, type SeriesExpr } from './statistics.js';

/**
 * A step as a target file writes it: a metric step (1 = after the first step), `last`, an
 * ISO date (the step holding it), or a measure's start or end (`{measure, edge, offset}`).
 *
 * @example
 * ```ts
 * const steps: StepRef[] = [20, 'last', '2023-10-01', { measure: 'barley-duty', edge: 'end', offset: 1 }];
 * const { targets } = readCalibrationTargets('scenarios/validation/australian-barley-2020-23.targets.yaml');
 * console.log(steps.some((s) => JSON.stringify(s) === JSON.stringify(targets[2]!.statistic!.at))); // true
 * ```
 */
export type StepRef = number | string | { measure: string; edge?: 'start' | 'end'; offset?: number };

/**
 * A target's `statistic:` as written, its series parsed.
 *
 * @example
 * ```ts
 * const { targets } = readCalibrationTargets('scenarios/validation/australian-barley-2020-23.targets.yaml');
 * const spec: StatisticSpec = targets[1]!.statistic!;
 * console.log(spec.reduce, spec.from, spec.to, spec.relativeTo, spec.scale, spec.add); // mean 10 13 1 1 0
 * ```
 */
export interface StatisticSpec {
  /** The series, parsed. */
  series: SeriesExpr;
  /** The reduction (default `at`). */
  reduce: Reduction;
  /** The step of `at` (default `last`). */
  at?: StepRef;
  /** First step of a window (default 1). */
  from?: StepRef;
  /** Last step of a window (default `last`). */
  to?: StepRef;
  /** Threshold of `first-below` / `first-above`. */
  threshold?: number;
  /** Divide the series by its value at this step first (e.g. 1: relative to the start). */
  relativeTo?: StepRef;
  /** Multiply by this (default 1). */
  scale: number;
  /** Then add this (default 0). */
  add: number;
  /** The arm it is computed on (default: the file's `arm`). */
  arm?: string;
}

/**
 * One target: its id, band and (optionally) statistic, with where it was written.
 *
 * @example
 * ```ts
 * const { targets } = readCalibrationTargets('scenarios/validation/australian-barley-2020-23.targets.yaml');
 * const snapBack: CalibrationTarget = targets.find((t) => t.id === 'snap-back')!;
 * console.log(snapBack.band, snapBack.unit, snapBack.recorded, snapBack.reproducible); // [0.75, 1] share 0.9 false
 * ```
 */
export interface CalibrationTarget {
  /** Target id. */
  id: string;
  /** Tolerance band [low, high] the replicate mean should lie in. */
  band: [number, number];
  /** Unit, for display. */
  unit?: string;
  /** The recorded value, for display. */
  recorded?: unknown;
  /** False when the validation suite marks the target as not reproducible. */
  reproducible?: boolean;
  /** The statistic, when the target has a machine-readable one. */
  statistic?: StatisticSpec;
  /** The target's mapping in the file (its origin locates diagnostics). */
  node: Record<string, unknown>;
}

/**
 * A targets file.
 *
 * @example
 * ```ts
 * const file: CalibrationTargets = readCalibrationTargets('scenarios/validation/australian-barley-2020-23.targets.yaml');
 * console.log(file.file, file.episode, file.arm, file.targets.length); // scenarios/validation/australian-barley-2020-23.targets.yaml australian-barley-2020-23 base 3
 * ```
 */
export interface CalibrationTargets {
  /** Display path. */
  file: string;
  /** The file's text. */
  text: string;
  /** The episode's name (`episode:`), if given. */
  episode?: string;
  /** The arm statistics use by default (`arm:`), if given. */
  arm?: string;
  /** Every target, in file order. */
  targets: CalibrationTarget[];
  /** The file's root mapping. */
  node: Record<string, unknown>;
}

const STEP_EXPECTED = 'a step: an integer >= 1, "last", an ISO date, or {measure: id, edge: start|end, offset: n}';

function checkStepRef(container: Record<string, unknown>, key: string, problems: Diagnostic[]): StepRef | undefined {
  const value = container[key];
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  if (value === 'last' || (typeof value === 'string' && isValidDate(value))) return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (isMapping(value) && typeof value.measure === 'string') {
    const edge = value.edge ?? 'start';
    const offset = value.offset ?? 0;
    const extra = Object.keys(value).find((k) => !['measure', 'edge', 'offset'].includes(k));
    if (extra !== undefined)
      problems.push(diagnosticAt(value, [extra], 'measure, edge or offset', `"${extra}"`, { atKey: true }));
    else if (edge !== 'start' && edge !== 'end')
      problems.push(diagnosticAt(value, ['edge'], 'start or end', describeValue(edge)));
    else if (typeof offset !== 'number' || !Number.isInteger(offset))
      problems.push(diagnosticAt(value, ['offset'], 'an integer', describeValue(offset)));
    else return { measure: value.measure, edge, offset };
    return undefined;
  }
  problems.push(diagnosticAt(container, [key], STEP_EXPECTED, describeValue(value)));
  return undefined;
}

const STATISTIC_KEYS = ['series', 'reduce', 'at', 'from', 'to', 'threshold', 'relativeTo', 'scale', 'add', 'arm'];

function checkStatistic(node: Record<string, unknown>, problems: Diagnostic[]): StatisticSpec | undefined {
  const before = problems.length;
  for (const key of Object.keys(node)) {
    if (!STATISTIC_KEYS.includes(key))
      problems.push(
        diagnosticAt(node, [key], `a statistic field (${STATISTIC_KEYS.join(', ')})`, `"${key}"`, { atKey: true }),
      );
  }
  let series: SeriesExpr | undefined;
  if (typeof node.series !== 'string')
    problems.push(
      diagnosticAt(
        node,
        ['series'],
        'a series, e.g. "firm/ZTE/output" or "flow/AU>CN:barley/trade_value / flow/AU>*:barley/trade_value"',
        describeValue(node.series),
      ),
    );
  else {
    try {
      series = parseSeries(node.series);
    } catch (error) {
      problems.push(diagnosticAt(node, ['series'], (error as Error).message, describeValue(node.series)));
    }
  }
  const reduce = (node.reduce ?? 'at') as Reduction;
  if (!REDUCTIONS.includes(reduce))
    problems.push(diagnosticAt(node, ['reduce'], `one of ${REDUCTIONS.join(', ')}`, describeValue(node.reduce)));
  const numberAt = (key: string): number | undefined => {
    const value = node[key];
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    problems.push(diagnosticAt(node, [key], 'a number', describeValue(value)));
    return undefined;
  };
  const threshold = numberAt('threshold');
  if (
    (reduce === 'first-below' || reduce === 'first-above') &&
    threshold === undefined &&
    node.threshold === undefined
  ) {
    problems.push(diagnosticAt(node, ['reduce'], `a threshold: for ${reduce}`, 'no threshold', { atKey: true }));
  }
  const scale = numberAt('scale') ?? 1;
  const add = numberAt('add') ?? 0;
  if (node.arm !== undefined && typeof node.arm !== 'string')
    problems.push(diagnosticAt(node, ['arm'], 'an arm name', describeValue(node.arm)));
  const at = checkStepRef(node, 'at', problems);
  const from = checkStepRef(node, 'from', problems);
  const to = checkStepRef(node, 'to', problems);
  const relativeTo = checkStepRef(node, 'relativeTo', problems);
  if (problems.length > before || series === undefined) return undefined;
  return {
    series,
    reduce,
    scale,
    add,
    ...(at !== undefined ? { at } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(relativeTo !== undefined ? { relativeTo } : {}),
    ...(threshold !== undefined ? { threshold } : {}),
    ...(typeof node.arm === 'string' ? { arm: node.arm } : {}),
  };
}

/**
 * Reads and checks a targets file: a mapping with `targets:`, a list of `{id, band: [low,
 * high], statistic?}`; `arm:` names the arm statistics use by default.
 *
 * @throws ScenarioError with one located diagnostic per problem.
 *
 * @example
 * ```ts
 * const { targets } = readCalibrationTargets('scenarios/validation/australian-barley-2020-23.targets.yaml');
 * console.log(targets.filter((t) => t.statistic !== undefined).map((t) => t.id)); // ['china-share-falls', 'diversion', 'snap-back']
 * ```
 */
export function readCalibrationTargets(file: string, cwd = process.cwd()): CalibrationTargets {
  let loaded;
  try {
    loaded = readSource(file, cwd);
  } catch {
    throw new ScenarioError([
      {
        file,
        line: 1,
        col: 1,
        path: '(file)',
        expected: 'an existing targets file',
        received: `"${file}" (no such file)`,
      },
    ]);
  }
  if (loaded.diagnostics.length > 0) throw new ScenarioError(loaded.diagnostics);
  const root = loaded.value;
  const name = loaded.source.name;
  if (!isMapping(root) || !Array.isArray(root.targets)) {
    throw new ScenarioError([
      isMapping(root)
        ? diagnosticAt(
            root,
            ['targets'],
            'a list of targets {id, band: [low, high], statistic}',
            describeValue(root.targets),
          )
        : {
            file: name,
            line: 1,
            col: 1,
            path: '(root)',
            expected: 'a mapping with a targets list',
            received: describeValue(root),
          },
    ]);
  }
  const problems: Diagnostic[] = [];
  const targets: CalibrationTarget[] = [];
  const list = root.targets as unknown[];
  list.forEach((item, i) => {
    if (!isMapping(item)) {
      problems.push(diagnosticAt(list, [i], 'a target mapping {id, band, statistic}', describeValue(item)));
      return;
    }
    const before = problems.length;
    if (typeof item.id !== 'string' || item.id === '')
      problems.push(diagnosticAt(item, ['id'], 'a target id', describeValue(item.id)));
    const band = item.band;
    if (
      !Array.isArray(band) ||
      band.length !== 2 ||
      !band.every((b) => typeof b === 'number' && Number.isFinite(b)) ||
      !((band[0] as number) <= (band[1] as number))
    ) {
      problems.push(
        diagnosticAt(
          item,
          ['band'],
          'a band [low, high] of numbers with low <= high',
          Array.isArray(band) ? `[${band.map((b) => describeValue(b)).join(', ')}]` : describeValue(band),
        ),
      );
    }
    let statistic: StatisticSpec | undefined;
    if (item.statistic !== undefined) {
      if (!isMapping(item.statistic))
        problems.push(
          diagnosticAt(item, ['statistic'], 'a statistic mapping {series, reduce, …}', describeValue(item.statistic)),
        );
      else statistic = checkStatistic(item.statistic, problems);
    }
    if (problems.length > before) return;
    const [low, high] = band as [number, number];
    const target: CalibrationTarget = { id: item.id as string, band: [low, high], node: item };
    if (typeof item.unit === 'string') target.unit = item.unit;
    if (item.recorded !== undefined) target.recorded = item.recorded;
    if (item.reproducible === false) target.reproducible = false;
    if (statistic !== undefined) target.statistic = statistic;
    targets.push(target);
  });
  const seen = new Set<string>();
  targets.forEach((t) => {
    if (seen.has(t.id)) problems.push(diagnosticAt(t.node, ['id'], 'a unique target id', `"${t.id}" (a second time)`));
    seen.add(t.id);
  });
  if (root.arm !== undefined && typeof root.arm !== 'string')
    problems.push(diagnosticAt(root, ['arm'], 'an arm name', describeValue(root.arm)));
  if (problems.length > 0) throw new ScenarioError(problems);
  return {
    file: name,
    text: loaded.source.text,
    ...(typeof root.episode === 'string' ? { episode: root.episode } : {}),
    ...(typeof root.arm === 'string' ? { arm: root.arm } : {}),
    targets,
    node: root,
  };
}

/**
 * What a step reference resolves against: the run's horizon, calendar and measures.
 *
 * @example
 * ```ts
 * const { configs } = buildPlan(loadScenario('scenarios/validation/australian-barley-2020-23.yaml'));
 * const context: StepContext = { steps: configs[0]!.steps, calendar: configs[0]!.calendar, measures: materializeWorld(configs[0]!.recipe).measures ?? [] };
 * console.log(context.steps, context.calendar, context.measures.map((m) => m.id)); // 24 { start: '2019-01-01', step: 'quarter' } ['barley-duty']
 * ```
 */
export interface StepContext {
  /** Steps of the run. */
  steps: number;
  /** The calendar (dates need a start). */
  calendar: Calendar;
  /** The run's measures (with `id`, `start`, `end` in steps). */
  measures: readonly MeasureSpec[];
}

/**
 * Resolves a target's statistic against a run's horizon, calendar and measures.
 *
 * @throws ScenarioError located at the statistic's field when a step cannot be resolved or
 * lies outside the horizon.
 *
 * @example
 * ```ts
 * const { targets } = readCalibrationTargets('scenarios/validation/australian-barley-2020-23.targets.yaml');
 * const { configs } = buildPlan(loadScenario('scenarios/validation/australian-barley-2020-23.yaml'));
 * const measures = materializeWorld(configs[0]!.recipe).measures ?? [];
 * const snapBack = resolveStatistic(targets[2]!, { steps: 24, calendar: { start: '2019-01-01', step: 'quarter' }, measures });
 * console.log(snapBack.id, snapBack.reduce, snapBack.from, snapBack.to); // snap-back at 20 20
 * ```
 */
export function resolveStatistic(target: CalibrationTarget, context: StepContext): ResolvedStatistic {
  const spec = target.statistic!;
  const node = target.node.statistic as Record<string, unknown>;
  const resolve = (key: 'at' | 'from' | 'to' | 'relativeTo', fallback: number): number => {
    const ref = spec[key];
    let step: number;
    if (ref === undefined) step = fallback;
    else if (typeof ref === 'number') step = ref;
    else if (ref === 'last') step = context.steps;
    else if (typeof ref === 'string') {
      if (context.calendar.start === undefined)
        throw new ScenarioError([
          diagnosticAt(node, [key], 'a step number (the scenario has no start date for dates)', describeValue(ref)),
        ]);
      step = dateToStep(context.calendar.start, context.calendar.step, ref) + 1;
    } else {
      const measure = context.measures.find((m) => m.id === ref.measure);
      const ids = context.measures.map((m) => m.id).filter((id): id is string => typeof id === 'string');
      if (measure === undefined)
        throw new ScenarioError([
          diagnosticAt(
            node[key],
            ['measure'],
            `the id of a measure of the run (${ids.join(', ') || 'none has an id'})`,
            `"${ref.measure}"`,
          ),
        ]);
      const edge = ref.edge === 'end' ? measure.end : (measure.start ?? 0);
      if (edge === undefined)
        throw new ScenarioError([
          diagnosticAt(node[key], ['edge'], 'an edge the measure has (it has no end)', '"end"'),
        ]);
      step = edge + 1 + (ref.offset ?? 0);
    }
    if (!(step >= 1 && step <= context.steps))
      throw new ScenarioError([
        diagnosticAt(node, [key], `a step within the horizon (1 to ${context.steps})`, `step ${step}`),
      ]);
    return step;
  };
  const window = spec.reduce !== 'at';
  const from = window ? resolve('from', 1) : resolve('at', context.steps);
  const to = window ? resolve('to', context.steps) : from;
  if (to < from) throw new ScenarioError([diagnosticAt(node, ['to'], `a step >= from (${from})`, `step ${to}`)]);
  return {
    id: target.id,
    series: spec.series,
    reduce: spec.reduce,
    from,
    to,
    scale: spec.scale,
    add: spec.add,
    ...(spec.threshold !== undefined ? { threshold: spec.threshold } : {}),
    ...(spec.relativeTo !== undefined ? { relativeTo: resolve('relativeTo', 1) } : {}),
  };
}
