import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adoptionShare,
  createWorld,
  generateWorld,
  sepShare,
  simulate,
  step,
  WorldSpecError,
  type StandardsSpec,
  type VotingMode,
  type World,
  type WorldSpec,
} from '@chokepoint/core';
import { chainSpec } from './helpers.js';

/*
 * The standards submodel (src/standards.ts): validation, the calibrated fixed point,
 * bloc voting's effect on SEP shares, network effects on third-country adoption,
 * doctrine-conditional voting, and invariants (shares in [0, 1] that sum to 1, no NaN,
 * determinism) on random small worlds.
 */

/** US-led bloc {US}, China-led bloc {CN}; EU is the third country. */
function standards(overrides: Partial<StandardsSpec> = {}): StandardsSpec {
  return {
    blocs: [
      { id: 'west', members: ['US'] },
      { id: 'east', members: ['CN'] },
    ],
    bodies: [{ id: '5g', sepShare: { west: 0.6, east: 0.4 } }],
    ...overrides,
  };
}

function withStandards(overrides: Partial<StandardsSpec> = {}, spec: WorldSpec = chainSpec()): WorldSpec {
  return { ...spec, standards: standards(overrides) };
}

function runSteps(world: World, steps: number): World {
  for (let t = 0; t < steps; t++) step(world);
  return world;
}

function specError(spec: WorldSpec): WorldSpecError {
  try {
    createWorld(spec, 1);
  } catch (error) {
    if (error instanceof WorldSpecError) return error;
    throw error;
  }
  throw new Error('expected a WorldSpecError');
}

describe('standards: validation', () => {
  it('names the field path of each mistake', () => {
    expect(specError(withStandards({ bodies: [{ id: '5g', sepShare: { west: 0.6, eats: 0.4 } }] })).message).toBe(
      'standards.bodies[0].sepShare.eats: expected a bloc id (did you mean "east"?) (one of west, east), received unknown key "eats"',
    );
    expect(
      specError(
        withStandards({
          blocs: [
            { id: 'west', members: ['US', 'CN'] },
            { id: 'east', members: ['CN'] },
          ],
        }),
      ).message,
    ).toBe(
      'standards.blocs[1].members[0]: expected a state in at most one bloc, received "CN", already in bloc "west"',
    );
    expect(specError(withStandards({ voting: { east: 'blocs' as VotingMode } })).pathString).toBe(
      'standards.voting.east',
    );
    expect(specError(withStandards({ params: { renewalRat: 0.1 } as never })).message).toContain(
      'did you mean "renewalRate"?',
    );
    expect(specError(withStandards({ params: { adoptionRate: 2 } })).message).toBe(
      'standards.params.adoptionRate: expected a finite number >= 0 and <= 1, received 2',
    );
    expect(specError(withStandards({ votingWeight: { US: 0 } })).pathString).toBe('standards.votingWeight');
    expect(
      specError(withStandards({ bodies: [{ id: '5g', sepShare: { west: 1 }, adoption: { XX: { west: 1 } } }] }))
        .pathString,
    ).toBe('standards.bodies[0].adoption.XX');
  });

  it('a world without standards has none, records no standards rows and steps as before', () => {
    const plain = createWorld(chainSpec(), 5);
    expect(plain.standards).toBeUndefined();
    const rows = simulate(chainSpec(), { steps: 3, seed: 5 }).metrics.rows();
    expect(rows.some((r) => r.entityKind === 'standard' || r.variable.startsWith('adoption:'))).toBe(false);
    // The standards phase draws from its own stream and changes no production state.
    const a = runSteps(createWorld(chainSpec(), 5), 6);
    const b = runSteps(createWorld(withStandards({ voting: { east: 'bloc' } }), 5), 6);
    expect(Array.from(b.firmOutput)).toEqual(Array.from(a.firmOutput));
  });
});

