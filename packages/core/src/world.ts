import type { Mechanism } from './mechanisms.js';
import type { Rng } from './rng.js';
import type { NetworkChange } from './network.js';
import type { PolicyState } from './policy/state.js';
import type { AlignmentState } from './alignment.js';
import type { StandardsState } from './standards.js';
import type { EngineParams } from './spec.js';

/**
 * The state of one run, as a struct of typed arrays.
 *
 * Firms are numbered in topological order of their products (inputs before
 * users; the makers of one product together, otherwise in spec order), so one
 * forward pass over firms moves goods down the whole supply chain within a step.
 *
 * Demand is organized in **slots**: one slot per (firm, recipe input), then
 * one slot per (state, final product) with final demand. Supply edges are
 * stored sorted by slot, so `slotEdgeStart` is the compressed-sparse-row
 * (CSR) index of the network by buyer; `firmSlotStart` groups a firm's slots.
 * The CSR index by supplier is built on demand by `supplierIndex(world)`.
 *
 * Arrays are public for speed and for the policy layer; change them through
 * the functions in `permissions` unless you know the invariants.
 *
 * @example
 * ```ts
 * const world: World = createWorld(spec, 1);
 * const apple = world.firmIndex.get('Apple')!;
 * console.log(world.firmIds[apple], world.stateIds[world.firmState[apple]!], world.productIds[world.firmProduct[apple]!], world.firmCapacity[apple]!.toFixed(1)); // Apple US phone 53.9
 * ```
 */
export interface World {
  /** Engine parameters in force. */
  readonly params: Readonly<EngineParams>;
  /** Which mechanisms run (all but those in `params.disabled`): the step skips the others. */
  readonly mechanisms: Readonly<Record<Mechanism, boolean>>;
  /** The seed the world was created with. */
  readonly seed: string;
  /** The root random generator; mechanisms use named streams of it. */
  readonly rng: Rng;
  /** Steps completed so far. */
  step: number;

  /** State ids, by state index. */
  readonly stateIds: readonly string[];
  /** Product ids, by product index. */
  readonly productIds: readonly string[];
  /** Firm ids, by firm index (topological order). */
  readonly firmIds: readonly string[];
  /** Index of each state id. */
  readonly stateIndex: ReadonlyMap<string, number>;
  /** Index of each product id. */
  readonly productIndex: ReadonlyMap<string, number>;
  /** Index of each firm id. */
  readonly firmIndex: ReadonlyMap<string, number>;

  /**
   * Base unit price of each product: its price in the steady state the world starts in. Current
   * prices are per firm, in {@link World.firmPrice}; values at base prices measure volumes.
   */
  readonly productPrice: Float64Array;
  /** Value added per unit of each product at base prices, p − Σ a·p_input (0 when inputs cost as much as the product). */
  readonly productValueAdded: Float64Array;
  /** Markup μ of each product: base price / base unit cost (1 unless inputs cost at least the price). */
  readonly productMarkup: Float64Array;
  /** Elasticity of substitution between each product's suppliers (Armington σ). */
  readonly productArmington: Float64Array;
  /** Price elasticity of final demand for each product (η). */
  readonly productDemandElasticity: Float64Array;
  /** Scarcity pricing exponent of each product (ω), when orders exceed what its makers can make. */
  readonly productPriceFlexibility: Float64Array;
  /** Discount exponent of each product (ω_d), when its makers' orders fall below their baseline. */
  readonly productDiscountFlexibility: Float64Array;
  /** Level of each product in the bill of materials (0 = raw). */
  readonly productLevel: Int32Array;
  /** CSR offsets of each product's recipe (length P + 1). */
  readonly recipeStart: Int32Array;
  /** Input product of each recipe entry. */
  readonly recipeInput: Int32Array;
  /** Units of input per unit of output, for each recipe entry. */
  readonly recipeAmount: Float64Array;

  /** Home state of each firm. */
  readonly firmState: Int32Array;
  /** Product of each firm. */
  readonly firmProduct: Int32Array;
  /** Output capacity per step before damage and overproduction. */
  readonly firmCapacity: Float64Array;
  /** Capacity damage in [0, 1]. */
  readonly firmDamage: Float64Array;
  /** Overproduction factor α in [1, α_max]. */
  readonly firmOverproduction: Float64Array;
  /** Target inventory of each input, in days of use. */
  readonly firmInventoryDays: Float64Array;
  /** Expected demand x̂ (last step's orders received), units per step. */
  readonly firmExpectedDemand: Float64Array;
  /** Orders received this step, units. */
  readonly firmDemand: Float64Array;
  /** Output this step, units. */
  readonly firmOutput: Float64Array;
  /** Share of orders filled this step, output / demand (1 when no demand). */
  readonly firmFillRate: Float64Array;
  /** First slot of each firm (length F + 1). */
  readonly firmSlotStart: Int32Array;
  /** Current price of each firm's output, before duty (`prices.ts`); its product's base price at the steady state. */
  readonly firmPrice: Float64Array;
  /** Scarcity factor π on each firm's value added (1 at the steady state; `prices.ts`). */
  readonly firmScarcity: Float64Array;
  /**
   * What each firm could supply this step: capacity·(1 − damage)·α, or what its critical inputs
   * allow when that is below both capacity and its orders (the supply side of scarcity pricing).
   */
  readonly firmPotential: Float64Array;
  /** Orders each firm received at the steady state: the baseline of scarcity pricing and seller search. */
  readonly firmBaseDemand: Float64Array;
  /**
   * Each firm's capacity when the world was created, before any damage: the plant its installed
   * tools and its normal utilization are measured against (capital.ts, adaptation/investment.ts),
   * and the supply its scarcity pricing compares this step's potential with (prices.ts), so damage
   * given in the spec is priced as a shock, like damage done later.
   */
  readonly firmBaseCapacity: Float64Array;
  /** Consecutive steps each firm's orders have stayed more than 25% below its baseline with capacity to spare (seller search). */
  readonly firmSlackSteps: Int32Array;

