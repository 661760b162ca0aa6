import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createWorld,
  explainShortfall,
  formatShortfall,
  generateWorld,
  selectEdges,
  setBlocked,
  step,
  type ShortfallNode,
  type WorldSpec,
} from '../src/index.js';
import { snapshotArrays } from './helpers.js';

/**
 * Gallium (98% Chinese) → compound chips (US, JP) → phones (KR), with magnets from China as a
 * non-critical phone input, as in the issue that asked for the path: Samsung ← compound chips ←
 * gallium.
 */
function galliumSpec(options: { measure?: boolean; magnetsCritical?: boolean } = {}): WorldSpec {
  return {
    states: [{ id: 'US' }, { id: 'CN' }, { id: 'JP' }, { id: 'KR' }, { id: 'ROW' }],
    products: [
      { id: 'gallium', price: 1 },
      { id: 'magnet', price: 1 },
      { id: 'compound', price: 5, recipe: [{ product: 'gallium', amount: 0.5 }] },
      {
        id: 'phone',
        price: 50,
        recipe: [
          { product: 'compound', amount: 2 },
          { product: 'magnet', amount: 1, critical: options.magnetsCritical ?? false },
        ],
      },
    ],
    firms: [
      { id: 'GaCN', state: 'CN', product: 'gallium', capacity: 98 },
      { id: 'GaROW', state: 'ROW', product: 'gallium', capacity: 2 },
      { id: 'MagnetCN', state: 'CN', product: 'magnet' },
      { id: 'Qorvo', state: 'US', product: 'compound', inventoryDays: 30 },
      { id: 'Sumitomo', state: 'JP', product: 'compound', inventoryDays: 30 },
      { id: 'Samsung', state: 'KR', product: 'phone', inventoryDays: 30 },
    ],
    edges: [
      { supplier: 'GaCN', buyer: 'Qorvo', share: 98 },
      { supplier: 'GaROW', buyer: 'Qorvo', share: 2 },
      { supplier: 'GaCN', buyer: 'Sumitomo', share: 98 },
      { supplier: 'GaROW', buyer: 'Sumitomo', share: 2 },
      { supplier: 'Qorvo', buyer: 'Samsung', share: 0.7 },
      { supplier: 'Sumitomo', buyer: 'Samsung', share: 0.3 },
      { supplier: 'MagnetCN', buyer: 'Samsung' },
    ],
    finalDemand: [{ state: 'KR', product: 'phone', quantity: 10, suppliers: [{ firm: 'Samsung' }] }],
    measures: options.measure
      ? [{ type: 'export_control', issuer: 'CN', targets: ['US', 'JP'], products: ['gallium'], start: 0 }]
      : [],
    // Capacity held fixed: GaROW would otherwise start building toward the orders it cannot fill, and
    // these tests are about explaining a shortfall, not about how it closes.
    params: { disabled: ['investment'] },
  };
}

function stepped(
  spec: WorldSpec,
  steps: number,
  before?: (world: ReturnType<typeof createWorld>) => void,
): ReturnType<typeof createWorld> {
  const world = createWorld(spec, 1);
  before?.(world);
  for (let i = 0; i < steps; i++) step(world);
  return world;
}

/** Every firm of a tree, depth first. */
function firmsOf(node: ShortfallNode): string[] {
  return [node.firm, ...(node.input?.suppliers.flatMap(firmsOf) ?? [])];
}

