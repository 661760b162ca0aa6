import type { World } from './world.js';

/**
 * Phase 4a: supplier substitution (Guan-style share re-weighting).
 *
 * In each slot where some supplier fell short or was not permitted, the
 * buyer moves a fraction σ (`params.substitutionRate`) of its shares toward
 * the suppliers that delivered, in proportion to share × fill rate:
 *   share_e ← (1 − σ)·share_e + σ·share_e·fill_e / Σ_j share_j·fill_j.
 * A slot where nothing was delivered at all is left as it is.
 *
 * In a slot where every order was filled in full, shares return toward the
 * buyer's established (contract) shares at rate ρ = min(1,
 * `shareReversionRate` · years per step): share_e ← share_e + ρ·(base_e − share_e).
 * Customers lost during a cut come back once the supplier delivers again.
 * Shares keep summing to 1 under both rules.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const [intelToHuawei] = selectEdges(world, { supplier: 'Intel', buyer: 'Huawei' });
 * setBlocked(world, [intelToHuawei!], true);
 * placeOrders(world);
 * produceAndDeliver(world);
 * substituteSuppliers(world); // phase 4a of step(): Huawei moves σ = 0.25 of its share to TSMC
 * console.log(world.edgeShare[intelToHuawei!]!.toFixed(3)); // 0.225
 * ```
 */
export function substituteSuppliers(world: World): void {
  const sigma = world.params.substitutionRate;
  const rho = Math.min(1, (world.params.shareReversionRate * world.params.daysPerStep) / 365.25);
  if (sigma === 0 && rho === 0) return;
  const { slotEdgeStart, edgeShare, edgeBaseShare, edgeOrder, edgeDelivered } = world;
  const slots = slotEdgeStart.length - 1;
  for (let s = 0; s < slots; s++) {
    const start = slotEdgeStart[s]!;
    const end = slotEdgeStart[s + 1]!;
    let shortfall = false;
    let anyOrder = false;
    let total = 0;
    for (let e = start; e < end; e++) {
      const order = edgeOrder[e]!;
      if (order > 0) {
        anyOrder = true;
        const delivered = edgeDelivered[e]!;
        if (delivered < order) shortfall = true;
        total += edgeShare[e]! * (delivered / order);
      } else if (edgeShare[e]! > 0) {
        shortfall = true; // a share with no order: the edge was not permitted
      }
    }
    if (!anyOrder) continue;
    if (!shortfall) {
      if (rho > 0) for (let e = start; e < end; e++) edgeShare[e] = edgeShare[e]! + rho * (edgeBaseShare[e]! - edgeShare[e]!);
      continue;
    }
    if (sigma === 0 || !(total > 0)) continue;
    const keep = 1 - sigma;
    for (let e = start; e < end; e++) {
      const order = edgeOrder[e]!;
      const fill = order > 0 ? edgeDelivered[e]! / order : 0;
      const share = edgeShare[e]!;
      // Divide share × fill by the total first: sigma / total overflows when the total is subnormal.
      edgeShare[e] = share * keep + sigma * ((share * fill) / total);
    }
  }
}
