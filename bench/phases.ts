/**
 * The phases of `step` (packages/core/src/step.ts), in its order, as (name, function) pairs, for
 * the phase-level tools (profile-phases.ts, ab-phase.ts). Keep this list in step with `step`.
 */
import { designOut } from '../packages/core/src/adaptation/designOut.ts';
import { diversify } from '../packages/core/src/adaptation/precaution.ts';
import { invest } from '../packages/core/src/adaptation/investment.ts';
import { growCapabilities } from '../packages/core/src/adaptation/capability.ts';
import { advanceFrontiers } from '../packages/core/src/frontier.ts';
import { searchBuyers } from '../packages/core/src/adaptation/sellerSearch.ts';
import { searchSuppliers } from '../packages/core/src/adaptation/supplierSearch.ts';
import { adjustCapacity } from '../packages/core/src/capacity.ts';
import { decidePolicies } from '../packages/core/src/doctrine/decisions.ts';
import { isDecisionStep } from '../packages/core/src/doctrine/rounds.ts';
import { switchDoctrines } from '../packages/core/src/doctrine/switching.ts';
import { addEdges, type NewEdge } from '../packages/core/src/network.ts';
import { placeOrders, updateExpectedDemand } from '../packages/core/src/orders.ts';
import { applyMeasures } from '../packages/core/src/policy/compliance.ts';
import { processLicences } from '../packages/core/src/policy/licensing.ts';
import { applyQuotas } from '../packages/core/src/policy/quota.ts';
import { capLicensedOrders } from '../packages/core/src/policy/licenceQuantity.ts';
import { updateOriginContent } from '../packages/core/src/policy/content.ts';
import { applyMeasureEffects } from '../packages/core/src/policy/effects.ts';
import { observePolicy } from '../packages/core/src/policy/observe.ts';
import { updatePrices } from '../packages/core/src/prices.ts';
import { produceAndDeliver } from '../packages/core/src/production.ts';
import { ageRelationships } from '../packages/core/src/relationships.ts';
import { updateStandards } from '../packages/core/src/standards.ts';
import { substituteSuppliers } from '../packages/core/src/substitution.ts';
import type { World } from '../packages/core/src/world.ts';

/** One phase of the step. */
export type Phase = readonly [name: string, run: (world: World) => void];

/** The edges both searches found this step, added at once as `step` does. */
const additions: NewEdge[] = [];

/**
 * A phase's function called as `step` calls it: both searches append to this step's additions
 * and `addEdges` adds them, once; standards and observation run only in worlds that have them.
 * ab-phase.ts wraps its variants with it, so a variant of a search does not add its edges itself.
 */
export function asPhase(name: string, run: (world: World, additions?: NewEdge[]) => void): (world: World) => void {
  switch (name) {
    case 'searchSuppliers':
    case 'searchBuyers':
      return (w) => run(w, additions);
    case 'addEdges':
      return (w) => {
        run(w, additions);
        additions.length = 0;
      };
    case 'updateStandards':
      return (w) => {
        if (w.standards !== undefined && isDecisionStep(w)) run(w); // bodies meet once a decision round, as in step
      };
    case 'advanceFrontiers':
      return (w) => {
        if (w.policy.active) run(w); // as in step
      };
    case 'observePolicy':
      return (w) => {
        if (w.policy.active) run(w);
      };
    default:
      return (w) => run(w);
  }
}

const steps: ReadonlyArray<readonly [string, (world: World, additions?: NewEdge[]) => void]> = [
  ['decidePolicies', decidePolicies],
  ['applyMeasures', applyMeasures],
  ['processLicences', processLicences],
  ['updatePrices', updatePrices],
  ['placeOrders', placeOrders],
  ['applyQuotas', applyQuotas],
  ['capLicensedOrders', capLicensedOrders],
  ['produceAndDeliver', produceAndDeliver],
  ['substituteSuppliers', substituteSuppliers],
  ['diversify', diversify],
  ['adjustCapacity', adjustCapacity],
  ['applyMeasureEffects', applyMeasureEffects],
  ['growCapabilities', growCapabilities],
  ['invest', invest],
  ['advanceFrontiers', advanceFrontiers],
  ['designOut', designOut],
  ['searchSuppliers', searchSuppliers],
  ['searchBuyers', searchBuyers],
  ['addEdges', (w, a) => addEdges(w, a ?? [])],
  ['updateOriginContent', (w) => updateOriginContent(w)],
  ['updateStandards', (w) => updateStandards(w)],
  ['observePolicy', observePolicy],
  ['switchDoctrines', switchDoctrines],
  ['updateExpectedDemand', updateExpectedDemand],
  ['ageRelationships', ageRelationships],
];

/** The phases of one step, in order; `step` then increments `world.step`. */
export const PHASES: readonly Phase[] = steps.map(([name, run]) => [name, asPhase(name, run)] as const);
