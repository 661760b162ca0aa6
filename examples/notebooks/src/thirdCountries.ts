import type { MeasureSpec, StandardsSpec, WorldSpec } from '@chokepoint/core';
import { derive, figure, lineChart, measureMarks, row, rowsOf } from './charts.ts';
import { replicates, simulateInWorker, type SimulationResult } from './client.ts';
import { panel, slider, toggle } from './inputs.ts';
import type { ResultRow, RunJob } from './protocol.ts';
import { startOf } from './world.ts';

/*
 * Notebook 9, "Third countries: export finance and the 5G stack": China's policy banks pay part
 * of the price of Huawei's and ZTE's sales to a third country (instrument `export_finance`, ODD
 * §7.5), and the third country's 5G renewals follow the price it pays each bloc's makers (the
 * standards body's `product` link, ODD §7.13). Counter-moves: a US entity listing of Huawei and
 * ZTE, or a matching offer by the US-led bloc's vendor states. A world of its own, smaller than
 * the other notebooks': chips → telecom equipment, in the US, the EU, China and one third
 * country, loosely after the telecom part of world-2023 (Dell'Oro vendor shares) and its
 * third-country-finance experiment. Numbers are illustrative, not calibrated.
 */

/** Quarters per run: six years, about one equipment cycle at the default renewal rate. */
export const STEPS = 24;
/** Runs per arm: the 5G body's work items are random contests, so its patent shares, and adoption with them, vary a little from run to run. */
export const REPLICATES = 12;
/** China's finance is first in force in this quarter (a year of the world as it was before it). */
export const FINANCE_QUARTER = 5;
/** The counter-moves (sanctions, the matching offer) are first in force a year after the finance. */
export const COUNTER_QUARTER = 9;
/** The standards body and the third country's id. */
export const BODY = '5g';
export const THIRD = 'TC';
/** The product whose makers supply the 5G stack. */
export const PRODUCT = 'telecom_eq';

/** The states, in the order charts show them. */
export const STATES = ['US', 'EU', 'CN', THIRD] as const;
/** Display names. */
export const NAMES: Readonly<Record<string, string>> = {
  US: 'United States',
  EU: 'European Union',
  CN: 'China',
  [THIRD]: 'Third country',
};

/** The notebook's settings. */
export interface ThirdCountrySettings {
  /** Share of Huawei's and ZTE's prices China's policy banks pay for the third country's buyers. */
  rate: number;
  /** Whether the US-led bloc's vendor states match the offer (same rate, from quarter 9). */
  matching: boolean;
  /** Whether the US lists Huawei and ZTE (from quarter 9). */
  sanctions: boolean;
}

/** The defaults: the reference experiment's rate, no counter-move. */
export const DEFAULTS: ThirdCountrySettings = { rate: 0.2, matching: false, sanctions: false };

/** The arm with no finance and no counter-move: the yardstick. */
export const CONTROL = 'No finance';

/** The control panel; it yields {@link ThirdCountrySettings}. */
export function controls() {
  return panel('China’s offer and the answers to it', {
    rate: slider({
      label: 'China’s export finance',
      name: 'rate',
      min: 0,
      max: 0.4,
      step: 0.05,
      value: DEFAULTS.rate,
      format: (v) => `${Math.round(v * 100)}% of the price`,
      note: `Paid by China for the third country’s buyers of Huawei and ZTE equipment, from quarter ${FINANCE_QUARTER} on`,
    }),
    matching: toggle({
      label: 'The US-led bloc matches the offer',
      name: 'matching',
      value: DEFAULTS.matching,
      note: `The EU (for Ericsson and Nokia) and the US pay the same share of their makers’ prices for the third country’s buyers, from quarter ${COUNTER_QUARTER} on`,
    }),
    sanctions: toggle({
      label: 'The US lists Huawei and ZTE',
      name: 'sanctions',
      value: DEFAULTS.sanctions,
      note: `An entity listing from quarter ${COUNTER_QUARTER} on: no US chips for them, nor foreign ones above 25% US content`,
    }),
  });
}

