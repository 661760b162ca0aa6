import { describe, expect, it } from 'vitest';
import {
  alignmentShare,
  createWorld,
  financeByBloc,
  simulate,
  step,
  updateStandards,
  WorldSpecError,
  type AlignmentSpec,
  type MeasureSpec,
  type StandardsSpec,
  type StateSpec,
  type World,
  type WorldSpec,
} from '@chokepoint/core';
import { QUIET, twoBlocs } from './policy/fixtures.js';

/*
 * Norm alignment (src/alignment.ts, docs/ODD.md §7.20): validation, the calibrated fixed point,
 * each of the three drivers (pacts, export finance, installed base), and the two feeds (third
 * countries' votes in standards bodies, the `alignment` doctrine-switching rule). ROW is the
 * third country of the two-bloc fixture.
 */

const STANDARDS: StandardsSpec = {
  blocs: [
    { id: 'west', members: ['US', 'JP', 'NL', 'TW'] },
    { id: 'east', members: ['CN'] },
  ],
  bodies: [{ id: 'net', sepShare: { west: 0.6, east: 0.4 }, product: 'phone' }],
};

function aligned(
  alignment: AlignmentSpec = {},
  extra: {
    measures?: MeasureSpec[];
    states?: Partial<Record<string, Partial<StateSpec>>>;
    standards?: Partial<StandardsSpec>;
  } = {},
): WorldSpec {
  return {
    ...twoBlocs({
      policy: QUIET,
      ...(extra.measures ? { measures: extra.measures } : {}),
      ...(extra.states ? { states: extra.states } : {}),
    }),
    standards: { ...STANDARDS, ...extra.standards },
    alignment,
  };
}

function run(world: World, steps: number): World {
  for (let t = 0; t < steps; t++) step(world);
  return world;
}

function specError(spec: WorldSpec): string {
  try {
    createWorld(spec, 1);
  } catch (error) {
    if (error instanceof WorldSpecError) return error.message;
    throw error;
  }
  throw new Error('expected a WorldSpecError');
}

const east = (world: World, state = 'ROW'): number => alignmentShare(world, state, 'east');

describe('alignment: validation', () => {
  it('names the field path of each mistake', () => {
    expect(specError({ ...twoBlocs(), alignment: {} })).toBe(
      'alignment: expected alignment in a world with `standards` (its blocs are the blocs states align with), received a world without standards',
    );
    expect(specError(aligned({ initial: { TW: { west: 1 } } }))).toBe(
      'alignment.initial.TW: expected a third country (a state in no standards bloc: members are aligned with their own bloc), received "TW", a member of bloc "west"',
    );
    expect(specError(aligned({ pacts: [{ bloc: 'eats', members: ['ROW'] }] }))).toBe(
      'alignment.pacts[0].bloc: expected a bloc id (did you mean "east"?) (one of west, east), received "eats"',
    );
    expect(specError(aligned({ pacts: [{ bloc: 'east', members: ['CN'] }] }))).toContain(
      'alignment.pacts[0].members[0]: expected a third country',
    );
    expect(specError(aligned({ kits: { east: 'DMN' } }))).toContain(
      'alignment.kits.east: expected a doctrine id (did you mean "DNM"?)',
    );
    expect(specError(aligned({ params: { kitThreshold: 0.5 } }))).toBe(
      'alignment.params.kitThreshold: expected a finite number > 0.5 and <= 1, received 0.5',
    );
    expect(specError(aligned({ params: { aligmentDays: 3 } as never }))).toContain(
      'alignment.params.aligmentDays: expected an alignment parameter (did you mean "alignmentDays"?)',
    );
    const { alignment: _, ...withoutAlignment } = aligned({}, { states: { ROW: { switching: 'alignment' } } });
    expect(specError(withoutAlignment)).toBe(
      'states[5].switching: expected a switching rule the world supports ("alignment" needs `alignment` in the spec), received "alignment"',
    );
  });

  it('starts members on their own bloc and third countries on their installed base, or as given (floored, normalized)', () => {
    const world = createWorld(aligned(), 1);
    expect(alignmentShare(world, 'CN', 'east')).toBe(1);
    expect(alignmentShare(world, 'TW', 'west')).toBe(1);
    expect(east(world)).toBeCloseTo(0.4, 12); // ROW's installed base defaults to the SEP shares
    const given = createWorld(aligned({ initial: { ROW: { west: 1, east: 0 } } }), 1);
    expect(east(given)).toBeCloseTo(0.01 / 1.01, 12);
  });
});

