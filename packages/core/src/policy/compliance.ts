import type { World } from '../world.js';
import { noteLeakageBaselines } from './leakage.js';
import { licenceRegimeIndex, noteLicenceRequirements } from './licensing.js';
import { accountRestrictions, closure } from './restriction.js';
import { precautionaryStocks, updateTension } from './tension.js';
import { currentTrail } from './permissionTrail.js';
import type { Measure, Restriction } from './types.js';

/**
 * Phase 2, compliance: the measures in force compile into edge permissions.
 *
 * The effective permissions start from the base ones (set directly through
 * `setBlocked` and friends), then each measure in force, in creation order,
 * adds its restriction: a licence probability of 0 blocks the edge, one below
 * 1 multiplies the edge's licence probability (independent licences), and a
 * tariff adds to the edge's rate. Measures announced but not yet in force
 * make the buyers they will restrict front-load: their slots target
 * `frontLoadDays` more inventory.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'export_control', issuer: 'US', targets: ['CN'], products: ['chip'] }] }, 1);
 * applyMeasures(world); // phase 2 of step(): the control becomes edge permissions
 * const [intelToHuawei] = selectEdges(world, { supplier: 'Intel', buyer: 'Huawei' });
 * console.log(world.edgeBlocked[intelToHuawei!]); // 1
 * ```
 */
export function applyMeasures(world: World): void {
  const policy = world.policy;
  if (!policy.active) return;
  const t = world.step;
  const inForce: Measure[] = [];
  const announced: Measure[] = [];
  for (const m of policy.measures) {
    if (m.start <= t && t < m.end) inForce.push(m);
    else if (m.announce <= t && t < m.start) announced.push(m);
  }
  if (inForce.length > 0 || announced.length > 0) noteLeakageBaselines(world, [...announced, ...inForce]);
  if (policy.baseDirty || inForce.length > 0 || policy.restrictingLastStep > 0) {
    recomputePermissions(world, inForce);
    policy.baseDirty = false;
    policy.restrictingLastStep = inForce.length;
  } else {
    accountRestrictions(world, []);
  }
  // Tension moves with the measures that came into force now (their added restriction is known).
  updateTension(world, inForce);
  const extra = world.slotExtraDays;
  if (announced.length > 0 || policy.frontLoading || policy.precautionStocking) {
    extra.fill(0);
    if (world.mechanisms.frontLoading && announced.length > 0) frontLoad(world, announced, extra);
    policy.frontLoading = announced.length > 0;
  }
  policy.precautionStocking = precautionaryStocks(world, extra);
}

/**
 * Effective permissions = base permissions, then each restriction in order. Only edges that
 * were restricted when this last ran, whose base changed since, or that are restricted now can
 * differ from their base, so only those are reset and restricted again (each the same way as in
 * a full pass, so the result is the same to the last bit); without a trail, every edge is.
 */
function recomputePermissions(world: World, inForce: readonly Measure[]): void {
  const policy = world.policy;
  const { base, instruments } = policy;
  const blocked = world.edgeBlocked;
  const licence = world.edgeLicenceProbability;
  const tariff = world.edgeTariff;
  const restrictions: Restriction[] = [];
  const restricted: Array<{ measure: Measure; restriction: Restriction }> = [];
  for (const m of inForce) {
    const restriction = instruments.get(m.type)!.restrict?.(world, m);
    if (restriction) {
      restrictions.push(restriction);
      restricted.push({ measure: m, restriction });
    }
  }
  // Before the edge lists are reused below: the trade each measure restricts, in adoption order.
  accountRestrictions(world, restricted);
  noteLicenceRequirements(world, restricted); // for the licence counts by measure
  // Quotas cap volumes after orders are placed (policy/quota.ts), not permissions.
  policy.quotas = restrictions
    .filter((r) => r.quota !== undefined)
    .map((r) => ({ edges: Int32Array.from(r.edges), ...r.quota! }));
  const regime = world.edgeLicenceRegime;
  policy.licenceDirty = true; // requirements may have started or ended
  const reset = (edges: ArrayLike<number>): void => {
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      blocked[e] = base.blocked[e]!;
      licence[e] = base.licence[e]!;
      tariff[e] = base.tariff[e]!;
      regime[e] = 0;
    }
  };
  const trail = currentTrail(world);
  if (trail === undefined) {
    blocked.set(base.blocked);
    licence.set(base.licence);
    tariff.set(base.tariff);
    regime.fill(0);
  } else {
    for (const edges of trail.edges) reset(edges);
    for (const { edges } of restrictions) reset(edges);
  }
  const edgeLists: Int32Array[] = [];
  let size = 0;
  for (const { edges, licence: p, licences, tariff: rate, reviewDays, validityDays, quantityDays } of restrictions) {
    // Each edge's approval probability: the measure's, or its end-user class's (`licences`).
    let r = -1; // the measure's licensing regime, looked up when an edge first needs a licence
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      const q = licences === undefined ? p : licences[i]!;
      if (q <= 0) blocked[e] = 1;
      else if (q < 1) {
        // A licence is needed, reviewed under this measure's regime (the last such measure's, where several apply).
        if (r < 0) r = licenceRegimeIndex(world, reviewDays, validityDays, quantityDays);
        licence[e] = licence[e]! * q;
        regime[e] = r;
        policy.licensing = true;
      }
    }
    if (rate !== 0) for (let i = 0; i < edges.length; i++) tariff[edges[i]!] = tariff[edges[i]!]! + rate;
    // A copy: the trail must not change if an instrument reuses its array.
    edgeLists.push(Int32Array.from(edges));
    size += edges.length;
  }
  size += applySupports(world, inForce, edgeLists);
  policy.permissionTrail = { version: world.networkVersion, edges: edgeLists, size };
  measureForeignAccess(world);
}