/** The 5G body: the US-led bloc (the US, the EU) and the China-led bloc (China); its stack is telecom equipment. */
export function standardsSpec(): StandardsSpec {
  return {
    blocs: [
      { id: 'us-led', name: 'US-led bloc', members: ['US', 'EU'] },
      { id: 'china-led', name: 'China-led bloc', members: ['CN'] },
    ],
    bodies: [
      {
        id: BODY,
        name: '5G mobile',
        product: PRODUCT,
        sepShare: { 'us-led': 0.66, 'china-led': 0.34 },
        adoption: {
          US: { 'us-led': 0.99, 'china-led': 0.01 },
          EU: { 'us-led': 0.7, 'china-led': 0.3 },
          CN: { 'us-led': 0.1, 'china-led': 0.9 },
          [THIRD]: { 'us-led': 0.5, 'china-led': 0.5 },
        },
      },
    ],
    marketWeight: { US: 20, EU: 20, CN: 30, [THIRD]: 30 },
  };
}

/** The measures of a setting: China's finance, and the counter-moves switched on. */
export function thirdCountryMeasures(settings: ThirdCountrySettings): MeasureSpec[] {
  const measures: MeasureSpec[] = [];
  if (settings.rate > 0)
    measures.push({
      id: 'cn-finance',
      type: 'export_finance',
      issuer: 'CN',
      products: [PRODUCT],
      to: [THIRD],
      rate: settings.rate,
      start: startOf(FINANCE_QUARTER),
    });
  if (settings.matching && settings.rate > 0) {
    for (const issuer of ['EU', 'US'])
      measures.push({
        id: `${issuer.toLowerCase()}-finance`,
        type: 'export_finance',
        issuer,
        products: [PRODUCT],
        to: [THIRD],
        rate: settings.rate,
        start: startOf(COUNTER_QUARTER),
      });
  }
  if (settings.sanctions)
    measures.push({
      id: 'us-entity-list',
      type: 'entity_list',
      issuer: 'US',
      entities: ['Huawei', 'ZTE'],
      deMinimis: 0.25,
      start: startOf(COUNTER_QUARTER),
    });
  return measures;
}

/**
 * The world: chips (a US designer, China's SMIC) go into telecom equipment (Ericsson and Nokia
 * in the EU, Huawei and ZTE in China); the US, the EU, China and the third country buy the
 * equipment. Doctrines are passive (nobody answers, nobody bans), so the scripted measures are
 * the only difference between the arms.
 */
export function thirdCountryWorld(measures: MeasureSpec[] = []): WorldSpec {
  return {
    states: STATES.map((id) => ({ id, name: NAMES[id], doctrine: 'NLG' })),
    products: [
      { id: 'chip', name: 'Chips', stage: 'fab', price: 3 },
      {
        id: PRODUCT,
        name: 'Telecom equipment',
        stage: 'equipment',
        recipe: [{ product: 'chip', amount: 1 }],
        price: 10,
      },
    ],
    firms: [
      { id: 'Qualcomm', state: 'US', product: 'chip' },
      { id: 'SMIC', state: 'CN', product: 'chip', capability: 0.8 },
      { id: 'Ericsson', state: 'EU', product: PRODUCT, origin: { EU: 0.85, US: 0.15 } },
      { id: 'Nokia', state: 'EU', product: PRODUCT, origin: { EU: 0.85, US: 0.15 } },
      { id: 'Huawei', state: 'CN', product: PRODUCT },
      { id: 'ZTE', state: 'CN', product: PRODUCT },
    ],
    edges: [
      { supplier: 'Qualcomm', buyer: 'Ericsson' },
      { supplier: 'Qualcomm', buyer: 'Nokia' },
      { supplier: 'Qualcomm', buyer: 'Huawei', share: 0.5 },
      { supplier: 'SMIC', buyer: 'Huawei', share: 0.5 },
      { supplier: 'Qualcomm', buyer: 'ZTE', share: 0.6 },
      { supplier: 'SMIC', buyer: 'ZTE', share: 0.4 },
    ],
    finalDemand: [
      {
        state: 'US',
        product: PRODUCT,
        quantity: 20,
        suppliers: [
          { firm: 'Ericsson', share: 0.5 },
          { firm: 'Nokia', share: 0.5 },
        ],
      },
      {
        state: 'EU',
        product: PRODUCT,
        quantity: 20,
        suppliers: [
          { firm: 'Ericsson', share: 0.45 },
          { firm: 'Nokia', share: 0.4 },
          { firm: 'Huawei', share: 0.15 },
        ],
      },
      {
        state: 'CN',
        product: PRODUCT,
        quantity: 30,
        suppliers: [
          { firm: 'Huawei', share: 0.6 },
          { firm: 'ZTE', share: 0.3 },
          { firm: 'Ericsson', share: 0.05 },
          { firm: 'Nokia', share: 0.05 },
        ],
      },
      {
        state: THIRD,
        product: PRODUCT,
        quantity: 30,
        suppliers: [
          { firm: 'Ericsson', share: 0.3 },
          { firm: 'Nokia', share: 0.2 },
          { firm: 'Huawei', share: 0.35 },
          { firm: 'ZTE', share: 0.15 },
        ],
      },
    ],
    measures,
    policy: { forgiveness: 1, reciprocityOffer: 0, threatThreshold: 1 },
    standards: standardsSpec(),
  };
}

