import type { PolicyParams, SwitchingRule } from '../spec.js';
import type { DoctrineDefinition, InstrumentDefinition, Measure } from './types.js';

/**
 * An alliance and its voting record.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, alliances: [{ id: 'chip4', members: ['US', 'TW'] }] }, 1);
 * const alliance: AllianceState = world.policy.alliances[0]!;
 * console.log(alliance.id, [...alliance.members], alliance.votes); // chip4 [0, 2] 0
 * ```
 */
export interface AllianceState {
  /** Alliance id. */
  readonly id: string;
  /** Member state indices. */
  readonly members: Int32Array;
  /** Coordinated votes held so far. */
  votes: number;
  /** Votes that passed. */
  passed: number;
  /** Member votes against a proposal (defections from alignment), so far. */
  defections: number;
}

/**
 * The edges whose effective permissions may differ from their base ones: those the measures
 * restricted when the compliance phase last ran, plus those whose base permissions changed
 * since. Every other edge's effective permissions equal its base ones, so the compliance phase
 * resets and restricts only these and the edges restricted now.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'export_control', issuer: 'US', targets: ['CN'], products: ['chip'] }] }, 1);
 * step(world);
 * const trail: PermissionTrail = world.policy.permissionTrail!; // the one edge restricted: Intel→Huawei
 * console.log(trail.version === world.networkVersion, trail.size); // true 1
 * ```
 */
export interface PermissionTrail {
  /** The network version the edge indices refer to. */
  version: number;
  /** Lists of edge indices, in any order, repeats allowed. */
  edges: Int32Array[];
  /** Total length of the lists. */
  size: number;
}

/**
 * The permissions set directly (by code or tests), under the measures. Change them with
 * `setBlocked`, `setLicenceProbability` and `setTariff`; code that writes these arrays itself
 * must then call `noteBaseChange` with the edges it changed, or the next compliance phase,
 * which revisits only the edges on the permission trail, will not see the change.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const base: BasePermissions = world.policy.base;
 * const edges = selectEdges(world, { supplierState: 'CN', buyerState: 'US' });
 * setTariff(world, edges, 0.1); // sets the base permission, which measures add to every step
 * console.log(base.tariff[edges[0]!], base.blocked[edges[0]!], base.licence[edges[0]!]); // 0.1 0 1
 * ```
 */
export interface BasePermissions {
  /** 1 where blocked. */
  blocked: Uint8Array;
  /** Licence probability. */
  licence: Float64Array;
  /** Tariff rate. */
  tariff: Float64Array;
}

/**
 * The policy layer's part of a world: registries, measures, doctrines,
 * alliances, origin content and the observations doctrines act on.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const policy: PolicyState = world.policy;
 * console.log(policy.active, policy.stateDoctrine, policy.params.threatThreshold); // false ['NLG', 'NLG', 'NLG'] 0.6
 * ```
 */
