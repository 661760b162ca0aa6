import { maskOf } from './edgeSets.js';
import { defineInstrument } from './types.js';

/**
 * Subsidy: the issuer pays part of its own firms' investment and R&D in the listed products (or
 * the listed firms), from its budget. It adds no capacity by itself: a subsidized firm invests
 * when its expected orders need capacity and its price covers the part of the cost of capital
 * it still bears (adaptation/investment.ts), and the subsidy pays `investmentShare` of what it
 * starts; R&D intensity rises by `rd` (the catch-up of §7.9 and the frontier's R&D, §7.18),
 * paid as rd × the firm's sales, scaled down when the bill would exceed the issuer's budget for
 * the step. Several subsidies on one firm: the largest share of investment, the R&D added up.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'subsidy', issuer: 'US', products: ['chip'] }] }, 1);
 * const intel = world.firmIndex.get('Intel')!;
 * step(world);
 * console.log(subsidy.type, world.policy.firmInvestmentSubsidy[intel], world.policy.firmRdBoost[intel]); // subsidy 0.3 0.05
 * ```
 */
export const subsidy = defineInstrument({
  type: 'subsidy',
  description: "Pays part of the investment and R&D of the issuer's firms in the listed products, from its budget.",
  fields: {
    products: { kind: 'products', description: 'Products whose domestic makers are subsidized; all when absent.' },
    firms: { kind: 'firms', description: 'Named domestic firms; overrides products when given.' },
    investmentShare: {
      kind: 'number',
      min: 0,
      max: 1,
      default: 0.3,
      description:
        "Share of the firms' investment in capacity the subsidy pays (CHIPS Act: grants plus a 25% investment tax credit; 0.3 is an assumption).",
    },
    rd: { kind: 'number', min: 0, max: 1, default: 0.05, description: 'R&D intensity added (share of revenue).' },
  },
  severity: () => 0.2,
  adapt: (world, m) => {
    const firmMask = maskOf(m.fields.firms as Int32Array, world.firmIds.length);
    const productMask = maskOf(m.fields.products as Int32Array, world.productIds.length);
    const share = m.fields.investmentShare as number;
    const rd = m.fields.rd as number;
    const { firmState, firmProduct, firmOutput, firmPrice } = world;
    const policy = world.policy;
    // The R&D bill, scaled to stay within the budget; investment is paid when it is started.
    let cost = 0;
    for (let f = 0; f < firmState.length; f++) if (covers(f)) cost += rd * firmOutput[f]! * firmPrice[f]!;
    const left = policy.stateBudget[m.issuer]! - policy.stateSubsidyPaid[m.issuer]!;
    const scale = cost <= 0 ? 1 : Math.max(0, Math.min(1, left / cost));
    for (let f = 0; f < firmState.length; f++) {
      if (!covers(f)) continue;
      policy.firmRdBoost[f] = policy.firmRdBoost[f]! + rd * scale;
      if (share > policy.firmInvestmentSubsidy[f]!) policy.firmInvestmentSubsidy[f] = share;
    }
    policy.stateSubsidyPaid[m.issuer] = policy.stateSubsidyPaid[m.issuer]! + cost * scale;

    function covers(f: number): boolean {
      if (firmState[f] !== m.issuer) return false;
      if (firmMask !== null) return firmMask[f] === 1;
      return productMask === null || productMask[firmProduct[f]!] === 1;
    }
  },
});
