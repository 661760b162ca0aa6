/**
 * Profiles 40-quarter runs of world-2023 (the sanctions experiment's treatment arm), recording
 * every metric, as the suite's `world-2023/40q` case does. Run under `node --cpu-prof`:
 *
 *   node --conditions=source --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile-world2023.ts
 *   node --import tsx bench/profile-summary.ts /tmp/prof/<file>.cpuprofile 25 --under=simulate
 */
import { simulate } from '@chokepoint/core';
import { buildPlan, loadScenario, materializeWorld } from '@chokepoint/scenario';

const plan = buildPlan(loadScenario('scenarios/experiments/sanctions-short-vs-long-run.yaml'));
const config = plan.configs.find((cfg) => cfg.arm === 'sanctions') ?? plan.configs[plan.configs.length - 1]!;
const spec = materializeWorld(config.recipe);
const states = process.argv.includes('--states');
const runs = 100;
for (let i = 0; i < 20; i++)
  simulate(spec, { steps: 40, seed: i, record: states ? { firms: false, flows: false } : {} });
const t = performance.now();
for (let i = 0; i < runs; i++)
  simulate(spec, { steps: 40, seed: i, record: states ? { firms: false, flows: false } : {} });
console.log(
  `world-2023 40q${states ? ' (states only)' : ''}: ${((performance.now() - t) / runs).toFixed(1)} ms per run`,
);
