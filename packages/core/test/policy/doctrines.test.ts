import { describe, expect, it } from 'vitest';
import {
  addedRestriction,
  createWorld,
  simulate,
  step,
  type Measure,
  type MeasureSpec,
  type PolicyParams,
  type World,
  type WorldSpec,
} from '@chokepoint/core';
import { QUIET, series, twoBlocs } from './fixtures.js';

/*
 * Doctrines. NLG acts only when a product's four-factor threat score passes
 * the threshold; DNM acts on country of origin alone. Paired, DNM–DNM
 * spirals under tit-for-tat while NLG–NLG with generous tit-for-tat returns
 * to openness.
 */

const byOrigin = (world: World, origin: Measure['origin']): Measure[] =>
  world.policy.measures.filter((m) => m.origin === origin);
const inForceAt = (world: World, t: number, test: (m: Measure) => boolean = () => true): number =>
  world.policy.measures.filter((m) => m.start <= t && t < m.end && test(m)).length;

describe('NLG threat test', () => {
  // The US imports phones from CN (Huawei, Xiaomi); the phone's threat score is 0.65.
  const nlgUs = (threatThreshold: number, noThreat = false): WorldSpec =>
    twoBlocs({
      states: { US: { doctrine: 'NLG', rival: 'CN' } },
      policy: { ...QUIET, threatThreshold },
      ...(noThreat ? { phoneThreat: null } : {}),
    });

  it('does not act below the threshold', () => {
    const world = createWorld(nlgUs(0.7), 1);
    for (let t = 0; t < 10; t++) step(world);
    expect(world.policy.measures).toEqual([]);
  });

  it('does not act at exactly the threshold (the score must exceed it)', () => {
    const probe = createWorld(nlgUs(0.6), 1);
    const score = probe.productThreat[probe.productIndex.get('phone')!]!;
    expect(score).toBeCloseTo(0.65, 12);
    const world = createWorld(nlgUs(score), 1);
    for (let t = 0; t < 5; t++) step(world);
    expect(world.policy.measures).toEqual([]);
  });

  it('acts above the threshold: bans procurement of the threatening product from the rival, once', () => {
    const world = createWorld(nlgUs(0.6), 1);
    for (let t = 0; t < 10; t++) step(world);
    const adopted = byOrigin(world, 'doctrine');
    expect(adopted.map((m) => m.type)).toEqual(['procurement_ban']);
    const ban = adopted[0]!;
    expect(ban.start).toBe(0);
    expect(world.stateIds[ban.issuer]).toBe('US');
    expect(world.stateIds[ban.target]).toBe('CN');
    expect([...(ban.fields.products as Int32Array)].map((k) => world.productIds[k])).toEqual(['phone']);
    expect([...(ban.fields.origins as Int32Array)].map((s) => world.stateIds[s])).toEqual(['CN']);
  });

  it('does not act when no product carries a threat score, even at threshold 0', () => {
    const world = createWorld(nlgUs(0, true), 1);
    for (let t = 0; t < 10; t++) step(world);
    expect(world.policy.measures).toEqual([]);
  });
});

describe('DNM country-of-origin criterion', () => {
  // CN imports SME (strategic) from the US; no product carries any threat score.
  const dnmCn = (hawkishness: number): WorldSpec =>
    twoBlocs({
      states: { CN: { doctrine: 'DNM', rival: 'US', hawkishness, budget: 0 } },
      phoneThreat: null,
      policy: QUIET,
    });

  it('bans procurement of the rival’s strategic products with zero threat score', () => {
    const world = createWorld(dnmCn(1), 1);
    expect(Math.max(...world.productThreat)).toBe(0);
    step(world);
    const adopted = byOrigin(world, 'doctrine');
    expect(adopted.map((m) => m.type)).toEqual(['procurement_ban']);
    expect([...(adopted[0]!.fields.products as Int32Array)].map((k) => world.productIds[k])).toEqual(['sme']);
    expect([...(adopted[0]!.fields.origins as Int32Array)].map((s) => world.stateIds[s])).toEqual(['US']);
  });

  it('an NLG state in the same place does nothing', () => {
    const world = createWorld(
      twoBlocs({ states: { CN: { doctrine: 'NLG', rival: 'US' } }, phoneThreat: null, policy: QUIET }),
      1,
    );
    for (let t = 0; t < 10; t++) step(world);
    expect(world.policy.measures).toEqual([]);
  });

  it('acts with probability hawkishness: never at 0', () => {
    const world = createWorld(dnmCn(0), 1);
    for (let t = 0; t < 10; t++) step(world);
    expect(world.policy.measures).toEqual([]);
  });
});

