import { productLevels } from './bom.js';
import { WorldSpecError, describeValue } from './errors.js';
import { FINAL_DEMAND_PRIORITY, FIRM_PRIORITY } from './network.js';
import { initialTechnology } from './frontier.js';
import { installCapitalGoods } from './capital.js';
import { updateOriginContent } from './policy/content.js';
import { parseMeasure, suggest } from './policy/fields.js';
import { observePolicy } from './policy/observe.js';
import { ln } from './math.js';
import { MECHANISMS, mechanismSwitches } from './mechanisms.js';
import { createPolicyState, type WorldOptions } from './policy/setup.js';
import { Rng } from './rng.js';
import { TENURE_ESTABLISHED, tenureOf } from './relationships.js';
import { createAlignment } from './alignment.js';
import { createStandards } from './standards.js';
import {
  DEFAULT_PARAMS,
  type EdgeColumns,
  type EdgeSpec,
  type EngineParams,
  type NonCriticalLoss,
  type RationingRule,
  type WorldSpec,
} from './spec.js';
import type { World } from './world.js';

const RATIONING_RULES: readonly RationingRule[] = ['proportional', 'priority', 'random'];
const NON_CRITICAL_LOSSES: readonly NonCriticalLoss[] = ['cost_share', 'none'];

/**
 * Builds the initial {@link World} from a plain-data {@link WorldSpec}.
 *
 * The world starts in its steady state: each firm's expected demand is the
 * demand its buyers place when everyone produces to meet final demand, and
 * each input stock is at its target. With no shock, such a world stays put.
 *
 * @param spec - The world description; it is not modified.
 * @param seed - The run's seed; all randomness derives from it.
 * @param options - Plugin instruments and doctrines, beside the built-ins.
 * @throws WorldSpecError with the field path when the spec is invalid.
 *
 * @example
 * ```ts
 * const world = createWorld({
 *   states: [{ id: 'US' }],
 *   products: [{ id: 'chip' }],
 *   firms: [{ id: 'fab', state: 'US', product: 'chip', capacity: 10 }],
 *   finalDemand: [{ state: 'US', product: 'chip', quantity: 5 }],
 * }, 42);
 * console.log(world.firmExpectedDemand[0]); // 5
 * ```
 */
export function createWorld(spec: WorldSpec, seed: string | number, options: WorldOptions = {}): World {
  if (spec === null || typeof spec !== 'object') {
    throw new WorldSpecError([], 'a world spec object', describeValue(spec));
  }
  const params = resolveParams(spec.params);
  const ids = readIds(spec);
  const products = readProducts(spec, params, ids);
  const firms = readFirms(spec, params, ids, products);
  const slots = buildSlots(spec, ids, firms, products);
  const edges = buildEdges(spec, ids, firms, slots, products);
  const steady = steadyState(params, products, firms, slots, edges);
  const policy = createPolicyState(
    spec,
    {
      params,
      stateIds: ids.stateIds,
      stateIndex: ids.stateIndex,
      firmIds: firms.firmIds,
      firmState: firms.firmState,
      firmProduct: firms.firmProduct,
      productPrice: products.productPrice,
      recipeStart: products.recipeStart,
      recipeAmount: products.recipeAmount,
      recipeInput: products.recipeInput,
      slotOwner: slots.slotOwner,
      edgeCount: edges.E,
      firmSpecIndex: firms.order,
    },
    options,
  );
  for (let w = 0; w < firms.firmIds.length; w++)
    if (Number.isNaN(firms.firmRdIntensity[w]!)) firms.firmRdIntensity[w] = policy.params.rdIntensity;
  for (let p = 0; p < ids.productIds.length; p++)
    if (Number.isNaN(products.productFrontierGrowth[p]!))
      products.productFrontierGrowth[p] = policy.params.frontierGrowth;
  for (let p = 0; p < ids.productIds.length; p++)
    if (Number.isNaN(products.productTimeToBuild[p]!)) products.productTimeToBuild[p] = policy.params.timeToBuildDays;
  const world = assembleWorld(params, seed, ids, products, firms, slots, edges, steady, policy);
  addScriptedMeasures(world, spec);
  initializeSubmodels(world, spec);
  return world;
}

/** The ids of states and products, and their indexes. */
interface Ids {
  stateIds: string[];
  productIds: string[];
  stateIndex: Map<string, number>;
  productIndex: Map<string, number>;
}

/** Reads the state and product ids (each unique). */
function readIds(spec: WorldSpec): Ids {
  const stateIds = indexIds(spec.states, 'states');
  const productIds = indexIds(spec.products, 'products');
  return { stateIds, productIds, stateIndex: toIndexMap(stateIds), productIndex: toIndexMap(productIds) };
}

/** The products' attributes and recipes, and the unit costs they give. */
type ProductTables = ReturnType<typeof readProducts>;

