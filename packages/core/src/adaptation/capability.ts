import { exp, ln } from '../math.js';
import { toolCeiling } from '../frontier.js';
import type { World } from '../world.js';

/**
 * Capability growth (docs/ODD.md §7.9): each firm closes part of its gap to its product's frontier.
 *
 * Catch-up, a share of the gap per year:
 *   r_f = base + rdEffect·(rd_f + subsidy R&D) + learningRate·utilization_f
 *         + spillover·access_s,k + pull·denied_s,k,
 * where access is the firm's access to the knowledge of the other states ahead of it in k,
 * weighted by their capability lead over it, each cut by investment screening, all cut by
 * controls through the share of its state's foreign supply left open (0 when no state is
 * ahead), and denied_s,k the share of the state's demand for k that went unmet.
 * Learning by doing: each doubling of the firm's experience E_f (cumulative output) closes
 * `learningByDoing` of the gap, so the gap is multiplied by ((E_f + y_f) / E_f)^log2(1 − ℓ).
 * Together: gap′ = gap·(1 − min(1, r_f·years))·((E_f + y_f) / E_f)^log2(1 − ℓ).
 * Tools: a firm that installs capital goods cannot grow beyond what its installed tools allow
 * ({@link toolCeiling}); their capability moves toward the capability of the tools it receives
 * over `toolLifeYears`. A cut-off stops new tools, not the installed ones.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, states: [{ id: 'US', rival: 'CN' }, { id: 'CN' }, { id: 'TW' }] }, 1);
 * const tsmc = world.firmIndex.get('TSMC')!;
 * world.firmCapability[tsmc] = 0.5; // half the frontier; Intel (US) is at the frontier
 * step(world); // one quarter of catching up
 * console.log(world.firmCapability[tsmc]!.toFixed(4)); // 0.5287
 * ```
 */
export function growCapabilities(world: World): void {
  const policy = world.policy;
  if (!policy.active) return;
  const params = policy.params;
  const S = world.stateIds.length;
  const P = world.productIds.length;
  const F = world.firmIds.length;
  const years = world.params.daysPerStep / 365.25;
  const {
    firmState,
    firmProduct,
    firmCapability,
    firmCapacity,
    firmDamage,
    firmOutput,
    firmRdIntensity,
    firmExperience,
    productFrontier,
  } = world;
  const capability = policy.stateProductCapability;
  const learning = params.learningByDoing > 0 ? ln(1 - Math.min(params.learningByDoing, 1 - 1e-12)) / ln(2) : 0; // log2(1 − ℓ) ≤ 0

  updateInstalledTools(world);
  const spilloverAccess = policy.spilloverAccess;
  // The best capability of the other states, per (state, product): a firm at or above it has
  // no state ahead of it, so its scan over the states below would add nothing.
  const bestOther = new Float64Array(S * P).fill(-Infinity);
  for (let s = 0; s < S; s++) {
    for (let j = 0; j < S; j++) {
      if (j === s) continue;
      for (let k = 0; k < P; k++)
        if (capability[j * P + k]! > bestOther[s * P + k]!) bestOther[s * P + k] = capability[j * P + k]!;
    }
  }

  for (let f = 0; f < F; f++) {
    const s = firmState[f]!;
    const k = firmProduct[f]!;
    const at = s * P + k;
    // Access to foreign knowledge: the other states ahead of this firm, weighted by
    // their lead over it, each through its own spillover channel.
    let lead = 0;
    let open = 0;
    const own = firmCapability[f]!;
    // Experience grows with output; a firm at the frontier has no gap to close, and is done.
    const experience = firmExperience[f]!;
    const made = firmOutput[f]!;
    firmExperience[f] = experience + made;
    const gap = productFrontier[k]! - own;
    if (!(gap > 0)) continue;
    if (!(own >= bestOther[at]!)) {
      for (let j = 0; j < S; j++) {
        const ahead = capability[j * P + k]! - own;
        if (j === s || ahead <= 0) continue;
        lead += ahead;
        open += ahead * spilloverAccess[s * S + j]!;
      }
    }
    const access = lead > 0 ? (open / lead) * policy.stateForeignAccess[s]! : 0;
    const need = policy.stateProductNeed[at]!;
    const denied = need > 0 ? policy.stateProductDenied[at]! / need : 0;
    const capacity = firmCapacity[f]! * (1 - firmDamage[f]!);
    const utilization = capacity > 0 ? Math.min(1, firmOutput[f]! / capacity) : 0;
    const rate =
      params.capabilityBaseRate +
      params.rdEffect * (firmRdIntensity[f]! + policy.firmRdBoost[f]!) +
      params.learningRate * utilization +
      params.spilloverRate * access +
      params.substitutionPull * denied;
    // Learning by doing: the doublings of experience this step's output adds.
    const learned =
      experience > 0 && made > 0 && learning < 0 ? exp(learning * ln((experience + made) / experience)) : 1;
    const grown = productFrontier[k]! - gap * (1 - Math.min(1, rate * years)) * learned;
    // The installed tools bound growth; they never take away capability already there.
    firmCapability[f] = Math.min(grown, Math.max(own, toolCeiling(world, f, productFrontier[k]!)));
  }
}

/**
 * The tools installed in each capital-good slot move toward the capability of the tools the slot
 * received this step (its suppliers' capability as a share of their frontier, weighted by what
 * each delivered), replacing received / (need·steps of `toolLifeYears`) of the installed base: at
 * the steady state, 1 / (steps of a service life) a step.
 */
function updateInstalledTools(world: World): void {
  const {
    slotToolCapability,
    slotEdgeStart,
    slotReceived,
    slotAmount,
    slotOwner,
    firmSlotCount,
    firmBaseDemand,
    edgeSupplier,
    edgeDelivered,
    firmCapability,
    firmProduct,
    productFrontier,
  } = world;
  if (slotToolCapability.length === 0) return; // no capital goods
  const lifeSteps = (world.policy.params.toolLifeYears * 365.25) / world.params.daysPerStep;
  for (let s = 0; s < firmSlotCount; s++) {
    const installed = slotToolCapability[s]!;
    if (installed < 0) continue; // not a capital good
    const received = slotReceived[s]!;
    if (!(received > 0)) continue; // nothing new: the installed tools stay
    let quality = 0;
    for (let e = slotEdgeStart[s]!; e < slotEdgeStart[s + 1]!; e++) {
      const supplier = edgeSupplier[e]!;
      const delivered = edgeDelivered[e]!;
      if (delivered > 0) quality += delivered * (firmCapability[supplier]! / productFrontier[firmProduct[supplier]!]!);
    }
    quality /= received;
    const base = slotAmount[s]! * firmBaseDemand[slotOwner[s]!]! * lifeSteps; // the installed base, in units of tools
    const replaced = base > 0 ? Math.min(1, received / base) : 1;
    slotToolCapability[s] = installed + replaced * (quality - installed);
  }
}