describe('DNM relative-gain trigger', () => {
  // With Intel, the US and China both make chips (a strategic product): SMIC's capability grows
  // toward the frontier while Intel is at it, so China's lead over the US (negative) rises. The
  // US holds chokepoints at the default 30% share: SME (AMAT, 40% of capacity) and phones (Apple,
  // 44%), both of which CN imports.
  const dnmUs = (policy: Partial<PolicyParams> = {}, usChips = true): WorldSpec =>
    twoBlocs({
      usChips,
      states: { US: { doctrine: 'DNM', rival: 'CN', hawkishness: 1, budget: 0 } },
      phoneThreat: null,
      policy: { ...QUIET, relativeGainTrigger: 0.001, ...policy },
    });

  it('controls the chokepoint product, reaching abroad by de minimis, once the rival’s lead grows in a product both make', () => {
    const world = createWorld(dnmUs(), 1);
    step(world);
    const us = world.stateIndex.get('US')!;
    expect(world.policy.stateRelativeGainLoss[us]).toBeGreaterThan(world.policy.params.relativeGainTrigger);
    // The loss is the rise of SMIC's capability against Intel's, as a share of the frontier.
    const [chip, P] = [world.productIndex.get('chip')!, world.productIds.length];
    const cn = world.stateIndex.get('CN')!;
    const lead = (c: Float64Array, at: number) =>
      (c[at + cn * P + chip]! - c[at + us * P + chip]!) / world.productFrontier[chip]!;
    expect(world.policy.stateRelativeGainLoss[us]).toBeCloseTo(
      lead(world.policy.stateProductCapability, 0) - lead(world.policy.capabilityHistory, 0),
      12,
    );
    for (let t = 1; t < 6; t++) step(world);
    const adopted = byOrigin(world, 'doctrine');
    expect(adopted.map((m) => [m.type, m.start])).toEqual([['export_control', 1]]); // once: the products are then covered
    const control = adopted[0]!;
    expect([...(control.fields.products as Int32Array)].map((k) => world.productIds[k])).toEqual(['sme', 'phone']);
    expect(control.fields.deMinimis).toBe(world.policy.params.deMinimis);
    expect(control.fields.licence).toBe(0);
    expect(world.stateIds[control.target]).toBe('CN');
  });

  it('adopts its full control over a partial one already in force: a control that still licenses part of the trade does not cover the product', () => {
    // A scripted US control on SME that licenses 90% of it (as a proportional answer would), from step 0.
    const partial = {
      type: 'export_control',
      issuer: 'US',
      targets: ['CN'],
      products: ['sme'],
      licence: 0.9,
      reviewDays: 0,
    } as MeasureSpec;
    const world = createWorld({ ...dnmUs(), measures: [partial] }, 1);
    for (let t = 0; t < 6; t++) step(world);
    const adopted = byOrigin(world, 'doctrine');
    expect(adopted).toHaveLength(1);
    expect([...(adopted[0]!.fields.products as Int32Array)].map((k) => world.productIds[k])).toEqual(['sme', 'phone']);
    expect(adopted[0]!.fields.licence).toBe(0);
    // A full control already in force does cover it: only phones are left.
    const full = createWorld({ ...dnmUs(), measures: [{ ...partial, licence: 0 }] }, 1);
    for (let t = 0; t < 6; t++) step(full);
    expect(
      byOrigin(full, 'doctrine').map((m) => [...(m.fields.products as Int32Array)].map((k) => full.productIds[k])),
    ).toEqual([['phone']]);
  });

  it('compares only where both make the product: a chip lead of China’s over a US that makes no chips is no relative gain', () => {
    const world = createWorld(dnmUs({}, false), 1);
    for (let t = 0; t < 6; t++) step(world);
    expect(world.policy.stateRelativeGainLoss[world.stateIndex.get('US')!]).toBe(0);
    expect(byOrigin(world, 'doctrine')).toEqual([]);
  });

  it('measures the rise over the horizon: a longer horizon sees more of it', () => {
    const loss = (relativeGainHorizonDays: number) => {
      const world = createWorld(dnmUs({ relativeGainTrigger: 1, relativeGainHorizonDays }), 1);
      for (let t = 0; t < 8; t++) step(world);
      return world.policy.stateRelativeGainLoss[world.stateIndex.get('US')!]!;
    };
    expect(loss(365)).toBeGreaterThan(1.5 * loss(91));
    expect(loss(91)).toBeGreaterThan(0);
  });

  it('does not act when the lead grows less than the trigger, nor without a chokepoint', () => {
    for (const policy of [{ relativeGainTrigger: 1 }, { chokepointShare: 0.5 }] as Array<Partial<PolicyParams>>) {
      const world = createWorld(dnmUs(policy), 1);
      for (let t = 0; t < 6; t++) step(world);
      expect(world.policy.measures, JSON.stringify(policy)).toEqual([]);
    }
  });
});

