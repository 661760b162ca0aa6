import { describe, expect, it } from 'vitest';
import { WorldSpecError, createWorld, formatPath, supplierIndex, type WorldSpec } from '@chokepoint/core';
import { chainSpec } from './helpers.js';

/*
 * createWorld: validation errors carry the field path and a message
 * `path: expected X, received Y`; a valid spec becomes a world in its
 * steady state, with both CSR indexes consistent.
 */

/** A valid two-firm spec that each case breaks in one place. */
function base(): WorldSpec {
  return {
    states: [{ id: 'US' }, { id: 'CN' }],
    products: [{ id: 'chip' }, { id: 'phone', recipe: [{ product: 'chip', amount: 2 }] }],
    firms: [
      { id: 'fab', state: 'US', product: 'chip' },
      { id: 'oem', state: 'CN', product: 'phone' },
    ],
    edges: [{ supplier: 'fab', buyer: 'oem' }],
    finalDemand: [{ state: 'US', product: 'phone', quantity: 10 }],
  };
}

/** Builds a spec from base() changed by `edit`, and returns the error createWorld throws. */
function errorOf(edit: (spec: WorldSpec) => void): WorldSpecError {
  const spec = base();
  edit(spec);
  try {
    createWorld(spec, 1);
  } catch (error) {
    expect(error).toBeInstanceOf(WorldSpecError);
    return error as WorldSpecError;
  }
  throw new Error('createWorld accepted an invalid spec');
}

