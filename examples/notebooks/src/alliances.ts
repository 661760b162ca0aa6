import type { MeasureSpec, WorldSpec } from '@chokepoint/core';
import { figure, lineChart, measureMarks, row, rowsOf, stateName, statsPanel, sumRows } from './charts.ts';
import { simulateInWorker, type SimulationResult } from './client.ts';
import { checkboxes, panel, slider, toggle } from './inputs.ts';
import type { RunJob } from './protocol.ts';
import { chipWorld, quarterOf, STATES } from './world.ts';

/* Notebook 2, "Export controls and alliances": who joins a control on chipmaking equipment. */

/** Quarters per run. */
export const STEPS = 40;
/** The control's `start`: it takes effect after this many quarters (two years). */
export const START = 8;
/** The quarter the control is first in force (quarters numbered from 1, as on the charts). */
export const START_QUARTER = quarterOf(START);
/** The arm without any control. */
export const NO_CONTROL = 'No control';
/** The arm where the US acts alone. */
export const US_ALONE = 'US alone';

/** The notebook's settings. */
export interface AllianceSettings {
  allies: string[];
  lead: number;
  fdpr: boolean;
  deMinimis: number;
}

/** The control panel. */
export function controls() {
  return panel('The control on chipmaking equipment', {
    allies: checkboxes({
      label: 'Allies that join',
      name: 'allies',
      options: [
        { value: 'NL', label: 'Netherlands (ASML)' },
        { value: 'JP', label: 'Japan (TEL)' },
      ],
      value: ['NL', 'JP'],
    }),
    lead: slider({
      label: 'Announced ahead by',
      name: 'lead',
      min: 0,
      max: 6,
      step: 1,
      value: 2,
      format: (v) => (v === 1 ? '1 quarter' : `${v} quarters`),
      note: leadNote,
    }),
    fdpr: toggle({
      label: 'US applies the foreign direct product rule',
      name: 'fdpr',
      value: false,
      note: 'Reaches foreign equipment with US content',
    }),
    deMinimis: slider({
      label: 'De minimis threshold',
      name: 'deMinimis',
      min: 0.05,
      max: 0.3,
      step: 0.05,
      value: 0.25,
      format: (v) => `${Math.round(v * 100)}%`,
      note: (v) => `Binds foreign makers with more than ${Math.round(v * 100)}% US content (ASML ≈ 20%, TEL ≈ 10%)`,
    }),
  });
}

/** When the control is announced and when it binds, for an announcement `lead` quarters ahead. */
export function leadNote(lead: number): string {
  return `Announced in quarter ${quarterOf(START - lead)}, in force from quarter ${START_QUARTER}`;
}

/** The arm name of a coalition, e.g. `US + Netherlands + FDPR 25%`; `US alone` when it adds nothing. */
export function coalitionName(settings: AllianceSettings): string {
  const parts = ['US', ...settings.allies.map(stateName)];
  if (settings.fdpr) parts.push(`FDPR ${Math.round(settings.deMinimis * 100)}%`);
  return parts.length === 1 ? US_ALONE : parts.join(' + ');
}

/** The export controls of the issuers: each bans exports of equipment to China from `start` on. */
export function equipmentControls(issuers: string[], options: { lead: number; deMinimis?: number }): MeasureSpec[] {
  return issuers.map((issuer) => ({
    type: 'export_control',
    issuer,
    targets: ['CN'],
    products: ['sme'],
    announce: START - options.lead,
    start: START,
    ...(issuer === 'US' && options.deMinimis !== undefined ? { deMinimis: options.deMinimis } : {}),
  }));
}

/**
 * The world with the given measures. Every state is NLG and no one retaliates (forgiveness 1,
 * no offers), so only the control itself acts; notebook 3 is about retaliation.
 */
export function allianceWorld(measures: MeasureSpec[]): WorldSpec {
  return chipWorld({
    states: Object.fromEntries(STATES.map((s) => [s, { doctrine: 'NLG' }])),
    measures,
    policy: { forgiveness: 1, reciprocityOffer: 0 },
  });
}

/**
 * The runs: no control, the US alone, and the chosen coalition (left out when it is the US
 * alone). Nothing random is left in these worlds, so one run per arm is enough.
 */
export function allianceRuns(settings: AllianceSettings, coalition: WorldSpec): RunJob[] {
  const runs: RunJob[] = [
    { arm: NO_CONTROL, replicate: 0, spec: allianceWorld([]), steps: STEPS, seed: 'alliances' },
    {
      arm: US_ALONE,
      replicate: 0,
      spec: allianceWorld(equipmentControls(['US'], { lead: settings.lead })),
      steps: STEPS,
      seed: 'alliances',
    },
  ];
  const name = coalitionName(settings);
  if (name !== US_ALONE) runs.push({ arm: name, replicate: 0, spec: coalition, steps: STEPS, seed: 'alliances' });
  return runs;
}