/** Reads the products: attributes, recipes (CSR over products in spec order), levels and unit costs. */
function readProducts(spec: WorldSpec, params: EngineParams, { productIds, productIndex }: Ids) {
  const P = productIds.length;
  // Recipes, as CSR over products in spec order.
  const recipeStart = new Int32Array(P + 1);
  const recipeInputs: number[] = [];
  const recipeAmounts: number[] = [];
  const productPrice = new Float64Array(P);
  const productFrontier = new Float64Array(P);
  const productStrategic = new Uint8Array(P);
  const productThreat = new Float64Array(P);
  const productRequirement = new Float64Array(P);
  const productCapital = new Uint8Array(P);
  const productFrontierGrowth = new Float64Array(P).fill(NaN); // NaN = the policy default
  const productTimeToBuild = new Float64Array(P).fill(NaN); // NaN = the policy default
  const productArmington = new Float64Array(P);
  const productDemandElasticity = new Float64Array(P);
  const productPriceFlexibility = new Float64Array(P);
  const productDiscountFlexibility = new Float64Array(P);
  const recipeCriticals: number[] = [];
  spec.products.forEach((product, p) => {
    productPrice[p] = optionalNumber(product.price, 1, ['products', p, 'price'], 0, Infinity, false);
    productFrontier[p] = optionalNumber(product.frontier, 1, ['products', p, 'frontier'], 0, Infinity, false);
    if (product.strategic !== undefined && typeof product.strategic !== 'boolean') {
      throw new WorldSpecError(['products', p, 'strategic'], 'true or false', describeValue(product.strategic));
    }
    productStrategic[p] = product.strategic ? 1 : 0;
    if (product.capital !== undefined && typeof product.capital !== 'boolean') {
      throw new WorldSpecError(['products', p, 'capital'], 'true or false', describeValue(product.capital));
    }
    productCapital[p] = product.capital ? 1 : 0;
    if (product.frontierGrowth !== undefined)
      productFrontierGrowth[p] = requiredNumber(product.frontierGrowth, ['products', p, 'frontierGrowth'], 0, 10, true);
    if (product.timeToBuildDays !== undefined)
      productTimeToBuild[p] = requiredNumber(
        product.timeToBuildDays,
        ['products', p, 'timeToBuildDays'],
        0,
        36525,
        false,
      );
    productThreat[p] = threatScore(product.threat, ['products', p, 'threat']);
    productRequirement[p] =
      optionalNumber(product.requirement, 0, ['products', p, 'requirement'], 0, 1, true) * productFrontier[p]!;
    productArmington[p] = optionalNumber(
      product.armingtonElasticity,
      params.armingtonElasticity,
      ['products', p, 'armingtonElasticity'],
      0,
      100,
      true,
    );
    productDemandElasticity[p] = optionalNumber(
      product.demandElasticity,
      params.demandElasticity,
      ['products', p, 'demandElasticity'],
      0,
      100,
      true,
    );
    productPriceFlexibility[p] = optionalNumber(
      product.priceFlexibility,
      params.priceFlexibility,
      ['products', p, 'priceFlexibility'],
      0,
      100,
      true,
    );
    productDiscountFlexibility[p] = optionalNumber(
      product.discountFlexibility,
      params.discountFlexibility,
      ['products', p, 'discountFlexibility'],
      0,
      100,
      true,
    );
    const recipe = product.recipe ?? [];
    if (!Array.isArray(recipe))
      throw new WorldSpecError(['products', p, 'recipe'], 'a list of inputs', describeValue(recipe));
    const seen = new Set<number>();
    recipe.forEach((input, r) => {
      const path = ['products', p, 'recipe', r];
      const k = lookup(productIndex, input?.product, [...path, 'product'], 'a product id');
      if (seen.has(k))
        throw new WorldSpecError([...path, 'product'], 'each input once per recipe', `"${input.product}" again`);
      seen.add(k);
      recipeInputs.push(k);
      recipeAmounts.push(requiredNumber(input.amount, [...path, 'amount'], 0, Infinity, false));
      if (input.critical !== undefined && typeof input.critical !== 'boolean') {
        throw new WorldSpecError([...path, 'critical'], 'true or false', describeValue(input.critical));
      }
      recipeCriticals.push(input.critical === false ? 0 : 1);
    });
    recipeStart[p + 1] = recipeInputs.length;
  });
  const recipeInput = Int32Array.from(recipeInputs);
  const recipeAmount = Float64Array.from(recipeAmounts);
  const productLevel = productLevels(recipeStart, recipeInput, productIds);
  const { productValueAdded, productMarkup, recipeCostShare } = unitCosts(
    productPrice,
    recipeStart,
    recipeInput,
    recipeAmount,
  );

  return {
    recipeStart,
    recipeInput,
    recipeAmount,
    recipeCriticals,
    productPrice,
    productFrontier,
    productStrategic,
    productThreat,
    productRequirement,
    productCapital,
    productFrontierGrowth,
    productTimeToBuild,
    productArmington,
    productDemandElasticity,
    productPriceFlexibility,
    productDiscountFlexibility,
    productLevel,
    productValueAdded,
    productMarkup,
    recipeCostShare,
  };
}

/** The firms, renumbered, and their attributes. */
type FirmTables = ReturnType<typeof readFirms>;

/**
 * Reads the firms, renumbered in topological order of their products, the makers of a product
 * together (stable): the suppliers of a slot then sit close in every per-firm array the order
 * loop reads.
 */
function readFirms(
  spec: WorldSpec,
  params: EngineParams,
  { stateIndex, productIndex }: Ids,
  { productLevel, productFrontier }: ProductTables,
) {
  const specFirmIds = indexIds(spec.firms, 'firms');
  const F = specFirmIds.length;
  const specFirmState = new Int32Array(F);
  const specFirmProduct = new Int32Array(F);
  spec.firms.forEach((firm, f) => {
    specFirmState[f] = lookup(stateIndex, firm.state, ['firms', f, 'state'], 'a state id');
    specFirmProduct[f] = lookup(productIndex, firm.product, ['firms', f, 'product'], 'a product id');
  });
  const order = Array.from({ length: F }, (_, f) => f);
  order.sort(
    (a, b) =>
      productLevel[specFirmProduct[a]!]! - productLevel[specFirmProduct[b]!]! ||
      specFirmProduct[a]! - specFirmProduct[b]! ||
      a - b,
  );
  const worldOf = new Int32Array(F); // spec index -> world index
  order.forEach((specIndex, w) => (worldOf[specIndex] = w));

  // Built by push, so every world's id arrays have the same elements kind (Array#map's result
  // can come out packed or holey), and the recorders' optimized code does not deopt per world.
  const firmIds: string[] = [];
  for (let w = 0; w < F; w++) firmIds.push(specFirmIds[order[w]!]!);
  const firmIndex = toIndexMap(firmIds);
  const firmState = new Int32Array(F);
  const firmProduct = new Int32Array(F);
  const firmCapacity = new Float64Array(F).fill(NaN); // NaN = derive from steady demand
  const firmDamage = new Float64Array(F);
  const firmInventoryDays = new Float64Array(F);
  const firmCapability = new Float64Array(F);
  const firmRdIntensity = new Float64Array(F).fill(NaN); // NaN = the policy default
  for (let w = 0; w < F; w++) {
    const f = order[w]!;
    const firm = spec.firms[f]!;
    firmState[w] = specFirmState[f]!;
    firmProduct[w] = specFirmProduct[f]!;
    if (firm.capacity !== undefined)
      firmCapacity[w] = requiredNumber(firm.capacity, ['firms', f, 'capacity'], 0, Infinity, true);
    firmDamage[w] = optionalNumber(firm.damage, 0, ['firms', f, 'damage'], 0, 1, true);
    firmInventoryDays[w] = optionalNumber(
      firm.inventoryDays,
      params.inventoryDays,
      ['firms', f, 'inventoryDays'],
      0,
      Infinity,
      true,
    );
    const frontier = productFrontier[firmProduct[w]!]!;
    firmCapability[w] = optionalNumber(firm.capability, frontier, ['firms', f, 'capability'], 0, frontier, true);
    if (firm.rdIntensity !== undefined)
      firmRdIntensity[w] = requiredNumber(firm.rdIntensity, ['firms', f, 'rdIntensity'], 0, 1, true);
  }

  return {
    specFirmIds,
    order,
    worldOf,
    firmIds,
    firmIndex,
    firmState,
    firmProduct,
    firmCapacity,
    firmDamage,
    firmInventoryDays,
    firmCapability,
    firmRdIntensity,
  };
}

