/**
 * A plugin instrument, with no edit to the core: a digital services tax.
 *
 * The issuer taxes the revenue foreign providers of the listed digital services earn from its
 * buyers, at `rate`, but only providers whose sales before the measure reach `threshold`: the
 * large platforms, as France's 2019 tax (3% of the French revenue of firms with EUR 750 million of
 * revenue worldwide) does. Like a tariff, it is passed on to the buyers and is the issuer's
 * revenue; unlike one, it covers firms by their size, not states by their origin.
 *
 *   npx tsx --conditions=source examples/embed/custom-instrument.ts
 *
 * It is also a plugin module a scenario file can name (`plugins: [./custom-instrument.ts]`,
 * see digital-services-tax.yaml): the `instruments` export below is the plugin contract.
 * (Data localization, this example's instrument before, is now built in: `data_localization`.)
 */
import { pathToFileURL } from 'node:url';
import {
  buyerState,
  cachedEdges,
  createWorld,
  defineInstrument,
  maskOf,
  simulate,
  type MetricRow,
  type WorldSpec,
} from '@chokepoint/core';

export const digitalServicesTax = defineInstrument({
  type: 'digital_services_tax',
  description:
    "Taxes the revenue large foreign providers of the listed digital services earn from the issuer's buyers, passed on like a tariff.",
  fields: {
    products: { kind: 'products', required: true, description: 'Digital services covered (cloud, platforms).' },
    rate: {
      kind: 'number',
      required: true,
      min: 0,
      max: 1,
      description: 'Tax rate on the covered revenue (0.03 = 3%).',
    },
    threshold: {
      kind: 'number',
      min: 0,
      default: 0,
      description:
        'A provider is covered when its sales before the measure (base orders × base price) reach this; 0 covers every foreign provider.',
    },
  },
  // Aimed at every foreign state, as a tariff without `from` is.
  targets: (world, m) => world.stateIds.map((_, s) => s).filter((s) => s !== m.issuer),
  severity: (m, world) => Math.min(1, (m.fields.rate as number) / world.policy.params.retaliationTariff),
  restrict: (world, m) => {
    const products = maskOf(m.fields.products as Int32Array, world.productIds.length)!;
    const threshold = m.fields.threshold as number;
    // Covered: foreign providers of the products to the issuer's buyers whose sales at the steady
    // state (base orders × base price: the revenue a tax year before the measure) reach the
    // threshold. It depends only on the network, so it is cached on the measure.
    const edges = cachedEdges(world, m, (e) => {
      const f = world.edgeSupplier[e]!;
      const k = world.firmProduct[f]!;
      if (buyerState(world, e) !== m.issuer || world.firmState[f] === m.issuer || products[k] !== 1) return false;
      return world.firmBaseDemand[f]! * world.productPrice[k]! >= threshold;
    });
    return { edges, licence: 1, tariff: m.fields.rate as number };
  },
});

/** The plugin contract: a scenario naming this module registers these instruments. */
export const instruments = [digitalServicesTax];

/** Cloud → apps, with US, Chinese and European cloud providers; China's and Europe's app makers buy from all three and two of them. */
export function cloudWorld(measure?: Record<string, unknown>): WorldSpec {
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
      { supplier: 'OVH', buyer: 'SAP', share: 0.3 },
      { supplier: 'Alibaba', buyer: 'SAP', share: 0.2 },
    ],
    finalDemand: [
      { state: 'CN', product: 'app', quantity: 40, suppliers: [{ firm: 'Tencent' }] },
      { state: 'EU', product: 'app', quantity: 40, suppliers: [{ firm: 'SAP' }] },
    ],
    // Quiet the default doctrine, so the measure is the only one in force.
    policy: { forgiveness: 1, reciprocityOffer: 0 },
    measures: measure === undefined ? [] : [{ type: 'digital_services_tax', issuer: 'EU', ...measure }],
  };
}

/** Cloud sales (revenue: output × price) by provider at the last step of a run. */
export function cloudSales(rows: readonly MetricRow[], steps: number): Record<string, number> {
  const sales: Record<string, number> = {};
  for (const r of rows)
    if (r.step === steps && r.variable === 'revenue' && ['AWS', 'Alibaba', 'OVH'].includes(r.entity))
      sales[r.entity] = Math.round(r.value * 100) / 100;
  return sales;
}

function main(): void {
  const steps = 8;
  const arms: Array<[string, Record<string, unknown> | undefined]> = [
    ['no measure', undefined],
    ['EU tax 30%, every provider', { products: ['cloud'], rate: 0.3, start: 2 }],
    ['EU tax 30%, sales >= 60 only', { products: ['cloud'], rate: 0.3, threshold: 60, start: 2 }],
  ];
  for (const [arm, measure] of arms) {
    // The plugin is registered for this world only: no core file changes.
    const world = createWorld(cloudWorld(measure), 'custom-instrument', { instruments: [digitalServicesTax] });
    console.log(arm.padEnd(30), cloudSales(simulate(world, { steps }).metrics.rows(), steps));
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
