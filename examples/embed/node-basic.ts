/**
 * Embedding the core in Node: build a world in code, run it, read the metrics.
 *
 * The US faces a DNM China under each of the three built-in doctrines; the
 * script prints, for each, the measures adopted, the escalation index, both
 * sides' welfare and China's chip capability after five years.
 *
 *   npx tsx --conditions=source examples/embed/node-basic.ts          # a table
 *   npx tsx --conditions=source examples/embed/node-basic.ts --json   # the same, as JSON
 */
import { simulate, type MetricRow, type WorldSpec } from '@chokepoint/core';

/** Gallium → chips → phones, made in the US, China and Taiwan; the US doctrine is the experiment. */
function chipWorld(usDoctrine: string): WorldSpec {
  return {
    states: [
      { id: 'US', doctrine: usDoctrine, rival: 'CN', hawkishness: 1 },
      { id: 'CN', doctrine: 'DNM', rival: 'US', hawkishness: 0.5 },
      { id: 'TW' },
    ],
    products: [
      { id: 'gallium' },
      { id: 'chip', price: 3, strategic: true, recipe: [{ product: 'gallium', amount: 0.1 }] },
      { id: 'phone', price: 10, recipe: [{ product: 'chip', amount: 1 }] },
    ],
    firms: [
      { id: 'GalliumCN', state: 'CN', product: 'gallium' },
      { id: 'Intel', state: 'US', product: 'chip' },
      { id: 'TSMC', state: 'TW', product: 'chip', origin: { TW: 0.7, US: 0.3 } },
      { id: 'SMIC', state: 'CN', product: 'chip', capability: 0.6 },
      { id: 'Apple', state: 'US', product: 'phone' },
      { id: 'Huawei', state: 'CN', product: 'phone' },
    ],
    edges: [
      { supplier: 'GalliumCN', buyer: 'Intel' },
      { supplier: 'GalliumCN', buyer: 'TSMC' },
      { supplier: 'GalliumCN', buyer: 'SMIC' },
      { supplier: 'Intel', buyer: 'Apple', share: 0.6 },
      { supplier: 'TSMC', buyer: 'Apple', share: 0.4 },
      { supplier: 'Intel', buyer: 'Huawei', share: 0.3 },
      { supplier: 'TSMC', buyer: 'Huawei', share: 0.5 },
      { supplier: 'SMIC', buyer: 'Huawei', share: 0.2 },
    ],
    finalDemand: [
      {
        state: 'US',
        product: 'phone',
        quantity: 30,
        suppliers: [
          { firm: 'Apple', share: 0.8 },
          { firm: 'Huawei', share: 0.2 },
        ],
      },
      {
        state: 'CN',
        product: 'phone',
        quantity: 50,
        suppliers: [
          { firm: 'Apple', share: 0.3 },
          { firm: 'Huawei', share: 0.7 },
        ],
      },
      { state: 'TW', product: 'phone', quantity: 10, suppliers: [{ firm: 'Apple' }] },
    ],
  };
}

const STEPS = 20; // quarters

/** The value of one metric at the last step. */
const last = (rows: readonly MetricRow[], entity: string, variable: string): number =>
  rows.find((r) => r.step === STEPS && r.entity === entity && r.variable === variable)?.value ?? Number.NaN;

const summary = ['DNM', 'NLG', 'DERISK'].map((doctrine) => {
  const result = simulate(chipWorld(doctrine), { steps: STEPS, seed: 'node-basic' });
  const rows = result.metrics.rows(); // tidy rows: { step, entityKind, entity, variable, value }
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    doctrine,
    measures: result.world.policy.measures.length,
    escalation: round(last(rows, 'world', 'escalation_index')),
    welfareUS: round(last(rows, 'US', 'welfare')),
    welfareCN: round(last(rows, 'CN', 'welfare')),
    chipCapabilityCN: round(last(rows, 'CN:chip', 'capability')),
  };
});

if (process.argv.includes('--json')) console.log(JSON.stringify(summary));
else console.table(summary);
