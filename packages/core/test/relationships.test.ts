import { describe, expect, it } from 'vitest';
import {
  TENURE_ESTABLISHED,
  addEdges,
  ageRelationships,
  createWorld,
  relationshipHazard,
  selectEdges,
  setBlocked,
  step,
  type EdgeSpec,
  type EngineParams,
  type World,
} from '@chokepoint/core';

/*
 * Relationship tenure: a buyer moves away from a young relationship faster than from an
 * established one (h = 1 + (H − 1)·exp(−age/T)), relationships age by the quarters of a year the
 * steps cross, and new edges start young.
 *
 * World: buyer B (CN) makes 10 gadgets a step from 1 part each, from S1 (US), S2 (US) and S3 (CN);
 * capacities are ample, so a supplier falls short only when it is blocked.
 */
function tenureWorld(params: Partial<EngineParams>, edges: Array<Partial<EdgeSpec> & { supplier: string }>): World {
  return createWorld(
    {
      states: [{ id: 'US' }, { id: 'CN' }],
      products: [{ id: 'part' }, { id: 'gadget', recipe: [{ product: 'part', amount: 1 }] }],
      firms: [
        { id: 'S1', state: 'US', product: 'part', capacity: 100 },
        { id: 'S2', state: 'US', product: 'part', capacity: 100 },
        { id: 'S3', state: 'CN', product: 'part', capacity: 100 },
        { id: 'B', state: 'CN', product: 'gadget' },
      ],
      edges: edges.map((e) => ({ buyer: 'B', ...e })),
      finalDemand: [{ state: 'CN', product: 'gadget', quantity: 10, suppliers: [{ firm: 'B' }] }],
      params,
    },
    1,
  );
}
const edgeFrom = (world: World, supplier: string): number => selectEdges(world, { supplier, buyer: 'B' })[0]!;
const shareOf = (world: World, supplier: string): number => world.edgeShare[edgeFrom(world, supplier)]!;