describe('reciprocity', () => {
  // A scripted US tariff on CN in force at steps 2–5 (lifted from step 6).
  const tariff = { type: 'tariff', issuer: 'US', rate: 0.5, from: ['CN'], start: 2, end: 6 };

  it('DNM answers a measure the step after it starts, and lifts its answer the step after the measure is lifted', () => {
    // US never retaliates (NLG, all forgiven), so CN's answer is the only retaliation.
    const spec = twoBlocs({
      states: { CN: { doctrine: 'DNM' } },
      phoneThreat: null,
      measures: [tariff],
      policy: QUIET,
    });
    const world = simulate(spec, { steps: 12, seed: 1 }).world;
    const answers = byOrigin(world, 'retaliation');
    expect(answers.map((m) => [world.stateIds[m.issuer], m.answers, m.start, m.end])).toEqual([
      ['CN', 'tariff-1', 3, 7],
    ]);
    // Proportional: the 50% tariff diverts more US–CN trade than all of CN's chokepoint exports to the US carry, so the answer closes them all (licence 0).
    expect(answers[0]!.type).toBe('export_control');
    expect(answers[0]!.fields.licence).toBe(0);
  });

  it('NLG offers to lift its oldest retaliation with probability reciprocityOffer', () => {
    const spec = (reciprocityOffer: number) =>
      twoBlocs({ phoneThreat: null, measures: [tariff], policy: { forgiveness: 0, reciprocityOffer } });
    const firstAnswer = (offer: number) =>
      simulate(spec(offer), { steps: 8, seed: 1 }).world.policy.measures.find((m) => m.answers === 'tariff-1')!;
    expect(firstAnswer(1).start).toBe(3);
    expect(firstAnswer(1).end).toBe(4); // offered the next step
    // Without offers the answer stands until the US lifts its tariff (end 6): CN lifts that very answer the step after.
    expect(firstAnswer(0).end).toBe(7);
  });
});

