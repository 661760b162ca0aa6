/**
 * Times each phase of the policy-active step on the `policy/<edges>` world of the suite: the
 * suite's 8 warm-up steps, then `--steps` more, each phase timed with performance.now().
 * The phases run in the order of `step` (the list is in bench/phases.ts).
 *
 *   node --conditions=source --import tsx bench/profile-phases.ts --edges=1e6
 *
 * With `--no-policy`, the world is the `step/<edges>` case's: the same shock, no measures.
 * With `--no-growth`, supplier search adds no edge after the warm-up (its patience is set to
 * infinity, so it still scans the slots but never searches). The network then keeps its size, so
 * the time is a bound on what any layout of the edge arrays could save on `addEdges`. The results
 * differ from the suite's, so it is a measurement, not a benchmark case.
 */
import { createWorld } from '@chokepoint/core';
import type { World } from '../packages/core/src/world.ts';
import { PHASES as phases } from './phases.ts';
import { applyShock, damage, syntheticSpec } from './step.bench.ts';

const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const edges = Number(arg('edges', '1e6'));
const steps = Number(arg('steps', '12'));
const noGrowth = process.argv.includes('--no-growth');
const noPolicy = process.argv.includes('--no-policy');

const total = new Float64Array(phases.length);
function timedStep(world: World, record: boolean): void {
  for (let p = 0; p < phases.length; p++) {
    const t = performance.now();
    phases[p]![1](world);
    if (record) total[p]! += performance.now() - t;
  }
  world.step++;
}

const world = createWorld(syntheticSpec(edges, !noPolicy), 1);
const groups = applyShock(world);
let k = 0;
for (let i = 0; i < 8; i++) {
  damage(world, groups, k++);
  timedStep(world, false);
}
// The policy parameters are frozen; the bound swaps in a copy with infinite patience.
if (noGrowth)
  (world.policy as { params: object }).params = { ...world.policy.params, searchPatience: Number.POSITIVE_INFINITY };
let edgeSteps = 0;
const t0 = performance.now();
for (let i = 0; i < steps; i++) {
  damage(world, groups, k++);
  edgeSteps += world.edgeSupplier.length;
  timedStep(world, true);
}
const ms = (performance.now() - t0) / steps;
console.log(
  `${noPolicy ? 'step' : 'policy'}/${edges}${noGrowth ? ' (no growth)' : ''}: ${world.edgeSupplier.length} edges, ${ms.toFixed(1)} ms/step, ${(edgeSteps / steps / ms / 1e3).toFixed(2)} M edge-steps/s`,
);
for (let p = 0; p < phases.length; p++)
  console.log(
    `${phases[p]![0].padEnd(22)} ${(total[p]! / steps).toFixed(2).padStart(8)} ms  ${((100 * total[p]!) / steps / ms).toFixed(1).padStart(5)}%`,
  );
