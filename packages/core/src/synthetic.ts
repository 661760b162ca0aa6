import { WorldSpecError } from './errors.js';
import { pow } from './math.js';
import { Rng } from './rng.js';
import type { EngineParams, FinalDemandSpec, FirmSpec, ProductSpec, StateSpec, WorldSpec } from './spec.js';

/**
 * How the number of suppliers per buyer input is distributed.
 *
 * @example
 * ```ts
 * const degree: DegreeDistribution = 'fixed';
 * const generated = generateWorld({ states: 2, firms: 20, products: 4, suppliersPerInput: 2, degree, seed: 1 });
 * console.log((generated.edges as EdgeColumns).supplier.length); // 50
 * ```
 */
export type DegreeDistribution = 'fixed' | 'poisson' | 'powerlaw';

/**
 * Parameters of {@link generateWorld}.
 *
 * @example
 * ```ts
 * const options: SyntheticWorldOptions = { states: 3, firms: 60, products: 6, layers: 3, seed: 'bench' };
 * const generated = generateWorld(options);
 * console.log(generated.states.length, generated.firms.length, generated.products.length); // 3 60 6
 * ```
 */
export interface SyntheticWorldOptions {
  /** Number of states (>= 1). */
  states: number;
  /** Number of firms (>= products). */
  firms: number;
  /** Number of products (>= 2). */
  products: number;
  /** Bill-of-materials layers; layer 0 is raw, the top layer is sold to final demand. Default min(4, products). */
  layers?: number;
  /** Inputs per non-raw product. Default 2. */
  inputsPerProduct?: number;
  /** Units of each input per unit of output. Default 0.5. */
  recipeAmount?: number;
  /**
   * Share of value added in each product's price: raw products cost 1, and a product's price is
   * its inputs' cost / (1 − share), so every product has value added to price scarcity on.
   * Default 0.4.
   */
  valueAddedShare?: number;
  /** Mean number of suppliers per buyer input. Default 4. */
  suppliersPerInput?: number;
  /**
   * Distribution of suppliers per buyer input. `powerlaw` also gives firms
   * Pareto-distributed popularity, so out-degrees are heavy-tailed too.
   * Default `powerlaw`.
   */
  degree?: DegreeDistribution;
  /** Power-law exponent γ (> 2). Default 2.5. */
  powerLawExponent?: number;
  /** Suppliers per final-demand entry. Default 8. */
  finalDemandSuppliers?: number;
  /** Final demand per state and top-layer product, units per step. Default 100. */
  finalDemandQuantity?: number;
  /** Draw each firm's inventory days from Poisson(params.inventoryDays or 15), as in Inoue–Todo. Default true. */
  poissonInventories?: boolean;
  /** Engine parameters to put in the spec. */
  params?: Partial<EngineParams>;
  /** Seed of the generator. Default 0. */
  seed?: string | number;
}

/**
 * Generates a random, balanced world for scale tests and benchmarks.
 *
 * Products sit in layers; each non-raw product takes inputs from lower
 * layers (at least one from the layer just below). Firms are spread evenly
 * over products and states. Each buyer input gets a number of suppliers drawn
 * from the chosen degree distribution, picked without replacement among the
 * firms making that input, weighted by popularity. Edges come back as
 * columns, so a world of 10⁷ edges does not create 10⁷ objects.
 *
 * @example
 * ```ts
 * const generated = generateWorld({ states: 5, firms: 200, products: 8, seed: 1 });
 * const world = createWorld(generated, 1);
 * console.log(firmCount(world), world.stateIds.length); // 200 5
 * ```
 */