describe('relationship tenure', () => {
  it('a buyer leaves a new relationship that falls short at h = H times the rate of an established one', () => {
    const world = tenureWorld({ substitutionDays: 317.4 }, [
      { supplier: 'S1', share: 0.4 },
      { supplier: 'S2', share: 0.3, tenureYears: 0 },
      { supplier: 'S3', share: 0.3 },
    ]);
    expect(world.edgeTenure[edgeFrom(world, 'S1')]).toBe(TENURE_ESTABLISHED);
    expect(world.edgeTenure[edgeFrom(world, 'S2')]).toBe(0);
    setBlocked(world, [edgeFrom(world, 'S1'), edgeFrom(world, 'S2')], true);
    step(world);
    const rate = world.params.daysPerStep / world.params.substitutionDays;
    const sigma = 1 - Math.exp(-rate); // established
    const young = 1 - Math.exp(-2 * rate); // h = 2 at age 0 (the default H)
    expect(shareOf(world, 'S1')).toBeCloseTo(0.4 * (1 - sigma), 12);
    expect(shareOf(world, 'S2')).toBeCloseTo(0.3 * (1 - young), 12);
    expect(shareOf(world, 'S3')).toBeCloseTo(0.3 + 0.4 * sigma + 0.3 * young, 12);
    expect(shareOf(world, 'S1') + shareOf(world, 'S2') + shareOf(world, 'S3')).toBeCloseTo(1, 14);
    // What each lost is remembered, to come back when the supplier delivers again.
    expect(world.edgeLapsedShare[edgeFrom(world, 'S2')]).toBeCloseTo(0.3 * young, 7); // single precision
    // The same world with tenure switched off (H = 1): both leave at σ.
    const flat = tenureWorld({ substitutionDays: 317.4, newRelationshipHazard: 1 }, [
      { supplier: 'S1', share: 0.4 },
      { supplier: 'S2', share: 0.3, tenureYears: 0 },
      { supplier: 'S3', share: 0.3 },
    ]);
    setBlocked(flat, [edgeFrom(flat, 'S1'), edgeFrom(flat, 'S2')], true);
    step(flat);
    expect(shareOf(flat, 'S2')).toBeCloseTo(0.3 * (1 - sigma), 12);
  });

  it('a slot with a young supplier that delivers moves its established losers exactly as without tenure', () => {
    const edges = [
      { supplier: 'S1', share: 0.6 },
      { supplier: 'S3', share: 0.4, tenureYears: 0.5 },
    ];
    const young = tenureWorld({}, edges);
    const plain = tenureWorld(
      {},
      edges.map(({ supplier, share }) => ({ supplier, share })),
    );
    for (const world of [young, plain]) {
      setBlocked(world, [edgeFrom(world, 'S1')], true);
      for (let t = 0; t < 3; t++) step(world);
    }
    expect(shareOf(young, 'S1')).toBeCloseTo(shareOf(plain, 'S1'), 14);
    expect(shareOf(young, 'S3')).toBeCloseTo(shareOf(plain, 'S3'), 14);
  });

  it('the multiplier falls from H toward 1 over relationshipMaturityDays and is exactly 1 when established', () => {
    const params = { newRelationshipHazard: 3, relationshipMaturityDays: 365.25 };
    expect(relationshipHazard(params, 0)).toBe(3);
    expect(relationshipHazard(params, 4)).toBeCloseTo(1 + 2 * Math.exp(-1), 14); // 4 quarters: one maturity time
    expect(relationshipHazard(params, 40)).toBeLessThan(1.0001);
    expect(relationshipHazard(params, TENURE_ESTABLISHED)).toBe(1);
  });

  it('relationships age by the quarters the steps cross: the same tenure at common dates for weekly, monthly and quarterly steps', () => {
    const tenureAt = (daysPerStep: number, days: number): number => {
      const world = tenureWorld({ daysPerStep }, [{ supplier: 'S1', tenureYears: 0 }, { supplier: 'S3' }]);
      const steps = Math.round(days / daysPerStep);
      for (let t = 0; t < steps; t++) step(world);
      return world.edgeTenure[edgeFrom(world, 'S1')]!;
    };
    // 364 days: 52 weeks, 3 quarters crossed (the fourth ends on day 365.25).
    expect(tenureAt(7, 364)).toBe(3);
    expect(tenureAt(365.25 / 4, 365.25 * 2)).toBe(8);
    expect(tenureAt(365.25 / 12, 730.5)).toBe(8); // 24 months
    expect(tenureAt(7, 735)).toBe(8); // 105 weeks
    // An established relationship never ages, and a world with none young skips the pass.
    const established = tenureWorld({}, [{ supplier: 'S1' }, { supplier: 'S3' }]);
    expect(established.youngRelationships).toBe(false);
    step(established);
    expect(established.edgeTenure[edgeFrom(established, 'S1')]).toBe(TENURE_ESTABLISHED);
  });

  it('aging skips established relationships word by word and ages every young one, aligned or not, up to the last byte', () => {
    // Runs of established bytes across word boundaries, young ones between, a tail shorter than a word.
    const pattern = [
      255, 255, 255, 255, 255, 255, 255, 3, 255, 255, 255, 255, 0, 254, 255, 255, 255, 255, 255, 255, 255, 255, 255,
      255, 7, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 1,
    ];
    for (const offset of [0, 1, 4]) {
      const world = tenureWorld({}, [{ supplier: 'S1' }]);
      const tenure = new Uint8Array(new ArrayBuffer(offset + pattern.length + 3), offset, pattern.length);
      tenure.set(pattern);
      world.edgeTenure = tenure;
      world.youngRelationships = true;
      world.step = 0; // daysPerStep is a quarter: one boundary crossed
      ageRelationships(world);
      expect([...tenure]).toEqual(pattern.map((a) => (a === 255 ? 255 : a + 1)));
      expect(world.youngRelationships).toBe(true);
    }
  });

  it('an edge added during the run (supplier search, a new contract) starts a new relationship', () => {
    const world = tenureWorld({}, [{ supplier: 'S1' }]);
    expect(world.youngRelationships).toBe(false);
    const slot = world.edgeSlot[edgeFrom(world, 'S1')]!;
    addEdges(world, [{ supplier: world.firmIndex.get('S3')!, slot, share: 0.2, blocked: false }]);
    expect(world.edgeTenure[edgeFrom(world, 'S3')]).toBe(0);
    expect(world.edgeTenure[edgeFrom(world, 'S1')]).toBe(TENURE_ESTABLISHED);
    expect(world.youngRelationships).toBe(true);
  });

  it('a spec edge gives its tenure in years (whole quarters); a negative one is refused with its path', () => {
    const world = tenureWorld({}, [
      { supplier: 'S1', tenureYears: 1.6 },
      { supplier: 'S3', tenureYears: 100 },
    ]);
    expect(world.edgeTenure[edgeFrom(world, 'S1')]).toBe(6);
    expect(world.edgeTenure[edgeFrom(world, 'S3')]).toBe(TENURE_ESTABLISHED);
    expect(() => tenureWorld({}, [{ supplier: 'S1', tenureYears: -1 }])).toThrow(
      /edges\[0\]\.tenureYears: expected a finite number >= 0, received -1/,
    );
    expect(() => tenureWorld({ newRelationshipHazard: 0.5 }, [{ supplier: 'S1' }])).toThrow(/newRelationshipHazard/);
  });
});