describe('explainShortfall', () => {
  it('finds nothing to explain at the steady state', () => {
    const world = stepped(galliumSpec(), 3);
    const samsung = explainShortfall(world, 'Samsung');
    expect(samsung).toMatchObject({ firm: 'Samsung', state: 'KR', product: 'phone', limit: 'none' });
    expect(samsung.input).toBeUndefined();
    expect(samsung.ordersVsBase).toBeCloseTo(1, 9);
    expect(formatShortfall(samsung)).toBe('Samsung (KR): made what it was asked for');
  });

  it('traces a phone maker back to the gallium its chipmakers lost, and names the ban', () => {
    const world = stepped(galliumSpec({ measure: true }), 4);
    const samsung = explainShortfall(world, world.firmIndex.get('Samsung')!);
    expect(samsung.limit).toBe('input');
    expect(samsung.output).toBeLessThan(0.5 * samsung.orders);
    const chips = samsung.input!;
    expect(chips).toMatchObject({ product: 'compound', critical: true, closed: [] });
    expect(chips.available).toBeGreaterThanOrEqual(0);
    expect(chips.available).toBeLessThan(0.5);
    // Both chipmakers delivered less than ordered; the larger shortfall comes first.
    expect(chips.suppliers.map((s) => s.firm)).toEqual(['Qorvo', 'Sumitomo']);
    const gallium = chips.suppliers[0]!.input!;
    expect(gallium.product).toBe('gallium');
    expect(gallium.closed).toHaveLength(1);
    expect(gallium.closed[0]).toMatchObject({ state: 'CN', measures: ['export_control by CN'] });
    expect(gallium.closed[0]!.baseShare).toBeCloseTo(0.98, 9);
    // What little gallium is left comes from ROW, which is now asked for far more than it can make.
    expect(gallium.suppliers[0]).toMatchObject({ firm: 'GaROW', limit: 'capacity' });
    expect(gallium.suppliers[0]!.orders).toBeGreaterThan(2 * gallium.suppliers[0]!.capacity);
    const line = formatShortfall(samsung);
    expect(line).toMatch(
      /^Samsung \(KR\) ← compound \d+% ← Qorvo \(US\) ← gallium \d+% \(closed: CN, 98% of base supply: export_control by CN\) ← GaROW \(ROW\): capacity, orders \d+\.\d\d× capacity$/,
    );
  });

  it('names a closed source without a measure when edges are blocked by hand', () => {
    const world = stepped(galliumSpec(), 4, (w) =>
      setBlocked(w, selectEdges(w, { supplierState: 'CN', product: 'gallium' }), true),
    );
    const gallium = explainShortfall(world, 'Qorvo').input!;
    expect(gallium.closed).toEqual([{ state: 'CN', baseShare: expect.closeTo(0.98, 9), measures: [] }]);
    expect(formatShortfall(explainShortfall(world, 'Qorvo'))).toContain('(closed: CN, 98% of base supply)');
  });

  it('ends at a supplier whose plant was damaged', () => {
    // Fires at both chipmakers, renewed every step (damage heals otherwise), until Samsung's stocks run out.
    const world = createWorld(galliumSpec(), 1);
    for (let i = 0; i < 4; i++) {
      world.firmDamage[world.firmIndex.get('Qorvo')!] = 0.9;
      world.firmDamage[world.firmIndex.get('Sumitomo')!] = 0.9;
      step(world);
    }
    const samsung = explainShortfall(world, 'Samsung');
    expect(samsung.limit).toBe('input');
    const qorvo = samsung.input!.suppliers.find((s) => s.firm === 'Qorvo')!;
    expect(qorvo.limit).toBe('capacity');
    expect(qorvo.damage).toBeGreaterThan(0);
    expect(formatShortfall(qorvo)).toMatch(/^Qorvo \(US\): capacity, \d+% damaged/);
  });

  it('explains a cut from a short non-critical input by its cost share', () => {
    const blockMagnets = (w: ReturnType<typeof createWorld>) =>
      setBlocked(w, selectEdges(w, { product: 'magnet' }), true);
    const world = stepped({ ...galliumSpec(), params: { nonCriticalLoss: 'cost_share' } }, 4, blockMagnets);
    const samsung = explainShortfall(world, 'Samsung');
    expect(samsung.limit).toBe('input');
    expect(samsung.input).toMatchObject({
      product: 'magnet',
      critical: false,
      closed: [{ state: 'CN', baseShare: 1 }],
    });
    // Under nonCriticalLoss: none, the same block costs nothing, and there is nothing to explain.
    const unhurt = stepped({ ...galliumSpec(), params: { nonCriticalLoss: 'none' } }, 4, blockMagnets);
    expect(explainShortfall(unhurt, 'Samsung').limit).toBe('none');
  });

  it('follows at most `depth` links and `breadth` suppliers per input', () => {
    const world = stepped(galliumSpec({ measure: true }), 4);
    expect(explainShortfall(world, 'Samsung', { depth: 1 }).input!.suppliers).toEqual([]);
    expect(explainShortfall(world, 'Samsung', { breadth: 1 }).input!.suppliers.map((s) => s.firm)).toEqual(['Qorvo']);
    expect(explainShortfall(world, 'Samsung', { depth: 2 }).input!.suppliers[0]!.input!.suppliers).toEqual([]);
  });

  it('changes nothing in the world, and rejects an unknown firm', () => {
    const world = stepped(galliumSpec({ measure: true }), 4);
    const before = snapshotArrays(world);
    explainShortfall(world, 'Samsung');
    for (const [name, values] of snapshotArrays(world)) expect(values, name).toEqual(before.get(name));
    expect(() => explainShortfall(world, 'Nokia')).toThrow(/unknown firm "Nokia"/);
    expect(() => explainShortfall(world, 99)).toThrow(RangeError);
  });

  it('on any world and block: shares within [0, 1], no firm twice, and "none" exactly when orders were met (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 6 }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        (seed, steps, damage) => {
          const spec = generateWorld({ states: 4, products: 6, firms: 40, suppliersPerInput: 2, seed });
          const world = createWorld(spec, seed);
          setBlocked(world, selectEdges(world, { supplierState: world.stateIds[0]! }), true);
          world.firmDamage[seed % world.firmIds.length] = damage;
          for (let i = 0; i < steps; i++) step(world);
          for (let f = 0; f < world.firmIds.length; f++) {
            const node = explainShortfall(world, f);
            const firms = firmsOf(node);
            expect(new Set(firms).size).toBe(firms.length);
            expect(node.limit === 'none').toBe(
              !(world.firmDemand[f]! > 0) || world.firmOutput[f]! >= world.firmDemand[f]! * (1 - 1e-9),
            );
            const check = (n: ShortfallNode): void => {
              for (const x of [n.orders, n.output, n.capacity, n.ordersVsBase]) expect(Number.isFinite(x)).toBe(true);
              if (n.input === undefined) return;
              expect(n.input.available).toBeGreaterThanOrEqual(0);
              expect(n.input.available).toBeLessThanOrEqual(1);
              expect(n.input.unplaced).toBeGreaterThanOrEqual(0);
              expect(n.input.unplaced).toBeLessThanOrEqual(1 + 1e-12);
              for (const c of n.input.closed) expect(c.baseShare).toBeGreaterThan(0);
              expect(n.input.closed.reduce((s, c) => s + c.baseShare, 0)).toBeLessThanOrEqual(1 + 1e-9);
              n.input.suppliers.forEach(check);
            };
            check(node);
            expect(formatShortfall(node).startsWith(`${node.firm} (${node.state})`)).toBe(true);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
