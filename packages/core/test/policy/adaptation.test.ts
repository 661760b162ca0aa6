import { describe, expect, it } from 'vitest';
import { createWorld, originContent, step, type World } from '@chokepoint/core';
import { QUIET, edgeOf, foundryWorld, metric, searchWorld, stepWithMetrics, twoBlocs } from './fixtures.js';

/*
 * Adaptation: supplier search, design-out and import substitution.
 */

const years = (world: World): number => world.params.daysPerStep / 365.25;
const hasEdge = (world: World, supplier: string, buyer: string): boolean => {
  try {
    edgeOf(world, supplier, buyer);
    return true;
  } catch {
    return false;
  }
};

describe('supplier search', () => {
  const START = 2;

  /** Runs the search world and reports when the new edge appears and first delivers. */
  function trace(policy: { searchPatience?: number; searchDelay?: number }, steps = 12) {
    const world = createWorld(searchWorld({ controlStart: START, policy }), 1);
    const edges0 = world.edgeSupplier.length;
    let chosen = -1;
    let firstDelivery = -1;
    let switchingCost = 0;
    let need = 0;
    for (let t = 0; t < steps; t++) {
      const version = world.networkVersion;
      const rows = stepWithMetrics(world);
      if (world.networkVersion !== version && chosen < 0) {
        chosen = t;
        switchingCost = metric(rows, 'CN', 'switching_cost');
        const slot = world.edgeSlot[edgeOf(world, 'fabUS', 'oemCN')]!;
        need = world.slotOrdered[slot]! + world.slotUnplaced[slot]!;
      } else {
        expect(metric(rows, 'CN', 'switching_cost'), `step ${t}`).toBe(0); // paid once, when the supplier is chosen
      }
      if (
        hasEdge(world, 'fabKR', 'oemCN') &&
        world.edgeDelivered[edgeOf(world, 'fabKR', 'oemCN')]! > 0 &&
        firstDelivery < 0
      )
        firstDelivery = t;
    }
    return { world, edges0, chosen, firstDelivery, switchingCost, need };
  }

  it('finds an allowed supplier that meets the capability requirement after searchPatience steps of unmet need', () => {
    for (const patience of [1, 3]) {
      const { world, edges0, chosen } = trace({ searchPatience: patience });
      // Unmet need from the control's first step; the search runs when `patience` such steps have passed.
      expect(chosen, `patience ${patience}`).toBe(START + patience - 1);
      expect(world.edgeSupplier.length).toBe(edges0 + 1);
      expect(world.networkVersion).toBe(1);
      // fabKR, not fabWeak (more spare capacity, but below the requirement) nor the controlled fabUS.
      expect(hasEdge(world, 'fabKR', 'oemCN')).toBe(true);
      expect(hasEdge(world, 'fabWeak', 'oemCN')).toBe(false);
      expect(world.edgeBlocked[edgeOf(world, 'fabUS', 'oemCN')]).toBe(1);
    }
  });

  it('pays the switching cost: a share of a year’s value of the input sourced', () => {
    const { world, switchingCost, need } = trace({});
    const price = world.productPrice[world.productIndex.get('chip')!]!;
    expect(need).toBeGreaterThan(0);
    expect(switchingCost).toBeCloseTo((world.policy.params.switchingCost * need * price) / years(world), 10);
  });

  it('does not search before any restriction', () => {
    const { world, chosen } = trace({}, START);
    expect(chosen).toBe(-1);
    expect(world.networkVersion).toBe(0);
  });

  it('delivers nothing over the new edge before searchDelay steps have passed, then restores supply', () => {
    for (const delay of [1, 2, 3]) {
      const { world, chosen, firstDelivery } = trace({ searchDelay: delay });
      expect(firstDelivery - chosen, `delay ${delay}`).toBeGreaterThanOrEqual(delay);
      const households = [...world.finalDemandState].indexOf(world.stateIndex.get('CN')!);
      const slot = world.firmSlotCount + households; // CN households' phones: supply restored
      expect(world.slotReceived[slot]).toBeCloseTo(world.slotAmount[slot]!, 6);
    }
  });

  // PolicyParams.searchDelay: "Steps from choosing a new supplier to its first delivery."
  // The pending edge is released in phase 4 of step `chosen + delay`, after production,
  // so permissions only open in the compliance phase of the following step.
  it('first delivers exactly searchDelay steps after the supplier is chosen', () => {
    for (const delay of [1, 2, 3]) {
      const { chosen, firstDelivery } = trace({ searchDelay: delay });
      expect(firstDelivery - chosen, `delay ${delay}`).toBe(delay);
    }
  });
});

