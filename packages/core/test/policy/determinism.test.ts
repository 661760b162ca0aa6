import { describe, expect, it } from 'vitest';
import { simulate, type MetricsTable, type WorldSpec } from '@chokepoint/core';
import { twoBlocs } from './fixtures.js';

/*
 * Determinism with the policy layer active: the same spec and seed give
 * identical metrics; different seeds differ exactly when something draws a
 * random number that matters (hawkishness in (0, 1), licences, forgiveness).
 */

const STEPS = 20;

/** DNM–DNM rivals in an alliance with DNM and NLG members, a licensed control and random rationing. */
function active(hawkishness: number, random: boolean): WorldSpec {
  return twoBlocs({
    states: {
      US: { doctrine: 'DNM', rival: 'CN', hawkishness },
      CN: { doctrine: 'DNM', rival: 'US', hawkishness, switching: 'politics' },
      JP: { doctrine: 'DNM' },
      NL: { switching: random ? 'imitation' : 'none' },
    },
    alliances: [{ id: 'sme', members: ['US', 'JP', 'NL'] }],
    measures: [
      { type: 'export_control', issuer: 'JP', targets: ['CN'], products: ['sme'], licence: random ? 0.5 : 0, start: 3 },
    ],
    // Seller search is off in the draw-free variant: a seller that lost a market could open a new route
    // under a procurement ban's grace period, whose licences are drawn.
    params: { rationing: random ? 'random' : 'proportional', sellerSearch: random },
    // In the draw-free variant retaliations close all they can (licence 0, or the capped tariff):
    // an answer sized to a part of the trade is a licence, decided by a draw.
    policy: random ? {} : { forgiveness: 1, reciprocityOffer: 0, retaliationProportionality: 1e6 },
  });
}

const columns = (table: MetricsTable) => {
  const rows = table.rows();
  return {
    step: rows.map((r) => r.step),
    entity: rows.map((r) => r.entity),
    variable: rows.map((r) => r.variable),
    value: rows.map((r) => r.value),
  };
};
const measureLog = (spec: WorldSpec, seed: number) =>
  simulate(spec, { steps: STEPS, seed }).world.policy.measures.map(
    (m) => `${m.issuer}:${m.type}:${m.origin}:${m.start}-${m.end}`,
  );

describe('determinism with the policy layer active', () => {
  it('gives identical metrics for the same spec and seed', () => {
    const spec = active(0.5, true);
    const a = simulate(spec, { steps: STEPS, seed: 'policy-42' });
    const b = simulate(spec, { steps: STEPS, seed: 'policy-42' });
    expect(a.metrics.length).toBeGreaterThan(0);
    expect(columns(a.metrics)).toEqual(columns(b.metrics));
    expect(a.world.policy.measures.length).toBeGreaterThan(1);
  });

  it('gives different metrics and decisions for different seeds when doctrines draw random numbers', () => {
    const spec = active(0.5, true);
    const base = simulate(spec, { steps: STEPS, seed: 1 });
    for (const seed of [2, 3])
      expect(columns(simulate(spec, { steps: STEPS, seed }).metrics).value).not.toEqual(columns(base.metrics).value);
    // Hawkishness 0.5: whether and when DNM acts depends on the seed.
    const logs = [1, 2, 3, 4, 5].map((seed) => measureLog(spec, seed).join(' '));
    expect(new Set(logs).size).toBeGreaterThan(1);
  });

  it('gives the same metrics for every seed when no draw can change an outcome (hawkishness 1, no licences, no forgiveness draws)', () => {
    const spec = active(1, false);
    const a = simulate(spec, { steps: STEPS, seed: 1 });
    const b = simulate(spec, { steps: STEPS, seed: 2 });
    expect(a.world.policy.measures.length).toBeGreaterThan(2);
    expect(columns(a.metrics)).toEqual(columns(b.metrics));
  });
});
