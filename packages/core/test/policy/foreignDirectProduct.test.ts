import { describe, expect, it } from 'vitest';
import { createWorld, originContent, step, type World, type WorldSpec } from '@chokepoint/core';
import { QUIET, edgeOf, expectedOriginContent, foundryWorld, twoBlocs } from './fixtures.js';

/*
 * Origin content, the foreign direct product rule (de minimis) and the entity
 * list. A third-country supplier is bound by the issuer's rule when its
 * issuer-origin content exceeds the de minimis threshold, and free below it.
 */

const content = (world: World, firm: string, state: string): number =>
  originContent(world, world.firmIndex.get(firm)!, world.stateIndex.get(state)!);

/** The FDPR on chips to CN, at 25% de minimis; design-out off so content stays put. */
const fdpr = (deMinimis = 0.25) => [
  { type: 'foreign_direct_product_rule', issuer: 'US', targets: ['CN'], products: ['chip'], deMinimis },
];
const NO_DESIGN_OUT = { designOutRate: 0 };

describe('origin content', () => {
  it('matches the definition in policy/content.ts for every firm of the two-bloc world', () => {
    const spec = twoBlocs({ measures: fdpr() });
    const world = createWorld(spec, 1);
    for (const firm of spec.firms) {
      for (const state of ['US', 'NL', 'JP', 'TW']) {
        expect(content(world, firm.id, state), `${firm.id} ${state}`).toBeCloseTo(
          expectedOriginContent(spec, firm.id, state),
          12,
        );
      }
    }
    // By hand for TSMC: m = 1.05/3; SME mix 0.4·0.98 + 0.4·0.196 + 0.2·0.098 = 0.49; inputs value share of SME 1/1.05.
    expect(content(world, 'TSMC', 'US')).toBeCloseTo(0.65 * 0.4 + 0.35 * (0.49 / 1.05), 12);
  });

  it('is 0 for a state whose content is not tracked (no content-based rule, no origin share)', () => {
    const world = createWorld(twoBlocs({ measures: fdpr() }), 1);
    expect(world.policy.trackedIndex[world.stateIndex.get('ROW')!]).toBe(-1);
    expect(content(world, 'GalliumROW', 'ROW')).toBe(0);
  });
});

describe('foreign_direct_product_rule', () => {
  const thirty = foundryWorld({ tsmcUS: 0.3, asmlUS: 0.3, measures: fdpr(), policy: NO_DESIGN_OUT });
  const five = foundryWorld({ tsmcUS: 0, asmlUS: 0.15, measures: fdpr(), policy: NO_DESIGN_OUT });

  it('computes TSMC’s US content as (2/3)·own + (1/3)·ASML’s, about 30% and 5%', () => {
    expect(content(createWorld(thirty, 1), 'TSMC', 'US')).toBeCloseTo(expectedOriginContent(thirty, 'TSMC', 'US'), 12);
    expect(content(createWorld(thirty, 1), 'TSMC', 'US')).toBeCloseTo(0.3, 12);
    expect(content(createWorld(five, 1), 'TSMC', 'US')).toBeCloseTo(expectedOriginContent(five, 'TSMC', 'US'), 12);
    expect(content(createWorld(five, 1), 'TSMC', 'US')).toBeCloseTo(0.05, 12);
  });

  it('binds TSMC at 30% US content: its edges to the target carry nothing, the rest flows', () => {
    const world = createWorld(thirty, 1);
    for (let t = 0; t < 10; t++) {
      step(world);
      const toHuawei = edgeOf(world, 'TSMC', 'Huawei');
      expect(world.edgeBlocked[toHuawei]).toBe(1);
      expect(world.edgeOrder[toHuawei]).toBe(0);
      expect(world.edgeDelivered[toHuawei]).toBe(0);
      expect(world.edgeDelivered[edgeOf(world, 'TSMC', 'Apple')]).toBeGreaterThan(0); // not a target buyer
      expect(world.edgeDelivered[edgeOf(world, 'SMIC', 'Huawei')]).toBeGreaterThan(0); // domestic supply is not an export
      expect(world.edgeBlocked[edgeOf(world, 'AMAT', 'SMIC')]).toBe(0); // SME is not a listed product
    }
  });

  it('leaves TSMC free at 5% US content', () => {
    const world = createWorld(five, 1);
    for (let t = 0; t < 10; t++) {
      step(world);
      const toHuawei = edgeOf(world, 'TSMC', 'Huawei');
      expect(world.edgeBlocked[toHuawei]).toBe(0);
      expect(world.edgeDelivered[toHuawei]).toBeGreaterThan(0);
    }
  });

  it('binds only strictly above the threshold', () => {
    const probe = createWorld(thirty, 1);
    const exact = content(probe, 'TSMC', 'US');
    for (const [deMinimis, blocked] of [
      [exact, 0],
      [exact - 1e-9, 1],
    ] as const) {
      const world = createWorld({ ...thirty, measures: fdpr(deMinimis) }, 1);
      step(world);
      expect(world.edgeBlocked[edgeOf(world, 'TSMC', 'Huawei')], `deMinimis ${deMinimis}`).toBe(blocked);
    }
  });

  it('reaches TSMC in the two-bloc world (42% US content) but not ASML (19.6%) or TEL (9.8%) on SME', () => {
    const spec: WorldSpec = twoBlocs({
      measures: [
        {
          type: 'foreign_direct_product_rule',
          issuer: 'US',
          targets: ['CN'],
          products: ['chip', 'sme'],
          deMinimis: 0.25,
        },
      ],
      policy: { ...QUIET, ...NO_DESIGN_OUT },
    });
    const world = createWorld(spec, 1);
    step(world);
    expect(world.edgeBlocked[edgeOf(world, 'TSMC', 'Huawei')]).toBe(1);
    expect(world.edgeBlocked[edgeOf(world, 'TSMC', 'Xiaomi')]).toBe(1);
    expect(world.edgeBlocked[edgeOf(world, 'AMAT', 'SMIC')]).toBe(1); // issuer-state supplier, bound as by an export control
    expect(world.edgeBlocked[edgeOf(world, 'ASML', 'SMIC')]).toBe(0);
    expect(world.edgeBlocked[edgeOf(world, 'TEL', 'SMIC')]).toBe(0);
    expect(world.edgeBlocked[edgeOf(world, 'TSMC', 'Apple')]).toBe(0);
  });
});

