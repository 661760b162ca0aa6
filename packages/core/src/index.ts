/**
 * `@chokepoint/core`: the deterministic engine of the Chokepoint model.
 *
 * Build a world from a plain-data {@link WorldSpec} with {@link createWorld},
 * advance it with {@link step}, or run it whole with {@link simulate} or
 * frame by frame with {@link run}. The core does no I/O and imports no Node
 * built-ins, so it runs in Node and in the browser.
 *
 * Plugins extend it without editing it: {@link defineInstrument} and
 * {@link defineDoctrine} declare them, and `createWorld(spec, seed,
 * { instruments, doctrines })` registers them for a world. The built-in
 * doctrines ({@link dnm}, {@link nlg}, {@link derisking}) use the same API.
 *
 * The examples in this reference run as tests, with every export in scope
 * and the small world `spec` below defined: gallium → chips → phones, made in
 * the US, China and Taiwan.
 *
 * @example
 * ```ts
 * const spec: WorldSpec = {
 *   states: [{ id: 'US' }, { id: 'CN' }, { id: 'TW' }],
 *   products: [
 *     { id: 'gallium' },
 *     { id: 'chip', price: 3, strategic: true, recipe: [{ product: 'gallium', amount: 0.1 }] },
 *     {
 *       id: 'phone',
 *       price: 10,
 *       recipe: [{ product: 'chip', amount: 1 }],
 *       threat: { breadth: 0.8, access: 0.7, dependence: 0.6, detectability: 0.5 },
 *     },
 *   ],
 *   firms: [
 *     { id: 'GalliumCN', state: 'CN', product: 'gallium' },
 *     { id: 'Intel', state: 'US', product: 'chip' },
 *     { id: 'TSMC', state: 'TW', product: 'chip', origin: { TW: 0.7, US: 0.3 } },
 *     { id: 'Apple', state: 'US', product: 'phone' },
 *     { id: 'Huawei', state: 'CN', product: 'phone' },
 *   ],
 *   edges: [
 *     { supplier: 'GalliumCN', buyer: 'Intel' },
 *     { supplier: 'GalliumCN', buyer: 'TSMC' },
 *     { supplier: 'Intel', buyer: 'Apple', share: 0.6 },
 *     { supplier: 'TSMC', buyer: 'Apple', share: 0.4 },
 *     { supplier: 'Intel', buyer: 'Huawei', share: 0.3 },
 *     { supplier: 'TSMC', buyer: 'Huawei', share: 0.7 },
 *   ],
 *   finalDemand: [
 *     { state: 'US', product: 'phone', quantity: 30, suppliers: [{ firm: 'Apple', share: 0.8 }, { firm: 'Huawei', share: 0.2 }] },
 *     { state: 'CN', product: 'phone', quantity: 50, suppliers: [{ firm: 'Apple', share: 0.3 }, { firm: 'Huawei', share: 0.7 }] },
 *     { state: 'TW', product: 'phone', quantity: 10, suppliers: [{ firm: 'Apple' }] },
 *   ],
 * };
 * ```
 *
 * @example
 * ```ts
 * const result = simulate(spec, { steps: 8, seed: 42 });
 * const met = result.metrics.rows().filter((r) => r.variable === 'final_demand_met' && r.entity === 'CN');
 * console.log(met.length, met[7]!.value); // 8 500
 * ```
 *
 * @packageDocumentation
 */
