import { measuresInForce } from './policy/compliance.js';
import type { World } from './world.js';

/** Relative tolerance below which output counts as meeting orders (rounding in the step). */
const TOLERANCE = 1e-9;

/**
 * Why one firm made less than it was asked for in the last step: the link of a shortage path
 * (see {@link explainShortfall}).
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * step(world);
 * const node: ShortfallNode = explainShortfall(world, 'TSMC');
 * console.log(node.firm, node.state, node.product, node.limit); // TSMC TW chip none
 * ```
 */
export interface ShortfallNode {
  /** Firm id. */
  firm: string;
  /** Its state's id. */
  state: string;
  /** The product it makes. */
  product: string;
  /** Orders it received in the step. */
  orders: number;
  /** What it made. */
  output: number;
  /** Orders over its baseline orders (1 at the steady state; below 1 when buyers went away). */
  ordersVsBase: number;
  /** Its capacity after damage and overproduction. */
  capacity: number;
  /** The share of its capacity destroyed (`firmDamage`). */
  damage: number;
  /**
   * What bound its output: `input` (an input was short; see `input`), `capacity` (orders above
   * what its plant can make), or `none` (it made what it was asked for).
   */
  limit: 'input' | 'capacity' | 'none';
  /** The input that bound its output, when `limit` is `input`. */
  input?: ShortInput;
}

/**
 * A supplier state whose trade in a short input was closed in the step.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'export_control', issuer: 'CN', targets: ['US'], products: ['gallium'] }] }, 1);
 * for (let i = 0; i < 3; i++) step(world);
 * const [china]: ClosedSource[] = explainShortfall(world, 'Intel').input!.closed;
 * console.log(china); // { state: 'CN', baseShare: 1, measures: ['export_control by CN'] }
 * ```
 */
export interface ClosedSource {
  /** The supplier state. */
  state: string;
  /** The share of the buyer's baseline supply of this input that came from it. */
  baseShare: number;
  /** The measures in force on this trade, as "type by issuer" (`export_control by CN`), when any. */
  measures: string[];
}

/**
 * The input that bound a firm's output, where it was short from.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * setBlocked(world, selectEdges(world, { supplierState: 'CN', product: 'gallium' }), true);
 * for (let i = 0; i < 3; i++) step(world);
 * const chips: ShortInput = explainShortfall(world, 'Apple').input!;
 * console.log(chips.product, chips.critical, chips.available, chips.suppliers.map((s) => s.firm)); // chip true 0 ['Intel', 'TSMC']
 * ```
 */
export interface ShortInput {
  /** The input product. */
  product: string;
  /** Whether output stops without it (a critical input) or falls by its cost share. */
  critical: boolean;
  /** What the firm had (stock and deliveries) over what its orders needed: below 1. */
  available: number;
  /** The share of what the firm ordered that found no permitted supplier. */
  unplaced: number;
  /** Supplier states whose edges were blocked or refused a licence in the step, largest base share first. */
  closed: ClosedSource[];
  /** The suppliers that delivered less than ordered, most undelivered first, each explained in turn. */
  suppliers: ShortfallNode[];
}

/**
 * Options of {@link explainShortfall}.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * setBlocked(world, selectEdges(world, { supplierState: 'CN', product: 'gallium' }), true);
 * for (let i = 0; i < 3; i++) step(world);
 * const options: ShortfallOptions = { depth: 1 }; // the firm's own input only, no supplier followed
 * console.log(explainShortfall(world, 'Apple', options).input!.suppliers.length); // 0
 * ```
 */
export interface ShortfallOptions {
  /** Links to follow upstream, at most (default 6). */
  depth?: number;
  /** Short suppliers explained per input, at most (default 2). */
  breadth?: number;
}

