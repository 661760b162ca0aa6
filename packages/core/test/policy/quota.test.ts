import { describe, expect, it } from 'vitest';
import {
  applyMeasures,
  createWorld,
  placeOrders,
  applyQuotas,
  simulate,
  step,
  type MeasureSpec,
  type World,
} from '@chokepoint/core';
import { QUIET, baseVolume, twoBlocs } from './fixtures.js';

/*
 * Export quotas (policy/quota.ts): a cap on the volume of the issuer's exports of the listed
 * products, as a share of their steady-state volume, applied to orders.
 */

const quotaWorld = (measure: Partial<MeasureSpec> = {}): World =>
  createWorld(
    twoBlocs({
      measures: [{ type: 'export_quota', issuer: 'CN', products: ['gallium'], share: 0.5, ...measure }],
      policy: QUIET,
    }),
    1,
  );

/** GalliumCN's cross-border edges, and each one's steady-state volume. */
function covered(world: World): Array<{ e: number; base: number; to: string }> {
  const out = [];
  for (let e = 0; e < world.edgeSupplier.length; e++) {
    if (world.firmIds[world.edgeSupplier[e]!] !== 'GalliumCN' || world.edgeForeign[e] !== 1) continue;
    // Gallium buyers are firms: the steady-state volume is the edge's base share of its buyer's base need.
    out.push({
      e,
      base: baseVolume(world, e),
      to: world.stateIds[world.firmState[world.slotOwner[world.edgeSlot[e]!]!]!]!,
    });
  }
  return out;
}

/** Orders this step, before and after the quota. */
function orders(world: World): { before: Float64Array; after: Float64Array; unplaced: Float64Array } {
  applyMeasures(world);
  placeOrders(world);
  const before = world.edgeOrder.slice();
  const unplacedBefore = world.slotUnplaced.slice();
  applyQuotas(world);
  const unplaced = world.slotUnplaced.map((u, s) => u - unplacedBefore[s]!);
  return { before, after: world.edgeOrder.slice(), unplaced };
}

describe('export_quota', () => {
  it('caps the covered exports at share × their steady-state volume, pro rata to orders', () => {
    const world = quotaWorld();
    // Orders above the steady state (an inventory build-up), so the cap binds.
    for (let s = 0; s < world.slotStock.length; s++) world.slotStock[s] = 0;
    const edges = covered(world);
    expect(edges.map((c) => c.to).sort()).toEqual(['JP', 'NL', 'TW', 'US']);
    const { before, after, unplaced } = orders(world);
    const cap = 0.5 * edges.reduce((sum, c) => sum + c.base, 0);
    const total = edges.reduce((sum, c) => sum + after[c.e]!, 0);
    expect(total).toBeCloseTo(cap, 9);
    const factor = cap / edges.reduce((sum, c) => sum + before[c.e]!, 0);
    for (const { e } of edges) expect(after[e]).toBeCloseTo(before[e]! * factor, 12);
    // What was cut is need the buyers could not place, and no longer the supplier's demand.
    for (const { e } of edges) expect(unplaced[world.edgeSlot[e]!]).toBeCloseTo(before[e]! - after[e]!, 12);
    const supplier = world.firmIndex.get('GalliumCN')!;
    let demand = 0;
    for (let e = 0; e < world.edgeSupplier.length; e++) if (world.edgeSupplier[e] === supplier) demand += after[e]!;
    expect(world.firmDemand[supplier]).toBeCloseTo(demand, 9);
    // The domestic edge (to SMIC) is not covered.
    const smic = world.edgeSupplier.findIndex((s, e) => s === supplier && world.edgeForeign[e] === 0);
    expect(after[smic]).toBe(before[smic]);
  });

  it('historical allocation caps each buyer at share × its own steady-state volume', () => {
    const world = quotaWorld({ allocation: 'historical' });
    for (let s = 0; s < world.slotStock.length; s++) world.slotStock[s] = 0;
    const { before, after } = orders(world);
    for (const { e, base } of covered(world)) expect(after[e]).toBeCloseTo(Math.min(before[e]!, 0.5 * base), 12);
  });

  it('per target, each target state has its own cap', () => {
    const world = quotaWorld({ per: 'target', share: 0.3 });
    for (let s = 0; s < world.slotStock.length; s++) world.slotStock[s] = 0;
    const { after } = orders(world);
    const edges = covered(world);
    for (const to of ['JP', 'NL', 'TW', 'US']) {
      const group = edges.filter((c) => c.to === to);
      const sent = group.reduce((sum, c) => sum + after[c.e]!, 0);
      expect(sent, to).toBeLessThanOrEqual(0.3 * group.reduce((sum, c) => sum + c.base, 0) + 1e-9);
    }
  });

  it('a quota of 1 at the steady state cuts nothing; the quota shows as shortage downstream and as restricted trade', () => {
    const free = simulate(quotaWorld({ share: 1 }), { steps: 4, seed: 1 }).world;
    const none = simulate(createWorld(twoBlocs({ policy: QUIET }), 1), { steps: 4, seed: 1 }).world;
    expect(Array.from(free.firmOutput)).toEqual(Array.from(none.firmOutput));
    const { world, metrics } = simulate(quotaWorld({ share: 0.4 }), { steps: 4, seed: 1 });
    const amat = world.firmIndex.get('AMAT')!;
    expect(world.firmOutput[amat]).toBeLessThan(none.firmOutput[amat]!);
    // Escalation reads a quota as a licence approving its share: it closes 60% of the covered trade.
    const restricted = metrics
      .rows()
      .find((r) => r.step === 1 && r.entity === 'CN' && r.variable === 'restricted_trade')!.value;
    const covers = covered(world).reduce(
      (sum, c) => sum + c.base * world.productPrice[world.productIndex.get('gallium')!]!,
      0,
    );
    expect(restricted).toBeCloseTo(0.6 * covers, 9);
  });

  it('is a built-in instrument with checked fields', () => {
    expect(() => quotaWorld({ share: 1.5 })).toThrow(/share/);
    expect(() => quotaWorld({ per: 'state' as never })).toThrow(/per/);
    const world = quotaWorld();
    step(world);
    expect(world.policy.quotas).toHaveLength(1);
  });
});
