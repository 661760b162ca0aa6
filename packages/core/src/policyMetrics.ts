import { LICENCE_GRANTED, LICENCE_NONE, LICENCE_PENDING, licenceCountsByMeasure } from './policy/licensing.js';
import type { MetricsTable, recordMetrics } from './metrics.js';
import { controlLeakage } from './policy/leakage.js';
import { edgeBaseValues } from './policy/restriction.js';
import type { World } from './world.js';

const criticalityCache = new WeakMap<World, Float64Array>();

/** Entity and variable names built once per world, so recording builds no strings. */
interface MetricNames {
  /** `STATE:product`, by s·P + k. */
  stateProduct: string[];
  /** `origin_content:STATE`, by tracked-state position. */
  originContent: string[];
  /**
   * 1 where the state has a maker of the product or a slot that buys it, by s·P + k. Those pairs
   * get `state_product` rows at every step, so a series does not vanish when an industry dies.
   */
  stateProductPresent: Uint8Array;
}

const namesCache = new WeakMap<World, MetricNames>();

/** Which (state, product) pairs the world's structure gives a maker or a buyer; firms and slots never change. */
function stateProductPresence(world: World): Uint8Array {
  const P = world.productIds.length;
  const present = new Uint8Array(world.stateIds.length * P);
  for (let f = 0; f < world.firmIds.length; f++) present[world.firmState[f]! * P + world.firmProduct[f]!] = 1;
  for (let slot = 0; slot < world.slotOwner.length; slot++) {
    const owner = world.slotOwner[slot]!;
    const state = slot < world.firmSlotCount ? world.firmState[owner]! : world.finalDemandState[owner]!;
    present[state * P + world.slotProduct[slot]!] = 1;
  }
  return present;
}

function metricNames(world: World): MetricNames {
  let names = namesCache.get(world);
  if (names === undefined) {
    names = {
      stateProduct: world.stateIds.flatMap((state) => world.productIds.map((product) => `${state}:${product}`)),
      originContent: Array.from(world.policy.trackedStates, (s) => `origin_content:${world.stateIds[s]}`),
      stateProductPresent: stateProductPresence(world),
    };
    namesCache.set(world, names);
  }
  return names;
}

/**
 * Appends the policy layer's metrics for the current step (see
 * docs/outputs.md for the names):
 * - world: `dnm_share`, `restricted_trade` (base value of cross-border trade the measures in
 *   force close, none counted twice), `escalation_index` (that as a share of world trade);
 * - state: `doctrine_dnm`, `hawkishness`, `measures_in_force`, `restricted_trade` and
 *   `escalation_index` (the same for the measures it issued, each counted beyond those
 *   adopted before it), `tension` (with its rival, else its highest with any state:
 *   §7.16), `doctrine_payoff` (for states that imitate), `retaliations`,
 *   `subsidy_paid` (export finance included), `export_finance` (the part of its firms' prices
 *   it paid for their buyers abroad),
 *   `switching_cost`
 *   (welfare, as real income, is a core metric: {@link recordMetrics});
 * - state_product `STATE:product`: `capability` (the best of the state's makers, as a share
 *   of the product's frontier), `capability_gap` (lead over its rival, for states with one, as
 *   a share of the frontier), `market_share` (of world
 *   sales), `market_share_third` (of sales to third countries: neither the
 *   state nor its rival), `self_sufficiency` (domestic output / need), at
 *   every step for each pair in which the state has a maker or a buyer;
 * - product: `frontier` (the technology frontier, which moves with R&D), `hhi` (firm output concentration), `criticality` (share of
 *   final demand whose bill of materials needs it), `leakage` (the increase,
 *   over the flows before the controls, of controlled product reaching their
 *   targets from third countries, at base prices: {@link controlLeakage});
 * - alliance: `votes`, `votes_passed`, `defections` (cumulative);
 * - state: `investment` (the value of the capacity its firms started to build this step), `licences_pending`, `licences_granted`, `licences_denied` (edges out of the state
 *   whose licence is under review, granted or denied) and `backlog` (orders its buyers hold
 *   while a licence they wait for is under review, units);
 * - measure: `licences_pending`, `licences_granted`, `licences_denied` (the edges the measure
 *   requires a licence on, by where their licence stands), for each measure that has required a
 *   licence, from the step it first did;
 * - firm (when firms are recorded): `origin_content:STATE` for tracked states.
 *
 * @param flows - Trade value by (from, to, product), as the core recorder computed it this step.
 *
 * @example
 * ```ts
 * // recordMetrics calls it for worlds with policy; called alone, it needs the trade flows (S·S·P).
 * const world = createWorld({ ...spec, states: [{ id: 'US', doctrine: 'DERISK', rival: 'CN', hawkishness: 1 }, { id: 'CN' }, { id: 'TW' }] }, 1);
 * step(world);
 * const table = new MetricsTable();
 * const S = world.stateIds.length, P = world.productIds.length;
 * recordPolicyMetrics(world, table, new Float64Array(S * S * P), false);
 * // The DERISK fence (a licence-0 control on SME to China) closes a quarter of world trade in this small world.
 * console.log(table.rows().find((r) => r.variable === 'escalation_index')!.value.toFixed(3)); // 0.246
 * ```
 */
