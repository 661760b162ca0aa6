/**
 * A plugin instrument, with no edit to the core: data localization.
 *
 * The issuer requires that the listed data-bearing products (here, cloud
 * services) bought by its firms and households come from suppliers at home
 * or in states it deems adequate. Other foreign suppliers are blocked, or,
 * with `complianceCost` > 0, may keep selling at that tariff-equivalent cost
 * (local data centres, audits). The seeds' case: "all data on Chinese
 * citizens would be hosted on a Chinese cloud" (IGP, session 7).
 *
 *   npx tsx --conditions=source examples/embed/custom-instrument.ts
 *
 * It is also a plugin module a scenario file can name (`plugins: [./custom-instrument.ts]`,
 * see data-localization.yaml): the `instruments` export below is the plugin contract.
 */
import { pathToFileURL } from 'node:url';
import { buyerState, cachedEdges, createWorld, defineInstrument, maskOf, simulate, type MetricRow, type WorldSpec } from '@chokepoint/core';

export const dataLocalization = defineInstrument({
  type: 'data_localization',
  description:
    'Buyers in the issuer may buy the listed products only from domestic suppliers or suppliers in adequate states; others are blocked, or pay `complianceCost` as a tariff-equivalent.',
  fields: {
    products: { kind: 'products', required: true, description: 'Data-bearing products covered (cloud, data services).' },
    adequate: { kind: 'states', description: 'States whose suppliers are deemed adequate and stay free.' },
    complianceCost: {
      kind: 'number',
      min: 0,
      max: 10,
      default: 0,
      description: 'When above 0, non-adequate foreign suppliers may sell at this tariff-equivalent cost instead of being blocked.',
    },
  },
  // Aimed at no state in particular: it binds every non-adequate supplier alike.
  severity: (m) => {
    const cost = m.fields.complianceCost as number;
    return cost > 0 ? Math.min(1, cost) : 1;
  },
  restrict: (world, m) => {
    const products = maskOf(m.fields.products as Int32Array, world.productIds.length)!;
    const adequate = maskOf(m.fields.adequate as Int32Array, world.stateIds.length);
    // The candidate edges depend only on the network, so they are cached on the measure.
    const edges = cachedEdges(world, m, (e) => {
      const supplier = world.edgeSupplier[e]!;
      const from = world.firmState[supplier]!;
      if (buyerState(world, e) !== m.issuer || from === m.issuer) return false;
      if (adequate !== null && adequate[from] === 1) return false;
      return products[world.firmProduct[supplier]!] === 1;
    });
    const cost = m.fields.complianceCost as number;
    return cost > 0 ? { edges, licence: 1, tariff: cost } : { edges, licence: 0, tariff: 0 };
  },
});

/** The plugin contract: a scenario naming this module registers these instruments. */
export const instruments = [dataLocalization];

/** Cloud → apps, with US, Chinese and European cloud providers; China's app makers use all three. */
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
      { supplier: 'OVH', buyer: 'SAP', share: 0.5 },
    ],
    finalDemand: [
      { state: 'CN', product: 'app', quantity: 40, suppliers: [{ firm: 'Tencent' }] },
      { state: 'EU', product: 'app', quantity: 40, suppliers: [{ firm: 'SAP' }] },
    ],
    // Quiet the default doctrine, so the measure is the only one in force.
    policy: { forgiveness: 1, reciprocityOffer: 0 },
    measures: measure === undefined ? [] : [{ ...measure, type: 'data_localization', issuer: 'CN' }],
  };
}

/** Cloud sales by provider at the last step of a run. */
export function cloudSales(rows: readonly MetricRow[], steps: number): Record<string, number> {
  const sales: Record<string, number> = {};
  for (const r of rows) if (r.step === steps && r.variable === 'output' && ['AWS', 'Alibaba', 'OVH'].includes(r.entity)) sales[r.entity] = Math.round(r.value * 100) / 100;
  return sales;
}

function main(): void {
  const steps = 8;
  const arms: Array<[string, Record<string, unknown> | undefined]> = [
    ['no measure', undefined],
    ['localization, EU adequate', { products: ['cloud'], adequate: ['EU'], start: 2 }],
    ['compliance cost 50%', { products: ['cloud'], complianceCost: 0.5, start: 2 }],
  ];
  for (const [arm, measure] of arms) {
    // The plugin is registered for this world only: no core file changes.
    const world = createWorld(cloudWorld(measure), 'custom-instrument', { instruments: [dataLocalization] });
    console.log(arm.padEnd(28), cloudSales(simulate(world, { steps }).metrics.rows(), steps));
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