/**
 * Price supports (export finance), after every restriction: each lowers its edges' rate by the
 * share of the price its issuer pays, `tariff ← tariff − rate`, the rate scaled down when last
 * step's deliveries on its edges at that rate would cost more than the issuer's budget left
 * (supports are its first claim, in creation order). With the subsidies mechanism off they do
 * nothing. Returns the number of edges added to the trail.
 */
function applySupports(world: World, inForce: readonly Measure[], edgeLists: Int32Array[]): number {
  const policy = world.policy;
  policy.supports = [];
  if (!world.mechanisms.subsidies) return 0;
  const { edgeDelivered, edgeSupplier, firmPrice } = world;
  const tariff = world.edgeTariff;
  let left: Float64Array | undefined;
  let size = 0;
  for (const m of inForce) {
    const support = policy.instruments.get(m.type)!.support?.(world, m);
    if (!support || support.rate <= 0 || support.edges.length === 0) continue;
    left ??= Float64Array.from(policy.stateBudget);
    const { edges } = support;
    let bill = 0;
    for (let i = 0; i < edges.length; i++)
      bill += support.rate * edgeDelivered[edges[i]!]! * firmPrice[edgeSupplier[edges[i]!]!]!;
    const budget = Math.max(0, left[m.issuer]!);
    const rate = bill > budget ? support.rate * (budget / bill) : support.rate;
    left[m.issuer] = budget - Math.min(bill, budget);
    if (rate <= 0) continue;
    for (let i = 0; i < edges.length; i++) tariff[edges[i]!] = tariff[edges[i]!]! - rate;
    const copy = Int32Array.from(edges);
    policy.supports.push({ issuer: m.issuer, edges: copy, rate });
    edgeLists.push(copy); // reset with the restricted edges next time
    size += copy.length;
  }
  return size;
}

/**
 * The share of each state's foreign supply edges left unrestricted: the
 * knowledge embodied in imports that controls cut (used by capability growth).
 */
function measureForeignAccess(world: World): void {
  const S = world.stateIds.length;
  const foreign = new Float64Array(S);
  const open = new Float64Array(S);
  const {
    slotEdgeStart,
    slotOwner,
    firmState,
    finalDemandState,
    firmSlotCount,
    edgeForeign,
    edgeBlocked,
    edgeLicenceProbability,
  } = world;
  const slots = slotOwner.length;
  const stateOfSlot = (slot: number): number =>
    slot < firmSlotCount ? firmState[slotOwner[slot]!]! : finalDemandState[slotOwner[slot]!]!;
  // Run by run of consecutive slots with the same buyer state (a firm's slots, a state's final
  // demand), whose edges are contiguous since edges are sorted by slot: each run's sums stay in
  // registers, and the inner loop ends once a run (about 9 edges at policy/1e6), not once a
  // slot (about 4): 5.9 → 4.5 ms a pass. The additions to open[to] happen in the same order as
  // in an edge-by-edge pass, so the result is the same to the last bit.
  for (let slot = 0; slot < slots;) {
    const to = stateOfSlot(slot);
    let last = slot + 1;
    while (last < slots && stateOfSlot(last) === to) last++;
    let count = 0;
    let sum = open[to]!;
    for (let e = slotEdgeStart[slot]!, end = slotEdgeStart[last]!; e < end; e++) {
      // Branch-free: a domestic or blocked edge adds +0, which leaves the (non-negative) sum
      // unchanged, so this is the same to the last bit as skipping it, and ~15% faster.
      const isImport = edgeForeign[e]!;
      count += isImport;
      sum += (isImport & (1 - edgeBlocked[e]!)) * edgeLicenceProbability[e]!;
    }
    foreign[to]! += count;
    open[to] = sum;
    slot = last;
  }
  for (let s = 0; s < S; s++) world.policy.stateForeignAccess[s] = foreign[s]! > 0 ? open[s]! / foreign[s]! : 1;
}

