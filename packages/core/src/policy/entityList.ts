import { controlledEdges } from './edgeSets.js';
import { namedStates } from './exportControl.js';
import { LICENCE_APPROVAL, LICENCE_TERMS, licensingOf } from './licensing.js';
import { defineInstrument } from './types.js';

/**
 * Entity list: a firm-level denial. Issuer-state suppliers (and, with
 * `deMinimis`, foreign suppliers above it) may not sell the listed firms
 * anything, or only the listed products, without a licence.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'entity_list', issuer: 'US', entities: ['Huawei'] }] }, 1);
 * step(world);
 * const blocked = (supplier: string) => world.edgeBlocked[selectEdges(world, { supplier, buyer: 'Huawei' })[0]!];
 * console.log(entityList.type, blocked('Intel'), blocked('TSMC')); // entity_list 1 0
 * ```
 */
export const entityList = defineInstrument({
  type: 'entity_list',
  description: 'Firm-level denial: bound suppliers may not sell to the listed firms without a licence.',
  fields: {
    entities: { kind: 'firms', required: true, description: 'The listed firms.' },
    products: { kind: 'products', description: 'Products covered; all when absent.' },
    licence: LICENCE_APPROVAL,
    ...LICENCE_TERMS,
    deMinimis: {
      kind: 'number',
      min: 0,
      max: 1,
      description: 'When set, foreign suppliers whose issuer-origin content exceeds it are bound too.',
    },
  },
  targets: (world, m) => namedStates(world, new Int32Array(0), m.fields.entities as Int32Array),
  severity: (m) => 1 - (m.fields.licence as number),
  restrict: (world, m) => ({
    edges: controlledEdges(world, m, {
      products: m.fields.products as Int32Array,
      entities: m.fields.entities as Int32Array,
      technology: 0,
      deMinimis: m.fields.deMinimis as number | undefined,
    }),
    licence: m.fields.licence as number,
    tariff: 0,
    ...licensingOf(m),
  }),
});
