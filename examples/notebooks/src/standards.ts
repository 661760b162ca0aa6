import type { StandardsSpec, WorldSpec } from '@chokepoint/core';
import { figure, lineChart, row, rowsOf } from './charts.ts';
import { replicates, simulateInWorker, type SimulationResult } from './client.ts';
import { choice, panel, slider } from './inputs.ts';
import type { ResultRow, RunJob } from './protocol.ts';
import { chipWorld, STATES } from './world.ts';

/*
 * Notebook 8, "Standards blocs": bloc voting in a 5G standards body (ODD §7.13). The
 * notebooks' world gets a standards body with two blocs — the US-led bloc (the US, Japan, the
 * Netherlands, Taiwan) and the China-led bloc (China) — and one third country, the rest of the
 * world. Numbers are illustrative, loosely after world-2023's 5G body (IPlytics SEP shares,
 * 3GPP delegate counts, RAN vendor shares), not calibrated for this small world.
 */

/** Quarters per run: six years, about a standards generation at the default renewal rate. */
export const STEPS = 24;
/** Runs per arm (each work item is a random contest). */
export const REPLICATES = 12;
/** The arm where every state votes on technical merit. */
export const MERIT = 'Everyone votes on merit';
/** The body. */
export const BODY = '5g';

/** The notebook's settings: each bloc's voting rule, and China's share of the delegates. */
export interface StandardsSettings {
  us: 'merit' | 'bloc';
  cn: 'merit' | 'bloc';
  delegates: number;
}

/** The other states' shares of the delegates that are not China's (they sum to 1). */
export const OTHER_DELEGATES: Readonly<Record<string, number>> = { US: 0.43, JP: 0.29, NL: 0.04, TW: 0.1, ROW: 0.14 };

/** Each state's voting weight when China has `delegates` of them. */
export function votingWeights(delegates: number): Record<string, number> {
  return {
    CN: delegates,
    ...Object.fromEntries(Object.entries(OTHER_DELEGATES).map(([s, w]) => [s, (1 - delegates) * w])),
  };
}

const modes = [
  { value: 'merit', label: 'Merit', title: 'Each delegate backs the technically best proposal' },
  { value: 'bloc', label: 'Bloc', title: 'All the bloc’s delegates back its pre-selected contender' },
];

/** The control panel. */
export function controls() {
  return panel('How the blocs vote', {
    us: choice({ label: 'US-led bloc (US, Japan, Netherlands, Taiwan)', name: 'us', options: modes, value: 'merit' }),
    cn: choice({ label: 'China-led bloc (China)', name: 'cn', options: modes, value: 'bloc' }),
    delegates: slider({
      label: 'China’s share of the delegates',
      name: 'delegates',
      min: 0.1,
      max: 0.6,
      step: 0.05,
      value: 0.3,
      format: (v) => `${Math.round(v * 100)}%`,
      note: 'Weight in the votes (delegates and contributions); the rest split as the US 43%, Japan 29%, rest of world 14%, Taiwan 10%, Netherlands 4%',
    }),
  });
}

/** The standards body of the notebooks' world, with both blocs' voting rules and the interoperability weight. */
export function standardsSpec(settings: StandardsSettings): StandardsSpec {
  return {
    blocs: [
      { id: 'us-led', name: 'US-led bloc', members: ['US', 'JP', 'NL', 'TW'] },
      { id: 'china-led', name: 'China-led bloc', members: ['CN'] },
    ],
    bodies: [
      {
        id: BODY,
        name: '5G mobile',
        sepShare: { 'us-led': 0.66, 'china-led': 0.34 },
        adoption: {
          US: { 'us-led': 0.99, 'china-led': 0.01 },
          CN: { 'us-led': 0.1, 'china-led': 0.9 },
          JP: { 'us-led': 0.99, 'china-led': 0.01 },
          NL: { 'us-led': 0.75, 'china-led': 0.25 },
          TW: { 'us-led': 0.99, 'china-led': 0.01 },
          ROW: { 'us-led': 0.55, 'china-led': 0.45 },
        },
      },
    ],
    voting: { 'us-led': settings.us, 'china-led': settings.cn },
    votingWeight: votingWeights(settings.delegates),
    marketWeight: { US: 27, CN: 18, JP: 4, NL: 1, TW: 1, ROW: 49 },
  };
}

/**
 * The world with the standards body. Doctrines are passive (no rivals, nobody answers), so
 * nothing but the voting rule differs between the arms.
 */
export function standardsWorld(settings: StandardsSettings): WorldSpec {
  return {
    ...chipWorld({
      states: Object.fromEntries(STATES.map((s) => [s, { doctrine: 'NLG' }])),
      policy: { forgiveness: 1, reciprocityOffer: 0, threatThreshold: 1 },
    }),
    standards: standardsSpec(settings),
  };
}

/** The arm name of a setting, e.g. `China-led bloc votes as a bloc`. */
export function armName(settings: StandardsSettings): string {
  if (settings.us === 'bloc' && settings.cn === 'bloc') return 'Both blocs vote as blocs';
  if (settings.us === 'bloc') return 'US-led bloc votes as a bloc';
  if (settings.cn === 'bloc') return 'China-led bloc votes as a bloc';
  return MERIT;
}