/** Runs the arms in the worker. */
export function simulateAlliances(settings: AllianceSettings, coalition: WorldSpec): Promise<SimulationResult> {
  const marks = measureMarks(equipmentControls(['US'], { lead: settings.lead }));
  return simulateInWorker(allianceRuns(settings, coalition), {
    channel: 'alliances',
    record: { firms: true },
    keep: [
      { kind: 'flow', entity: />CN:sme$/ },
      { kind: 'product', entity: 'sme', variable: 'leakage' },
      { kind: 'state_product', entity: /:sme$/, variable: 'market_share' },
      { kind: 'state_product', entity: 'CN:sme', variable: 'capability' },
      { kind: 'firm', entity: 'SMIC', variable: 'output' },
    ],
  }).then((result) => ({ ...result, marks }));
}

const arms = (result: SimulationResult) => [...new Set(result.rows.map((r) => r.arm))];

/** China's imports of equipment by arm: front-loading before the start, the cut, and what leaks back. */
export function importsChart(result: SimulationResult, settings: AllianceSettings): HTMLElement {
  const flows = result.rows.filter((r) => r.entityKind === 'flow' && !r.entity.startsWith('CN>'));
  const series = arms(result).flatMap((arm) =>
    sumRows(
      flows.filter((r) => r.arm === arm),
      'imports',
    ),
  );
  return figure(
    lineChart(series, {
      title: 'China’s imports of chipmaking equipment',
      yLabel: 'Imports',
      unit: 'value per quarter',
      control: NO_CONTROL,
      seriesOrder: arms(result),
      marks: result.marks,
    }),
    `The control is announced in quarter ${quarterOf(START - settings.lead)} and bites from quarter ${START_QUARTER}. A spike before it is front-loading: Chinese fabs stock up while they still can. What comes back afterwards is supply from makers the control does not bind.`,
  );
}

/** Leakage by arm. */
export function leakageChart(result: SimulationResult): HTMLElement {
  const rows = rowsOf(result, 'sme', 'leakage').filter((r) => r.arm !== NO_CONTROL);
  return figure(
    lineChart(rows, {
      title: 'Leakage through third countries',
      yLabel: 'Leakage',
      unit: 'value per quarter',
      seriesOrder: arms(result),
      marks: result.marks,
    }),
    'Value of controlled equipment that still reaches China from makers outside the issuing states. Zero means the control binds every producer.',
  );
}

/** SMIC's chip output and China's equipment capability, by arm. */
export function targetCharts(result: SimulationResult): HTMLElement {
  const order = arms(result);
  return row(
    figure(
      lineChart(rowsOf(result, 'SMIC', 'output'), {
        title: 'SMIC’s chip output',
        width: 470,
        height: 330,
        yLabel: 'Output',
        unit: 'chips per quarter',
        control: NO_CONTROL,
        seriesOrder: order,
        marks: result.marks,
      }),
      'The bite: China’s fab can only make chips while it gets equipment.',
    ),
    figure(
      lineChart(rowsOf(result, 'CN:sme', 'capability'), {
        title: 'China’s equipment capability',
        width: 470,
        height: 330,
        yLabel: 'Capability',
        unit: 'frontier = 1',
        control: NO_CONTROL,
        seriesOrder: order,
        marks: result.marks,
      }),
      'The best Chinese equipment maker (SMEE), as a share of the frontier. Denied imports pull it up; lost access to foreign know-how holds it back.',
    ),
  );
}

/** World equipment market shares before the control, and the coalition's total. */
export function coalitionShare(result: SimulationResult, settings: AllianceSettings): HTMLElement {
  const shares = new Map(
    result.rows
      .filter((r) => r.arm === NO_CONTROL && r.step === 1 && r.variable === 'market_share')
      .map((r) => [r.entity.split(':')[0]!, r.value]),
  );
  const members = ['US', ...settings.allies];
  const total = members.reduce((sum, s) => sum + (shares.get(s) ?? 0), 0);
  return statsPanel([
    [
      `${Math.round(total * 100)}%`,
      `of world equipment sales made in the issuing states (${members.map(stateName).join(', ')})`,
    ],
    ...['US', 'NL', 'JP', 'CN'].map(
      (s) => [`${Math.round((shares.get(s) ?? 0) * 100)}%`, `${stateName(s)}’s share before the control`] as const,
    ),
  ]);
}
