import { WorldSpecError, describeValue } from './errors.js';
import { noteBaseChange } from './policy/permissionTrail.js';
import { slotState, type World } from './world.js';

/**
 * Edge permissions are plain data on the world (`edgeBlocked`,
 * `edgeLicenceProbability`, `edgeTariff`); the policy layer compiles its
 * measures into them on top of the base permissions these helpers set. The
 * helpers select edges and set permissions with range checks.
 */

/**
 * Which edges to select; every given criterion must hold.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const filter: EdgeFilter = { product: 'phone', buyerState: 'CN', finalDemand: true };
 * console.log([...selectEdges(world, filter)].map((e) => world.firmIds[world.edgeSupplier[e]!])); // ['Apple', 'Huawei']
 * ```
 */
export interface EdgeFilter {
  /** Supplier firm id. */
  supplier?: string;
  /** Buyer firm id (final-demand edges have no buyer firm). */
  buyer?: string;
  /** The product carried (the supplier's product). */
  product?: string;
  /** The supplier's home state id. */
  supplierState?: string;
  /** The buyer's state id (for final demand, the demanding state). */
  buyerState?: string;
  /** `true` for final-demand edges only, `false` for firm-to-firm edges only. */
  finalDemand?: boolean;
}

/**
 * The indices of the edges that match a filter, in edge order.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const cut = selectEdges(world, { buyer: 'Huawei', supplierState: 'US' });
 * setBlocked(world, cut, true);
 * step(world);
 * console.log(cut.length, world.edgeDelivered[cut[0]!]); // 1 0
 * ```
 */
export function selectEdges(world: World, filter: EdgeFilter): Int32Array {
  const supplier = filter.supplier === undefined ? -1 : resolve(world.firmIndex, filter.supplier, 'supplier');
  const buyer = filter.buyer === undefined ? -1 : resolve(world.firmIndex, filter.buyer, 'buyer');
  const product = filter.product === undefined ? -1 : resolve(world.productIndex, filter.product, 'product');
  const supplierState =
    filter.supplierState === undefined ? -1 : resolve(world.stateIndex, filter.supplierState, 'supplierState');
  const buyerState = filter.buyerState === undefined ? -1 : resolve(world.stateIndex, filter.buyerState, 'buyerState');
  const out: number[] = [];
  const edges = world.edgeSupplier.length;
  for (let e = 0; e < edges; e++) {
    const s = world.edgeSupplier[e]!;
    const slot = world.edgeSlot[e]!;
    const isFinal = slot >= world.firmSlotCount;
    if (supplier >= 0 && s !== supplier) continue;
    if (buyer >= 0 && (isFinal || world.slotOwner[slot] !== buyer)) continue;
    if (product >= 0 && world.firmProduct[s] !== product) continue;
    if (supplierState >= 0 && world.firmState[s] !== supplierState) continue;
    if (buyerState >= 0 && slotState(world, slot) !== buyerState) continue;
    if (filter.finalDemand !== undefined && filter.finalDemand !== isFinal) continue;
    out.push(e);
  }
  return Int32Array.from(out);
}

/*
 * These set the base permissions, which stay until changed; measures in force
 * add their restrictions on top in the compliance phase of each step.
 */

/**
 * Blocks (or unblocks) the given edges; a blocked edge carries nothing.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const edges = selectEdges(world, { supplier: 'TSMC' });
 * setBlocked(world, edges, true); // a blockade of Taiwan's chip exports
 * step(world);
 * console.log(world.firmOutput[world.firmIndex.get('TSMC')!]); // 0
 * ```
 */
export function setBlocked(world: World, edges: ArrayLike<number>, blocked: boolean): void {
  const base = world.policy.base.blocked;
  for (let i = 0; i < edges.length; i++) {
    const e = checkEdge(world, edges[i]!);
    base[e] = blocked ? 1 : 0;
    world.edgeBlocked[e] = blocked ? 1 : 0;
  }
  noteBaseChange(world, edges);
}

/**
 * Sets the licence approval probability p ∈ [0, 1] on the given edges (1 = no licence needed; 0 = none is granted).
 * Buyers apply, wait the default review (`policy.licenceReviewDays`) and are granted with probability p (docs/ODD.md §7.5).
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const edges = selectEdges(world, { supplier: 'Intel', buyerState: 'CN' });
 * setLicenceProbability(world, edges, 0.5); // half the licence applications are granted
 * console.log(world.edgeLicenceProbability[edges[0]!]); // 0.5
 * ```
 */
export function setLicenceProbability(world: World, edges: ArrayLike<number>, probability: number): void {
  if (!(probability >= 0 && probability <= 1))
    throw new RangeError(`licence probability: expected a number in [0, 1], received ${describeValue(probability)}`);
  const base = world.policy.base.licence;
  for (let i = 0; i < edges.length; i++) {
    const e = checkEdge(world, edges[i]!);
    base[e] = probability;
    world.edgeLicenceProbability[e] = probability;
  }
  if (probability > 0 && probability < 1 && edges.length > 0) world.policy.licensing = true; // applications to process
  noteBaseChange(world, edges);
}

/**
 * Sets the ad valorem tariff rate (>= 0; 0.25 = 25%) on the given edges.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * setTariff(world, selectEdges(world, { supplierState: 'CN', buyerState: 'US' }), 0.25);
 * const rows = simulate(world, { steps: 1 }).metrics.rows();
 * console.log(rows.find((r) => r.entity === 'US' && r.variable === 'tariff_revenue')!.value.toFixed(2)); // 10.29
 * ```
 */
export function setTariff(world: World, edges: ArrayLike<number>, rate: number): void {
  if (!(rate >= 0 && Number.isFinite(rate)))
    throw new RangeError(`tariff: expected a finite number >= 0, received ${describeValue(rate)}`);
  const base = world.policy.base.tariff;
  for (let i = 0; i < edges.length; i++) {
    const e = checkEdge(world, edges[i]!);
    base[e] = rate;
    world.edgeTariff[e] = rate;
  }
  noteBaseChange(world, edges);
}

function checkEdge(world: World, e: number): number {
  if (!Number.isInteger(e) || e < 0 || e >= world.edgeSupplier.length) {
    throw new RangeError(
      `edge index: expected an integer in [0, ${world.edgeSupplier.length}), received ${describeValue(e)}`,
    );
  }
  return e;
}

function resolve(index: ReadonlyMap<string, number>, id: string, field: string): number {
  const found = index.get(id);
  if (found === undefined) throw new WorldSpecError(['filter', field], `a known id`, describeValue(id));
  return found;
}
