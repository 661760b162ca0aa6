import { describe, expect, it } from 'vitest';
import { createWorld, setBlocked, simulate, step, type RationingRule, type World } from '@chokepoint/core';
import { QUIET, edgeOf, series, twoBlocs } from './fixtures.js';

/*
 * A blocked edge never carries flow, whatever blocked it (a measure, or the
 * base permissions set directly), under every rationing rule, while measures
 * start and end and supplier search grows the network.
 */

const RULES: readonly RationingRule[] = ['proportional', 'priority', 'random'];

function expectBlockedCarryNothing(world: World, label: string): number {
  let blocked = 0;
  for (let e = 0; e < world.edgeBlocked.length; e++) {
    if (world.edgeBlocked[e] !== 1) continue;
    blocked++;
    expect(world.edgeOrder[e], `${label}: order on blocked edge ${e}`).toBe(0);
    expect(world.edgeDelivered[e], `${label}: delivery on blocked edge ${e}`).toBe(0);
  }
  return blocked;
}

describe('blocked edges', () => {
  it('carry nothing, under every rationing rule, with measures starting and ending', () => {
    for (const rationing of RULES) {
      const spec = twoBlocs({
        params: { rationing },
        policy: QUIET,
        measures: [
          { type: 'export_control', issuer: 'US', targets: ['CN'], products: ['sme'], start: 1, end: 12 },
          { type: 'foreign_direct_product_rule', issuer: 'US', targets: ['CN'], products: ['chip'], start: 3 },
          {
            type: 'mineral_export_licensing',
            issuer: 'CN',
            products: ['gallium'],
            targets: ['US', 'JP'],
            start: 5,
            end: 9,
          },
          { type: 'procurement_ban', issuer: 'US', origins: ['CN'], products: ['phone'], grace: 2, start: 2 },
          { type: 'market_access_denial', issuer: 'CN', firms: ['Apple'], start: 6 },
        ],
      });
      const world = createWorld(spec, 3);
      // Damage forces suppliers to ration, so the rationing rule matters.
      world.firmDamage[world.firmIndex.get('ASML')!] = 0.5;
      let blocked = 0;
      for (let t = 0; t < 25; t++) {
        step(world);
        blocked += expectBlockedCarryNothing(world, `${rationing}, step ${t}`);
      }
      expect(blocked).toBeGreaterThan(25);
    }
  });

  it('stay blocked when set directly, even after a measure covering them ends; a measure’s own blocks lift with it', () => {
    const world = createWorld(
      twoBlocs({
        policy: QUIET,
        measures: [{ type: 'export_control', issuer: 'US', targets: ['CN'], start: 0, end: 3 }],
      }),
      1,
    );
    setBlocked(world, [edgeOf(world, 'AMAT', 'SMIC')], true);
    for (let t = 0; t < 6; t++) {
      step(world);
      expect(world.edgeBlocked[edgeOf(world, 'AMAT', 'SMIC')], `step ${t}`).toBe(1);
      expect(world.edgeDelivered[edgeOf(world, 'AMAT', 'SMIC')]).toBe(0);
      expect(world.edgeBlocked[edgeOf(world, 'Apple', { final: 'CN' })], `step ${t}`).toBe(t < 3 ? 1 : 0);
    }
  });

  it('leave no trade between the states they separate', () => {
    const rows = simulate(
      twoBlocs({ policy: QUIET, measures: [{ type: 'export_control', issuer: 'US', targets: ['CN'] }] }),
      { steps: 6, seed: 1 },
    ).metrics.rows();
    expect(series(rows, 'US>CN:sme', 'trade_value')).toEqual([0, 0, 0, 0, 0, 0]);
    expect(series(rows, 'US>CN:phone', 'trade_value')).toEqual([0, 0, 0, 0, 0, 0]);
    expect(series(rows, 'US>ROW:phone', 'trade_value').every((v) => v > 0)).toBe(true);
  });
});
