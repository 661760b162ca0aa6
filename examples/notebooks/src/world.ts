import type { FirmSpec, MeasureSpec, PolicyParams, StateSpec, ThreatFactors, WorldSpec } from '@chokepoint/core';

/*
 * The small world every notebook plays with: a stylized semiconductor value chain
 * gallium → chipmaking equipment (SME) → chips → phones, in two blocs and their
 * neighbours. Adapted from the `twoBlocs` fixture of the core's policy tests, with a US
 * fab (Intel) so that a US–China capability gap in chips exists, and a small Chinese
 * equipment maker (SMEE) that can grow when imports are denied. Capacities leave 10%
 * spare. Numbers are illustrative, not calibrated.
 */

/*
 * Quarter numbering, one convention for the engine, the charts and the text. The engine's
 * metrics number a run's steps from 1 (the row with `step: n` is the n-th quarter, as in
 * metrics.csv, whose date is that quarter's last day), and the charts' x-axes show those
 * numbers: "quarter n" in every notebook is the n-th quarter of the run. A measure's `start`
 * (like `announce` and `end`) counts the quarters *before* it: the engine applies it from the
 * step taken after `start` steps, so `start: 8` is first in force in quarter 9.
 */

/** The quarter (from 1, as charts and text number them) in which a measure with this `start` is first in force. */
export function quarterOf(start: number): number {
  return start + 1;
}

/** The `start` (quarters before it) of a measure first in force in `quarter`. */
export function startOf(quarter: number): number {
  return quarter - 1;
}

/** The states of the world, in the order charts show them. */
export const STATES = ['US', 'CN', 'JP', 'NL', 'TW', 'ROW'] as const;

/** Display names of the states. */
export const STATE_NAMES: Record<string, string> = {
  US: 'United States',
  CN: 'China',
  JP: 'Japan',
  NL: 'Netherlands',
  TW: 'Taiwan',
  ROW: 'Rest of the world',
};

/** The phone's four-factor threat scores (mean 0.65, above NLG's default threshold 0.6). */
export const PHONE_THREAT: ThreatFactors = { breadth: 0.8, access: 0.7, dependence: 0.6, detectability: 0.5 };

/** What a notebook may change in the base world. */
export interface WorldOptions {
  /** Per-state overrides, e.g. `{ US: { doctrine: 'DNM', rival: 'CN' } }`. */
  states?: Partial<Record<string, Partial<StateSpec>>>;
  /** Per-firm overrides by id, e.g. `{ SMIC: { rdIntensity: 0.1 } }`. */
  firms?: Partial<Record<string, Partial<FirmSpec>>>;
  /** Scripted measures. */
  measures?: MeasureSpec[];
  /** Alliances. */
  alliances?: WorldSpec['alliances'];
  /** Policy-layer parameters. */
  policy?: Partial<PolicyParams>;
  /** Engine parameters. */
  params?: WorldSpec['params'];
}

/** The firms: one product each, in one home state; `origin` is the technology in their own value added. */
const FIRMS: FirmSpec[] = [
  { id: 'GalliumCN', state: 'CN', product: 'gallium' },
  { id: 'GalliumROW', state: 'ROW', product: 'gallium' },
  { id: 'AMAT', state: 'US', product: 'sme' },
  { id: 'ASML', state: 'NL', product: 'sme', origin: { NL: 0.8, US: 0.2 } },
  { id: 'TEL', state: 'JP', product: 'sme', origin: { JP: 0.9, US: 0.1 } },
  { id: 'SMEE', state: 'CN', product: 'sme', capability: 0.4 },
  { id: 'Intel', state: 'US', product: 'chip' },
  { id: 'TSMC', state: 'TW', product: 'chip', origin: { TW: 0.6, US: 0.4 } },
  { id: 'SMIC', state: 'CN', product: 'chip', capability: 0.7 },
  { id: 'Apple', state: 'US', product: 'phone' },
  { id: 'Huawei', state: 'CN', product: 'phone' },
  { id: 'Xiaomi', state: 'CN', product: 'phone' },
];