export function recordPolicyMetrics(world: World, table: MetricsTable, flows: Float64Array, firms: boolean): void {
  const step = world.step;
  const policy = world.policy;
  const S = world.stateIds.length;
  const P = world.productIds.length;
  const F = world.firmIds.length;
  const t = step - 1; // the step whose measures were in force
  const names = metricNames(world);

  const inForce = new Int32Array(S);
  for (const m of policy.measures) if (m.start <= t && t < m.end) inForce[m.issuer]!++;
  // Escalation is trade restricted, not measures counted: the base value of cross-border trade
  // the measures in force close (a duplicate closes nothing), as a share of world trade.
  const worldTrade = edgeBaseValues(world).foreignTotal;
  const share = (value: number): number => (worldTrade > 0 ? value / worldTrade : 0);
  const licences = licenceCounts(world);
  let dnm = 0;
  for (let s = 0; s < S; s++) {
    const id = world.stateIds[s]!;
    const doctrine = policy.doctrines.get(policy.stateDoctrine[s]!)!;
    if (doctrine.mercantilist) dnm++;
    table.push(step, 'state', id, 'doctrine_dnm', doctrine.mercantilist ? 1 : 0);
    table.push(step, 'state', id, 'hawkishness', policy.stateHawkishness[s]!);
    table.push(step, 'state', id, 'measures_in_force', inForce[s]!);
    table.push(step, 'state', id, 'restricted_trade', policy.stateRestrictedValue[s]!);
    table.push(step, 'state', id, 'escalation_index', share(policy.stateRestrictedValue[s]!));
    table.push(step, 'state', id, 'tension', tensionOf(policy.stateTension, S, s, policy.stateRival[s]!));
    if (policy.payoffsObserved) table.push(step, 'state', id, 'doctrine_payoff', policy.statePayoff[s]!);
    table.push(step, 'state', id, 'retaliations', policy.stateRetaliations[s]!);
    table.push(step, 'state', id, 'subsidy_paid', policy.stateSubsidyPaid[s]!);
    table.push(step, 'state', id, 'export_finance', policy.stateExportFinance[s]!);
    table.push(step, 'state', id, 'investment', policy.stateInvestment[s]!);
    table.push(step, 'state', id, 'switching_cost', policy.stateSwitchingCost[s]!);
    table.push(step, 'state', id, 'licences_pending', licences.pending[s]!);
    table.push(step, 'state', id, 'licences_granted', licences.granted[s]!);
    table.push(step, 'state', id, 'licences_denied', licences.denied[s]!);
    table.push(step, 'state', id, 'backlog', licences.backlog[s]!);
  }
  for (const { measure, pending, granted, denied } of licenceCountsByMeasure(world)) {
    table.push(step, 'measure', measure, 'licences_pending', pending);
    table.push(step, 'measure', measure, 'licences_granted', granted);
    table.push(step, 'measure', measure, 'licences_denied', denied);
  }
  table.push(step, 'world', 'world', 'dnm_share', S > 0 ? dnm / S : 0);
  table.push(step, 'world', 'world', 'restricted_trade', policy.restrictedValue);
  table.push(step, 'world', 'world', 'escalation_index', share(policy.restrictedValue));

  // Sales by (seller, product), worldwide and to third countries.
  const production = new Float64Array(S * P);
  for (let f = 0; f < F; f++) production[world.firmState[f]! * P + world.firmProduct[f]!]! += world.firmOutput[f]!;
  const sales = new Float64Array(S * P);
  const total = new Float64Array(P);
  for (let from = 0; from < S; from++) {
    for (let to = 0; to < S; to++) {
      for (let k = 0; k < P; k++) {
        const v = flows[(from * S + to) * P + k]!;
        sales[from * P + k]! += v;
        total[k]! += v;
      }
    }
  }
  for (let s = 0; s < S; s++) {
    const rival = policy.stateRival[s]!;
    for (let k = 0; k < P; k++) {
      const at = s * P + k;
      const need = policy.stateProductNeed[at]!;
      if (names.stateProductPresent[at] === 0) continue;
      let third = 0;
      let thirdTotal = 0;
      for (let to = 0; to < S; to++) {
        if (to === s || to === rival) continue;
        for (let from = 0; from < S; from++) {
          const v = flows[(from * S + to) * P + k]!;
          thirdTotal += v;
          if (from === s) third += v;
        }
      }
      const entity = names.stateProduct[at]!;
      // Capabilities as shares of the product's frontier, which moves (frontier.ts).
      const frontier = world.productFrontier[k]!;
      table.push(step, 'state_product', entity, 'capability', policy.stateProductCapability[at]! / frontier);
      // Relative gains: the state's capability lead over its rival (negative when behind).
      if (rival >= 0)
        table.push(
          step,
          'state_product',
          entity,
          'capability_gap',
          (policy.stateProductCapability[at]! - policy.stateProductCapability[rival * P + k]!) / frontier,
        );
      table.push(step, 'state_product', entity, 'market_share', total[k]! > 0 ? sales[at]! / total[k]! : 0);
      table.push(step, 'state_product', entity, 'market_share_third', thirdTotal > 0 ? third / thirdTotal : 0);
      table.push(step, 'state_product', entity, 'self_sufficiency', need > 0 ? production[at]! / need : 1);
    }
  }

  // Concentration, criticality, leakage by product.
  const output = new Float64Array(P);
  const squares = new Float64Array(P);
  for (let f = 0; f < F; f++) output[world.firmProduct[f]!]! += world.firmOutput[f]!;
  for (let f = 0; f < F; f++) {
    const k = world.firmProduct[f]!;
    if (output[k]! > 0) squares[k]! += (world.firmOutput[f]! / output[k]!) ** 2;
  }
  const criticality = productCriticality(world);
  const leakage = controlLeakage(world, t);
  for (let k = 0; k < P; k++) {
    const id = world.productIds[k]!;
    table.push(step, 'product', id, 'hhi', squares[k]!);
    table.push(step, 'product', id, 'criticality', criticality[k]!);
    table.push(step, 'product', id, 'leakage', leakage[k]!);
    table.push(step, 'product', id, 'frontier', world.productFrontier[k]!);
  }

  for (const alliance of policy.alliances) {
    table.push(step, 'alliance', alliance.id, 'votes', alliance.votes);
    table.push(step, 'alliance', alliance.id, 'votes_passed', alliance.passed);
    table.push(step, 'alliance', alliance.id, 'defections', alliance.defections);
  }

  if (firms && policy.trackedStates.length > 0) {
    const T = policy.trackedStates.length;
    const { firmIds } = world;
    const { firmContent } = policy;
    const variables = names.originContent;
    for (let f = 0; f < F; f++) {
      const id = firmIds[f]!;
      for (let i = 0; i < T; i++) table.push(step, 'firm', id, variables[i]!, firmContent[f * T + i]!);
    }
  }
}

