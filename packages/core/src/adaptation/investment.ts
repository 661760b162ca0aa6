import { exp } from '../math.js';
import type { World } from '../world.js';

/**
 * Investment with time to build (docs/ODD.md §7.19): capacity is no longer free. Each step, for
 * each firm f making k, with y the step in years and u_f⁰ = ȳ_f / K_f⁰ its utilization at the
 * steady state (base output over its capacity at creation, before damage):
 * 1. capacity under construction arrives: a share 1 − exp(−Δ/τ_b,k) of the pipeline U_f becomes
 *    capacity (τ_b the product's `timeToBuildDays`);
 * 2. idle capacity wears out: the capacity beyond what the firm uses, K_f − y_f/u_f⁰, shrinks by
 *    1 − exp(−δ·y) (δ `capacityDepreciation`), so a firm that produces nothing loses capacity;
 * 3. the firm invests when its expected orders need more capacity than it has and is building,
 *    G_f = E_f/u_f⁰ − K_f − U_f > 0, its capacity is at least as used as at the steady state
 *    (y_f/K_f ≥ u_f⁰: an idle firm, short of inputs or of buyers, does not build more), and its
 *    price covers the cost of capital, π_f ≥ 1 − s_f (π_f its scarcity factor, §7.14, 1 at the
 *    steady state; s_f the share of the investment a subsidy pays): it starts
 *    I_f = G_f·(1 − exp(−Δ/τ_i)) (τ_i `investmentDays`), which costs I_f·κ·v_k per step-year
 *    of output (κ `capitalToValueAdded`, 4: a unit of capacity costs κ years of its value added at
 *    base prices, v_k, as the ARIO models value the capital stock),
 *    of which the subsidy pays s_f from the issuer's budget.
 * At the steady state G = 0 and no capacity is idle, so nothing moves.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, states: [{ id: 'US', rival: 'CN' }, { id: 'CN' }, { id: 'TW' }] }, 1);
 * const tsmc = world.firmIndex.get('TSMC')!;
 * world.firmExpectedDemand[tsmc] = 1.5 * world.firmBaseDemand[tsmc]!; // orders half as large again
 * world.firmScarcity[tsmc] = 1.1; // and a price above the base
 * invest(world);
 * console.log(world.firmCapacityUnderConstruction[tsmc]! > 0, world.policy.stateInvestment[world.stateIndex.get('TW')!]! > 0); // true true
 * ```
 */
export function invest(world: World): void {
  const policy = world.policy;
  if (!policy.active) return;
  const params = policy.params;
  const { daysPerStep } = world.params;
  const years = daysPerStep / 365.25;
  const stepsPerYear = 1 / years;
  const plan = 1 - exp(-daysPerStep / params.investmentDays);
  const wear = 1 - exp(-params.capacityDepreciation * years);
  const {
    firmProduct,
    firmState,
    firmCapacity,
    firmDamage,
    firmOutput,
    firmExpectedDemand,
    firmBaseDemand,
    firmBaseCapacity,
    firmScarcity,
    firmCapacityUnderConstruction: pipeline,
    productValueAdded,
    productTimeToBuild,
  } = world;
  const subsidy = policy.firmInvestmentSubsidy;
  const paid = policy.stateSubsidyPaid;
  const invested = policy.stateInvestment;
  invested.fill(0);
  // The share of the pipeline that arrives this step depends only on the product: one exp per
  // product, not per building firm (the same calls with the same arguments, so the same bits).
  const arrives = arrivalShares(world, productTimeToBuild, daysPerStep);
  for (let f = 0; f < firmProduct.length; f++) {
    const k = firmProduct[f]!;
    // 1. Capacity under construction arrives.
    const building = pipeline[f]!;
    if (building > 0) {
      const arrived = building * arrives[k]!;
      firmCapacity[f] = firmCapacity[f]! + arrived;
      pipeline[f] = building - arrived;
    }
    const base =
      firmBaseCapacity[f]! > 0 && firmBaseDemand[f]! > 0
        ? firmBaseDemand[f]! / firmBaseCapacity[f]!
        : 1 / (1 + world.params.spareCapacity);
    // 2. Idle capacity wears out: the undamaged capacity beyond what this step's output uses at the
    // steady-state utilization (damaged capacity recovers on its own, §7.4).
    const usableNow = firmCapacity[f]! * (1 - firmDamage[f]!);
    const used = firmOutput[f]! / base;
    if (wear > 0 && usableNow > used) firmCapacity[f] = firmCapacity[f]! - wear * (usableNow - used);
    // 3. Investment toward expected orders.
    const gap = firmExpectedDemand[f]! / base - firmCapacity[f]! - pipeline[f]!;
    if (!(gap > 0)) continue;
    const usable = firmCapacity[f]! * (1 - firmDamage[f]!);
    if (!(usable > 0) || firmOutput[f]! / usable < base * (1 - 1e-9)) continue; // idle capacity: no reason to build more
    const started = gap * plan;
    const cost = started * params.capitalToValueAdded * stepsPerYear * productValueAdded[k]!;
    // The subsidy pays its share, as far as the issuer's budget for the step goes.
    const s = firmState[f]!;
    const paying = subsidy[f]! > 0 ? Math.min(subsidy[f]! * cost, Math.max(0, policy.stateBudget[s]! - paid[s]!)) : 0;
    const share = cost > 0 ? paying / cost : 0; // capital that costs nothing needs no subsidy
    if (firmScarcity[f]! < 1 - share) continue; // the price does not cover the cost of capital
    pipeline[f] = pipeline[f]! + started;
    invested[s] = invested[s]! + cost;
    if (paying > 0) paid[s] = paid[s]! + paying;
  }
}

const arrivalCache = new WeakMap<World, Float64Array>();

/** 1 − exp(−Δ/τ_b,k) for each product k, into a buffer kept per world. */
function arrivalShares(world: World, timeToBuild: Float64Array, daysPerStep: number): Float64Array {
  const P = timeToBuild.length;
  let out = arrivalCache.get(world);
  if (out === undefined || out.length !== P) arrivalCache.set(world, (out = new Float64Array(P)));
  for (let k = 0; k < P; k++) out[k] = 1 - exp(-daysPerStep / timeToBuild[k]!);
  return out;
}
