import { maskOf } from './edgeSets.js';
import { defineInstrument } from './types.js';

/**
 * Subsidy: the issuer raises capacity and R&D of its own firms in the listed
 * products (or the listed firms), paid from its budget. Capacity grows by
 * `capacityGrowth` per year and R&D intensity rises by `rd`; the cost is the
 * value of the capacity added plus the R&D paid, scaled down when it would
 * exceed the state's budget.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'subsidy', issuer: 'US', products: ['chip'] }] }, 1);
 * const intel = world.firmIndex.get('Intel')!;
 * const before = world.firmCapacity[intel]!;
 * for (let t = 0; t < 4; t++) step(world); // a year: capacity grows 2.5% a quarter
 * console.log(subsidy.type, (world.firmCapacity[intel]! / before).toFixed(4)); // subsidy 1.1038
 * ```
 */
export const subsidy = defineInstrument({
  type: 'subsidy',
  description: "Raises capacity and R&D of the issuer's firms in the listed products, paid from its budget.",
  fields: {
    products: { kind: 'products', description: 'Products whose domestic makers are subsidized; all when absent.' },
    firms: { kind: 'firms', description: 'Named domestic firms; overrides products when given.' },
    capacityGrowth: { kind: 'number', min: 0, max: 10, default: 0.1, description: 'Capacity growth per year.' },
    rd: { kind: 'number', min: 0, max: 1, default: 0.05, description: 'R&D intensity added (share of revenue).' },
  },
  severity: () => 0.2,
  adapt: (world, m) => {
    const firmMask = maskOf(m.fields.firms as Int32Array, world.firmIds.length);
    const productMask = maskOf(m.fields.products as Int32Array, world.productIds.length);
    const years = world.params.daysPerStep / 365.25;
    const growth = (m.fields.capacityGrowth as number) * years;
    // A unit of capacity added costs a quarter's output of it (flows are per step, so a quarter is 91.3125 / Δ steps' worth): the same bill a year at any step length.
    const capitalCost = 365.25 / 4 / world.params.daysPerStep;
    const rd = m.fields.rd as number;
    const { firmState, firmProduct, firmCapacity, firmOutput, productPrice } = world;
    const policy = world.policy;
    // First the bill, then a scale that keeps it within the budget.
    let cost = 0;
    for (let f = 0; f < firmState.length; f++) {
      if (!covers(f)) continue;
      const price = productPrice[firmProduct[f]!]!;
      cost += growth * firmCapacity[f]! * price * capitalCost + rd * firmOutput[f]! * price;
    }
    const left = policy.stateBudget[m.issuer]! - policy.stateSubsidyPaid[m.issuer]!;
    const scale = cost <= 0 ? 0 : Math.max(0, Math.min(1, left / cost));
    if (scale === 0) return;
    for (let f = 0; f < firmState.length; f++) {
      if (!covers(f)) continue;
      firmCapacity[f] = firmCapacity[f]! * (1 + growth * scale);
      policy.firmRdBoost[f] = policy.firmRdBoost[f]! + rd * scale;
    }
    policy.stateSubsidyPaid[m.issuer] = policy.stateSubsidyPaid[m.issuer]! + cost * scale;

    function covers(f: number): boolean {
      if (firmState[f] !== m.issuer) return false;
      if (firmMask !== null) return firmMask[f] === 1;
      return productMask === null || productMask[firmProduct[f]!] === 1;
    }
  },
});
