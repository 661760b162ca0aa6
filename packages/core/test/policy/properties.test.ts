import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  createWorld,
  generateWorld,
  setBlocked,
  setLicenceProbability,
  setTariff,
  step,
  type Measure,
  type MeasureSpec,
  type StateSpec,
  type World,
  type WorldSpec,
  supplierIndex,
} from '@chokepoint/core';

/*
 * Property tests over random small worlds with random measures of every
 * built-in type, random dates and random doctrines: no measure lets flow
 * through an edge it blocks (nor one blocked directly), and the engine's
 * invariants hold while policies change.
 */

const STEPS = 14;

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
  kind: fc.nat(8),
  issuer: fc.nat(7),
  target: fc.nat(7),
  products: fc.array(fc.nat(9), { minLength: 1, maxLength: 2 }),
  firms: fc.array(fc.nat(40), { minLength: 1, maxLength: 2 }),
  start: fc.nat(8),
  duration: fc.nat(10),
  lead: fc.nat(3),
  level: fc.nat(2),
});

const scenario = fc.record({
  states: fc.integer({ min: 2, max: 4 }),
  products: fc.integer({ min: 2, max: 5 }),
  firmsPerProduct: fc.integer({ min: 2, max: 5 }),
  worldSeed: fc.nat(1000),
  runSeed: fc.nat(1000),
  measures: fc.array(measureDraw, { minLength: 1, maxLength: 6 }),
  doctrines: fc.array(fc.record({ dnm: fc.boolean(), rival: fc.boolean(), switching: fc.nat(2), hawkishness: fc.double({ min: 0.05, max: 0.95, noNaN: true }) }), {
    minLength: 4,
    maxLength: 4,
  }),
  baseBlocks: fc.array(fc.nat(200), { maxLength: 3 }),
  rationing: fc.constantFrom('proportional', 'priority', 'random') as fc.Arbitrary<'proportional' | 'priority' | 'random'>,
});

/** Builds a measure of a built-in type from raw draws. */
function measureOf(d: MeasureDraw, S: number, P: number, F: number): MeasureSpec {
  const state = (i: number) => `s${i % S}`;
  const products = [...new Set(d.products.map((p) => `p${p % P}`))];
  const firms = [...new Set(d.firms.map((f) => `f${f % F}`))];
  const pick = <T,>(values: readonly T[]): T => values[d.level % values.length]!;
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
      return { ...common, type: 'export_control', targets: target, products, technology: pick([0, 0.5, 0.9]), licence: pick([0, 0.4, 0]), ...(d.level === 1 ? { deMinimis: 0.2 } : {}) };
    case 1:
      return { ...common, type: 'foreign_direct_product_rule', targets: target, products, deMinimis: pick([0.1, 0.3, 0.6]) };
    case 2:
      return { ...common, type: 'entity_list', entities: firms, ...(d.level > 0 ? { deMinimis: 0.2 } : {}) };
    case 3:
      return { ...common, type: 'tariff', rate: pick([0.1, 0.5, 3]), ...(d.level > 0 ? { from: target } : {}) };
    case 4:
      return { ...common, type: 'procurement_ban', ...(d.level === 0 ? { suppliers: firms } : { origins: target }), grace: d.lead };
    case 5:
      return { ...common, type: 'market_access_denial', ...(d.level === 0 ? { firms } : { origins: target }) };
    case 6:
      return { ...common, type: 'investment_screening', targets: target, direction: pick(['both', 'inbound', 'outbound']) };
    case 7:
      return { ...common, type: 'mineral_export_licensing', products, licence: pick([0, 0.5, 0.2]) };
    default:
      return { ...common, type: 'subsidy', products, capacityGrowth: pick([0.1, 1, 5]), rd: pick([0.05, 0.2, 0]) };
  }
}

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function buildSpec(s: Scenario): WorldSpec {
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
  return spec;
}

