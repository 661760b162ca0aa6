import type { MeasureSpec, WorldSpec } from '@chokepoint/core';
import { figure, lineChart, measureMarks, row, rowsOf } from './charts.ts';
import { simulateInWorker, type SimulationResult } from './client.ts';
import type { ResultRow } from './protocol.ts';
import { panel, slider } from './inputs.ts';
import { chipWorld, quarterOf, STATES } from './world.ts';

/* Notebook 4, "Sanctions and substitution": a Huawei-style staged cutoff over fifteen years. */

/** Quarters per run (fifteen years). */
export const STEPS = 60;
/** The arm without sanctions. */
export const CONTROL = 'No sanctions';
/** The arm with the staged cutoff. */
export const CUTOFF = 'Staged cutoff';
/** Chinese firms, whose R&D intensity the slider sets. */
export const CHINESE_FIRMS = ['SMEE', 'SMIC', 'Huawei', 'Xiaomi'];

/** The stages of the cutoff: `start` is the measure's (quarters before it); quarter 1 is spring (April–June) 2018. */
export const STAGES = [
  { start: 4, season: 'spring 2019', what: 'Entity list: US firms may no longer sell to Huawei — Intel’s chips stop.' },
  {
    start: 8,
    season: 'spring 2020',
    what: 'Foreign direct product rule: chips made abroad with more than 25% US content may not go to Huawei either — TSMC’s chips stop.',
  },
  {
    start: 18,
    season: 'autumn 2022',
    what: 'Equipment control: no US chipmaking equipment, nor foreign equipment with more than 25% US content, for Chinese fabs.',
  },
].map((stage) => ({ ...stage, when: `Q${quarterOf(stage.start)} (${stage.season})` }));

/** The notebook's settings. */
export interface SanctionSettings {
  rd: number;
  screening: number;
}

/** The control panel. */
export function controls() {
  return panel('China’s response and America’s screening', {
    rd: slider({
      label: 'R&D intensity of Chinese firms',
      name: 'rd',
      min: 0,
      max: 0.3,
      step: 0.01,
      value: 0.05,
      format: (v) => `${Math.round(v * 100)}%`,
      note: 'R&D spending as a share of revenue (default 5%), in both worlds',
    }),
    screening: slider({
      label: 'Spillover screening',
      name: 'screening',
      min: 0,
      max: 1,
      step: 0.1,
      value: 0,
      format: (v) => `${Math.round(v * 100)}%`,
      note: `How much of China’s access to US know-how the US cuts, from Q${quarterOf(STAGES[0]!.start)}, with the cutoff`,
    }),
  });
}

/** The three stages as measures, plus investment screening when `screening` > 0. */
export function cutoffMeasures(screening: number): MeasureSpec[] {
  return [
    { id: 'entity-list', type: 'entity_list', issuer: 'US', entities: ['Huawei'], start: STAGES[0]!.start },
    {
      id: 'fdpr-huawei',
      type: 'foreign_direct_product_rule',
      issuer: 'US',
      entities: ['Huawei'],
      products: ['chip'],
      deMinimis: 0.25,
      start: STAGES[1]!.start,
    },
    {
      id: 'equipment-control',
      type: 'export_control',
      issuer: 'US',
      targets: ['CN'],
      products: ['sme'],
      deMinimis: 0.25,
      start: STAGES[2]!.start,
    },
    ...(screening > 0
      ? [
          {
            id: 'screening',
            type: 'investment_screening',
            issuer: 'US',
            targets: ['CN'],
            strength: screening,
            start: STAGES[0]!.start,
          },
        ]
      : []),
  ];
}

/**
 * The world with the given measures and R&D intensity of Chinese firms. Every state is NLG and
 * nobody retaliates, so the sanctions act alone.
 */
export function sanctionsWorld(measures: MeasureSpec[], rd: number): WorldSpec {
  return chipWorld({
    states: Object.fromEntries(STATES.map((s) => [s, { doctrine: 'NLG' }])),
    firms: Object.fromEntries(CHINESE_FIRMS.map((id) => [id, { rdIntensity: rd }])),
    measures,
    policy: { forgiveness: 1, reciprocityOffer: 0 },
  });
}

