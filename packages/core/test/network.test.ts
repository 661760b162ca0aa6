import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addEdges,
  buildSupplierIndex,
  buyerState,
  createWorld,
  generateWorld,
  step,
  supplierIndex,
  type NewEdge,
  type World,
} from '@chokepoint/core';

/*
 * addEdges shifts edges in place inside buffers with room to spare. These tests compare it with a
 * reference that rebuilds the network from a plain list of edges: after any sequence of
 * additions, every per-edge array, both CSR indexes and the change record must match.
 */

/** Every per-edge attribute of one edge, as plain numbers. */
interface EdgeRecord {
  supplier: number;
  slot: number;
  share: number;
  order: number;
  baseShare: number;
  delivered: number;
  blocked: number;
  licence: number;
  tariff: number;
  baseBlocked: number;
  baseLicence: number;
  baseTariff: number;
}

function records(world: World): EdgeRecord[] {
  const { base } = world.policy;
  return Array.from(world.edgeSupplier, (supplier, e) => ({
    supplier,
    slot: world.edgeSlot[e]!,
    share: world.edgeShare[e]!,
    order: world.edgeOrder[e]!,
    baseShare: world.edgeBaseShare[e]!,
    delivered: world.edgeDelivered[e]!,
    blocked: world.edgeBlocked[e]!,
    licence: world.edgeLicenceProbability[e]!,
    tariff: world.edgeTariff[e]!,
    baseBlocked: base.blocked[e]!,
    baseLicence: base.licence[e]!,
    baseTariff: base.tariff[e]!,
  }));
}

/** The reference: old edges in slot order, each slot's new edges after its old ones, shares renormalized per touched slot. */
function reference(
  before: EdgeRecord[],
  additions: readonly NewEdge[],
  slots: number,
): { edges: EdgeRecord[]; oldToNew: number[]; added: number[] } {
  const bySlot: Array<Array<{ record: EdgeRecord; old: number; addition: number }>> = Array.from(
    { length: slots },
    () => [],
  );
  before.forEach((record, old) => bySlot[record.slot]!.push({ record: { ...record }, old, addition: -1 }));
  additions.forEach((a, addition) =>
    bySlot[a.slot]!.push({
      record: {
        supplier: a.supplier,
        slot: a.slot,
        share: a.share,
        order: 0,
        baseShare: 0,
        delivered: 0,
        blocked: a.blocked ? 1 : 0,
        licence: 1,
        tariff: 0,
        baseBlocked: a.blocked ? 1 : 0,
        baseLicence: 1,
        baseTariff: 0,
      },
      old: -1,
      addition,
    }),
  );
  const edges: EdgeRecord[] = [];
  const oldToNew = new Array<number>(before.length);
  const added: number[] = [];
  for (const entries of bySlot) {
    if (entries.some((x) => x.addition >= 0)) {
      const sum = entries.reduce((t, x) => t + x.record.share, 0);
      if (sum > 0) for (const x of entries) x.record.share /= sum;
    }
    for (const x of entries) {
      if (x.old >= 0) oldToNew[x.old] = edges.length;
      else added.push(edges.length);
      edges.push(x.record);
    }
  }
  return { edges, oldToNew, added };
}

function smallWorld(seed: number): World {
  return createWorld(generateWorld({ states: 3, products: 4, firms: 14, suppliersPerInput: 2, seed }), seed);
}

const additionBatches = fc.array(
  fc.array(
    fc.record({
      slot: fc.nat(),
      supplier: fc.nat(),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
      blocked: fc.boolean(),
    }),
    { maxLength: 12 },
  ),
  { minLength: 1, maxLength: 6 },
);

describe('addEdges', () => {
  it('matches a from-scratch rebuild after any sequence of additions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), additionBatches, (seed, batches) => {
        const world = smallWorld(seed);
        // Non-trivial per-edge state, so a misplaced copy shows.
        step(world);
        const slots = world.slotOwner.length;
        const firms = world.firmIds.length;
        for (const batch of batches) {
          const additions: NewEdge[] = batch.map((a) => ({
            slot: a.slot % slots,
            supplier: a.supplier % firms,
            share: a.share,
            blocked: a.blocked,
          }));
          const before = records(world);
          const version = world.networkVersion;
          const expected = reference(before, additions, slots);
          addEdges(world, additions);
          if (additions.length === 0) {
            expect(world.networkVersion).toBe(version);
            continue;
          }
          expect(records(world)).toEqual(expected.edges);
          expect(world.networkVersion).toBe(version + 1);
          expect([...world.lastNetworkChange!.oldToNew]).toEqual(expected.oldToNew);
          expect(expected.oldToNew.map((_, e) => world.lastNetworkChange!.newIndex(e))).toEqual(expected.oldToNew);
          // newIndices: ascending runs, a restart, and repeats, against the reference.
          const E0 = expected.oldToNew.length;
          const list = [
            ...Array.from({ length: E0 }, (_, e) => e),
            ...Array.from({ length: E0 }, (_, e) => E0 - 1 - e),
            0,
            0,
            E0 - 1,
          ];
          expect([...world.lastNetworkChange!.newIndices(list)]).toEqual(list.map((e) => expected.oldToNew[e]));
          expect([...world.lastNetworkChange!.added]).toEqual(expected.added);
          // Slot CSR: each slot's edges are contiguous and in range.
          const E = world.edgeSupplier.length;
          expect(world.slotEdgeStart[0]).toBe(0);
          expect(world.slotEdgeStart[slots]).toBe(E);
          for (let s = 0; s < slots; s++)
            for (let e = world.slotEdgeStart[s]!; e < world.slotEdgeStart[s + 1]!; e++)
              expect(world.edgeSlot[e]).toBe(s);
          // The import flag moved with its edge, and new edges got theirs.
          const foreign = Array.from(world.edgeSupplier, (supplier, e) =>
            world.firmState[supplier] === buyerState(world, e) ? 0 : 1,
          );
          expect([...world.edgeForeign]).toEqual(foreign);
          // Supplier CSR equals a fresh build.
          const index = buildSupplierIndex(world.edgeSupplier, firms, world.edgePriority);
          expect([...supplierIndex(world).supplierEdgeStart]).toEqual([...index.supplierEdgeStart]);
          expect([...supplierIndex(world).supplierEdges]).toEqual([...index.supplierEdges]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('keeps stepping correctly after additions reuse spare room', () => {
    const world = smallWorld(3);
    const twin = smallWorld(3);
    step(world);
    step(twin);
    const slots = world.slotOwner.length;
    for (let i = 0; i < 5; i++) {
      const additions: NewEdge[] = [
        { slot: (i * 7) % slots, supplier: (i * 5) % world.firmIds.length, share: 0.2, blocked: false },
      ];
      addEdges(world, additions);
      addEdges(twin, additions);
      // The twin's arrays are compacted into fresh, exactly sized buffers: no shared room.
      for (const key of [
        'edgeSupplier',
        'edgeSlot',
        'edgeShare',
        'edgeOrder',
        'edgeBaseShare',
        'edgeDelivered',
        'edgeBlocked',
        'edgeLicenceProbability',
        'edgeTariff',
      ] as const) {
        (twin as unknown as Record<string, unknown>)[key] = twin[key].slice();
      }
      step(world);
      step(twin);
    }
    expect(world.edgeSupplier.length).toBe(twin.edgeSupplier.length);
    expect([...world.firmOutput]).toEqual([...twin.firmOutput]);
    expect([...world.edgeShare]).toEqual([...twin.edgeShare]);
  });
});