  /** Number of firm input slots; final-demand slots follow them. */
  readonly firmSlotCount: number;
  /** Owner of each slot: a firm index, or a final-demand index for final-demand slots. */
  readonly slotOwner: Int32Array;
  /** Product demanded in each slot. */
  readonly slotProduct: Int32Array;
  /**
   * Recipe amount per unit of output (firm slots), or the base quantity per step (final-demand
   * slots: the quantity demanded at base prices; the quantity wanted this step is
   * `slotOrdered + slotUnplaced`).
   */
  readonly slotAmount: Float64Array;
  /** Input stock held (firm slots), units. */
  readonly slotStock: Float64Array;
  /** Units received this step. */
  readonly slotReceived: Float64Array;
  /** Units ordered from permitted suppliers this step. */
  readonly slotOrdered: Float64Array;
  /** Units wanted this step but not orderable from any permitted supplier. */
  readonly slotUnplaced: Float64Array;
  /**
   * Delivered price of each slot's orders, duty included: the order-weighted mean of
   * price × (1 + tariff) over the edges it ordered from in the last step it ordered (its base
   * price before that).
   */
  readonly slotPrice: Float64Array;
  /** Units of each firm slot's input used in production this step. */
  readonly slotUsed: Float64Array;
  /** 1 where the firm slot's input is critical (no output without it), 0 where it is not; 1 for final demand. */
  readonly slotCritical: Uint8Array;
  /** Share of each firm slot's input in its buyer's unit cost at base prices (0 for final demand). */
  readonly slotCostShare: Float64Array;
  /** CSR offsets of each slot's edges (length slots + 1). */
  slotEdgeStart: Int32Array;

  /** State of each final-demand entry. */
  readonly finalDemandState: Int32Array;
  /** Product of each final-demand entry. */
  readonly finalDemandProduct: Int32Array;

  /** Supplier firm of each edge. */
  edgeSupplier: Int32Array;
  /** Slot (buyer and input) of each edge. */
  edgeSlot: Int32Array;
  /** Buyer's share of the slot's demand placed on the edge. Sums to 1 per slot. */
  edgeShare: Float64Array;
  /** The buyer's established (contract) share on the edge, which shares return to once every supplier delivers. */
  edgeBaseShare: Float64Array;
  /**
   * The share the buyer moved away from the edge while its supplier fell short, still remembered
   * (fading over `params.relationshipMemoryDays`): it comes back at `relationshipReturnRate`, faster
   * than new business is won (docs/ODD.md, sticky relationships).
   */
  edgeLapsedShare: Float32Array;
  /** Units ordered on the edge this step. */
  edgeOrder: Float64Array;
  /** Units delivered on the edge this step. */
  edgeDelivered: Float64Array;
  /** 1 where the edge is blocked (carries nothing), else 0. */
  edgeBlocked: Uint8Array;
  /** 1 where the supplier is in another state than the buyer (the edge is an import), else 0. Fixed for each edge. */
  edgeForeign: Uint8Array;
  /**
   * Where the edge's licence stands (`LICENCE_NONE` 0: none needed or none applied for; `LICENCE_PENDING`
   * 1: under review; `LICENCE_GRANTED` 2; `LICENCE_DENIED` 3), when its licence probability is below 1
   * (docs/ODD.md §7.5, licensing as a process). Only a granted edge carries goods.
   */
  edgeLicenceState: Uint8Array;
  /** The step at which the edge's licence state ends (a review is decided, a licence expires, a denied buyer applies again). */
  edgeLicenceUntil: Int32Array;
  /** The licensing regime of the edge (an index into `policy.licenceRegimes`: review and validity days), set by the measure that requires its licence; 0 the default. */
  edgeLicenceRegime: Uint8Array;
  /** Approval probability of a licence on the edge (the product of the measures' `licence` fields); 1 means no licence is needed. */
  edgeLicenceProbability: Float64Array;
  /** Ad valorem tariff rate on the edge (0.25 = 25%). */
  edgeTariff: Float64Array;

  /** Explicit rationing priority of each edge, or undefined when the spec set none (then firm buyers precede final demand). */
  edgePriority: Float64Array | undefined;
  /**
   * The age of each edge's relationship in quarters of a year; `TENURE_ESTABLISHED` (255) for one
   * established before the run. A buyer moves away from a young relationship faster (relationships.ts).
   */
  edgeTenure: Uint8Array;
  /** True while some edge's relationship is younger than established, so relationships age each quarter. */
  youngRelationships: boolean;