/** The input slots: one per recipe input of each firm, then one per final-demand entry. */
type SlotTables = ReturnType<typeof buildSlots>;

/** Builds the slots of firms' inputs and of final demand. */
function buildSlots(
  spec: WorldSpec,
  { productIds, stateIndex, productIndex }: Ids,
  { firmProduct }: FirmTables,
  { recipeStart, recipeInput, recipeAmount, recipeCriticals, recipeCostShare }: ProductTables,
) {
  const F = firmProduct.length;
  const P = productIds.length;
  // Firm slots: one per recipe input of the firm's product.
  const firmSlotStart = new Int32Array(F + 1);
  for (let w = 0; w < F; w++) {
    const p = firmProduct[w]!;
    firmSlotStart[w + 1] = firmSlotStart[w]! + recipeStart[p + 1]! - recipeStart[p]!;
  }
  const firmSlotCount = firmSlotStart[F]!;

  // Final demand entries.
  const finalDemand = spec.finalDemand ?? [];
  if (!Array.isArray(finalDemand)) throw new WorldSpecError(['finalDemand'], 'a list', describeValue(finalDemand));
  const D = finalDemand.length;
  const finalDemandState = new Int32Array(D);
  const finalDemandProduct = new Int32Array(D);
  const finalDemandQuantity = new Float64Array(D);
  const seenDemand = new Map<number, number>();
  finalDemand.forEach((entry, i) => {
    finalDemandState[i] = lookup(stateIndex, entry?.state, ['finalDemand', i, 'state'], 'a state id');
    finalDemandProduct[i] = lookup(productIndex, entry.product, ['finalDemand', i, 'product'], 'a product id');
    finalDemandQuantity[i] = requiredNumber(entry.quantity, ['finalDemand', i, 'quantity'], 0, Infinity, true);
    const key = finalDemandState[i]! * P + finalDemandProduct[i]!;
    const previous = seenDemand.get(key);
    if (previous !== undefined) {
      throw new WorldSpecError(
        ['finalDemand', i],
        `one entry per state and product`,
        `a second entry for ${entry.state}/${entry.product} (first at finalDemand[${previous}])`,
      );
    }
    seenDemand.set(key, i);
  });

  const slotTotal = firmSlotCount + D;
  const slotOwner = new Int32Array(slotTotal);
  const slotProduct = new Int32Array(slotTotal);
  const slotAmount = new Float64Array(slotTotal);
  const slotCritical = new Uint8Array(slotTotal).fill(1);
  const slotCostShare = new Float64Array(slotTotal);
  for (let w = 0; w < F; w++) {
    const p = firmProduct[w]!;
    for (let r = recipeStart[p]!, s = firmSlotStart[w]!; r < recipeStart[p + 1]!; r++, s++) {
      slotOwner[s] = w;
      slotProduct[s] = recipeInput[r]!;
      slotAmount[s] = recipeAmount[r]!;
      slotCritical[s] = recipeCriticals[r]!;
      slotCostShare[s] = recipeCostShare[r]!;
    }
  }
  for (let i = 0; i < D; i++) {
    slotOwner[firmSlotCount + i] = i;
    slotProduct[firmSlotCount + i] = finalDemandProduct[i]!;
    slotAmount[firmSlotCount + i] = finalDemandQuantity[i]!;
  }

  return {
    firmSlotStart,
    firmSlotCount,
    finalDemand,
    D,
    finalDemandState,
    finalDemandProduct,
    finalDemandQuantity,
    slotTotal,
    slotOwner,
    slotProduct,
    slotAmount,
    slotCritical,
    slotCostShare,
  };
}

/** The supply network in CSR form by buyer slot. */
type EdgeTables = ReturnType<typeof buildEdges>;

