import { describe, expect, it } from 'vitest';
import { createWorld, simulate, step, type Measure, type MeasureSpec, type PolicyParams, type World, type WorldSpec } from '@chokepoint/core';
import { QUIET, series, twoBlocs } from './fixtures.js';

/*
 * Doctrines. NLG acts only when a product's four-factor threat score passes
 * the threshold; DNM acts on country of origin alone. Paired, DNM–DNM
 * spirals under tit-for-tat while NLG–NLG with generous tit-for-tat returns
 * to openness.
 */

const byOrigin = (world: World, origin: Measure['origin']): Measure[] => world.policy.measures.filter((m) => m.origin === origin);
const inForceAt = (world: World, t: number, test: (m: Measure) => boolean = () => true): number =>
  world.policy.measures.filter((m) => m.start <= t && t < m.end && test(m)).length;

describe('NLG threat test', () => {
  // The US imports phones from CN (Huawei, Xiaomi); the phone's threat score is 0.65.
  const nlgUs = (threatThreshold: number, noThreat = false): WorldSpec =>
    twoBlocs({ states: { US: { doctrine: 'NLG', rival: 'CN' } }, policy: { ...QUIET, threatThreshold }, ...(noThreat ? { phoneThreat: null } : {}) });

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
    twoBlocs({ states: { CN: { doctrine: 'DNM', rival: 'US', hawkishness, budget: 0 } }, phoneThreat: null, policy: QUIET });

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
    const world = createWorld(twoBlocs({ states: { CN: { doctrine: 'NLG', rival: 'US' } }, phoneThreat: null, policy: QUIET }), 1);
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
  // SMIC's capability grows every step while the US makes no chips: CN's lead in a strategic
  // product grows. The US holds chokepoints at the default 30% share: SME (AMAT, 40% of
  // capacity) and phones (Apple, 66 of 150 units, 44%), both of which CN imports.
  const dnmUs = (policy: Partial<PolicyParams> = {}): WorldSpec =>
    twoBlocs({ states: { US: { doctrine: 'DNM', rival: 'CN', hawkishness: 1, budget: 0 } }, phoneThreat: null, policy: { ...QUIET, ...policy } });

  it('controls the chokepoint product, reaching abroad by de minimis, once the rival’s lead grows', () => {
    const world = createWorld(dnmUs(), 1);
    step(world);
    expect(world.policy.stateRelativeGainLoss[world.stateIndex.get('US')!]).toBeGreaterThan(world.policy.params.relativeGainTrigger);
    for (let t = 1; t < 6; t++) step(world);
    const adopted = byOrigin(world, 'doctrine');
    expect(adopted.map((m) => [m.type, m.start])).toEqual([['export_control', 1]]); // once: the product is then covered
    const control = adopted[0]!;
    expect([...(control.fields.products as Int32Array)].map((k) => world.productIds[k])).toEqual(['sme', 'phone']);
    expect(control.fields.deMinimis).toBe(world.policy.params.deMinimis);
    expect(control.fields.licence).toBe(0);
    expect(world.stateIds[control.target]).toBe('CN');
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
    const spec = twoBlocs({ states: { CN: { doctrine: 'DNM' } }, phoneThreat: null, measures: [tariff], policy: QUIET });
    const world = simulate(spec, { steps: 12, seed: 1 }).world;
    const answers = byOrigin(world, 'retaliation');
    expect(answers.map((m) => [world.stateIds[m.issuer], m.answers, m.start, m.end])).toEqual([['CN', 'tariff-1', 3, 7]]);
    // Proportional: a 50% tariff has severity min(1, 0.5 / retaliationTariff) = 1, answered at licence 0 on CN's gallium chokepoint.
    expect(answers[0]!.type).toBe('export_control');
    expect(answers[0]!.fields.licence).toBe(0);
  });

  it('NLG offers to lift its oldest retaliation with probability reciprocityOffer', () => {
    const spec = (reciprocityOffer: number) =>
      twoBlocs({ phoneThreat: null, measures: [tariff], policy: { forgiveness: 0, reciprocityOffer } });
    const firstAnswer = (offer: number) => simulate(spec(offer), { steps: 8, seed: 1 }).world.policy.measures.find((m) => m.answers === 'tariff-1')!;
    expect(firstAnswer(1).start).toBe(3);
    expect(firstAnswer(1).end).toBe(4); // offered the next step
    // Without offers the answer stands until the US lifts its tariff (end 6): CN lifts that very answer the step after.
    expect(firstAnswer(0).end).toBe(7);
  });
});