describe('proportional retaliation', () => {
  /** CN (DNM) answers a US measure aimed at it: CN imports SME from AMAT and holds the gallium chokepoint (90% of capacity) the US needs. */
  const answerTo = (
    measures: MeasureSpec[],
    policy: Partial<PolicyParams> = {},
  ): { measures: Measure[]; answers: Measure[]; world: World } => {
    const spec = twoBlocs({
      states: { CN: { doctrine: 'DNM', hawkishness: 0, budget: 0 } },
      phoneThreat: null,
      measures,
      policy: { ...QUIET, ...policy },
    });
    const world = simulate(spec, { steps: 3, seed: 1 }).world;
    return {
      measures: world.policy.measures.filter((m) => m.origin === 'script'),
      answers: byOrigin(world, 'retaliation'),
      world,
    };
  };
  const smeControl: MeasureSpec = {
    type: 'export_control',
    issuer: 'US',
    targets: ['CN'],
    products: ['sme'],
    licence: 0.5,
  };

  it('answers on its chokepoint, restricting as much trade as the measure newly restricted (proportionality 1)', () => {
    const { measures, answers, world } = answerTo([smeControl]);
    expect(answers).toHaveLength(1);
    const [answer] = answers as [Measure];
    expect([answer.type, world.stateIds[answer.issuer], world.stateIds[answer.target], answer.answers]).toEqual([
      'export_control',
      'CN',
      'US',
      measures[0]!.id,
    ]);
    expect([...(answer.fields.products as Int32Array)].map((k) => world.productIds[k])).toEqual(['gallium', 'phone']);
    const hit = addedRestriction(world, measures[0]!);
    expect(hit).toBeGreaterThan(0);
    expect(addedRestriction(world, answer)).toBeCloseTo(hit, 9);
    // Half as hard at proportionality 0.5.
    const half = answerTo([smeControl], { retaliationProportionality: 0.5 });
    expect(addedRestriction(half.world, half.answers[0]!)).toBeCloseTo(
      0.5 * addedRestriction(half.world, half.measures[0]!),
      9,
    );
  });

  it('answers with a tariff on the issuer’s goods when it holds no chokepoint the issuer needs, at the rate that diverts as much trade', () => {
    const { measures, answers, world } = answerTo([smeControl], { chokepointShare: 1 });
    const [answer] = answers as [Measure];
    expect(answer.type).toBe('tariff');
    expect(world.stateIds[answer.target]).toBe('US');
    expect(answer.fields.rate).toBeGreaterThan(0);
    expect(answer.fields.rate).toBeLessThan(world.policy.params.retaliationTariff);
    expect(addedRestriction(world, answer)).toBeCloseTo(addedRestriction(world, measures[0]!), 6);
    // Capped: at a cap too low to divert that much, the cap.
    const capped = answerTo([smeControl], { chokepointShare: 1, retaliationTariff: 0.01 });
    expect(capped.answers[0]!.fields.rate).toBe(0.01);
  });

  it('does not answer a measure that restricts nothing new: a duplicate of one in force, or one on trade that does not exist', () => {
    // Two licence-0 controls on the same trade: the second closes nothing the first left open.
    const ban = { ...smeControl, licence: 0 };
    const { measures, answers, world } = answerTo([ban, { ...ban, id: 'again' }]);
    expect(addedRestriction(world, measures[1]!)).toBe(0);
    expect(answers.map((m) => m.answers)).toEqual([measures[0]!.id]);
    // Two licence reviews at 0.5 each let a quarter through: the second does add restriction.
    const twice = answerTo([smeControl, { ...smeControl, id: 'again' }]);
    expect(twice.answers.map((m) => m.answers)).toEqual([twice.measures[0]!.id, 'again']);
    // The US sells China no gallium: a control on it closes nothing, and China does not answer it.
    expect(
      answerTo([{ type: 'export_control', issuer: 'US', targets: ['CN'], products: ['gallium'] }]).answers,
    ).toEqual([]);
  });

  it('does not answer a measure that restricts less than answerThreshold of the pair’s trade', () => {
    const { measures, world } = answerTo([smeControl]);
    const hit = addedRestriction(world, measures[0]!);
    // The SME control closes a small share of US–China trade: answered at the default threshold, not at one above that share.
    expect(answerTo([smeControl], { answerThreshold: 0.001 }).answers).toHaveLength(1);
    expect(answerTo([smeControl], { answerThreshold: 0.9 }).answers).toEqual([]);
    expect(hit).toBeGreaterThan(0);
  });

  it('answers an entity listing of one of its firms, and an export control naming it as an entity', () => {
    for (const measure of [
      { type: 'entity_list', issuer: 'US', entities: ['SMIC'] },
      { type: 'export_control', issuer: 'US', entities: ['SMIC'] },
    ]) {
      const { answers, world } = answerTo([measure]);
      expect(
        answers.map((m) => world.stateIds[m.target]),
        measure.type,
      ).toEqual(['US']);
    }
  });
});