/**
 * Licences by the exporting state (the supplier's): edges whose licence is pending, granted or
 * denied; and each state's backlog, the orders its buyers (firms and households) hold while a
 * licence they wait for is under review.
 */
function licenceCounts(world: World): {
  pending: Float64Array;
  granted: Float64Array;
  denied: Float64Array;
  backlog: Float64Array;
} {
  const S = world.stateIds.length;
  const pending = new Float64Array(S);
  const granted = new Float64Array(S);
  const denied = new Float64Array(S);
  const backlog = new Float64Array(S);
  const {
    edgeLicenceState,
    edgeLicenceProbability,
    edgeSupplier,
    firmState,
    slotBacklog,
    slotOwner,
    firmSlotCount,
    finalDemandState,
  } = world;
  if (world.policy.licensing) {
    for (let e = 0; e < edgeLicenceState.length; e++) {
      const state = edgeLicenceState[e]!;
      if (state === LICENCE_NONE || !(edgeLicenceProbability[e]! < 1)) continue;
      const from = firmState[edgeSupplier[e]!]!;
      if (state === LICENCE_PENDING) pending[from]!++;
      else if (state === LICENCE_GRANTED) granted[from]!++;
      else denied[from]!++;
    }
  }
  for (let s = 0; s < slotBacklog.length; s++) {
    const held = slotBacklog[s]!;
    if (held !== 0) backlog[s < firmSlotCount ? firmState[slotOwner[s]!]! : finalDemandState[slotOwner[s]!]!]! += held;
  }
  return { pending, granted, denied, backlog };
}

