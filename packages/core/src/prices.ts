import { exp, expEach, lnOfOne } from './math.js';
import type { World } from './world.js';

/** Orders below this share of a firm's baseline make an idle firm's reference utilization the normal one. */
const IDLE = 1e-12;

/**
 * Phase 3a: each firm sets this step's price from last step's unit cost and the scarcity of its
 * output then (docs/ODD.md §7.14), before buyers order at it.
 *
 * Unit cost is value added at base prices plus inputs at the delivered prices the firm paid last
 * step, duty included: c_f = v_k + Σ a_s·q_s, with q_s the slot's `slotPrice`. The price is
 *   p_f = μ_k·(Σ a_s·q_s + v_k·π_f),
 * so input costs and tariffs pass through in full, and scarcity moves the value-added part by
 * the factor π_f (μ_k, the base markup, is 1 unless inputs cost at least the base price). The
 * scarcity factor moves toward its target
 *   π* = clamp(r^ω, priceFloor, priceCap),  r = (orders / base orders)·(base capacity / potential),
 * with ω the product's price flexibility when r ≥ 1 and its smaller discount flexibility ω_d
 * when r < 1 (prices are stickier downward),
 * at rate θ = 1 − exp(−Δ / priceAdjustmentDays), in logs, with the target re-evaluated at the
 * new price: the firm expects its orders to move with its price at elasticity ε̂ = max(σ, η) on
 * the value-added share s of the price, so ln π' = ln π + θ·(ln π*(π') − ln π'), solved in
 * closed form. This implicit step converges for every step length; an explicit one overshoots
 * (a cobweb) when θ·(1 + ω·σ) > 2.
 * r is 1 at the steady state (so prices stay put), rises when orders exceed what the firm can
 * make (its inputs are short, its capacity is damaged) and falls when orders fall (a seller that
 * lost a market discounts). A firm idle at the steady state is compared with the normal
 * utilization 1 / (1 + spareCapacity), and never discounts.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const tsmc = world.firmIndex.get('TSMC')!;
 * world.firmDamage[tsmc] = 0.5; // a fire: TSMC can make half of what it could
 * step(world); // its orders are twice what it can make
 * updatePrices(world); // phase 3a of the next step: its value added is priced up (base price 3)
 * console.log(world.firmScarcity[tsmc]!.toFixed(2), world.firmPrice[tsmc]!.toFixed(2)); // 1.17 3.49
 * ```
 */
