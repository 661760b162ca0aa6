import type { Measure, World } from '@chokepoint/core';
import { csvFormatValue } from 'd3-dsv';
import { formatDate, stepStart, type AdoptedMeasure, type ArmMeasures } from '@chokepoint/format';
import type { Calendar, PlanMeta } from '@chokepoint/scenario';

/**
 * Every measure of a world that was announced within the first `steps` steps (scripted ones,
 * and those its doctrines, alliances and retaliations adopted), in the order the world
 * adopted them.
 *
 * @example
 * ```ts
 * import { createWorld, simulate } from '@chokepoint/core';
 * const spec = materializeWorld(buildPlan(loadScenario('scenarios/quickstart.yaml')).configs[0]!.recipe);
 * const { world } = simulate(createWorld(spec, 1), { steps: 8, seed: 1 });
 * console.log(adoptedMeasures(world, 8).map((m) => m.origin)); // []
 * ```
 */
export function adoptedMeasures(world: World, steps: number): AdoptedMeasure[] {
  const { stateIds, productIds, firmIds } = world;
  const out: AdoptedMeasure[] = [];
  for (const m of world.policy.measures) {
    if (m.announce >= steps) continue;
    const firms: string[] = [];
    const products: string[] = [];
    const fields = world.policy.instruments.get(m.type)?.fields ?? {};
    for (const [name, descriptor] of Object.entries(fields)) {
      const value = m.fields[name];
      const indices =
        value instanceof Int32Array
          ? Array.from(value)
          : typeof value === 'number' && Number.isInteger(value) && value >= 0
            ? [value]
            : [];
      if (descriptor.kind === 'firm' || descriptor.kind === 'firms') for (const i of indices) firms.push(firmIds[i]!);
      if (descriptor.kind === 'product' || descriptor.kind === 'products')
        for (const i of indices) products.push(productIds[i]!);
    }
    out.push({
      id: m.id,
      type: m.type,
      origin: m.origin,
      ...(m.answers !== undefined ? { answers: m.answers } : {}),
      ...(m.alliance >= 0 ? { alliance: world.policy.alliances[m.alliance]!.id } : {}),
      issuer: stateIds[m.issuer]!,
      targets: m.targets.map((s) => stateIds[s]!),
      firms,
      products,
      announce: m.announce,
      start: m.start,
      end: Number.isFinite(m.end) ? m.end : null,
    });
  }
  return out;
}

/**
 * The fixed leading columns of measures.csv (docs/outputs.md); swept parameters follow.
 *
 * @example
 * ```ts
 * console.log(MEASURE_COLUMNS.slice(6, 9)); // ['measure', 'type', 'origin']
 * ```
 */
export const MEASURE_COLUMNS: readonly string[] = [
  'run_id',
  'scenario',
  'arm',
  'point',
  'replicate',
  'seed',
  'measure',
  'type',
  'origin',
  'answers',
  'alliance',
  'issuer',
  'targets',
  'firms',
  'products',
  'announce',
  'start',
  'end',
  'announce_date',
  'start_date',
  'end_date',
];

/** The first day of step `s`, or '' without a calendar start. */
function stepDate(calendar: Calendar, s: number | null): string {
  return s === null || calendar.start === undefined ? '' : formatDate(stepStart(calendar.start, calendar.step, s));
}

/**
 * The measures.csv rows of run `index` of a plan, as text (one line each).
 *
 * @example
 * ```ts
 * const { meta } = buildPlan(loadScenario('scenarios/quickstart.yaml'));
 * const measure: AdoptedMeasure = { id: 'm1', type: 'tariff', origin: 'retaliation', answers: 'export_control-1', issuer: 'CN', targets: ['US'], firms: [], products: ['chip', 'phone'], announce: 3, start: 3, end: null };
 * console.log(measureRows(meta, 0, [measure])); // control/0/0,quickstart,control,0,0,2023/control/0/0,m1,tariff,retaliation,export_control-1,,CN,US,,chip phone,3,3,,2023-10-01,2023-10-01,
 * ```
 */
export function measureRows(meta: PlanMeta, index: number, measures: readonly AdoptedMeasure[]): string {
  if (measures.length === 0) return '';
  const run = meta.runs[index]!;
  const { calendar } = meta.configs[run.config]!;
  const point = meta.points[run.point]!;
  const prefix = [run.runId, meta.name, run.arm, String(run.point), String(run.replicate), run.seed]
    .map(csvFormatValue)
    .join(',');
  const suffix = meta.columns.map((c) => `,${csvFormatValue(String(point[c]))}`).join('');
  let text = '';
  for (const m of measures) {
    const fields = [
      m.id,
      m.type,
      m.origin,
      m.answers ?? '',
      m.alliance ?? '',
      m.issuer,
      m.targets.join(' '),
      m.firms.join(' '),
      m.products.join(' '),
      String(m.announce),
      String(m.start),
      m.end === null ? '' : String(m.end),
      stepDate(calendar, m.announce),
      stepDate(calendar, m.start),
      stepDate(calendar, m.end),
    ];
    text += `${prefix},${fields.map(csvFormatValue).join(',')}${suffix}\n`;
  }
  return text;
}

