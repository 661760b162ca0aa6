import { exp } from './math.js';
import type { World } from './world.js';

/**
 * The moving technology frontier (docs/ODD.md §7.18). Each product's frontier F_k grows with the
 * R&D spending of the firms at it (within `policy.frontierBand` of it):
 *   F_k ← F_k·exp(g_k·y·min(R_k / R_k⁰, M)),   R_k = Σ_{f at k's frontier} (rd_f + subsidy rd_f)·p_f·y_f,
 * with g_k the product's `frontierGrowth` per year, y the step in years, R_k⁰ the same sum
 * at the steady state (base output and prices, no subsidy), and M = {@link MAX_FRONTIER_EFFORT}
 * bounding the effort far from the steady state. So lost sales slow the frontier,
 * subsidized R&D speeds it, and a product whose frontier firms spend nothing on R&D grows at g_k.
 * The leaders, the firms at the frontier itself, move with it (their capability scales by
 * F_k′/F_k, within what their tools allow); every other firm, those in the band included, catches
 * up toward it (adaptation/capability.ts), so a laggard settles at a relative gap of about
 * g_k / (r_f + g_k), r_f its catch-up rate. A frontier never falls.
 * Export-control technology thresholds and the capability a buyer requires of a new supplier stay
 * absolute levels, shares of the frontier the run starts with (`productStartFrontier`): a phone
 * that needs a 7 nm chip needs it whatever the frontier, and control thresholds are written in
 * performance levels that do not move by themselves.
 */

/**
 * R&D spending per step of the firms at each product's frontier, into `out` (length P): at the
 * steady state (`base`: base output, base prices, each firm's own R&D intensity), or now (this
 * step's output and prices, subsidized R&D included).
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, states: [{ id: 'US', rival: 'CN' }, { id: 'CN' }, { id: 'TW' }] }, 1);
 * const rd = frontierRd(world, new Float64Array(world.productIds.length), true);
 * console.log(rd.every((r, k) => r === world.productBaseRd[k])); // true
 * ```
 */
export function frontierRd(world: World, out: Float64Array, base: boolean): Float64Array {
  const {
    firmProduct,
    firmCapability,
    firmRdIntensity,
    firmBaseDemand,
    firmOutput,
    firmPrice,
    productPrice,
    productFrontier,
  } = world;
  const band = 1 - world.policy.params.frontierBand;
  const boost = world.policy.firmRdBoost;
  out.fill(0);
  for (let f = 0; f < firmProduct.length; f++) {
    const k = firmProduct[f]!;
    if (!(firmCapability[f]! >= band * productFrontier[k]!)) continue;
    out[k]! += base
      ? firmRdIntensity[f]! * firmBaseDemand[f]! * productPrice[k]!
      : (firmRdIntensity[f]! + boost[f]!) * firmOutput[f]! * firmPrice[f]!;
  }
  return out;
}

/**
 * Advances every product's frontier by one step, moving the firms at it and the requirements
 * with it. Runs in worlds with an active policy layer, after capabilities grew (§3).
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, states: [{ id: 'US', rival: 'CN' }, { id: 'CN' }, { id: 'TW' }] }, 1);
 * const chip = world.productIndex.get('chip')!;
 * for (let t = 0; t < 4; t++) step(world); // a year at the steady state: exp(0.05)
 * console.log(world.productFrontier[chip]!.toFixed(4)); // 1.0513
 * ```
 */
export function advanceFrontiers(world: World): void {
  const { productFrontier, productFrontierGrowth, productBaseRd, firmProduct, firmCapability } = world;
  const P = productFrontier.length;
  const years = world.params.daysPerStep / 365.25;
  const rd = frontierRd(world, scratch(world, P), false);
  const factor = rd; // reused: the growth factor of each product's frontier
  for (let k = 0; k < P; k++) {
    const effort = productBaseRd[k]! > 0 ? Math.min(rd[k]! / productBaseRd[k]!, MAX_FRONTIER_EFFORT) : 1;
    factor[k] = exp(productFrontierGrowth[k]! * years * effort);
  }
  // Without capital goods no tools bound a leader (toolCeiling is Infinity): it moves by the factor.
  const tools = world.slotToolCapability.length > 0;
  for (let f = 0; f < firmProduct.length; f++) {
    const k = firmProduct[f]!;
    // Only the leaders, at the frontier itself, are carried: the others catch up (a firm carried
    // from within the band would converge to the frontier whatever its catch-up rate).
    if (factor[k] === 1 || !(firmCapability[f]! >= productFrontier[k]! * (1 - LEADER_TOLERANCE))) continue;
    const moved = firmCapability[f]! * factor[k]!;
    firmCapability[f] = tools
      ? Math.min(moved, Math.max(firmCapability[f]!, toolCeiling(world, f, productFrontier[k]! * factor[k]!)))
      : moved;
  }
  for (let k = 0; k < P; k++) productFrontier[k] = productFrontier[k]! * factor[k]!;
}

