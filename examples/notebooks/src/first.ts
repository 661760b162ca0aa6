import type { WorldSpec } from '@chokepoint/core';
import { derive, figure, lineChart, measureMarks, rowsOf, stateName, statsPanel, timelineChart } from './charts.ts';
import { replicates, simulateInWorker, type SimulationResult } from './client.ts';
import type { ResultRow, RowFilter, RunJob } from './protocol.ts';
import { choice, panel, slider } from './inputs.ts';
import { chipWorld, quarterOf } from './world.ts';

/* Notebook 1, "First simulation": two rivals, their doctrines, hawkishness and a tariff. */

/** Quarters per run (ten years). */
export const STEPS = 40;
/** Runs per setting. */
export const REPLICATES = 12;
/** The tariff's `start`: it takes effect after this many quarters (one year). */
export const TARIFF_START = 4;
/** The note under the tariff slider: the quarter the tariff is first in force. */
export const TARIFF_NOTE = `From quarter ${quarterOf(TARIFF_START)} on (after one year)`;
/** The arm name of the one setting this notebook runs. */
export const ARM = 'Your settings';
/**
 * The arm of the same world without policy: no rivals, so neither doctrine acts, and no
 * measures. Nothing random is left in it, so one run is enough.
 */
export const BASELINE = 'No policy';
/** The quarters of year 10, over which the headline numbers are averaged. */
export const YEAR_10 = [STEPS - 3, STEPS - 2, STEPS - 1, STEPS];

/** The notebook's settings. */
export interface FirstSettings {
  us: string;
  cn: string;
  hawkishness: number;
  tariff: number;
}

const doctrines = [
  { value: 'DNM', label: 'DNM', title: 'Digital neo-mercantilism' },
  { value: 'NLG', label: 'NLG', title: 'Neoliberal globalization' },
];

/** The control panel. */
export function controls() {
  return panel('Your settings', {
    us: choice({ label: 'United States', name: 'us', options: doctrines, value: 'DNM' }),
    cn: choice({ label: 'China', name: 'cn', options: doctrines, value: 'NLG' }),
    hawkishness: slider({
      label: 'Hawkishness (both)',
      name: 'hawkishness',
      min: 0,
      max: 1,
      step: 0.05,
      value: 0.5,
      format: (v) => v.toFixed(2),
      note: 'Chance that a DNM trigger becomes a measure',
    }),
    tariff: slider({
      label: 'US tariff on Chinese goods',
      name: 'tariff',
      min: 0,
      max: 0.5,
      step: 0.05,
      value: 0,
      format: (v) => `${Math.round(v * 100)}%`,
      note: TARIFF_NOTE,
    }),
  });
}

/** The run's world for the settings: the same as the notebook's pinned code cell. */
export function firstWorld(settings: FirstSettings): WorldSpec {
  return chipWorld({
    states: {
      US: { doctrine: settings.us, rival: 'CN', hawkishness: settings.hawkishness },
      CN: { doctrine: settings.cn, rival: 'US', hawkishness: settings.hawkishness },
    },
    measures:
      settings.tariff > 0
        ? [{ type: 'tariff', issuer: 'US', from: ['CN'], rate: settings.tariff, start: TARIFF_START }]
        : [],
  });
}

/** The world without policy that the headline numbers and the dashed lines compare with. */
export function baselineWorld(): WorldSpec {
  return chipWorld();
}

/** The runs: {@link REPLICATES} of your settings, and one of the world without policy. */
export function firstRuns(spec: WorldSpec): RunJob[] {
  return [
    ...replicates(ARM, spec, { count: REPLICATES, steps: STEPS, seedPrefix: 'first-simulation' }),
    { arm: BASELINE, replicate: 0, spec: baselineWorld(), steps: STEPS, seed: 'first-simulation/0' },
  ];
}

/** The rows the notebook's charts and numbers read. */
export const KEEP: RowFilter[] = [
  { kind: 'state', entity: 'US' },
  { kind: 'state', entity: 'CN' },
  { kind: 'state_product', variable: 'capability' },
  { kind: 'flow', entity: />US:(phone|gallium)$/ },
  { kind: 'world' },
];

/** Runs your settings {@link REPLICATES} times, and the world without policy once, in the worker. */
export function simulateFirst(spec: WorldSpec): Promise<SimulationResult> {
  const marks = measureMarks(spec.measures ?? []);
  return simulateInWorker(firstRuns(spec), { channel: 'first', keep: KEEP }).then((result) => ({ ...result, marks }));
}

/** The mean of a variable of an arm over some quarters (and over its runs). */
function meanOf(
  rows: readonly ResultRow[],
  arm: string,
  entity: string,
  variable: string,
  quarters: readonly number[],
): number {
  let sum = 0;
  let n = 0;
  for (const r of rows) {
    if (r.arm === arm && r.entity === entity && r.variable === variable && quarters.includes(r.step)) {
      sum += r.value;
      n++;
    }
  }
  return n === 0 ? Number.NaN : sum / n;
}

/** The headline numbers: year 10 of your settings against year 10 of the same world without policy. */
export interface Headline {
  /** US output, relative change against no policy. */
  us: number;
  /** China's output, relative change against no policy. */
  cn: number;
  /** Measures in force at the end (US + China). */
  measures: number;
  /** The escalation index at the end. */
  escalation: number;
}