describe('alignment: fixed point and zero effect', () => {
  it('stays where it starts when installed base, finance and pacts do not change', () => {
    const world = run(
      createWorld(
        aligned(
          { initial: { ROW: { west: 0.3, east: 0.7 } }, pacts: [{ bloc: 'east', members: ['ROW'] }] },
          { standards: { params: { adoptionRate: 0 } } },
        ),
        3,
      ),
      12,
    );
    expect(east(world)).toBeCloseTo(0.7, 12);
  });

  it('changes nothing else when it does not vote (voteWeight 0): every other row is the world without alignment', () => {
    const rows = (spec: WorldSpec) =>
      simulate(spec, { steps: 10, seed: 5 })
        .metrics.rows()
        .filter((r) => !r.variable.startsWith('alignment:'))
        .map((r) => `${r.step}/${r.entity}/${r.variable}=${r.value}`);
    const { alignment: _, ...plain } = aligned(
      {},
      { measures: [{ type: 'export_finance', issuer: 'CN', products: ['phone'], to: ['ROW'], rate: 0.3 }] },
    );
    const withAlignment = aligned(
      { params: { voteWeight: 0 }, pacts: [{ bloc: 'east', members: ['ROW'], start: 2 }] },
      { measures: [{ type: 'export_finance', issuer: 'CN', products: ['phone'], to: ['ROW'], rate: 0.3 }] },
    );
    expect(rows(withAlignment)).toEqual(rows(plain));
  });
});

describe('alignment: drivers', () => {
  it('a pact pulls its members toward the bloc from its start, and they drift back after its end', () => {
    const world = createWorld(
      aligned(
        { pacts: [{ id: 'cyber', bloc: 'east', members: ['ROW'], start: 2, end: 6 }] },
        { standards: { params: { adoptionRate: 0 } } },
      ),
      1,
    );
    run(world, 2);
    expect(east(world)).toBeCloseTo(0.4, 12); // steps 0 and 1: not yet in force
    run(world, 4);
    const during = east(world);
    // Four quarters toward the target softmax with the pact term: 1 − exp(−4Δ/τ) of the gap.
    const target = (0.4 * Math.E) / (0.4 * Math.E + 0.6);
    const closed = 1 - Math.exp((-4 * 91.3125) / 1461);
    expect(during).toBeCloseTo(0.4 + closed * (target - 0.4), 10);
    run(world, 8);
    expect(east(world)).toBeLessThan(during);
    expect(east(world)).toBeGreaterThan(0.4);
  });

  it('export finance from a bloc’s state pulls the financed third country toward that bloc, and financeByBloc adds up to what it received', () => {
    const finance: MeasureSpec = { type: 'export_finance', issuer: 'CN', products: ['phone'], to: ['ROW'], rate: 0.3 };
    const world = createWorld(aligned({}, { measures: [finance], standards: { params: { adoptionRate: 0 } } }), 1);
    const plain = createWorld(aligned({}, { standards: { params: { adoptionRate: 0 } } }), 1);
    run(world, 8);
    run(plain, 8);
    expect(east(plain)).toBeCloseTo(0.4, 12);
    expect(east(world)).toBeGreaterThan(0.4 + 1e-3);
    const byBloc = financeByBloc(world, new Float64Array(world.stateIds.length * 2));
    const row = world.stateIndex.get('ROW')!;
    expect(byBloc[row * 2 + 1]).toBeGreaterThan(0);
    expect(byBloc[row * 2]).toBe(0);
    expect(byBloc[row * 2 + 1]).toBeCloseTo(world.policy.stateFinanceReceived[row]!, 12);
  });

  it('finance from a state in no bloc pulls toward no bloc', () => {
    // ROW finances its own phone maker's sales to TW; ROW is in no bloc, TW is a member: nothing moves.
    const world = createWorld(
      aligned(
        {},
        {
          measures: [{ type: 'export_finance', issuer: 'ROW', rate: 0.3 }],
          standards: { params: { adoptionRate: 0 } },
        },
      ),
      1,
    );
    run(world, 4);
    expect([...financeByBloc(world, new Float64Array(12))].every((v) => v === 0)).toBe(true);
    expect(east(world)).toBeCloseTo(0.4, 12);
  });

  it('a larger installed base on a bloc’s stack pulls toward that bloc', () => {
    const world = createWorld(aligned({}, { standards: { params: { adoptionRate: 0 } } }), 1);
    const st = world.standards!;
    const row = world.stateIndex.get('ROW')!;
    st.adoption[row * 2] = 0.2; // ROW's network moves to the east's stack
    st.adoption[row * 2 + 1] = 0.8;
    step(world);
    const target = (0.4 * Math.exp(2 * 0.4)) / (0.4 * Math.exp(2 * 0.4) + 0.6 * Math.exp(-2 * 0.4));
    expect(east(world)).toBeCloseTo(0.4 + (1 - Math.exp(-91.3125 / 1461)) * (target - 0.4), 12);
  });
});