describe('doctrine pairs', () => {
  const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
  const STEPS = 40;

  it('DNM–DNM escalates under tit-for-tat until their trade is closed, then stops: no answer duplicates a restriction in force', () => {
    for (const seed of SEEDS.slice(0, 2)) {
      const spec = twoBlocs({
        states: { US: { doctrine: 'DNM', rival: 'CN' }, CN: { doctrine: 'DNM', rival: 'US' } },
        phoneThreat: null,
      });
      const result = simulate(spec, { steps: 120, seed });
      const rows = result.metrics.rows();
      const escalation = series(rows, 'world', 'escalation_index');
      // Each answer restricts trade the measures before it left open: the index rises, step by step…
      const first = escalation.findIndex((v) => v > 0);
      expect(first, `seed ${seed}`).toBeGreaterThanOrEqual(0);
      for (let t = first + 1; t < first + 40; t++)
        expect(escalation[t]!, `seed ${seed}, step ${t}`).toBeGreaterThan(escalation[t - 1]!);
      // …until nothing between them is left to restrict: then no one answers, and it stays put.
      const tail = escalation.slice(-20);
      expect(new Set(tail).size, `seed ${seed}`).toBe(1);
      const retaliations = byOrigin(result.world, 'retaliation');
      expect(retaliations.length, `seed ${seed}`).toBeLessThan(100);
      expect(
        retaliations.every((m) => addedRestriction(result.world, m) > 0),
        `seed ${seed}`,
      ).toBe(true);
      expect(
        series(rows, 'US', 'retaliations')
          .slice(-20)
          .every((v) => v === 0),
      ).toBe(true);
    }
  });

  it('with dnmAnswerRetaliation 0 a DNM pair answers the first measure only: tit-for-tat without counter-retaliation', () => {
    const spec = twoBlocs({
      states: { US: { doctrine: 'DNM', rival: 'CN' }, CN: { doctrine: 'DNM', rival: 'US' } },
      phoneThreat: null,
      policy: { dnmAnswerRetaliation: 0 },
    });
    const world = simulate(spec, { steps: 20, seed: 1 }).world;
    const retaliations = byOrigin(world, 'retaliation');
    expect(retaliations).toHaveLength(1);
    expect(world.policy.measures.find((m) => m.id === retaliations[0]!.answers)!.origin).toBe('doctrine');
  });

  // NLG–NLG with no threat (so the threat test never fires): a scripted US tariff on CN, lifted at step 6.
  const nlgPair = (policy: Partial<PolicyParams>): WorldSpec =>
    twoBlocs({
      states: { US: { doctrine: 'NLG', rival: 'CN' }, CN: { doctrine: 'NLG', rival: 'US' } },
      phoneThreat: null,
      measures: [{ type: 'tariff', issuer: 'US', rate: 0.5, from: ['CN'], start: 2, end: 6 }],
      policy,
    });
  const retaliationsInForce = (world: World, t: number) => inForceAt(world, t, (m) => m.origin === 'retaliation');

  it('NLG–NLG with generous tit-for-tat (default q = 0.3, offers 0.1) settles back to openness', () => {
    let answered = 0;
    for (const seed of SEEDS) {
      const world = simulate(nlgPair({}), { steps: STEPS, seed }).world;
      answered += byOrigin(world, 'retaliation').length;
      expect(byOrigin(world, 'doctrine'), `seed ${seed}`).toEqual([]);
      expect(retaliationsInForce(world, STEPS - 1), `seed ${seed}`).toBe(0);
      expect(inForceAt(world, STEPS - 1), `seed ${seed}`).toBe(0);
    }
    expect(answered).toBeGreaterThan(0); // the provocation was answered in some seeds: openness was restored, not kept
  });

  it('without generosity (no forgiveness, no offers), NLG answers the provocation; it escalates further only if it answers retaliations', () => {
    for (const seed of SEEDS.slice(0, 3)) {
      // By default NLG does not answer retaliations: one answer, lifted with the provocation.
      const once = simulate(nlgPair({ forgiveness: 0, reciprocityOffer: 0 }), { steps: STEPS, seed }).world;
      expect(
        byOrigin(once, 'retaliation').map((m) => [once.stateIds[m.issuer], m.start, m.end]),
        `seed ${seed}`,
      ).toEqual([['CN', 3, 7]]);
      // Answering retaliations too, each answer is answered while it restricts something new, for ever.
      const echo = simulate(nlgPair({ forgiveness: 0, reciprocityOffer: 0, nlgAnswerRetaliation: 1 }), {
        steps: STEPS,
        seed,
      }).world;
      const starts = byOrigin(echo, 'retaliation').map((m) => m.start);
      expect(starts.length, `seed ${seed}`).toBeGreaterThan(STEPS / 2);
      expect(Math.max(...starts), `seed ${seed}`).toBeGreaterThan(STEPS - 8);
    }
  });
});