/** The runs: everyone on merit (the control), and your rule when it differs; shared seeds. */
export function standardsRuns(settings: StandardsSettings): RunJob[] {
  const merit = { ...settings, us: 'merit', cn: 'merit' } as const;
  const runs = replicates(MERIT, standardsWorld(merit), { count: REPLICATES, steps: STEPS, seedPrefix: 'standards' });
  const arm = armName(settings);
  if (arm !== MERIT)
    runs.push(
      ...replicates(arm, standardsWorld(settings), { count: REPLICATES, steps: STEPS, seedPrefix: 'standards' }),
    );
  return runs;
}

/** Runs the arms in the worker. */
export function simulateStandards(settings: StandardsSettings): Promise<SimulationResult> {
  return simulateInWorker(standardsRuns(settings), {
    channel: 'standards',
    keep: [
      { kind: 'standard' },
      { kind: 'state', variable: `adoption:${BODY}:china-led` },
      { kind: 'world', variable: 'welfare' },
    ],
  });
}

const arms = (result: SimulationResult) => [...new Set(result.rows.map((r) => r.arm))];

/** The China-led bloc's vote share and share of essential patents. */
export function patentCharts(result: SimulationResult): HTMLElement {
  const order = arms(result);
  return row(
    figure(
      lineChart(rowsOf(result, `${BODY}:china-led`, 'vote_share'), {
        title: 'China-led bloc’s share of the votes',
        width: 470,
        height: 330,
        yLabel: 'Vote share',
        percent: true,
        control: MERIT,
        seriesOrder: order,
      }),
      'Each work item goes to a bloc with probability equal to its share of the weighted votes. A bloc voting as one casts all its delegates’ votes for its own contender.',
    ),
    figure(
      lineChart(rowsOf(result, `${BODY}:china-led`, 'sep_share'), {
        title: 'China-led bloc’s share of essential patents',
        width: 470,
        height: 330,
        yLabel: 'SEP share',
        percent: true,
        control: MERIT,
        seriesOrder: order,
      }),
      'Standard-essential patents follow the work items won, 5% of the portfolio a quarter: a generation in about five years.',
    ),
  );
}

/** Adoption of the China-led stack in the rest of the world and worldwide, and fragmentation. */
export function adoptionCharts(result: SimulationResult): HTMLElement {
  const order = arms(result);
  return row(
    figure(
      lineChart(rowsOf(result, `${BODY}:china-led`, 'adoption_third'), {
        title: 'China-led stack in third countries',
        width: 470,
        height: 330,
        yLabel: 'Share of 5G installed',
        percent: true,
        control: MERIT,
        seriesOrder: order,
      }),
      'The rest of the world, the one state in neither bloc: its operators renew 5% of their networks a quarter, choosing stacks by essential patents, the worldwide installed base and what their trading partners use.',
    ),
    figure(
      lineChart(rowsOf(result, BODY, 'fragmentation'), {
        title: 'Fragmentation of 5G',
        width: 470,
        height: 330,
        yLabel: '1 − Σ (installed share)²',
        control: MERIT,
        seriesOrder: order,
      }),
      '0: the world runs one stack; 0.5: two stacks of equal size.',
    ),
  );
}

/** The numbers after six years, per arm: means over the runs. */
export function finalValues(
  rows: readonly ResultRow[],
): Map<string, { sep: number; vote: number; third: number; fragmentation: number; welfare: number }> {
  const mean = (arm: string, entity: string, variable: string) => {
    const v = rows
      .filter((r) => r.arm === arm && r.step === STEPS && r.entity === entity && r.variable === variable)
      .map((r) => r.value);
    return v.reduce((a, b) => a + b, 0) / v.length;
  };
  const out = new Map<string, { sep: number; vote: number; third: number; fragmentation: number; welfare: number }>();
  for (const arm of new Set(rows.map((r) => r.arm))) {
    out.set(arm, {
      sep: mean(arm, `${BODY}:china-led`, 'sep_share'),
      vote: mean(arm, `${BODY}:china-led`, 'vote_share'),
      third: mean(arm, `${BODY}:china-led`, 'adoption_third'),
      fragmentation: mean(arm, BODY, 'fragmentation'),
      welfare: mean(arm, 'world', 'welfare'),
    });
  }
  return out;
}

/** A table of the arms after six years. */
export function table(result: SimulationResult): HTMLTableElement {
  const node = document.createElement('table');
  node.className = 'cp-table';
  const head = node.createTHead().insertRow();
  for (const title of [
    'After 6 years',
    'China-led votes',
    'China-led SEPs',
    'China-led stack, rest of world',
    'Fragmentation',
    'World welfare',
  ])
    head.append(Object.assign(document.createElement('th'), { textContent: title }));
  const body = node.createTBody();
  for (const [arm, v] of finalValues(result.rows)) {
    const tr = body.insertRow();
    tr.insertCell().textContent = arm;
    for (const text of [
      `${(v.vote * 100).toFixed(1)}%`,
      `${(v.sep * 100).toFixed(1)}%`,
      `${(v.third * 100).toFixed(1)}%`,
      v.fragmentation.toFixed(3),
      v.welfare.toFixed(1),
    ]) {
      const td = tr.insertCell();
      td.className = 'cp-num';
      td.textContent = text;
    }
  }
  return node;
}
