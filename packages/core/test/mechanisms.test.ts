import { describe, expect, it } from 'vitest';
import { createWorld, MECHANISMS, simulate, step, type Mechanism, type WorldSpec } from '../src/index.js';
import { twoBlocs } from './policy/fixtures.js';

/*
 * Mechanisms switched off one at a time (params.disabled), for attribution: each switch stops
 * its mechanism and nothing else.
 */

/**
 * A world where every mechanism has something to do: a fire, an announced control, a subsidy, DNM
 * rivals, and SMIC with spare capacity (even once China's phone makers turn to it), so Apple, banned from TSMC, finds a supplier to search for.
 */
function busy(disabled: Mechanism[] = []): WorldSpec {
  return twoBlocs({
    states: {
      US: { doctrine: 'DNM', rival: 'CN', hawkishness: 1 },
      CN: { doctrine: 'DNM', rival: 'US', hawkishness: 1 },
    },
    firms: { TSMC: { damage: 0.5 }, SMIC: { capacity: 150 } },
    measures: [
      {
        type: 'foreign_direct_product_rule',
        issuer: 'US',
        targets: ['CN'],
        products: ['chip'],
        deMinimis: 0.1,
        start: 2,
        announce: 0,
      },
      { type: 'subsidy', issuer: 'CN', products: ['chip'] },
      // Apple loses TSMC, its only chip supplier: it must search.
      { type: 'procurement_ban', issuer: 'US', origins: ['TW'], products: ['chip'], start: 1 },
    ],
    params: { disabled },
    // Precaution is off by default (uncalibrated); on here, so its switch has something to stop.
    policy: { precautionDays: 60, diversificationRate: 0.2 },
  });
}

const run = (disabled: Mechanism[] = [], steps = 8) => simulate(busy(disabled), { steps, seed: 1 });

describe('mechanisms switched off', () => {
  it('are all on by default, and a world lists which run', () => {
    const world = createWorld(twoBlocs(), 1);
    expect(MECHANISMS.every((m) => world.mechanisms[m])).toBe(true);
    expect(createWorld(busy(['prices', 'designOut']), 1).mechanisms).toMatchObject({
      prices: false,
      designOut: false,
      retaliation: true,
    });
  });

  it('prices: every firm keeps its base price through a fire and a control', () => {
    const { world } = run(['prices']);
    const base = createWorld(busy(['prices']), 1).firmPrice;
    expect(Array.from(world.firmPrice)).toEqual(Array.from(base));
    expect(Array.from(run().world.firmPrice)).not.toEqual(Array.from(base));
  });

  it('retaliation: no state answers, though the same world with it answers', () => {
    const answers = (disabled: Mechanism[]) =>
      run(disabled).world.policy.measures.filter((m) => m.origin === 'retaliation').length;
    expect(answers([])).toBeGreaterThan(0);
    expect(answers(['retaliation'])).toBe(0);
  });

  it('frontLoading: no buyer targets extra stock ahead of the announced rule', () => {
    const extra = (disabled: Mechanism[]) => {
      const world = createWorld(busy(disabled), 1);
      step(world);
      return Math.max(...world.slotExtraDays);
    };
    expect(extra([])).toBeGreaterThan(0);
    // (Precaution stocks up under tension too: switched off with it.)
    expect(extra(['frontLoading', 'precaution'])).toBe(0);
  });

  it('subsidies: nothing is paid', () => {
    const paid = (disabled: Mechanism[]) => {
      const world = createWorld(busy(disabled), 1);
      step(world);
      return world.policy.stateSubsidyPaid[world.stateIndex.get('CN')!]!;
    };
    expect(paid([])).toBeGreaterThan(0);
    expect(paid(['subsidies'])).toBe(0);
  });

  it('designOut, substitution, supplier and seller search, import substitution: each leaves what it moves where it was', () => {
    const { world: on } = run();
    const tsmc = on.firmIndex.get('TSMC')!;
    const off = (m: Mechanism) => run([m]).world;
    // Design-out lowers TSMC's US content under the rule; switched off, it keeps its own origin shares.
    const usContent = (world: typeof on) =>
      world.policy.firmOwnOrigin[
        tsmc * world.policy.trackedStates.length + world.policy.trackedIndex[world.stateIndex.get('US')!]!
      ]!;
    expect(usContent(off('designOut'))).toBe(usContent(createWorld(busy(), 1)));
    expect(usContent(on)).toBeLessThan(usContent(off('designOut')));
    // Substitution moves shares; switched off (with the searches, which add edges and their shares, and precaution, which moves base shares), every share stays at its base.
    const shares = run(['substitution', 'supplierSearch', 'sellerSearch', 'precaution']).world;
    expect(Array.from(shares.edgeShare.slice(0, shares.edgeBaseShare.length))).toEqual(
      Array.from(shares.edgeBaseShare),
    );
    // Searches add edges; switched off (both), the network keeps its size.
    const searchless = run(['supplierSearch', 'sellerSearch']).world;
    expect(searchless.edgeSupplier.length).toBe(createWorld(busy(), 1).edgeSupplier.length);
    // In this world every mechanism acts within 12 steps: switching any one off changes the run.
    // Supplier search is checked without seller search: SMIC, idle, finds Apple as a seller before
    // Apple searches (both would open the same route).
    const values = (disabled: Mechanism[]) =>
      run(disabled, 12)
        .metrics.rows()
        .map((r) => `${r.entity}|${r.variable}|${r.value}`)
        .join('\n');
    const full = values([]);
    for (const m of MECHANISMS) {
      if (m === 'supplierSearch') expect(values(['sellerSearch', m]) === values(['sellerSearch']), m).toBe(false);
      else expect(values([m]) === full, m).toBe(false);
    }
  });

  it('rejects an unknown mechanism, naming the nearest', () => {
    expect(() => createWorld(twoBlocs({ params: { disabled: ['price' as Mechanism] } }), 1)).toThrow(
      /params\.disabled\[0\].*did you mean "prices"/,
    );
  });
});