describe('every state a measure is aimed at may answer it', () => {
  /** The states named as targets of the first measure, and the states that answered it within two steps. */
  const answered = (
    measure: MeasureSpec,
    dnm: string[],
    policy: Partial<PolicyParams> = {},
  ): { targets: string[]; answerers: string[] } => {
    const states = Object.fromEntries(dnm.map((id) => [id, { doctrine: 'DNM' as const, hawkishness: 0, budget: 0 }]));
    const world = simulate(
      twoBlocs({ states, phoneThreat: null, measures: [measure], policy: { ...QUIET, ...policy } }),
      { steps: 2, seed: 1 },
    ).world;
    const first = world.policy.measures[0]!;
    const answerers = world.policy.measures.filter((m) => m.answers === first.id).map((m) => world.stateIds[m.issuer]!);
    return { targets: first.targets.map((s) => world.stateIds[s]!), answerers: answerers.sort() };
  };

  it('a control naming two states is answered by both, not by the first alone', () => {
    // China's gallium to Japan's TEL and the Netherlands' ASML; each holds enough of SME at a 15% chokepoint share to answer on it.
    expect(
      answered(
        { type: 'export_control', issuer: 'CN', targets: ['JP', 'NL'], products: ['gallium'], licence: 0.5 },
        ['JP', 'NL'],
        { chokepointShare: 0.15 },
      ),
    ).toEqual({
      targets: ['JP', 'NL'],
      answerers: ['JP', 'NL'],
    });
  });

  it('an entity listing is aimed at the home state of each listed firm, and answered by those whose trade it restricts', () => {
    // US exports reach SMIC (SME) but not TEL or ASML, which buy only gallium: only China loses trade.
    expect(
      answered({ type: 'entity_list', issuer: 'US', entities: ['TEL', 'ASML', 'SMIC'] }, ['JP', 'NL', 'CN']),
    ).toEqual({ targets: ['JP', 'NL', 'CN'], answerers: ['CN'] });
  });

  it('a tariff without `from` is aimed at every foreign state, and answered by those that sell to the issuer', () => {
    // The US buys phones and gallium from China and chips from Taiwan; nothing from Japan.
    expect(answered({ type: 'tariff', issuer: 'US', rate: 0.25 }, ['CN', 'JP', 'TW'])).toEqual({
      targets: ['CN', 'JP', 'NL', 'TW', 'ROW'],
      answerers: ['CN', 'TW'],
    });
  });

  it('a subsidy is aimed at nobody', () => {
    expect(answered({ type: 'subsidy', issuer: 'US', products: ['sme'], investmentShare: 0.3 }, ['JP', 'NL'])).toEqual({
      targets: [],
      answerers: [],
    });
  });
});