describe('supplier search in days', () => {
  /** The step the new supplier is chosen and the step it first delivers, at a given step length. */
  function timing(daysPerStep: number, policy: Record<string, number>) {
    const start = Math.round(182.625 / daysPerStep); // the control from day 182.6 at any step length
    const spec = searchWorld({ controlStart: start, policy });
    const world = createWorld({ ...spec, params: { ...spec.params, daysPerStep } }, 1);
    let chosen = -1;
    let first = -1;
    for (let t = 0; t < start + Math.ceil(800 / daysPerStep); t++) {
      const version = world.networkVersion;
      step(world);
      if (world.networkVersion !== version && chosen < 0) chosen = t;
      if (first < 0 && hasEdge(world, 'fabKR', 'oemCN') && world.edgeDelivered[edgeOf(world, 'fabKR', 'oemCN')]! > 0)
        first = t;
    }
    return { start, chosen, first, world };
  }

  it('waits searchPatienceDays and searchDelayDays at any step length (whole steps, at least one)', () => {
    for (const [days, patience, delay] of [
      [365.25 / 4, 1, 2],
      [365.25 / 12, 3, 6],
      [7, 13, 26],
    ] as const) {
      const { start, chosen, first } = timing(days, {});
      expect(chosen - start + 1, `patience at ${days} days a step`).toBe(patience);
      expect(first - chosen, `delay at ${days} days a step`).toBe(delay);
    }
  });

  it('converts the former searchPatience and searchDelay, in steps, with the step length', () => {
    const { world } = timing(30, { searchPatience: 2, searchDelay: 3 });
    expect(world.policy.params.searchPatienceDays).toBe(60);
    expect(world.policy.params.searchDelayDays).toBe(90);
    expect('searchPatience' in world.policy.params).toBe(false);
    // The days, when given too, win.
    expect(timing(30, { searchPatience: 2, searchPatienceDays: 7 }).world.policy.params.searchPatienceDays).toBe(7);
  });
});

describe('design-out', () => {
  // TSMC with 30% US content, bound by a 25% de minimis FDPR on chips to CN.
  const bound = (designOutRate?: number) =>
    foundryWorld({
      tsmcUS: 0.3,
      asmlUS: 0.3,
      measures: [
        { type: 'foreign_direct_product_rule', issuer: 'US', targets: ['CN'], products: ['chip'], deMinimis: 0.25 },
      ],
      ...(designOutRate === undefined ? {} : { policy: { designOutRate } }),
    });
  const ownUs = (world: World, firm: string): number => {
    const T = world.policy.trackedStates.length;
    return world.policy.firmOwnOrigin[
      world.firmIndex.get(firm)! * T + world.policy.trackedIndex[world.stateIndex.get('US')!]!
    ]!;
  };

  it('cuts a bound firm’s own issuer-origin share at designOutRate·years·risk per step', () => {
    const world = createWorld(bound(), 1);
    const before = ownUs(world, 'TSMC');
    step(world);
    // Risk: the share of TSMC's market over the rule's edges (Huawei's need, by its established share) against what Apple ordered.
    const e = edgeOf(world, 'TSMC', 'Huawei');
    const slot = world.edgeSlot[e]!;
    const atRisk = world.edgeBaseShare[e]! * (world.slotOrdered[slot]! + world.slotUnplaced[slot]!);
    const apple = world.edgeOrder[edgeOf(world, 'TSMC', 'Apple')]!;
    const risk = atRisk / (atRisk + apple);
    expect(risk).toBeGreaterThan(0.3);
    expect(ownUs(world, 'TSMC')).toBeCloseTo(
      before * (1 - world.policy.params.designOutRate * years(world) * risk),
      12,
    );
  });

  /** Steps TSMC until the rule frees it (or `steps` pass); checks content falls each step it is bound. */
  function designOutRun(substitutionRate?: number, steps = 40) {
    const spec = bound();
    if (substitutionRate !== undefined) spec.params = { substitutionRate };
    const world = createWorld(spec, 1);
    const tsmc = world.firmIndex.get('TSMC')!;
    const us = world.stateIndex.get('US')!;
    let previous = originContent(world, tsmc, us);
    let freedAt = -1;
    for (let t = 0; t < steps && freedAt < 0; t++) {
      step(world);
      const now = originContent(world, tsmc, us);
      if (world.edgeBlocked[edgeOf(world, 'TSMC', 'Huawei')] === 1) expect(now, `step ${t}`).toBeLessThan(previous);
      else freedAt = t;
      previous = now;
    }
    return { world, freedAt, content: previous };
  }

  it('lowers the bound firm’s issuer-origin content every step it is bound, moving the share home', () => {
    const { world, content } = designOutRun(undefined, 20);
    expect(content).toBeLessThan(0.3);
    const tsmc = world.firmIndex.get('TSMC')!;
    const T = world.policy.trackedStates.length;
    const tw = world.policy.trackedIndex[world.stateIndex.get('TW')!]!;
    expect(ownUs(world, 'TSMC') + world.policy.firmOwnOrigin[tsmc * T + tw]!).toBeCloseTo(1, 12);
  });

  it('frees the firm once its content falls below de minimis, and trade with the target resumes (buyers keeping their shares)', () => {
    const { world, freedAt, content } = designOutRun(0);
    expect(freedAt).toBeGreaterThan(0);
    expect(content).toBeLessThanOrEqual(0.25);
    step(world);
    expect(world.edgeDelivered[edgeOf(world, 'TSMC', 'Huawei')]).toBeGreaterThan(0);
  });

  // Doubtful mechanism: risk is measured on the buyers' *current* shares of the blocked edges,
  // which supplier substitution shrinks by σ = 0.25 a step. The total cut is then bounded
  // (≈ designOutRate·years·risk₀/σ), so design-out stalls at 25.16% US content here (about 35%
  // for TSMC in twoBlocs) and the firm stays bound for ever.
  it('frees a firm modestly above de minimis under the default substitution rate', () => {
    const { freedAt } = designOutRun();
    expect(freedAt).toBeGreaterThan(0);
  });

  it('does nothing at designOutRate 0, nor to a firm below de minimis', () => {
    const world = createWorld(bound(0), 1);
    const free = createWorld(foundryWorld({ tsmcUS: 0, asmlUS: 0.15, measures: bound().measures! }), 1);
    const before = [ownUs(world, 'TSMC'), ownUs(free, 'ASML')];
    for (let t = 0; t < 8; t++) {
      step(world);
      step(free);
    }
    expect([ownUs(world, 'TSMC'), ownUs(free, 'ASML')]).toEqual(before);
  });
});

