import { usesOriginContent } from '../policy/exportControl.js';
import { originContent } from '../policy/edgeSets.js';
import { keepBaseValues } from '../policy/restriction.js';
import type { World } from '../world.js';

/**
 * Design-out: a third-country firm bound by a content-based rule (foreign
 * direct product rule, de minimis) cuts its issuer-origin content, at a rate
 * that rises with the share of its market at risk:
 *   own_f,i ← own_f,i·(1 − designOutRate·years·risk_f)
 * with the removed share moved to its home state's origin, and it shifts its
 * input shares away from the issuer's suppliers at the same rate. risk_f is
 * the share of the firm's market (its buyers' need, by their established
 * shares) that lies over the rule's edges.
 * "Companies around the world will redesign out American products."
 *
 * @example
 * ```ts
 * // TSMC (Taiwan) is 30% US-origin, so a US foreign direct product rule on chips binds it.
 * const world = createWorld({ ...spec, measures: [{ type: 'foreign_direct_product_rule', issuer: 'US', targets: ['CN'], products: ['chip'] }] }, 1);
 * step(world); // TSMC's sales to Huawei are blocked: it starts to design US content out
 * const { firmOwnOrigin, trackedIndex, trackedStates } = world.policy;
 * const at = world.firmIndex.get('TSMC')! * trackedStates.length + trackedIndex[world.stateIndex.get('US')!]!;
 * const before = firmOwnOrigin[at]!;
 * designOut(world); // one more step of redesign (step() calls it in phase 4)
 * console.log(before.toFixed(4), firmOwnOrigin[at]!.toFixed(4)); // 0.2777 0.2571
 * ```
 */
export function designOut(world: World): void {
  const policy = world.policy;
  if (!policy.active || policy.trackedStates.length === 0) return;
  const t = world.step;
  const T = policy.trackedStates.length;
  const years = world.params.daysPerStep / 365.25;
  const rate = policy.params.designOutRate * years;
  const F = world.firmIds.length;
  for (const m of policy.measures) {
    if (!(m.start <= t && t < m.end) || !usesOriginContent(m) || m.cache === undefined) continue;
    const issuer = m.issuer;
    const ti = policy.trackedIndex[issuer]!;
    if (ti < 0) continue;
    const deMinimis = m.fields.deMinimis as number;
    // Demand each supplier would get over the rule's edges (share of the buyer's
    // need, whether or not the edge is blocked now), and what it got over them.
    // Per-firm sums kept per world and cleared after use, and only the suppliers on the rule's
    // edges visited (ascending, as a pass over every firm would): no two fresh per-firm arrays
    // and no pass over all firms each step.
    const { atRisk, ordered, touched, mark } = scratch(world, F);
    const edges = m.cache.edges;
    let n = 0;
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      const slot = world.edgeSlot[e]!;
      const s = world.edgeSupplier[e]!;
      if (mark[s] === 0) {
        mark[s] = 1;
        touched[n++] = s;
      }
      // Established shares: substitution erodes current shares of blocked edges, not the market at stake.
      atRisk[s]! += world.edgeBaseShare[e]! * (world.slotOrdered[slot]! + world.slotUnplaced[slot]!);
      ordered[s]! += world.edgeOrder[e]!;
    }
    const suppliers = touched.subarray(0, n).sort();
    for (let i = 0; i < n; i++) {
      const f = suppliers[i]!;
      const risked = atRisk[f]!;
      const got = ordered[f]!;
      atRisk[f] = 0;
      ordered[f] = 0;
      mark[f] = 0;
      if (risked === 0 || world.firmState[f] === issuer) continue;
      if (originContent(world, f, issuer) <= deMinimis) continue;
      const market = risked + world.firmDemand[f]! - got;
      const risk = market > 0 ? Math.min(1, risked / market) : 0;
      const cut = Math.min(1, rate * risk);
      if (cut <= 0) continue;
      const own = policy.firmOwnOrigin;
      const removed = own[f * T + ti]! * cut;
      own[f * T + ti] = own[f * T + ti]! - removed;
      const home = policy.trackedIndex[world.firmState[f]!]!;
      if (home >= 0) own[f * T + home] = own[f * T + home]! + removed;
      keepBaseValues(world); // established shares change below, with no version bump
      shiftAwayFrom(world, f, issuer, cut);
    }
  }
}

const scratchCache = new WeakMap<
  World,
  { atRisk: Float64Array; ordered: Float64Array; touched: Int32Array; mark: Uint8Array }
>();

/** Per-firm sums and marks of design-out, all zero between calls, kept per world. */
function scratch(
  world: World,
  F: number,
): { atRisk: Float64Array; ordered: Float64Array; touched: Int32Array; mark: Uint8Array } {
  let cached = scratchCache.get(world);
  if (cached === undefined || cached.atRisk.length !== F) {
    cached = {
      atRisk: new Float64Array(F),
      ordered: new Float64Array(F),
      touched: new Int32Array(F),
      mark: new Uint8Array(F),
    };
    scratchCache.set(world, cached);
  }
  return cached;
}

/**
 * Moves a share `cut` of a firm's input shares, current and established, from
 * suppliers of `state` to its other suppliers: a redesign is permanent. A
 * slot with no other supplier keeps its shares (supplier search may add one).
 */
function shiftAwayFrom(world: World, f: number, state: number, cut: number): void {
  for (let s = world.firmSlotStart[f]!; s < world.firmSlotStart[f + 1]!; s++) {
    shiftSlot(world, world.edgeShare, s, state, cut);
    shiftSlot(world, world.edgeBaseShare, s, state, cut);
  }
}

function shiftSlot(world: World, shares: Float64Array, slot: number, state: number, cut: number): void {
  const { slotEdgeStart, edgeSupplier, firmState } = world;
  const start = slotEdgeStart[slot]!;
  const end = slotEdgeStart[slot + 1]!;
  let moved = 0;
  let others = 0;
  for (let e = start; e < end; e++) {
    if (firmState[edgeSupplier[e]!] === state) moved += shares[e]! * cut;
    else others += shares[e]!;
  }
  if (moved === 0 || others === 0) return;
  for (let e = start; e < end; e++) {
    if (firmState[edgeSupplier[e]!] === state) shares[e] = shares[e]! * (1 - cut);
    else shares[e] = shares[e]! + moved * (shares[e]! / others);
  }
}
