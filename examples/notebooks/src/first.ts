import { escalationTimelineChart } from '@chokepoint/charts';
import type { WorldSpec } from '@chokepoint/core';
import { derive, figure, lineChart, rowsOf, stateName } from './charts.ts';
import { replicates, simulateInWorker, type SimulationResult } from './client.ts';
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
    measures: settings.tariff > 0 ? [{ type: 'tariff', issuer: 'US', from: ['CN'], rate: settings.tariff, start: TARIFF_START }] : [],
  });
}

/** Runs the world {@link REPLICATES} times in the worker. */
export function simulateFirst(spec: WorldSpec): Promise<SimulationResult> {
  return simulateInWorker(replicates(ARM, spec, { count: REPLICATES, steps: STEPS, seedPrefix: 'first-simulation' }), {
    channel: 'first',
    keep: [
      { kind: 'state', entity: 'US' },
      { kind: 'state', entity: 'CN' },
      { kind: 'state_product', variable: 'capability' },
      { kind: 'world' },
    ],
  });
}

/** Output of the US and China over time. */
export function outputChart(result: SimulationResult): HTMLElement {
  const rows = [...rowsOf(result, 'US', 'output'), ...rowsOf(result, 'CN', 'output')];
  return figure(
    lineChart(rows, {
      title: 'Output of the United States and China',
      yLabel: 'Output',
      unit: 'value, units × price',
      seriesOf: (r) => stateName(r.entity),
      seriesOrder: ['United States', 'China'],
    }),
    'Value of everything each economy’s firms produce per quarter: equipment, chips and phones. Lines are means over the runs; bands are 95% confidence intervals.',
  );
}

/** The US lead over China in capability, for chips and for chipmaking equipment. */
export function gapChart(result: SimulationResult): HTMLElement {
  const rows = result.rows.filter((r) => r.variable === 'capability');
  const gap = (product: string) => (get: (entity: string, variable: string) => number) => get(`US:${product}`, 'capability') - get(`CN:${product}`, 'capability');
  const series = [...derive(rows, 'Chips', gap('chip')), ...derive(rows, 'Chipmaking equipment', gap('sme'))];
  return figure(
    lineChart(series, {
      title: 'Capability gap: United States minus China',
      yLabel: 'Gap',
      unit: 'frontier = 1',
      seriesOf: (r) => r.entity,
    }),
    'How far China’s best firm is behind America’s best firm, as a share of the technology frontier (0 = level). DNM states react when this gap shrinks.',
  );
}

/** Measures in force and retaliation events, for the US and China. */
export function escalationChart(result: SimulationResult): HTMLElement {
  const rows = result.rows.filter((r) => (r.entity === 'US' || r.entity === 'CN') && (r.variable === 'measures_in_force' || r.variable === 'retaliations'));
  return figure(
    escalationTimelineChart(rows, { title: 'Escalation: measures in force', width: 720, stateOrder: ['US', 'CN'], xLabel: 'Quarter' }),
    'Each lane is one state: the line counts the restrictive measures it has in force (mean over the runs), triangles mark quarters in which it retaliated.',
  );
}

/** Key numbers after ten years. */
export function summary(result: SimulationResult): HTMLElement {
  const last = (entity: string, variable: string) => {
    const rows = result.rows.filter((r) => r.entity === entity && r.variable === variable && r.step === STEPS);
    return rows.reduce((s, r) => s + r.value, 0) / Math.max(1, rows.length);
  };
  const first = (entity: string, variable: string) => {
    const rows = result.rows.filter((r) => r.entity === entity && r.variable === variable && r.step === 1);
    return rows.reduce((s, r) => s + r.value, 0) / Math.max(1, rows.length);
  };
  const change = (entity: string) => last(entity, 'output') / first(entity, 'output') - 1;
  const pct = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)}%`;
  const stats: Array<[string, string]> = [
    [pct(change('US')), 'US output, year 10 vs quarter 1'],
    [pct(change('CN')), 'China’s output, year 10 vs quarter 1'],
    [(last('US', 'measures_in_force') + last('CN', 'measures_in_force')).toFixed(1), 'measures in force after 10 years (US + China)'],
    [(last('world', 'escalation_index')).toFixed(1), 'escalation index after 10 years (severity of measures + retaliations)'],
  ];
  const node = document.createElement('div');
  node.className = 'cp-stats';
  for (const [value, label] of stats) {
    const stat = document.createElement('div');
    stat.className = 'cp-stat';
    stat.innerHTML = `<div class="cp-stat-value"></div><div class="cp-stat-label"></div>`;
    stat.children[0]!.textContent = value;
    stat.children[1]!.textContent = label;
    node.append(stat);
  }
  return node;
}