/** Edges a measure in force restricts this step, computed before the step by the instrument itself. */
function restrictionsNow(world: World): Map<Measure, { edges: Int32Array; licence: number; tariff: number }> {
  const out = new Map<Measure, { edges: Int32Array; licence: number; tariff: number }>();
  const t = world.step;
  for (const m of world.policy.measures) {
    if (!(m.start <= t && t < m.end)) continue;
    const r = world.policy.instruments.get(m.type)!.restrict?.(world, m);
    if (r) out.set(m, { edges: r.edges.slice(), licence: r.licence, tariff: r.tariff });
  }
  return out;
}

/** Blocked-by-hand edges, as (supplier, slot): indices move when supplier search adds edges. */
function findEdge(world: World, supplier: number, slot: number): number {
  for (let e = world.slotEdgeStart[slot]!; e < world.slotEdgeStart[slot + 1]!; e++) if (world.edgeSupplier[e] === supplier) return e;
  throw new Error('edge vanished');
}

function checkInvariants(world: World, label: string): void {
  const problems: string[] = [];
  const arrays = [
    ...Object.entries(world),
    ...Object.entries(world.policy).filter(([name]) => name !== 'stateBudget'), // Infinity = unlimited budget
  ];
  for (const [name, value] of arrays) {
    if (value instanceof Float64Array && !value.every(Number.isFinite)) problems.push(`${name} not finite`);
  }
  const tol = 1e-9;
  for (const [name, values] of [['slotStock', world.slotStock], ['edgeOrder', world.edgeOrder], ['edgeDelivered', world.edgeDelivered], ['firmOutput', world.firmOutput], ['firmCapacity', world.firmCapacity], ['edgeTariff', world.edgeTariff]] as const) {
    if (values.some((v) => v < 0)) problems.push(`${name} negative`);
  }
  if (world.edgeLicenceProbability.some((p) => p < 0 || p > 1)) problems.push('licence probability outside [0, 1]');
  if (world.policy.stateHawkishness.some((h) => h < 0 || h > 1)) problems.push('hawkishness outside [0, 1]');
  for (let f = 0; f < world.firmIds.length; f++) {
    let delivered = 0;
    for (let i = supplierIndex(world).supplierEdgeStart[f]!; i < supplierIndex(world).supplierEdgeStart[f + 1]!; i++) delivered += world.edgeDelivered[supplierIndex(world).supplierEdges[i]!]!;
    if (delivered > world.firmOutput[f]! * (1 + tol) + tol) problems.push(`firm ${f} delivered ${delivered} > output ${world.firmOutput[f]}`);
    const capability = world.firmCapability[f]!;
    if (capability < 0 || capability > world.productFrontier[world.firmProduct[f]!]! * (1 + tol)) problems.push(`firm ${f} capability ${capability}`);
  }
  for (let s = 0; s < world.slotOwner.length; s++) {
    const start = world.slotEdgeStart[s]!;
    const end = world.slotEdgeStart[s + 1]!;
    let delivered = 0;
    let shares = 0;
    for (let e = start; e < end; e++) {
      delivered += world.edgeDelivered[e]!;
      shares += world.edgeShare[e]!;
      if (world.edgeShare[e]! < 0) problems.push(`edge ${e} share negative`);
    }
    if (Math.abs(delivered - world.slotReceived[s]!) > tol * Math.max(1, delivered)) problems.push(`slot ${s} delivered ${delivered} ≠ received ${world.slotReceived[s]}`);
    if (end > start && Math.abs(shares - 1) > 1e-9) problems.push(`slot ${s} shares sum to ${shares}`);
  }
  for (let e = 0; e < world.edgeBlocked.length; e++) {
    if (world.edgeBlocked[e] === 1 && (world.edgeOrder[e] !== 0 || world.edgeDelivered[e] !== 0)) problems.push(`blocked edge ${e} carries flow`);
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

describe('policy properties over random worlds and measures', () => {
  it('no measure lets flow through an edge it blocks, nor through one blocked directly; invariants hold', () => {
    // What the generated cases exercised, so the property cannot pass vacuously.
    const seen = { blocked: 0, licensed: 0, tariffed: 0, adopted: 0, grown: 0 };
    fc.assert(
      fc.property(scenario, (s) => {
        const spec = buildSpec(s);
        const world = createWorld(spec, s.runSeed);
        // A few edges blocked directly (base permissions), which no measure may reopen.
        const E = world.edgeSupplier.length;
        const manual = [...new Set(s.baseBlocks.map((b) => b % E))].map((e) => ({ supplier: world.edgeSupplier[e]!, slot: world.edgeSlot[e]! }));
        setBlocked(world, manual.map((m) => findEdge(world, m.supplier, m.slot)), true);
        checkInvariants(world, 'initial');

        for (let t = 0; t < STEPS; t++) {
          const before = restrictionsNow(world);
          const version = world.networkVersion;
          step(world);
          const label = `step ${t}`;
          // Supplier search adds edges at the end of a step: map the pre-step indices.
          const moved = world.networkVersion !== version ? world.lastNetworkChange!.oldToNew : undefined;
          if (moved) seen.grown++;
          for (const [m, r] of before) {
            if (!(m.start <= t && t < m.end)) continue; // lifted by a doctrine this step
            for (let i = 0; i < r.edges.length; i++) {
              const e = moved ? moved[r.edges[i]!]! : r.edges[i]!;
              if (r.licence <= 0) {
                seen.blocked++;
                expect(world.edgeBlocked[e], `${label}: ${m.id} edge ${e}`).toBe(1);
                expect(world.edgeDelivered[e], `${label}: ${m.id} edge ${e}`).toBe(0);
              } else {
                if (r.licence < 1) seen.licensed++;
                expect(world.edgeLicenceProbability[e]!, `${label}: ${m.id}`).toBeLessThanOrEqual(r.licence + 1e-12);
              }
              if (r.tariff > 0) seen.tariffed++;
              expect(world.edgeTariff[e]!, `${label}: ${m.id}`).toBeGreaterThanOrEqual(r.tariff - 1e-12);
            }
          }
          for (const { supplier, slot } of manual) {
            const e = findEdge(world, supplier, slot);
            expect(world.edgeBlocked[e], `${label}: manual block`).toBe(1);
            expect(world.edgeDelivered[e], `${label}: manual block`).toBe(0);
          }
          checkInvariants(world, label);
        }
        seen.adopted += world.policy.measures.filter((m) => m.origin !== 'script').length;
      }),
      { numRuns: 40 },
    );
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(0);
  });
  it('incremental compliance gives the same world, to the last bit, as recomputing every edge', () => {
    // Two copies of a world; before each step one forgets its permission trail, so its compliance
    // phase recomputes every edge. Base permissions change by hand between steps.
    const changes = fc.array(fc.record({ at: fc.nat(STEPS - 1), kind: fc.nat(2), edges: fc.array(fc.nat(400), { minLength: 1, maxLength: 4 }), level: fc.nat(2) }), { maxLength: 5 });
    let incremental = 0;
    fc.assert(
      fc.property(scenario, changes, (s, edits) => {
        const spec = buildSpec(s);
        const worlds = [createWorld(spec, s.runSeed), createWorld(spec, s.runSeed)] as const;
        for (let t = 0; t < STEPS; t++) {
          for (const edit of edits.filter((x) => x.at === t)) {
            for (const world of worlds) {
              const edges = edit.edges.map((e) => e % world.edgeSupplier.length);
              if (edit.kind === 0) setBlocked(world, edges, edit.level !== 0);
              else if (edit.kind === 1) setLicenceProbability(world, edges, [1, 0.5, 0][edit.level]!);
              else setTariff(world, edges, [0, 0.1, 0.5][edit.level]!);
            }
          }
          if (worlds[0].policy.permissionTrail !== undefined) incremental++;
          worlds[1].policy.permissionTrail = undefined;
          for (const world of worlds) step(world);
          for (const [name, value] of Object.entries(worlds[0])) {
            if (ArrayBuffer.isView(value)) expect(Buffer.from((worlds[1] as unknown as Record<string, Int8Array>)[name]!.buffer, value.byteOffset, value.byteLength).equals(Buffer.from(value.buffer, value.byteOffset, value.byteLength)), `step ${t}: ${name}`).toBe(true);
          }
        }
      }),
      { numRuns: 40 },
    );
    expect(incremental).toBeGreaterThan(100);
  });
});
