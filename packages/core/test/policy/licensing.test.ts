import { describe, expect, it } from 'vitest';
import {
  LICENCE_DENIED,
  LICENCE_GRANTED,
  LICENCE_NONE,
  LICENCE_PENDING,
  Rng,
  createWorld,
  setLicenceProbability,
  simulate,
  step,
  type MeasureSpec,
  type World,
  type WorldSpec,
} from '@chokepoint/core';
import { QUIET, baseVolume, edgeOf, twoBlocs } from './fixtures.js';

/*
 * Licensing as a process (policy/licensing.ts): an edge that needs a licence applies, waits its
 * review, is granted with the approval probability or denied, and the decision lasts its validity.
 */

const MONTH = 365.25 / 12;

/** CN requires licences for gallium exports, approved half the time: reviewed 61 days (2 monthly steps), decisions valid 122 days (4 steps). */
function galliumWorld(measure: Partial<MeasureSpec> = {}, seed = 1): World {
  const licensing: MeasureSpec = {
    type: 'mineral_export_licensing',
    issuer: 'CN',
    products: ['gallium'],
    licence: 0.5,
    reviewDays: 61,
    validityDays: 122,
    ...measure,
  };
  return createWorld(twoBlocs({ measures: [licensing], policy: QUIET, params: { daysPerStep: MONTH } }), seed);
}

/** GalliumCN's foreign edges (the licensed ones), in edge order. */
const licensed = (world: World): number[] =>
  Array.from({ length: world.edgeSupplier.length }, (_, e) => e).filter((e) => world.edgeLicenceProbability[e]! < 1);