/** The arm name of a setting, e.g. `China finances 20%, US lists Huawei and ZTE`. */
export function armName(settings: ThirdCountrySettings): string {
  if (settings.rate === 0 && !settings.sanctions) return CONTROL;
  const parts = [settings.rate > 0 ? `China finances ${Math.round(settings.rate * 100)}%` : 'No finance'];
  if (settings.matching && settings.rate > 0) parts.push('matched');
  if (settings.sanctions) parts.push('US lists Huawei and ZTE');
  return parts.join(', ');
}

/** The runs: the world without finance (the control), and your setting when it differs. */
export function thirdCountryRuns(settings: ThirdCountrySettings): RunJob[] {
  const runs = replicates(CONTROL, thirdCountryWorld(), { count: REPLICATES, steps: STEPS, seedPrefix: 'third' });
  const arm = armName(settings);
  if (arm !== CONTROL)
    runs.push(
      ...replicates(arm, thirdCountryWorld(thirdCountryMeasures(settings)), {
        count: REPLICATES,
        steps: STEPS,
        seedPrefix: 'third',
      }),
    );
  return runs;
}

/** The metric rows the notebook keeps. */
export const KEEP = [
  { kind: 'standard', entity: `${BODY}:china-led`, variable: 'adoption_third' },
  { kind: 'state', entity: 'CN', variable: 'export_finance' },
  { kind: 'state', entity: 'CN', variable: 'welfare' },
  { kind: 'state', entity: THIRD, variable: 'cpi' },
  { variable: 'trade_volume', entity: new RegExp(`>${THIRD}:${PRODUCT}$`) },
];

/** Runs the arms in the worker; the result carries the marks of the setting's measures. */
export async function simulateThirdCountries(settings: ThirdCountrySettings): Promise<SimulationResult> {
  const result = await simulateInWorker(thirdCountryRuns(settings), { channel: 'third-countries', keep: KEEP });
  return { ...result, marks: measureMarks(thirdCountryMeasures(settings)) };
}

/** China's share of the telecom equipment the third country buys (volume), one row per run and quarter. */
export function chinaShare(rows: readonly ResultRow[]): ResultRow[] {
  const flows = rows.filter((r) => r.variable === 'trade_volume' && r.entity.endsWith(`>${THIRD}:${PRODUCT}`));
  return derive(flows, 'China’s share', (get) => {
    const china = get(`CN>${THIRD}:${PRODUCT}`, 'trade_volume');
    const eu = get(`EU>${THIRD}:${PRODUCT}`, 'trade_volume');
    const cn = Number.isFinite(china) ? china : 0;
    const total = cn + (Number.isFinite(eu) ? eu : 0);
    return total > 0 ? cn / total : Number.NaN;
  });
}

/** The numbers after six years, per arm. */
export interface Final {
  adoption: number;
  share: number;
  finance: number;
  welfare: number;
  cpi: number;
}