/** Builds the edges: the spec's, then final demand's; sorted by slot, shares normalized per slot. */
function buildEdges(
  spec: WorldSpec,
  { productIds }: Ids,
  { specFirmIds, worldOf, firmProduct, firmCapacity, firmIds, order }: FirmTables,
  { firmSlotStart, firmSlotCount, finalDemand, finalDemandProduct, slotTotal, slotOwner, slotProduct }: SlotTables,
  { recipeStart, recipeInput }: ProductTables,
) {
  const P = productIds.length;
  // Raw edges (unsorted): supplier (world index), slot, share, priority.
  const raw = collectEdges(spec, specFirmIds, worldOf, firmProduct, firmSlotStart, recipeStart, recipeInput, P);
  const fd = collectFinalDemandEdges(
    finalDemand,
    specFirmIds,
    worldOf,
    firmProduct,
    firmCapacity,
    firmSlotCount,
    finalDemandProduct,
  );
  const E = raw.count + fd.supplier.length;
  const rawSupplier = new Int32Array(E);
  const rawSlot = new Int32Array(E);
  const rawShare = new Float64Array(E);
  rawSupplier.set(raw.supplier.subarray(0, raw.count));
  rawSlot.set(raw.slot.subarray(0, raw.count));
  rawShare.set(raw.share.subarray(0, raw.count));
  rawSupplier.set(fd.supplier, raw.count);
  rawSlot.set(fd.slot, raw.count);
  rawShare.set(fd.share, raw.count);
  // Relationship tenure: established unless an edge of the spec says how old it is.
  const rawTenure = new Uint8Array(E).fill(TENURE_ESTABLISHED);
  if (raw.tenure !== undefined) rawTenure.set(raw.tenure.subarray(0, raw.count));
  let rawPriority: Float64Array | undefined = raw.priority;
  if (rawPriority !== undefined) {
    const all = new Float64Array(E).fill(FINAL_DEMAND_PRIORITY);
    all.set(rawPriority.subarray(0, raw.count));
    rawPriority = all;
  }

  // Sort edges by slot (stable counting sort): the CSR by buyer.
  const slotEdgeStart = new Int32Array(slotTotal + 1);
  for (let e = 0; e < E; e++) slotEdgeStart[rawSlot[e]! + 1]!++;
  for (let s = 0; s < slotTotal; s++) slotEdgeStart[s + 1]! += slotEdgeStart[s]!;
  const cursor = slotEdgeStart.slice(0, slotTotal);
  const edgeSupplier = new Int32Array(E);
  const edgeSlot = new Int32Array(E);
  const edgeShare = new Float64Array(E);
  const edgePriority = rawPriority === undefined ? undefined : new Float64Array(E);
  const edgeTenure = new Uint8Array(E);
  for (let e = 0; e < E; e++) {
    const at = cursor[rawSlot[e]!]!++;
    edgeTenure[at] = rawTenure[e]!;
    edgeSupplier[at] = rawSupplier[e]!;
    edgeSlot[at] = rawSlot[e]!;
    edgeShare[at] = rawShare[e]!;
    if (edgePriority !== undefined) edgePriority[at] = rawPriority![e]!;
  }

  // Normalize shares per slot; every firm input needs at least one supplier.
  for (let s = 0; s < slotTotal; s++) {
    const start = slotEdgeStart[s]!;
    const end = slotEdgeStart[s + 1]!;
    if (start === end && s < firmSlotCount) {
      const firm = slotOwner[s]!;
      throw new WorldSpecError(
        ['firms', order[firm]!],
        `a supplier of each recipe input`,
        `no supplier of "${productIds[slotProduct[s]!]}" for firm "${firmIds[firm]}" (add an edge to it)`,
      );
    }
    let sum = 0;
    for (let e = start; e < end; e++) sum += edgeShare[e]!;
    if (sum > 0) for (let e = start; e < end; e++) edgeShare[e] = edgeShare[e]! / sum;
    else for (let e = start; e < end; e++) edgeShare[e] = 1 / (end - start);
  }

  const youngRelationships = raw.tenure !== undefined && edgeTenure.some((age) => age < TENURE_ESTABLISHED);
  return { E, slotEdgeStart, edgeSupplier, edgeSlot, edgeShare, edgePriority, edgeTenure, youngRelationships };
}

/**
 * The steady state: demand flows upstream from final demand in one reverse pass; capacities not
 * given are derived from it, stocks are at their targets, prices at base.
 */
function steadyState(
  params: EngineParams,
  { productPrice }: ProductTables,
  { firmCapacity, firmDamage, firmInventoryDays, firmProduct }: FirmTables,
  { firmSlotStart, firmSlotCount, slotTotal, slotAmount, slotProduct }: SlotTables,
  { slotEdgeStart, edgeSupplier, edgeShare }: EdgeTables,
) {
  const F = firmProduct.length;
  const firmExpectedDemand = new Float64Array(F);
  for (let s = firmSlotCount; s < slotTotal; s++) {
    const need = slotAmount[s]!;
    for (let e = slotEdgeStart[s]!; e < slotEdgeStart[s + 1]!; e++)
      firmExpectedDemand[edgeSupplier[e]!]! += need * edgeShare[e]!;
  }
  for (let w = F - 1; w >= 0; w--) {
    const demand = firmExpectedDemand[w]!;
    for (let s = firmSlotStart[w]!; s < firmSlotStart[w + 1]!; s++) {
      const need = slotAmount[s]! * demand;
      for (let e = slotEdgeStart[s]!; e < slotEdgeStart[s + 1]!; e++)
        firmExpectedDemand[edgeSupplier[e]!]! += need * edgeShare[e]!;
    }
  }
  for (let w = 0; w < F; w++) {
    if (Number.isNaN(firmCapacity[w]!)) firmCapacity[w] = firmExpectedDemand[w]! * (1 + params.spareCapacity);
  }
  const slotStock = new Float64Array(slotTotal);
  for (let w = 0; w < F; w++) {
    const steps = firmInventoryDays[w]! / params.daysPerStep;
    for (let s = firmSlotStart[w]!; s < firmSlotStart[w + 1]!; s++)
      slotStock[s] = steps * slotAmount[s]! * firmExpectedDemand[w]!;
  }
  // What each firm could supply at the steady state: its capacity (its inputs, a step's delivery plus stock, cover its orders).
  const firmPotential = new Float64Array(F);
  for (let w = 0; w < F; w++) firmPotential[w] = firmCapacity[w]! * (1 - firmDamage[w]!);
  const firmPrice = new Float64Array(F);
  for (let w = 0; w < F; w++) firmPrice[w] = productPrice[firmProduct[w]!]!;
  const slotPrice = new Float64Array(slotTotal);
  for (let s = 0; s < slotTotal; s++) slotPrice[s] = productPrice[slotProduct[s]!]!;

  return { firmExpectedDemand, slotStock, firmPotential, firmPrice, slotPrice };
}

