import { buyerState, cachedEdges, maskOf } from './edgeSets.js';
import { foreignStates } from './exportControl.js';
import { defineInstrument } from './types.js';

/**
 * Export finance: the issuer pays `rate` of the price of its own firms' sales of the listed
 * products to buyers in the listed states (concessional credit from policy banks, as China
 * Development Bank's and China Eximbank's credit lines for Huawei's and Hikvision's buyers
 * abroad), from its budget. The buyers' delivered price falls to p·(1 + tariff − rate), so they
 * order more from the financed firms (Armington choice, docs/ODD.md §7.14) and final demand rises
 * with the lower price. The rate offered in a step is scaled down when last step's bill at that
 * rate would exceed the issuer's budget (finance is the budget's first claim); the bill of the
 * step, rate × the value delivered on the edges, is paid in the effects phase and reported as
 * `export_finance` (and in `subsidy_paid`). It restricts nothing, so it is not answered.
 *
 * @example
 * ```ts
 * // China's policy banks pay a fifth of the price of the Huawei phones American households buy.
 * const world = createWorld({ ...spec, measures: [{ type: 'export_finance', issuer: 'CN', products: ['phone'], to: ['US'], rate: 0.2 }] }, 1);
 * step(world);
 * const [huaweiToUS] = selectEdges(world, { supplier: 'Huawei', buyerState: 'US' });
 * console.log(exportFinance.type, world.edgeTariff[huaweiToUS!]); // export_finance -0.2
 * ```
 */
export const exportFinance = defineInstrument({
  type: 'export_finance',
  description:
    "Pays part of the price of the issuer's firms' sales of the listed products to buyers in the listed states, from its budget.",
  fields: {
    rate: {
      kind: 'number',
      required: true,
      min: 0,
      max: 0.95,
      description: 'Share of the price the issuer pays (0.2 = a fifth): the concessional element of the credit.',
    },
    products: { kind: 'products', description: 'Products whose exports are financed; all when absent.' },
    to: { kind: 'states', description: 'Buyer states whose purchases are financed; all foreign states when absent.' },
  },
  // It is aimed at the buyers it finances; its severity is 0, so nobody answers it.
  targets: (world, m) =>
    (m.fields.to as Int32Array).length > 0 ? Array.from(m.fields.to as Int32Array) : foreignStates(world, m.issuer),
  severity: () => 0,
  support: (world, m) => {
    const toMask = maskOf(m.fields.to as Int32Array, world.stateIds.length);
    const productMask = maskOf(m.fields.products as Int32Array, world.productIds.length);
    const edges = cachedEdges(world, m, (e) => {
      const s = world.edgeSupplier[e]!;
      if (world.firmState[s] !== m.issuer) return false;
      if (productMask !== null && productMask[world.firmProduct[s]!] === 0) return false;
      const to = buyerState(world, e);
      return to !== m.issuer && (toMask === null || toMask[to] === 1);
    });
    return { edges, rate: m.fields.rate as number };
  },
});
