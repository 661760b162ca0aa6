import { ln } from './math.js';
import { nationalAccounts, realIncome } from './accounts.js';
import { recordPolicyMetrics } from './policyMetrics.js';
import { recordAlignmentMetrics } from './alignment.js';
import { recordStandardsMetrics } from './standards.js';
import type { World } from './world.js';

/**
 * What a metric row describes.
 *
 * @example
 * ```ts
 * const kinds = new Set<EntityKind>(simulate(spec, { steps: 1, seed: 1 }).metrics.rows().map((r) => r.entityKind));
 * console.log([...kinds]); // ['firm', 'flow', 'state', 'world', 'state_product', 'product']
 * ```
 */
export type EntityKind =
  'world' | 'state' | 'firm' | 'flow' | 'state_product' | 'product' | 'alliance' | 'standard' | 'measure';

/**
 * One tidy metric observation: the value of `variable` for `entity` at `step`.
 * Flow entities are named `FROM>TO:product`.
 *
 * @example
 * ```ts
 * const rows: MetricRow[] = simulate(spec, { steps: 2, seed: 1 }).metrics.rows();
 * const row = rows.find((r) => r.entity === 'Apple' && r.variable === 'output')!;
 * console.log(row.step, row.entityKind, row.value); // 1 firm 49
 * ```
 */
export interface MetricRow {
  /** The step the value was observed after (1 = after the first step). */
  step: number;
  /** What kind of entity `entity` is. */
  entityKind: EntityKind;
  /** The entity's id. */
  entity: string;
  /** The variable's name, e.g. `output`. */
  variable: string;
  /** The value. */
  value: number;
}

/**
 * Which metrics to record.
 *
 * @example
 * ```ts
 * const record: RecordOptions = { firms: false, flows: false };
 * const rows = simulate(spec, { steps: 1, seed: 1, record }).metrics.rows();
 * console.log([...new Set(rows.map((r) => r.entityKind))]); // ['state', 'world', 'state_product', 'product']
 * // Firm rows of the named firms only:
 * const some = simulate(spec, { steps: 1, seed: 1, record: { firms: ['TSMC'] } }).metrics.rows();
 * console.log([...new Set(some.filter((r) => r.entityKind === 'firm').map((r) => r.entity))]); // ['TSMC']
 * ```
 */
export interface RecordOptions {
  /**
   * Per-firm output, demand, shortage, revenue and inventory days: for every firm (`true`),
   * none (`false`), or the firms whose ids are listed (ids not in the world are ignored; the
   * policy layer's `origin_content` rows are still recorded for every firm). Default: every
   * firm in worlds of at most 500 firms.
   */
  firms?: boolean | readonly string[];
  /** Per-state aggregates. Default true. */
  states?: boolean;
  /** Trade flows between states by product. Default true. */
  flows?: boolean;
  /**
   * Policy metrics: doctrine, escalation, capability, market shares,
   * self-sufficiency, concentration, criticality, leakage, alliances, welfare.
   * Default: when the world's policy layer is active.
   */
  policy?: boolean;
  /** Standards metrics: SEP shares, votes, adoption, fragmentation, and states' alignment with the blocs. Default: when the world has standards. */
  standards?: boolean;
}

/**
 * Every entity kind, in the order of the codes in {@link MetricsTable.columns}' `kindCodes`.
 *
 * @example
 * ```ts
 * const { kindCodes } = simulate(spec, { steps: 1, seed: 1 }).metrics.columns();
 * console.log(ENTITY_KINDS[kindCodes[0]!]); // firm
 * ```
 */
export const ENTITY_KINDS: readonly EntityKind[] = Object.freeze([
  'world',
  'state',
  'firm',
  'flow',
  'state_product',
  'product',
  'alliance',
  'standard',
  'measure',
]);

