import { describe, expect, it } from 'vitest';
import {
  createWorld,
  dataLocalization,
  selectEdges,
  simulate,
  step,
  type MeasureSpec,
  type World,
  type WorldSpec,
} from '@chokepoint/core';

/*
 * Data localization (policy/dataLocalization.ts): the issuer's buyers may buy the listed
 * data-bearing products only at home or from adequate states; other foreign suppliers are
 * blocked, or pay a compliance cost as a tariff-equivalent.
 */

/** Cloud → apps, with US, Chinese and European cloud providers; China's app maker uses all three. */
function cloudWorld(measure?: Partial<MeasureSpec>): WorldSpec {
  return {
    states: [{ id: 'US' }, { id: 'CN' }, { id: 'EU' }],
    products: [
      { id: 'cloud', price: 2 },
      { id: 'app', price: 5, recipe: [{ product: 'cloud', amount: 1 }] },
    ],
    firms: [
      { id: 'AWS', state: 'US', product: 'cloud' },
      { id: 'Alibaba', state: 'CN', product: 'cloud' },
      { id: 'OVH', state: 'EU', product: 'cloud' },
      { id: 'Tencent', state: 'CN', product: 'app' },
      { id: 'SAP', state: 'EU', product: 'app' },
    ],
    edges: [
      { supplier: 'AWS', buyer: 'Tencent', share: 0.4 },
      { supplier: 'Alibaba', buyer: 'Tencent', share: 0.4 },
      { supplier: 'OVH', buyer: 'Tencent', share: 0.2 },
      { supplier: 'AWS', buyer: 'SAP', share: 0.5 },
      { supplier: 'OVH', buyer: 'SAP', share: 0.5 },
    ],
    finalDemand: [
      { state: 'CN', product: 'app', quantity: 40, suppliers: [{ firm: 'Tencent' }] },
      { state: 'EU', product: 'app', quantity: 40, suppliers: [{ firm: 'SAP' }] },
    ],
    policy: { forgiveness: 1, reciprocityOffer: 0 },
    measures:
      measure === undefined
        ? []
        : [{ type: 'data_localization', issuer: 'CN', products: ['cloud'], ...measure } as MeasureSpec],
  };
}

const edge = (world: World, supplier: string, buyer: string): number => selectEdges(world, { supplier, buyer })[0]!;

/** Cloud sales by provider at the last step of a run. */
function cloudSales(measure: Partial<MeasureSpec> | undefined, steps: number): Record<string, number> {
  const sales: Record<string, number> = {};
  for (const r of simulate(createWorld(cloudWorld(measure), 7), { steps }).metrics.rows()) {
    if (r.step === steps && r.variable === 'output' && ['AWS', 'Alibaba', 'OVH'].includes(r.entity))
      sales[r.entity] = r.value;
  }
  return sales;
}

describe('data_localization', () => {
  it('blocks non-adequate foreign suppliers of the products to the issuer’s buyers, and nothing else; aimed at the states it binds', () => {
    const world = createWorld(cloudWorld({ adequate: ['EU'] }), 1);
    step(world);
    expect(world.edgeBlocked[edge(world, 'AWS', 'Tencent')]).toBe(1);
    expect(world.edgeBlocked[edge(world, 'OVH', 'Tencent')]).toBe(0); // adequate
    expect(world.edgeBlocked[edge(world, 'Alibaba', 'Tencent')]).toBe(0); // domestic
    expect(world.edgeBlocked[edge(world, 'AWS', 'SAP')]).toBe(0); // not the issuer's buyer
    expect(world.edgeDelivered[edge(world, 'AWS', 'Tencent')]).toBe(0);
    expect(world.policy.measures[0]!.targets.map((s) => world.stateIds[s])).toEqual(['US']);
    expect(dataLocalization.severity(world.policy.measures[0]!, world)).toBe(1);
  });

  it('with a compliance cost, charges it as a tariff-equivalent instead of blocking', () => {
    const world = createWorld(cloudWorld({ complianceCost: 0.5 }), 1);
    step(world);
    for (const supplier of ['AWS', 'OVH']) {
      expect(world.edgeBlocked[edge(world, supplier, 'Tencent')], supplier).toBe(0);
      expect(world.edgeTariff[edge(world, supplier, 'Tencent')], supplier).toBe(0.5);
    }
    expect(world.edgeTariff[edge(world, 'Alibaba', 'Tencent')]).toBe(0);
    expect(world.policy.measures[0]!.targets.map((s) => world.stateIds[s])).toEqual(['US', 'EU']);
    expect(dataLocalization.severity(world.policy.measures[0]!, world)).toBe(0.5);
  });

  it('moves the issuer’s cloud demand home', () => {
    const open = cloudSales(undefined, 8);
    const localized = cloudSales({ start: 2 }, 8);
    expect(localized.Alibaba!).toBeGreaterThan(open.Alibaba!);
    expect(localized.AWS!).toBeLessThan(open.AWS!);
    expect(localized.OVH!).toBeLessThan(open.OVH!); // the EU is not adequate here: OVH loses Tencent too
  });

  it('names a bad field with its path', () => {
    const error = (measure: Partial<MeasureSpec>): string => {
      try {
        createWorld(cloudWorld(measure), 1);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(error({ products: ['clud'] })).toMatch(
      /^measures\[0\]\.products\[0\]: expected a product id \(did you mean "cloud"\?\)/,
    );
    expect(error({ adequate: ['UE'] })).toMatch(/^measures\[0\]\.adequate\[0\]/);
    expect(error({ complianceCost: -1 })).toMatch(/^measures\[0\]\.complianceCost/);
  });
});
