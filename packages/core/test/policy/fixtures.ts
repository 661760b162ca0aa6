import {
  selectEdges,
  simulate,
  type EdgeSpec,
  type FirmSpec,
  type MeasureSpec,
  type MetricRow,
  type PolicyParams,
  type StateSpec,
  type ThreatFactors,
  type World,
  type WorldSpec,
} from '@chokepoint/core';
import { FIXED_PRICES } from '../helpers.js';

/*
 * Fixtures and helpers for the policy-layer tests. Not a test file itself
 * (vitest only collects `*.test.ts`).
 */

/**
 * Policy parameters that silence the default NLG doctrine: no retaliation
 * (every measure is forgiven) and no reciprocity offers. Instrument tests use
 * them so that the only measures in force are the ones under test.
 */
export const QUIET: Partial<PolicyParams> = Object.freeze({ forgiveness: 1, reciprocityOffer: 0 });

/** Policy parameters that stop capability growth entirely. */
export const FROZEN_CAPABILITY: Partial<PolicyParams> = Object.freeze({
  capabilityBaseRate: 0,
  rdEffect: 0,
  learningRate: 0,
  learningByDoing: 0,
  spilloverRate: 0,
  substitutionPull: 0,
  frontierGrowth: 0,
});

/** The phone's four-factor threat scores in {@link twoBlocs}: mean 0.65. */
export const PHONE_THREAT: ThreatFactors = Object.freeze({
  breadth: 0.8,
  access: 0.7,
  dependence: 0.6,
  detectability: 0.5,
});

/**
 * A small hand-built world of two blocs for policy tests: gallium → chipmaking
 * equipment (SME) → chips → phones, with US, Chinese, Japanese, Dutch,
 * Taiwanese and third-country firms. Capacities leave 10% spare.
 *
 * Overrides added for the tests (all optional, so older callers are
 * unaffected): `firms` patches firms by id, `phoneThreat` replaces the
 * phone's threat factors (`null` removes them: a world with no threat),
 * `usChips` adds a US chipmaker (Intel, at the frontier, supplying a fifth of
 * Apple's chips), so the US and China both make a strategic product and the
 * DNM relative-gain trigger has somewhere to compare them.
 */