const KIND_CODE: Readonly<Record<EntityKind, number>> = Object.freeze(
  Object.fromEntries(ENTITY_KINDS.map((kind, code) => [kind, code])) as Record<EntityKind, number>,
);

/**
 * A growing table of metric rows, stored as typed columns: the step, an entity-kind code, the
 * entity and variable as ids into name dictionaries, and the value. A 40-quarter run of
 * world-2023 records about 180,000 rows; a row costs 21 bytes and no allocation. Read rows
 * back with the `…At(i)` accessors, as columns with {@link MetricsTable.columns}, or as
 * objects with {@link MetricsTable.rows}.
 *
 * @example
 * ```ts
 * const table = new MetricsTable();
 * table.push(1, 'state', 'US', 'output', 10);
 * table.push(1, 'state', 'CN', 'output', 8);
 * console.log(table.length, table.entityAt(1), table.valueAt(1)); // 2 CN 8
 * console.log(table.rows(1)); // [{ step: 1, entityKind: 'state', entity: 'CN', variable: 'output', value: 8 }]
 * ```
 */
export class MetricsTable {
  #length = 0;
  #step = new Int32Array(1024);
  #kind = new Uint8Array(1024);
  #entity = new Int32Array(1024);
  #variable = new Int32Array(1024);
  #value = new Float64Array(1024);
  readonly #entityNames: string[] = [];
  readonly #entityIds = new Map<string, number>();
  readonly #variableNames: string[] = [];
  readonly #variableIds = new Map<string, number>();

  /** Number of rows. */
  get length(): number {
    return this.#length;
  }

