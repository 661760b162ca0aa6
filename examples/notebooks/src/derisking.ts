import type { WorldSpec } from '@chokepoint/core';
import { figure, finalMeans, lineChart, rowsOf, timelineChart } from './charts.ts';
import { replicates, simulateInWorker, type SimulationResult } from './client.ts';
import { choice, panel, slider } from './inputs.ts';
import type { ResultRow, RunJob } from './protocol.ts';
import { chipWorld } from './world.ts';

/* Notebook 6, "De-risking": the US under DNM, DERISK and NLG against the same China. */

/** Quarters per run (ten years). */
export const STEPS = 40;
/** Runs per arm. */
export const REPLICATES = 12;
/** The US doctrines compared, in the order charts show them. */
export const US_DOCTRINES = [
  { arm: 'US DNM', doctrine: 'DNM' },
  { arm: 'US DERISK', doctrine: 'DERISK' },
  { arm: 'US NLG', doctrine: 'NLG' },
] as const;
const ARMS = US_DOCTRINES.map((d) => d.arm);
/** The arm of the same world without policy (no rivals, no measures): one run, nothing random in it. */
export const BASELINE = 'No policy';

/** The notebook's settings. */
export interface DeriskingSettings {
  cn: string;
  hawkishness: number;
}

/** The control panel. */
export function controls() {
  return panel('China, and how hawkish both are', {
    cn: choice({
      label: 'China’s doctrine',
      name: 'cn',
      options: [
        { value: 'DNM', label: 'DNM', title: 'Digital neo-mercantilism' },
        { value: 'NLG', label: 'NLG', title: 'Neoliberal globalization' },
      ],
      value: 'DNM',
    }),
    hawkishness: slider({
      label: 'Hawkishness (both)',
      name: 'hawkishness',
      min: 0,
      max: 1,
      step: 0.05,
      value: 0.5,
      format: (v) => v.toFixed(2),
      note: 'Chance a trigger becomes a measure: DNM’s controls and bans, DERISK’s fence',
    }),
  });
}

/** The world with the US on `us` and China as set. */
export function deriskingWorld(us: string, settings: DeriskingSettings): WorldSpec {
  return chipWorld({
    states: {
      US: { doctrine: us, rival: 'CN', hawkishness: settings.hawkishness },
      CN: { doctrine: settings.cn, rival: 'US', hawkishness: settings.hawkishness },
    },
  });
}

/** The runs: {@link REPLICATES} per US doctrine (shared seeds), and one of the world without policy. */
export function deriskingRuns(settings: DeriskingSettings): RunJob[] {
  return [
    ...US_DOCTRINES.flatMap(({ arm, doctrine }) =>
      replicates(arm, deriskingWorld(doctrine, settings), { count: REPLICATES, steps: STEPS, seedPrefix: 'derisking' }),
    ),
    { arm: BASELINE, replicate: 0, spec: chipWorld(), steps: STEPS, seed: 'derisking/0' },
  ];
}

/** Runs the arms in the worker. */
export function simulateDerisking(settings: DeriskingSettings): Promise<SimulationResult> {
  return simulateInWorker(deriskingRuns(settings), {
    channel: 'derisking',
    keep: [
      { kind: 'world', variable: 'escalation_index' },
      { kind: 'state', entity: 'US' },
      { kind: 'state', entity: 'CN' },
      { kind: 'state_product', entity: 'CN:chip', variable: 'capability' },
    ],
  });
}

/** A state's welfare relative to the world without policy, per run and quarter (0 = no change). */
export function welfareAgainstBaseline(rows: readonly ResultRow[], state: string): ResultRow[] {
  const base = new Map(
    rows
      .filter((r) => r.arm === BASELINE && r.entity === state && r.variable === 'welfare')
      .map((r) => [r.step, r.value]),
  );
  return rows
    .filter((r) => r.arm !== BASELINE && r.entity === state && r.variable === 'welfare' && base.has(r.step))
    .map((r) => ({ ...r, variable: 'welfare_change', value: r.value / base.get(r.step)! - 1 }));
}

