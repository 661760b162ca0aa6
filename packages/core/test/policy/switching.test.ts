import { describe, expect, it } from 'vitest';
import { createWorld, DEFAULT_POLICY_PARAMS, step, type MeasureSpec, type WorldSpec } from '@chokepoint/core';
import { FROZEN_CAPABILITY, QUIET, twoBlocs } from './fixtures.js';

/*
 * Doctrine switching. Domestic politics: hawkishness h rises with
 * retaliation suffered and relative-gain loss, relaxes toward h₀, and h ≥ 0.65
 * makes a state DNM. Imitation: a state adopts the doctrine of a random other
 * state with the Fermi probability 1 / (1 + exp(−β (π_j − π_i))).
 */

describe('domestic politics', () => {
  // The US (NLG, never retaliating) puts n tariffs on Chinese phones at step 0; CN (DNM) answers
  // each at step 1 (each adds duty on what the ones before it left, well above answerThreshold).
  const provoked = (n: number, politicsRetaliation?: number): WorldSpec => {
    const tariffs: MeasureSpec[] = Array.from({ length: n }, () => ({
      type: 'tariff',
      issuer: 'US',
      rate: 0.1,
      from: ['CN'],
      products: ['phone'],
    }));
    return twoBlocs({
      states: { US: { switching: 'politics' }, CN: { doctrine: 'DNM' } },
      phoneThreat: null,
      measures: tariffs,
      policy: { ...QUIET, ...(politicsRetaliation === undefined ? {} : { politicsRetaliation }) },
    });
  };

  it('switches an NLG state to DNM after enough retaliation suffered', () => {
    const world = createWorld(provoked(6), 1);
    const us = world.stateIndex.get('US')!;
    const { politicsRetaliation } = world.policy.params;
    step(world);
    expect(world.policy.stateDoctrine[us]).toBe('NLG');
    expect(world.policy.stateHawkishness[us]).toBe(0.5);
    step(world);
    expect(world.policy.stateRetaliationsSuffered[us]).toBe(6);
    expect(world.policy.stateHawkishness[us]).toBeCloseTo(0.5 + politicsRetaliation * 6, 12);
    expect(world.policy.stateDoctrine[us]).toBe('DNM');
  });

  it('keeps it NLG below the threshold, and hawkishness relaxes back toward its initial value', () => {
    const world = createWorld(provoked(2), 1);
    const us = world.stateIndex.get('US')!;
    const { politicsRetaliation, politicsDecay } = world.policy.params;
    step(world);
    step(world);
    const h1 = 0.5 + politicsRetaliation * 2;
    expect(world.policy.stateHawkishness[us]).toBeCloseTo(h1, 12);
    expect(world.policy.stateDoctrine[us]).toBe('NLG');
    step(world);
    expect(world.policy.stateHawkishness[us]).toBeCloseTo(h1 - politicsDecay * (h1 - 0.5), 12);
  });

  it('raises hawkishness with relative-gain loss to the rival', () => {
    // The US (NLG, politics) watches CN, whose chip capability grows toward Intel's.
    const world = createWorld(
      twoBlocs({
        usChips: true,
        states: { US: { switching: 'politics', rival: 'CN' } },
        phoneThreat: null,
        policy: QUIET,
      }),
      1,
    );
    const us = world.stateIndex.get('US')!;
    step(world);
    const loss = world.policy.stateRelativeGainLoss[us]!;
    expect(loss).toBeGreaterThan(0);
    expect(world.policy.stateHawkishness[us]).toBeCloseTo(0.5 + world.policy.params.politicsRelativeGain * loss, 12);
  });

  it('turns a DNM state NLG once its hawkishness is at most 0.35', () => {
    const dove = (hawkishness: number) => {
      const world = createWorld(
        twoBlocs({ states: { JP: { doctrine: 'DNM', switching: 'politics', hawkishness } }, policy: QUIET }),
        1,
      );
      step(world);
      return world.policy.stateDoctrine[world.stateIndex.get('JP')!];
    };
    expect(dove(0.35)).toBe('NLG');
    expect(dove(0.5)).toBe('DNM'); // hysteresis: between the thresholds nothing changes
  });

  it('does not react to retaliation when its weight is 0', () => {
    const world = createWorld(provoked(6, 0), 1);
    for (let t = 0; t < 4; t++) step(world);
    expect(world.policy.stateDoctrine[world.stateIndex.get('US')!]).toBe('NLG');
  });

  it('never switches a state whose rule is none', () => {
    const spec = provoked(6);
    spec.states[0] = { id: 'US' };
    const world = createWorld(spec, 1);
    for (let t = 0; t < 4; t++) step(world);
    expect(world.policy.stateDoctrine[world.stateIndex.get('US')!]).toBe('NLG');
  });
});

