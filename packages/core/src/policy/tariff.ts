import { buyerState, cachedEdges, maskOf } from './edgeSets.js';
import { foreignStates } from './exportControl.js';
import { defineInstrument } from './types.js';

/**
 * Tariff: an ad valorem duty the issuer levies on imports (by its firms and
 * its final demand) of the listed products from the listed states. It raises
 * the buyer's cost and shifts its demand away, by the weight
 * (1 + rate)^(−ε) in order allocation.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'tariff', issuer: 'US', rate: 0.25, from: ['CN'] }] }, 1);
 * step(world);
 * const [huaweiToUS] = selectEdges(world, { supplier: 'Huawei', buyerState: 'US' });
 * console.log(tariff.type, world.edgeTariff[huaweiToUS!], tariff.severity(world.policy.measures[0]!, world).toFixed(2)); // tariff 0.25 0.40
 * ```
 */
export const tariff = defineInstrument({
  type: 'tariff',
  description:
    'Ad valorem duty on imports into the issuer, from the listed states (all foreign when absent), of the listed products.',
  fields: {
    rate: { kind: 'number', required: true, min: 0, max: 100, description: 'Duty rate (0.25 = 25%).' },
    from: { kind: 'states', description: 'Exporting states; all foreign states when absent.' },
    products: { kind: 'products', description: 'Products covered; all when absent.' },
  },
  // Without a list of exporters it covers, and is aimed at, every foreign state.
  targets: (world, m) =>
    (m.fields.from as Int32Array).length > 0 ? Array.from(m.fields.from as Int32Array) : foreignStates(world, m.issuer),
  // A tariff at `retaliationTariff` (63% by default, the highest a retaliation uses) counts as full severity.
  severity: (m, world) => Math.min(1, (m.fields.rate as number) / world.policy.params.retaliationTariff),
  restrict: (world, m) => {
    const fromMask = maskOf(m.fields.from as Int32Array, world.stateIds.length);
    const productMask = maskOf(m.fields.products as Int32Array, world.productIds.length);
    const edges = cachedEdges(world, m, (e) => {
      const s = world.edgeSupplier[e]!;
      const from = world.firmState[s]!;
      if (buyerState(world, e) !== m.issuer || from === m.issuer) return false;
      if (fromMask !== null && fromMask[from] === 0) return false;
      return productMask === null || productMask[world.firmProduct[s]!] === 1;
    });
    return { edges, licence: 1, tariff: m.fields.rate as number };
  },
});
