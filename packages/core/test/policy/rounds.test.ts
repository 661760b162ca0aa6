import { describe, expect, it } from 'vitest';
import { createWorld, isDecisionStep, previousDecisionStep, simulate, type World } from '@chokepoint/core';
import { QUIET, twoBlocs } from './fixtures.js';

/*
 * Decision rounds: doctrines decide once every policy.decisionDays (a quarter by default),
 * whatever the step length.
 */

const world = (daysPerStep: number, decisionDays?: number): World =>
  createWorld(
    twoBlocs({ params: { daysPerStep }, ...(decisionDays === undefined ? {} : { policy: { decisionDays } }) }),
    1,
  );
const rounds = (w: World, steps: number): number[] =>
  Array.from({ length: steps }, (_, t) => t).filter((t) => isDecisionStep(w, t));

describe('decision rounds', () => {
  it('fall in the step that holds each multiple of decisionDays: every step at quarterly steps, every 3rd monthly, every 13th weekly', () => {
    expect(rounds(world(365.25 / 4), 6)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rounds(world(365.25 / 12), 13)).toEqual([0, 3, 6, 9, 12]);
    // 91.3125 days into weekly steps: day 91.3 falls in step 13 ([91, 98)), day 182.6 in step 26, day 365.25 in step 52.
    expect(rounds(world(7), 53)).toEqual([0, 13, 26, 39, 52]);
    // Steps longer than a round decide every step; a round of 30 days at daily steps, every 30th.
    expect(rounds(world(365.25), 3)).toEqual([0, 1, 2]);
    expect(rounds(world(1, 30), 61)).toEqual([0, 30, 60]);
  });

  it('know the round before', () => {
    const weekly = world(7);
    expect([0, 1, 13, 14, 26].map((t) => previousDecisionStep(weekly, t))).toEqual([-1, 0, 0, 13, 13]);
  });

  it('a DNM state answers a measure at the first round after it starts, and lifts its answer at the first round after it ends', () => {
    // Monthly steps: a US tariff on CN in force from month 4 to month 16. CN answers at the round of month 6, lifts at month 18.
    const tariff = { type: 'tariff', issuer: 'US', rate: 0.5, from: ['CN'], start: 4, end: 16 };
    const spec = twoBlocs({
      states: { CN: { doctrine: 'DNM' } },
      phoneThreat: null,
      measures: [tariff],
      policy: QUIET,
      params: { daysPerStep: 365.25 / 12 },
    });
    const w = simulate(spec, { steps: 24, seed: 1 }).world;
    const answers = w.policy.measures.filter((m) => m.origin === 'retaliation');
    expect(answers.map((m) => [w.stateIds[m.issuer], m.answers, m.start, m.end])).toEqual([['CN', 'tariff-1', 6, 18]]);
  });

  it('make a doctrine act as often a year at weekly as at quarterly steps: the NLG offers to lift an answer come once a round', () => {
    // CN (NLG, never forgiving) answers the tariff; every round it offers to lift it (reciprocityOffer 1), and answers again the next.
    const measuresIn = (daysPerStep: number, steps: number) => {
      const start = Math.round(91.3125 / daysPerStep);
      const tariff = { type: 'tariff', issuer: 'US', rate: 0.5, from: ['CN'], start, end: steps };
      const spec = twoBlocs({
        phoneThreat: null,
        measures: [tariff],
        policy: { forgiveness: 0, reciprocityOffer: 1 },
        params: { daysPerStep },
      });
      return simulate(spec, { steps, seed: 1 }).world.policy.measures.filter((m) => m.origin === 'retaliation').length;
    };
    expect(measuresIn(7, 52)).toBe(measuresIn(365.25 / 4, 4));
    expect(measuresIn(7, 52)).toBeGreaterThan(0);
  });

  it('rejects a round of zero days', () => {
    expect(() => world(7, 0)).toThrow('policy.decisionDays: expected a number of days > 0, received 0');
  });
});