export function generateWorld(options: SyntheticWorldOptions): WorldSpec {
  const S = positiveInteger(options.states, 'states');
  const F = positiveInteger(options.firms, 'firms');
  const P = positiveInteger(options.products, 'products');
  if (P < 2) throw new WorldSpecError(['products'], 'at least 2', String(P));
  if (F < P) throw new WorldSpecError(['firms'], `at least one firm per product (>= ${P})`, String(F));
  const layers = Math.min(P, positiveInteger(options.layers ?? Math.min(4, P), 'layers'));
  if (layers < 2) throw new WorldSpecError(['layers'], 'at least 2', String(layers));
  const inputs = positiveInteger(options.inputsPerProduct ?? 2, 'inputsPerProduct');
  const amount = options.recipeAmount ?? 0.5;
  const valueAddedShare = options.valueAddedShare ?? 0.4;
  if (!(valueAddedShare > 0 && valueAddedShare < 1))
    throw new WorldSpecError(['valueAddedShare'], 'a number in (0, 1)', String(valueAddedShare));
  const meanDegree = options.suppliersPerInput ?? 4;
  const distribution = options.degree ?? 'powerlaw';
  const gamma = options.powerLawExponent ?? 2.5;
  if (distribution === 'powerlaw' && !(gamma > 2))
    throw new WorldSpecError(['powerLawExponent'], 'a number > 2', String(gamma));
  if (!(meanDegree >= 1)) throw new WorldSpecError(['suppliersPerInput'], 'a number >= 1', String(meanDegree));
  const rng = new Rng(options.seed ?? 0).stream('synthetic');

  // Products in layers; layer of p is floor(p * layers / P), so every layer is non-empty.
  const layerOf = (p: number): number => Math.floor((p * layers) / P);
  const layerStart = new Int32Array(layers + 1);
  for (let p = 0; p < P; p++) layerStart[layerOf(p) + 1]!++;
  for (let l = 0; l < layers; l++) layerStart[l + 1]! += layerStart[l]!;
  const products: ProductSpec[] = [];
  const prices = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    const layer = layerOf(p);
    const recipe: ProductSpec['recipe'] = [];
    let inputCost = 0;
    if (layer > 0) {
      const chosen = new Set<number>();
      chosen.add(layerStart[layer - 1]! + rng.int(layerStart[layer]! - layerStart[layer - 1]!));
      const lower = layerStart[layer]!;
      while (chosen.size < Math.min(inputs, lower)) chosen.add(rng.int(lower));
      for (const q of [...chosen].sort((a, b) => a - b)) {
        recipe.push({ product: `p${q}`, amount });
        inputCost += amount * prices[q]!;
      }
    }
    prices[p] = layer > 0 ? inputCost / (1 - valueAddedShare) : 1;
    products.push({ id: `p${p}`, stage: `layer${layer}`, recipe, price: prices[p]! });
  }

  const states: StateSpec[] = Array.from({ length: S }, (_, s) => ({ id: `s${s}` }));
  const inventoryMean = options.params?.inventoryDays ?? 15;
  const poisson = options.poissonInventories ?? true;
  const firms: FirmSpec[] = [];
  const firmProduct = new Int32Array(F);
  const popularity = new Float64Array(F);
  for (let f = 0; f < F; f++) {
    const p = f % P;
    firmProduct[f] = p;
    const firm: FirmSpec = { id: `f${f}`, state: `s${rng.int(S)}`, product: `p${p}` };
    if (poisson) firm.inventoryDays = Math.max(1, rng.poisson(inventoryMean));
    firms.push(firm);
    popularity[f] = distribution === 'powerlaw' ? pow(1 - rng.next(), -1 / (gamma - 1)) : 1;
  }

  // Firms of each product, with cumulative popularity for weighted picks.
  const makerStart = new Int32Array(P + 1);
  for (let f = 0; f < F; f++) makerStart[firmProduct[f]! + 1]!++;
  for (let p = 0; p < P; p++) makerStart[p + 1]! += makerStart[p]!;
  const makers = new Int32Array(F);
  const fill = makerStart.slice(0, P);
  for (let f = 0; f < F; f++) makers[fill[firmProduct[f]!]!++] = f;
  const cumulative = new Float64Array(F);
  for (let p = 0; p < P; p++) {
    let sum = 0;
    for (let i = makerStart[p]!; i < makerStart[p + 1]!; i++) cumulative[i] = sum += popularity[makers[i]!]!;
  }

  const drawDegree = (cap: number): number => {
    let d: number;
    if (distribution === 'fixed') d = Math.round(meanDegree);
    else if (distribution === 'poisson') d = 1 + rng.poisson(meanDegree - 1);
    else d = Math.round(((meanDegree * (gamma - 2)) / (gamma - 1)) * pow(1 - rng.next(), -1 / (gamma - 1)));
    return Math.max(1, Math.min(cap, d));
  };
  const mark = new Int32Array(F).fill(-1);
  let pickRound = 0;
  const pick = (product: number, count: number, out: number[]): void => {
    const start = makerStart[product]!;
    const end = makerStart[product + 1]!;
    const total = cumulative[end - 1]!;
    pickRound++;
    let tries = 0;
    while (out.length < count && tries < count * 20) {
      tries++;
      const target = rng.next() * total;
      let lo = start;
      let hi = end - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! > target) hi = mid;
        else lo = mid + 1;
      }
      const firm = makers[lo]!;
      if (mark[firm] === pickRound) continue;
      mark[firm] = pickRound;
      out.push(firm);
    }
    // Heavy-tailed weights can make rejection slow; fill the rest in order.
    for (let i = start; i < end && out.length < count; i++) {
      const firm = makers[i]!;
      if (mark[firm] !== pickRound) {
        mark[firm] = pickRound;
        out.push(firm);
      }
    }
  };

  // Estimate the edge count to size the columns, then grow if needed.
  let capacity = Math.ceil(F * inputs * meanDegree * 1.2) + 16;
  let supplier = new Int32Array(capacity);
  let buyer = new Int32Array(capacity);
  let edges = 0;
  const chosen: number[] = [];
  for (let f = 0; f < F; f++) {
    const recipe = products[firmProduct[f]!]!.recipe!;
    for (const input of recipe) {
      const k = Number(input.product.slice(1));
      chosen.length = 0;
      pick(k, drawDegree(makerStart[k + 1]! - makerStart[k]!), chosen);
      if (edges + chosen.length > capacity) {
        capacity = Math.ceil((edges + chosen.length) * 1.5);
        const grownSupplier = new Int32Array(capacity);
        const grownBuyer = new Int32Array(capacity);
        grownSupplier.set(supplier.subarray(0, edges));
        grownBuyer.set(buyer.subarray(0, edges));
        supplier = grownSupplier;
        buyer = grownBuyer;
      }
      for (const s of chosen) {
        supplier[edges] = s;
        buyer[edges] = f;
        edges++;
      }
    }
  }

  const finalDemand: FinalDemandSpec[] = [];
  const fdDegree = positiveInteger(options.finalDemandSuppliers ?? 8, 'finalDemandSuppliers');
  const quantity = options.finalDemandQuantity ?? 100;
  for (let s = 0; s < S; s++) {
    for (let p = layerStart[layers - 1]!; p < P; p++) {
      chosen.length = 0;
      pick(p, Math.min(fdDegree, makerStart[p + 1]! - makerStart[p]!), chosen);
      finalDemand.push({
        state: `s${s}`,
        product: `p${p}`,
        quantity,
        suppliers: chosen.map((f) => ({ firm: `f${f}` })),
      });
    }
  }

  const spec: WorldSpec = {
    states,
    products,
    firms,
    edges: { supplier: supplier.slice(0, edges), buyer: buyer.slice(0, edges) },
    finalDemand,
  };
  if (options.params !== undefined) spec.params = { ...options.params };
  return spec;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new WorldSpecError([name], 'a positive integer', String(value));
  return value;
}
