import { recordPolicyMetrics } from './policyMetrics.js';
import type { World } from './world.js';

/**
 * What a metric row describes.
 *
 * @example
 * ```ts
 * const kinds = new Set<EntityKind>(simulate(spec, { steps: 1, seed: 1 }).metrics.rows().map((r) => r.entityKind));
 * console.log([...kinds]); // ['firm', 'flow', 'state', 'world']
 * ```
 */
export type EntityKind = 'world' | 'state' | 'firm' | 'flow' | 'state_product' | 'product' | 'alliance';

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
 * console.log([...new Set(rows.map((r) => r.entityKind))]); // ['state', 'world']
 * ```
 */
export interface RecordOptions {
  /** Per-firm output, demand, shortage, revenue and inventory days. Default: only for worlds of at most 500 firms. */
  firms?: boolean;
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
}

/**
 * A growing table of metric rows, stored as columns so that long runs do not
 * build one object per row until asked.
 *
 * @example
 * ```ts
 * const table = new MetricsTable();
 * table.push(1, 'state', 'US', 'output', 10);
 * console.log(table.length, table.rows()); // 1 [{ step: 1, entityKind: 'state', entity: 'US', variable: 'output', value: 10 }]
 * ```
 */
export class MetricsTable {
  /** Step of each row. */
  readonly step: number[] = [];
  /** Entity kind of each row. */
  readonly entityKind: EntityKind[] = [];
  /** Entity of each row. */
  readonly entity: string[] = [];
  /** Variable of each row. */
  readonly variable: string[] = [];
  /** Value of each row. */
  readonly value: number[] = [];

  /** Number of rows. */
  get length(): number {
    return this.value.length;
  }

  /** Appends one row. */
  push(step: number, entityKind: EntityKind, entity: string, variable: string, value: number): void {
    this.step.push(step);
    this.entityKind.push(entityKind);
    this.entity.push(entity);
    this.variable.push(variable);
    this.value.push(value);
  }

  /** The rows from index `start` on, as objects. */
  rows(start = 0): MetricRow[] {
    const out: MetricRow[] = [];
    for (let i = start; i < this.value.length; i++) {
      out.push({ step: this.step[i]!, entityKind: this.entityKind[i]!, entity: this.entity[i]!, variable: this.variable[i]!, value: this.value[i]! });
    }
    return out;
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
  flowValue: Float64Array;
}

const indexCache = new WeakMap<World, RecorderIndex>();

function recorderIndex(world: World): RecorderIndex {
  let index = indexCache.get(world);
  if (index !== undefined && index.version === world.networkVersion) return index;
  const S = world.stateIds.length;
  const P = world.productIds.length;
  const change = world.lastNetworkChange;
  let seen: Uint8Array;
  if (index !== undefined && change !== undefined && change.version === world.networkVersion && index.version === change.version - 1) {
    // Edges were only added: a rebuild is needed only if they carry a new flow.
    seen = index.seen;
    let fresh = false;
    for (let i = 0; i < change.added.length; i++) {
      const key = flowKey(world, change.added[i]!, S, P);
      if (seen[key] === 0) (seen[key] = 1), (fresh = true);
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
  index = { version: world.networkVersion, seen, flowKeys: Int32Array.from(keys), flowNames, flowValue: new Float64Array(S * S * P) };
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
 * Appends the current step's metrics to `table`. Values are in units for
 * firms and in value (units × price) for states, flows and the world.
 *
 * - firm: `output`, `demand`, `shortage` (demand − output), `revenue`,
 *   `inventory_days` (the smallest days of cover over its inputs at expected
 *   use, or at usable capacity while it expects no demand; 0 with neither;
 *   firms without inputs have no such row).
 * - state: `output`, `shortage`, `final_demand`, `final_demand_met`,
 *   `exports`, `imports`, `tariff_paid`.
 * - flow `FROM>TO:product`: `trade_value`.
 * - world: `output`, `final_demand_met_share`.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const table = new MetricsTable();
 * step(world);
 * recordMetrics(world, table, { firms: false, flows: false });
 * console.log(table.rows().filter((r) => r.entity === 'CN').map((r) => `${r.variable}=${r.value}`)); // ['output=419', 'shortage=0', 'final_demand=500', 'final_demand_met=500', 'exports=69', 'imports=273', 'tariff_paid=0']
 * ```
 */