describe('createWorld rejects invalid specs with the field path', () => {
  it('base() itself is valid', () => {
    expect(() => createWorld(base(), 1)).not.toThrow();
  });

  it('duplicate ids', () => {
    const e = errorOf((s) => s.firms.push({ id: 'fab', state: 'CN', product: 'chip' }));
    expect(e.path).toEqual(['firms', 2, 'id']);
    expect(e.message).toBe('firms[2].id: expected a unique id, received "fab", already used by firms[0]');
    expect(e.name).toBe('WorldSpecError');
    expect(e.pathString).toBe('firms[2].id');
    expect(errorOf((s) => s.states.push({ id: 'US' })).path).toEqual(['states', 2, 'id']);
    expect(errorOf((s) => s.products.push({ id: 'chip' })).path).toEqual(['products', 2, 'id']);
    expect(errorOf((s) => (s.states[0]!.id = '')).message).toBe(
      'states[0].id: expected a non-empty string, received ""',
    );
  });

  it('unknown state, product and firm references', () => {
    expect(() =>
      createWorld({ ...base(), firms: [{ id: 'fab', state: 'JP', product: 'chip' }] }, 1),
    ).toThrowErrorMatchingInlineSnapshot(
      `[WorldSpecError: firms[0].state: expected a state id (one of US, CN), received "JP"]`,
    );
    let e = errorOf((s) => (s.firms[1]!.product = 'tablet'));
    expect(e.path).toEqual(['firms', 1, 'product']);
    expect(e.message).toBe('firms[1].product: expected a product id (one of chip, phone), received "tablet"');
    e = errorOf((s) => (s.products[1]!.recipe = [{ product: 'silicon', amount: 1 }]));
    expect(e.path).toEqual(['products', 1, 'recipe', 0, 'product']);
    e = errorOf((s) => (s.edges = [{ supplier: 'tsmc', buyer: 'oem' }]));
    expect(e.message).toBe('edges[0].supplier: expected a firm id (one of fab, oem), received "tsmc"');
    e = errorOf((s) => (s.edges = [{ supplier: 'fab', buyer: 'apple' }]));
    expect(e.path).toEqual(['edges', 0, 'buyer']);
    e = errorOf((s) => (s.finalDemand = [{ state: 'EU', product: 'phone', quantity: 1 }]));
    expect(e.path).toEqual(['finalDemand', 0, 'state']);
    e = errorOf(
      (s) => (s.finalDemand = [{ state: 'US', product: 'phone', quantity: 1, suppliers: [{ firm: 'nokia' }] }]),
    );
    expect(e.path).toEqual(['finalDemand', 0, 'suppliers', 0, 'firm']);
  });

  it('bad numbers: negative capacity, NaN quantity, damage above 1, zero recipe amount', () => {
    expect(() =>
      createWorld({ ...base(), firms: [{ id: 'fab', state: 'US', product: 'chip', capacity: -1 }] }, 1),
    ).toThrowErrorMatchingInlineSnapshot(
      `[WorldSpecError: firms[0].capacity: expected a finite number >= 0, received -1]`,
    );
    expect(() =>
      createWorld({ ...base(), finalDemand: [{ state: 'US', product: 'phone', quantity: NaN }] }, 1),
    ).toThrowErrorMatchingInlineSnapshot(
      `[WorldSpecError: finalDemand[0].quantity: expected a finite number >= 0, received NaN]`,
    );
    let e = errorOf((s) => (s.firms[1]!.damage = 1.5));
    expect(e.message).toBe('firms[1].damage: expected a finite number >= 0 and <= 1, received 1.5');
    e = errorOf((s) => (s.products[1]!.recipe![0]!.amount = 0));
    expect(e.message).toBe('products[1].recipe[0].amount: expected a finite number > 0, received 0');
    e = errorOf((s) => (s.firms[0]!.capacity = Infinity));
    expect(e.path).toEqual(['firms', 0, 'capacity']);
    e = errorOf((s) => ((s.edges as Array<{ share?: number }>)[0]!.share = -2));
    expect(e.path).toEqual(['edges', 0, 'share']);
    // A string where a number belongs is reported by its type.
    e = errorOf((s) => ((s.firms[0] as unknown as { capacity: string }).capacity = '10'));
    expect(e.message).toBe('firms[0].capacity: expected a finite number >= 0, received "10"');
  });

  it('a recipe cycle, named in the message', () => {
    const spec: WorldSpec = {
      states: [{ id: 'US' }],
      products: [
        { id: 'a', recipe: [{ product: 'b', amount: 1 }] },
        { id: 'b', recipe: [{ product: 'c', amount: 1 }] },
        { id: 'c', recipe: [{ product: 'a', amount: 1 }] },
      ],
      firms: [],
    };
    expect(() => createWorld(spec, 1)).toThrowErrorMatchingInlineSnapshot(
      `[WorldSpecError: products[0].recipe: expected recipes that form no cycle, received the cycle a → b → c → a]`,
    );
    const selfLoop = errorOf((s) => s.products[1]!.recipe!.push({ product: 'phone', amount: 1 }));
    expect(selfLoop.received).toBe('the cycle phone → phone');
    expect(selfLoop.path).toEqual(['products', 1, 'recipe']);
    const twice = errorOf((s) => s.products[1]!.recipe!.push({ product: 'chip', amount: 1 }));
    expect(twice.path).toEqual(['products', 1, 'recipe', 1, 'product']);
  });

  it('an edge whose supplier makes a product the buyer does not use', () => {
    expect(() =>
      createWorld(
        {
          ...base(),
          firms: [...base().firms, { id: 'oem2', state: 'US', product: 'phone' }],
          edges: [
            { supplier: 'fab', buyer: 'oem' },
            { supplier: 'oem2', buyer: 'oem' },
          ],
        },
        1,
      ),
    ).toThrowErrorMatchingInlineSnapshot(
      `[WorldSpecError: edges[1].supplier: expected a supplier of an input of the buyer's product "phone", received "oem2", which makes "phone"]`,
    );
    // Columnar edges report the column and row.
    const e = errorOf((s) => (s.edges = { supplier: [1], buyer: [1] }));
    expect(e.path).toEqual(['edges', 'supplier', 0]);
    expect(errorOf((s) => (s.edges = { supplier: [0], buyer: [7] })).message).toBe(
      'edges.buyer[0]: expected a firm index in [0, 2), received 7',
    );
  });

  it('a firm input with no supplier names the firm by its spec index', () => {
    // oem is listed first but renumbered after fab; the path must still point at firms[0].
    const e = errorOf((s) => {
      s.firms.reverse();
      s.edges = [];
    });
    expect(e.path).toEqual(['firms', 0]);
    expect(e.message).toBe(
      'firms[0]: expected a supplier of each recipe input, received no supplier of "chip" for firm "oem" (add an edge to it)',
    );
  });

  it('final demand for a product no firm makes, or served by a firm making another product', () => {
    const nobody = errorOf((s) => {
      s.products.push({ id: 'tablet' });
      s.finalDemand!.push({ state: 'CN', product: 'tablet', quantity: 1 });
    });
    expect(nobody.path).toEqual(['finalDemand', 1, 'product']);
    expect(nobody.received).toBe('"tablet", which no firm makes');
    const e = errorOf(
      (s) => (s.finalDemand = [{ state: 'US', product: 'phone', quantity: 1, suppliers: [{ firm: 'fab' }] }]),
    );
    expect(e.path).toEqual(['finalDemand', 0, 'suppliers', 0, 'firm']);
    const twice = errorOf((s) => s.finalDemand!.push({ state: 'US', product: 'phone', quantity: 3 }));
    expect(twice.message).toBe(
      'finalDemand[1]: expected one entry per state and product, received a second entry for US/phone (first at finalDemand[0])',
    );
  });

  it('unknown params key and bad rationing rule', () => {
    const e = errorOf((s) => (s.params = { inventoryDay: 10 } as unknown as WorldSpec['params']));
    expect(e.path).toEqual(['params', 'inventoryDay']);
    expect(e.received).toBe('unknown key "inventoryDay"');
    expect(e.expected).toMatch(
      /^an engine parameter \(did you mean "inventoryDays"\?\) \(one of daysPerStep, inventoryDays, /,
    );
    expect(() =>
      createWorld({ ...base(), params: { rationing: 'fifo' as never } }, 1),
    ).toThrowErrorMatchingInlineSnapshot(
      `[WorldSpecError: params.rationing: expected "proportional" | "priority" | "random", received "fifo"]`,
    );
    expect(errorOf((s) => (s.params = { daysPerStep: 0 })).message).toBe(
      'params.daysPerStep: expected a finite number > 0, received 0',
    );
    expect(errorOf((s) => (s.params = { substitutionRate: 2 })).path).toEqual(['params', 'substitutionRate']);
    expect(errorOf((s) => (s.params = { overproductionMax: 0.5 })).path).toEqual(['params', 'overproductionMax']);
  });

  it('not a spec at all', () => {
    expect(() => createWorld(null as unknown as WorldSpec, 1)).toThrow(WorldSpecError);
    expect(errorOf((s) => ((s as unknown as { states: unknown }).states = 'US')).message).toBe(
      'states: expected a list, received "US"',
    );
  });

  it('formatPath writes paths the way messages show them', () => {
    expect(formatPath(['firms', 3, 'product'])).toBe('firms[3].product');
    expect(formatPath(['edges', 'supplier', 0])).toBe('edges.supplier[0]');
    expect(formatPath([])).toBe('(root)');
  });
});

describe('createWorld builds a consistent world', () => {
  /** Freezes a value and everything in it, so any write throws (tests run in strict mode). */
  function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === 'object') {
      for (const inner of Object.values(value)) deepFreeze(inner);
      Object.freeze(value);
    }
    return value;
  }

  it('does not modify the spec', () => {
    const spec = chainSpec();
    const copy = structuredClone(spec);
    expect(() => createWorld(deepFreeze(spec), 1)).not.toThrow();
    expect(spec).toEqual(copy);
  });

  it('renumbers firms in topological order, stably', () => {
    const world = createWorld(chainSpec(), 1);
    // Raw products first (glass, wafer, in spec order), then chips, then phones.
    expect(world.firmIds).toEqual(['glassCN', 'glassEU', 'waferUS', 'waferEU', 'fabUS', 'fabTW', 'oemA', 'oemB']);
    for (let e = 0; e < world.edgeSupplier.length; e++) {
      const slot = world.edgeSlot[e]!;
      if (slot < world.firmSlotCount) expect(world.edgeSupplier[e]).toBeLessThan(world.slotOwner[slot]!);
    }
  });

  it('has consistent CSR indexes by buyer and by supplier', () => {
    const world = createWorld(chainSpec(), 1);
    const E = world.edgeSupplier.length;
    expect(E).toBe(9 + 2 + 1 + 2); // firm edges + final-demand edges
    expect(world.slotEdgeStart[0]).toBe(0);
    expect(world.slotEdgeStart[world.slotOwner.length]).toBe(E);
    for (let s = 0; s < world.slotOwner.length; s++) {
      for (let e = world.slotEdgeStart[s]!; e < world.slotEdgeStart[s + 1]!; e++) {
        expect(world.edgeSlot[e]).toBe(s);
        expect(world.firmProduct[world.edgeSupplier[e]!]).toBe(world.slotProduct[s]);
      }
    }
    const seen = new Set<number>();
    for (let f = 0; f < world.firmIds.length; f++) {
      for (
        let i = supplierIndex(world).supplierEdgeStart[f]!;
        i < supplierIndex(world).supplierEdgeStart[f + 1]!;
        i++
      ) {
        const e = supplierIndex(world).supplierEdges[i]!;
        expect(world.edgeSupplier[e]).toBe(f);
        seen.add(e);
      }
    }
    expect(seen.size).toBe(E); // a permutation of all edges
    expect(supplierIndex(world).maxOutDegree).toBe(
      Math.max(
        ...Array.from(
          { length: world.firmIds.length },
          (_, f) => supplierIndex(world).supplierEdgeStart[f + 1]! - supplierIndex(world).supplierEdgeStart[f]!,
        ),
      ),
    );
  });

  it('normalizes shares per slot, and starts in the hand-computed steady state', () => {
    const world = createWorld(chainSpec(), 1);
    const share = (supplier: string, buyer: string): number => {
      for (let e = 0; e < world.edgeSupplier.length; e++) {
        const slot = world.edgeSlot[e]!;
        if (
          slot < world.firmSlotCount &&
          world.firmIds[world.edgeSupplier[e]!] === supplier &&
          world.firmIds[world.slotOwner[slot]!] === buyer
        )
          return world.edgeShare[e]!;
      }
      throw new Error('no such edge');
    };
    expect(share('fabUS', 'oemA')).toBe(0.75); // 3 : 1
    expect(share('fabTW', 'oemA')).toBe(0.25);
    expect(share('glassCN', 'oemA')).toBe(0.5); // default equal shares
    expect(share('waferUS', 'fabUS')).toBeCloseTo(2 / 3, 15);

    const firm = (id: string): number => world.firmIndex.get(id)!;
    const expected: Record<string, number> = {
      oemA: 14,
      oemB: 6,
      fabUS: 33,
      fabTW: 7,
      glassCN: 13,
      glassEU: 7,
      waferUS: 66,
      waferEU: 54,
    };
    for (const [id, demand] of Object.entries(expected)) {
      expect(world.firmExpectedDemand[firm(id)]).toBeCloseTo(demand, 12);
      expect(world.firmCapacity[firm(id)]).toBeCloseTo(demand * 1.1, 12); // derived: spareCapacity 0.1
    }
    // Stocks: inventoryDays / daysPerStep steps of use. oemA holds 30 days of 28 chips and 14 glass.
    const quarter = 365.25 / 4;
    const slot = (id: string, k: number): number => world.firmSlotStart[firm(id)]! + k;
    expect(world.slotStock[slot('oemA', 0)]).toBeCloseTo((30 / quarter) * 28, 12);
    expect(world.slotStock[slot('oemA', 1)]).toBeCloseTo((30 / quarter) * 14, 12);
    expect(world.slotStock[slot('oemB', 0)]).toBeCloseTo((15 / quarter) * 12, 12); // default 15 days
    expect(world.slotStock[slot('fabUS', 0)]).toBeCloseTo((45 / quarter) * 99, 12);
  });

  it('final demand without suppliers goes to every maker, by capacity when given, else equally', () => {
    const spec = base();
    spec.firms.push({ id: 'oem2', state: 'US', product: 'phone' }, { id: 'fab2', state: 'CN', product: 'chip' });
    spec.edges = [
      { supplier: 'fab', buyer: 'oem' },
      { supplier: 'fab2', buyer: 'oem2' },
    ];
    let world = createWorld(spec, 1);
    expect(world.firmExpectedDemand[world.firmIndex.get('oem')!]).toBeCloseTo(5, 12);
    expect(world.firmExpectedDemand[world.firmIndex.get('oem2')!]).toBeCloseTo(5, 12);
    spec.firms[1]!.capacity = 30;
    spec.firms[2]!.capacity = 10;
    world = createWorld(spec, 1);
    expect(world.firmExpectedDemand[world.firmIndex.get('oem')!]).toBeCloseTo(7.5, 12);
    expect(world.firmExpectedDemand[world.firmIndex.get('oem2')!]).toBeCloseTo(2.5, 12);
  });

  it('accepts columnar edges, equivalent to the object form', () => {
    const objects = createWorld(base(), 1);
    const columns = createWorld({ ...base(), edges: { supplier: [0], buyer: [1] } }, 1);
    expect(Array.from(columns.edgeSupplier)).toEqual(Array.from(objects.edgeSupplier));
    expect(Array.from(columns.slotStock)).toEqual(Array.from(objects.slotStock));
  });
});
