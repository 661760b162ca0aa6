import type { World } from '../world.js';

/**
 * Precautionary diversification (docs/ODD.md §7.16): under tension, buyers move their established
 * (base) shares away from suppliers in the states their own state is in tension with, before any
 * measure restricts them. Each step, a firm slot's edge from a supplier in state b loses the share
 * `diversificationRate` × years per step × T(a, b) of its base share (a the buyer's state), and
 * the slot's other suppliers gain it in proportion to their base shares; a slot with no other
 * supplier keeps its shares. The buyers' current shares follow the base shares at the share
 * reversion rate (§7.3). Nothing moves at rate 0 (the default) or without tension.
 *
 * @example
 * ```ts
 * // Tension between the US and China at 1, and buyers that move a tenth of their exposure a year.
 * const world = createWorld({ ...spec, states: [{ id: 'US', rival: 'CN' }, { id: 'CN' }, { id: 'TW' }], policy: { diversificationRate: 0.1 } }, 1);
 * const [us, cn, S] = [world.stateIndex.get('US')!, world.stateIndex.get('CN')!, world.stateIds.length];
 * world.policy.stateTension[us * S + cn] = world.policy.stateTension[cn * S + us] = 1;
 * const [intel] = selectEdges(world, { supplier: 'Intel', buyer: 'Huawei' });
 * const [tsmc] = selectEdges(world, { supplier: 'TSMC', buyer: 'Huawei' });
 * diversify(world); // a quarter: Huawei moves 2.5% of Intel's share to TSMC
 * console.log(world.edgeBaseShare[intel!]!.toFixed(4), (world.edgeBaseShare[intel!]! + world.edgeBaseShare[tsmc!]!).toFixed(4)); // 0.2925 1.0000
 * ```
 */
export function diversify(world: World): void {
  const policy = world.policy;
  const rate = policy.params.diversificationRate;
  if (!(rate > 0) || !policy.active) return;
  const tension = policy.stateTension;
  if (!tension.some((v) => v > 0)) return;
  const S = world.stateIds.length;
  const years = world.params.daysPerStep / 365;
  const { firmSlotCount, slotOwner, slotEdgeStart, edgeSupplier, edgeBaseShare, edgeForeign, firmState } = world;
  let moved = false;
  for (let slot = 0; slot < firmSlotCount; slot++) {
    const a = firmState[slotOwner[slot]!]!;
    const start = slotEdgeStart[slot]!;
    const end = slotEdgeStart[slot + 1]!;
    if (end - start < 2) continue;
    let cut = 0;
    let kept = 0;
    for (let e = start; e < end; e++) {
      const t = edgeForeign[e] === 1 ? tension[a * S + firmState[edgeSupplier[e]!]!]! : 0;
      if (t > 0) cut += edgeBaseShare[e]! * Math.min(1, rate * years * t);
      else kept += edgeBaseShare[e]!;
    }
    // Only suppliers outside tension take the share over; with none, the slot stays as it is.
    if (!(cut > 0) || !(kept > 0)) continue;
    for (let e = start; e < end; e++) {
      const t = edgeForeign[e] === 1 ? tension[a * S + firmState[edgeSupplier[e]!]!]! : 0;
      edgeBaseShare[e] =
        t > 0 ? edgeBaseShare[e]! * (1 - Math.min(1, rate * years * t)) : edgeBaseShare[e]! * (1 + cut / kept);
    }
    moved = true;
  }
  if (moved) policy.baseShareVersion++;
}