/** Computes the {@link Headline} numbers from a result of {@link simulateFirst}. */
export function headline(rows: readonly ResultRow[]): Headline {
  const change = (state: string) =>
    meanOf(rows, ARM, state, 'output', YEAR_10) / meanOf(rows, BASELINE, state, 'output', YEAR_10) - 1;
  return {
    us: change('US'),
    cn: change('CN'),
    measures:
      meanOf(rows, ARM, 'US', 'measures_in_force', [STEPS]) + meanOf(rows, ARM, 'CN', 'measures_in_force', [STEPS]),
    escalation: meanOf(rows, ARM, 'world', 'escalation_index', [STEPS]),
  };
}

/** The share of what US buyers buy of a product (in value) that comes from China, per run and quarter. */
export function chinaShareOfUsPurchases(rows: readonly ResultRow[], product: string, label: string): ResultRow[] {
  const flows = rows.filter((r) => r.entityKind === 'flow' && r.entity.endsWith(`>US:${product}`));
  return derive(flows, label, (get) => {
    let total = 0;
    for (const origin of ['US', 'CN', 'JP', 'NL', 'TW', 'ROW']) {
      const v = get(`${origin}>US:${product}`, 'trade_volume');
      if (Number.isFinite(v)) total += v;
    }
    const china = get(`CN>US:${product}`, 'trade_volume');
    return total > 0 ? (Number.isFinite(china) ? china : 0) / total : Number.NaN;
  });
}

/** A series label for an arm: yours as it is, the baseline marked. */
const withArm = (label: string, arm: string) => (arm === BASELINE ? `${label}, no policy` : label);

/** Output of the US and China over time. */
export function outputChart(result: SimulationResult): HTMLElement {
  const rows = [...rowsOf(result, 'US', 'output'), ...rowsOf(result, 'CN', 'output')];
  return figure(
    lineChart(rows, {
      title: 'Output of the United States and China',
      yLabel: 'Output',
      unit: 'value, units × price',
      seriesOf: (r) => withArm(stateName(r.entity), r.arm),
      seriesOrder: ['United States', 'China', 'United States, no policy', 'China, no policy'],
      marks: result.marks,
    }),
    'Value of everything each economy’s firms produce per quarter: equipment, chips and phones. Lines are means over the runs; bands are 95% confidence intervals. The “no policy” lines are the same world with no rivals and no measures: the yardstick of the numbers above.',
  );
}

/** Where American buyers buy phones and gallium: the share bought from China, against no policy. */
export function purchasesChart(result: SimulationResult): HTMLElement {
  const series = [
    ...chinaShareOfUsPurchases(result.rows, 'phone', 'Phones'),
    ...chinaShareOfUsPurchases(result.rows, 'gallium', 'Gallium'),
  ].map((r) => ({ ...r, entity: withArm(r.entity, r.arm) }));
  return figure(
    lineChart(series, {
      title: 'Share of US purchases bought from China',
      yLabel: 'From China',
      percent: true,
      seriesOf: (r) => r.entity,
      seriesOrder: ['Phones', 'Gallium', 'Phones, no policy', 'Gallium, no policy'],
      marks: result.marks,
    }),
    'Of the phones American consumers buy, and the gallium American toolmakers and fabs buy, the share (in value) made in China. The rest comes from Apple (phones) and from gallium mines in the rest of the world. A tariff or a ban on Chinese goods moves this share; where it moves to is where American buyers turn.',
  );
}

/** The US lead over China in capability, for chips and for chipmaking equipment. */
export function gapChart(result: SimulationResult): HTMLElement {
  const rows = result.rows.filter((r) => r.arm === ARM && r.variable === 'capability');
  const gap = (product: string) => (get: (entity: string, variable: string) => number) =>
    get(`US:${product}`, 'capability') - get(`CN:${product}`, 'capability');
  const series = [...derive(rows, 'Chips', gap('chip')), ...derive(rows, 'Chipmaking equipment', gap('sme'))];
  return figure(
    lineChart(series, {
      title: 'Capability gap: United States minus China',
      yLabel: 'Gap',
      unit: 'frontier = 1',
      seriesOf: (r) => r.entity,
      marks: result.marks,
    }),
    'How far China’s best firm is behind America’s best firm, as a share of the technology frontier (0 = level). DNM states react when this gap shrinks.',
  );
}

/** Measures in force and retaliation events, for the US and China. */
export function escalationChart(result: SimulationResult): HTMLElement {
  const rows = result.rows.filter(
    (r) =>
      r.arm === ARM &&
      (r.entity === 'US' || r.entity === 'CN') &&
      (r.variable === 'measures_in_force' || r.variable === 'retaliations'),
  );
  return figure(
    timelineChart(rows, {
      title: 'Escalation: measures in force',
      stateOrder: ['US', 'CN'],
      marks: result.marks,
    }),
    'Each lane is one state: the line counts the restrictive measures it has in force (mean over the runs), triangles mark quarters in which it retaliated.',
  );
}

/** A relative change as a signed percentage, e.g. `−2.3%`. */
export function percentChange(v: number): string {
  return `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)}%`;
}

/** Key numbers after ten years, against the same world without policy. */
export function summary(result: SimulationResult): HTMLElement {
  const h = headline(result.rows);
  const stats: Array<[string, string]> = [
    [percentChange(h.us), 'US output in year 10, against the same world without policy'],
    [percentChange(h.cn), 'China’s output in year 10, against the same world without policy'],
    [h.measures.toFixed(1), 'measures in force after 10 years (US + China)'],
    [
      `${(h.escalation * 100).toFixed(1)}%`,
      'escalation index after 10 years (share of world trade the measures close)',
    ],
  ];
  return statsPanel(stats);
}
