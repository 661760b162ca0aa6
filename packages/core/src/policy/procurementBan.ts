import { buyerState, cachedEdges, maskOf } from './edgeSets.js';
import { namedStates } from './exportControl.js';
import { defineInstrument } from './types.js';

/**
 * Procurement ban / rip-and-replace: the issuer's buyers must drop the named
 * suppliers (firms, or every firm of the named origin states) within a grace
 * period. During the grace period the chance an order may still be placed
 * falls linearly to 0; after it the edges are blocked.
 *
 * @example
 * ```ts
 * // The US bans Chinese phones, with two steps' grace to phase them out.
 * const world = createWorld({ ...spec, measures: [{ type: 'procurement_ban', issuer: 'US', origins: ['CN'], products: ['phone'], grace: 2 }] }, 1);
 * const [huaweiToUS] = selectEdges(world, { supplier: 'Huawei', buyerState: 'US' });
 * const licence: number[] = [];
 * for (let t = 0; t < 3; t++) {
 *   step(world);
 *   licence.push(world.edgeBlocked[huaweiToUS!] ? 0 : world.edgeLicenceProbability[huaweiToUS!]!);
 * }
 * console.log(procurementBan.type, licence.map((p) => p.toFixed(2))); // procurement_ban ['0.67', '0.33', '0.00']
 * ```
 */
export const procurementBan = defineInstrument({
  type: 'procurement_ban',
  description:
    "The issuer's buyers must drop the named suppliers, or all suppliers of the named origins, within a grace period.",
  fields: {
    suppliers: { kind: 'firms', description: 'Named supplier firms.' },
    origins: { kind: 'states', description: 'Origin states: every firm from them is named.' },
    products: { kind: 'products', description: 'Products covered; all when absent.' },
    grace: { kind: 'integer', min: 0, default: 0, description: 'Steps the buyers have to phase the suppliers out.' },
  },
  targets: (world, m) => namedStates(world, m.fields.origins as Int32Array, m.fields.suppliers as Int32Array),
  check: (fields) =>
    (fields.suppliers as Int32Array).length === 0 && (fields.origins as Int32Array).length === 0
      ? { field: 'suppliers', expected: 'named supplier firms or origin states' }
      : null,
  severity: () => 1,
  restrict: (world, m) => {
    const supplierMask = maskOf(m.fields.suppliers as Int32Array, world.firmIds.length);
    const originMask = maskOf(m.fields.origins as Int32Array, world.stateIds.length);
    const productMask = maskOf(m.fields.products as Int32Array, world.productIds.length);
    if (supplierMask === null && originMask === null) return null;
    const edges = cachedEdges(world, m, (e) => {
      const s = world.edgeSupplier[e]!;
      if (buyerState(world, e) !== m.issuer) return false;
      if (productMask !== null && productMask[world.firmProduct[s]!] === 0) return false;
      return (
        (supplierMask !== null && supplierMask[s] === 1) ||
        (originMask !== null && originMask[world.firmState[s]!] === 1)
      );
    });
    const grace = m.fields.grace as number;
    const elapsed = world.step - m.start + 1;
    const licence = elapsed > grace ? 0 : 1 - elapsed / (grace + 1);
    // A phase-out, not a licence: each step decides afresh whether an order may still be placed (no review).
    return { edges, licence, tariff: 0, reviewDays: 0, validityDays: world.params.daysPerStep };
  },
});
