import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addedRestriction,
  BUILTIN_DOCTRINES,
  createWorld,
  defineDoctrine,
  deRiskingDoctrine,
  derisking,
  simulate,
  smallYard,
  step,
  type Measure,
  type MeasureSpec,
  type WorldSpec,
  type World,
} from '@chokepoint/core';
import { QUIET, edgeOf, series, twoBlocs } from './policy/fixtures.js';

/*
 * De-risking ("small yard, high fence"), against DNM and NLG on the two-bloc
 * world. The US holds 40% of SME capacity and 44% of phone capacity; SME is
 * strategic, phones are not, and only phones carry a threat score (0.65). So
 * the US yard is {SME}: DNM controls SME and phones, NLG bans Chinese phones,
 * DERISK fences SME alone.
 */

type Doctrine = 'DNM' | 'NLG' | 'DERISK';
const names = (world: World, list: unknown): string[] => [...(list as Int32Array)].map((k) => world.productIds[k]!);
const by = (world: World, state: string): Measure[] =>
  world.policy.measures.filter((m) => world.stateIds[m.issuer] === state);
const summary = (world: World, m: Measure): string =>
  `${world.stateIds[m.issuer]} ${m.origin} ${m.type} [${names(world, m.fields.products ?? new Int32Array()).join(',')}]`;
const inForce = (world: World, m: Measure): boolean => m.start <= world.step - 1 && world.step - 1 < m.end;

/**
 * The US with a doctrine, aimed at CN, acting at once (hawkishness 1); everyone else quiet. The US
 * also makes chips (Intel), so China's catching up in chips is a relative gain DNM can see
 * (a trigger of 0.001 of the frontier over the horizon fires at the first step).
 */
const usAs = (doctrine: Doctrine, overrides: Parameters<typeof twoBlocs>[0] = {}): WorldSpec =>
  twoBlocs({
    usChips: true,
    ...overrides,
    states: { US: { doctrine, rival: 'CN', hawkishness: 1 }, ...overrides.states },
    policy: { ...QUIET, relativeGainTrigger: 0.001, ...overrides.policy },
  });

/** The spec with extra fields on one product. */
const withProduct = (spec: WorldSpec, id: string, patch: object): WorldSpec => ({
  ...spec,
  products: spec.products.map((p) => (p.id === id ? { ...p, ...patch } : p)),
});