/** Builds the notebooks' world: a plain-data {@link WorldSpec}. */
export function chipWorld(options: WorldOptions = {}): WorldSpec {
  const state = (id: string): StateSpec => ({ id, name: STATE_NAMES[id], ...(options.states?.[id] ?? {}) });
  const firm = (spec: FirmSpec): FirmSpec => ({ ...spec, ...(options.firms?.[spec.id] ?? {}) });
  return {
    states: STATES.map(state),
    products: [
      { id: 'gallium', name: 'Gallium', stage: 'minerals' },
      {
        id: 'sme',
        name: 'Chipmaking equipment',
        stage: 'equipment',
        recipe: [{ product: 'gallium', amount: 0.1 }],
        strategic: true,
        price: 5,
      },
      {
        id: 'chip',
        name: 'Chips',
        stage: 'fab',
        recipe: [
          { product: 'sme', amount: 0.2 },
          { product: 'gallium', amount: 0.05 },
        ],
        strategic: true,
        price: 3,
        requirement: 0.5,
      },
      {
        id: 'phone',
        name: 'Phones',
        stage: 'device',
        recipe: [{ product: 'chip', amount: 1 }],
        price: 10,
        threat: { ...PHONE_THREAT },
      },
    ],
    firms: FIRMS.map(firm),
    edges: [
      { supplier: 'GalliumCN', buyer: 'AMAT', share: 0.9 },
      { supplier: 'GalliumROW', buyer: 'AMAT', share: 0.1 },
      { supplier: 'GalliumCN', buyer: 'ASML', share: 0.9 },
      { supplier: 'GalliumROW', buyer: 'ASML', share: 0.1 },
      { supplier: 'GalliumCN', buyer: 'TEL', share: 0.9 },
      { supplier: 'GalliumROW', buyer: 'TEL', share: 0.1 },
      { supplier: 'GalliumCN', buyer: 'SMEE' },
      { supplier: 'GalliumCN', buyer: 'Intel', share: 0.8 },
      { supplier: 'GalliumROW', buyer: 'Intel', share: 0.2 },
      { supplier: 'GalliumCN', buyer: 'TSMC', share: 0.8 },
      { supplier: 'GalliumROW', buyer: 'TSMC', share: 0.2 },
      { supplier: 'GalliumCN', buyer: 'SMIC' },
      { supplier: 'AMAT', buyer: 'Intel', share: 0.5 },
      { supplier: 'ASML', buyer: 'Intel', share: 0.3 },
      { supplier: 'TEL', buyer: 'Intel', share: 0.2 },
      { supplier: 'AMAT', buyer: 'TSMC', share: 0.4 },
      { supplier: 'ASML', buyer: 'TSMC', share: 0.4 },
      { supplier: 'TEL', buyer: 'TSMC', share: 0.2 },
      { supplier: 'AMAT', buyer: 'SMIC', share: 0.35 },
      { supplier: 'ASML', buyer: 'SMIC', share: 0.35 },
      { supplier: 'TEL', buyer: 'SMIC', share: 0.2 },
      { supplier: 'SMEE', buyer: 'SMIC', share: 0.1 },
      { supplier: 'Intel', buyer: 'Apple', share: 0.3 },
      { supplier: 'TSMC', buyer: 'Apple', share: 0.7 },
      { supplier: 'Intel', buyer: 'Huawei', share: 0.2 },
      { supplier: 'TSMC', buyer: 'Huawei', share: 0.5 },
      { supplier: 'SMIC', buyer: 'Huawei', share: 0.3 },
      { supplier: 'TSMC', buyer: 'Xiaomi', share: 0.5 },
      { supplier: 'SMIC', buyer: 'Xiaomi', share: 0.5 },
    ],
    finalDemand: [
      {
        state: 'US',
        product: 'phone',
        quantity: 40,
        suppliers: [
          { firm: 'Apple', share: 0.8 },
          { firm: 'Huawei', share: 0.1 },
          { firm: 'Xiaomi', share: 0.1 },
        ],
      },
      {
        state: 'CN',
        product: 'phone',
        quantity: 50,
        suppliers: [
          { firm: 'Apple', share: 0.2 },
          { firm: 'Huawei', share: 0.5 },
          { firm: 'Xiaomi', share: 0.3 },
        ],
      },
      {
        state: 'ROW',
        product: 'phone',
        quantity: 60,
        suppliers: [
          { firm: 'Apple', share: 0.4 },
          { firm: 'Huawei', share: 0.3 },
          { firm: 'Xiaomi', share: 0.3 },
        ],
      },
    ],
    ...(options.measures ? { measures: options.measures } : {}),
    ...(options.alliances ? { alliances: options.alliances } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.params ? { params: options.params } : {}),
  };
}