/** The world's state, from the tables built. */
function assembleWorld(
  params: EngineParams,
  seed: string | number,
  { stateIds, productIds, stateIndex, productIndex }: Ids,
  products: ProductTables,
  firms: FirmTables,
  slots: SlotTables,
  edges: EdgeTables,
  steady: ReturnType<typeof steadyState>,
  policy: World['policy'],
): World {
  const {
    productPrice,
    productValueAdded,
    productMarkup,
    productArmington,
    productDemandElasticity,
    productPriceFlexibility,
    productDiscountFlexibility,
    productLevel,
    recipeStart,
    recipeInput,
    recipeAmount,
  } = products;
  const {
    productFrontier,
    productStrategic,
    productThreat,
    productRequirement,
    productTimeToBuild,
    productCapital,
    productFrontierGrowth,
  } = products;
  const {
    firmIds,
    firmIndex,
    firmState,
    firmProduct,
    firmCapacity,
    firmDamage,
    firmInventoryDays,
    firmCapability,
    firmRdIntensity,
  } = firms;
  const {
    firmSlotStart,
    firmSlotCount,
    slotOwner,
    slotProduct,
    slotAmount,
    slotCritical,
    slotCostShare,
    slotTotal,
    finalDemandState,
    finalDemandProduct,
  } = slots;
  const { E, slotEdgeStart, edgeSupplier, edgeSlot, edgeShare, edgePriority, edgeTenure, youngRelationships } = edges;
  const { firmExpectedDemand, slotStock, firmPotential, firmPrice, slotPrice } = steady;
  const F = firmIds.length;
  const P = productIds.length;
  const world: World = {
    params,
    mechanisms: mechanismSwitches(params.disabled),
    seed: String(seed),
    rng: new Rng(seed),
    step: 0,
    stateIds,
    productIds,
    firmIds,
    stateIndex,
    productIndex,
    firmIndex,
    productPrice,
    productValueAdded,
    productMarkup,
    productArmington,
    productDemandElasticity,
    productPriceFlexibility,
    productDiscountFlexibility,
    productLevel,
    recipeStart,
    recipeInput,
    recipeAmount,
    firmState,
    firmProduct,
    firmCapacity,
    firmDamage,
    firmOverproduction: new Float64Array(F).fill(1),
    firmInventoryDays,
    firmExpectedDemand,
    firmDemand: firmExpectedDemand.slice(),
    firmOutput: firmExpectedDemand.slice(),
    firmFillRate: new Float64Array(F).fill(1),
    firmSlotStart,
    firmPrice,
    firmScarcity: new Float64Array(F).fill(1),
    firmPotential,
    firmBaseDemand: firmExpectedDemand.slice(),
    firmBaseCapacity: firmCapacity.slice(),
    firmSlackSteps: new Int32Array(F),
    firmSlotCount,
    slotOwner,
    slotProduct,
    slotAmount,
    slotStock,
    slotReceived: new Float64Array(slotTotal),
    slotOrdered: new Float64Array(slotTotal),
    slotUnplaced: new Float64Array(slotTotal),
    slotPrice,
    slotUsed: new Float64Array(slotTotal),
    slotCritical,
    slotCostShare,
    slotExtraDays: new Float64Array(slotTotal),
    slotBacklog: new Float32Array(slotTotal),
    slotEdgeStart,
    finalDemandState,
    finalDemandProduct,
    edgeSupplier,
    edgeSlot,
    edgeShare,
    edgeBaseShare: edgeShare.slice(),
    edgeLapsedShare: new Float32Array(E), // a remembered share: single precision is ample, and saves 4 bytes an edge
    edgeOrder: new Float64Array(E),
    edgeDelivered: new Float64Array(E),
    edgeBlocked: new Uint8Array(E),
    edgeForeign: foreignEdges(edgeSupplier, slotEdgeStart, slotOwner, firmSlotCount, firmState, finalDemandState),
    edgeLicenceProbability: new Float64Array(E).fill(1),
    edgeLicenceState: new Uint8Array(E),
    edgeLicenceUntil: new Int32Array(E),
    edgeLicenceRegime: new Uint8Array(E),
    edgeTariff: new Float64Array(E),
    edgePriority,
    edgeTenure,
    youngRelationships,
    networkVersion: 0,
    lastNetworkChange: undefined,
    productFrontier,
    productStrategic,
    productThreat,
    productRequirement,
    firmCapability,
    productStartFrontier: productFrontier.slice(),
    productTimeToBuild,
    firmCapacityUnderConstruction: new Float64Array(F),
    productCapital,
    productFrontierGrowth,
    productBaseRd: new Float64Array(P),
    firmExperience: new Float64Array(F),
    slotToolCapability: productCapital.includes(1) ? new Float64Array(slotTotal).fill(-1) : new Float64Array(0),
    firmRdIntensity,
    policy,
    standards: undefined,
    alignment: undefined,
  };

  return world;
}

/** Adds the spec's scripted measures to the policy state (each id unique). */
function addScriptedMeasures(world: World, spec: WorldSpec): void {
  const measures = spec.measures ?? [];
  const ids = new Map<string, number>();
  measures.forEach((measure, i) => {
    const parsed = parseMeasure(world, measure, ['measures', i], 'script', { defaultId: `${measure?.type}-${i + 1}` });
    const first = ids.get(parsed.id);
    if (first !== undefined)
      throw new WorldSpecError(
        ['measures', i, 'id'],
        'a unique measure id',
        `"${parsed.id}", already used by measures[${first}]`,
      );
    ids.set(parsed.id, i);
    world.policy.measures.push(parsed);
  });
}

/** Sets the initial technology, installed tools, origin content, observed policy, standards and alignment. */
function initializeSubmodels(world: World, spec: WorldSpec): void {
  initialTechnology(world);
  installCapitalGoods(world); // capital-good slots hold their installed base, not an inventory
  updateOriginContent(world, true);
  if (world.policy.active) observePolicy(world);
  if (spec.standards !== undefined) world.standards = createStandards(world, spec.standards, spec.states);
  if (spec.alignment !== undefined) world.alignment = createAlignment(world, spec.alignment);
  const aligning = world.policy.stateSwitching.indexOf('alignment');
  if (aligning >= 0 && world.alignment === undefined) {
    throw new WorldSpecError(
      ['states', aligning, 'switching'],
      'a switching rule the world supports ("alignment" needs `alignment` in the spec)',
      '"alignment"',
    );
  }
}