describe('alignment: feeds', () => {
  it('a third country’s vote follows its alignment by voteWeight, the rest by merit', () => {
    const spec = aligned(
      { initial: { ROW: { west: 0.1, east: 0.9 } }, params: { voteWeight: 0.5 } },
      { standards: { votingWeight: { US: 1, CN: 1, ROW: 2 } } },
    );
    const world = createWorld(spec, 1);
    updateStandards(world);
    // Weights 1/4, 1/4, 1/2; merit 0.6/0.4; ROW votes 0.5·0.4 + 0.5·0.9 = 0.65 for the east.
    expect(world.standards!.voteShare[1]).toBeCloseTo(0.25 * 0.4 + 0.25 * 0.4 + 0.5 * 0.65, 12);
    const { alignment: _, ...plain } = spec;
    const merit = createWorld(plain, 1);
    updateStandards(merit);
    expect(merit.standards!.voteShare[1]).toBeCloseTo(0.4, 12);
  });

  it('the `alignment` switching rule adopts the kit of the bloc a state is aligned with at or above the threshold, and only then', () => {
    const spec = (east: number) =>
      aligned(
        { initial: { ROW: { west: 1 - east, east } }, kits: { east: 'DNM', west: 'NLG' } },
        { states: { ROW: { switching: 'alignment', doctrine: 'NLG' } }, standards: { params: { adoptionRate: 0 } } },
      );
    expect(run(createWorld(spec(0.7), 1), 1).policy.stateDoctrine[5]).toBe('DNM');
    expect(run(createWorld(spec(0.6), 1), 4).policy.stateDoctrine[5]).toBe('NLG');
    // A pact moves a state at 0.6 past the threshold over the years, and it adopts the kit then.
    const pact = aligned(
      {
        initial: { ROW: { west: 0.4, east: 0.6 } },
        kits: { east: 'DNM' },
        pacts: [{ bloc: 'east', members: ['ROW'], start: 1 }],
        params: { pactWeight: 2 },
      },
      { states: { ROW: { switching: 'alignment' } }, standards: { params: { adoptionRate: 0 } } },
    );
    const world = createWorld(pact, 1);
    let switched = -1;
    for (let t = 0; t < 40 && switched < 0; t++) {
      step(world);
      if (world.policy.stateDoctrine[5] === 'DNM') switched = t;
    }
    expect(switched).toBeGreaterThan(0);
    expect(east(world)).toBeGreaterThanOrEqual(0.65);
  });

  it('records alignment:BLOC rows for every state', () => {
    const rows = simulate(aligned(), { steps: 2, seed: 1 })
      .metrics.rows()
      .filter((r) => r.variable.startsWith('alignment:'));
    expect(rows.length).toBe(2 * 6 * 2);
    expect(
      rows.find((r) => r.step === rows[0]!.step && r.entity === 'ROW' && r.variable === 'alignment:east')!.value,
    ).toBeCloseTo(0.4, 3); // SEP contests move adoption a little
  });
});
