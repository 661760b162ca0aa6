import { describe, expect, it } from 'vitest';
import {
  createWorld,
  generateWorld,
  WorldSpecError,
  type DegreeDistribution,
  type EdgeColumns,
  type SyntheticWorldOptions,
  type WorldSpec,
} from '@chokepoint/core';

/*
 * generateWorld: a seeded, balanced random world. The expected edge counts
 * are worked by hand: with 8 products in 4 layers (p0–p1 raw, then p2–p3,
 * p4–p5, p6–p7) every non-raw product has 2 inputs, and each of the firms
 * (spread evenly, f % 8) making a non-raw product draws its suppliers per input.
 */

const edgesOf = (spec: WorldSpec): EdgeColumns => spec.edges as EdgeColumns;

/** Out-degree (number of firm buyers-and-inputs supplied) of each firm. */
function outDegrees(spec: WorldSpec): number[] {
  const degrees = new Array<number>(spec.firms.length).fill(0);
  const { supplier } = edgesOf(spec);
  for (let i = 0; i < supplier.length; i++) degrees[supplier[i]!]!++;
  return degrees;
}

function coefficientOfVariation(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return Math.sqrt(variance) / mean;
}

const layerOf = (product: string, P: number, layers: number): number =>
  Math.floor((Number(product.slice(1)) * layers) / P);

