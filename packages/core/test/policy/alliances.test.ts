import { describe, expect, it } from 'vitest';
import {
  createWorld,
  originContent,
  simulate,
  step,
  type MeasureSpec,
  type StateSpec,
  type World,
  type WorldSpec,
} from '@chokepoint/core';
import { QUIET, edgeOf, metric, series, stepWithMetrics, twoBlocs } from './fixtures.js';

/*
 * Alliances: a coordinated measure needs consensus, one member one vote
 * (CNAS recommendation 5). If it passes every member adopts it; if it fails
 * the proposer's measure stands alone, and the vote is recorded.
 */

const ALLIANCE = [{ id: 'sme', members: ['US', 'JP', 'NL'] }];
const START = 2;

/** A scripted US control on SME to CN, put to the alliance's vote at its start. */
function scripted(states: Partial<Record<string, Partial<StateSpec>>>, products = ['sme']): WorldSpec {
  return twoBlocs({
    states,
    alliances: ALLIANCE,
    measures: [{ type: 'export_control', issuer: 'US', alliance: 'sme', targets: ['CN'], products, start: START }],
    policy: QUIET,
  });
}

const membersWithMeasures = (world: World): string[] =>
  [
    ...new Set(world.policy.measures.filter((m) => m.type === 'export_control').map((m) => world.stateIds[m.issuer]!)),
  ].sort();

describe('alliance votes on a scripted measure', () => {
  it('pass when every other member votes yes (DNM members), and every member adopts the measure', () => {
    const result = simulate(scripted({ JP: { doctrine: 'DNM' }, NL: { doctrine: 'DNM' } }), { steps: 5, seed: 1 });
    const world = result.world;
    expect(membersWithMeasures(world)).toEqual(['JP', 'NL', 'US']);
    for (const m of world.policy.measures.filter((m) => m.origin === 'alliance')) {
      expect(m.start).toBe(START);
      expect(world.stateIds[m.target]).toBe('CN');
    }
    // Every member's SME to SMIC is now cut.
    for (const supplier of ['AMAT', 'ASML', 'TEL'])
      expect(world.edgeBlocked[edgeOf(world, supplier, 'SMIC')], supplier).toBe(1);
    const rows = result.metrics.rows();
    expect(series(rows, 'sme', 'votes')).toEqual([0, 0, 1, 1, 1]);
    expect(series(rows, 'sme', 'votes_passed')).toEqual([0, 0, 1, 1, 1]);
    expect(series(rows, 'sme', 'defections')).toEqual([0, 0, 0, 0, 0]);
    expect(
      metric(
        rows.filter((r) => r.step === 5),
        'JP',
        'measures_in_force',
      ),
    ).toBe(1);
  });

  it('fail on a single veto: the proposer’s measure stands alone', () => {
    // NL is NLG: SME has no threat score, so it votes no.
    const result = simulate(scripted({ JP: { doctrine: 'DNM' } }), { steps: 5, seed: 1 });
    const world = result.world;
    expect(membersWithMeasures(world)).toEqual(['US']);
    expect(world.edgeBlocked[edgeOf(world, 'AMAT', 'SMIC')]).toBe(1);
    expect(world.edgeBlocked[edgeOf(world, 'ASML', 'SMIC')]).toBe(0);
    expect(world.edgeBlocked[edgeOf(world, 'TEL', 'SMIC')]).toBe(0);
    const rows = result.metrics.rows();
    expect(series(rows, 'sme', 'votes')).toEqual([0, 0, 1, 1, 1]);
    expect(series(rows, 'sme', 'votes_passed')).toEqual([0, 0, 0, 0, 0]);
    expect(series(rows, 'sme', 'defections')).toEqual([0, 0, 1, 1, 1]);
    expect(
      metric(
        rows.filter((r) => r.step === 5),
        'JP',
        'measures_in_force',
      ),
    ).toBe(0);
  });

  it('count each no vote as a defection', () => {
    const rows = simulate(scripted({}), { steps: 3, seed: 1 }).metrics.rows();
    expect(series(rows, 'sme', 'defections')).toEqual([0, 0, 2]);
  });

  it('pass among NLG members when the product passes their threat test', () => {
    const world = createWorld(scripted({}, ['phone']), 1);
    for (let t = 0; t <= START; t++) step(world);
    expect(membersWithMeasures(world)).toEqual(['JP', 'NL', 'US']);
    expect(world.policy.alliances[0]!.passed).toBe(1);
  });
});

