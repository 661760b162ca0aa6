/**
 * A/B test of one phase of the step, immune to most of a shared machine's drift: one copy of
 * the suite's `policy/<edges>` world per variant, built in this process and stepped in turn,
 * step by step, each copy running the whole step but its phase from its own variant module.
 * Only that phase is timed. Every variant sees the machine at the same minutes, so their ratio
 * holds even when the machine's speed changes by 1.5× between runs.
 *
 * A variant is a module that exports the phase function under the phase's name: copy the
 * phase's module next to the original (fixing its relative imports), edit it, and pass both
 * paths, relative to this file:
 *
 *   cp packages/core/src/orders.ts packages/core/src/orders.b.ts   # then edit orders.b.ts
 *   node --conditions=source --import tsx bench/ab-phase.ts placeOrders \
 *     ../packages/core/src/orders.ts ../packages/core/src/orders.b.ts --edges=1e6 --steps=20
 *
 * prints, e.g., `orders.ts 16.65 ms  orders.b.ts 13.69 ms` (mean ms per step of the phase).
 * Swap the order of the variants in a second run: the first world is built first. A variant is
 * called as `step` calls its phase (bench/phases.ts `asPhase`): a search appends its edges to
 * the step's additions, and the `addEdges` phase adds them.
 *
 * With `--cpu`, each variant's process CPU time during its phase is printed too (user + system,
 * from process.cpuUsage; it includes V8's helper threads). On a loaded machine it varies less
 * than the wall time, which also counts the minutes the phase waited for a core.
 */
import { createWorld } from '@chokepoint/core';
import type { World } from '../packages/core/src/world.ts';
import { PHASES, asPhase } from './phases.ts';
import { applyShock, damage, syntheticSpec } from './step.bench.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string =>
  args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const [phase, ...files] = args.filter((a) => !a.startsWith('--'));
if (phase === undefined || files.length === 0 || !PHASES.some(([name]) => name === phase)) {
  console.error(
    `usage: ab-phase.ts <phase> <variant module>... [--edges=1e6] [--steps=20]; phases: ${PHASES.map(([name]) => name).join(', ')}`,
  );
  process.exit(2);
}
const edges = Number(option('edges', '1e6'));
const steps = Number(option('steps', '20'));
const cpu = args.includes('--cpu');
const variants = await Promise.all(
  files.map(async (file) => {
    const run = ((await import(file)) as Record<string, unknown>)[phase];
    if (typeof run !== 'function') {
      console.error(`${file}: exports no function named ${phase}`);
      process.exit(2);
    }
    const world = createWorld(syntheticSpec(edges, true), 1);
    return {
      file,
      run: asPhase(phase, run as (w: World) => void),
      world,
      groups: applyShock(world),
      k: 0,
      ms: 0,
      cpuMs: 0,
    };
  }),
);

function step(v: (typeof variants)[number], record: boolean): void {
  damage(v.world, v.groups, v.k++);
  for (const [name, run] of PHASES) {
    if (name !== phase) {
      run(v.world);
      continue;
    }
    const usage = process.cpuUsage();
    const t = performance.now();
    v.run(v.world);
    if (record) {
      v.ms += performance.now() - t;
      const used = process.cpuUsage(usage);
      v.cpuMs += (used.user + used.system) / 1e3;
    }
  }
  v.world.step++;
}

for (let s = 0; s < 8; s++) for (const v of variants) step(v, false); // the suite's warm-up
for (let s = 0; s < steps; s++) for (const v of variants) step(v, true);
console.log(
  variants
    .map(
      (v) =>
        `${v.file.split('/').pop()} ${(v.ms / steps).toFixed(2)} ms${cpu ? ` (CPU ${(v.cpuMs / steps).toFixed(2)} ms)` : ''}`,
    )
    .join('  '),
);
