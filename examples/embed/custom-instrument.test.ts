import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorldSpecError, createWorld, selectEdges, simulate, step, type World } from '@chokepoint/core';
import { cloudSales, cloudWorld, digitalServicesTax } from './custom-instrument.js';

/*
 * The digital-services-tax plugin: it works through createWorld's `instruments` option alone,
 * taxes exactly the large foreign providers of the covered services to the issuer's buyers, and
 * is validated like a built-in.
 * (CI runs this file through test/embed/embed.test.ts.)
 */

const edge = (world: World, supplier: string, buyer: string): number => selectEdges(world, { supplier, buyer })[0]!;
const withPlugin = (measure?: Record<string, unknown>, seed: number | string = 1): World =>
  createWorld(cloudWorld(measure), seed, { instruments: [digitalServicesTax] });

describe('digital_services_tax plugin', () => {
  it('needs no edit to the core: the core sources never mention it', () => {
    const coreSrc = join(import.meta.dirname, '..', '..', 'packages', 'core', 'src');
    const files = readdirSync(coreSrc, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files)
      expect(readFileSync(join(coreSrc, file), 'utf8'), file).not.toMatch(/digital_services_tax|digitalServicesTax/);
  });

  it('is unknown to a world created without it, and validated like a built-in with it', () => {
    expect(() => createWorld(cloudWorld({ products: ['cloud'], rate: 0.1 }), 1)).toThrow(WorldSpecError);
    const error = (measure: Record<string, unknown>): string => {
      try {
        withPlugin(measure);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(error({ rate: 0.1 })).toMatch(/^measures\[0\]\.products: expected/);
    expect(error({ products: ['clud'], rate: 0.1 })).toMatch(/did you mean "cloud"/);
    expect(error({ products: ['cloud'] })).toMatch(/^measures\[0\]\.rate: expected/);
    expect(error({ products: ['cloud'], rate: 0.1, threshold: -1 })).toMatch(/^measures\[0\]\.threshold/);
  });

  it('taxes the foreign providers of the products to the issuer’s buyers, those large enough, and nothing else', () => {
    const every = withPlugin({ products: ['cloud'], rate: 0.3 });
    step(every);
    expect(every.edgeTariff[edge(every, 'AWS', 'SAP')]).toBe(0.3);
    expect(every.edgeTariff[edge(every, 'Alibaba', 'SAP')]).toBe(0.3);
    expect(every.edgeTariff[edge(every, 'OVH', 'SAP')]).toBe(0); // domestic
    expect(every.edgeTariff[edge(every, 'AWS', 'Tencent')]).toBe(0); // not the issuer's buyer
    // AWS sold 36 units at 2 before the measure, Alibaba 24: a threshold of 60 covers AWS only.
    const large = withPlugin({ products: ['cloud'], rate: 0.3, threshold: 60 });
    step(large);
    expect(large.edgeTariff[edge(large, 'AWS', 'SAP')]).toBe(0.3);
    expect(large.edgeTariff[edge(large, 'Alibaba', 'SAP')]).toBe(0);
    expect(digitalServicesTax.severity(large.policy.measures[0]!, large)).toBeCloseTo(
      0.3 / large.policy.params.retaliationTariff,
      12,
    );
  });

  it('moves European cloud demand away from the taxed providers, as the script prints', () => {
    const steps = 8;
    const run = (measure?: Record<string, unknown>) =>
      cloudSales(simulate(withPlugin(measure, 'custom-instrument'), { steps }).metrics.rows(), steps);
    const open = run();
    const every = run({ products: ['cloud'], rate: 0.3, start: 2 });
    const large = run({ products: ['cloud'], rate: 0.3, threshold: 60, start: 2 });
    expect(every.AWS!).toBeLessThan(open.AWS!);
    expect(every.OVH!).toBeGreaterThan(open.OVH!);
    // With the threshold, Alibaba is exempt and gains where it lost before.
    expect(every.Alibaba!).toBeLessThan(open.Alibaba!);
    expect(large.Alibaba!).toBeGreaterThan(open.Alibaba!);
  });
});