/**
 * The measures in force at the current step.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'tariff', issuer: 'US', rate: 0.1, from: ['CN'], start: 2 }] }, 1);
 * console.log(measuresInForce(world).length); // 0
 * step(world);
 * step(world);
 * console.log(measuresInForce(world).map((m) => m.id)); // ['tariff-1']
 * ```
 */
export function measuresInForce(world: World): Measure[] {
  const t = world.step;
  return world.policy.measures.filter((m) => m.start <= t && t < m.end);
}

/**
 * Front-loading ahead of announced measures: every slot exposed to them targets `frontLoadDays` ×
 * its exposure more inventory (investment buys that much ahead, capital.ts). A slot's exposure is
 * the share of its steady-state supply the announced measures will close, directly or through its
 * suppliers' own supply:
 *   X_s = Σ_e w_e · max(c_e, Y_supplier(e)) / Σ_e w_e,
 * w_e the edge's steady-state share, c_e the largest closure any announced measure has on edge e
 * (1 − p·(1 + τ)^(−σ) for a licence probability p and a tariff τ, 1 for a block, 1 − share for a
 * quota), and Y_f the direct exposure of supplier f's most exposed critical input (the same sum
 * with c_e alone): a phone maker whose chip designer will lose its foundry stocks up on chips. A
 * buyer that will lose a tenth of its supply buys a tenth as much ahead as one that will lose all
 * of it; overlapping announcements do not stack.
 */
function frontLoad(world: World, announced: readonly Measure[], extra: Float64Array): void {
  const { instruments, params } = world.policy;
  const { edgeSlot, edgeSupplier, firmProduct, productArmington, slotOwner, slotCritical, firmSlotCount } = world;
  const closed = new Map<number, number>();
  for (const m of announced) {
    const restriction = instruments.get(m.type)!.restrict?.(world, m);
    if (!restriction) continue;
    const { edges, licence, licences, tariff, quota } = restriction;
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      const c =
        quota !== undefined
          ? 1 - quota.share
          : closure(
              licences === undefined ? licence : licences[i]!,
              tariff,
              productArmington[firmProduct[edgeSupplier[e]!]!]!,
            );
      if (c > (closed.get(e) ?? 0)) closed.set(e, c);
    }
  }
  if (closed.size === 0) return;
  // Direct exposure of the touched slots, and each supplier's most exposed critical input.
  const direct = new Map<number, number>();
  for (const e of closed.keys()) direct.set(edgeSlot[e]!, 0);
  const upstream = new Map<number, number>();
  for (const slot of direct.keys()) {
    const x = slotExposure(world, slot, (e) => closed.get(e) ?? 0);
    direct.set(slot, x);
    if (slot < firmSlotCount && slotCritical[slot] === 1 && x > 0) {
      const firm = slotOwner[slot]!;
      if (x > (upstream.get(firm) ?? 0)) upstream.set(firm, x);
    }
  }
  const days = params.frontLoadDays;
  if (upstream.size === 0) {
    for (const [slot, x] of direct) extra[slot] = days * x;
    return;
  }
  // With exposed suppliers, every slot buying from one is exposed too (one pass over the edges, only
  // while an announcement is pending).
  const exposed = new Set(direct.keys());
  for (let e = 0; e < edgeSupplier.length; e++) if (upstream.has(edgeSupplier[e]!)) exposed.add(edgeSlot[e]!);
  for (const slot of exposed)
    extra[slot] =
      days * slotExposure(world, slot, (e) => Math.max(closed.get(e) ?? 0, upstream.get(edgeSupplier[e]!) ?? 0));
}

/**
 * Σ_e w_e · c(e) / Σ_e w_e over a slot's edges, w_e the steady-state shares (the current ones in a
 * slot whose edges all came after the steady state); 0 for a slot with no shares.
 */
function slotExposure(world: World, slot: number, closedShare: (e: number) => number): number {
  const { edgeBaseShare, edgeShare, slotEdgeStart } = world;
  const start = slotEdgeStart[slot]!;
  const end = slotEdgeStart[slot + 1]!;
  let base = 0;
  for (let e = start; e < end; e++) base += edgeBaseShare[e]!;
  const shares = base > 0 ? edgeBaseShare : edgeShare;
  let total = 0;
  let exposed = 0;
  for (let e = start; e < end; e++) {
    total += shares[e]!;
    exposed += shares[e]! * closedShare(e);
  }
  return total > 0 ? exposed / total : 0;
}