export interface PolicyState {
  /** Policy parameters in force. */
  readonly params: Readonly<PolicyParams>;
  /** Instruments by type (built-ins plus plugins). */
  readonly instruments: ReadonlyMap<string, InstrumentDefinition>;
  /** Doctrines by id (built-ins plus plugins). */
  readonly doctrines: ReadonlyMap<string, DoctrineDefinition>;
  /** Every measure so far, scripted or adopted, in creation order. */
  readonly measures: Measure[];
  /** Permissions set directly, which measures add to; the edge arrays hold the result. */
  base: BasePermissions;
  /** Whether `base` changed since the effective permissions were computed. */
  baseDirty: boolean;
  /**
   * The edges the compliance phase revisits to update the effective permissions without a pass
   * over every edge; `undefined` when its next pass must recompute every edge.
   */
  permissionTrail: PermissionTrail | undefined;
  /** Number of measures in force when permissions were last computed. */
  restrictingLastStep: number;
  /** Whether some slot targets extra inventory ahead of an announced measure. */
  frontLoading: boolean;
  /**
   * The licensing regimes in use (review, validity and quantity days; quantity 0 = no quantity
   * limit), indexed by `edgeLicenceRegime`; regime 0 is the policy defaults
   * (`licenceReviewDays`, `licenceValidityDays`, no quantity limit).
   */
  licenceRegimes: Array<{ reviewDays: number; validityDays: number; quantityDays: number }>;
  /**
   * What is left of each granted licence for a quantity (policy/licenceQuantity.ts), keyed by
   * slot × firms + supplier so it survives a network change: the quantity still covered and the
   * quantity granted. Iterated in insertion order (the order of the grants).
   */
  licenceAllowance: Map<number, { left: number; granted: number }>;
  /** Whether some edge needs a licence now or holds a licence state (licensing runs only then). */
  licensing: boolean;
  /** The export quotas in force (from the compliance phase): their edges, share of steady-state volume, grouping and allocation. */
  quotas: Array<{ edges: Int32Array; share: number; perTarget: boolean; historical: boolean }>;
  /**
   * The price supports in force (from the compliance phase, export finance): the paying state,
   * the edges and the rate each pays after its budget, in creation order.
   */
  supports: Array<{ issuer: number; edges: Int32Array; rate: number }>;
  /** Whether permissions changed since licences were last processed (a requirement may have started or ended). */
  licenceDirty: boolean;
  /**
   * The licences each measure in force requires (from the compliance phase): the supplier and
   * slot of every edge it licenses, so they are found again after the network changes. Read by
   * the metrics (licences by measure).
   */
  licenceRequirements: LicenceRequirement[];
  /** The ids of the measures that have required a licence so far, in the order they first did (their metric rows). */
  licensingMeasures: Set<string>;
  /** The first step at which a licence decision falls due (a review ends, a decision expires); licensing skips the steps before it when nothing changed. */
  licenceNext: number;
  /** Whether the policy layer has observed the world once (sets the initial output). */
  observed: boolean;
  /**
   * Whether the policy layer acts at all: the spec has measures, alliances, or
   * a state with a doctrine, rival or switching rule set. When false the
   * policy phases are skipped and the world is a pure production network.
   */
  readonly active: boolean;

  /** Doctrine id of each state. */
  readonly stateDoctrine: string[];
  /** Hawkishness of each state, in [0, 1]. */
  readonly stateHawkishness: Float64Array;
  /** Initial hawkishness of each state (domestic politics relaxes toward it). */
  readonly stateBaseHawkishness: Float64Array;
  /** Rival of each state, or -1. */
  readonly stateRival: Int32Array;
  /** Doctrine-switching rule of each state. */
  readonly stateSwitching: SwitchingRule[];
  /** Subsidy budget per step of each state (Infinity = unlimited). */
  readonly stateBudget: Float64Array;
  /** Subsidies paid this step (export finance included). */
  readonly stateSubsidyPaid: Float64Array;
  /** Export finance each state paid this step: the part of its firms' prices it paid for their foreign buyers (a transfer abroad). */
  readonly stateExportFinance: Float64Array;
  /** Export finance each state's buyers received this step (the price they did not pay). */
  readonly stateFinanceReceived: Float64Array;
  /** Supplier switching costs paid this step by each state's firms. */
  readonly stateSwitchingCost: Float64Array;
  /** Retaliations each state made this step. */
  readonly stateRetaliations: Int32Array;
  /** Retaliations each state suffered this step. */
  readonly stateRetaliationsSuffered: Int32Array;
  /** Each state's output value this step. */
  readonly stateOutput: Float64Array;
  /** Each state's output value in the first step, the base of imitation payoffs. */
  readonly stateInitialOutput: Float64Array;
  /**
   * Each state's largest relative-gain loss to its rival over the relative-gain horizon: the rise
   * of the rival's capability lead, as a share of the frontier, in a strategic product both make.
   */
  readonly stateRelativeGainLoss: Float64Array;
  /**
   * Each state's capability lead over its rival now, as a share of the frontier, averaged over
   * the strategic products both make (0 without a rival or a common product): the relative term
   * of the doctrine payoff.
   */
  readonly stateRelativeCapability: Float64Array;
  /** The best capability of each state in each product (S × P) at each of the last steps, a ring of `capabilityHistorySteps` + 1 entries. */
  readonly capabilityHistory: Float64Array;
  /** Steps the relative-gain horizon spans (`relativeGainHorizonDays` / days per step, at least 1). */
  readonly capabilityHistorySteps: number;
  /** Steps observed so far (the ring's fill). */
  capabilityObservations: number;
  /** Each state's real income at the steady state the world starts from (value added at base prices), the base of doctrine payoffs (0 until payoffs are first computed). */
  readonly stateInitialRealIncome: Float64Array;
  /** Each state's doctrine payoff this step: real income over its first value, plus θ × relative capability (0 until computed). */
  readonly statePayoff: Float64Array;
  /** Whether payoffs have been computed (they are when some state imitates). */
  payoffsObserved: boolean;
  /** Tension between each pair of states (S × S, symmetric), in [0, 1]: a decaying memory of the restrictions between them (§7.16). */
  readonly stateTension: Float64Array;
  /** Bumped whenever base shares move (precautionary diversification), so values derived from them are recomputed. */
  baseShareVersion: number;
  /** Whether some slot holds precautionary stock (so the next step knows to clear it). */
  precautionStocking: boolean;
  /** Base value of trade restricted by each state's measures in force this step (docs/ODD.md §7.7). */
  readonly stateRestrictedValue: Float64Array;
  /** Base value of trade restricted by all measures in force this step, none counted twice. */
  restrictedValue: number;
  /**
   * The base value of trade each measure restricted beyond the measures adopted before it, at its
   * first step in force (by measure id): 0 for a measure that duplicates one in force.
   */
  readonly measureAddedValue: Map<string, number>;

