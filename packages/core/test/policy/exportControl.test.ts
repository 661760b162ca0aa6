import { describe, expect, it } from 'vitest';
import { createWorld, step, type World } from '@chokepoint/core';
import { FROZEN_CAPABILITY, QUIET, buyerStateOf, edgeOf, twoBlocs, type Buyer } from './fixtures.js';

/*
 * Export control: issuer-state suppliers of the listed products may not sell
 * to buyers in the target states (firms and final demand) without a licence,
 * approved with probability `licence` after its review (policy/licensing.ts); suppliers below the technology
 * threshold are not covered.
 */

const US_SME_PHONE_TO_CN = { type: 'export_control', issuer: 'US', targets: ['CN'], products: ['sme', 'phone'] };

/** The edges the definition says the control covers: US supplier, listed product, buyer in CN. */
function coveredByDefinition(world: World, e: number): boolean {
  const s = world.edgeSupplier[e]!;
  const product = world.productIds[world.firmProduct[s]!]!;
  return (
    world.stateIds[world.firmState[s]!] === 'US' &&
    ['sme', 'phone'].includes(product) &&
    world.stateIds[buyerStateOf(world, e)] === 'CN'
  );
}

describe('export_control', () => {
  it('blocks exactly the issuer-state suppliers of the listed products to target buyers, firms and final demand', () => {
    const world = createWorld(twoBlocs({ measures: [US_SME_PHONE_TO_CN], policy: QUIET }), 1);
    let covered = 0;
    for (let t = 0; t < 8; t++) {
      step(world);
      for (let e = 0; e < world.edgeSupplier.length; e++) {
        if (coveredByDefinition(world, e)) {
          covered++;
          expect(world.edgeBlocked[e], `edge ${e} at step ${t}`).toBe(1);
          expect(world.edgeDelivered[e]).toBe(0);
        } else {
          expect(world.edgeBlocked[e], `edge ${e} at step ${t}`).toBe(0);
          expect(world.edgeLicenceProbability[e]).toBe(1);
        }
      }
    }
    expect(covered).toBeGreaterThanOrEqual(2 * 8); // AMAT → SMIC and Apple → CN households, each step
    // The two kinds of buyer, by name, and neighbours that stay open.
    expect(world.edgeBlocked[edgeOf(world, 'AMAT', 'SMIC')]).toBe(1);
    expect(world.edgeBlocked[edgeOf(world, 'Apple', { final: 'CN' })]).toBe(1);
    const open: Array<[string, Buyer]> = [
      ['AMAT', 'TSMC'], // same supplier, third-country buyer
      ['ASML', 'SMIC'], // same buyer, non-issuer supplier (no de minimis)
      ['Apple', { final: 'US' }],
      ['Apple', { final: 'ROW' }],
      ['Huawei', { final: 'CN' }],
      ['GalliumCN', 'AMAT'], // unlisted product
    ];
    for (const [supplier, buyer] of open)
      expect(
        world.edgeDelivered[edgeOf(world, supplier, buyer)],
        `${supplier} → ${JSON.stringify(buyer)}`,
      ).toBeGreaterThan(0);
  });

  it('is not in force before its start nor from its end on', () => {
    const world = createWorld(twoBlocs({ measures: [{ ...US_SME_PHONE_TO_CN, start: 3, end: 5 }], policy: QUIET }), 1);
    const blocked: number[] = [];
    for (let t = 0; t < 7; t++) {
      step(world);
      blocked.push(world.edgeBlocked[edgeOf(world, 'AMAT', 'SMIC')]!);
    }
    expect(blocked).toEqual([0, 0, 0, 1, 1, 0, 0]);
  });

  describe('technology threshold', () => {
    // AMAT starts at half the SME frontier.
    const weakAmat = { AMAT: { capability: 0.5 } };

    it('spares suppliers below the threshold and binds those at or above it', () => {
      const below = createWorld(
        twoBlocs({
          firms: weakAmat,
          measures: [{ type: 'export_control', issuer: 'US', targets: ['CN'], products: ['sme'], technology: 0.6 }],
          policy: { ...QUIET, ...FROZEN_CAPABILITY },
        }),
        1,
      );
      const at = createWorld(
        twoBlocs({
          firms: weakAmat,
          measures: [{ type: 'export_control', issuer: 'US', targets: ['CN'], products: ['sme'], technology: 0.5 }],
          policy: { ...QUIET, ...FROZEN_CAPABILITY },
        }),
        1,
      );
      for (let t = 0; t < 6; t++) {
        step(below);
        step(at);
        expect(below.firmCapability[below.firmIndex.get('AMAT')!]).toBe(0.5);
        expect(below.edgeBlocked[edgeOf(below, 'AMAT', 'SMIC')]).toBe(0);
        expect(below.edgeDelivered[edgeOf(below, 'AMAT', 'SMIC')]).toBeGreaterThan(0);
        expect(at.edgeBlocked[edgeOf(at, 'AMAT', 'SMIC')]).toBe(1);
      }
    });

    it('binds a supplier from the step its capability reaches the threshold', () => {
      const world = createWorld(
        twoBlocs({
          firms: weakAmat,
          measures: [{ type: 'export_control', issuer: 'US', targets: ['CN'], products: ['sme'], technology: 0.6 }],
          policy: QUIET,
        }),
        1,
      );
      const amat = world.firmIndex.get('AMAT')!;
      const seen = new Set<boolean>();
      for (let t = 0; t < 30; t++) {
        const capability = world.firmCapability[amat]!; // what compliance sees this step
        const threshold = 0.6 * world.productStartFrontier[world.productIndex.get('sme')!]!; // a share of the starting frontier: an absolute level
        step(world);
        const bound = capability >= threshold;
        seen.add(bound);
        expect(world.edgeBlocked[edgeOf(world, 'AMAT', 'SMIC')], `step ${t}, capability ${capability}`).toBe(
          bound ? 1 : 0,
        );
      }
      expect([...seen].sort()).toEqual([false, true]); // capability growth crossed the threshold in the run
    });
  });

  describe('licence probability', () => {
    const P = 0.3;
    const STEPS = 300;
    const spec = twoBlocs({
      // No review, and a decision valid for one quarterly step: each step decides afresh (version 1's coin flip).
      measures: [
        {
          type: 'export_control',
          issuer: 'US',
          targets: ['CN'],
          products: ['sme'],
          licence: P,
          reviewDays: 0,
          validityDays: 365.25 / 4,
        },
      ],
      policy: QUIET,
      params: { substitutionRate: 0 }, // keep AMAT's share, so a granted licence always shows as an order
    });

    /** 1 for each step AMAT → SMIC carried an order (licence granted), else 0. */
    function grants(seed: number): number[] {
      const world = createWorld(spec, seed);
      const out: number[] = [];
      for (let t = 0; t < STEPS; t++) {
        step(world);
        const e = edgeOf(world, 'AMAT', 'SMIC');
        expect(world.edgeBlocked[e]).toBe(0);
        expect(world.edgeLicenceProbability[e]).toBeCloseTo(P, 15);
        const granted = world.edgeOrder[e]! > 0;
        // Flow goes through exactly on the steps the licence is granted.
        expect(world.edgeDelivered[e]! > 0).toBe(granted);
        out.push(granted ? 1 : 0);
      }
      return out;
    }

    it('with no review and one-step validity, lets flow through on about p of the steps, over many steps and seeds', () => {
      const runs = [1, 2, 3, 4].map(grants);
      for (const run of runs) {
        const share = run.reduce((a, b) => a + b, 0) / STEPS;
        // Binomial(300, 0.3): sd 0.026; 4 sd.
        expect(Math.abs(share - P)).toBeLessThan(0.105);
      }
      const pooled = runs.flat().reduce((a, b) => a + b, 0) / (STEPS * runs.length);
      expect(Math.abs(pooled - P)).toBeLessThan(0.055); // sd 0.013
    });

    it('grants licences deterministically per seed, and differently across seeds', () => {
      expect(grants(7)).toEqual(grants(7));
      expect(grants(7)).not.toEqual(grants(8));
    });
  });
});
