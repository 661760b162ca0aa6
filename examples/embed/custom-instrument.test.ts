import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorldSpecError, createWorld, selectEdges, simulate, step, type World } from '@chokepoint/core';
import { cloudSales, cloudWorld, dataLocalization } from './custom-instrument.js';

/*
 * The data-localization plugin: it works through createWorld's `instruments`
 * option alone, blocks exactly the non-adequate foreign suppliers of the
 * covered products, and is validated like a built-in.
 * (CI runs this file through test/embed/embed.test.ts.)
 */

const edge = (world: World, supplier: string, buyer: string): number => selectEdges(world, { supplier, buyer })[0]!;

describe('data_localization plugin', () => {
  it('needs no edit to the core: the core sources never mention it', () => {
    const coreSrc = join(import.meta.dirname, '..', '..', 'packages', 'core', 'src');
    const files = readdirSync(coreSrc, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(readFileSync(join(coreSrc, file), 'utf8'), file).not.toMatch(/data_localization|dataLocalization/);
  });

  it('is unknown to a world created without it, and validated like a built-in with it', () => {
    expect(() => createWorld(cloudWorld({ products: ['cloud'] }), 1)).toThrow(WorldSpecError);
    const error = (measure: Record<string, unknown>): string => {
      try {
        createWorld(cloudWorld(measure), 1, { instruments: [dataLocalization] });
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(error({ adequate: ['EU'] })).toMatch(/^measures\[0\]\.products: expected/);
    expect(error({ products: ['clud'] })).toMatch(/did you mean "cloud"/);
    expect(error({ products: ['cloud'], adequate: ['UE'] })).toMatch(/^measures\[0\]\.adequate\[0\]/);
    expect(error({ products: ['cloud'], complianceCost: -1 })).toMatch(/^measures\[0\]\.complianceCost/);
  });

  it('blocks non-adequate foreign suppliers of the products to the issuer, and nothing else', () => {
    const world = createWorld(cloudWorld({ products: ['cloud'], adequate: ['EU'] }), 1, { instruments: [dataLocalization] });
    step(world);
    expect(world.edgeBlocked[edge(world, 'AWS', 'Tencent')]).toBe(1);
    expect(world.edgeBlocked[edge(world, 'OVH', 'Tencent')]).toBe(0); // adequate
    expect(world.edgeBlocked[edge(world, 'Alibaba', 'Tencent')]).toBe(0); // domestic
    expect(world.edgeBlocked[edge(world, 'AWS', 'SAP')]).toBe(0); // not the issuer's buyer
    expect(world.edgeDelivered[edge(world, 'AWS', 'Tencent')]).toBe(0);
  });

  it('with a compliance cost, charges it as a tariff instead of blocking', () => {
    const world = createWorld(cloudWorld({ products: ['cloud'], complianceCost: 0.5 }), 1, { instruments: [dataLocalization] });
    step(world);
    for (const supplier of ['AWS', 'OVH']) {
      expect(world.edgeBlocked[edge(world, supplier, 'Tencent')], supplier).toBe(0);
      expect(world.edgeTariff[edge(world, supplier, 'Tencent')], supplier).toBe(0.5);
    }
    expect(world.edgeTariff[edge(world, 'Alibaba', 'Tencent')]).toBe(0);
    expect(dataLocalization.severity(world.policy.measures[0]!, world)).toBe(0.5);
  });

  it('moves Chinese cloud demand home, as the script prints', () => {
    const steps = 8;
    const run = (measure?: Record<string, unknown>) =>
      cloudSales(simulate(createWorld(cloudWorld(measure), 'custom-instrument', { instruments: [dataLocalization] }), { steps }).metrics.rows(), steps);
    const open = run();
    const localized = run({ products: ['cloud'], start: 2 });
    expect(localized.Alibaba!).toBeGreaterThan(open.Alibaba!);
    expect(localized.AWS!).toBeLessThan(open.AWS!);
    expect(localized.OVH!).toBeLessThan(open.OVH!); // EU not adequate here: OVH loses Tencent too
  });
});