/**
 * The highest capability firm `f`'s installed tools allow, given its product's frontier: the
 * least capability of the tools in its capital-good slots (a share of their frontier) plus
 * `toolHeadroom`, times `frontier`; Infinity for a firm that installs no capital good.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, products: spec.products.map((p) => (p.id === 'chip' ? { ...p, capital: true } : p)) }, 1);
 * const apple = world.firmIndex.get('Apple')!;
 * console.log(toolCeiling(world, apple, 1)); // 1.1
 * ```
 */
export function toolCeiling(world: World, f: number, frontier: number): number {
  const { firmSlotStart, slotToolCapability } = world;
  if (slotToolCapability.length === 0) return Infinity; // a world without capital goods
  let least = Infinity;
  for (let s = firmSlotStart[f]!; s < firmSlotStart[f + 1]!; s++) {
    const tools = slotToolCapability[s]!;
    if (tools >= 0 && tools < least) least = tools; // -1: not a capital good
  }
  return least === Infinity ? Infinity : (least + world.policy.params.toolHeadroom) * frontier;
}

/**
 * The most research effort, relative to the steady state's, that moves a frontier: R&D beyond ten
 * times the steady state's adds nothing. A bound on how fast research can be absorbed, not a
 * calibrated value; it binds only far from the steady state (a product whose tiny base market
 * becomes a large one) and keeps every frontier finite.
 *
 * @example
 * ```ts
 * console.log(MAX_FRONTIER_EFFORT); // 10
 * ```
 */
export const MAX_FRONTIER_EFFORT = 10;

/** Relative distance below the frontier within which a firm counts as a leader (rounding only). */
const LEADER_TOLERANCE = 1e-9;

const scratchCache = new WeakMap<World, Float64Array>();
/** A per-world buffer of length P, reused every step. */
function scratch(world: World, P: number): Float64Array {
  let buffer = scratchCache.get(world);
  if (buffer === undefined || buffer.length !== P) scratchCache.set(world, (buffer = new Float64Array(P)));
  return buffer;
}

/**
 * Sets a new world's technology state: the frontier firms' base R&D spending, each firm's
 * experience (`experienceYears` of its steady-state output; a firm idle at the steady state starts
 * with none, and its first output becomes its experience), and the tools installed in each
 * capital-good slot (its suppliers' capability as a share of their frontier, weighted by the
 * established shares). createWorld calls it.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * const apple = world.firmIndex.get('Apple')!;
 * console.log(world.firmExperience[apple]! / world.firmBaseDemand[apple]!); // 20
 * ```
 */
export function initialTechnology(world: World): void {
  frontierRd(world, world.productBaseRd, true);
  const stepsPerYear = 365.25 / world.params.daysPerStep;
  const {
    firmExperience,
    firmBaseDemand,
    slotToolCapability,
    slotProduct,
    slotEdgeStart,
    edgeSupplier,
    edgeBaseShare,
    firmCapability,
    firmProduct,
    productFrontier,
    productCapital,
  } = world;
  for (let f = 0; f < firmExperience.length; f++)
    firmExperience[f] = world.policy.params.experienceYears * stepsPerYear * firmBaseDemand[f]!;
  if (slotToolCapability.length === 0) return; // no capital goods
  for (let s = 0; s < world.firmSlotCount; s++) {
    if (productCapital[slotProduct[s]!] !== 1) continue;
    let quality = 0;
    let shares = 0;
    for (let e = slotEdgeStart[s]!; e < slotEdgeStart[s + 1]!; e++) {
      const supplier = edgeSupplier[e]!;
      quality += edgeBaseShare[e]! * (firmCapability[supplier]! / productFrontier[firmProduct[supplier]!]!);
      shares += edgeBaseShare[e]!;
    }
    slotToolCapability[s] = shares > 0 ? quality / shares : 0;
  }
}
