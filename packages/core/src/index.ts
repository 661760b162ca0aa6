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
export { designOut } from './adaptation/designOut.js';
export { substituteImports } from './adaptation/importSubstitution.js';
export { searchSuppliers } from './adaptation/supplierSearch.js';
export { productLevels } from './bom.js';
export { adjustCapacity } from './capacity.js';
export { createWorld } from './createWorld.js';
export {
  chokepointProducts,
  covers,
  importedProducts,
  isRestrictive,
  measuresAgainst,
  reciprocate,
  retaliate,
  strategicImports,
} from './doctrine/common.js';
export { decidePolicies } from './doctrine/decisions.js';
export { dnm } from './doctrine/dnm.js';
export { nlg } from './doctrine/nlg.js';
export { BUILTIN_DOCTRINES, doctrineRegistry } from './doctrine/registry.js';
export { switchDoctrines } from './doctrine/switching.js';
export { WorldSpecError, formatPath } from './errors.js';
export { addEdges, buildSupplierIndex, type NewEdge, type SupplierIndex } from './network.js';
export { MetricsTable, recordMetrics, type EntityKind, type MetricRow, type RecordOptions } from './metrics.js';
export { placeOrders, updateExpectedDemand } from './orders.js';
export { selectEdges, setBlocked, setLicenceProbability, setTariff, type EdgeFilter } from './permissions.js';
export { applyMeasures, measuresInForce } from './policy/compliance.js';
export { updateOriginContent } from './policy/content.js';
export { buyerFirm, buyerState, cachedEdges, controlledEdges, maskOf, originContent } from './policy/edgeSets.js';
export { applyMeasureEffects } from './policy/effects.js';
export { entityList } from './policy/entityList.js';
export { exportControl } from './policy/exportControl.js';
export { parseMeasure, suggest } from './policy/fields.js';
export { foreignDirectProductRule } from './policy/foreignDirectProduct.js';
export { investmentScreening } from './policy/investmentScreening.js';
export { marketAccessDenial } from './policy/marketAccess.js';
export { mineralExportLicensing } from './policy/mineralLicensing.js';
export { observePolicy } from './policy/observe.js';
export { procurementBan } from './policy/procurementBan.js';
export { BUILTIN_INSTRUMENTS, instrumentRegistry } from './policy/registry.js';
export type { WorldOptions } from './policy/setup.js';
export type { AllianceState, BasePermissions, PolicyState } from './policy/state.js';
export { subsidy } from './policy/subsidy.js';
export { tariff } from './policy/tariff.js';
export {
  defineDoctrine,
  defineInstrument,
  type DecisionContext,
  type DoctrineDefinition,
  type FieldDescriptor,
  type FieldKind,
  type FieldValue,
  type InstrumentDefinition,
  type Measure,
  type Restriction,
} from './policy/types.js';
export { recordPolicyMetrics } from './policyMetrics.js';
export { produceAndDeliver } from './production.js';
export { rationPriority, rationProportional, rationRandom } from './rationing.js';
export { Rng, deriveSeed } from './rng.js';
export { run, simulate, type Frame, type SimulateOptions, type SimulationResult } from './simulate.js';
export {
  DEFAULT_PARAMS,
  DEFAULT_POLICY_PARAMS,
  type AllianceSpec,
  type EdgeColumns,
  type EdgeSpec,
  type EngineParams,
  type FinalDemandSpec,
  type FirmSpec,
  type MeasureSpec,
  type PolicyParams,
  type ProductSpec,
  type RationingRule,
  type RecipeInput,
  type StateSpec,
  type SwitchingRule,
  type ThreatFactors,
  type WorldSpec,
} from './spec.js';
export { step } from './step.js';
export { substituteSuppliers } from './substitution.js';
export { generateWorld, type DegreeDistribution, type SyntheticWorldOptions } from './synthetic.js';
export { edgeCount, firmCount, inventorySteps, slotCount, slotState, worldBytes, type World } from './world.js';
