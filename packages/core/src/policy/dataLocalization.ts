import { buyerState, cachedEdges, maskOf } from './edgeSets.js';
import { foreignStates } from './exportControl.js';
import { defineInstrument } from './types.js';

/**
 * Data localization and cross-border data-transfer rules: buyers in the issuer (its firms and
 * households) may buy the listed data-bearing products (cloud and AI services, platforms) only
 * from domestic suppliers or from suppliers in states it deems adequate (an adequacy decision);
 * other foreign suppliers are blocked, or, with `complianceCost` above 0, keep selling at that
 * tariff-equivalent cost (local data centres, security reviews, audits). It is aimed at every
 * foreign state it binds (each may answer it). A platform ban, as app bans are, is a
 * `market_access_denial` of the platform's firms.
 *
 * @example
 * ```ts
 * // China requires its buyers' phones to come from suppliers at home or in Taiwan (adequate here).
 * const world = createWorld({ ...spec, measures: [{ type: 'data_localization', issuer: 'CN', products: ['phone'], adequate: ['TW'] }] }, 1);
 * step(world);
 * const [appleToCN] = selectEdges(world, { supplier: 'Apple', buyerState: 'CN' });
 * console.log(dataLocalization.type, world.edgeBlocked[appleToCN!], world.policy.measures[0]!.targets.map((s) => world.stateIds[s])); // data_localization 1 ['US']
 * ```
 */
export const dataLocalization = defineInstrument({
  type: 'data_localization',
  description:
    'Buyers in the issuer may buy the listed products only from domestic suppliers or suppliers in adequate states; others are blocked, or pay `complianceCost` as a tariff-equivalent.',
  fields: {
    products: {
      kind: 'products',
      required: true,
      description: 'Data-bearing products covered (cloud and AI services, platforms).',
    },
    adequate: { kind: 'states', description: 'States whose suppliers are deemed adequate and stay free.' },
    complianceCost: {
      kind: 'number',
      min: 0,
      max: 10,
      default: 0,
      description:
        'When above 0, non-adequate foreign suppliers may sell at this tariff-equivalent cost instead of being blocked.',
    },
  },
  // Aimed at every foreign state it binds: all but the adequate ones.
  targets: (world, m) => {
    const adequate = maskOf(m.fields.adequate as Int32Array, world.stateIds.length);
    return foreignStates(world, m.issuer).filter((s) => adequate === null || adequate[s] === 0);
  },
  severity: (m) => {
    const cost = m.fields.complianceCost as number;
    return cost > 0 ? Math.min(1, cost) : 1;
  },
  restrict: (world, m) => {
    const products = maskOf(m.fields.products as Int32Array, world.productIds.length)!;
    const adequate = maskOf(m.fields.adequate as Int32Array, world.stateIds.length);
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