describe('standards: dynamics', () => {
  it('the initial adoption is the fixed point: with no new patents it never moves', () => {
    const world = createWorld(
      withStandards({
        params: { renewalRate: 0 },
        bodies: [
          {
            id: '5g',
            sepShare: { west: 0.6, east: 0.4 },
            adoption: { EU: { west: 0.3, east: 0.7 }, US: { west: 0.9, east: 0.1 } },
          },
        ],
      }),
      2,
    );
    const initial = world.standards!.adoption.slice();
    runSteps(world, 20);
    for (let i = 0; i < initial.length; i++) expect(world.standards!.adoption[i]).toBeCloseTo(initial[i]!, 12);
    expect(adoptionShare(world, '5g', 'EU', 'east')).toBeCloseTo(0.7, 12);
  });

  it('vote shares follow the weights and merit; bloc voting moves the SEP share toward the bloc', () => {
    const weights = { US: 2, CN: 1, EU: 1 };
    const merit = createWorld(withStandards({ votingWeight: weights }), 3);
    const bloc = createWorld(withStandards({ votingWeight: weights, voting: { east: 'bloc' } }), 3);
    step(merit);
    step(bloc);
    // Merit: everyone splits 0.6 / 0.4. East as a bloc: CN (1/4) all east, US and EU (3/4) split.
    expect(merit.standards!.voteShare[1]).toBeCloseTo(0.4, 12);
    expect(bloc.standards!.voteShare[1]).toBeCloseTo(0.25 + 0.75 * 0.4, 12);
    runSteps(merit, 39);
    runSteps(bloc, 39);
    expect(sepShare(bloc, '5g', 'east')).toBeGreaterThan(sepShare(merit, '5g', 'east') + 0.03);
    // With the whole portfolio rewritten each step, the SEP share is this step's win fraction.
    const rewrite = runSteps(
      createWorld(withStandards({ voting: { west: 'bloc' }, params: { renewalRate: 1, contestsPerStep: 50 } }), 4),
      1,
    );
    const st = rewrite.standards!;
    expect(st.sepShare[0]).toBeCloseTo(st.contestsWon[0]! / 50, 12);
    expect(st.contestsWon[0]! + st.contestsWon[1]!).toBe(50);
  });

  it('a voting rule applies only between its start and end steps', () => {
    const world = createWorld(withStandards({ voting: { east: { mode: 'bloc', start: 2, end: 4 } } }), 1);
    const shares: number[] = [];
    for (let t = 0; t < 5; t++) {
      step(world);
      shares.push(Number(world.standards!.voteShare[1]!.toFixed(6)));
    }
    const blocShare = Number((1 / 3 + (2 / 3) * 0.4).toFixed(6));
    expect(shares).toEqual([0.4, 0.4, blocShare, blocShare, 0.4]);
  });

  it('doctrine voting: members vote as a bloc only while their doctrine is mercantilist', () => {
    const dnm = chainSpec();
    dnm.states = [{ id: 'US' }, { id: 'CN', doctrine: 'DNM' }, { id: 'EU' }];
    const nlg = chainSpec();
    nlg.states = [{ id: 'US' }, { id: 'CN', doctrine: 'NLG', hawkishness: 0.5, rival: 'US' }, { id: 'EU' }];
    const a = runSteps(createWorld(withStandards({ voting: { east: 'doctrine' } }, dnm), 1), 1);
    const b = runSteps(createWorld(withStandards({ voting: { east: 'doctrine' } }, nlg), 1), 1);
    expect(a.standards!.voteShare[1]).toBeCloseTo(1 / 3 + (2 / 3) * 0.4, 12);
    expect(b.standards!.voteShare[1]).toBeCloseTo(0.4, 12);
  });

  it('third countries follow the SEP shift, and network effects amplify it', () => {
    const thirdEast = (networkWeight: number, interoperabilityWeight: number, voting: StandardsSpec['voting']) =>
      adoptionShare(
        runSteps(createWorld(withStandards({ voting, params: { networkWeight, interoperabilityWeight } }), 9), 40),
        '5g',
        'EU',
        'east',
      );
    const control = thirdEast(2, 2, {});
    const direct = thirdEast(0, 0, { east: 'bloc' }) - thirdEast(0, 0, {});
    const amplified = thirdEast(2, 2, { east: 'bloc' }) - control;
    expect(control).toBeGreaterThan(0.35);
    expect(control).toBeLessThan(0.45);
    expect(direct).toBeGreaterThan(0.02);
    expect(amplified).toBeGreaterThan(direct);
  });

  it('records SEP, vote and adoption shares, fragmentation and per-state adoption', () => {
    const rows = simulate(withStandards({ voting: { east: 'bloc' } }), { steps: 2, seed: 1 })
      .metrics.rows()
      .filter((r) => r.step === 2);
    const value = (entity: string, variable: string) =>
      rows.find((r) => r.entity === entity && r.variable === variable)?.value;
    expect(value('5g:east', 'sep_share')! + value('5g:west', 'sep_share')!).toBeCloseTo(1, 12);
    expect(value('5g:east', 'vote_share')).toBeCloseTo(1 / 3 + (2 / 3) * 0.4, 12);
    expect(value('5g:east', 'adoption_third')).toBeCloseTo(value('EU', 'adoption:5g:east')!, 12);
    const world = value('5g:east', 'adoption_world')!;
    expect(value('5g', 'fragmentation')).toBeCloseTo(1 - world ** 2 - (1 - world) ** 2, 12);
    expect(value('5g', 'partner_interoperability')).toBeGreaterThan(0);
    const off = simulate(withStandards(), { steps: 1, seed: 1, record: { standards: false } }).metrics.rows();
    expect(off.some((r) => r.entityKind === 'standard')).toBe(false);
  });
});

