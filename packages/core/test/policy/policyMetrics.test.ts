import { describe, expect, it } from 'vitest';
import { createWorld, originContent, simulate, type WorldSpec } from '@chokepoint/core';
import { QUIET, edgeOf, metric, stepWithMetrics, twoBlocs } from './fixtures.js';

/*
 * Policy metrics that the doctrine and instrument tests lean on, checked
 * against their definitions (policyMetrics.ts TSDoc).
 */

describe('policy metrics', () => {
  it('escalation_index is the trade the measures in force close, as a share of world trade; a duplicate closes nothing more', () => {
    // A US ban on SME to China from step 0, the same ban again from step 2, and a Chinese licence regime (p = 0.25) on gallium to the US from step 1.
    const ban = { type: 'export_control', issuer: 'US', targets: ['CN'], products: ['sme'] };
    const spec = twoBlocs({
      phoneThreat: null,
      policy: QUIET,
      measures: [
        ban,
        { ...ban, id: 'again', start: 2 },
        { type: 'export_control', issuer: 'CN', targets: ['US'], products: ['gallium'], licence: 0.25, start: 1 },
      ],
    });
    const world = createWorld(spec, 1);
    // The base value of an edge: its base share of its slot's base need, at the base price.
    const baseValue = (supplier: string, buyer: string): number => {
      const [s, b] = [world.firmIndex.get(supplier)!, world.firmIndex.get(buyer)!];
      for (let slot = world.firmSlotStart[b]!; slot < world.firmSlotStart[b + 1]!; slot++) {
        let shares = 0;
        let mine = 0;
        for (let e = world.slotEdgeStart[slot]!; e < world.slotEdgeStart[slot + 1]!; e++) {
          shares += world.edgeBaseShare[e]!;
          if (world.edgeSupplier[e] === s) mine += world.edgeBaseShare[e]!;
        }
        if (mine > 0)
          return (
            (mine / shares) *
            world.slotAmount[slot]! *
            world.firmBaseDemand[b]! *
            world.productPrice[world.slotProduct[slot]!]!
          );
      }
      return 0;
    };
    const smeToChina = baseValue('AMAT', 'SMIC');
    const galliumToUs = 0.75 * baseValue('GalliumCN', 'AMAT');
    expect(smeToChina).toBeGreaterThan(0);
    // World trade: every cross-border edge at its base value.
    let worldTrade = 0;
    for (let slot = 0; slot < world.slotOwner.length; slot++) {
      const need =
        slot < world.firmSlotCount
          ? world.slotAmount[slot]! * world.firmBaseDemand[world.slotOwner[slot]!]!
          : world.slotAmount[slot]!;
      let shares = 0;
      for (let e = world.slotEdgeStart[slot]!; e < world.slotEdgeStart[slot + 1]!; e++)
        shares += world.edgeBaseShare[e]!;
      for (let e = world.slotEdgeStart[slot]!; e < world.slotEdgeStart[slot + 1]!; e++) {
        if (world.edgeForeign[e] === 1)
          worldTrade += (world.edgeBaseShare[e]! / shares) * need * world.productPrice[world.slotProduct[slot]!]!;
      }
    }
    for (let t = 0; t < 4; t++) {
      const rows = stepWithMetrics(world);
      const us = metric(rows, 'US', 'restricted_trade');
      const cn = metric(rows, 'CN', 'restricted_trade');
      expect(us, `step ${t}`).toBeCloseTo(smeToChina, 9); // the duplicate from step 2 adds nothing
      expect(cn, `step ${t}`).toBeCloseTo(t >= 1 ? galliumToUs : 0, 9);
      expect(metric(rows, 'world', 'restricted_trade')).toBeCloseTo(us + cn, 9);
      const share = metric(rows, 'world', 'escalation_index');
      expect(share).toBeCloseTo((us + cn) / worldTrade, 12);
      expect(metric(rows, 'US', 'escalation_index')).toBeCloseTo(us / worldTrade, 12);
    }
    expect(world.policy.measureAddedValue.get('again')).toBe(0);
  });

  it('origin_content:STATE per firm matches originContent, and capability is the best of the state’s firms', () => {
    const spec = twoBlocs({
      measures: [{ type: 'foreign_direct_product_rule', issuer: 'US', targets: ['CN'], products: ['chip'] }],
      policy: QUIET,
    });
    const world = createWorld(spec, 1);
    for (let t = 0; t < 3; t++) {
      const rows = stepWithMetrics(world);
      for (const firm of ['TSMC', 'ASML', 'SMIC']) {
        expect(metric(rows, firm, 'origin_content:US')).toBe(
          originContent(world, world.firmIndex.get(firm)!, world.stateIndex.get('US')!),
        );
      }
      // As a share of the chip frontier, which moves with the R&D of the firms at it.
      const cnChips = ['SMIC'].map((f) => world.firmCapability[world.firmIndex.get(f)!]!);
      expect(metric(rows, 'CN:chip', 'capability')).toBe(
        Math.max(...cnChips) / world.productFrontier[world.productIndex.get('chip')!]!,
      );
    }
  });

  it('welfare is real income: (value added + tariff revenue − λ·subsidies) / CPI, by state and summed for the world', () => {
    const spec = twoBlocs({
      measures: [
        { type: 'subsidy', issuer: 'CN', products: ['chip'] },
        { type: 'export_control', issuer: 'US', targets: ['CN'], products: ['phone'], start: 1 },
        { type: 'tariff', issuer: 'US', rate: 0.3, from: ['CN'], start: 1 },
      ],
      policy: QUIET,
    });
    const world = createWorld(spec, 1);
    const lambda = world.params.costOfFunds;
    let subsidies = 0;
    let duties = 0;
    let inflation = false;
    for (let t = 0; t < 5; t++) {
      const rows = stepWithMetrics(world);
      let total = 0;
      for (const state of world.stateIds) {
        const nominal =
          metric(rows, state, 'value_added') +
          metric(rows, state, 'tariff_revenue') -
          lambda * metric(rows, state, 'subsidy_paid');
        const expected = nominal / metric(rows, state, 'cpi');
        expect(metric(rows, state, 'welfare'), `${state} step ${t}`).toBeCloseTo(expected, 9);
        total += expected;
        subsidies += metric(rows, state, 'subsidy_paid');
        duties += metric(rows, state, 'tariff_revenue');
        if (metric(rows, state, 'cpi') > 1 + 1e-6) inflation = true;
      }
      expect(metric(rows, 'world', 'welfare')).toBeCloseTo(total, 9);
    }
    // Every part moved: subsidies were paid, duties collected, and some state's consumer prices rose.
    expect(subsidies).toBeGreaterThan(0);
    expect(duties).toBeGreaterThan(0);
    expect(inflation).toBe(true);
  });

  it('counts only the excess burden of subsidies: welfare falls by λ × the subsidy paid', () => {
    const spec = (costOfFunds: number) =>
      twoBlocs({
        measures: [{ type: 'subsidy', issuer: 'CN', products: ['chip'] }],
        policy: QUIET,
        params: { costOfFunds },
      });
    const free = createWorld(spec(0), 1);
    const costly = createWorld(spec(0.5), 1);
    for (let t = 0; t < 3; t++) {
      const a = stepWithMetrics(free);
      const b = stepWithMetrics(costly);
      const paid = metric(b, 'CN', 'subsidy_paid');
      expect(paid).toBeGreaterThan(0);
      expect(metric(a, 'CN', 'welfare') - metric(b, 'CN', 'welfare')).toBeCloseTo(
        (0.5 * paid) / metric(b, 'CN', 'cpi'),
        9,
      );
    }
  });

  /**
   * An FDPR that cuts TSMC off from CN (true leakage 0) while a CN gallium
   * licence on exports to the US makes AMAT find a new gallium supplier (a
   * Japanese one, added for this test): the network grows in a slot before
   * the FDPR's edges, moving their indices.
   */
  function leakageWithGrowth(): WorldSpec {
    const spec = twoBlocs({
      policy: { ...QUIET, designOutRate: 0 },
      measures: [
        { type: 'foreign_direct_product_rule', issuer: 'US', targets: ['CN'], products: ['chip'], deMinimis: 0.25 },
        { type: 'mineral_export_licensing', issuer: 'CN', products: ['gallium'], targets: ['US'], start: 2 },
      ],
    });
    spec.firms.push({ id: 'GalliumJP', state: 'JP', product: 'gallium', capacity: 100 });
    return spec;
  }

  it('leakage is zero while the rule cuts every third-country supplier (network unchanged)', () => {
    const rows = simulate(leakageWithGrowth(), { steps: 3, seed: 1 }).metrics.rows();
    expect(rows.filter((r) => r.entity === 'chip' && r.variable === 'leakage').map((r) => r.value)).toEqual([0, 0, 0]);
  });

  // Regression (fixed): policyMetrics.ts controlLeakage read `m.cache.edges`, cached in the compliance
  // phase; supplier search (phase 4) then added an edge and moved every later edge, so the
  // stale indices pointed at other edges. Here TSMC → Huawei's old index then held TSMC → Apple,
  // and Apple's chips (TW → US) were reported as leakage to CN.
  it('leakage stays zero in the step supplier search grows the network', () => {
    const world = createWorld(leakageWithGrowth(), 1);
    let grew = false;
    for (let t = 0; t < 6; t++) {
      const version = world.networkVersion;
      const rows = stepWithMetrics(world);
      grew ||= world.networkVersion !== version;
      expect(world.edgeDelivered[edgeOf(world, 'TSMC', 'Huawei')]).toBe(0);
      expect(metric(rows, 'chip', 'leakage'), `step ${t}`).toBe(0);
    }
    expect(grew).toBe(true);
  });
});

describe('capability_gap', () => {
  it('is a state’s capability lead over its rival, recorded only for states with a rival', () => {
    // SMIC starts at 0.7 of the chip frontier; the US has no chip maker, Taiwan leads.
    const spec = twoBlocs({ states: { US: { rival: 'CN' }, CN: { rival: 'US' } }, policy: QUIET });
    const world = createWorld(spec, 1);
    for (let t = 0; t < 4; t++) {
      const rows = stepWithMetrics(world);
      const value = (entity: string, variable: string): number | undefined =>
        rows.find((r) => r.entityKind === 'state_product' && r.entity === entity && r.variable === variable)?.value;
      const cn = value('CN:chip', 'capability')!;
      const us = value('US:chip', 'capability') ?? 0;
      expect(cn).toBeGreaterThan(0.69);
      expect(value('CN:chip', 'capability_gap')).toBeCloseTo(cn - us, 12);
      expect(value('TW:chip', 'capability_gap')).toBeUndefined();
    }
  });
});