/**
 * Explains why a firm made less than it was asked for in the step just run: which input bound
 * its output, how much of it the firm had, which supplier states were closed to it, and which
 * suppliers delivered less than ordered, each explained in turn up the chain (a shortage path,
 * e.g. a phone maker ← compound chips ← gallium, closed by an export ban). Call it after
 * {@link step}; it reads what the step left (orders, deliveries, stocks) and changes nothing.
 *
 * A firm is input-bound when its tightest critical input (stock plus deliveries over the amount
 * per unit) allowed less than both its orders and its capacity, or when a short non-critical
 * input cut its output by its cost share; capacity-bound when its orders exceeded its capacity.
 * A supplier is followed when it delivered less than it was ordered; a firm already on the path
 * is not followed again.
 *
 * @param firm - A firm index or id.
 * @returns The firm's link, with its short input's suppliers nested.
 * @throws RangeError for an unknown firm.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * setBlocked(world, selectEdges(world, { supplierState: 'CN', product: 'gallium' }), true); // a gallium ban
 * for (let i = 0; i < 3; i++) step(world); // the chipmakers' stocks run out
 * const apple = explainShortfall(world, 'Apple');
 * console.log(apple.limit, apple.input?.product, apple.input?.suppliers[0]?.input?.closed[0]?.state); // input chip CN
 * console.log(formatShortfall(apple)); // Apple (US) ← chip 0% ← Intel (US) ← gallium 0% (closed: CN, 100% of base supply)
 * ```
 */
export function explainShortfall(world: World, firm: number | string, options: ShortfallOptions = {}): ShortfallNode {
  const index = typeof firm === 'number' ? firm : world.firmIndex.get(firm);
  if (index === undefined || !Number.isInteger(index) || index < 0 || index >= world.firmIds.length) {
    throw new RangeError(
      `explainShortfall: unknown firm ${JSON.stringify(firm)}; expected a firm id or index of this world`,
    );
  }
  const inForce = measuresInForce(world);
  return explain(world, index, options.depth ?? 6, options.breadth ?? 2, new Set<number>(), inForce);
}

function explain(
  world: World,
  g: number,
  depth: number,
  breadth: number,
  visited: Set<number>,
  inForce: ReturnType<typeof measuresInForce>,
): ShortfallNode {
  visited.add(g);
  const { firmDemand, firmOutput, firmBaseDemand, firmCapacity, firmDamage, firmOverproduction } = world;
  const orders = firmDemand[g]!;
  const output = firmOutput[g]!;
  const base = firmBaseDemand[g]!;
  const capacity = firmCapacity[g]! * (1 - firmDamage[g]!) * firmOverproduction[g]!;
  const node: ShortfallNode = {
    firm: world.firmIds[g]!,
    state: world.stateIds[world.firmState[g]!]!,
    product: world.productIds[world.firmProduct[g]!]!,
    orders,
    output,
    ordersVsBase: base > 0 ? orders / base : 1,
    capacity,
    damage: firmDamage[g]!,
    limit: 'none',
  };
  if (!(orders > 0) || output >= orders * (1 - TOLERANCE)) return node;
  const slot = bindingSlot(world, g, orders, output, capacity);
  if (slot < 0) {
    node.limit = 'capacity';
    return node;
  }
  node.limit = 'input';
  node.input = shortInput(world, slot, orders, depth, breadth, visited, inForce);
  return node;
}

/**
 * The slot that bound firm g's output, or −1 when its capacity did: the tightest critical input
 * when it allowed less than capacity, else the non-critical input whose shortage cost the most.
 */
function bindingSlot(world: World, g: number, orders: number, output: number, capacity: number): number {
  const { firmSlotStart, slotAmount, slotStock, slotUsed, slotCritical, slotCostShare } = world;
  let tightest = -1;
  let limit = Infinity;
  for (let s = firmSlotStart[g]!; s < firmSlotStart[g + 1]!; s++) {
    if (slotCritical[s] === 0) continue;
    // After the step the slot holds what was left; what it had is that plus what was used.
    const possible = (slotStock[s]! + slotUsed[s]!) / slotAmount[s]!;
    if (possible < limit) {
      limit = possible;
      tightest = s;
    }
  }
  const bound = Math.min(orders, capacity, limit);
  if (tightest >= 0 && limit < capacity && limit < orders) return tightest;
  if (output >= bound * (1 - TOLERANCE)) return -1;
  // Output fell below every critical bound: a non-critical input cut it by its cost share.
  let costliest = -1;
  let worst = 0;
  for (let s = firmSlotStart[g]!; s < firmSlotStart[g + 1]!; s++) {
    if (slotCritical[s] === 1) continue;
    const want = slotAmount[s]! * bound;
    const have = slotStock[s]! + slotUsed[s]!;
    const loss = have < want ? slotCostShare[s]! * (1 - have / want) : 0;
    if (loss > worst) {
      worst = loss;
      costliest = s;
    }
  }
  return costliest;
}