export function updatePrices(world: World): void {
  const { params, firmProduct, firmPrice, firmScarcity, firmDemand, firmPotential, firmBaseDemand, firmBaseCapacity } =
    world;
  const {
    firmSlotStart,
    slotAmount,
    slotPrice,
    productValueAdded,
    productMarkup,
    productPriceFlexibility,
    productDiscountFlexibility,
    productArmington,
    productDemandElasticity,
  } = world;
  const theta = 1 - exp(-params.daysPerStep / params.priceAdjustmentDays);
  // Through lnOfOne (the same bits as ln), not ln: a boxed bound returned by scarcityTarget made
  // V8 box every firm's target beside it (1.6 MB of heap numbers a step at policy/1e6).
  const lnFloor = lnOfOne(params.priceFloor);
  const lnCap = lnOfOne(params.priceCap);
  const normalUtilization = 1 / (1 + params.spareCapacity);
  const F = firmPrice.length;
  const logs = scarcityLogs(world);
  const one = ONE;
  for (let f = 0; f < F; f++) {
    const k = firmProduct[f]!;
    let inputs = 0;
    for (let s = firmSlotStart[f]!; s < firmSlotStart[f + 1]!; s++) inputs += slotAmount[s]! * slotPrice[s]!;
    const valueAdded = productValueAdded[k]!;
    if (valueAdded > 0) {
      const ratio = scarcityRatio(
        firmDemand[f]!,
        firmPotential[f]!,
        firmBaseDemand[f]!,
        firmBaseCapacity[f]!,
        normalUtilization,
      );
      // Scarcity is priced at ω, a fall in orders at the (smaller) ω_d: prices are stickier downward.
      const omega = ratio >= 1 ? productPriceFlexibility[k]! : productDiscountFlexibility[k]!;
      const target = scarcityTarget(ratio, omega, lnFloor, lnCap);
      const lnNow = scarcityLog(logs, f, firmScarcity[f]!);
      // The firm expects its orders to fall with its price at elasticity ε̂ = max(σ, η) on the
      // value-added share s of its price, and solves for the factor that meets its target then:
      // x' = x + θ·(T − ωε̂s·(x' − x) − x'). This implicit step converges for any θ; the
      // explicit one overshoots when θ·(1 + ωσ) > 2 (quarterly steps).
      const scarce = valueAdded * firmScarcity[f]!;
      const feedback =
        theta * omega * Math.max(productArmington[k]!, productDemandElasticity[k]!) * (scarce / (inputs + scarce));
      let lnNext = (lnNow * (1 + feedback) + theta * target) / (1 + theta + feedback);
      if (lnNext < lnFloor) lnNext = lnFloor;
      else if (lnNext > lnCap) lnNext = lnCap;
      if (lnNext !== lnNow) {
        // expEach on a one-element array, not a function that returns the double: when V8 does not
        // inline that function, its result is boxed.
        one[0] = lnNext;
        expEach(one, one, 1);
        firmScarcity[f] = one[0]!;
        logs.log[f] = lnNext;
        logs.of[f] = firmScarcity[f]!;
      }
    }
    firmPrice[f] = productMarkup[k]! * (inputs + valueAdded * firmScarcity[f]!);
  }
}

/** Argument and result of updatePrices' exponential. */
const ONE = new Float64Array(1);

const logsCache = new WeakMap<World, { of: Float64Array; log: Float64Array }>();

/** ln π of each firm, kept beside the π it is the log of, so a step needs no logarithm per firm. */
function scarcityLogs(world: World): { of: Float64Array; log: Float64Array } {
  let logs = logsCache.get(world);
  if (logs === undefined) {
    const F = world.firmScarcity.length;
    logs = { of: new Float64Array(F).fill(1), log: new Float64Array(F) };
    logsCache.set(world, logs);
  }
  return logs;
}

/** ln π from the kept log, or computed when π was changed from outside since (by a user, say). */
function scarcityLog(logs: { of: Float64Array; log: Float64Array }, f: number, scarcity: number): number {
  if (logs.of[f] === scarcity) return logs.log[f]!;
  const log = lnOfOne(scarcity); // not ln, whose boxed result made V8 box the kept log too
  logs.of[f] = scarcity;
  logs.log[f] = log;
  return log;
}

/**
 * r = (orders / base orders)·(base capacity / potential): 1 at the steady state, +∞ when the
 * firm has orders and can make nothing, 1 when it has neither. A firm idle at the steady state is
 * compared with the normal utilization 1 / (1 + spareCapacity) and never has r below 1.
 */
function scarcityRatio(
  demand: number,
  potential: number,
  baseDemand: number,
  baseCapacity: number,
  normalUtilization: number,
): number {
  if (!(potential > 0)) return demand > 0 ? Number.POSITIVE_INFINITY : 1;
  if (baseDemand > IDLE * baseCapacity) return (demand / baseDemand) * (baseCapacity / potential);
  return Math.max(1, demand / potential / normalUtilization);
}

/** ln π*: the log of the scarcity factor a firm aims for, r^ω clamped to [floor, cap]. */
function scarcityTarget(ratio: number, flexibility: number, lnFloor: number, lnCap: number): number {
  if (flexibility === 0 || ratio === 1) return 0;
  if (ratio === Number.POSITIVE_INFINITY) return lnCap;
  if (!(ratio > 0)) return lnFloor;
  const target = flexibility * lnOfOne(ratio);
  return target < lnFloor ? lnFloor : target > lnCap ? lnCap : target;
}
