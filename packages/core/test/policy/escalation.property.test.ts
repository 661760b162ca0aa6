import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorld, generateWorld, importedProducts, step, type MeasureSpec, type WorldSpec } from '@chokepoint/core';

/*
 * Escalation needs something to escalate about: two DNM rivals answer only measures that
 * newly restrict trade between them, so measures that restrict nothing (on products the
 * target does not buy from the issuer, or duplicates of a licence-0 control already in
 * force) start no spiral, on any world.
 */

/** A random world in which states s0 and s1 are DNM rivals that never act on their own (hawkishness 0, no budget). */
function rivals(seed: number): WorldSpec {
  const spec = generateWorld({ states: 4, products: 6, firms: 60, suppliersPerInput: 2, seed });
  spec.states = spec.states.map((s, i) =>
    i < 2 ? { ...s, doctrine: 'DNM', rival: i === 0 ? 's1' : 's0', hawkishness: 0, budget: 0 } : s,
  );
  return spec;
}

describe('DNM rivals with nothing to retaliate against (property)', () => {
  it('do not escalate: no answer, and no trade restricted, when the measures between them restrict nothing new', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        (seed, duplicates, start) => {
          const spec = rivals(seed);
          const probe = createWorld(spec, seed);
          const [s0, s1] = [probe.stateIndex.get('s0')!, probe.stateIndex.get('s1')!];
          const bought = new Set(importedProducts(probe, s1, s0));
          const unsold = probe.productIds.filter((_, k) => !bought.has(k));
          const sold = probe.productIds.filter((_, k) => bought.has(k));
          const measures: MeasureSpec[] = [];
          // Controls on products s1 does not buy from s0: they close no trade at all.
          if (unsold.length > 0)
            measures.push({ type: 'export_control', issuer: 's0', targets: ['s1'], products: unsold, start });
          // One licence-0 control on what s1 does buy, then duplicates of it: only the first restricts anything.
          if (sold.length > 0) {
            const ban = { type: 'export_control', issuer: 's0', targets: ['s1'], products: sold, start };
            measures.push(ban);
            for (let i = 0; i < duplicates; i++) measures.push({ ...ban, id: `again-${i}`, start: start + 1 + i });
          }
          const world = createWorld({ ...spec, measures }, seed);
          for (let t = 0; t < start + duplicates + 6; t++) step(world);
          const retaliations = world.policy.measures.filter((m) => m.origin === 'retaliation');
          // The duplicates restrict nothing and are never answered (the first ban may be, and its answer answered in turn).
          for (const m of world.policy.measures.filter((m) => m.id.startsWith('again-')))
            expect(world.policy.measureAddedValue.get(m.id)).toBe(0);
          expect(retaliations.filter((r) => r.answers?.startsWith('again-'))).toEqual([]);
          // Without the ban, nothing between them restricts anything: no answer, and no trade restricted.
          const quiet = createWorld({ ...spec, measures: measures.filter((m) => m.products !== sold) }, seed);
          for (let t = 0; t < start + duplicates + 6; t++) step(quiet);
          expect(quiet.policy.measures.filter((m) => m.origin === 'retaliation')).toEqual([]);
          expect(quiet.policy.restrictedValue).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });
});