describe('alliance votes on a DNM proposal', () => {
  // US DNM with rival CN: SMIC's capability growth toward Intel's is a relative-gain loss for
  // the US in chips, which both make, and the US holds an SME chokepoint (AMAT has 40% of
  // capacity), so it controls SME and asks its allies.
  const proposal = (nl: Partial<StateSpec>) =>
    twoBlocs({
      usChips: true,
      states: { US: { doctrine: 'DNM', rival: 'CN', hawkishness: 1 }, JP: { doctrine: 'DNM' }, NL: nl },
      alliances: ALLIANCE,
      phoneThreat: null,
      policy: { ...QUIET, relativeGainTrigger: 0.001 },
    });

  it('a DNM proposal passes with DNM allies, who adopt it', () => {
    const world = simulate(proposal({ doctrine: 'DNM' }), { steps: 4, seed: 1 }).world;
    const record = world.policy.alliances[0]!;
    expect(record.votes).toBeGreaterThanOrEqual(1);
    expect(record.passed).toBe(record.votes);
    expect(membersWithMeasures(world)).toEqual(['JP', 'NL', 'US']);
    expect(world.edgeBlocked[edgeOf(world, 'ASML', 'SMIC')]).toBe(1);
  });

  it('a single NLG veto sinks it', () => {
    const world = simulate(proposal({}), { steps: 4, seed: 1 }).world;
    const record = world.policy.alliances[0]!;
    expect(record.votes).toBeGreaterThanOrEqual(1);
    expect(record.passed).toBe(0);
    expect(record.defections).toBe(record.votes); // NL, every time
    expect(membersWithMeasures(world)).toEqual(['US']);
    expect(world.edgeBlocked[edgeOf(world, 'ASML', 'SMIC')]).toBe(0);
  });
});

describe('leakage', () => {
  // Validation episode 3: a US-only control on SME leaks through Dutch and Japanese suppliers; aligned, it binds.
  it('counts the rise of controlled product reaching the target from third countries, and vanishes when allies align', () => {
    const alone = createWorld(scripted({ JP: { doctrine: 'DNM' } }), 1);
    const aligned = createWorld(scripted({ JP: { doctrine: 'DNM' }, NL: { doctrine: 'DNM' } }), 1);
    const price = alone.productPrice[alone.productIndex.get('sme')!]!;
    let before = NaN; // third-country deliveries in the step before the control
    let rose = false;
    for (let t = 0; t < 6; t++) {
      const rows = stepWithMetrics(alone);
      const thirdCountry =
        alone.edgeDelivered[edgeOf(alone, 'ASML', 'SMIC')]! + alone.edgeDelivered[edgeOf(alone, 'TEL', 'SMIC')]!;
      if (t === START - 1) before = thirdCountry;
      // Leakage is the increase over the flows before the control (valued at base prices), not the flows themselves.
      expect(metric(rows, 'sme', 'leakage'), `step ${t}`).toBeCloseTo(
        t < START ? 0 : Math.max(0, thirdCountry - before) * price,
        10,
      );
      if (t >= START && thirdCountry > before * (1 + 1e-9)) rose = true;
      expect(metric(stepWithMetrics(aligned), 'sme', 'leakage'), `step ${t}`).toBe(0);
    }
    expect(before).toBeGreaterThan(0);
    expect(rose).toBe(true); // SMIC turns to ASML and TEL for what the US no longer ships
  });
});

describe('coordinated content-based rules', () => {
  /**
   * KR's SME makes up 5/6 of a Taiwanese fab's chip value (0.5 × 5 / 3), so a
   * KR rule with a 25% de minimis binds the fab; a US one does not (no US content).
   */
  const fabWorld = (measures: MeasureSpec[]): WorldSpec => ({
    states: [{ id: 'US' }, { id: 'KR' }, { id: 'CN' }, { id: 'TW' }],
    products: [
      { id: 'sme', price: 5 },
      {
        id: 'chip',
        price: 3,
        recipe: [{ product: 'sme', amount: 0.5 }],
        threat: { breadth: 1, access: 1, dependence: 1, detectability: 1 },
      },
    ],
    firms: [
      { id: 'krSme', state: 'KR', product: 'sme' },
      { id: 'twFab', state: 'TW', product: 'chip' },
    ],
    edges: [{ supplier: 'krSme', buyer: 'twFab' }],
    finalDemand: [
      { state: 'CN', product: 'chip', quantity: 10 },
      { state: 'US', product: 'chip', quantity: 10 },
    ],
    alliances: [{ id: 'chips', members: ['US', 'KR'] }],
    measures,
    policy: QUIET,
  });
  const rule = (issuer: string, alliance?: string): MeasureSpec => ({
    type: 'export_control',
    issuer,
    targets: ['CN'],
    products: ['chip'],
    deMinimis: 0.25,
    ...(alliance === undefined ? {} : { alliance }),
  });

  it('a member’s own de minimis rule binds a foreign firm with its content above the threshold', () => {
    const world = createWorld(fabWorld([rule('KR')]), 1);
    step(world);
    expect(originContent(world, world.firmIndex.get('twFab')!, world.stateIndex.get('KR')!)).toBeCloseTo(5 / 6, 12);
    expect(world.edgeBlocked[edgeOf(world, 'twFab', { final: 'CN' })]).toBe(1);
  });

  // Regression (fixed): policy/setup.ts createPolicyState tracked origin content only for issuers of scripted
  // content-based measures, DNM states and states named in firm origins. KR (NLG) adopts the
  // alliance copy at run time; its content was not tracked, so originContent(…, KR) was 0
  // and its copy of the rule never reached abroad. The same holds for any content-based
  // measure a doctrine or plugin adopts for an untracked issuer.
  it('an ally’s adopted copy of a de minimis rule binds the same foreign firm', () => {
    const world = createWorld(fabWorld([rule('US', 'chips')]), 1);
    step(world);
    expect(world.policy.measures.map((m) => `${world.stateIds[m.issuer]}:${m.origin}`)).toEqual([
      'US:script',
      'KR:alliance',
    ]);
    expect(world.edgeBlocked[edgeOf(world, 'twFab', { final: 'CN' })]).toBe(1);
  });
});
