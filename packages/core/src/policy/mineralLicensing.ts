import { buyerState, cachedEdges, maskOf } from './edgeSets.js';
import { foreignStates } from './exportControl.js';
import { LICENCE_TERMS, licensingOf } from './licensing.js';
import { defineInstrument } from './types.js';

/**
 * Mineral export licensing: the supplier's own state (the issuer) requires a
 * licence to export the listed products, to the target states (all foreign
 * buyers when absent): each buyer applies, waits `reviewDays` (63, MOFCOM's 45 working days) and
 * is approved with probability `licence` for `validityDays` (policy/licensing.ts).
 *
 * @example
 * ```ts
 * // China licenses gallium exports and grants half the applications.
 * const world = createWorld({ ...spec, measures: [{ type: 'mineral_export_licensing', issuer: 'CN', products: ['gallium'], licence: 0.5 }] }, 1);
 * step(world);
 * console.log(mineralExportLicensing.type, world.edgeLicenceProbability[selectEdges(world, { supplier: 'GalliumCN', buyer: 'TSMC' })[0]!]); // mineral_export_licensing 0.5
 * ```
 */
export const mineralExportLicensing = defineInstrument({
  type: 'mineral_export_licensing',
  description:
    "Licence requirement on the issuer's own exports of the listed products, granted with probability `licence`.",
  fields: {
    products: {
      kind: 'products',
      required: true,
      description: 'Products (e.g. gallium, rare earths) that need an export licence.',
    },
    targets: { kind: 'states', description: 'Destination states covered; all foreign states when absent.' },
    licence: {
      kind: 'number',
      min: 0,
      max: 1,
      default: 0,
      description: 'Probability a licence application is approved (0: no licence is granted; the edges are blocked).',
    },
    ...LICENCE_TERMS,
    reviewDays: {
      kind: 'number',
      min: 0,
      max: 3650,
      default: 63,
      description: "Days an application is under review: 63 (MOFCOM's 45 working days for dual-use items).",
    },
  },
  // Without a list of destinations it covers, and is aimed at, every foreign state.
  targets: (world, m) =>
    (m.fields.targets as Int32Array).length > 0
      ? Array.from(m.fields.targets as Int32Array)
      : foreignStates(world, m.issuer),
  severity: (m) => 1 - (m.fields.licence as number),
  restrict: (world, m) => {
    const productMask = maskOf(m.fields.products as Int32Array, world.productIds.length);
    const targetMask = maskOf(m.fields.targets as Int32Array, world.stateIds.length);
    const edges = cachedEdges(world, m, (e) => {
      const s = world.edgeSupplier[e]!;
      if (world.firmState[s] !== m.issuer) return false;
      if (productMask !== null && productMask[world.firmProduct[s]!] === 0) return false;
      const to = buyerState(world, e);
      return to !== m.issuer && (targetMask === null || targetMask[to] === 1);
    });
    return { edges, licence: m.fields.licence as number, tariff: 0, ...licensingOf(m) };
  },
});