/**
 * Unit costs at base prices: each product's value added per unit, v = p − Σ a·p_input (0 when
 * the inputs cost at least the price), its markup μ = p / (v + Σ a·p_input), and each recipe
 * entry's share of the unit cost.
 */
function unitCosts(
  price: Float64Array,
  recipeStart: Int32Array,
  recipeInput: Int32Array,
  recipeAmount: Float64Array,
): { productValueAdded: Float64Array; productMarkup: Float64Array; recipeCostShare: Float64Array } {
  const P = price.length;
  const productValueAdded = new Float64Array(P);
  const productMarkup = new Float64Array(P);
  const recipeCostShare = new Float64Array(recipeInput.length);
  for (let p = 0; p < P; p++) {
    let inputs = 0;
    for (let r = recipeStart[p]!; r < recipeStart[p + 1]!; r++) inputs += recipeAmount[r]! * price[recipeInput[r]!]!;
    const valueAdded = Math.max(0, price[p]! - inputs);
    const cost = valueAdded + inputs;
    productValueAdded[p] = valueAdded;
    productMarkup[p] = price[p]! / cost;
    for (let r = recipeStart[p]!; r < recipeStart[p + 1]!; r++)
      recipeCostShare[r] = (recipeAmount[r]! * price[recipeInput[r]!]!) / cost;
  }
  return { productValueAdded, productMarkup, recipeCostShare };
}

function threatScore(threat: unknown, path: Array<string | number>): number {
  if (threat === undefined) return 0;
  if (threat === null || typeof threat !== 'object')
    throw new WorldSpecError(path, 'an object {breadth, access, dependence, detectability}', describeValue(threat));
  const factors = ['breadth', 'access', 'dependence', 'detectability'] as const;
  for (const key of Object.keys(threat)) {
    if (!(factors as readonly string[]).includes(key))
      throw new WorldSpecError([...path, key], `one of ${factors.join(', ')}`, `unknown key "${key}"`);
  }
  let sum = 0;
  for (const factor of factors)
    sum += requiredNumber((threat as Record<string, unknown>)[factor], [...path, factor], 0, 1, true);
  return sum / factors.length;
}

function resolveParams(overrides: Partial<EngineParams> | undefined): EngineParams {
  if (overrides !== undefined && (overrides === null || typeof overrides !== 'object')) {
    throw new WorldSpecError(['params'], 'an object of engine parameters', describeValue(overrides));
  }
  const params: EngineParams = { ...DEFAULT_PARAMS };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (!(key in DEFAULT_PARAMS) && key !== 'tariffElasticity' && key !== 'substitutionRate') {
      throw new WorldSpecError(
        ['params', key],
        `an engine parameter${suggest(key, Object.keys(DEFAULT_PARAMS))} (one of ${Object.keys(DEFAULT_PARAMS).join(', ')})`,
        `unknown key "${key}"`,
      );
    }
    if (value === undefined) continue;
    (params as unknown as Record<string, unknown>)[key] = value;
  }
  if (!RATIONING_RULES.includes(params.rationing)) {
    throw new WorldSpecError(
      ['params', 'rationing'],
      RATIONING_RULES.map((r) => `"${r}"`).join(' | '),
      describeValue(params.rationing),
    );
  }
  requiredNumber(params.daysPerStep, ['params', 'daysPerStep'], 0, Infinity, false);
  requiredNumber(params.inventoryDays, ['params', 'inventoryDays'], 0, Infinity, true);
  requiredNumber(params.inventoryRestoreDays, ['params', 'inventoryRestoreDays'], 0, Infinity, false);
  if (params.substitutionRate !== undefined) {
    // The former form, a share per step: the characteristic time that moves that share in one step of this length.
    const sigma = requiredNumber(params.substitutionRate, ['params', 'substitutionRate'], 0, 1, true);
    const log = sigma >= 1 ? -Infinity : ln(1 - sigma); // 0 when σ is too small to move anything
    if (overrides?.substitutionDays === undefined)
      params.substitutionDays = log < 0 ? -params.daysPerStep / log : Infinity;
    delete params.substitutionRate;
  }
  if (!(typeof params.substitutionDays === 'number' && params.substitutionDays >= 0))
    throw new WorldSpecError(
      ['params', 'substitutionDays'],
      'a number of days >= 0',
      describeValue(params.substitutionDays),
    );
  requiredNumber(params.shareReversionRate, ['params', 'shareReversionRate'], 0, Infinity, true);
  requiredNumber(params.relationshipReturnRate, ['params', 'relationshipReturnRate'], 0, Infinity, true);
  requiredNumber(params.relationshipMemoryDays, ['params', 'relationshipMemoryDays'], 0, Infinity, false);
  requiredNumber(params.newRelationshipHazard, ['params', 'newRelationshipHazard'], 1, Infinity, true);
  requiredNumber(params.relationshipMaturityDays, ['params', 'relationshipMaturityDays'], 0, Infinity, false);
  requiredNumber(params.overproductionMax, ['params', 'overproductionMax'], 1, Infinity, true);
  requiredNumber(params.overproductionDays, ['params', 'overproductionDays'], 0, Infinity, false);
  requiredNumber(params.damageRecoveryDays, ['params', 'damageRecoveryDays'], 0, Infinity, false);
  if (params.tariffElasticity !== undefined) {
    // The former name: it sets the Armington elasticity unless that is given too.
    requiredNumber(params.tariffElasticity, ['params', 'tariffElasticity'], 0, 100, true);
    if (overrides?.armingtonElasticity === undefined) params.armingtonElasticity = params.tariffElasticity;
    delete params.tariffElasticity;
  }
  requiredNumber(params.armingtonElasticity, ['params', 'armingtonElasticity'], 0, 100, true);
  requiredNumber(params.spareCapacity, ['params', 'spareCapacity'], 0, Infinity, true);
  requiredNumber(params.demandElasticity, ['params', 'demandElasticity'], 0, 100, true);
  requiredNumber(params.priceFlexibility, ['params', 'priceFlexibility'], 0, 100, true);
  requiredNumber(params.discountFlexibility, ['params', 'discountFlexibility'], 0, 100, true);
  requiredNumber(params.priceAdjustmentDays, ['params', 'priceAdjustmentDays'], 0, Infinity, false);
  requiredNumber(params.priceFloor, ['params', 'priceFloor'], 0, 1, false);
  requiredNumber(params.priceCap, ['params', 'priceCap'], 1, 1e6, true);
  if (!NON_CRITICAL_LOSSES.includes(params.nonCriticalLoss)) {
    throw new WorldSpecError(
      ['params', 'nonCriticalLoss'],
      NON_CRITICAL_LOSSES.map((r) => `"${r}"`).join(' | '),
      describeValue(params.nonCriticalLoss),
    );
  }
  if (typeof params.sellerSearch !== 'boolean')
    throw new WorldSpecError(['params', 'sellerSearch'], 'true or false', describeValue(params.sellerSearch));
  if (!Array.isArray(params.disabled))
    throw new WorldSpecError(
      ['params', 'disabled'],
      `a list of mechanisms (${MECHANISMS.join(', ')})`,
      describeValue(params.disabled),
    );
  params.disabled.forEach((m, i) => {
    if (!(MECHANISMS as readonly string[]).includes(m)) {
      throw new WorldSpecError(
        ['params', 'disabled', i],
        `a mechanism${suggest(String(m), MECHANISMS)} (one of ${MECHANISMS.join(', ')})`,
        describeValue(m),
      );
    }
  });
  params.disabled = Object.freeze([...params.disabled]);
  requiredNumber(params.sellerSearchDays, ['params', 'sellerSearchDays'], 0, Infinity, true);
  requiredNumber(params.sellerSearchDelayDays, ['params', 'sellerSearchDelayDays'], 0, Infinity, true);
  requiredNumber(params.costOfFunds, ['params', 'costOfFunds'], 0, 10, true);
  return Object.freeze(params);
}

