import { exp } from '../math.js';
import type { World } from '../world.js';
import { bilateralBaseValue } from './restriction.js';
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
 * (Σ_e base share_e × T(buyer state, supplier state), over its suppliers). The extra days are
 * the larger of these and any front-loading ahead of an announced measure. Returns whether any
 * slot got extra days (so the next step knows to clear them).
 */
export function precautionaryStocks(world: World, extra: Float64Array): boolean {
  const policy = world.policy;
  const days = policy.params.precautionDays;
  if (!(days > 0) || !world.mechanisms.precaution) return false;
  const S = world.stateIds.length;
  const tension = policy.stateTension;
  if (!tension.some((v) => v > 0)) return false;
  const { firmSlotCount, slotOwner, slotEdgeStart, edgeSupplier, edgeBaseShare, edgeForeign, firmState } = world;
  let any = false;
  for (let slot = 0; slot < firmSlotCount; slot++) {
    const a = firmState[slotOwner[slot]!]!;
    let shares = 0;
    let exposed = 0;
    for (let e = slotEdgeStart[slot]!; e < slotEdgeStart[slot + 1]!; e++) {
      shares += edgeBaseShare[e]!;
      if (edgeForeign[e] === 1) exposed += edgeBaseShare[e]! * tension[a * S + firmState[edgeSupplier[e]!]!]!;
    }
    if (!(exposed > 0) || !(shares > 0)) continue;
    const wanted = (days * exposed) / shares;
    if (wanted > extra[slot]!) extra[slot] = wanted;
    any = true;
  }
  return any;
}