/** The escalation index of each US doctrine. */
export function escalationChart(result: SimulationResult): HTMLElement {
  return figure(
    lineChart(
      rowsOf(result, 'world', 'escalation_index').filter((r) => r.arm !== BASELINE),
      {
        title: 'Escalation index',
        yLabel: 'Trade restricted',
        unit: 'share of world trade',
        percent: true,
        seriesOrder: ARMS,
      },
    ),
    'The share of world trade (valued before the conflict) that the measures in force close, with the US on each doctrine against the same China.',
  );
}

/** US real income against the world without policy, for each US doctrine. */
export function welfareChart(result: SimulationResult): HTMLElement {
  return figure(
    lineChart(welfareAgainstBaseline(result.rows, 'US'), {
      title: 'US real income against no policy',
      yLabel: 'Change',
      percent: true,
      seriesOrder: ARMS,
    }),
    'US welfare (real income: value added plus tariff revenue, less the cost of subsidies, over the price index) relative to the same world without policy. Below zero, the conflict costs the US.',
  );
}

/** China's capability in chips, for each US doctrine. */
export function capabilityChart(result: SimulationResult): HTMLElement {
  return figure(
    lineChart(rowsOf(result, 'CN:chip', 'capability'), {
      title: 'China’s capability in chips',
      yLabel: 'Capability',
      unit: 'frontier = 1',
      seriesOrder: ARMS,
    }),
    'SMIC, China’s best fab, as a share of the moving technology frontier.',
  );
}

/** Measures in force, lane per state, line per US doctrine. */
export function measuresChart(result: SimulationResult): HTMLElement {
  const rows = result.rows.filter(
    (r) => r.arm !== BASELINE && (r.variable === 'measures_in_force' || r.variable === 'retaliations'),
  );
  return figure(
    timelineChart(rows, {
      title: 'Measures in force, by state',
      stateOrder: ['US', 'CN'],
      armOrder: ARMS,
    }),
    'Each lane is a state; each line a US doctrine. Triangles mark retaliation.',
  );
}

/** The numbers of the table, by arm: year 10 means. */
export interface DeriskingRow {
  arm: string;
  escalation: number;
  usWelfare: number;
  cnWelfare: number;
  capability: number;
  usMeasures: number;
}

/** The table's numbers: the escalation index and measures at the end, welfare and capability averaged over year 10. */
export function deriskingTable(rows: readonly ResultRow[]): DeriskingRow[] {
  const year10 = (xs: readonly ResultRow[]) => {
    const by = new Map<string, number[]>();
    for (const r of xs) if (r.step > STEPS - 4) by.set(r.arm, [...(by.get(r.arm) ?? []), r.value]);
    return new Map([...by].map(([arm, v]) => [arm, v.reduce((a, b) => a + b, 0) / v.length]));
  };
  const escalation = finalMeans(rows.filter((r) => r.entity === 'world' && r.variable === 'escalation_index'));
  const measures = finalMeans(rows.filter((r) => r.entity === 'US' && r.variable === 'measures_in_force'));
  const us = year10(welfareAgainstBaseline(rows, 'US'));
  const cn = year10(welfareAgainstBaseline(rows, 'CN'));
  const capability = year10(rows.filter((r) => r.entity === 'CN:chip' && r.variable === 'capability'));
  return ARMS.map((arm) => ({
    arm,
    escalation: escalation.get(arm)!,
    usWelfare: us.get(arm)!,
    cnWelfare: cn.get(arm)!,
    capability: capability.get(arm)!,
    usMeasures: measures.get(arm)!,
  }));
}

/** The table of the three US doctrines after ten years. */
export function table(result: SimulationResult): HTMLTableElement {
  const node = document.createElement('table');
  node.className = 'cp-table';
  const head = node.createTHead().insertRow();
  for (const title of [
    'After 10 years',
    'Escalation index',
    'US real income',
    'China’s real income',
    'China’s chip capability',
    'US measures',
  ])
    head.append(Object.assign(document.createElement('th'), { textContent: title }));
  const body = node.createTBody();
  const pct = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)}%`;
  for (const r of deriskingTable(result.rows)) {
    const tr = body.insertRow();
    tr.insertCell().textContent = r.arm;
    for (const text of [
      `${(r.escalation * 100).toFixed(1)}%`,
      pct(r.usWelfare),
      pct(r.cnWelfare),
      r.capability.toFixed(3),
      r.usMeasures.toFixed(1),
    ]) {
      const td = tr.insertCell();
      td.className = 'cp-num';
      td.textContent = text;
    }
  }
  return node;
}