describe('import substitution', () => {
  // TW controls chips to CN: CN's phone makers lose 70% and 50% of their chip supply.
  // With no spillover, learning or moving frontier, the only difference between the arms is the pull of denied demand.
  const policy = { ...QUIET, spilloverRate: 0, learningRate: 0, learningByDoing: 0, frontierGrowth: 0 };
  const denied = () =>
    twoBlocs({ measures: [{ type: 'export_control', issuer: 'TW', targets: ['CN'], products: ['chip'] }], policy });
  const open = () => twoBlocs({ states: { TW: { doctrine: 'NLG' } }, policy });

  it('raises the target’s capability faster when its demand is denied', () => {
    const a = createWorld(denied(), 1);
    const b = createWorld(open(), 1);
    const smic = a.firmIndex.get('SMIC')!;
    const P = a.productIds.length;
    const at = a.stateIndex.get('CN')! * P + a.productIndex.get('chip')!;
    step(a);
    step(b);
    expect(a.firmCapability[smic]).toBeCloseTo(b.firmCapability[smic]!, 15); // denial is observed at the end of step 0
    const share = a.policy.stateProductDenied[at]! / a.policy.stateProductNeed[at]!;
    expect(share).toBeGreaterThan(0.1);
    const gap = a.productFrontier[a.productIndex.get('chip')!]! - a.firmCapability[smic]!;
    const [ca, cb] = [a.firmCapability[smic]!, b.firmCapability[smic]!];
    step(a);
    step(b);
    const extra = a.firmCapability[smic]! - ca - (b.firmCapability[smic]! - cb);
    expect(extra).toBeCloseTo(years(a) * a.policy.params.substitutionPull * share * gap, 12);
    for (let t = 2; t < 12; t++) {
      step(a);
      step(b);
      expect(a.firmCapability[smic]!).toBeGreaterThan(b.firmCapability[smic]!);
    }
  });

  it('cuts the target’s foreign access by the share of its foreign supply edges the controls restrict', () => {
    const a = createWorld(denied(), 1);
    step(a);
    const cn = a.stateIndex.get('CN')!;
    // CN's foreign supply edges (by count), licence-weighted when open.
    let foreign = 0;
    let open = 0;
    for (let e = 0; e < a.edgeSupplier.length; e++) {
      const slot = a.edgeSlot[e]!;
      const to = slot < a.firmSlotCount ? a.firmState[a.slotOwner[slot]!]! : a.finalDemandState[a.slotOwner[slot]!]!;
      if (to !== cn || a.firmState[a.edgeSupplier[e]!] === cn) continue;
      foreign++;
      if (a.edgeBlocked[e] === 0) open += a.edgeLicenceProbability[e]!;
    }
    expect(open).toBeLessThan(foreign);
    expect(a.policy.stateForeignAccess[cn]).toBeCloseTo(open / foreign, 15);
  });

  it('grows the target’s domestic capacity toward the denied demand', () => {
    const a = createWorld(denied(), 1);
    const smic = a.firmIndex.get('SMIC')!;
    const capacity = a.firmCapacity[smic]!;
    for (let t = 0; t < 4; t++) step(a);
    expect(a.firmCapacity[smic]!).toBeGreaterThan(capacity * 1.05);
  });
});
