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
 *
 * Final demand for a capital good stands for investment by buyers outside the model (gross fixed
 * capital formation: fabs being equipped). Like a firm's inventory, it buys ahead of an announced
 * restriction: its slot holds the tools bought ahead, B_s (0 at the steady state), toward a target
 * of (extra days / Δ) × this step's investment I_s (the front-loading days of §7.5), restored over
 * `inventoryRestoreDays`, and installs them in place of new purchases once the target falls back:
 * it orders max(0, I_s + (target − B_s)/τ) and keeps B_s ← max(0, B_s + received − I_s) (0 when what
 * is left is below a billionth of I_s: rounding, not tools bought ahead).
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

/**
 * What final-demand slot `s` of a capital good (investment) orders beyond this step's investment
 * `invest` (its base quantity moved by its price): the gap between the tools it wants bought ahead
 * of an announced restriction, (extra days / Δ) × invest, and those it holds, restored over
 * `restoreSteps`. Negative once the target falls back (it installs what it bought ahead), and never
 * below −invest.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, products: spec.products.map((p) => (p.id === 'chip' ? { ...p, capital: true } : p)) }, 1);
 * const s = world.firmSlotCount; // a final-demand slot
 * world.slotExtraDays[s] = world.params.daysPerStep; // a step's worth of investment bought ahead
 * console.log(investmentAhead(world, s, 2, 1)); // 2
 * ```
 */
export function investmentAhead(world: World, s: number, invest: number, restoreSteps: number): number {
  const target = (world.slotExtraDays[s]! / world.params.daysPerStep) * invest;
  const ahead = (target - world.slotStock[s]!) / restoreSteps;
  return ahead < -invest ? -invest : ahead;
}

/**
 * After final demand receives: a capital good's investment slot installs this step's investment
 * `invest` and keeps the rest of what it received as tools bought ahead (B_s ← max(0, B_s +
 * received − invest)); a shortfall is covered from them.
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, products: spec.products.map((p) => (p.id === 'chip' ? { ...p, capital: true } : p)) }, 1);
 * const s = world.firmSlotCount;
 * world.slotReceived[s] = 5;
 * installInvestment(world, s, 2);
 * console.log(world.slotStock[s]); // 3
 * ```
 */
export function installInvestment(world: World, s: number, invest: number): void {
  const left = world.slotStock[s]! + world.slotReceived[s]! - invest;
  // What rounding leaves of an order that was all installed is not a tool bought ahead.
  world.slotStock[s] = left > 1e-9 * invest ? left : 0;
}