/** Share of final demand value whose bill of materials needs each product (itself included). Cached: recipes do not change. */
function productCriticality(world: World): Float64Array {
  const cached = criticalityCache.get(world);
  if (cached !== undefined) return cached;
  const P = world.productIds.length;
  const finalValue = new Float64Array(P);
  let totalValue = 0;
  for (let i = 0; i < world.finalDemandProduct.length; i++) {
    const k = world.finalDemandProduct[i]!;
    const v = world.slotAmount[world.firmSlotCount + i]! * world.productPrice[k]!;
    finalValue[k]! += v;
    totalValue += v;
  }
  const criticality = new Float64Array(P);
  const seen = new Uint8Array(P);
  for (let q = 0; q < P; q++) {
    if (finalValue[q] === 0) continue;
    seen.fill(0);
    const stack = [q];
    seen[q] = 1;
    while (stack.length > 0) {
      const p = stack.pop()!;
      for (let r = world.recipeStart[p]!; r < world.recipeStart[p + 1]!; r++) {
        const k = world.recipeInput[r]!;
        if (seen[k] === 0) ((seen[k] = 1), stack.push(k));
      }
    }
    for (let k = 0; k < P; k++) if (seen[k] === 1) criticality[k]! += totalValue > 0 ? finalValue[q]! / totalValue : 0;
  }
  criticalityCache.set(world, criticality);
  return criticality;
}

/** A state's tension with its rival, or, without one, the highest with any state. */
function tensionOf(tension: Float64Array, S: number, s: number, rival: number): number {
  if (rival >= 0) return tension[s * S + rival]!;
  let most = 0;
  for (let b = 0; b < S; b++) if (tension[s * S + b]! > most) most = tension[s * S + b]!;
  return most;
}
