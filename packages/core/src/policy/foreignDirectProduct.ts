import { controlledEdges } from './edgeSets.js';
import { controlTargets, requireTargetsOrEntities, withEndUsers } from './exportControl.js';
import { LICENCE_APPROVAL, LICENCE_TERMS, licensingOf } from './licensing.js';
import { defineInstrument } from './types.js';

/**
 * Foreign direct product rule with a de minimis threshold: the issuer's
 * control reaches suppliers abroad. A third-country supplier is bound when
 * its issuer-origin content (tracked per firm through the supply network)
 * exceeds `deMinimis`, and free below it. Issuer-state suppliers are bound
 * as under an ordinary export control.
 *
 * @example
 * ```ts
 * // TSMC's chips are 29% US-origin, above the default de minimis of 25%: the rule binds it.
 * const world = createWorld({ ...spec, measures: [{ type: 'foreign_direct_product_rule', issuer: 'US', targets: ['CN'], products: ['chip'] }] }, 1);
 * step(world);
 * const blocked = (supplier: string, buyer: string) => world.edgeBlocked[selectEdges(world, { supplier, buyer })[0]!];
 * console.log(foreignDirectProductRule.type, blocked('TSMC', 'Huawei'), blocked('TSMC', 'Apple')); // foreign_direct_product_rule 1 0
 * ```
 */
export const foreignDirectProductRule = defineInstrument({
  type: 'foreign_direct_product_rule',
  description:
    'Extends an export control to foreign suppliers whose issuer-origin content exceeds the de minimis threshold.',
  fields: {
    targets: { kind: 'states', description: 'Target states.' },
    entities: { kind: 'firms', description: 'Listed firms.' },
    products: { kind: 'products', description: 'Products covered; all when absent.' },
    technology: {
      kind: 'number',
      min: 0,
      max: 1,
      default: 0,
      description: 'Technology threshold, as a share of the frontier.',
    },
    licence: LICENCE_APPROVAL,
    entityLicence: {
      kind: 'number',
      min: 0,
      max: 1,
      description:
        'Approval probability for the listed `entities` (an end-user class: 0 = presumption of denial for them), where it differs from `licence`; default `licence`.',
    },
    ...LICENCE_TERMS,
    deMinimis: {
      kind: 'number',
      min: 0,
      max: 1,
      default: 0.25,
      description: 'Issuer-origin content above which a foreign supplier is bound.',
    },
  },
  targets: (world, m) => controlTargets(world, m),
  check: requireTargetsOrEntities,
  severity: (m) => 1 - (m.fields.licence as number),
  restrict: (world, m) =>
    withEndUsers(world, m, {
      edges: controlledEdges(world, m, {
        products: m.fields.products as Int32Array,
        targets: m.fields.targets as Int32Array,
        entities: m.fields.entities as Int32Array,
        technology: m.fields.technology as number,
        deMinimis: m.fields.deMinimis as number,
      }),
      licence: m.fields.licence as number,
      tariff: 0,
      ...licensingOf(m),
    }),
});