function indexIds(list: ReadonlyArray<{ id: string }> | undefined, field: string): string[] {
  if (!Array.isArray(list)) throw new WorldSpecError([field], 'a list', describeValue(list));
  const seen = new Map<string, number>();
  const ids: string[] = []; // by push: see firmIds in createWorld
  for (let i = 0; i < list.length; i++) {
    const id = (list[i] as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || id === '')
      throw new WorldSpecError([field, i, 'id'], 'a non-empty string', describeValue(id));
    const first = seen.get(id);
    if (first !== undefined)
      throw new WorldSpecError([field, i, 'id'], `a unique id`, `"${id}", already used by ${field}[${first}]`);
    seen.set(id, i);
    ids.push(id);
  }
  return ids;
}

/** Per edge, 1 where the supplier's state differs from the buyer's (see `World.edgeForeign`). */
function foreignEdges(
  edgeSupplier: Int32Array,
  slotEdgeStart: Int32Array,
  slotOwner: Int32Array,
  firmSlotCount: number,
  firmState: Int32Array,
  finalDemandState: Int32Array,
): Uint8Array {
  const foreign = new Uint8Array(edgeSupplier.length);
  for (let slot = 0; slot < slotOwner.length; slot++) {
    const to = slot < firmSlotCount ? firmState[slotOwner[slot]!]! : finalDemandState[slotOwner[slot]!]!;
    for (let e = slotEdgeStart[slot]!; e < slotEdgeStart[slot + 1]!; e++)
      foreign[e] = firmState[edgeSupplier[e]!] === to ? 0 : 1;
  }
  return foreign;
}

function toIndexMap(ids: readonly string[]): Map<string, number> {
  return new Map(ids.map((id, i) => [id, i]));
}

function lookup(index: ReadonlyMap<string, number>, id: unknown, path: Array<string | number>, what: string): number {
  const found = typeof id === 'string' ? index.get(id) : undefined;
  if (found === undefined) {
    const known = [...index.keys()];
    const hint = known.length <= 12 ? ` (one of ${known.join(', ')})` : '';
    throw new WorldSpecError(
      path,
      `${what}${typeof id === 'string' ? suggest(id, known) : ''}${hint}`,
      describeValue(id),
    );
  }
  return found;
}

function requiredNumber(
  value: unknown,
  path: Array<string | number>,
  min: number,
  max: number,
  minInclusive: boolean,
): number {
  const ok =
    typeof value === 'number' && Number.isFinite(value) && (minInclusive ? value >= min : value > min) && value <= max;
  if (!ok) {
    const range = `${minInclusive ? '>=' : '>'} ${min}${max === Infinity ? '' : ` and <= ${max}`}`;
    throw new WorldSpecError(path, `a finite number ${range}`, describeValue(value));
  }
  return value as number;
}

function optionalNumber(
  value: unknown,
  fallback: number,
  path: Array<string | number>,
  min: number,
  max: number,
  minInclusive: boolean,
): number {
  return value === undefined ? fallback : requiredNumber(value, path, min, max, minInclusive);
}

interface RawEdges {
  count: number;
  supplier: Int32Array;
  slot: Int32Array;
  share: Float64Array;
  priority: Float64Array | undefined;
  /** Tenure bytes (relationships.ts), when some edge gives `tenureYears`. */
  tenure: Uint8Array | undefined;
}

