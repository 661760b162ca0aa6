/**
 * The plain-data description of a world. Scenario files produce it, code can
 * build it by hand, and {@link createWorld} turns it into a runnable {@link World}.
 *
 * Identifiers (`id`) are strings, unique within their kind. Quantities are in
 * product units per step unless a field says otherwise.
 *
 * @example
 * ```ts
 * const spec: WorldSpec = {
 *   states: [{ id: 'US' }, { id: 'CN' }],
 *   products: [
 *     { id: 'chip' },
 *     { id: 'phone', recipe: [{ product: 'chip', amount: 2 }] },
 *   ],
 *   firms: [
 *     { id: 'fab', state: 'US', product: 'chip' },
 *     { id: 'oem', state: 'CN', product: 'phone' },
 *   ],
 *   edges: [{ supplier: 'fab', buyer: 'oem' }],
 *   finalDemand: [{ state: 'US', product: 'phone', quantity: 10 }],
 * };
 * ```
 */
export interface WorldSpec {
  /** The states (countries or blocs). */
  states: StateSpec[];
  /** The products and their recipes; recipes must form a directed acyclic graph. */
  products: ProductSpec[];
  /** The firms; each makes one product in one state. */
  firms: FirmSpec[];
  /**
   * The supply edges from supplier firm to buyer firm, as objects or, for
   * large generated worlds, as columns of firm indices.
   */
  edges?: EdgeSpec[] | EdgeColumns;
  /** Each state's final demand for products. */
  finalDemand?: FinalDemandSpec[];
  /** Engine parameters; unset ones take {@link DEFAULT_PARAMS}. */
  params?: Partial<EngineParams>;
}

/** A state (country or bloc). */
export interface StateSpec {
  /** Unique identifier, e.g. `US`. */
  id: string;
  /** Display name. */
  name?: string;
  /** Gross domestic product, in US$ bn (informational in the core engine). */
  gdp?: number;
}

/** One input of a product's recipe (bill of materials). */
export interface RecipeInput {
  /** The input product's id. */
  product: string;
  /** Units of input needed per unit of output (> 0). */
  amount: number;
}

/** A product or technology, with its recipe. */
export interface ProductSpec {
  /** Unique identifier, e.g. `euv_lithography`. */
  id: string;
  /** Display name. */
  name?: string;
  /** Value-chain stage label, e.g. `SME` (informational). */
  stage?: string;
  /** Inputs per unit of output. Empty or absent for raw products. */
  recipe?: RecipeInput[];
  /** Unit price, used to value flows, revenue and output. Default 1. */
  price?: number;
}

/** A firm: one product, one home state. */
export interface FirmSpec {
  /** Unique identifier, e.g. `TSMC`. */
  id: string;
  /** Display name. */
  name?: string;
  /** Home state id. */
  state: string;
  /** Product id. */
  product: string;
  /**
   * Output capacity in units per step. When absent it is set to the firm's
   * steady-state demand times `1 + params.spareCapacity`.
   */
  capacity?: number;
  /** Target input inventory in days of use. Default `params.inventoryDays`. */
  inventoryDays?: number;
  /** Initial capacity damage in [0, 1]. Default 0. */
  damage?: number;
}

/** A supply edge: `supplier` sells its product to `buyer`. */
export interface EdgeSpec {
  /** Supplier firm id. Its product must be an input of the buyer's recipe. */
  supplier: string;
  /** Buyer firm id. */
  buyer: string;
  /**
   * The buyer's share of its demand for this input placed with this supplier.
   * Shares are normalized per (buyer, input); default: equal shares.
   */
  share?: number;
  /**
   * Rationing priority when the `priority` rule is used: higher is served first.
   * Default 1 for firm buyers and 0 for final demand, so intermediate demand is
   * served before households.
   */
  priority?: number;
}

/**
 * Supply edges in columnar form, for large generated worlds: `supplier[i]`
 * and `buyer[i]` are indices into {@link WorldSpec.firms}.
 */
export interface EdgeColumns {
  /** Supplier firm indices. */
  supplier: ArrayLike<number>;
  /** Buyer firm indices. */
  buyer: ArrayLike<number>;
  /** Optional shares (normalized per buyer and input); default equal. */
  share?: ArrayLike<number>;
}

/** A state's final (household and government) demand for one product. */
export interface FinalDemandSpec {
  /** The demanding state's id. */
  state: string;
  /** The product id. */
  product: string;
  /** Units demanded per step (>= 0). */
  quantity: number;
  /**
   * The firms that serve this demand and their shares. Default: every firm
   * making the product, weighted by its capacity (or equally, if capacities
   * are not given).
   */
  suppliers?: Array<{ firm: string; share?: number }>;
}

/** How a supplier short of output splits it among the orders it received. */
export type RationingRule = 'proportional' | 'priority' | 'random';

/** Engine parameters with their units. See docs/ODD.md for the equations. */
export interface EngineParams {
  /** Days per simulation step. Default 91.3125 (a quarter). */
  daysPerStep: number;
  /** Default target inventory of each input, in days of use. Default 15 (Inoue–Todo). */
  inventoryDays: number;
  /** Time to restore a target inventory, in days (Inoue–Todo τ). Default 6; at least one step applies. */
  inventoryRestoreDays: number;
  /** Rationing rule for suppliers short of output. Default `proportional`. */
  rationing: RationingRule;
  /**
   * Supplier-share substitution rate per step, in [0, 1]: the weight moved toward
   * suppliers that still deliver. Default 0.25.
   */
  substitutionRate: number;
  /** Maximum overproduction factor α_max (ARIO). Default 1.25. */
  overproductionMax: number;
  /** Characteristic time of overproduction adjustment τ_α, in days (ARIO). Default 365. */
  overproductionDays: number;
  /** Characteristic time of capacity-damage recovery, in days. Default 60 (BoARIO τ_rebuild). */
  damageRecoveryDays: number;
  /** Price elasticity of a buyer's supplier choice to a tariff: weight × (1 + τ)^(−ε). Default 2. */
  tariffElasticity: number;
  /** Spare capacity over steady demand, for firms with no capacity given. Default 0.1. */
  spareCapacity: number;
}

/** The default engine parameters. */
export const DEFAULT_PARAMS: Readonly<EngineParams> = Object.freeze({
  daysPerStep: 365.25 / 4,
  inventoryDays: 15,
  inventoryRestoreDays: 6,
  rationing: 'proportional',
  substitutionRate: 0.25,
  overproductionMax: 1.25,
  overproductionDays: 365,
  damageRecoveryDays: 60,
  tariffElasticity: 2,
  spareCapacity: 0.1,
});
