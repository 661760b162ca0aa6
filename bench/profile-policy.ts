/**
 * Profiles the policy-active step: builds the `policy/<edges>` world of the suite, runs the
 * suite's 8 warm-up steps, then times `--steps` more. Run under `node --cpu-prof` and
 * summarize with profile-summary.ts:
 *
 *   node --conditions=source --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile-policy.ts --edges=1e6
 *   node --import tsx bench/profile-summary.ts /tmp/prof/<file>.cpuprofile 25 --under=step
 */
import { createWorld, step } from '@chokepoint/core';
import { applyShock, damage, syntheticSpec } from './step.bench.ts';

const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const edges = Number(arg('edges', '1e6'));
const steps = Number(arg('steps', '12'));
const world = createWorld(syntheticSpec(edges, true), 1);
const groups = applyShock(world);
let k = 0;
for (let i = 0; i < 8; i++) {
  damage(world, groups, k++);
  step(world);
}
const E = world.edgeSupplier.length;
const t = performance.now();
for (let i = 0; i < steps; i++) {
  damage(world, groups, k++);
  step(world);
}
const ms = (performance.now() - t) / steps;
console.log(`policy/${edges}: ${E} edges, ${ms.toFixed(1)} ms/step, ${(E / ms / 1e3).toFixed(2)} M edge-steps/s`);
