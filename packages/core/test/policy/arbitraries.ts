import fc from 'fast-check';
import { expect } from 'vitest';
import {
  LICENCE_GRANTED,
  generateWorld,
  nationalAccounts,
  supplierIndex,
  type MeasureSpec,
  type StateSpec,
  type World,
  type WorldSpec,
} from '@chokepoint/core';

/*
 * The random policy worlds that the policy property tests share (properties.test.ts and
 * search-metrics-determinism.property.test.ts), and the invariants they check after every step.
 */

/** Steps each random world runs. */
export const STEPS = 14;

/** Raw random choices, turned into a spec once the world's sizes are known. */
interface MeasureDraw {
  kind: number;
  issuer: number;
  target: number;
  products: number[];
  firms: number[];
  start: number;
  duration: number; // 0 = never lifted
  lead: number; // announcement lead
  level: number; // picks a licence, rate, threshold…
}

const measureDraw: fc.Arbitrary<MeasureDraw> = fc.record({
  kind: fc.nat(10),
  issuer: fc.nat(7),
  target: fc.nat(7),
  products: fc.array(fc.nat(9), { minLength: 1, maxLength: 2 }),
  firms: fc.array(fc.nat(40), { minLength: 1, maxLength: 2 }),
  start: fc.nat(8),
  duration: fc.nat(10),
  lead: fc.nat(3),
  level: fc.nat(2),
});

/**
 * A random small world with random measures of every built-in type, random dates, random
 * doctrines and switching rules, a few edges blocked by hand and a rationing rule.
 */
export const scenario = fc.record({
  states: fc.integer({ min: 2, max: 4 }),
  products: fc.integer({ min: 2, max: 5 }),
  // Above 16 makers of a product, supplier search samples them with the world's `search` stream.
  firmsPerProduct: fc.oneof(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 17, max: 24 })),
  worldSeed: fc.nat(1000),
  runSeed: fc.nat(1000),
  measures: fc.array(measureDraw, { minLength: 1, maxLength: 6 }),
  doctrines: fc.array(
    fc.record({
      dnm: fc.boolean(),
      rival: fc.boolean(),
      switching: fc.nat(2),
      hawkishness: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
    }),
    {
      minLength: 4,
      maxLength: 4,
    },
  ),
  baseBlocks: fc.array(fc.nat(200), { maxLength: 3 }),
  // Capability requirements that some makers miss, so supplier search's capability filter decides.
  requirements: fc.boolean(),
  // No final demand at all, so every share metric meets a zero denominator.
  zeroDemand: fc.boolean(),
  rationing: fc.constantFrom('proportional', 'priority', 'random') as fc.Arbitrary<
    'proportional' | 'priority' | 'random'
  >,
  // Standards blocs {s0} and {s1} with a body priced on the top product, and norm alignment of the
  // other states (pacts, kits, the `alignment` switching rule for the states drawn to use it).
  norms: fc.option(
    fc.record({
      pactStart: fc.nat(8),
      pactLength: fc.nat(6), // 0 = never ends
      voteWeight: fc.double({ min: 0, max: 1, noNaN: true }),
      financeWeight: fc.double({ min: 0, max: 200, noNaN: true }),
      alignmentDays: fc.double({ min: 30, max: 3000, noNaN: true }),
      initial: fc.double({ min: 0, max: 1, noNaN: true }),
      switchers: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      blocVoting: fc.boolean(),
    }),
    { nil: undefined },
  ),
  // A product marked as a capital good (index modulo the products): its firm buyers hold installed
  // tools, and final demand for it is investment, which buys ahead of announced measures.
  capital: fc.option(fc.nat(4), { nil: undefined }),
});