describe('licensing as a process', () => {
  it('applies when the requirement starts, waits the review, then draws each decision from the licence stream in edge order', () => {
    const world = galliumWorld();
    step(world);
    const edges = licensed(world);
    expect(edges.map((e) => world.firmIds[world.edgeSupplier[e]!])).toEqual([
      'GalliumCN',
      'GalliumCN',
      'GalliumCN',
      'GalliumCN',
    ]);
    // Step 0: every licensed edge applied and waits until step 2 (61 days = 2 months); nothing flows.
    for (const e of edges) {
      expect(world.edgeLicenceState[e]).toBe(LICENCE_PENDING);
      expect(world.edgeLicenceUntil[e]).toBe(2);
      expect(world.edgeDelivered[e]).toBe(0);
    }
    const shares = edges.map((e) => world.edgeShare[e]);
    step(world);
    // Still under review: the edges keep their shares (a review is waited for, not a failed supplier).
    expect(edges.map((e) => world.edgeShare[e])).toEqual(shares);
    step(world); // step 2: decided
    const replay = new Rng(world.rng.seed).stream('licence');
    const decided = edges.map(() => (replay.next() < 0.5 ? LICENCE_GRANTED : LICENCE_DENIED));
    expect(edges.map((e) => world.edgeLicenceState[e])).toEqual(decided);
    expect(new Set(decided).size).toBe(2); // this seed grants some and denies others
    for (const e of edges) expect(world.edgeLicenceUntil[e]).toBe(6);
    // Granted edges carry goods; denied ones nothing, for the whole validity (no flicker).
    for (let t = 3; t < 6; t++) {
      step(world);
      edges.forEach((e, i) => {
        expect(world.edgeLicenceState[e], `step ${t}`).toBe(decided[i]);
        if (decided[i] === LICENCE_DENIED) expect(world.edgeDelivered[e]).toBe(0);
      });
    }
    expect(edges.some((e, i) => decided[i] === LICENCE_GRANTED && world.edgeDelivered[e]! > 0)).toBe(true);
    // Step 6: a granted licence is renewed (decided again at once); a denied buyer applies again (reviewed until step 8).
    step(world);
    edges.forEach((e, i) => {
      if (decided[i] === LICENCE_DENIED) {
        expect(world.edgeLicenceState[e]).toBe(LICENCE_PENDING);
        expect(world.edgeLicenceUntil[e]).toBe(8);
      } else {
        expect([LICENCE_GRANTED, LICENCE_DENIED]).toContain(world.edgeLicenceState[e]);
        expect(world.edgeLicenceUntil[e]).toBe(10);
      }
    });
  });

  it('grants about p of the applications (many seeds)', () => {
    let granted = 0;
    let decided = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const world = galliumWorld({ licence: 0.3, reviewDays: 0 }, seed);
      step(world);
      for (const e of licensed(world)) {
        decided++;
        if (world.edgeLicenceState[e] === LICENCE_GRANTED) granted++;
      }
    }
    // 240 decisions, binomial sd 0.03: 4 sd.
    expect(Math.abs(granted / decided - 0.3)).toBeLessThan(0.12);
  });

  it('rounds the review to whole steps: 63 days are 9 weekly steps, 2 monthly steps, 1 quarterly step', () => {
    for (const [days, steps] of [
      [7, 9],
      [MONTH, 2],
      [365.25 / 4, 1],
    ] as const) {
      const spec = twoBlocs({
        measures: [{ type: 'mineral_export_licensing', issuer: 'CN', products: ['gallium'], licence: 0.5 }],
        policy: QUIET,
        params: { daysPerStep: days },
      });
      const world = createWorld(spec, 1);
      step(world);
      const e = licensed(world)[0]!;
      // mineral_export_licensing reviews 63 days by default (MOFCOM's 45 working days).
      expect(world.edgeLicenceUntil[e], `${days} days a step`).toBe(steps);
    }
  });

  it('returns an edge to none when its licence is no longer required', () => {
    const world = galliumWorld({ end: 3 });
    for (let t = 0; t < 3; t++) step(world);
    const e = edgeOf(world, 'GalliumCN', 'TSMC');
    expect(world.edgeLicenceState[e]).not.toBe(LICENCE_NONE);
    step(world); // step 3: lifted
    expect(world.edgeLicenceProbability[e]).toBe(1);
    expect(world.edgeLicenceState[e]).toBe(LICENCE_NONE);
    expect(world.edgeDelivered[e]).toBeGreaterThan(0);
    expect(world.policy.licensing).toBe(false);
  });

  it('only a denial fails a supplier: shares move away from a denied edge, not from a pending one', () => {
    const world = galliumWorld({ licence: 1e-9 }); // every application denied
    const e = edgeOf(world, 'GalliumCN', 'TSMC');
    step(world);
    step(world);
    expect(world.edgeLicenceState[e]).toBe(LICENCE_PENDING);
    expect(world.edgeShare[e]).toBe(0.8);
    step(world); // decided: denied
    expect(world.edgeLicenceState[e]).toBe(LICENCE_DENIED);
    expect(world.edgeShare[e]).toBeLessThan(0.8);
  });

  it('counts licences by exporting state and holds a backlog while a sole supplier waits', () => {
    // One buyer, one foreign supplier that needs a licence: the buyer's need waits, and accumulates.
    const spec: WorldSpec = {
      states: [{ id: 'US' }, { id: 'CN' }],
      products: [{ id: 'part' }, { id: 'gadget', recipe: [{ product: 'part', amount: 1 }] }],
      firms: [
        { id: 'S', state: 'US', product: 'part' },
        { id: 'B', state: 'CN', product: 'gadget' },
      ],
      edges: [{ supplier: 'S', buyer: 'B' }],
      finalDemand: [{ state: 'CN', product: 'gadget', quantity: 10, suppliers: [{ firm: 'B' }] }],
      measures: [
        {
          type: 'export_control',
          issuer: 'US',
          targets: ['CN'],
          products: ['part'],
          licence: 0.999999,
          reviewDays: 91,
          start: 1,
        },
      ],
      policy: QUIET,
      params: { daysPerStep: MONTH },
    };
    const { world, metrics } = simulate(createWorld(spec, 1), { steps: 6, seed: 1 });
    const rows = metrics.rows();
    const series = (entity: string, variable: string) =>
      rows.filter((r) => r.entity === entity && r.variable === variable).map((r) => r.value);
    // Applied at step 1, reviewed 3 months (steps 1–3), granted at step 4.
    expect(series('US', 'licences_pending')).toEqual([0, 1, 1, 1, 0, 0]);
    expect(series('US', 'licences_granted')).toEqual([0, 0, 0, 0, 1, 1]);
    expect(series('CN', 'licences_pending')).toEqual([0, 0, 0, 0, 0, 0]);
    const backlog = series('B', 'backlog');
    expect(backlog[0]).toBe(0);
    expect(backlog[1]).toBeGreaterThan(0);
    expect(backlog[2]).toBeGreaterThan(backlog[1]!); // it accumulates while the review lasts
    expect(backlog[3]).toBeGreaterThan(backlog[2]!);
    expect(backlog[4]).toBe(0); // granted: the orders are placed again
    expect(series('CN', 'backlog')).toEqual(backlog); // B is CN's only buyer with a backlog
    expect(world.edgeLicenceState[0]).toBe(LICENCE_GRANTED);
  });

  it("counts licences by measure: each measure's licensed edges by where their licence stands, summing to the exporters' counts", () => {
    const gallium: MeasureSpec = {
      type: 'mineral_export_licensing',
      id: 'ga',
      issuer: 'CN',
      products: ['gallium'],
      licence: 0.5,
      reviewDays: 61,
      validityDays: 122,
    };
    const chips: MeasureSpec = {
      type: 'export_control',
      id: 'chips',
      issuer: 'US',
      targets: ['CN'],
      products: ['chip'],
      deMinimis: 0.25,
      licence: 0.8,
      reviewDays: 0,
      start: 2,
    };
    const { metrics } = simulate(
      createWorld(twoBlocs({ measures: [gallium, chips], policy: QUIET, params: { daysPerStep: MONTH } }), 3),
      { steps: 8, seed: 3 },
    );
    const rows = metrics.rows();
    const series = (kind: string, entity: string, variable: string) =>
      rows.filter((r) => r.entityKind === kind && r.entity === entity && r.variable === variable).map((r) => r.value);
    const all = (kind: string, entity: string) =>
      ['licences_pending', 'licences_granted', 'licences_denied'].map((v) => series(kind, entity, v));
    // Gallium: every licensed edge applies at step 0 and waits two months, then each is decided.
    const [gaPending, gaGranted, gaDenied] = all('measure', 'ga');
    expect(gaPending).toHaveLength(8);
    expect(gaPending[0]).toBeGreaterThan(0);
    expect(gaPending[2]).toBe(0);
    expect(gaGranted[2]! + gaDenied[2]!).toBe(gaPending[0]);
    // Chips: no rows before the control first requires a licence (its start, step 2), decided at once (review 0).
    const [chipPending, chipGranted, chipDenied] = all('measure', 'chips');
    expect(chipPending).toHaveLength(6);
    expect(chipPending.every((n) => n === 0)).toBe(true);
    expect(chipGranted[0]! + chipDenied[0]!).toBeGreaterThan(0);
    // No edge is licensed by both, so at every step the measures' counts add up to the exporters' (by supplier state: chips go from TW under de minimis).
    const total = (kind: string, variable: string, step: number) =>
      rows
        .filter((r) => r.entityKind === kind && r.variable === variable && r.step === step)
        .reduce((a, r) => a + r.value, 0);
    for (let t = 1; t <= 8; t++) {
      for (const v of ['licences_pending', 'licences_granted', 'licences_denied'])
        expect(total('measure', v, t), `${v} at ${t}`).toBe(total('state', v, t));
    }
    expect(total('state', 'licences_granted', 8)).toBeGreaterThan(0);
  });

  it('approves by end-user class: listed entities under entityLicence, the other target buyers under licence', () => {
    // The US controls chips to China (TSMC bound by de minimis): China's buyers may be licensed (0.8), Huawei is presumed denied.
    const control: MeasureSpec = {
      type: 'export_control',
      issuer: 'US',
      targets: ['CN'],
      entities: ['Huawei'],
      products: ['chip'],
      deMinimis: 0.25,
      licence: 0.8,
      entityLicence: 0,
    };
    const { world, metrics } = simulate(createWorld(twoBlocs({ measures: [control], policy: QUIET }), 1), {
      steps: 1,
      seed: 1,
    });
    const huawei = edgeOf(world, 'TSMC', 'Huawei');
    const xiaomi = edgeOf(world, 'TSMC', 'Xiaomi');
    expect(world.edgeBlocked[huawei]).toBe(1);
    expect(world.edgeBlocked[xiaomi]).toBe(0);
    expect(world.edgeLicenceProbability[xiaomi]).toBe(0.8);
    expect(world.edgeLicenceState[xiaomi]).toBe(LICENCE_PENDING);
    // Restricted trade: Huawei's edges close fully, Xiaomi's by 1 − 0.8 (base values: base share × base need × price).
    const value = (e: number) => baseVolume(world, e) * world.productPrice[world.productIndex.get('chip')!]!;
    const restricted = metrics.rows().find((r) => r.entity === 'US' && r.variable === 'restricted_trade')!.value;
    expect(restricted).toBeCloseTo(value(huawei) + 0.2 * value(xiaomi), 9);
    // Without entityLicence every covered buyer gets licence.
    const plain = createWorld(twoBlocs({ measures: [{ ...control, entityLicence: undefined }], policy: QUIET }), 1);
    step(plain);
    expect(plain.edgeBlocked[edgeOf(plain, 'TSMC', 'Huawei')]).toBe(0);
    expect(plain.edgeLicenceProbability[edgeOf(plain, 'TSMC', 'Huawei')]).toBe(0.8);
  });

  it('a licence set by hand is processed too (default review), in a world without policy', () => {
    const spec: WorldSpec = {
      states: [{ id: 'US' }, { id: 'CN' }],
      products: [{ id: 'part' }],
      firms: [{ id: 'S', state: 'US', product: 'part' }],
      finalDemand: [{ state: 'CN', product: 'part', quantity: 10, suppliers: [{ firm: 'S' }] }],
    };
    const world = createWorld(spec, 1);
    setLicenceProbability(world, [0], 0.5);
    step(world);
    expect(world.edgeLicenceState[0]).toBe(LICENCE_PENDING);
    expect(world.edgeLicenceUntil[0]).toBe(1); // 50 days: one quarterly step
  });
});