describe('generateWorld', () => {
  const options: SyntheticWorldOptions = { states: 3, firms: 200, products: 8, seed: 4 };

  it('is deterministic per seed, and the seed matters', () => {
    expect(generateWorld(options)).toEqual(generateWorld(options));
    const other = generateWorld({ ...options, seed: 5 });
    expect(Array.from(edgesOf(other).supplier)).not.toEqual(Array.from(edgesOf(generateWorld(options)).supplier));
  });

  it('fixed degree gives exactly the hand-computed number of edges', () => {
    // 150 non-raw firms × 2 inputs × 4 suppliers.
    const spec = generateWorld({ ...options, degree: 'fixed' });
    expect(edgesOf(spec).supplier.length).toBe(1200);
    expect(edgesOf(spec).buyer.length).toBe(1200);
    // 4 layers of 1 product each: inputs 1 (p1), 2 (p2), 2 (p3); 1000 firms per product.
    const layered = generateWorld({ states: 2, firms: 4000, products: 4, degree: 'fixed', seed: 1 });
    expect(edgesOf(layered).supplier.length).toBe(1000 * (1 + 2 + 2) * 4);
    // Degrees are capped by the number of makers: 2 firms per product.
    const scarce = generateWorld({ states: 2, firms: 16, products: 8, degree: 'fixed', suppliersPerInput: 5, seed: 1 });
    expect(edgesOf(scarce).supplier.length).toBe(12 * 2 * 2);
  });

  it('poisson and power-law degrees give roughly the requested mean', () => {
    const requested = 2000 * (6 / 8) * 2 * 4; // 12000
    for (const seed of [1, 2, 3]) {
      const poisson = edgesOf(generateWorld({ states: 3, firms: 2000, products: 8, degree: 'poisson', seed })).supplier
        .length;
      expect(Math.abs(poisson / requested - 1)).toBeLessThan(0.05); // 1 + Poisson(3) has mean 4; sd of the total ≈ 1%
      // Power-law degrees are capped at the 250 makers of each product, which
      // trims the heavy tail, so the mean falls somewhat short of 4.
      const power = edgesOf(generateWorld({ states: 3, firms: 2000, products: 8, degree: 'powerlaw', seed })).supplier
        .length;
      expect(power / requested).toBeGreaterThan(0.8);
      expect(power / requested).toBeLessThan(1.1);
    }
  });

  it('power-law out-degrees are heavier-tailed than fixed ones', () => {
    const base = { states: 3, firms: 2000, products: 8, seed: 7 };
    const fixed = outDegrees(generateWorld({ ...base, degree: 'fixed' }));
    const power = outDegrees(generateWorld({ ...base, degree: 'powerlaw' }));
    // Uniform picks give near-binomial out-degrees (CV ≈ 0.5); Pareto popularity
    // with γ = 2.5 spreads them far wider.
    expect(coefficientOfVariation(power)).toBeGreaterThan(2 * coefficientOfVariation(fixed));
    expect(Math.max(...power)).toBeGreaterThan(3 * Math.max(...fixed));
  });

  for (const degree of ['fixed', 'poisson', 'powerlaw'] as DegreeDistribution[]) {
    it(`gives a valid, layered world (${degree})`, () => {
      const P = 8;
      const layers = 4;
      const spec = generateWorld({ ...options, degree });
      const world = createWorld(spec, 1);
      expect(world.firmIds).toHaveLength(200);
      for (const product of spec.products) {
        const layer = layerOf(product.id, P, layers);
        expect(product.stage).toBe(`layer${layer}`);
        const inputs = (product.recipe ?? []).map((r) => layerOf(r.product, P, layers));
        if (layer === 0) expect(inputs).toEqual([]);
        else {
          expect(inputs.length).toBe(2);
          for (const l of inputs) expect(l).toBeLessThan(layer);
          expect(inputs).toContain(layer - 1); // at least one input from the layer just below
        }
      }
      // Final demand: every state buys every top-layer product from 8 distinct makers.
      expect(spec.finalDemand).toHaveLength(3 * 2);
      for (const entry of spec.finalDemand!) {
        expect(layerOf(entry.product, P, layers)).toBe(layers - 1);
        const firms = entry.suppliers!.map((s) => s.firm);
        expect(new Set(firms).size).toBe(8);
        for (const firm of firms) expect(spec.firms[Number(firm.slice(1))]!.product).toBe(entry.product);
      }
      // No supplier appears twice for the same buyer input.
      const { supplier, buyer } = edgesOf(spec);
      const pairs = new Set<string>();
      for (let i = 0; i < supplier.length; i++) pairs.add(`${supplier[i]}>${buyer[i]}`);
      expect(pairs.size).toBe(supplier.length);
      // The world is live: every top-layer final demand is served in steady state.
      expect(world.firmExpectedDemand.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    });
  }

  it('draws inventory days from a Poisson law with the requested mean, or leaves them to the params', () => {
    const mean = (spec: WorldSpec): number => spec.firms.reduce((a, f) => a + f.inventoryDays!, 0) / spec.firms.length;
    const big = { states: 2, firms: 2000, products: 4, seed: 3 };
    expect(Math.abs(mean(generateWorld(big)) - 15)).toBeLessThan(0.5); // sd of the mean ≈ 0.09
    expect(Math.abs(mean(generateWorld({ ...big, params: { inventoryDays: 40 } })) - 40)).toBeLessThan(1);
    for (const firm of generateWorld({ ...big, poissonInventories: false }).firms)
      expect(firm.inventoryDays).toBeUndefined();
    const spec = generateWorld({ ...big, params: { daysPerStep: 7 } });
    expect(spec.params).toEqual({ daysPerStep: 7 });
  });

  it('spreads firms over states and products evenly', () => {
    const spec = generateWorld({ states: 4, firms: 4000, products: 8, seed: 2 });
    const perState = new Map<string, number>();
    for (const firm of spec.firms) perState.set(firm.state, (perState.get(firm.state) ?? 0) + 1);
    expect(perState.size).toBe(4);
    for (const count of perState.values()) expect(Math.abs(count - 1000)).toBeLessThan(120); // sd ≈ 27
    spec.firms.forEach((firm, f) => expect(firm.product).toBe(`p${f % 8}`));
  });

  it('rejects impossible options', () => {
    expect(() => generateWorld({ states: 0, firms: 10, products: 4 })).toThrow(WorldSpecError);
    // Structured: the option's name, what was expected and what was received, for a located error upstream.
    try {
      generateWorld({ states: 2, firms: 10, products: 4, layers: 1 });
    } catch (error) {
      expect(error).toMatchObject({ path: ['layers'], expected: 'at least 2', received: '1' });
    }
    expect(() => generateWorld({ states: 1, firms: 10, products: 1 })).toThrow(/products: expected at least 2/);
    expect(() => generateWorld({ states: 1, firms: 3, products: 4 })).toThrow(
      /firms: expected at least one firm per product/,
    );
    expect(() => generateWorld({ states: 1, firms: 10, products: 4, powerLawExponent: 2 })).toThrow(/powerLawExponent/);
    expect(() => generateWorld({ states: 1, firms: 10, products: 4, suppliersPerInput: 0.5 })).toThrow(
      /suppliersPerInput/,
    );
    expect(() => generateWorld({ states: 1.5, firms: 10, products: 4 })).toThrow(/states: expected a positive integer/);
  });
});