/** Builds a measure of a built-in type from raw draws. */
function measureOf(d: MeasureDraw, S: number, P: number, F: number): MeasureSpec {
  const state = (i: number) => `s${i % S}`;
  const products = [...new Set(d.products.map((p) => `p${p % P}`))];
  const firms = [...new Set(d.firms.map((f) => `f${f % F}`))];
  const pick = <T>(values: readonly T[]): T => values[d.level % values.length]!;
  const common: MeasureSpec = {
    type: '',
    issuer: state(d.issuer),
    start: d.start,
    ...(d.duration > 0 ? { end: d.start + d.duration } : {}),
    ...(d.lead > 0 ? { announce: Math.max(0, d.start - d.lead) } : {}),
  };
  const target = [state(d.target)];
  switch (d.kind) {
    case 0:
      return {
        ...common,
        type: 'export_control',
        targets: target,
        products,
        technology: pick([0, 0.5, 0.9]),
        licence: pick([0, 0.4, 0]),
        ...(d.level === 1 ? { deMinimis: 0.2 } : {}),
      };
    case 1:
      return {
        ...common,
        type: 'foreign_direct_product_rule',
        targets: target,
        products,
        deMinimis: pick([0.1, 0.3, 0.6]),
      };
    case 2:
      return { ...common, type: 'entity_list', entities: firms, ...(d.level > 0 ? { deMinimis: 0.2 } : {}) };
    case 3:
      return { ...common, type: 'tariff', rate: pick([0.1, 0.5, 3]), ...(d.level > 0 ? { from: target } : {}) };
    case 4:
      return {
        ...common,
        type: 'procurement_ban',
        ...(d.level === 0 ? { suppliers: firms } : { origins: target }),
        grace: d.lead,
      };
    case 5:
      return { ...common, type: 'market_access_denial', ...(d.level === 0 ? { firms } : { origins: target }) };
    case 6:
      return {
        ...common,
        type: 'investment_screening',
        targets: target,
        direction: pick(['both', 'inbound', 'outbound']),
      };
    case 7:
      return {
        ...common,
        type: 'mineral_export_licensing',
        products,
        licence: pick([0, 0.5, 0.2]),
        // Some licences cover a quantity (policy/licenceQuantity.ts), used up within a few steps.
        ...(d.lead % 2 === 1 ? { quantityDays: 30 * d.lead, reviewDays: 0 } : {}),
      };
    case 8:
      return {
        ...common,
        type: 'export_quota',
        products,
        share: pick([0.2, 0.5, 0.9]),
        per: d.lead % 2 === 0 ? 'total' : 'target',
        allocation: d.level === 1 ? 'historical' : 'proportional',
        ...(d.level === 2 ? { targets: target } : {}),
      };
    case 10:
      return {
        ...common,
        type: 'export_finance',
        products,
        rate: pick([0.1, 0.3, 0.6]),
        ...(d.level > 0 ? { to: target } : {}),
      };
    default:
      return { ...common, type: 'subsidy', products, investmentShare: pick([0.1, 0.5, 1]), rd: pick([0.05, 0.2, 0]) };
  }
}

/** One draw of {@link scenario}. */
export type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** Turns a draw into a world spec. */
export function buildSpec(s: Scenario): WorldSpec {
  const spec = generateWorld({
    states: s.states,
    products: s.products,
    firms: s.products * s.firmsPerProduct,
    seed: s.worldSeed,
    suppliersPerInput: 2,
    finalDemandSuppliers: 3,
    params: { rationing: s.rationing },
  });
  const S = s.states;
  spec.states = spec.states.map((state, i): StateSpec => {
    const d = s.doctrines[i]!;
    return {
      ...state,
      doctrine: d.dnm ? 'DNM' : 'NLG',
      hawkishness: d.hawkishness,
      switching: (['none', 'imitation', 'politics'] as const)[d.switching]!,
      ...(d.rival ? { rival: `s${(i + 1) % S}` } : {}),
    };
  });
  spec.measures = s.measures.map((d) => measureOf(d, S, s.products, spec.firms.length));
  if (s.requirements) {
    spec.products.forEach((p, k) => (p.requirement = (k % 3) * 0.3));
    spec.firms.forEach((f, i) => (f.capability = ((i * 37) % 10) / 10));
  }
  if (s.zeroDemand) spec.finalDemand.forEach((d) => (d.quantity = 0));
  if (s.capital !== undefined) spec.products[s.capital % spec.products.length]!.capital = true;
  if (s.norms !== undefined) {
    const n = s.norms;
    const third = spec.states.slice(2).map((state) => state.id);
    spec.standards = {
      blocs: [
        { id: 'west', members: ['s0'] },
        { id: 'east', members: ['s1'] },
      ],
      bodies: [{ id: 'net', sepShare: { west: 0.6, east: 0.4 }, product: spec.products[spec.products.length - 1]!.id }],
      ...(n.blocVoting ? { voting: { east: 'bloc' as const } } : {}),
    };
    spec.alignment = {
      ...(third.length > 0 ? { initial: { [third[0]!]: { west: 1 - n.initial, east: n.initial } } } : {}),
      ...(third.length > 0
        ? {
            pacts: [
              {
                bloc: 'east',
                members: third,
                start: n.pactStart,
                ...(n.pactLength > 0 ? { end: n.pactStart + n.pactLength } : {}),
              },
            ],
          }
        : {}),
      kits: { east: 'DNM', west: 'NLG' },
      params: { voteWeight: n.voteWeight, financeWeight: n.financeWeight, alignmentDays: n.alignmentDays },
    };
    spec.states.forEach((state, i) => {
      if (i >= 2 && n.switchers[i]) state.switching = 'alignment';
    });
  }
  return spec;
}