describe('standards: invariants (property)', () => {
  const scenario = fc.record({
    states: fc.integer({ min: 2, max: 5 }),
    blocs: fc.integer({ min: 1, max: 3 }),
    bodies: fc.integer({ min: 1, max: 2 }),
    assignment: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 5, maxLength: 5 }),
    shares: fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
    weights: fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 5, maxLength: 5 }),
    modes: fc.array(fc.constantFrom<VotingMode>('merit', 'bloc', 'doctrine'), { minLength: 3, maxLength: 3 }),
    params: fc.record({
      contestsPerStep: fc.integer({ min: 1, max: 20 }),
      renewalRate: fc.double({ min: 0, max: 1, noNaN: true }),
      adoptionRate: fc.double({ min: 0, max: 1, noNaN: true }),
      sepWeight: fc.double({ min: 0, max: 20, noNaN: true }),
      networkWeight: fc.double({ min: 0, max: 20, noNaN: true }),
      interoperabilityWeight: fc.double({ min: 0, max: 20, noNaN: true }),
      minAdoption: fc.double({ min: 1e-6, max: 0.5, noNaN: true }),
    }),
    seed: fc.integer({ min: 0, max: 1e6 }),
  });

  type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

  function specOf(s: Scenario): WorldSpec {
    const base = generateWorld({ states: s.states, firms: 12, products: 3, seed: s.seed });
    const stateIds = base.states.map((state) => state.id);
    const blocIds = Array.from({ length: s.blocs }, (_, j) => `b${j}`);
    const blocs = blocIds.map((id, j) => ({ id, members: stateIds.filter((_, i) => s.assignment[i] === j) }));
    const shares = (offset: number) =>
      Object.fromEntries(blocIds.map((id, j) => [id, s.shares[(offset + j) % s.shares.length]!]));
    const weights = Object.fromEntries(stateIds.map((id, i) => [id, s.weights[i]! + 0.01]));
    return {
      ...base,
      states: base.states.map((state, i) => (i === 0 ? { ...state, doctrine: 'DNM' } : state)),
      standards: {
        blocs,
        bodies: Array.from({ length: s.bodies }, (_, b) => ({
          id: `t${b}`,
          sepShare: shares(b),
          merit: shares(b + 2),
        })),
        voting: Object.fromEntries(blocIds.map((id, j) => [id, s.modes[j]!])),
        votingWeight: weights,
        params: s.params,
      },
    };
  }

  it('SEP and adoption shares stay in [0, 1], sum to 1, have no NaN, and are deterministic', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const spec = specOf(s);
        const a = createWorld(spec, s.seed);
        const b = createWorld(spec, s.seed);
        const st = a.standards!;
        const J = st.blocIds.length;
        const S = a.stateIds.length;
        for (let t = 0; t < 8; t++) {
          step(a);
          step(b);
          for (let i = 0; i < st.sepShare.length; i += J) {
            let sum = 0;
            for (let j = 0; j < J; j++) {
              const v = st.sepShare[i + j]!;
              expect(v >= 0 && v <= 1).toBe(true);
              sum += v;
            }
            expect(sum).toBeCloseTo(1, 9);
          }
          for (let i = 0; i < st.bodyIds.length * S * J; i += J) {
            let sum = 0;
            for (let j = 0; j < J; j++) {
              const v = st.adoption[i + j]!;
              expect(v >= 0 && v <= 1).toBe(true);
              sum += v;
            }
            expect(sum).toBeCloseTo(1, 9);
          }
        }
        expect(Array.from(b.standards!.sepShare)).toEqual(Array.from(st.sepShare));
        expect(Array.from(b.standards!.adoption)).toEqual(Array.from(st.adoption));
      }),
      { numRuns: 60 },
    );
  });
});

