import { describe, expect, it } from 'vitest';
import { createWorld, simulate, step, type MeasureSpec } from '@chokepoint/core';
import { FIXED_PRICES } from '../helpers.js';
import { QUIET, edgeOf, series, twoBlocs } from './fixtures.js';

/*
 * Announcements: a measure announced at `announce` before its `start` makes
 * the buyers it will restrict target `frontLoadDays` × their exposure more
 * inventory (the share of their supply it will close, directly or through
 * their suppliers' critical inputs), so their imports spike before the
 * effective date and drop once it binds (the 2023 SME controls: ASML's China
 * share of sales 24% → 46–49% before the deadline).
 */

const ANNOUNCE = 3;
const START = 7;
const STEPS = 12;
const control = (announce?: number): MeasureSpec => ({
  type: 'export_control',
  issuer: 'US',
  targets: ['CN'],
  products: ['sme'],
  start: START,
  ...(announce === undefined ? {} : { announce }),
});

/** CN's SME imports by origin, by step (index t = step t's flow), at fixed prices: the front-loading mechanics alone. */
function smeImports(announce?: number) {
  const rows = simulate(twoBlocs({ measures: [control(announce)], policy: QUIET, params: FIXED_PRICES }), {
    steps: STEPS,
    seed: 1,
  }).metrics.rows();
  const us = series(rows, 'US>CN:sme', 'trade_value');
  const nl = series(rows, 'NL>CN:sme', 'trade_value');
  const jp = series(rows, 'JP>CN:sme', 'trade_value');
  return { us, total: us.map((v, t) => v + nl[t]! + jp[t]!) };
}

describe('announced measures', () => {
  it('make the target front-load: imports of the product spike before the effective date and drop after it', () => {
    const announced = smeImports(ANNOUNCE);
    const unannounced = smeImports();
    const baseline = announced.total[0]!;
    // Before the announcement, the two arms are the same steady state.
    for (let t = 0; t < ANNOUNCE; t++) expect(announced.total[t]).toBeCloseTo(unannounced.total[t]!, 9);
    // The unannounced arm shows no spike.
    for (let t = 0; t < START; t++) expect(unannounced.total[t]).toBeCloseTo(baseline, 9);
    // Announced: the first step of the window spikes, from the issuer and the others alike.
    // SMIC will lose AMAT, 40% of its SME: 36 of the 90 front-loading days.
    expect(announced.total[ANNOUNCE]!).toBeGreaterThan(1.25 * baseline);
    expect(announced.us[ANNOUNCE]!).toBeGreaterThan(1.25 * announced.us[0]!);
    // Over the window the target buys more than without the announcement (its chip buyers' own
    // front-loading moves SMIC's orders too, so a single step may dip: the bullwhip).
    const window = (xs: number[]): number => xs.slice(ANNOUNCE, START).reduce((a, b) => a + b, 0);
    expect(window(announced.total)).toBeGreaterThan(window(unannounced.total) * 1.05);
    // From the start the issuer's exports stop, and the front-loaded stock cuts imports well below the unannounced arm.
    for (let t = START; t < STEPS; t++) expect(announced.us[t]).toBe(0);
    expect(announced.total[START]!).toBeLessThan(0.8 * unannounced.total[START]!);
  });

  it('raise the target inventory of the slots the measure will restrict by their exposure, and of their buyers through them, only during the window', () => {
    const world = createWorld(twoBlocs({ measures: [control(ANNOUNCE)], policy: QUIET }), 1);
    const days = world.policy.params.frontLoadDays;
    for (let t = 0; t < STEPS; t++) {
      step(world);
      // SMIC will lose AMAT (0.4 of its SME): exposure 0.4. Its SME is a critical input, so Huawei
      // (0.3 of its chips from SMIC) is exposed 0.3 × 0.4 and Xiaomi (0.5 from SMIC) 0.5 × 0.4.
      const expected = new Map([
        [world.edgeSlot[edgeOf(world, 'AMAT', 'SMIC')]!, 0.4],
        [world.edgeSlot[edgeOf(world, 'SMIC', 'Huawei')]!, 0.3 * 0.4],
        [world.edgeSlot[edgeOf(world, 'SMIC', 'Xiaomi')]!, 0.5 * 0.4],
      ]);
      for (let slot = 0; slot < world.slotExtraDays.length; slot++) {
        const exposure = t >= ANNOUNCE && t < START ? (expected.get(slot) ?? 0) : 0;
        expect(world.slotExtraDays[slot], `slot ${slot} at step ${t}`).toBeCloseTo(days * exposure, 9);
      }
    }
  });

  it('front-load a licence requirement by its expected closure: a licence approved with p = 0.75 closes a quarter', () => {
    const world = createWorld(twoBlocs({ measures: [{ ...control(ANNOUNCE), licence: 0.75 }], policy: QUIET }), 1);
    for (let t = 0; t <= ANNOUNCE; t++) step(world);
    const smicSme = world.edgeSlot[edgeOf(world, 'AMAT', 'SMIC')]!;
    expect(world.slotExtraDays[smicSme]).toBeCloseTo(world.policy.params.frontLoadDays * 0.4 * 0.25, 9);
  });

  it('restrict nothing before their start', () => {
    const world = createWorld(twoBlocs({ measures: [control(ANNOUNCE)], policy: QUIET }), 1);
    for (let t = 0; t < START; t++) {
      step(world);
      expect(world.edgeBlocked.every((b) => b === 0)).toBe(true);
    }
  });
});
