import { csvFormatValue } from 'd3-dsv';
import { formatDate, noMeasures, stepStart, type AdoptedMeasure, type ArmMeasures } from '@chokepoint/format';
import type { Calendar, PlanMeta } from '@chokepoint/scenario';

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
  const total = noMeasures(meta.control, 0);
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
