import { growCapabilities } from './adaptation/capability.js';
import { designOut } from './adaptation/designOut.js';
import { diversify } from './adaptation/precaution.js';
import { invest } from './adaptation/investment.js';
import { searchBuyers } from './adaptation/sellerSearch.js';
import { searchSuppliers } from './adaptation/supplierSearch.js';
import { updateAlignment } from './alignment.js';
import { adjustCapacity } from './capacity.js';
import { decidePolicies } from './doctrine/decisions.js';
import { isDecisionStep } from './doctrine/rounds.js';
import { switchDoctrines } from './doctrine/switching.js';
import { processLicences } from './policy/licensing.js';
import { advanceFrontiers } from './frontier.js';
import { addEdges, type NewEdge } from './network.js';
import { placeOrders, updateExpectedDemand } from './orders.js';
import { applyMeasures } from './policy/compliance.js';
import { applyQuotas } from './policy/quota.js';
import { capLicensedOrders } from './policy/licenceQuantity.js';
import { updateOriginContent } from './policy/content.js';
import { applyMeasureEffects } from './policy/effects.js';
import { observePolicy } from './policy/observe.js';
import { updatePrices } from './prices.js';
import { produceAndDeliver } from './production.js';
import { ageRelationships } from './relationships.js';
import { updateStandards } from './standards.js';
import { substituteSuppliers } from './substitution.js';
import type { World } from './world.js';

/**
 * Advances the world by one step, running the schedule of docs/ODD.md §3 in its
 * fixed order:
 * 1. policy decisions (doctrines, alliance votes);
 * 2. compliance (measures become edge permissions; front-loading);
 * 3. production and trade (prices from last step's orders and costs, then
 *    orders, production, rationing, delivery);
 * 4. adaptation (supplier substitution, capacity, measure effects, capability
 *    growth, investment, the technology frontier, design-out, supplier and buyer search, origin content; standards
 *    votes and adoption, in worlds with standards; third countries' alignment, in worlds with alignment);
 * 5. strategy adaptation (doctrine switching);
 * 6. observation for the next step's decisions; relationships age.
 * Instruments and doctrines plug in through registries; this loop does not
 * change when one is added. Policy phases do nothing in a world without
 * policy (no measures, alliances, or doctrine settings).
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 42);
 * step(world);
 * console.log(world.step); // 1
 * ```
 */
export function step(world: World): void {
  decidePolicies(world);
  applyMeasures(world);
  processLicences(world); // applications, reviews, grants and denials (worlds where a licence is needed)

  const on = world.mechanisms; // a mechanism switched off (params.disabled) is skipped
  if (on.prices) updatePrices(world);
  placeOrders(world);
  applyQuotas(world); // export quotas cap the orders they cover (worlds with quotas in force)
  capLicensedOrders(world); // licences for a quantity cap their edges' orders at what is left of them
  produceAndDeliver(world);

  if (on.substitution) substituteSuppliers(world);
  if (on.precaution) diversify(world);
  adjustCapacity(world);
  applyMeasureEffects(world);
  if (on.importSubstitution) growCapabilities(world); // catch-up, learning by doing, installed tools
  if (on.investment) invest(world); // capacity: investment, time to build, idle capacity wearing out
  if (on.frontier && world.policy.active) advanceFrontiers(world); // the frontier moves with its firms' R&D
  if (on.designOut) designOut(world);
  const additions: NewEdge[] = [];
  if (on.supplierSearch) searchSuppliers(world, additions);
  if (on.sellerSearch) searchBuyers(world, additions);
  addEdges(world, additions); // at most one network change a step
  updateOriginContent(world);
  if (world.standards !== undefined && isDecisionStep(world)) updateStandards(world); // bodies meet once a decision round
  if (world.alignment !== undefined) updateAlignment(world); // third countries' alignment with the blocs

  if (world.policy.active) observePolicy(world);
  switchDoctrines(world);

  updateExpectedDemand(world);
  ageRelationships(world); // relationships grow older by the quarters of a year this step crosses
  world.step++;
}