describe('imitation', () => {
  /**
   * Two states, each with one maker serving its own households. A's maker is
   * half destroyed, so A's payoff (real income relative to the steady state,
   * no rival so no relative term) falls to about 0.5 while B's stays 1. A is
   * NLG and B DNM; both imitate.
   */
  const pair = (beta: number): WorldSpec => ({
    states: [
      { id: 'A', doctrine: 'NLG', switching: 'imitation' },
      { id: 'B', doctrine: 'DNM', switching: 'imitation' },
    ],
    products: [{ id: 'good' }],
    firms: [
      { id: 'a', state: 'A', product: 'good', damage: 0.5 },
      { id: 'b', state: 'B', product: 'good' },
    ],
    finalDemand: [
      { state: 'A', product: 'good', quantity: 10, suppliers: [{ firm: 'a' }] },
      { state: 'B', product: 'good', quantity: 10, suppliers: [{ firm: 'b' }] },
    ],
    policy: { imitationBeta: beta },
  });

  it('makes a state adopt the doctrine of a higher-payoff state when β is high, and never the reverse', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const world = createWorld(pair(100), seed);
      step(world);
      const payoff = (s: number) => world.policy.statePayoff[s]!;
      expect(payoff(0)).toBeLessThan(0.6);
      expect(payoff(1)).toBeCloseTo(1, 9);
      expect(world.policy.stateDoctrine).toEqual(['DNM', 'DNM']);
    }
  });

  it('switches about half the time when β = 0 (payoffs do not matter)', () => {
    const SEEDS = 200;
    let switched = 0;
    for (let seed = 0; seed < SEEDS; seed++) {
      const world = createWorld(pair(0), seed);
      step(world);
      if (world.policy.stateDoctrine[0] === 'DNM') switched++;
    }
    // Binomial(200, 0.5): sd 0.035; 4 sd.
    expect(Math.abs(switched / SEEDS - 0.5)).toBeLessThan(0.14);
  });

  it('reads a payoff of real income plus θ × relative capability: DNM values a lead over its rival, NLG does not', () => {
    // Intel (US) is at the frontier in chips, SMIC (CN) at 0.7: the US leads by 0.3 of the frontier in the one strategic product both make.
    const payoffOf = (doctrine: string, policy = {}) => {
      const world = createWorld(
        twoBlocs({
          usChips: true,
          states: {
            US: { doctrine, rival: 'CN', switching: 'imitation', hawkishness: 0, budget: 0 },
            CN: { rival: 'US' },
          },
          phoneThreat: null,
          policy: { ...QUIET, ...FROZEN_CAPABILITY, ...policy },
        }),
        1,
      );
      step(world);
      const us = world.stateIndex.get('US')!;
      return { payoff: world.policy.statePayoff[us]!, lead: world.policy.stateRelativeCapability[us]! };
    };
    const nlg = payoffOf('NLG');
    const dnm = payoffOf('DNM');
    expect(nlg.lead).toBeCloseTo(0.3, 12);
    expect(dnm.payoff - nlg.payoff).toBeCloseTo(world0Weight() * 0.3, 9);
    // θ is a parameter: NLG with θ = 2 values the lead twice as much as DNM's default.
    expect(payoffOf('NLG', { nlgRelativeGainWeight: 2 }).payoff - nlg.payoff).toBeCloseTo(0.6, 9);
  });
});

/** DNM's default θ. */
function world0Weight(): number {
  return DEFAULT_POLICY_PARAMS.dnmRelativeGainWeight;
}
