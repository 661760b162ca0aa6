import type { World } from '../world.js';
import type { PermissionTrail } from './state.js';

/**
 * Bookkeeping for incremental compliance: which edges may hold effective permissions other
 * than their base ones (see {@link PermissionTrail}).
 */

/**
 * The permission trail moved to the current network version, or `undefined` when there is none
 * or it cannot be moved (the network changed more than once since it was written); the next
 * compliance phase then recomputes every edge.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'tariff', issuer: 'US', rate: 0.1, from: ['CN'] }] }, 1);
 * step(world);
 * const slot = world.edgeSlot[selectEdges(world, { supplier: 'Apple', buyerState: 'TW', finalDemand: true })[0]!]!;
 * addEdges(world, [{ supplier: world.firmIndex.get('Huawei')!, slot, share: 0.2, blocked: false }]);
 * console.log(currentTrail(world)!.version === world.networkVersion); // true
 * ```
 */
export function currentTrail(world: World): PermissionTrail | undefined {
  const policy = world.policy;
  const trail = policy.permissionTrail;
  if (trail === undefined || trail.version === world.networkVersion) return trail;
  const change = world.lastNetworkChange;
  if (change !== undefined && change.version === world.networkVersion && trail.version === change.version - 1) {
    trail.edges = trail.edges.map((list) => change.newIndices(list));
    trail.version = world.networkVersion;
    return trail;
  }
  policy.permissionTrail = undefined;
  return undefined;
}

/**
 * Records that the base permissions of `edges` changed: the next compliance phase recomputes
 * their effective permissions. Called by `setBlocked` and friends, and by supplier search when
 * it opens a new supplier's edge.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const edges = selectEdges(world, { supplier: 'TSMC' });
 * world.policy.base.blocked[edges[0]!] = 1; // changing base permissions by hand: say so
 * noteBaseChange(world, edges.slice(0, 1));
 * console.log(world.policy.baseDirty); // true
 * ```
 */
export function noteBaseChange(world: World, edges: ArrayLike<number>): void {
  const policy = world.policy;
  policy.baseDirty = true;
  policy.licenceDirty = true; // a licence may be needed, or no longer, on these edges
  const trail = currentTrail(world);
  if (trail === undefined) return;
  // A trail longer than the network costs more to replay than a full recompute.
  if (trail.size + edges.length > world.edgeSupplier.length) {
    policy.permissionTrail = undefined;
    return;
  }
  trail.edges.push(Int32Array.from(edges));
  trail.size += edges.length;
}