/**
 * Tallies the measures of runs, appended one run at a time (in run order), into one
 * {@link ArmMeasures} per arm × point of the plan.
 *
 * @example
 * ```ts
 * const { meta } = buildPlan(loadScenario('scenarios/quickstart.yaml', { set: ['replicates=1'] }));
 * const tally = new MeasureTally(meta);
 * tally.add(1, [{ id: 'x', type: 'export_control', origin: 'script', issuer: 'US', targets: ['CN'], firms: [], products: ['sme'], announce: 4, start: 4, end: null }]);
 * // Only the arms × points with runs tallied are listed:
 * console.log(tally.result()); // [{ arm: 'us-only', point: 0, runs: 1, runsWithMeasures: 1, adopted: 1, byOrigin: { script: 1 }, byType: { export_control: 1 }, byIssuer: { US: 1 } }]
 * ```
 */
export class MeasureTally {
  private readonly byConfig = new Map<string, ArmMeasures>();

  /** @param meta - The plan whose runs are tallied. */
  constructor(private readonly meta: PlanMeta) {
    for (const arm of meta.arms) {
      for (let point = 0; point < meta.points.length; point++) {
        this.byConfig.set(`${arm}|${point}`, {
          arm,
          point,
          runs: 0,
          runsWithMeasures: 0,
          adopted: 0,
          byOrigin: {},
          byType: {},
          byIssuer: {},
        });
      }
    }
  }

  /** Adds run `index`'s measures. */
  add(index: number, measures: readonly AdoptedMeasure[]): void {
    const run = this.meta.runs[index]!;
    const entry = this.byConfig.get(`${run.arm}|${run.point}`)!;
    entry.runs++;
    if (measures.length > 0) entry.runsWithMeasures++;
    for (const m of measures) {
      entry.adopted++;
      entry.byOrigin[m.origin] = (entry.byOrigin[m.origin] ?? 0) + 1;
      entry.byType[m.type] = (entry.byType[m.type] ?? 0) + 1;
      entry.byIssuer[m.issuer] = (entry.byIssuer[m.issuer] ?? 0) + 1;
    }
  }

  /** One entry per arm × point that ran, arm-major, in plan order. */
  result(): ArmMeasures[] {
    return [...this.byConfig.values()].filter((m) => m.runs > 0);
  }
}

/** Counts as "12 doctrine, 3 retaliation" (or "US 12, CN 3"), largest first, ties in name order; at most `most`, then "and k more". */
function countList(counts: Record<string, number>, nameFirst = false, most = Infinity): string {
  const sorted = Object.entries(counts).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  const shown = sorted.slice(0, most).map(([name, n]) => (nameFirst ? `${name} ${n}` : `${n} ${name}`));
  return `${shown.join(', ')}${sorted.length > most ? ` and ${sorted.length - most} more` : ''}`;
}

/**
 * Warnings about the run's measures, one line each: a control arm (the arm effects are
 * computed against) that adopts measures is not a no-policy world, so every effect is
 * measured against that policy. Empty when there is no control arm or it adopts none.
 *
 * @example
 * ```ts
 * const { meta } = buildPlan(loadScenario('scenarios/quickstart.yaml', { set: ['replicates=2'] }));
 * const tally = new MeasureTally(meta);
 * meta.runs.forEach((run, i) => tally.add(i, run.arm === 'control' ? [{ id: 'd', type: 'export_control', origin: 'doctrine', issuer: 'US', targets: ['CN'], firms: [], products: [], announce: 2, start: 2, end: null }] : []));
 * console.log(measureWarnings(meta, tally.result())[0]); // control arm "control" adopts measures in 2 of 2 runs, 2 in all (2 doctrine; issued by US 2): effects are measured against a world with policy, not a no-policy world (measures.csv lists them; for a no-policy control, make the doctrines passive as docs/scenarios.md shows in "A no-policy control")
 * ```
 */
export function measureWarnings(meta: PlanMeta, measures: readonly ArmMeasures[]): string[] {
  if (meta.control === null) return [];
  const mine = measures.filter((m) => m.arm === meta.control);
  const total: ArmMeasures = {
    arm: meta.control,
    point: 0,
    runs: 0,
    runsWithMeasures: 0,
    adopted: 0,
    byOrigin: {},
    byType: {},
    byIssuer: {},
  };
  for (const m of mine) {
    total.runs += m.runs;
    total.runsWithMeasures += m.runsWithMeasures;
    total.adopted += m.adopted;
    for (const key of ['byOrigin', 'byType', 'byIssuer'] as const)
      for (const [k, n] of Object.entries(m[key])) total[key][k] = (total[key][k] ?? 0) + n;
  }
  if (total.adopted === 0) return [];
  const unscripted = total.adopted - (total.byOrigin.script ?? 0);
  const hint =
    unscripted > 0
      ? '; for a no-policy control, make the doctrines passive as docs/scenarios.md shows in "A no-policy control"'
      : '';
  return [
    `control arm "${meta.control}" adopts measures in ${total.runsWithMeasures} of ${total.runs} runs, ${total.adopted} in all (${countList(total.byOrigin)}; issued by ${countList(total.byIssuer, true, 5)}): effects are measured against a world with policy, not a no-policy world (measures.csv lists them${hint})`,
  ];
}