/** The values at a step (default: the last), per arm; means over the runs. */
export function finalValues(rows: readonly ResultRow[], step = STEPS): Map<string, Final> {
  const share = chinaShare(rows);
  const mean = (source: readonly ResultRow[], arm: string, entity: string, variable: string) => {
    const v = source
      .filter((r) => r.arm === arm && r.step === step && r.entity === entity && r.variable === variable)
      .map((r) => r.value);
    return v.length === 0 ? 0 : v.reduce((a, b) => a + b, 0) / v.length;
  };
  const out = new Map<string, Final>();
  for (const arm of new Set(rows.map((r) => r.arm))) {
    out.set(arm, {
      adoption: mean(rows, arm, `${BODY}:china-led`, 'adoption_third'),
      share: mean(share, arm, 'China’s share', 'China’s share'),
      finance: mean(rows, arm, 'CN', 'export_finance'),
      welfare: mean(rows, arm, 'CN', 'welfare'),
      cpi: mean(rows, arm, THIRD, 'cpi'),
    });
  }
  return out;
}

const arms = (result: SimulationResult) => [...new Set(result.rows.map((r) => r.arm))];

/** China-led adoption in the third country, and China's share of its purchases. */
export function adoptionCharts(result: SimulationResult): HTMLElement {
  const order = arms(result);
  const marks = result.marks ?? [];
  return row(
    figure(
      lineChart(rowsOf(result, `${BODY}:china-led`, 'adoption_third'), {
        title: 'China-led 5G stack in the third country',
        width: 470,
        height: 330,
        yLabel: 'Share of 5G installed',
        percent: true,
        control: CONTROL,
        seriesOrder: order,
        marks,
      }),
      'The third country renews 5% of its network a quarter; each renewal leans to the stack whose makers it pays less than at the start (the price term), besides patents, the installed base and trading partners.',
    ),
    figure(
      lineChart(chinaShare(result.rows), {
        title: 'China’s share of the third country’s telecom purchases',
        width: 470,
        height: 330,
        yLabel: 'Share of volume',
        percent: true,
        control: CONTROL,
        seriesOrder: order,
        marks,
      }),
      'Huawei and ZTE against Ericsson and Nokia: orders split by delivered price, with the Armington elasticity (2.5).',
    ),
  );
}

/** What the finance costs China, and the third country's consumer prices. */
export function costCharts(result: SimulationResult): HTMLElement {
  const order = arms(result);
  const marks = result.marks ?? [];
  return row(
    figure(
      lineChart(rowsOf(result, 'CN', 'export_finance'), {
        title: 'What China pays in export finance',
        width: 470,
        height: 330,
        yLabel: 'Value a quarter',
        control: CONTROL,
        seriesOrder: order,
        marks,
      }),
      'The rate times the value of Huawei’s and ZTE’s deliveries to the third country: a transfer to its buyers, subtracted in full from China’s real income.',
    ),
    figure(
      lineChart(rowsOf(result, THIRD, 'cpi'), {
        title: 'Third country’s consumer prices',
        width: 470,
        height: 330,
        yLabel: 'CPI (quarter 1 = 1)',
        control: CONTROL,
        seriesOrder: order,
        marks,
      }),
      'Its basket here is telecom equipment only, at delivered prices net of the finance.',
    ),
  );
}

/** A table of the arms after six years. */
export function table(result: SimulationResult): HTMLTableElement {
  const node = document.createElement('table');
  node.className = 'cp-table';
  const head = node.createTHead().insertRow();
  for (const title of [
    'After 6 years',
    'China-led 5G, third country',
    'China’s share of its purchases',
    'Export finance a quarter',
    'China’s real income',
    'Third country’s CPI',
  ])
    head.append(Object.assign(document.createElement('th'), { textContent: title }));
  const body = node.createTBody();
  for (const [arm, v] of finalValues(result.rows)) {
    const tr = body.insertRow();
    tr.insertCell().textContent = arm;
    for (const text of [
      `${(v.adoption * 100).toFixed(1)}%`,
      `${(v.share * 100).toFixed(1)}%`,
      v.finance.toFixed(2),
      v.welfare.toFixed(1),
      v.cpi.toFixed(3),
    ]) {
      const td = tr.insertCell();
      td.className = 'cp-num';
      td.textContent = text;
    }
  }
  return node;
}