/** Blocked-by-hand edges, as (supplier, slot): indices move when supplier search adds edges. */
export function findEdge(world: World, supplier: number, slot: number): number {
  for (let e = world.slotEdgeStart[slot]!; e < world.slotEdgeStart[slot + 1]!; e++)
    if (world.edgeSupplier[e] === supplier) return e;
  throw new Error('edge vanished');
}

/** Fails the test with every broken invariant of a policy world: finite, non-negative, conserved, in range. */
export function checkInvariants(world: World, label: string): void {
  const problems: string[] = [];
  const arrays = [
    ...Object.entries(world),
    ...Object.entries(world.policy).filter(([name]) => name !== 'stateBudget'), // Infinity = unlimited budget
  ];
  for (const [name, value] of arrays) {
    if (value instanceof Float64Array && !value.every(Number.isFinite)) problems.push(`${name} not finite`);
  }
  const tol = 1e-9;
  for (const [name, values] of [
    ['slotStock', world.slotStock],
    ['edgeOrder', world.edgeOrder],
    ['edgeDelivered', world.edgeDelivered],
    ['firmOutput', world.firmOutput],
    ['firmCapacity', world.firmCapacity],
  ] as const) {
    if (values.some((v) => v < 0)) problems.push(`${name} negative`);
  }
  // Tariffs add, export finance subtracts: a buyer always pays part of the price.
  if (world.edgeTariff.some((v) => !(v > -1))) problems.push('edgeTariff at or below -1');
  // After a step, the accounts close with export finance: Σ (value added + tariff revenue − export
  // finance) = Σ (final spending + inventory investment); what issuers paid is what buyers' states received.
  if (world.step > 0) accountProblems(world, problems);

  if (world.edgeLicenceProbability.some((p) => p < 0 || p > 1)) problems.push('licence probability outside [0, 1]');
  // A licence for a quantity: what is left is in [0, granted], and only a granted edge holds one.
  for (const [key, { left, granted }] of world.policy.licenceAllowance) {
    if (!(left >= 0 && left <= granted)) problems.push(`licence allowance ${key}: ${left} left of ${granted}`);
    const F = world.firmIds.length;
    const slot = Math.floor(key / F);
    for (let e = world.slotEdgeStart[slot]!; e < world.slotEdgeStart[slot + 1]!; e++)
      if (world.edgeSupplier[e] === key - slot * F && world.edgeLicenceState[e] !== LICENCE_GRANTED)
        problems.push(`licence allowance ${key} on an edge that is not granted`);
  }
  // Front-loading before an announced measure raises a slot's target inventory, never lowers it.
  if (world.slotExtraDays.some((d) => !(d >= 0))) problems.push('slotExtraDays negative or NaN');
  if (world.policy.stateHawkishness.some((h) => h < 0 || h > 1)) problems.push('hawkishness outside [0, 1]');
  // Norm alignment: finite shares in [0, 1] that sum to 1 per state; the finance memory non-negative.
  const al = world.alignment;
  if (al !== undefined) {
    const J = al.blocIds.length;
    for (const [name, values] of [
      ['alignment', al.alignment],
      ['financeMemory', al.financeMemory],
      ['constant', al.constant],
    ] as const) {
      if (!values.every(Number.isFinite)) problems.push(`alignment ${name} not finite`);
    }
    if (al.financeMemory.some((v) => v < 0)) problems.push('alignment financeMemory negative');
    for (let s = 0; s < world.stateIds.length; s++) {
      let sum = 0;
      for (let j = 0; j < J; j++) {
        const a = al.alignment[s * J + j]!;
        if (!(a >= 0 && a <= 1)) problems.push(`state ${s} alignment ${a} outside [0, 1]`);
        sum += a;
      }
      if (Math.abs(sum - 1) > 1e-9) problems.push(`state ${s} alignment sums to ${sum}`);
    }
  }
  if (world.firmPrice.some((p) => !(p > 0))) problems.push('a firm price not positive');
  if (world.slotPrice.some((p) => !(p > 0))) problems.push('a slot price not positive');
  for (let f = 0; f < world.firmIds.length; f++) {
    let delivered = 0;
    for (let i = supplierIndex(world).supplierEdgeStart[f]!; i < supplierIndex(world).supplierEdgeStart[f + 1]!; i++)
      delivered += world.edgeDelivered[supplierIndex(world).supplierEdges[i]!]!;
    if (delivered > world.firmOutput[f]! * (1 + tol) + tol)
      problems.push(`firm ${f} delivered ${delivered} > output ${world.firmOutput[f]}`);
    const capability = world.firmCapability[f]!;
    if (capability < 0 || capability > world.productFrontier[world.firmProduct[f]!]! * (1 + tol))
      problems.push(`firm ${f} capability ${capability}`);
  }
  for (let s = 0; s < world.slotOwner.length; s++) {
    const start = world.slotEdgeStart[s]!;
    const end = world.slotEdgeStart[s + 1]!;
    let delivered = 0;
    let shares = 0;
    let baseShares = 0;
    for (let e = start; e < end; e++) {
      delivered += world.edgeDelivered[e]!;
      shares += world.edgeShare[e]!;
      baseShares += world.edgeBaseShare[e]!;
      if (world.edgeShare[e]! < 0) problems.push(`edge ${e} share negative`);
    }
    if (Math.abs(delivered - world.slotReceived[s]!) > tol * Math.max(1, delivered))
      problems.push(`slot ${s} delivered ${delivered} ≠ received ${world.slotReceived[s]}`);
    if (end > start && Math.abs(shares - 1) > 1e-9) problems.push(`slot ${s} shares sum to ${shares}`);
    // Contracts from seller search renormalize the established shares: they keep summing to 1 too.
    if (end > start && Math.abs(baseShares - 1) > 1e-9)
      problems.push(`slot ${s} established shares sum to ${baseShares}`);
  }
  for (let e = 0; e < world.edgeBlocked.length; e++) {
    if (world.edgeBlocked[e] === 1 && (world.edgeOrder[e] !== 0 || world.edgeDelivered[e] !== 0))
      problems.push(`blocked edge ${e} carries flow`);
  }
  const T = world.policy.trackedStates.length;
  for (let f = 0; f < world.firmIds.length; f++) {
    let sum = 0;
    for (let i = 0; i < T; i++) {
      const c = world.policy.firmContent[f * T + i]!;
      if (c < -tol || c > 1 + tol) problems.push(`firm ${f} content ${c}`);
      sum += c;
    }
    if (sum > 1 + 1e-9) problems.push(`firm ${f} content sums to ${sum}`);
  }
  expect(problems, label).toEqual([]);
}

/** The national accounts' identity with export finance, and finance paid = finance received. */
function accountProblems(world: World, problems: string[]): void {
  const accounts = nationalAccounts(world);
  let income = 0;
  let spending = 0;
  let scale = 1;
  for (let s = 0; s < world.stateIds.length; s++) {
    income += accounts.valueAdded[s]! + accounts.tariffRevenue[s]! - accounts.exportFinance[s]!;
    spending += accounts.finalSpending[s]! + accounts.purchases[s]! - accounts.intermediateConsumption[s]!;
    scale = Math.max(scale, Math.abs(accounts.finalSpending[s]!), Math.abs(accounts.purchases[s]!));
  }
  if (Math.abs(income - spending) > 1e-9 * scale) problems.push(`income ${income} ≠ expenditure ${spending}`);
  const given = world.policy.stateExportFinance.reduce((a, b) => a + b, 0);
  const received = world.policy.stateFinanceReceived.reduce((a, b) => a + b, 0);
  if (Math.abs(given - received) > 1e-9 * Math.max(1, given))
    problems.push(`export finance paid ${given} ≠ received ${received}`);
  if (world.policy.stateExportFinance.some((v) => v < 0)) problems.push('export finance negative');
}