  /** Alliances. */
  readonly alliances: AllianceState[];

  /** States whose origin content is tracked (issuers of content-based rules). */
  readonly trackedStates: Int32Array;
  /** Position of each state in `trackedStates`, or -1. */
  readonly trackedIndex: Int32Array;
  /** Origin shares of each firm's own value added, firm-major (F × tracked). */
  readonly firmOwnOrigin: Float64Array;
  /** Origin content of each firm's output, firm-major (F × tracked). */
  readonly firmContent: Float64Array;
  /** Input share of the value of each firm's output, in [0, 1]. */
  readonly firmInputShare: Float64Array;
  /** R&D intensity added by subsidies this step. */
  readonly firmRdBoost: Float64Array;
  /** Value of the capacity each state's firms started to build this step (what it costs: `capitalToValueAdded` years of its value added at base prices). */
  readonly stateInvestment: Float64Array;
  /** Share of each firm's investment the subsidies in force pay this step (0 when none). */
  readonly firmInvestmentSubsidy: Float64Array;

  /** Best capability of each state in each product (S × P), this step. */
  readonly stateProductCapability: Float64Array;
  /** The same, last step. */
  readonly previousStateProductCapability: Float64Array;
  /** Each state's share of world capacity in each product (S × P). */
  readonly stateProductCapacityShare: Float64Array;
  /** Units of each state's demand for each product that went unmet this step (S × P). */
  readonly stateProductDenied: Float64Array;
  /** Units of each state's demand for each product this step (S × P). */
  readonly stateProductNeed: Float64Array;
  /** Access of a state (row) to another's knowledge (column), in [0, 1] (S × S). */
  readonly spilloverAccess: Float64Array;
  /** Share of each state's foreign supply edges left unrestricted (licence-weighted), in [0, 1]. */
  readonly stateForeignAccess: Float64Array;

  /** Consecutive steps each slot has had unmet need (supplier search patience). */
  readonly slotUnmetSteps: Int32Array;
  /** New supplier edges waiting for their first delivery. */
  readonly pendingSuppliers: Array<{ supplier: number; slot: number; from: number }>;
  /**
   * Flow (units) each third-country edge of a control carried before the first control covering
   * it came into force, keyed by slot × firms + supplier (stable when edges are added): the
   * baseline leakage is measured against (`policy/leakage.ts`).
   */
  readonly leakageBaseline: Map<number, number>;
  /** Ids of the controls whose baselines have been recorded. */
  readonly leakageNoted: Set<string>;
}

/**
 * The edges one measure requires a licence on (0 < approval probability < 1), by supplier and slot.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'export_control', id: 'chips', issuer: 'US', targets: ['CN'], products: ['chip'], licence: 0.5 }] }, 1);
 * step(world);
 * const [chips] = world.policy.licenceRequirements;
 * console.log(chips!.measure, chips!.supplier.length > 0); // chips true
 * ```
 */
export interface LicenceRequirement {
  /** The measure's id. */
  measure: string;
  /** Supplier firm of each licensed edge. */
  supplier: Int32Array;
  /** Slot of each licensed edge. */
  slot: Int32Array;
}