describe('DERISK is a built-in written through the public API', () => {
  it('is registered beside DNM and NLG and does not count as mercantilist', () => {
    expect(BUILTIN_DOCTRINES.map((d) => d.id)).toEqual(['DNM', 'NLG', 'DERISK']);
    expect(derisking.id).toBe('DERISK');
    expect(derisking.mercantilist ?? false).toBe(false);
  });

  it('imports nothing but the package index', () => {
    const source = readFileSync(new URL('../src/doctrine/derisking.ts', import.meta.url), 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gm)].map((m) => m[1]);
    expect(specifiers).toEqual(['../index.js']);
    expect(source).not.toMatch(/\bimport\s*\(/); // no dynamic imports either
    expect(source).not.toMatch(/^\s*import\s+'/m); // nor side-effect imports
  });

  it('variants are made with deRiskingDoctrine and registered as plugins', () => {
    const narrow = deRiskingDoctrine({ id: 'DERISK0', yardSize: 0 });
    const world = createWorld(usAs('DERISK0' as Doctrine, { phoneThreat: null }), 1, { doctrines: [narrow] });
    for (let t = 0; t < 5; t++) step(world);
    expect(world.policy.measures).toEqual([]); // no chokepoint admitted and no threat: an empty yard
    expect(() => createWorld(twoBlocs(), 1, { doctrines: [deRiskingDoctrine()] })).toThrow(
      'doctrine "DERISK" is already defined',
    );
    expect(() => deRiskingDoctrine({ yardSize: -1 })).toThrow(TypeError);
  });
});

describe('the small yard', () => {
  it('holds the strategic chokepoints, ranked by capacity share, not the non-strategic phone', () => {
    const world = createWorld(usAs('DERISK'), 1);
    const us = world.stateIndex.get('US')!;
    expect(names(world, smallYard(world, us))).toEqual(['sme']);
    expect(names(world, smallYard(world, world.stateIndex.get('NL')!))).toEqual(['sme']);
    expect(smallYard(world, world.stateIndex.get('CN')!)).toEqual([]); // gallium is a chokepoint but not strategic
    expect(smallYard(world, us, 0)).toEqual([]);
  });

  it('admits a strategic product whose threat score exceeds the threshold, wherever it is made', () => {
    const threat = { breadth: 0.9, access: 0.9, dependence: 0.9, detectability: 0.9 };
    const world = createWorld(withProduct(usAs('DERISK'), 'chip', { threat }), 1);
    expect(names(world, smallYard(world, world.stateIndex.get('US')!))).toEqual(['sme', 'chip']);
    expect(names(world, smallYard(world, world.stateIndex.get('CN')!))).toEqual(['chip']);
    // At exactly the threshold it stays out (the score must exceed it, as in NLG).
    const at = createWorld(withProduct(usAs('DERISK', { policy: { threatThreshold: 0.9 } }), 'chip', { threat }), 1);
    expect(at.productThreat[at.productIndex.get('chip')!]).toBeCloseTo(0.9, 12);
    expect(names(at, smallYard(at, at.stateIndex.get('US')!))).toEqual(['sme']);
  });
});

describe('high fence vs DNM and NLG', () => {
  const after = (doctrine: Doctrine, steps = 6): World => {
    const world = createWorld(usAs(doctrine), 1);
    for (let t = 0; t < steps; t++) step(world);
    return world;
  };

  it('DERISK fences only the yard: one foreign direct product rule at licence 0 on SME, once', () => {
    const world = after('DERISK');
    expect(by(world, 'US').map((m) => summary(world, m))).toEqual(['US doctrine foreign_direct_product_rule [sme]']);
    const fence = by(world, 'US')[0]!;
    expect([fence.start, fence.end, fence.fields.licence, fence.fields.deMinimis]).toEqual([
      0,
      Infinity,
      0,
      world.policy.params.deMinimis,
    ]);
    expect(world.stateIds[fence.target]).toBe('CN');
  });

  it('DNM goes wider: SME and phones, plus subsidies; NLG bans Chinese phones and controls nothing', () => {
    const dnm = after('DNM');
    expect(by(dnm, 'US').map((m) => summary(dnm, m))).toEqual([
      'US doctrine subsidy [sme,chip]',
      'US doctrine export_control [sme,phone]',
    ]);
    const nlg = after('NLG');
    expect(by(nlg, 'US').map((m) => summary(nlg, m))).toEqual(['US doctrine procurement_ban [phone]']);
  });

  it('the effect: SME to SMIC is cut, while US phones keep selling in China (DNM cuts both)', () => {
    const derisk = after('DERISK');
    const dnm = after('DNM');
    const nlg = after('NLG');
    for (const world of [derisk, dnm]) expect(world.edgeBlocked[edgeOf(world, 'AMAT', 'SMIC')]).toBe(1);
    expect(nlg.edgeBlocked[edgeOf(nlg, 'AMAT', 'SMIC')]).toBe(0);
    expect(derisk.edgeBlocked[edgeOf(derisk, 'Apple', { final: 'CN' })]).toBe(0);
    expect(derisk.edgeDelivered[edgeOf(derisk, 'Apple', { final: 'CN' })]).toBeGreaterThan(0);
    expect(dnm.edgeBlocked[edgeOf(dnm, 'Apple', { final: 'CN' })]).toBe(1);
    // The fence reaches no further than the US content rule: ASML (20% US) and TEL (10%) still ship.
    expect(derisk.edgeBlocked[edgeOf(derisk, 'ASML', 'SMIC')]).toBe(0);
    expect(derisk.edgeBlocked[edgeOf(derisk, 'TEL', 'SMIC')]).toBe(0);
  });

  it('a threatening strategic product joins the fence, reaching abroad by content; imports of it from the rival are banned', () => {
    const threat = { breadth: 0.9, access: 0.9, dependence: 0.9, detectability: 0.9 };
    // US view: chips reach China from TSMC (TW, 40% US-origin own value added): the FDPR binds TSMC.
    const us = createWorld(withProduct(usAs('DERISK'), 'chip', { threat }), 1);
    step(us);
    expect(by(us, 'US').map((m) => summary(us, m))).toEqual(['US doctrine foreign_direct_product_rule [sme,chip]']);
    expect(us.edgeBlocked[edgeOf(us, 'TSMC', 'Huawei')]).toBe(1);
    expect(us.edgeBlocked[edgeOf(us, 'TSMC', 'Apple')]).toBe(0);
    // CN view, SME threatening: CN holds no strategic chokepoint, so it only bans SME from the US, narrowly.
    const cn = createWorld(
      withProduct(
        twoBlocs({ states: { CN: { doctrine: 'DERISK', rival: 'US', hawkishness: 1 } }, policy: QUIET }),
        'sme',
        { threat },
      ),
      1,
    );
    for (let t = 0; t < 4; t++) step(cn);
    expect(by(cn, 'CN').map((m) => summary(cn, m))).toEqual(['CN doctrine procurement_ban [sme]']);
    expect([...(by(cn, 'CN')[0]!.fields.origins as Int32Array)].map((s) => cn.stateIds[s])).toEqual(['US']);
  });

  it('acts with probability hawkishness: never at 0', () => {
    const world = createWorld(
      usAs('DERISK', { states: { US: { doctrine: 'DERISK', rival: 'CN', hawkishness: 0 } } }),
      1,
    );
    for (let t = 0; t < 10; t++) step(world);
    expect(world.policy.measures).toEqual([]);
  });

  it('asks its allies to align, and de-risking allies agree: the fence then binds ASML and TEL too', () => {
    const alliance = [{ id: 'sme-coalition', members: ['US', 'NL', 'JP'] }];
    const aligned = createWorld(
      usAs('DERISK', { alliances: alliance, states: { NL: { doctrine: 'DERISK' }, JP: { doctrine: 'DERISK' } } }),
      1,
    );
    step(aligned);
    expect(aligned.policy.alliances[0]).toMatchObject({ votes: 1, passed: 1, defections: 0 });
    expect(aligned.policy.measures.map((m) => summary(aligned, m))).toEqual([
      'US doctrine foreign_direct_product_rule [sme]',
      'NL alliance foreign_direct_product_rule [sme]',
      'JP alliance foreign_direct_product_rule [sme]',
    ]);
    for (const maker of ['AMAT', 'ASML', 'TEL'])
      expect(aligned.edgeBlocked[edgeOf(aligned, maker, 'SMIC')], maker).toBe(1);
    // NLG allies see no threat in SME and vote no: the fence stands alone.
    const alone = createWorld(usAs('DERISK', { alliances: alliance }), 1);
    step(alone);
    expect(alone.policy.alliances[0]).toMatchObject({ votes: 1, passed: 0, defections: 2 });
    expect(alone.edgeBlocked[edgeOf(alone, 'ASML', 'SMIC')]).toBe(0);
  });

  it('votes against a DNM proposal that reaches off the yard (phones)', () => {
    const spec = usAs('DNM', {
      alliances: [{ id: 'g2', members: ['US', 'NL'] }],
      states: { NL: { doctrine: 'DERISK' } },
    });
    const world = createWorld(spec, 1);
    for (let t = 0; t < 3; t++) step(world);
    expect(world.policy.alliances[0]).toMatchObject({ votes: 1, passed: 0, defections: 1 });
    expect(by(world, 'NL')).toEqual([]);
  });
});

describe('retaliation only on the yard, reciprocity on the rest', () => {
  /** A rival that never acts, so the only answers are the US ones. */
  const passive = defineDoctrine({ id: 'PASSIVE', description: 'Never acts.', decide: () => {}, vote: () => false });
  /** The US under a doctrine (no fence at hawkishness 0; nothing forgiven) facing one scripted Chinese measure. */
  const facing = (doctrine: Doctrine, measure: MeasureSpec, hawkishness = 0): World => {
    const spec = usAs(doctrine, {
      states: { US: { doctrine, rival: 'CN', hawkishness, budget: 0 }, CN: { doctrine: 'PASSIVE' } },
      measures: [measure],
      policy: { forgiveness: 0, reciprocityOffer: 0 },
      phoneThreat: null,
    });
    const world = createWorld(spec, 1, { doctrines: [passive] });
    for (let t = 0; t < 8; t++) step(world);
    return world;
  };
  const offYard = { type: 'tariff', issuer: 'CN', from: ['US'], products: ['phone'], rate: 0.25, start: 2, end: 6 };
  const onYard = { type: 'tariff', issuer: 'CN', from: ['US'], products: ['sme'], rate: 0.125, start: 2, end: 6 };
  const answers = (world: World): Measure[] => by(world, 'US').filter((m) => m.origin === 'retaliation');

  it('does not answer a measure off the yard; DNM and NLG do', () => {
    expect(answers(facing('DERISK', offYard))).toEqual([]);
    for (const doctrine of ['DNM', 'NLG'] as const) expect(answers(facing(doctrine, offYard)).length, doctrine).toBe(1);
  });

  it('answers a measure on the yard in proportion, on the yard, and lifts the answer when the measure is lifted', () => {
    const world = facing('DERISK', onYard);
    const [answer, ...rest] = answers(world);
    expect(rest).toEqual([]);
    expect(summary(world, answer!)).toBe('US retaliation export_control [sme]');
    // In proportion: it closes as much of China's SME imports from the US as the tariff diverted of the US's sales.
    const tariff = world.policy.measures.find((m) => m.id === 'tariff-1')!;
    expect(addedRestriction(world, answer!)).toBeCloseTo(addedRestriction(world, tariff), 9);
    expect(answer!.fields.licence).toBeGreaterThan(0);
    expect(answer!.fields.licence).toBeLessThan(1);
    expect([answer!.answers, answer!.start, answer!.end]).toEqual(['tariff-1', 3, 7]);
  });

  it('answers stay on the yard (DNM answers on every chokepoint); with the fence up there is no lever left, and no answer', () => {
    const dnm = facing('DNM', onYard);
    expect(answers(dnm).map((m) => summary(dnm, m))).toEqual(['US retaliation export_control [sme,phone]']);
    const fenced = facing('DERISK', onYard, 1);
    expect(by(fenced, 'US').map((m) => summary(fenced, m))).toEqual(['US doctrine foreign_direct_product_rule [sme]']);
  });

  it('keeps the fence when the rival lifts a measure it did not answer (and so does NLG with its ban)', () => {
    const world = facing('DERISK', offYard, 1);
    expect(by(world, 'US').map((m) => [summary(world, m), m.end])).toEqual([
      ['US doctrine foreign_direct_product_rule [sme]', Infinity],
    ]);
    // NLG, forgiving the tariff, does not trade its threat-based phone ban either: only
    // retaliations are lifted in return.
    const spec = usAs('NLG', { states: { CN: { doctrine: 'PASSIVE' } }, measures: [offYard] });
    const nlg = createWorld(spec, 1, { doctrines: [passive] });
    for (let t = 0; t < 8; t++) step(nlg);
    expect(by(nlg, 'US').map((m) => [summary(nlg, m), m.start, m.end])).toEqual([
      ['US doctrine procurement_ban [phone]', 0, Infinity],
    ]);
  });
});

describe('narrowing: from decoupling to de-risking', () => {
  it('a state that turns from DNM to DERISK lifts its off-yard measures and fences the yard', () => {
    const world = createWorld(usAs('DNM'), 1);
    for (let t = 0; t < 4; t++) step(world);
    const before = by(world, 'US')
      .filter((m) => m.end > world.step)
      .map((m) => summary(world, m));
    expect(before).toEqual(['US doctrine subsidy [sme,chip]', 'US doctrine export_control [sme,phone]']);
    world.policy.stateDoctrine[world.stateIndex.get('US')!] = 'DERISK';
    const t = world.step;
    step(world);
    const control = by(world, 'US').find((m) => m.type === 'export_control')!;
    expect(control.end).toBe(t);
    expect(
      by(world, 'US')
        .filter((m) => m.end > t)
        .map((m) => summary(world, m)),
    ).toEqual([
      'US doctrine subsidy [sme,chip]', // not a restriction: kept
      'US doctrine foreign_direct_product_rule [sme]',
    ]);
    expect(world.edgeBlocked[edgeOf(world, 'Apple', { final: 'CN' })]).toBe(0);
    expect(world.edgeBlocked[edgeOf(world, 'AMAT', 'SMIC')]).toBe(1);
  });

  it('leaves scripted measures alone', () => {
    const scripted = { type: 'tariff', issuer: 'US', from: ['CN'], rate: 0.25 };
    const world = createWorld(usAs('DERISK', { measures: [scripted] }), 1);
    for (let t = 0; t < 4; t++) step(world);
    expect(world.policy.measures[0]!.end).toBe(Infinity);
  });
});

describe('doctrine pairs', () => {
  const pair = (us: Doctrine, cn: Doctrine, seed: number) => {
    const spec = twoBlocs({
      states: { US: { doctrine: us, rival: 'CN' }, CN: { doctrine: cn, rival: 'US' } },
      phoneThreat: null,
    });
    const rows = simulate(spec, { steps: 40, seed }).metrics.rows();
    return {
      escalation: series(rows, 'world', 'escalation_index'),
      retaliations: series(rows, 'US', 'retaliations').map((v, t) => v + series(rows, 'CN', 'retaliations')[t]!),
    };
  };

  it('DERISK–DERISK holds one fence and never spirals, where DNM–DNM escalates', () => {
    for (const seed of [1, 2, 3]) {
      const derisk = pair('DERISK', 'DERISK', seed);
      expect(
        derisk.retaliations.every((v) => v === 0),
        `seed ${seed}`,
      ).toBe(true);
      // One licence-0 fence each, on the SME they sell the other: the index never moves after the first steps.
      const fenced = derisk.escalation.findIndex((v) => v > 0);
      expect(new Set(derisk.escalation.slice(fenced + 1)).size, `seed ${seed}`).toBe(1);
      const dnm = pair('DNM', 'DNM', seed);
      // DNM–DNM closes several times as much of their trade, and is still closing more.
      expect(dnm.escalation[39]!, `seed ${seed}`).toBeGreaterThan(5 * derisk.escalation[39]!);
      expect(dnm.escalation[39]!, `seed ${seed}`).toBeGreaterThan(dnm.escalation[30]!);
    }
  });

  it('against DNM, escalation plateaus: DNM’s answers fall off the US yard and go unanswered', () => {
    for (const seed of [1, 2, 3]) {
      const { escalation } = pair('DERISK', 'DNM', seed);
      expect(escalation[39], `seed ${seed}`).toBe(escalation[10]);
    }
  });

  it('is deterministic for a seed', () => {
    expect(pair('DERISK', 'DNM', 7)).toEqual(pair('DERISK', 'DNM', 7));
  });
});