  /** Incremented whenever edges are added, so caches over edges know to rebuild. */
  networkVersion: number;
  /** Where the last network change moved the edges, for incremental cache updates. */
  lastNetworkChange: NetworkChange | undefined;

  /** Orders each slot has held on edges whose licence is pending, since the wait began (units; 0 when none is pending). */
  readonly slotBacklog: Float32Array;
  /** Extra target inventory of each slot, in days of use (front-loading before an announced measure). */
  readonly slotExtraDays: Float64Array;

  /** Technology frontier of each product. */
  readonly productFrontier: Float64Array;
  /** 1 for strategic products, else 0. */
  readonly productStrategic: Uint8Array;
  /** Four-factor threat score of each product, in [0, 1]. */
  readonly productThreat: Float64Array;
  /** Capability a new supplier of each product must have, in frontier units. */
  readonly productRequirement: Float64Array;
  /** Capability of each firm, in frontier units. */
  readonly firmCapability: Float64Array;
  /** Technology frontier of each product when the run started: export-control thresholds and requirements are shares of it (absolute levels). */
  readonly productStartFrontier: Float64Array;
  /** Characteristic time to build capacity to make each product, days. */
  readonly productTimeToBuild: Float64Array;
  /** Capacity each firm has under construction (units per step once built). */
  readonly firmCapacityUnderConstruction: Float64Array;
  /** 1 for capital goods (tools a buyer installs), else 0. */
  readonly productCapital: Uint8Array;
  /** Growth of each product's frontier per year at the base R&D spending of the firms at it. */
  readonly productFrontierGrowth: Float64Array;
  /** R&D spending of the firms at each product's frontier at the steady state (per step, base prices), which `productFrontierGrowth` is relative to. */
  readonly productBaseRd: Float64Array;
  /** Each firm's experience: its cumulative output, from `experienceYears` of normal output before the run (units). */
  readonly firmExperience: Float64Array;
  /**
   * Capability of the tools installed in each slot of a capital good, as a share of the tools'
   * frontier (replaced over `toolLifeYears` by what the slot receives); -1 in other slots; empty
   * (length 0) in a world without capital goods.
   */
  readonly slotToolCapability: Float64Array;
  /** R&D intensity (R&D / revenue) of each firm. */
  readonly firmRdIntensity: Float64Array;

  /** The policy layer's state: measures, doctrines, alliances, origin content. */
  readonly policy: PolicyState;

  /** Standards bodies, SEP shares and adoption (see `standards.ts`); undefined when the spec has none. */
  standards: StandardsState | undefined;
  /** Third countries' alignment with the standards blocs (see `alignment.ts`); undefined when the spec has none. */
  alignment: AlignmentState | undefined;
}

/**
 * Number of firms in a world.
 *
 * @example
 * ```ts
 * console.log(firmCount(createWorld(spec, 1))); // 5
 * ```
 */
export function firmCount(world: World): number {
  return world.firmIds.length;
}

/**
 * Number of supply edges in a world.
 *
 * @example
 * ```ts
 * console.log(edgeCount(createWorld(spec, 1))); // 11
 * ```
 */
export function edgeCount(world: World): number {
  return world.edgeSupplier.length;
}

/**
 * Number of demand slots (firm inputs, then final demand) in a world.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * // Firm inputs (Intel, TSMC: gallium; Apple, Huawei: chips), then final demand (US, CN, TW: phones).
 * console.log(slotCount(world), world.firmSlotCount); // 7 4
 * ```
 */
export function slotCount(world: World): number {
  return world.slotOwner.length;
}

/**
 * The state index of a slot's owner (the buyer firm's state, or the final-demand state).
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * console.log(Array.from({ length: slotCount(world) }, (_, slot) => world.stateIds[slotState(world, slot)])); // ['US', 'TW', 'US', 'CN', 'US', 'CN', 'TW']
 * ```
 */
export function slotState(world: World, slot: number): number {
  const owner = world.slotOwner[slot]!;
  return slot < world.firmSlotCount ? world.firmState[owner]! : world.finalDemandState[owner]!;
}

/**
 * Steps of use a firm's target inventory covers.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1); // 15 days of stock, quarterly steps
 * console.log(inventorySteps(world, world.firmIndex.get('Apple')!).toFixed(3)); // 0.164
 * ```
 */
export function inventorySteps(world: World, firm: number): number {
  return world.firmInventoryDays[firm]! / world.params.daysPerStep;
}

/**
 * Bytes held by the world's typed arrays (a lower bound on its memory).
 *
 * @example
 * ```ts
 * console.log(worldBytes(createWorld(spec, 1)) > 0); // true
 * ```
 */
export function worldBytes(world: World): number {
  let total = 0;
  for (const value of [...Object.values(world), ...Object.values(world.policy), ...Object.values(world.policy.base)]) {
    if (ArrayBuffer.isView(value)) total += value.byteLength;
  }
  return total;
}