  /** Appends one row. */
  push(step: number, entityKind: EntityKind, entity: string, variable: string, value: number): void {
    const i = this.#length;
    if (i === this.#value.length) this.#grow();
    let entityId = this.#entityIds.get(entity);
    if (entityId === undefined) {
      entityId = this.#entityNames.length;
      this.#entityNames.push(entity);
      this.#entityIds.set(entity, entityId);
    }
    let variableId = this.#variableIds.get(variable);
    if (variableId === undefined) {
      variableId = this.#variableNames.length;
      this.#variableNames.push(variable);
      this.#variableIds.set(variable, variableId);
    }
    this.#step[i] = step;
    this.#kind[i] = KIND_CODE[entityKind];
    this.#entity[i] = entityId;
    this.#variable[i] = variableId;
    this.#value[i] = value;
    this.#length = i + 1;
  }

  /** The step of row `i`. */
  stepAt(i: number): number {
    return this.#step[i]!;
  }

  /** The entity kind of row `i`. */
  entityKindAt(i: number): EntityKind {
    return ENTITY_KINDS[this.#kind[i]!]!;
  }

  /** The entity of row `i`. */
  entityAt(i: number): string {
    return this.#entityNames[this.#entity[i]!]!;
  }

  /** The variable of row `i`. */
  variableAt(i: number): string {
    return this.#variableNames[this.#variable[i]!]!;
  }

  /** The value of row `i`. */
  valueAt(i: number): number {
    return this.#value[i]!;
  }

  /**
   * The columns as views of length {@link MetricsTable.length} (valid until the next push),
   * with the dictionaries their codes and ids index: `ENTITY_KINDS[kindCodes[i]]`,
   * `entityNames[entityIds[i]]`, `variableNames[variableIds[i]]`. Comparing ids instead of
   * names is how a writer caches per-row text cheaply.
   *
   * @example
   * ```ts
   * const { values, variableIds, variableNames } = simulate(spec, { steps: 2, seed: 1 }).metrics.columns();
   * console.log(values.every(Number.isFinite), variableNames.includes('output'), variableIds.length === values.length); // true true true
   * ```
   */
  columns(): {
    steps: Int32Array;
    kindCodes: Uint8Array;
    entityIds: Int32Array;
    variableIds: Int32Array;
    values: Float64Array;
    entityNames: readonly string[];
    variableNames: readonly string[];
  } {
    const n = this.#length;
    return {
      steps: this.#step.subarray(0, n),
      kindCodes: this.#kind.subarray(0, n),
      entityIds: this.#entity.subarray(0, n),
      variableIds: this.#variable.subarray(0, n),
      values: this.#value.subarray(0, n),
      entityNames: this.#entityNames,
      variableNames: this.#variableNames,
    };
  }

  /** The rows from index `start` on, as objects. */
  rows(start = 0): MetricRow[] {
    const out: MetricRow[] = [];
    for (let i = start; i < this.#length; i++) {
      out.push({
        step: this.stepAt(i),
        entityKind: this.entityKindAt(i),
        entity: this.entityAt(i),
        variable: this.variableAt(i),
        value: this.valueAt(i),
      });
    }
    return out;
  }

  /**
   * Makes room for at least `rows` rows in all, so that pushing up to that many allocates
   * nothing. A recorder that knows how many rows a run will hold (the rows of its first step
   * times its steps) calls it once instead of letting the columns double several times.
   *
   * @example
   * ```ts
   * const table = new MetricsTable();
   * table.reserve(10_000);
   * for (let step = 1; step <= 10; step++) for (let i = 0; i < 1000; i++) table.push(step, 'firm', `f${i}`, 'output', i);
   * console.log(table.length); // 10000
   * ```
   */
  reserve(rows: number): void {
    if (rows > this.#value.length) this.#grow(rows);
  }

  #grow(atLeast = 0): void {
    const capacity = Math.max(this.#value.length * 2, Math.ceil(atLeast));
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(column: T): T => {
      const next = new (column.constructor as new (length: number) => T)(capacity);
      next.set(column);
      return next;
    };
    this.#step = grow(this.#step);
    this.#kind = grow(this.#kind);
    this.#entity = grow(this.#entity);
    this.#variable = grow(this.#variable);
    this.#value = grow(this.#value);
  }
}

/** Precomputed per-world lookups for recording. */
interface RecorderIndex {
  /** The network version the index was built for. */
  version: number;
  /** 1 for every (from, to, product) key some edge can carry. */
  seen: Uint8Array;
  /** The (from, to, product) keys that some edge can carry, ascending. */
  flowKeys: Int32Array;
  flowNames: string[];
  /** Per (from, to, product) key, this step: value at the sellers' prices. */
  flowValue: Float64Array;
  /** Value at base prices. */
  flowVolume: Float64Array;
  /** Value at the buyers' duty-inclusive prices. */
  flowPaid: Float64Array;
  /** Sum and count of the quoted delivered prices of the open edges. */
  flowQuoted: Float64Array;
  flowQuotes: Int32Array;
  /** Units delivered over tariffed edges, and their tariff rates weighted by units. */
  flowTariffed: Float64Array;
  flowTariff: Float64Array;
}

const indexCache = new WeakMap<World, RecorderIndex>();

function recorderIndex(world: World): RecorderIndex {
  let index = indexCache.get(world);
  if (index !== undefined && index.version === world.networkVersion) return index;
  const S = world.stateIds.length;
  const P = world.productIds.length;
  const change = world.lastNetworkChange;
  let seen: Uint8Array;
  if (
    index !== undefined &&
    change !== undefined &&
    change.version === world.networkVersion &&
    index.version === change.version - 1
  ) {
    // Edges were only added: a rebuild is needed only if they carry a new flow.
    seen = index.seen;
    let fresh = false;
    for (let i = 0; i < change.added.length; i++) {
      const key = flowKey(world, change.added[i]!, S, P);
      if (seen[key] === 0) ((seen[key] = 1), (fresh = true));
    }
    if (!fresh) {
      index.version = world.networkVersion;
      return index;
    }
  } else {
    seen = new Uint8Array(S * S * P);
    for (let e = 0; e < world.edgeSupplier.length; e++) seen[flowKey(world, e, S, P)] = 1;
  }
  const keys: number[] = [];
  for (let k = 0; k < seen.length; k++) if (seen[k] === 1) keys.push(k);
  const flowNames = keys.map((k) => {
    const product = k % P;
    const to = Math.floor(k / P) % S;
    const from = Math.floor(k / (P * S));
    return `${world.stateIds[from]}>${world.stateIds[to]}:${world.productIds[product]}`;
  });
  const n = S * S * P;
  index = {
    version: world.networkVersion,
    seen,
    flowKeys: Int32Array.from(keys),
    flowNames,
    flowValue: new Float64Array(n),
    flowVolume: new Float64Array(n),
    flowPaid: new Float64Array(n),
    flowQuoted: new Float64Array(n),
    flowQuotes: new Int32Array(n),
    flowTariffed: new Float64Array(n),
    flowTariff: new Float64Array(n),
  };
  indexCache.set(world, index);
  return index;
}

function flowKey(world: World, e: number, S: number, P: number): number {
  const supplier = world.edgeSupplier[e]!;
  const slot = world.edgeSlot[e]!;
  const owner = world.slotOwner[slot]!;
  const to = slot < world.firmSlotCount ? world.firmState[owner]! : world.finalDemandState[owner]!;
  return (world.firmState[supplier]! * S + to) * P + world.firmProduct[supplier]!;
}

/**
 * Appends the current step's metrics to `table`. Quantities are in units; values are at current
 * prices (units × the seller's price) unless a name says "volume" (units × base price).
 *
 * - firm: `output`, `demand`, `shortage` (demand − output), `revenue` (sales at its price),
 *   `price`, `value_added`, `capacity` (units per step, damage not deducted), `inventory_days`
 *   (the smallest days of cover over its inputs at expected use, or at usable capacity while it
 *   expects no demand; 0 with neither; firms without inputs have no such row); in worlds with
 *   policy also `backlog` and `capacity_under_construction`.
 * - state: `output` (volume), `shortage` (volume), `final_demand`, `final_demand_met` (volume:
 *   the quantity wanted at this step's prices, and received), `exports`, `imports`,
 *   `tariff_revenue`, `value_added`, `cpi`, `welfare` (real income, see {@link realIncome}).
 * - flow `FROM>TO:product`: `trade_value`, `trade_volume`, `buyer_price` (duty-inclusive unit
 *   value: what the buyers paid per unit, or the quoted delivered price when nothing moved) and,
 *   while a tariff is on the flow, `pass_through` = ln(buyer price / base price) / ln(1 + tariff).
 * - state_product `STATE:product` (for each pair in which the state has a buyer):
 *   `price_index` (the state's buyers' delivered price / base price).
 * - product: `price_index` (output-weighted producer price / base price).
 * - world: `output` (volume), `final_demand_met_share`, `welfare`.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const table = new MetricsTable();
 * step(world);
 * recordMetrics(world, table, { firms: false, flows: false });
 * console.log(table.rows().filter((r) => r.entity === 'CN' && r.entityKind === 'state').map((r) => `${r.variable}=${+r.value.toFixed(2)}`)); // ['output=419', 'shortage=0', 'final_demand=500', 'final_demand_met=500', 'exports=69', 'imports=273', 'tariff_revenue=0', 'value_added=296', 'cpi=1', 'welfare=296']
 * ```
 */
export function recordMetrics(world: World, table: MetricsTable, options: RecordOptions = {}): void {
  const step = world.step;
  const F = world.firmIds.length;
  const S = world.stateIds.length;
  const P = world.productIds.length;
  const onlyFirms = typeof options.firms === 'object' ? new Set(options.firms) : null;
  const recordFirms = typeof options.firms === 'object' ? options.firms.length > 0 : (options.firms ?? F <= 500);
  const recordStates = options.states ?? true;
  const recordFlows = options.flows ?? true;
  const recordPolicy = options.policy ?? world.policy.active;
  const { firmOutput, firmDemand, firmProduct, productPrice, firmState, firmPrice } = world;
  const accounts = nationalAccounts(world);

  if (recordFirms) {
    const { firmSlotStart, slotStock, slotAmount, firmExpectedDemand } = world;
    const days = world.params.daysPerStep;
    for (let f = 0; f < F; f++) {
      const id = world.firmIds[f]!;
      if (onlyFirms !== null && !onlyFirms.has(id)) continue;
      table.push(step, 'firm', id, 'output', firmOutput[f]!);
      table.push(step, 'firm', id, 'demand', firmDemand[f]!);
      table.push(step, 'firm', id, 'shortage', firmDemand[f]! - firmOutput[f]!);
      table.push(step, 'firm', id, 'revenue', accounts.firmSales[f]!);
      table.push(step, 'firm', id, 'price', firmPrice[f]!);
      table.push(step, 'firm', id, 'value_added', accounts.firmValueAdded[f]!);
      table.push(step, 'firm', id, 'capacity', world.firmCapacity[f]!);
      // Cover at expected use; a firm expecting no demand is measured at its usable capacity.
      const basis =
        firmExpectedDemand[f]! > 0 ? firmExpectedDemand[f]! : world.firmCapacity[f]! * (1 - world.firmDamage[f]!);
      let cover = Infinity;
      for (let s = firmSlotStart[f]!; s < firmSlotStart[f + 1]!; s++) {
        const use = slotAmount[s]! * basis;
        cover = Math.min(cover, use > 0 ? (slotStock[s]! / use) * days : 0);
      }
      if (firmSlotStart[f + 1]! > firmSlotStart[f]!) table.push(step, 'firm', id, 'inventory_days', cover);
      if (world.policy.active) {
        // Orders the firm holds while a licence it waits for is under review (policy/licensing.ts).
        let backlog = 0;
        for (let s = firmSlotStart[f]!; s < firmSlotStart[f + 1]!; s++) backlog += world.slotBacklog[s]!;
        table.push(step, 'firm', id, 'backlog', backlog);
        // Capacity under construction (adaptation/investment.ts).
        table.push(step, 'firm', id, 'capacity_under_construction', world.firmCapacityUnderConstruction[f]!);
      }
    }
  }

  let worldOutput = 0;
  let worldFinal = 0;
  let worldFinalMet = 0;
  const stateOutput = new Float64Array(S);
  const stateShortage = new Float64Array(S);
  const stateFinal = new Float64Array(S);
  const stateFinalMet = new Float64Array(S);
  const stateExports = new Float64Array(S);
  const stateImports = new Float64Array(S);
  for (let f = 0; f < F; f++) {
    const price = productPrice[firmProduct[f]!]!;
    stateOutput[firmState[f]!]! += firmOutput[f]! * price;
    stateShortage[firmState[f]!]! += (firmDemand[f]! - firmOutput[f]!) * price;
    worldOutput += firmOutput[f]! * price;
  }
  for (let i = 0; i < world.finalDemandState.length; i++) {
    const slot = world.firmSlotCount + i;
    const price = productPrice[world.finalDemandProduct[i]!]!;
    const state = world.finalDemandState[i]!;
    const wanted = world.slotOrdered[slot]! + world.slotUnplaced[slot]!;
    stateFinal[state]! += wanted * price;
    stateFinalMet[state]! += world.slotReceived[slot]! * price;
    worldFinal += wanted * price;
    worldFinalMet += world.slotReceived[slot]! * price;
  }

  const index = recordFlows || recordStates || recordPolicy ? recorderIndex(world) : undefined;
  if (index !== undefined) {
    const { flowValue, flowVolume, flowPaid, flowQuoted, flowQuotes, flowTariffed, flowTariff } = index;
    flowValue.fill(0);
    flowVolume.fill(0);
    flowPaid.fill(0);
    flowQuoted.fill(0);
    flowQuotes.fill(0);
    flowTariffed.fill(0);
    flowTariff.fill(0);
    const { edgeSupplier, edgeDelivered, edgeTariff, edgeBlocked } = world;
    for (let e = 0; e < edgeSupplier.length; e++) {
      const supplier = edgeSupplier[e]!;
      const key = flowKey(world, e, S, P);
      const tariff = edgeTariff[e]!;
      const quote = firmPrice[supplier]! * (1 + tariff);
      if (edgeBlocked[e] === 0) ((flowQuoted[key]! += quote), flowQuotes[key]!++);
      const delivered = edgeDelivered[e]!;
      if (delivered === 0) continue;
      flowValue[key]! += delivered * firmPrice[supplier]!;
      flowVolume[key]! += delivered * productPrice[firmProduct[supplier]!]!;
      flowPaid[key]! += delivered * quote;
      if (tariff !== 0) ((flowTariffed[key]! += delivered), (flowTariff[key]! += delivered * tariff));
    }
    for (let i = 0; i < index.flowKeys.length; i++) {
      const key = index.flowKeys[i]!;
      const value = flowValue[key]!;
      const from = Math.floor(key / (P * S));
      const to = Math.floor(key / P) % S;
      if (from !== to) {
        stateExports[from]! += value;
        stateImports[to]! += value;
      }
      if (!recordFlows) continue;
      const name = index.flowNames[i]!;
      const units = flowVolume[key]! / productPrice[key % P]!;
      // What buyers paid per unit; with nothing delivered, the mean quoted delivered price of the open edges.
      const buyerPrice =
        units > 0
          ? flowPaid[key]! / units
          : flowQuotes[key]! > 0
            ? flowQuoted[key]! / flowQuotes[key]!
            : productPrice[key % P]!;
      table.push(step, 'flow', name, 'trade_value', value);
      table.push(step, 'flow', name, 'trade_volume', flowVolume[key]!);
      table.push(step, 'flow', name, 'buyer_price', buyerPrice);
      if (flowTariffed[key]! > 0) {
        const rate = flowTariff[key]! / flowTariffed[key]!;
        table.push(step, 'flow', name, 'pass_through', ln(buyerPrice / productPrice[key % P]!) / ln(1 + rate));
      }
    }
  }

  if (recordStates) {
    const welfare = realIncome(world, accounts);
    for (let s = 0; s < S; s++) {
      const id = world.stateIds[s]!;
      table.push(step, 'state', id, 'output', stateOutput[s]!);
      table.push(step, 'state', id, 'shortage', stateShortage[s]!);
      table.push(step, 'state', id, 'final_demand', stateFinal[s]!);
      table.push(step, 'state', id, 'final_demand_met', stateFinalMet[s]!);
      table.push(step, 'state', id, 'exports', stateExports[s]!);
      table.push(step, 'state', id, 'imports', stateImports[s]!);
      table.push(step, 'state', id, 'tariff_revenue', accounts.tariffRevenue[s]!);
      table.push(step, 'state', id, 'value_added', accounts.valueAdded[s]!);
      table.push(step, 'state', id, 'cpi', accounts.cpi[s]!);
      table.push(step, 'state', id, 'welfare', welfare[s]!);
    }
    let worldWelfare = 0;
    for (let s = 0; s < S; s++) worldWelfare += welfare[s]!;
    table.push(step, 'world', 'world', 'welfare', worldWelfare);
    recordPriceIndexes(world, table, step);
  }
  table.push(step, 'world', 'world', 'output', worldOutput);
  table.push(step, 'world', 'world', 'final_demand_met_share', worldFinal > 0 ? worldFinalMet / worldFinal : 1);
  if (recordPolicy) recordPolicyMetrics(world, table, index!.flowValue, recordFirms);
  if (world.standards !== undefined && (options.standards ?? true)) recordStandardsMetrics(world, table, recordStates);
  if (world.alignment !== undefined && recordStates && (options.standards ?? true))
    recordAlignmentMetrics(world, table);
}

/**
 * `state_product` `price_index` rows (what each state's buyers pay for a product, per unit, over
 * its base price: by units received, or by units wanted when nothing arrived) and `product`
 * `price_index` rows (makers' prices weighted by output, or by capacity when nothing was made).
 */
function recordPriceIndexes(world: World, table: MetricsTable, step: number): void {
  const S = world.stateIds.length;
  const P = world.productIds.length;
  const names = priceIndexNames(world);
  const paid = new Float64Array(S * P);
  const units = new Float64Array(S * P);
  const quoted = new Float64Array(S * P);
  const wanted = new Float64Array(S * P);
  const {
    slotOwner,
    slotProduct,
    slotPrice,
    slotReceived,
    slotOrdered,
    slotUnplaced,
    firmSlotCount,
    firmState,
    finalDemandState,
  } = world;
  for (let slot = 0; slot < slotOwner.length; slot++) {
    const s = slot < firmSlotCount ? firmState[slotOwner[slot]!]! : finalDemandState[slotOwner[slot]!]!;
    const at = s * P + slotProduct[slot]!;
    paid[at]! += slotReceived[slot]! * slotPrice[slot]!;
    units[at]! += slotReceived[slot]!;
    const want = slotOrdered[slot]! + slotUnplaced[slot]!;
    quoted[at]! += want * slotPrice[slot]!;
    wanted[at]! += want;
  }
  for (let at = 0; at < S * P; at++) {
    if (names.buyer[at] === undefined) continue;
    const base = world.productPrice[at % P]!;
    const price = units[at]! > 0 ? paid[at]! / units[at]! : wanted[at]! > 0 ? quoted[at]! / wanted[at]! : base;
    table.push(step, 'state_product', names.buyer[at]!, 'price_index', price / base);
  }
  const value = new Float64Array(P);
  const weight = new Float64Array(P);
  const capacityValue = new Float64Array(P);
  const capacity = new Float64Array(P);
  const { firmProduct, firmOutput, firmPrice, firmCapacity } = world;
  for (let f = 0; f < firmProduct.length; f++) {
    const k = firmProduct[f]!;
    value[k]! += firmOutput[f]! * firmPrice[f]!;
    weight[k]! += firmOutput[f]!;
    capacityValue[k]! += firmCapacity[f]! * firmPrice[f]!;
    capacity[k]! += firmCapacity[f]!;
  }
  for (let k = 0; k < P; k++) {
    const price =
      weight[k]! > 0
        ? value[k]! / weight[k]!
        : capacity[k]! > 0
          ? capacityValue[k]! / capacity[k]!
          : world.productPrice[k]!;
    table.push(step, 'product', world.productIds[k]!, 'price_index', price / world.productPrice[k]!);
  }
}

const priceNamesCache = new WeakMap<World, { buyer: Array<string | undefined> }>();

/** `STATE:product` names of the pairs in which the state has a buyer (slots never change). */
function priceIndexNames(world: World): { buyer: Array<string | undefined> } {
  let names = priceNamesCache.get(world);
  if (names !== undefined) return names;
  const P = world.productIds.length;
  const buyer: Array<string | undefined> = new Array(world.stateIds.length * P).fill(undefined);
  for (let slot = 0; slot < world.slotOwner.length; slot++) {
    const s =
      slot < world.firmSlotCount
        ? world.firmState[world.slotOwner[slot]!]!
        : world.finalDemandState[world.slotOwner[slot]!]!;
    const k = world.slotProduct[slot]!;
    buyer[s * P + k] = `${world.stateIds[s]}:${world.productIds[k]}`;
  }
  names = { buyer };
  priceNamesCache.set(world, names);
  return names;
}
