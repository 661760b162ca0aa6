import type { WorldSpec } from '@chokepoint/core';
import { figure, finalMeans, lineChart, rowsOf, timelineChart } from './charts.ts';
import { replicates, simulateInWorker, type SimulationResult } from './client.ts';
import { panel, slider } from './inputs.ts';
import type { ResultRow, RunJob } from './protocol.ts';
import { chipWorld } from './world.ts';

/* Notebook 3, "Tit-for-tat": three pairs of doctrines, forgiveness and proportionality. */

/** Quarters per run. */
export const STEPS = 40;
/** Runs per pair. */
export const REPLICATES = 12;
/** The pairs, US doctrine first. */
export const PAIRS = [
  { arm: 'DNM–DNM', us: 'DNM', cn: 'DNM' },
  { arm: 'DNM–NLG', us: 'DNM', cn: 'NLG' },
  { arm: 'NLG–NLG', us: 'NLG', cn: 'NLG' },
] as const;
const ARMS = PAIRS.map((p) => p.arm);

/** The notebook's settings. */
export interface TitForTatSettings {
  forgiveness: number;
  proportionality: number;
}

/** The control panel. */
export function controls() {
  return panel('Rules of the game', {
    forgiveness: slider({
      label: 'Forgiveness (NLG)',
      name: 'forgiveness',
      min: 0,
      max: 1,
      step: 0.05,
      value: 0.3,
      format: (v) => v.toFixed(2),
      note: 'Chance an NLG state lets a measure against it go unanswered',
    }),
    proportionality: slider({
      label: 'Retaliation proportionality',
      name: 'proportionality',
      min: 0,
      max: 2,
      step: 0.1,
      value: 1,
      format: (v) => `× ${v.toFixed(1)}`,
      note: 'Trade an answer closes, relative to the trade the measure it answers closed (at most all the trade still open to it)',
    }),
  });
}

/** The world for one pair of doctrines. */
export function pairWorld(us: string, cn: string, settings: TitForTatSettings): WorldSpec {
  return chipWorld({
    states: { US: { doctrine: us, rival: 'CN' }, CN: { doctrine: cn, rival: 'US' } },
    policy: { forgiveness: settings.forgiveness, retaliationProportionality: settings.proportionality },
  });
}

/** Runs the three pairs side by side, {@link REPLICATES} times each, with shared seeds. */
export function simulatePairs(worlds: Record<string, WorldSpec>): Promise<SimulationResult> {
  const runs: RunJob[] = ARMS.flatMap((arm) =>
    replicates(arm, worlds[arm]!, { count: REPLICATES, steps: STEPS, seedPrefix: 'tit-for-tat' }),
  );
  return simulateInWorker(runs, {
    channel: 'tit-for-tat',
    keep: [
      { kind: 'world', variable: 'escalation_index' },
      { kind: 'world', variable: 'welfare' },
      { kind: 'state', entity: 'US', variable: 'measures_in_force' },
      { kind: 'state', entity: 'CN', variable: 'measures_in_force' },
      { kind: 'state', entity: 'US', variable: 'retaliations' },
      { kind: 'state', entity: 'CN', variable: 'retaliations' },
    ],
  });
}

/** The escalation index of each pair. */
export function escalationIndexChart(result: SimulationResult): HTMLElement {
  return figure(
    lineChart(rowsOf(result, 'world', 'escalation_index'), {
      title: 'Escalation index',
      yLabel: 'Trade restricted',
      unit: 'share of world trade',
      percent: true,
      seriesOrder: ARMS,
    }),
    'The share of world trade (valued at its level before the conflict) that the measures in force close. Each measure counts only what the measures before it left open, so a measure that repeats one in force adds nothing. A line that keeps climbing is a spiral; a flat line, a conflict that has run out of trade to close.',
  );
}

/** Measures in force, lane per state, line per pair. */
export function measuresChart(result: SimulationResult): HTMLElement {
  const rows = result.rows.filter((r) => r.variable === 'measures_in_force' || r.variable === 'retaliations');
  return figure(
    timelineChart(rows, {
      title: 'Measures in force, by state',
      stateOrder: ['US', 'CN'],
      armOrder: ARMS,
    }),
    'Each lane is a state; each line a pair of doctrines. Triangles mark retaliation, larger when more runs retaliated that quarter.',
  );
}

/** World welfare of each pair. */
export function welfareChart(result: SimulationResult): HTMLElement {
  return figure(
    lineChart(rowsOf(result, 'world', 'welfare'), {
      title: 'World welfare',
      yLabel: 'Welfare',
      unit: 'value per quarter',
      seriesOrder: ARMS,
    }),
    'Value of final demand met, less subsidies and the cost of switching suppliers.',
  );
}

/**
 * The quarter a conflict stops, per run: the first quarter from which the escalation index
 * stays at its value in the last quarter. Returns the mean over the runs of each arm.
 */
export function stopQuarters(rows: readonly ResultRow[]): Map<string, number> {
  const paths = new Map<string, Map<number, number[]>>();
  for (const r of rows) {
    if (r.entity !== 'world' || r.variable !== 'escalation_index') continue;
    const byRun = paths.get(r.arm) ?? new Map<number, number[]>();
    paths.set(r.arm, byRun);
    const path = byRun.get(r.replicate) ?? [];
    byRun.set(r.replicate, path);
    path[r.step - 1] = r.value;
  }
  const out = new Map<string, number>();
  for (const [arm, byRun] of paths) {
    let sum = 0;
    for (const path of byRun.values()) {
      let q = path.length;
      while (q > 1 && Math.abs(path[q - 2]! - path.at(-1)!) < 1e-9) q--;
      sum += q;
    }
    out.set(arm, sum / byRun.size);
  }
  return out;
}

/** A table of the three pairs after ten years. */
export function pairTable(result: SimulationResult): HTMLTableElement {
  const escalation = finalMeans(rowsOf(result, 'world', 'escalation_index'));
  const welfare = finalMeans(rowsOf(result, 'world', 'welfare'));
  const us = finalMeans(rowsOf(result, 'US', 'measures_in_force'));
  const cn = finalMeans(rowsOf(result, 'CN', 'measures_in_force'));
  const stops = stopQuarters(result.rows);
  const table = document.createElement('table');
  table.className = 'cp-table';
  const head = table.createTHead().insertRow();
  for (const title of [
    'After 10 years',
    'US measures',
    'China measures',
    'Escalation index',
    'World welfare',
    'Escalation stops in quarter',
  ])
    head.append(Object.assign(document.createElement('th'), { textContent: title }));
  const body = table.createTBody();
  for (const arm of ARMS) {
    const tr = body.insertRow();
    tr.insertCell().textContent = arm;
    for (const [value, digits] of [
      [us.get(arm), 1],
      [cn.get(arm), 1],
      [escalation.get(arm) === undefined ? undefined : 100 * escalation.get(arm)!, 1],
      [welfare.get(arm), 0],
      [stops.get(arm), 0],
    ] as const) {
      const td = tr.insertCell();
      td.className = 'cp-num';
      td.textContent =
        value === undefined
          ? '–'
          : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
      if (value !== undefined && td.cellIndex === 3) td.textContent += '%';
    }
  }
  return table;
}