describe('standards: the price of a stack (body product)', () => {
  // The 5G stack is the phone here: the EU, a third country, buys phones from oemA (CN, east) and oemB (US, west).
  const body = {
    id: '5g',
    sepShare: { west: 0.6, east: 0.4 },
    product: 'phone',
    adoption: { EU: { west: 0.5, east: 0.5 } },
  };
  const quiet = { forgiveness: 1, reciprocityOffer: 0 };
  const priced = (measures: WorldSpec['measures'] = [], params: Partial<StandardsSpec['params']> = {}): World =>
    createWorld(
      { ...withStandards({ bodies: [body], params: { renewalRate: 0, ...params } }), measures, policy: quiet },
      4,
    );
  const euEast = (world: World): number => adoptionShare(runSteps(world, 16), '5g', 'EU', 'east');

  it('keeps the initial adoption as the fixed point when prices do not move', () => {
    const world = priced();
    const initial = world.standards!.adoption.slice();
    runSteps(world, 12);
    for (let i = 0; i < initial.length; i++) expect(world.standards!.adoption[i]).toBeCloseTo(initial[i]!, 12);
  });

  it('moves a third country toward the stack whose makers it pays less: export finance raises it beyond what the trade it moves does', () => {
    const finance = [{ type: 'export_finance', issuer: 'CN', products: ['phone'], to: ['EU'], rate: 0.3 }];
    const none = euEast(priced());
    expect(none).toBeCloseTo(0.5, 9);
    // Without the price term, finance still moves adoption a little through trade partners (interoperability).
    const tradeOnly = euEast(priced(finance, { priceWeight: 0 }));
    expect(tradeOnly).toBeGreaterThanOrEqual(none);
    expect(euEast(priced(finance))).toBeGreaterThan(tradeOnly + 0.05);
  });

  it('prices a stack out when a state can no longer buy from any of its makers', () => {
    const ban = [{ type: 'market_access_denial', issuer: 'EU', firms: ['oemA'] }];
    expect(euEast(priced(ban))).toBeLessThan(0.3);
  });

  it('names an unknown product with its path', () => {
    expect(specError(withStandards({ bodies: [{ ...body, product: 'phnoe' }] })).message).toMatch(
      /^standards\.bodies\[0\]\.product: expected a product id \(did you mean "phone"\?\)/,
    );
  });
});
