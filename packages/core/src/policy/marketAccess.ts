import { cachedEdges, maskOf } from './edgeSets.js';
import { namedStates } from './exportControl.js';
import { defineInstrument } from './types.js';

/**
 * Market-access denial: final demand in the issuer's state is closed to the
 * named firms, or to every firm of the named origin states, for the listed
 * products.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'market_access_denial', issuer: 'US', firms: ['Huawei'] }] }, 1);
 * step(world);
 * console.log(marketAccessDenial.type, world.edgeBlocked[selectEdges(world, { supplier: 'Huawei', buyerState: 'US' })[0]!]); // market_access_denial 1
 * ```
 */
export const marketAccessDenial = defineInstrument({
  type: 'market_access_denial',
  description: "Closes the issuer's final demand to the named firms or origin states.",
  fields: {
    firms: { kind: 'firms', description: 'Firms denied access.' },
    origins: { kind: 'states', description: 'Origin states whose firms are denied access.' },
    products: { kind: 'products', description: 'Products covered; all when absent.' },
  },
  targets: (world, m) => namedStates(world, m.fields.origins as Int32Array, m.fields.firms as Int32Array),
  check: (fields) =>
    (fields.firms as Int32Array).length === 0 && (fields.origins as Int32Array).length === 0
      ? { field: 'firms', expected: 'named firms or origin states' }
      : null,
  severity: () => 1,
  restrict: (world, m) => {
    const firmMask = maskOf(m.fields.firms as Int32Array, world.firmIds.length);
    const originMask = maskOf(m.fields.origins as Int32Array, world.stateIds.length);
    const productMask = maskOf(m.fields.products as Int32Array, world.productIds.length);
    if (firmMask === null && originMask === null) return null;
    const edges = cachedEdges(world, m, (e) => {
      const slot = world.edgeSlot[e]!;
      if (slot < world.firmSlotCount || world.finalDemandState[world.slotOwner[slot]!] !== m.issuer) return false;
      const s = world.edgeSupplier[e]!;
      if (productMask !== null && productMask[world.firmProduct[s]!] === 0) return false;
      return (firmMask !== null && firmMask[s] === 1) || (originMask !== null && originMask[world.firmState[s]!] === 1);
    });
    return { edges, licence: 0, tariff: 0 };
  },
});