export function recordMetrics(world: World, table: MetricsTable, options: RecordOptions = {}): void {
  const step = world.step;
  const F = world.firmIds.length;
  const S = world.stateIds.length;
  const P = world.productIds.length;
  const recordFirms = options.firms ?? F <= 500;
  const recordStates = options.states ?? true;
  const recordFlows = options.flows ?? true;
  const recordPolicy = options.policy ?? world.policy.active;
  const { firmOutput, firmDemand, firmProduct, productPrice, firmState } = world;

  if (recordFirms) {
    const { firmSlotStart, slotStock, slotAmount, firmExpectedDemand } = world;
    const days = world.params.daysPerStep;
    for (let f = 0; f < F; f++) {
      const id = world.firmIds[f]!;
      const price = productPrice[firmProduct[f]!]!;
      table.push(step, 'firm', id, 'output', firmOutput[f]!);
      table.push(step, 'firm', id, 'demand', firmDemand[f]!);
      table.push(step, 'firm', id, 'shortage', firmDemand[f]! - firmOutput[f]!);
      table.push(step, 'firm', id, 'revenue', firmOutput[f]! * price);
      // Cover at expected use; a firm expecting no demand is measured at its usable capacity.
      const basis = firmExpectedDemand[f]! > 0 ? firmExpectedDemand[f]! : world.firmCapacity[f]! * (1 - world.firmDamage[f]!);
      let cover = Infinity;
      for (let s = firmSlotStart[f]!; s < firmSlotStart[f + 1]!; s++) {
        const use = slotAmount[s]! * basis;
        cover = Math.min(cover, use > 0 ? (slotStock[s]! / use) * days : 0);
      }
      if (firmSlotStart[f + 1]! > firmSlotStart[f]!) table.push(step, 'firm', id, 'inventory_days', cover);
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
  const stateTariff = new Float64Array(S);
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
    stateFinal[state]! += world.slotAmount[slot]! * price;
    stateFinalMet[state]! += world.slotReceived[slot]! * price;
    worldFinal += world.slotAmount[slot]! * price;
    worldFinalMet += world.slotReceived[slot]! * price;
  }

  const index = recordFlows || recordStates || recordPolicy ? recorderIndex(world) : undefined;
  if (index !== undefined) {
    const flows = index.flowValue;
    flows.fill(0);
    const { edgeSupplier, edgeDelivered, edgeTariff } = world;
    for (let e = 0; e < edgeSupplier.length; e++) {
      const delivered = edgeDelivered[e]!;
      if (delivered === 0) continue;
      const key = flowKey(world, e, S, P);
      const value = delivered * productPrice[firmProduct[edgeSupplier[e]!]!]!;
      flows[key]! += value;
      const tariff = edgeTariff[e]!;
      if (tariff !== 0) stateTariff[Math.floor(key / P) % S]! += value * tariff;
    }
    for (let i = 0; i < index.flowKeys.length; i++) {
      const key = index.flowKeys[i]!;
      const value = flows[key]!;
      const from = Math.floor(key / (P * S));
      const to = Math.floor(key / P) % S;
      if (from !== to) {
        stateExports[from]! += value;
        stateImports[to]! += value;
      }
      if (recordFlows) table.push(step, 'flow', index.flowNames[i]!, 'trade_value', value);
    }
  }

  if (recordStates) {
    for (let s = 0; s < S; s++) {
      const id = world.stateIds[s]!;
      table.push(step, 'state', id, 'output', stateOutput[s]!);
      table.push(step, 'state', id, 'shortage', stateShortage[s]!);
      table.push(step, 'state', id, 'final_demand', stateFinal[s]!);
      table.push(step, 'state', id, 'final_demand_met', stateFinalMet[s]!);
      table.push(step, 'state', id, 'exports', stateExports[s]!);
      table.push(step, 'state', id, 'imports', stateImports[s]!);
      table.push(step, 'state', id, 'tariff_paid', stateTariff[s]!);
    }
  }
  table.push(step, 'world', 'world', 'output', worldOutput);
  table.push(step, 'world', 'world', 'final_demand_met_share', worldFinal > 0 ? worldFinalMet / worldFinal : 1);
  if (recordPolicy) recordPolicyMetrics(world, table, index!.flowValue, stateFinalMet, recordFirms);
}
