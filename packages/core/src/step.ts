import { adjustCapacity } from './capacity.js';
import { placeOrders, updateExpectedDemand } from './orders.js';
import { produceAndDeliver } from './production.js';
import { substituteSuppliers } from './substitution.js';
import type { World } from './world.js';

/**
 * Advances the world by one step, running the phases of the schedule in
 * their fixed order: orders, production and delivery, supplier substitution,
 * capacity adjustment, then expectations for the next step.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 42);
 * step(world);
 * world.step; // 1
 * ```
 */
export function step(world: World): void {
  placeOrders(world);
  produceAndDeliver(world);
  substituteSuppliers(world);
  adjustCapacity(world);
  updateExpectedDemand(world);
  world.step++;
}