export function twoBlocs(
  overrides: {
    states?: Partial<Record<string, Partial<StateSpec>>>;
    measures?: MeasureSpec[];
    alliances?: WorldSpec['alliances'];
    policy?: WorldSpec['policy'];
    params?: WorldSpec['params'];
    tsmcOrigin?: Record<string, number>;
    firms?: Partial<Record<string, Partial<FirmSpec>>>;
    phoneThreat?: ThreatFactors | null;
    usChips?: boolean;
  } = {},
): WorldSpec {
  const state = (id: string): StateSpec => ({ id, ...(overrides.states?.[id] ?? {}) });
  const firm = (spec: FirmSpec): FirmSpec => ({ ...spec, ...(overrides.firms?.[spec.id] ?? {}) });
  const threat = overrides.phoneThreat === undefined ? { ...PHONE_THREAT } : overrides.phoneThreat;
  return {
    states: ['US', 'CN', 'JP', 'NL', 'TW', 'ROW'].map(state),
    products: [
      { id: 'gallium', stage: 'minerals' },
      { id: 'sme', stage: 'equipment', recipe: [{ product: 'gallium', amount: 0.1 }], strategic: true, price: 5 },
      {
        id: 'chip',
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
        stage: 'device',
        recipe: [{ product: 'chip', amount: 1 }],
        price: 10,
        ...(threat === null ? {} : { threat }),
      },
    ],
    firms: [
      { id: 'GalliumCN', state: 'CN', product: 'gallium' },
      { id: 'GalliumROW', state: 'ROW', product: 'gallium' },
      { id: 'AMAT', state: 'US', product: 'sme' },
      { id: 'ASML', state: 'NL', product: 'sme', origin: { NL: 0.8, US: 0.2 } },
      { id: 'TEL', state: 'JP', product: 'sme', origin: { JP: 0.9, US: 0.1 } },
      { id: 'TSMC', state: 'TW', product: 'chip', origin: overrides.tsmcOrigin ?? { TW: 0.6, US: 0.4 } },
      { id: 'SMIC', state: 'CN', product: 'chip', capability: 0.7 },
      { id: 'Apple', state: 'US', product: 'phone' },
      { id: 'Huawei', state: 'CN', product: 'phone' },
      { id: 'Xiaomi', state: 'CN', product: 'phone' },
      ...(overrides.usChips ? [{ id: 'Intel', state: 'US', product: 'chip', capability: 1 }] : []),
    ].map(firm),
    edges: [
      { supplier: 'GalliumCN', buyer: 'AMAT', share: 0.9 },
      { supplier: 'GalliumROW', buyer: 'AMAT', share: 0.1 },
      { supplier: 'GalliumCN', buyer: 'ASML', share: 0.9 },
      { supplier: 'GalliumROW', buyer: 'ASML', share: 0.1 },
      { supplier: 'GalliumCN', buyer: 'TEL', share: 0.9 },
      { supplier: 'GalliumROW', buyer: 'TEL', share: 0.1 },
      { supplier: 'GalliumCN', buyer: 'TSMC', share: 0.8 },
      { supplier: 'GalliumROW', buyer: 'TSMC', share: 0.2 },
      { supplier: 'GalliumCN', buyer: 'SMIC' },
      { supplier: 'AMAT', buyer: 'TSMC', share: 0.4 },
      { supplier: 'ASML', buyer: 'TSMC', share: 0.4 },
      { supplier: 'TEL', buyer: 'TSMC', share: 0.2 },
      { supplier: 'AMAT', buyer: 'SMIC', share: 0.4 },
      { supplier: 'ASML', buyer: 'SMIC', share: 0.4 },
      { supplier: 'TEL', buyer: 'SMIC', share: 0.2 },
      { supplier: 'TSMC', buyer: 'Apple', share: overrides.usChips ? 0.8 : 1 },
      ...(overrides.usChips
        ? [
            { supplier: 'Intel', buyer: 'Apple', share: 0.2 },
            { supplier: 'AMAT', buyer: 'Intel' },
            { supplier: 'GalliumROW', buyer: 'Intel' },
          ]
        : []),
      { supplier: 'TSMC', buyer: 'Huawei', share: 0.7 },
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
    ...(overrides.measures ? { measures: overrides.measures } : {}),
    ...(overrides.alliances ? { alliances: overrides.alliances } : {}),
    ...(overrides.policy ? { policy: overrides.policy } : {}),
    ...(overrides.params ? { params: overrides.params } : {}),
  };
}

/**
 * A foundry world for the foreign direct product rule, small enough to compute
 * origin content by hand. TSMC (TW) buys all its SME from ASML (NL); the only
 * US firms are AMAT (SME, sold to SMIC) and Apple. With chip = 0.2 SME at
 * prices 5 and 3, a chip's input share is m = 1/3, so
 *   content(TSMC, US) = (2/3)·tsmcUS + (1/3)·asmlUS.
 * TSMC sells 60% of Huawei's chips (the rest from SMIC) and all of Apple's.
 */
export function foundryWorld(options: {
  tsmcUS: number;
  asmlUS: number;
  measures?: MeasureSpec[];
  policy?: WorldSpec['policy'];
}): WorldSpec {
  const origin = (home: string, us: number): Record<string, number> =>
    us > 0 ? { [home]: 1 - us, US: us } : { [home]: 1 };
  return {
    states: [{ id: 'US' }, { id: 'CN' }, { id: 'TW' }, { id: 'NL' }],
    products: [
      { id: 'sme', price: 5 },
      { id: 'chip', price: 3, recipe: [{ product: 'sme', amount: 0.2 }] },
      { id: 'phone', price: 10, recipe: [{ product: 'chip', amount: 1 }] },
    ],
    firms: [
      { id: 'AMAT', state: 'US', product: 'sme' },
      { id: 'ASML', state: 'NL', product: 'sme', origin: origin('NL', options.asmlUS) },
      { id: 'TSMC', state: 'TW', product: 'chip', origin: origin('TW', options.tsmcUS) },
      { id: 'SMIC', state: 'CN', product: 'chip' },
      { id: 'Apple', state: 'US', product: 'phone' },
      { id: 'Huawei', state: 'CN', product: 'phone' },
    ],
    edges: [
      { supplier: 'ASML', buyer: 'TSMC' },
      { supplier: 'AMAT', buyer: 'SMIC' },
      { supplier: 'ASML', buyer: 'SMIC' },
      { supplier: 'TSMC', buyer: 'Apple' },
      { supplier: 'TSMC', buyer: 'Huawei', share: 0.6 },
      { supplier: 'SMIC', buyer: 'Huawei', share: 0.4 },
    ],
    finalDemand: [
      { state: 'US', product: 'phone', quantity: 20, suppliers: [{ firm: 'Apple' }] },
      { state: 'CN', product: 'phone', quantity: 30, suppliers: [{ firm: 'Huawei' }] },
    ],
    measures: options.measures ?? [],
    policy: { ...QUIET, ...(options.policy ?? {}) },
  };
}

/**
 * A world for supplier search: CN's phone maker buys all its chips from a US
 * fab. Two KR fabs have spare capacity: fabKR (capability 0.6, spare 84) and
 * fabWeak (capability 0.3, below the chip's requirement 0.5, spare 96, so it
 * would win on spare capacity alone). A US export control on chips to CN
 * starts at `controlStart`.
 */
export function searchWorld(options: { controlStart: number; policy?: WorldSpec['policy'] }): WorldSpec {
  return {
    states: [{ id: 'US' }, { id: 'CN' }, { id: 'KR' }],
    products: [
      { id: 'chip', price: 3, requirement: 0.5 },
      { id: 'phone', price: 10, recipe: [{ product: 'chip', amount: 1 }] },
    ],
    firms: [
      { id: 'fabUS', state: 'US', product: 'chip' },
      { id: 'fabKR', state: 'KR', product: 'chip', capability: 0.6, capacity: 100 },
      { id: 'fabWeak', state: 'KR', product: 'chip', capability: 0.3, capacity: 100 },
      { id: 'oemCN', state: 'CN', product: 'phone' },
      { id: 'oemKR', state: 'KR', product: 'phone' },
    ],
    edges: [
      { supplier: 'fabUS', buyer: 'oemCN' },
      { supplier: 'fabKR', buyer: 'oemKR', share: 0.8 },
      { supplier: 'fabWeak', buyer: 'oemKR', share: 0.2 },
    ],
    finalDemand: [
      { state: 'CN', product: 'phone', quantity: 20, suppliers: [{ firm: 'oemCN' }] },
      { state: 'KR', product: 'phone', quantity: 20, suppliers: [{ firm: 'oemKR' }] },
    ],
    measures: [
      { type: 'export_control', issuer: 'US', targets: ['CN'], products: ['chip'], start: options.controlStart },
    ],
    policy: { ...QUIET, ...(options.policy ?? {}) },
    // Buyer search on its own: prices fixed, no seller search (fabUS, cut off from oemCN, would offer to oemKR).
    params: FIXED_PRICES,
  };
}

/** The buyer side of an edge: a firm id, or the final demand of a state. */
export type Buyer = string | { final: string };

/**
 * The index of the one edge from `supplier` to `buyer`. Look it up again after
 * every step: supplier search can add edges and move the others.
 */
export function edgeOf(world: World, supplier: string, buyer: Buyer): number {
  const found =
    typeof buyer === 'string'
      ? selectEdges(world, { supplier, buyer })
      : selectEdges(world, { supplier, buyerState: buyer.final, finalDemand: true });
  if (found.length !== 1)
    throw new Error(`expected one edge ${supplier} → ${JSON.stringify(buyer)}, found ${found.length}`);
  return found[0]!;
}

/** The edges whose supplier is in `from`, carry `product` (any when absent) and whose buyer is in `to`. */
export function edgesWhere(world: World, test: { from?: string; to?: string; product?: string }): number[] {
  const out: number[] = [];
  for (let e = 0; e < world.edgeSupplier.length; e++) {
    const s = world.edgeSupplier[e]!;
    if (test.from !== undefined && world.stateIds[world.firmState[s]!] !== test.from) continue;
    if (test.product !== undefined && world.productIds[world.firmProduct[s]!] !== test.product) continue;
    if (test.to !== undefined && world.stateIds[buyerStateOf(world, e)] !== test.to) continue;
    out.push(e);
  }
  return out;
}

/** The state index of the buyer on edge `e`, computed from the world's arrays. */
export function buyerStateOf(world: World, e: number): number {
  const slot = world.edgeSlot[e]!;
  const owner = world.slotOwner[slot]!;
  return slot < world.firmSlotCount ? world.firmState[owner]! : world.finalDemandState[owner]!;
}

/** Advances a world by one step and returns the metric rows recorded for it. */
export function stepWithMetrics(world: World): MetricRow[] {
  return simulate(world, { steps: 1 }).metrics.rows();
}

/** The value of one metric in a list of rows (throws when absent, so a renamed metric fails loudly). */
export function metric(rows: readonly MetricRow[], entity: string, variable: string): number {
  const row = rows.find((r) => r.entity === entity && r.variable === variable);
  if (row === undefined) throw new Error(`no metric ${entity} ${variable}`);
  return row.value;
}

/** A metric's values by step, from a whole run's rows. */
export function series(rows: readonly MetricRow[], entity: string, variable: string): number[] {
  return rows
    .filter((r) => r.entity === entity && r.variable === variable)
    .sort((a, b) => a.step - b.step)
    .map((r) => r.value);
}

/**
 * Origin content of a firm's output from `state`, computed from the spec alone
 * with the definition in policy/content.ts:
 *   content_f = (1 − m_f)·own_f + m_f·Σ_k w_f,k·Σ_e share_e·content_supplier(e),
 * m_f = min(1, input value / price), w_f,k the value share of input k,
 * shares normalized per (buyer, input), own_f the normalized `origin` (all
 * home state when absent). An independent reference for `originContent`.
 */
export function expectedOriginContent(spec: WorldSpec, firmId: string, state: string): number {
  const firms = new Map(spec.firms.map((f) => [f.id, f]));
  const products = new Map(spec.products.map((p) => [p.id, p]));
  const edges = spec.edges as EdgeSpec[];
  const price = (id: string): number => products.get(id)!.price ?? 1;
  const content = (id: string): number => {
    const firm = firms.get(id)!;
    const own =
      firm.origin === undefined
        ? firm.state === state
          ? 1
          : 0
        : (firm.origin[state] ?? 0) / Object.values(firm.origin).reduce((a, b) => a + b, 0);
    const recipe = products.get(firm.product)!.recipe ?? [];
    if (recipe.length === 0) return own;
    const inputValue = recipe.reduce((sum, r) => sum + r.amount * price(r.product), 0);
    const m = Math.min(1, inputValue / price(firm.product));
    let mixed = 0;
    for (const input of recipe) {
      const supply = edges.filter((e) => e.buyer === id && firms.get(e.supplier)!.product === input.product);
      const total = supply.reduce((sum, e) => sum + (e.share ?? 1), 0);
      const inner = supply.reduce((sum, e) => sum + ((e.share ?? 1) / total) * content(e.supplier), 0);
      mixed += ((input.amount * price(input.product)) / inputValue) * inner;
    }
    return (1 - m) * own + m * mixed;
  };
  return content(firmId);
}

/**
 * An edge's steady-state volume, worked out by hand (not through the engine): its base share of
 * its firm buyer's base need, a_s × base demand, over the slot's base shares.
 */
export function baseVolume(world: World, e: number): number {
  const slot = world.edgeSlot[e]!;
  let shares = 0;
  for (let x = world.slotEdgeStart[slot]!; x < world.slotEdgeStart[slot + 1]!; x++) shares += world.edgeBaseShare[x]!;
  return (world.edgeBaseShare[e]! * world.slotAmount[slot]! * world.firmBaseDemand[world.slotOwner[slot]!]!) / shares;
}
