import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LICENCE_GRANTED, LICENCE_PENDING, createWorld, run, step, type World } from '@chokepoint/core';
import { STEPS, buildSpec, scenario } from './arbitraries.js';

/*
 * Properties of random policy worlds beyond blocking (properties.test.ts): every metric row is
 * finite; supplier search adds only new, capable suppliers of the right product from states not
 * restricted for the slot; and a world run twice from the same spec and seed is the same to the
 * bit, policy state included. The worlds include products with more than 16 makers, where
 * supplier search samples makers with the world's random streams.
 */

/** Every typed array of the world and of world.policy, as raw bytes, keyed by name. */
function bytesOf(world: World): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [prefix, object] of [
    ['', world],
    ['policy.', world.policy],
  ] as const) {
    for (const [name, value] of Object.entries(object))
      if (ArrayBuffer.isView(value))
        out.set(prefix + name, Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return out;
}

/** A metric row as text, with −0 told apart from 0. */
const rowText = (r: { entityKind: string; entity: string; variable: string; value: number }): string =>
  `${r.entityKind}/${r.entity}/${r.variable}=${Object.is(r.value, -0) ? '-0' : r.value}`;

describe('random policy worlds: metrics, supplier search, determinism', () => {
  it('every metric row is finite, and no series vanishes: rows only appear, and only for new trade flows and licensing measures', () => {
    let zeroDemandRuns = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        if (s.zeroDemand) zeroDemandRuns++;
        let previous: Set<string> | undefined;
        for (const { step: t, metrics } of run(buildSpec(s), { steps: STEPS, seed: s.runSeed })) {
          expect(metrics.filter((r) => !Number.isFinite(r.value)).map(rowText), `step ${t}`).toEqual([]);
          // Every series runs from its first step to the last; a flow appears when supplier (or
          // seller) search opens a new route, and a measure's licence counts when it first requires a
          // licence (a doctrine may adopt one). A flow's pass_through exists only while a tariff is on it.
          const keys = new Set(metrics.map((r) => `${r.entityKind}/${r.entity}/${r.variable}`));
          if (previous !== undefined) {
            expect(
              [...previous].filter((k) => !keys.has(k) && !k.endsWith('/pass_through')),
              `step ${t}: rows gone`,
            ).toEqual([]);
            expect(
              [...keys].filter((k) => !previous!.has(k) && !k.startsWith('flow/') && !k.startsWith('measure/')),
              `step ${t}: rows new`,
            ).toEqual([]);
          }
          previous = keys;
        }
      }),
      { numRuns: 40 },
    );
    expect(zeroDemandRuns).toBeGreaterThan(0);
  });

  it('supplier search adds only new, capable, unrestricted suppliers of the right product, once per (supplier, slot)', () => {
    const seen = { added: 0, sampled: 0 };
    fc.assert(
      fc.property(scenario, (s) => {
        const world = createWorld(buildSpec(s), s.runSeed);
        for (let t = 0; t < STEPS; t++) {
          const version = world.networkVersion;
          step(world);
          if (world.networkVersion === version) continue;
          const change = world.lastNetworkChange!;
          const added = new Set(change.added);
          for (const e of change.added) {
            seen.added++;
            const f = world.edgeSupplier[e]!;
            const slot = world.edgeSlot[e]!;
            const product = world.slotProduct[slot]!;
            if (s.firmsPerProduct > 16) seen.sampled++;
            expect(world.firmProduct[f], `step ${t}: product of new supplier ${f}`).toBe(product);
            expect(world.firmCapability[f]!, `step ${t}: capability of new supplier ${f}`).toBeGreaterThanOrEqual(
              world.productRequirement[product]! - 1e-12,
            );
            for (let x = world.slotEdgeStart[slot]!; x < world.slotEdgeStart[slot + 1]!; x++) {
              if (added.has(x)) continue;
              expect(world.edgeSupplier[x], `step ${t}: supplier ${f} added twice to slot ${slot}`).not.toBe(f);
              // Permissions do not change between supplier search and the end of the step, so
              // these are the restrictions search saw.
              // Restricted: blocked, or a licence needed and neither granted nor under review (only a denial fails a supplier).
              const licence = world.edgeLicenceState[x];
              const restricted =
                world.edgeBlocked[x] === 1 ||
                (world.edgeLicenceProbability[x]! < 1 && licence !== LICENCE_GRANTED && licence !== LICENCE_PENDING);
              if (restricted)
                expect(
                  world.firmState[world.edgeSupplier[x]!],
                  `step ${t}: supplier ${f} from a state restricted for slot ${slot}`,
                ).not.toBe(world.firmState[f]);
            }
          }
        }
        const pairs = new Set<string>();
        for (let e = 0; e < world.edgeSupplier.length; e++) {
          const key = `${world.edgeSupplier[e]}:${world.edgeSlot[e]}`;
          expect(pairs.has(key), `two edges for (supplier, slot) ${key}`).toBe(false);
          pairs.add(key);
        }
      }),
      { numRuns: 40 },
    );
    expect(seen.added).toBeGreaterThan(0);
    expect(seen.sampled).toBeGreaterThan(0);
  });

  it('the same spec and seed give the same worlds, policy state and metrics, to the bit, step by step', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const spec = buildSpec(s);
        const a = run(spec, { steps: STEPS, seed: s.runSeed });
        const b = run(structuredClone(spec), { steps: STEPS, seed: s.runSeed });
        for (let t = 0; t < STEPS; t++) {
          const x = a.next().value!;
          const y = b.next().value!;
          expect(y.metrics.map(rowText), `step ${t}: metrics`).toEqual(x.metrics.map(rowText));
          const bytes = bytesOf(y.world);
          for (const [name, buffer] of bytesOf(x.world))
            expect(bytes.get(name)?.equals(buffer), `step ${t}: ${name}`).toBe(true);
          expect(
            y.world.policy.measures.map((m) => `${m.id}:${m.start}-${m.end}`),
            `step ${t}: measures`,
          ).toEqual(x.world.policy.measures.map((m) => `${m.id}:${m.start}-${m.end}`));
          expect([...y.world.policy.stateDoctrine], `step ${t}: doctrines`).toEqual([...x.world.policy.stateDoctrine]);
        }
      }),
      { numRuns: 30 },
    );
  });
});