function shortInput(
  world: World,
  s: number,
  orders: number,
  depth: number,
  breadth: number,
  visited: Set<number>,
  inForce: ReturnType<typeof measuresInForce>,
): ShortInput {
  const {
    slotAmount,
    slotStock,
    slotUsed,
    slotOrdered,
    slotUnplaced,
    slotCritical,
    slotProduct,
    slotOwner,
    slotEdgeStart,
  } = world;
  const { edgeSupplier, edgeOrder, edgeDelivered, edgeBlocked, edgeLicenceProbability, edgeBaseShare, firmState } =
    world;
  const k = slotProduct[s]!;
  const needed = slotAmount[s]! * orders;
  const had = slotStock[s]! + slotUsed[s]!;
  const asked = slotOrdered[s]! + slotUnplaced[s]!;
  // Closed sources: edges blocked, or refused a licence (permitted with p < 1 and ordered nothing).
  const closedShare = new Map<number, number>();
  const undelivered = new Map<number, number>();
  let baseTotal = 0;
  for (let e = slotEdgeStart[s]!; e < slotEdgeStart[s + 1]!; e++) {
    baseTotal += edgeBaseShare[e]!;
    const supplier = edgeSupplier[e]!;
    const closed = edgeBlocked[e] === 1 || (edgeLicenceProbability[e]! < 1 && edgeOrder[e] === 0);
    if (closed) {
      const state = firmState[supplier]!;
      closedShare.set(state, (closedShare.get(state) ?? 0) + edgeBaseShare[e]!);
      continue;
    }
    const missing = edgeOrder[e]! - edgeDelivered[e]!;
    if (missing > edgeOrder[e]! * TOLERANCE) undelivered.set(supplier, (undelivered.get(supplier) ?? 0) + missing);
  }
  const buyerState = firmState[slotOwner[s]!]!;
  const closed: ClosedSource[] = [...closedShare]
    .filter(([, share]) => share > 0)
    .map(([state, share]) => ({
      state: world.stateIds[state]!,
      baseShare: baseTotal > 0 ? share / baseTotal : 0,
      measures: measuresOnTrade(world, inForce, state, buyerState, k),
    }))
    .sort((a, b) => b.baseShare - a.baseShare || (a.state < b.state ? -1 : 1));
  const suppliers: ShortfallNode[] = [];
  if (depth > 1) {
    const order = [...undelivered].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    for (const [supplier] of order) {
      if (suppliers.length >= breadth) break;
      if (visited.has(supplier)) continue;
      suppliers.push(explain(world, supplier, depth - 1, breadth, visited, inForce));
    }
  }
  return {
    product: world.productIds[k]!,
    critical: slotCritical[s] === 1,
    available: needed > 0 ? Math.min(1, had / needed) : 1,
    unplaced: asked > 0 ? slotUnplaced[s]! / asked : 0,
    closed,
    suppliers,
  };
}

/** Instruments that tax or pay for trade rather than close it: never the cause of a closed source. */
const PRICE_INSTRUMENTS = new Set(['tariff', 'subsidy']);

/**
 * The measures in force that likely closed trade in product k from one state to another, as
 * "type by issuer": those covering k that one of the two states issued against the other (an
 * export control, an import ban); when there are none, those aimed at the buyer's state by a
 * third (a foreign direct product rule, an entity list). Tariffs and subsidies close nothing.
 */