/** Resolves firm-to-firm edges to (supplier world index, slot, share). */
function collectEdges(
  spec: WorldSpec,
  specFirmIds: readonly string[],
  worldOf: Int32Array,
  firmProduct: Int32Array,
  firmSlotStart: Int32Array,
  recipeStart: Int32Array,
  recipeInput: Int32Array,
  P: number,
): RawEdges {
  const edges = spec.edges ?? [];
  const columnar = !Array.isArray(edges);
  const columns = edges as EdgeColumns;
  const list = edges as EdgeSpec[];
  if (columnar && (typeof edges !== 'object' || columns.supplier === undefined || columns.buyer === undefined)) {
    throw new WorldSpecError(['edges'], 'a list of edges or columns {supplier, buyer}', describeValue(edges));
  }
  const n = columnar ? columns.supplier.length : list.length;
  if (columnar && columns.buyer.length !== n) {
    throw new WorldSpecError(['edges', 'buyer'], `${n} entries, as many as edges.supplier`, `${columns.buyer.length}`);
  }
  const F = specFirmIds.length;
  const specIndex = columnar ? undefined : toIndexMap(specFirmIds);

  // Position of input k in product q's recipe; dense when small, else a map.
  const dense = P * P <= 1 << 22;
  const table = dense ? new Int32Array(P * P).fill(-1) : undefined;
  const map = dense ? undefined : new Map<number, number>();
  for (let q = 0; q < P; q++) {
    for (let r = recipeStart[q]!; r < recipeStart[q + 1]!; r++) {
      if (table) table[q * P + recipeInput[r]!] = r - recipeStart[q]!;
      else map!.set(q * P + recipeInput[r]!, r - recipeStart[q]!);
    }
  }

  const supplier = new Int32Array(n);
  const slot = new Int32Array(n);
  const share = new Float64Array(n);
  let priority: Float64Array | undefined;
  let tenure: Uint8Array | undefined;
  for (let i = 0; i < n; i++) {
    let s: number;
    let b: number;
    let sh: number;
    if (columnar) {
      s = columns.supplier[i]!;
      b = columns.buyer[i]!;
      if (!Number.isInteger(s) || s < 0 || s >= F)
        throw new WorldSpecError(['edges', 'supplier', i], `a firm index in [0, ${F})`, describeValue(s));
      if (!Number.isInteger(b) || b < 0 || b >= F)
        throw new WorldSpecError(['edges', 'buyer', i], `a firm index in [0, ${F})`, describeValue(b));
      sh = columns.share === undefined ? 1 : requiredNumber(columns.share[i], ['edges', 'share', i], 0, Infinity, true);
    } else {
      const edge = list[i]!;
      s = lookup(specIndex!, edge?.supplier, ['edges', i, 'supplier'], 'a firm id');
      b = lookup(specIndex!, edge.buyer, ['edges', i, 'buyer'], 'a firm id');
      sh = optionalNumber(edge.share, 1, ['edges', i, 'share'], 0, Infinity, true);
      if (edge.priority !== undefined) {
        priority ??= new Float64Array(n).fill(FIRM_PRIORITY);
        priority[i] = requiredNumber(edge.priority, ['edges', i, 'priority'], -Infinity, Infinity, true);
      }
      if (edge.tenureYears !== undefined) {
        tenure ??= new Uint8Array(n).fill(TENURE_ESTABLISHED);
        tenure[i] = tenureOf(requiredNumber(edge.tenureYears, ['edges', i, 'tenureYears'], 0, Infinity, true));
      }
    }
    const ws = worldOf[s]!;
    const wb = worldOf[b]!;
    const q = firmProduct[wb]!;
    const k = firmProduct[ws]!;
    const position = table ? table[q * P + k]! : (map!.get(q * P + k) ?? -1);
    if (position < 0) {
      const path = columnar ? ['edges', 'supplier', i] : ['edges', i, 'supplier'];
      throw new WorldSpecError(
        path,
        `a supplier of an input of the buyer's product "${spec.products[q]!.id}"`,
        `"${specFirmIds[s]}", which makes "${spec.products[k]!.id}"`,
      );
    }
    supplier[i] = ws;
    slot[i] = firmSlotStart[wb]! + position;
    share[i] = sh;
  }
  return { count: n, supplier, slot, share, priority, tenure };
}

/** Resolves final-demand suppliers to edges into final-demand slots. */
function collectFinalDemandEdges(
  finalDemand: NonNullable<WorldSpec['finalDemand']>,
  specFirmIds: readonly string[],
  worldOf: Int32Array,
  firmProduct: Int32Array,
  firmCapacity: Float64Array,
  firmSlotCount: number,
  finalDemandProduct: Int32Array,
): { supplier: Int32Array; slot: Int32Array; share: Float64Array } {
  const specIndex = toIndexMap(specFirmIds);
  const makers = new Map<number, number[]>();
  for (let w = 0; w < firmProduct.length; w++) {
    const list = makers.get(firmProduct[w]!) ?? [];
    list.push(w);
    makers.set(firmProduct[w]!, list);
  }
  const supplier: number[] = [];
  const slot: number[] = [];
  const share: number[] = [];
  finalDemand.forEach((entry, i) => {
    const product = finalDemandProduct[i]!;
    if (entry.suppliers !== undefined) {
      if (!Array.isArray(entry.suppliers))
        throw new WorldSpecError(
          ['finalDemand', i, 'suppliers'],
          'a list of {firm, share}',
          describeValue(entry.suppliers),
        );
      entry.suppliers.forEach((s, j) => {
        const path = ['finalDemand', i, 'suppliers', j];
        const w = worldOf[lookup(specIndex, s?.firm, [...path, 'firm'], 'a firm id')]!;
        if (firmProduct[w] !== product) {
          throw new WorldSpecError(
            [...path, 'firm'],
            `a firm making "${entry.product}"`,
            `"${s.firm}", which makes another product`,
          );
        }
        supplier.push(w);
        slot.push(firmSlotCount + i);
        share.push(optionalNumber(s.share, 1, [...path, 'share'], 0, Infinity, true));
      });
    } else {
      const list = makers.get(product) ?? [];
      if (list.length === 0 && entry.quantity > 0) {
        throw new WorldSpecError(
          ['finalDemand', i, 'product'],
          'a product some firm makes',
          `"${entry.product}", which no firm makes`,
        );
      }
      for (const w of list) {
        supplier.push(w);
        slot.push(firmSlotCount + i);
        share.push(Number.isNaN(firmCapacity[w]!) ? 1 : firmCapacity[w]!);
      }
    }
  });
  return { supplier: Int32Array.from(supplier), slot: Int32Array.from(slot), share: Float64Array.from(share) };
}