/** Runs both worlds in the worker (nothing random is left in them: one run each). */
export function simulateSanctions(worlds: { noSanctions: WorldSpec; cutoff: WorldSpec }): Promise<SimulationResult> {
  const marks = measureMarks(worlds.cutoff.measures ?? []);
  return simulateInWorker(
    [
      { arm: CONTROL, replicate: 0, spec: worlds.noSanctions, steps: STEPS, seed: 'sanctions' },
      { arm: CUTOFF, replicate: 0, spec: worlds.cutoff, steps: STEPS, seed: 'sanctions' },
    ],
    {
      channel: 'sanctions',
      record: { firms: true },
      keep: [
        { kind: 'state_product', entity: 'CN:chip' },
        { kind: 'state_product', entity: 'CN:sme', variable: 'capability' },
        { kind: 'state_product', entity: 'US:sme', variable: 'market_share' },
        { kind: 'state_product', entity: 'US:chip', variable: 'market_share' },
        { kind: 'firm', entity: 'TSMC', variable: 'origin_content:US' },
      ],
    },
  ).then((result) => ({ ...result, marks }));
}

const half = { width: 470, height: 330, control: CONTROL, seriesOrder: [CONTROL, CUTOFF] };

/** China's capability in chips, and the cutoff's effect on its capability in chips and equipment. */
export function capabilityCharts(result: SimulationResult): HTMLElement {
  return row(
    figure(
      lineChart(rowsOf(result, 'CN:chip', 'capability'), {
        ...half,
        marks: result.marks,
        title: 'China’s capability in chips',
        yLabel: 'Capability',
        unit: 'frontier = 1',
      }),
      'SMIC, China’s best fab, as a share of the technology frontier.',
    ),
    figure(
      lineChart([...cutoffEffect(result, 'CN:chip', 'Chips'), ...cutoffEffect(result, 'CN:sme', 'Equipment')], {
        width: half.width,
        height: half.height,
        title: 'Effect of the cutoff on China’s capability',
        subtitle: 'Staged cutoff minus no sanctions',
        yLabel: 'Effect',
        unit: 'points',
        seriesOf: (r) => r.entity,
        marks: result.marks,
      }),
      'Above zero, the sanctions put China ahead of where it would have been; below zero, behind. Points of the frontier: 1 point = 1% of the frontier.',
    ),
  );
}

/** The difference in capability between the two arms, in points (hundredths) of the frontier. */
export function cutoffEffect(result: SimulationResult, entity: string, label: string): ResultRow[] {
  const control = new Map(
    rowsOf(result, entity, 'capability')
      .filter((r) => r.arm === CONTROL)
      .map((r) => [r.step, r.value]),
  );
  return rowsOf(result, entity, 'capability')
    .filter((r) => r.arm === CUTOFF && control.has(r.step))
    .map((r) => ({ ...r, arm: label, entity: label, value: 100 * (r.value - control.get(r.step)!) }));
}

/** The US share of world sales of equipment and of chips. */
export function marketShareCharts(result: SimulationResult): HTMLElement {
  return row(
    figure(
      lineChart(rowsOf(result, 'US:sme', 'market_share'), {
        ...half,
        marks: result.marks,
        title: 'US share of world equipment sales',
        yLabel: 'Market share',
        percent: true,
      }),
      'Applied Materials’ share. Buyers abroad move their orders away from US suppliers.',
    ),
    figure(
      lineChart(rowsOf(result, 'US:chip', 'market_share'), {
        ...half,
        marks: result.marks,
        title: 'US share of world chip sales',
        yLabel: 'Market share',
        percent: true,
      }),
      'Intel’s share: Huawei’s orders go elsewhere and do not come back.',
    ),
  );
}

/** China's self-sufficiency in chips and TSMC's US content. */
export function substitutionCharts(result: SimulationResult): HTMLElement {
  return row(
    figure(
      lineChart(rowsOf(result, 'CN:chip', 'self_sufficiency'), {
        ...half,
        marks: result.marks,
        title: 'China’s self-sufficiency in chips',
        yLabel: 'Domestic output / need',
        percent: true,
      }),
      'Chips made in China as a share of what Chinese firms need: import substitution.',
    ),
    figure(
      lineChart(rowsOf(result, 'TSMC', 'origin_content:US'), {
        ...half,
        marks: result.marks,
        title: 'US content of TSMC’s chips',
        yLabel: 'US-origin content',
        percent: true,
      }),
      'TSMC designs out American technology until the foreign direct product rule (25%) no longer binds it.',
    ),
  );
}

/** The timeline of the cutoff, as a list. */
export function timeline(): HTMLElement {
  const list = document.createElement('ol');
  list.className = 'cp-timeline';
  for (const stage of STAGES) {
    const item = document.createElement('li');
    item.innerHTML = '<span class="cp-when"></span><span></span>';
    item.children[0]!.textContent = stage.when;
    item.children[1]!.textContent = stage.what;
    list.append(item);
  }
  return list;
}