describe('entity_list', () => {
  const listed = (fields: Record<string, unknown>) =>
    twoBlocs({ measures: [{ type: 'entity_list', issuer: 'US', ...fields }], policy: { ...QUIET, ...NO_DESIGN_OUT } });
  const blockedAfterOneStep = (spec: WorldSpec): string[] => {
    const world = createWorld(spec, 1);
    step(world);
    const out: string[] = [];
    for (let e = 0; e < world.edgeSupplier.length; e++) {
      if (world.edgeBlocked[e] === 1) {
        const slot = world.edgeSlot[e]!;
        const buyer =
          slot < world.firmSlotCount
            ? world.firmIds[world.slotOwner[slot]!]
            : `final:${world.stateIds[world.finalDemandState[world.slotOwner[slot]!]!]}`;
        out.push(`${world.firmIds[world.edgeSupplier[e]!]}>${buyer}`);
      }
    }
    return out.sort();
  };

  it('without de minimis binds only issuer-state suppliers: Huawei, supplied from TW and CN, loses nothing', () => {
    expect(blockedAfterOneStep(listed({ entities: ['Huawei'] }))).toEqual([]);
  });

  it('with de minimis reaches the foreign supplier of the listed firm only, not its other buyers', () => {
    expect(blockedAfterOneStep(listed({ entities: ['Huawei'], deMinimis: 0.25 }))).toEqual(['TSMC>Huawei']);
  });

  it('denies a listed firm every bound supplier, or only the listed products', () => {
    expect(blockedAfterOneStep(listed({ entities: ['SMIC'] }))).toEqual(['AMAT>SMIC']);
    // ASML has 19.6% US content, TEL 9.8%: a 15% threshold binds ASML only.
    expect(blockedAfterOneStep(listed({ entities: ['SMIC'], deMinimis: 0.15 }))).toEqual(['AMAT>SMIC', 'ASML>SMIC']);
    expect(blockedAfterOneStep(listed({ entities: ['SMIC'], products: ['gallium'] }))).toEqual([]);
  });

  it('with a licence probability restricts without blocking', () => {
    const world = createWorld(listed({ entities: ['SMIC'], licence: 0.4 }), 1);
    step(world);
    const e = edgeOf(world, 'AMAT', 'SMIC');
    expect(world.edgeBlocked[e]).toBe(0);
    expect(world.edgeLicenceProbability[e]).toBeCloseTo(0.4, 15);
  });
});
