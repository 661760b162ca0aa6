import type { World } from '../world.js';
import { usesOriginContent } from './exportControl.js';

/**
 * Origin-content tracking, for de minimis and foreign-direct-product rules.
 *
 * For each tracked state i, the share of a firm's output value that embeds
 * i's technology is
 *   content_f,i = (1 − m_f)·own_f,i + m_f·Σ_k w_f,k·Σ_e∈slot k share_e·content_supplier(e),i
 * where m_f is the input share of the firm's output value, w_f,k the value
 * share of input k among its inputs, and own_f,i the origin of the firm's own
 * value added (its tools, IP and know-how). One forward pass in topological
 * order updates every firm from suppliers already updated this step. The pass
 * is skipped while no measure reaches abroad by origin content.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'foreign_direct_product_rule', issuer: 'US', targets: ['CN'], products: ['chip'] }] }, 1);
 * const [tsmc, us] = [world.firmIndex.get('TSMC')!, world.stateIndex.get('US')!];
 * console.log(originContent(world, tsmc, us).toFixed(3)); // 0.290
 * // TSMC redesigns: the US share of its own value added halves.
 * world.policy.firmOwnOrigin[tsmc * world.policy.trackedStates.length + world.policy.trackedIndex[us]!]! /= 2;
 * updateOriginContent(world); // step() calls it in phase 4, while a content-based rule exists
 * console.log(originContent(world, tsmc, us).toFixed(3)); // 0.145
 * ```
 */
export function updateOriginContent(world: World, force = false): void {
  const policy = world.policy;
  const T = policy.trackedStates.length;
  if (T === 0) return;
  if (!force && !policy.measures.some(usesOriginContent)) return;
  const { firmSlotStart, slotAmount, slotProduct, slotEdgeStart, edgeSupplier, edgeShare, productPrice } = world;
  const { firmOwnOrigin, firmContent, firmInputShare } = policy;
  const F = world.firmIds.length;
  if (T === 1) {
    // One tracked state (the common case): the mix is a scalar kept in a register.
    for (let f = 0; f < F; f++) {
      const m = firmInputShare[f]!;
      let mixed = 0;
      if (m > 0) {
        const slotStart = firmSlotStart[f]!;
        const slotEnd = firmSlotStart[f + 1]!;
        let inputValue = 0;
        for (let s = slotStart; s < slotEnd; s++) inputValue += slotAmount[s]! * productPrice[slotProduct[s]!]!;
        for (let s = slotStart; s < slotEnd; s++) {
          const weight = (slotAmount[s]! * productPrice[slotProduct[s]!]!) / inputValue;
          for (let e = slotEdgeStart[s]!, end = slotEdgeStart[s + 1]!; e < end; e++)
            mixed += weight * edgeShare[e]! * firmContent[edgeSupplier[e]!]!;
        }
      }
      firmContent[f] = (1 - m) * firmOwnOrigin[f]! + m * mixed;
    }
    return;
  }
  const mixed = new Float64Array(T);
  for (let f = 0; f < F; f++) {
    const m = firmInputShare[f]!;
    mixed.fill(0);
    if (m > 0) {
      let inputValue = 0;
      for (let s = firmSlotStart[f]!; s < firmSlotStart[f + 1]!; s++)
        inputValue += slotAmount[s]! * productPrice[slotProduct[s]!]!;
      for (let s = firmSlotStart[f]!; s < firmSlotStart[f + 1]!; s++) {
        const weight = (slotAmount[s]! * productPrice[slotProduct[s]!]!) / inputValue;
        for (let e = slotEdgeStart[s]!; e < slotEdgeStart[s + 1]!; e++) {
          const w = weight * edgeShare[e]!;
          const base = edgeSupplier[e]! * T;
          for (let t = 0; t < T; t++) mixed[t]! += w * firmContent[base + t]!;
        }
      }
    }
    for (let t = 0; t < T; t++) firmContent[f * T + t] = (1 - m) * firmOwnOrigin[f * T + t]! + m * mixed[t]!;
  }
}
