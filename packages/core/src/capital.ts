import { exp } from './math.js';
import type { World } from './world.js';

/**
 * Capital goods (docs/ODD.md §7.19): a firm's slot of a capital good (a product marked `capital`)
 * holds its installed base K_s instead of an inventory. Tools wear by w·K_s a step (w = 1 −
 * exp(−Δ/tool life), `policy.toolLifeYears`) whatever the output; the installed base bounds the
 * firm's capacity at K_s/κ_s, κ_s = K_s⁰/K_f⁰ the tools a unit of capacity needs at the steady
 * state (K_s⁰ = a_s·ȳ_f/w, so replacement equals the steady-state flow a_s·ȳ_f exactly; K_f⁰ the
 * firm's capacity at creation, before damage: its tools were installed for its whole plant); the firm
 * orders replacement w·K_s, the tools for the capacity it has and builds, κ_s·(K_f + U_f) − K_s,
 * over its product's time to build, and any front-loading target. A firm idle at the steady state
 * has κ_s = 0 and is not bound by tools. A cut-off stops new tools, not the installed ones.
 */

/**
 * The share of installed tools that wears out in a step.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1); // quarterly steps, tools last 9.7 years on average
 * console.log(toolWear(world).toFixed(4)); // 0.0254
 * ```
 */
export function toolWear(world: World): number {
  return 1 - exp(-world.params.daysPerStep / (world.policy.params.toolLifeYears * 365.25));
}

/**
 * κ_s: installed tools per unit of capacity in capital-good slot `s` (0 when its firm was idle at
 * the steady state: then tools do not bind it).
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, products: spec.products.map((p) => (p.id === 'chip' ? { ...p, capital: true } : p)) }, 1);
 * const apple = world.firmIndex.get('Apple')!;
 * const s = world.firmSlotStart[apple]!; // Apple's chip slot
 * console.log(toolsPerCapacity(world, s, toolWear(world)) > 0); // true
 * ```
 */
export function toolsPerCapacity(world: World, s: number, wear: number): number {
  const f = world.slotOwner[s]!;
  const base = world.firmBaseCapacity[f]!;
  const made = world.firmBaseDemand[f]!;
  return base > 0 && made > 0 && wear > 0 ? (world.slotAmount[s]! * made) / wear / base : 0;
}

/**
 * Sets each capital-good slot's installed base to its steady state, a_s·ȳ_f/w. createWorld calls it.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, products: spec.products.map((p) => (p.id === 'chip' ? { ...p, capital: true } : p)) }, 1);
 * const s = world.firmSlotStart[world.firmIndex.get('Apple')!]!;
 * console.log(world.slotStock[s]! > 10 * world.slotAmount[s]! * world.firmBaseDemand[world.firmIndex.get('Apple')!]!); // true
 * ```
 */
export function installCapitalGoods(world: World): void {
  if (world.slotToolCapability.length === 0) return; // no capital goods
  const wear = toolWear(world);
  const { slotProduct, productCapital, slotStock, slotAmount, slotOwner, firmBaseDemand } = world;
  for (let s = 0; s < world.firmSlotCount; s++) {
    if (productCapital[slotProduct[s]!] !== 1) continue;
    slotStock[s] = wear > 0 ? (slotAmount[s]! * firmBaseDemand[slotOwner[s]!]!) / wear : 0;
  }
}