function measuresOnTrade(
  world: World,
  inForce: ReturnType<typeof measuresInForce>,
  from: number,
  to: number,
  k: number,
): string[] {
  const direct = new Set<string>();
  const third = new Set<string>();
  for (const m of inForce) {
    if (PRICE_INSTRUMENTS.has(m.type)) continue;
    const products = m.fields.products as Int32Array | undefined;
    if (products !== undefined && products.length > 0 && !products.includes(k)) continue;
    const name = `${m.type} by ${world.stateIds[m.issuer]!}`;
    if ((m.issuer === from && m.targets.includes(to)) || (m.issuer === to && m.targets.includes(from)))
      direct.add(name);
    else if (m.targets.includes(to)) third.add(name);
  }
  return [...(direct.size > 0 ? direct : third)];
}

const percent = (x: number): string => `${Math.round(100 * x)}%`;

/**
 * The shortage path of a {@link ShortfallNode} as one line, following the most undelivered
 * supplier at each link: `Apple (US) ← chip 0% ← Intel (US) ← gallium 0% (closed: CN, 100% of
 * base supply)`. Each input shows the share of what its buyer's orders needed that it had, and
 * the supplier states closed to it (with the measures in force that likely closed that trade);
 * when every supplier delivered all it was asked for, the buyer's orders over its baseline (it
 * had ordered inputs for less than it was then asked to make). The line ends at the top of the
 * chain: a closed input, or a supplier bound by its capacity (orders above it, damage).
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * world.firmDamage[world.firmIndex.get('Intel')!] = 0.5; // a fire at Intel, half healed within the step
 * step(world);
 * console.log(formatShortfall(explainShortfall(world, 'Intel'))); // Intel (US): capacity, 11% damaged
 * ```
 */
export function formatShortfall(node: ShortfallNode): string {
  if (node.limit === 'none') return `${node.firm} (${node.state}): made what it was asked for`;
  const parts: string[] = [];
  let current: ShortfallNode | undefined = node;
  while (current !== undefined) {
    const input: ShortInput | undefined = current.input;
    if (current.limit !== 'input' || input === undefined) {
      parts.push(
        `${current.firm} (${current.state})${current.limit === 'capacity' ? `: ${capacityCause(current)}` : ''}`,
      );
      break;
    }
    parts.push(`${current.firm} (${current.state})`);
    parts.push(`${input.product} ${percent(input.available)}${inputCauses(input, current.ordersVsBase)}`);
    current = input.suppliers[0];
  }
  return parts.join(' ← ');
}

function capacityCause(node: ShortfallNode): string {
  const causes: string[] = [];
  if (node.damage > 0) causes.push(`${percent(node.damage)} damaged`);
  if (node.capacity > 0 && node.orders > node.capacity * (1 + TOLERANCE))
    causes.push(`orders ${(node.orders / node.capacity).toFixed(2)}× capacity`);
  return `capacity${causes.length > 0 ? `, ${causes.join(', ')}` : ''}`;
}

/**
 * Why a short input was short, in parentheses: the closed sources, orders with no permitted
 * supplier, or (when every supplier delivered in full) orders above the baseline; '' otherwise.
 */
function inputCauses(input: ShortInput, ordersVsBase: number): string {
  const causes: string[] = [];
  if (input.closed.length > 0) {
    const sources = input.closed.map(
      (c) =>
        `${c.state}, ${percent(c.baseShare)} of base supply${c.measures.length > 0 ? `: ${c.measures.join(', ')}` : ''}`,
    );
    causes.push(`closed: ${sources.join('; ')}`);
  }
  if (input.unplaced > 0 && input.closed.length === 0)
    causes.push(`${percent(input.unplaced)} of orders found no permitted supplier`);
  if (causes.length === 0 && input.suppliers.length === 0 && ordersVsBase > 1.005) {
    // Every supplier delivered what it was asked for: the firm ordered for less than it was then asked to make.
    causes.push(`suppliers delivered all that was ordered; orders ${ordersVsBase.toFixed(2)}× baseline`);
  }
  return causes.length > 0 ? ` (${causes.join('; ')})` : '';
}