export { designOut } from './adaptation/designOut.js';
export { invest } from './adaptation/investment.js';
export { growCapabilities } from './adaptation/capability.js';
export { advanceFrontiers, frontierRd, MAX_FRONTIER_EFFORT, toolCeiling } from './frontier.js';
export { diversify } from './adaptation/precaution.js';
export { searchBuyers } from './adaptation/sellerSearch.js';
export { searchSuppliers } from './adaptation/supplierSearch.js';
export { nationalAccounts, realIncome, type NationalAccounts } from './accounts.js';
export { productLevels } from './bom.js';
export { adjustCapacity } from './capacity.js';
export { createWorld } from './createWorld.js';
export {
  addedRestriction,
  aimsAt,
  answerable,
  chokepointProducts,
  covers,
  chance,
  importedProducts,
  isRestrictive,
  measuresAgainst,
  reciprocate,
  retaliate,
  strategicImports,
  type RetaliationOptions,
} from './doctrine/common.js';
export { decidePolicies } from './doctrine/decisions.js';
export { isDecisionStep, previousDecisionStep } from './doctrine/rounds.js';
export {
  LICENCE_DENIED,
  LICENCE_GRANTED,
  LICENCE_NONE,
  LICENCE_PENDING,
  LICENCE_TERMS,
  licensingOf,
  processLicences,
} from './policy/licensing.js';
export { capLicensedOrders, drawDownAllowances, dropAllowance, grantAllowance } from './policy/licenceQuantity.js';
export {
  DEFAULT_YARD_SIZE,
  deRiskingDoctrine,
  derisking,
  smallYard,
  type DeRiskingOptions,
} from './doctrine/derisking.js';
export { dnm } from './doctrine/dnm.js';
export { nlg } from './doctrine/nlg.js';
export { BUILTIN_DOCTRINES, doctrineRegistry } from './doctrine/registry.js';
export { doctrinePayoffs, relativeGainWeight, switchDoctrines } from './doctrine/switching.js';
export { WorldSpecError, describeValue, formatPath } from './errors.js';
export {
  addEdges,
  buildSupplierIndex,
  supplierIndex,
  type NetworkChange,
  type NewEdge,
  type SupplierIndex,
} from './network.js';
export { MECHANISMS, mechanismSwitches, type Mechanism } from './mechanisms.js';
export {
  ENTITY_KINDS,
  MetricsTable,
  recordMetrics,
  type EntityKind,
  type MetricRow,
  type RecordOptions,
} from './metrics.js';
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
export { applyQuotas, cutOrder, exportQuota } from './policy/quota.js';
export { controlLeakage } from './policy/leakage.js';
export { observePolicy } from './policy/observe.js';
export { currentTrail, noteBaseChange } from './policy/permissionTrail.js';
export { procurementBan } from './policy/procurementBan.js';
export { BUILTIN_INSTRUMENTS, instrumentRegistry } from './policy/registry.js';
export type { WorldOptions } from './policy/setup.js';
export type { AllianceState, BasePermissions, PermissionTrail, PolicyState } from './policy/state.js';
export { subsidy } from './policy/subsidy.js';
export { exportFinance } from './policy/exportFinance.js';
export { dataLocalization } from './policy/dataLocalization.js';
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
  type PriceSupport,
} from './policy/types.js';
export { recordPolicyMetrics } from './policyMetrics.js';
export { updatePrices } from './prices.js';
export { exp, ln, pow } from './math.js';
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
  type NonCriticalLoss,
  type PolicyParams,
  type ProductSpec,
  type RationingRule,
  type RecipeInput,
  type StateSpec,
  type SwitchingRule,
  type ThreatFactors,
  type WorldSpec,
} from './spec.js';
export {
  DEFAULT_ALIGNMENT_PARAMS,
  alignmentShare,
  createAlignment,
  financeByBloc,
  kitBloc,
  recordAlignmentMetrics,
  updateAlignment,
  type AlignmentPactSpec,
  type AlignmentParams,
  type AlignmentSpec,
  type AlignmentState,
} from './alignment.js';
export {
  DEFAULT_STANDARDS_PARAMS,
  adoptionShare,
  createStandards,
  recordStandardsMetrics,
  sepShare,
  updateStandards,
  type StandardsBlocSpec,
  type StandardsBodySpec,
  type StandardsParams,
  type StandardsSpec,
  type StandardsState,
  type VotingMode,
  type VotingRule,
} from './standards.js';
export {
  explainShortfall,
  formatShortfall,
  type ClosedSource,
  type ShortfallNode,
  type ShortfallOptions,
  type ShortInput,
} from './shortfall.js';
export { step } from './step.js';
export { studentTCdf, studentTQuantile } from './studentT.js';
export { substituteSuppliers } from './substitution.js';
export {
  TENURE_ESTABLISHED,
  TENURE_UNIT_DAYS,
  ageRelationships,
  relationshipHazard,
  tenureOf,
} from './relationships.js';
export { installCapitalGoods, toolWear, toolsPerCapacity } from './capital.js';
export { generateWorld, type DegreeDistribution, type SyntheticWorldOptions } from './synthetic.js';
export { edgeCount, firmCount, inventorySteps, slotCount, slotState, worldBytes, type World } from './world.js';