describe('proportional retaliation', () => {
  /** JP (DNM) answers a US measure aimed at it; JP's only candidate chokepoint, SME, is 20% of capacity: no leverage. */
  const answerTo = (measure: MeasureSpec): { measure: Measure; answer: Measure; world: World } => {
    const world = simulate(twoBlocs({ states: { JP: { doctrine: 'DNM' } }, phoneThreat: null, measures: [measure], policy: QUIET }), { steps: 2, seed: 1 }).world;
    const [first, answer] = world.policy.measures;
    return { measure: first!, answer: answer!, world };
  };
  const severity = (world: World, m: Measure): number => world.policy.instruments.get(m.type)!.severity(m, world);

  it('answers with a tariff, targeted at the issuer, when the state holds no chokepoint the issuer needs', () => {
    const { answer, world } = answerTo({ type: 'export_control', issuer: 'US', targets: ['JP'], products: ['sme'], licence: 0.5 });
    expect(answer.type).toBe('tariff');
    expect(world.stateIds[answer.issuer]).toBe('JP');
    expect(world.stateIds[answer.target]).toBe('US');
    expect(answer.fields.rate).toBeCloseTo(world.policy.params.retaliationTariff * 0.5, 15);
  });

  it('answers an entity listing of one of its firms', () => {
    const { answer, world } = answerTo({ type: 'entity_list', issuer: 'US', entities: ['TEL'] });
    expect(world.stateIds[answer.target]).toBe('US');
  });

  // Regression (fixed): exportControl.target was firstOf(targets), so a control naming only `entities` has
  // target −1 and its victims' state never answered it, while the same listing made with
  // entity_list was answered (its target is the first entity's state). The fix falls back to the
  // first entity's state, as entityList.target does (same in foreign_direct_product_rule).
  it('answers an export control on one of its firms named as an entity', () => {
    const { answer, world } = answerTo({ type: 'export_control', issuer: 'US', entities: ['TEL'] });
    expect(answer).toBeDefined();
    expect(world.stateIds[answer.target]).toBe('US');
  });

  // Regression (fixed): PolicyParams.retaliationProportionality is "retaliation severity relative to the
  // measure suffered" (default 1), but a tariff answer got rate retaliationTariff·severity
  // (0.25·s) while tariff severity is min(1, rate): the answer was 4× milder than the measure
  // it answered, and chains of tariff answers shrank geometrically instead of staying proportional.
  it('gives the answer the severity of the measure it answers (proportionality 1)', () => {
    const { measure, answer, world } = answerTo({ type: 'export_control', issuer: 'US', targets: ['JP'], products: ['sme'], licence: 0.5 });
    expect(severity(world, answer)).toBeCloseTo(severity(world, measure), 12);
  });
});

describe('doctrine pairs', () => {
  const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
  const STEPS = 40;

  it('DNM–DNM escalates under tit-for-tat: measures in force and the escalation index keep growing', () => {
    for (const seed of SEEDS.slice(0, 4)) {
      const spec = twoBlocs({ states: { US: { doctrine: 'DNM', rival: 'CN' }, CN: { doctrine: 'DNM', rival: 'US' } }, phoneThreat: null });
      const result = simulate(spec, { steps: STEPS, seed });
      const rows = result.metrics.rows();
      const measures = series(rows, 'US', 'measures_in_force').map((v, t) => v + series(rows, 'CN', 'measures_in_force')[t]!);
      const escalation = series(rows, 'world', 'escalation_index');
      for (const [t0, t1] of [[4, 19], [19, 39]]) {
        expect(measures[t1]!, `seed ${seed}`).toBeGreaterThan(measures[t0]!);
        expect(escalation[t1]!, `seed ${seed}`).toBeGreaterThan(escalation[t0]!);
      }
      // Every step from the first answer on, someone retaliates: the spiral never stops.
      const retaliations = series(rows, 'US', 'retaliations').map((v, t) => v + series(rows, 'CN', 'retaliations')[t]!);
      const first = retaliations.findIndex((v) => v > 0);
      expect(first, `seed ${seed}`).toBeGreaterThanOrEqual(0);
      expect(retaliations.slice(first).every((v) => v > 0), `seed ${seed}`).toBe(true);
      expect(byOrigin(result.world, 'retaliation').every((m) => m.end === Infinity)).toBe(true);
    }
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

  it('without generosity (no forgiveness, no offers) the same pair never returns to openness', () => {
    for (const seed of SEEDS.slice(0, 3)) {
      const world = simulate(nlgPair({ forgiveness: 0, reciprocityOffer: 0 }), { steps: STEPS, seed }).world;
      // Each retaliation is answered the next step, for ever.
      const answers = byOrigin(world, 'retaliation').map((m) => m.start);
      expect(answers, `seed ${seed}`).toEqual(Array.from({ length: STEPS - 3 }, (_, i) => 3 + i));
      expect(retaliationsInForce(world, STEPS - 1), `seed ${seed}`).toBeGreaterThan(0);
    }
  });
});

describe('every state a measure is aimed at may answer it', () => {
  /** The states named as targets of the first measure, and the states that answered it within two steps. */
  const answered = (measure: MeasureSpec, dnm: string[]): { targets: string[]; answerers: string[] } => {
    const states = Object.fromEntries(dnm.map((id) => [id, { doctrine: 'DNM' as const }]));
    const world = simulate(twoBlocs({ states, phoneThreat: null, measures: [measure], policy: QUIET }), { steps: 2, seed: 1 }).world;
    const first = world.policy.measures[0]!;
    const answerers = world.policy.measures.filter((m) => m.answers === first.id).map((m) => world.stateIds[m.issuer]!);
    return { targets: first.targets.map((s) => world.stateIds[s]!), answerers: answerers.sort() };
  };

  it('a control naming two states is answered by both, not by the first alone', () => {
    expect(answered({ type: 'export_control', issuer: 'US', targets: ['JP', 'NL'], products: ['sme'], licence: 0.5 }, ['JP', 'NL'])).toEqual({ targets: ['JP', 'NL'], answerers: ['JP', 'NL'] });
  });

  it('an entity listing is aimed at the home state of each listed firm', () => {
    expect(answered({ type: 'entity_list', issuer: 'US', entities: ['TEL', 'ASML', 'SMIC'] }, ['JP', 'NL'])).toEqual({ targets: ['JP', 'NL', 'CN'], answerers: ['JP', 'NL'] });
  });

  it('a tariff without `from` is aimed at every foreign state', () => {
    expect(answered({ type: 'tariff', issuer: 'US', rate: 0.25 }, ['JP'])).toEqual({ targets: ['CN', 'JP', 'NL', 'TW', 'ROW'], answerers: ['JP'] });
  });

  it('a subsidy is aimed at nobody', () => {
    expect(answered({ type: 'subsidy', issuer: 'US', products: ['sme'], capacityGrowth: 0.1 }, ['JP', 'NL'])).toEqual({ targets: [], answerers: [] });
  });
});
