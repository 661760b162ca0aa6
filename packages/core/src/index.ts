/**
 * `@chokepoint/core`: the deterministic engine of the Chokepoint model.
 *
 * Build a world from a plain-data {@link WorldSpec} with {@link createWorld},
 * advance it with {@link step}, or run it whole with {@link simulate} or
 * frame by frame with {@link run}. The core does no I/O and imports no Node
 * built-ins, so it runs in Node and in the browser.
 *
 * @packageDocumentation
 */
export { productLevels } from './bom.js';
export { adjustCapacity } from './capacity.js';
export { createWorld } from './createWorld.js';
export { WorldSpecError, formatPath } from './errors.js';
export { MetricsTable, recordMetrics, type EntityKind, type MetricRow, type RecordOptions } from './metrics.js';
export { placeOrders, updateExpectedDemand } from './orders.js';
export { selectEdges, setBlocked, setLicenceProbability, setTariff, type EdgeFilter } from './permissions.js';
export { produceAndDeliver } from './production.js';
export { rationPriority, rationProportional, rationRandom } from './rationing.js';
export { Rng, deriveSeed } from './rng.js';
export { run, simulate, type Frame, type SimulateOptions, type SimulationResult } from './simulate.js';
export {
  DEFAULT_PARAMS,
  type EdgeColumns,
  type EdgeSpec,
  type EngineParams,
  type FinalDemandSpec,
  type FirmSpec,
  type ProductSpec,
  type RationingRule,
  type RecipeInput,
  type StateSpec,
  type WorldSpec,
} from './spec.js';
export { step } from './step.js';
export { substituteSuppliers } from './substitution.js';
export { generateWorld, type DegreeDistribution, type SyntheticWorldOptions } from './synthetic.js';
export { edgeCount, firmCount, inventorySteps, slotCount, slotState, worldBytes, type World } from './world.js';
