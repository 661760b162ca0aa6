import { exp } from '../math.js';
import type { World } from '../world.js';
import { bilateralBaseValue, closure, edgeBaseValues } from './restriction.js';
import type { Measure } from './types.js';

/**
 * Tension between states, and the stockpiles it asks for (docs/ODD.md §7.16). Expectations
 * run ahead of measures: firms that see their states' relations sour stock up and diversify
 * before anything is restricted (Grossman, Helpman and Lhuillier 2023; Clayton, Maggiori and
 * Schreger 2023 on threats).
 *
 * The tension T_ab between two states is a memory of the restrictions between them: each step it
 * decays by exp(−Δ / `tensionMemoryDays`), and each measure that comes into force between them
 * adds the share of their base trade it newly restricts (its added restriction, §7.7, split
 * evenly over the states it is aimed at), capped at 1. Measures between a and b in either
 * direction count, retaliations included.
 */
export function updateTension(world: World, measures: readonly Measure[]): void {
  const policy = world.policy;
  const S = world.stateIds.length;
  const tension = policy.stateTension;
  const decay = exp(-world.params.daysPerStep / policy.params.tensionMemoryDays);
  for (let i = 0; i < tension.length; i++) tension[i] = tension[i]! * decay;
  const t = world.step;
  for (const m of measures) {
    if (m.start !== t) continue;
    const added = policy.measureAddedValue.get(m.id) ?? 0;
    const targets = m.targets.filter((s) => s !== m.issuer);
    if (!(added > 0) || targets.length === 0) continue;
    for (const b of targets) {
      const trade = bilateralBaseValue(world, m.issuer, b);
      if (!(trade > 0)) continue;
      const news = added / targets.length / trade;
      const next = Math.min(1, tension[m.issuer * S + b]! + news);
      tension[m.issuer * S + b] = next;
      tension[b * S + m.issuer] = next;
    }
  }
}

/**
 * Precautionary stockpiles: every firm slot targets, beside its usual inventory, `precautionDays`
 * × its exposure, the tension-weighted share of its base supply from foreign states
 * (Σ_e base share_e × T(buyer state, supplier state), over its suppliers), plus `riskStockDays`
 * × its risk exposure, the share of its base supply from states whose exports of similar
 * products (the same bill-of-materials level) measures in force restrict (Σ_e base share_e ×
 * R(supplier state, level)). The extra days are the larger of these and any front-loading ahead
 * of an announced measure. Returns whether any slot got extra days (so the next step knows to
 * clear them).
 */
export function precautionaryStocks(world: World, extra: Float64Array): boolean {
  const policy = world.policy;
  const days = policy.params.precautionDays;
  const riskDays = policy.params.riskStockDays;
  if (!world.mechanisms.precaution || !(days > 0 || riskDays > 0)) return false;
  const S = world.stateIds.length;
  const tension = policy.stateTension;
  const tense = days > 0 && tension.some((v) => v > 0);
  const risk = riskDays > 0 ? supplyRisk(world) : undefined;
  if (!tense && risk === undefined) return false;
  const L = risk?.levels ?? 0;
  const {
    firmSlotCount,
    slotOwner,
    slotEdgeStart,
    slotProduct,
    productLevel,
    edgeSupplier,
    edgeBaseShare,
    edgeForeign,
    firmState,
  } = world;
  let any = false;
  for (let slot = 0; slot < firmSlotCount; slot++) {
    const a = firmState[slotOwner[slot]!]!;
    const level = productLevel[slotProduct[slot]!]!;
    let shares = 0;
    let exposed = 0;
    let risky = 0;
    for (let e = slotEdgeStart[slot]!; e < slotEdgeStart[slot + 1]!; e++) {
      shares += edgeBaseShare[e]!;
      if (edgeForeign[e] !== 1) continue;
      const b = firmState[edgeSupplier[e]!]!;
      if (tense) exposed += edgeBaseShare[e]! * tension[a * S + b]!;
      if (risk !== undefined) risky += edgeBaseShare[e]! * risk.share[b * L + level]!;
    }
    if (!(shares > 0) || !(exposed > 0 || risky > 0)) continue;
    const wanted = (days * exposed + riskDays * risky) / shares;
    if (wanted > extra[slot]!) extra[slot] = wanted;
    any = true;
  }
  return any;
}

/**
 * Risk on each (state, bill-of-materials level): the share of the state's cross-border exports
 * of products at that level, at base values, that the permissions in force restrict (a blocked
 * edge fully, a licensed or taxed one by its closure, 1 − p·(1 + τ)^(−σ)), whoever the buyer.
 * Undefined when nothing is restricted.
 */
function supplyRisk(world: World): { share: Float64Array; levels: number } | undefined {
  const { values } = edgeBaseValues(world);
  const {
    edgeSupplier,
    edgeForeign,
    edgeBlocked,
    edgeLicenceProbability,
    edgeTariff,
    firmState,
    firmProduct,
    productLevel,
    productArmington,
  } = world;
  const S = world.stateIds.length;
  let levels = 0;
  for (let k = 0; k < productLevel.length; k++) levels = Math.max(levels, productLevel[k]! + 1);
  const total = new Float64Array(S * levels);
  const closed = new Float64Array(S * levels);
  let anyClosed = false;
  for (let e = 0; e < edgeSupplier.length; e++) {
    if (edgeForeign[e] !== 1) continue;
    const f = edgeSupplier[e]!;
    const k = firmProduct[f]!;
    const at = firmState[f]! * levels + productLevel[k]!;
    total[at]! += values[e]!;
    const c =
      edgeBlocked[e] === 1
        ? 1
        : edgeLicenceProbability[e]! < 1 || edgeTariff[e]! > 0
          ? closure(edgeLicenceProbability[e]!, edgeTariff[e]!, productArmington[k]!)
          : 0;
    if (c > 0) {
      closed[at]! += c * values[e]!;
      anyClosed = true;
    }
  }
  if (!anyClosed) return undefined;
  for (let i = 0; i < closed.length; i++) closed[i] = total[i]! > 0 ? closed[i]! / total[i]! : 0;
  return { share: closed, levels };
}
