/**
 * A digest of the engine's results, to check that a change meant to be faster changes no number:
 * run it before and after, and compare the lines (each run has its own hash, and the last line
 * hashes them all). It hashes every recorded metric (step, kind, entity, variable, value, in
 * table order) and every typed array of the world at the end (firms, slots, edges, the policy
 * state), so a change in the last bit of one value shows.
 *
 *   node --conditions=source --import tsx bench/digest.ts > /tmp/before.txt
 *   # change the code
 *   node --conditions=source --import tsx bench/digest.ts | diff /tmp/before.txt -
 *
 * Runs, about a minute in all:
 * - replicate 0 of every arm of the quickstart, of the sanctions experiment on world-2023 (40
 *   quarters with measures) and of every validation episode (scenarios/validation), with the
 *   scenario's steps and seeds and every metric recorded;
 * - the suite's synthetic worlds under its shock (bench/step.bench.ts): policy/1e4 for 20 steps,
 *   the same under priority and random rationing, step/1e4 for 20 steps and policy/1e5 for 12.
 * With `--quick`, the synthetic 1e5 world is left out.
 */
import { createHash, type Hash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createWorld,
  simulate,
  type MetricsTable,
  type RationingRule,
  type World,
  type WorldSpec,
} from '@chokepoint/core';
import { buildPlan, loadScenario, materializeWorld } from '@chokepoint/scenario';
import { applyShock, damage, syntheticSpec } from './step.bench.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');

/** Feeds a typed array's bytes to the hash (a view: only its own range). */
function feed(hash: Hash, array: ArrayBufferView): void {
  hash.update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
}

/** Scheduling fields that say when work may be skipped, not what the world is: left out, so a change that adds one can be checked. */
const BOOKKEEPING = new Set(['licenceNext']);

/** Hashes every typed array reachable from the world and its policy state, by name, in name order. */
function hashWorld(hash: Hash, world: World): void {
  const visit = (prefix: string, object: object, depth: number): void => {
    for (const key of Object.keys(object).sort()) {
      if (BOOKKEEPING.has(key)) continue;
      const value = (object as Record<string, unknown>)[key];
      if (ArrayBuffer.isView(value)) {
        hash.update(`${prefix}${key}:`);
        feed(hash, value);
      } else if (typeof value === 'number') {
        hash.update(`${prefix}${key}=${value};`);
      } else if (
        depth < 2 &&
        value !== null &&
        typeof value === 'object' &&
        !(value instanceof Map) &&
        !Array.isArray(value)
      ) {
        visit(`${prefix}${key}.`, value, depth + 1);
      }
    }
  };
  visit('', world, 0);
}

function hashMetrics(hash: Hash, metrics: MetricsTable): void {
  const c = metrics.columns();
  feed(hash, c.steps);
  feed(hash, c.kindCodes);
  feed(hash, c.entityIds);
  feed(hash, c.variableIds);
  feed(hash, c.values);
  hash.update(c.entityNames.join('\n'));
  hash.update(c.variableNames.join('\n'));
}

const all = createHash('sha256');
function report(name: string, hash: Hash, detail: string): void {
  const digest = hash.digest('hex');
  all.update(digest);
  console.log(`${digest.slice(0, 16)}  ${name} (${detail})`);
}

function scenarioRuns(file: string): void {
  const plan = buildPlan(loadScenario(join(root, file)));
  for (const run of plan.meta.runs) {
    if (run.replicate !== 0) continue;
    const config = plan.configs[run.config]!;
    const result = simulate(materializeWorld(config.recipe), { steps: config.steps, seed: run.seed });
    const hash = createHash('sha256');
    hashMetrics(hash, result.metrics);
    hashWorld(hash, result.world);
    report(`${file} ${run.runId}`, hash, `${config.steps} steps, ${result.metrics.length} rows`);
  }
}

function syntheticRun(name: string, spec: WorldSpec, steps: number): void {
  const world = createWorld(spec, 1);
  const groups = applyShock(world);
  damage(world, groups, 0); // as the suite: group i is damaged before step i
  const result = simulate(world, {
    steps,
    afterStep: (w) => damage(w, groups, w.step),
  });
  const hash = createHash('sha256');
  hashMetrics(hash, result.metrics);
  hashWorld(hash, world);
  report(name, hash, `${steps} steps, ${world.edgeSupplier.length} edges at the end`);
}

scenarioRuns('scenarios/quickstart.yaml');
scenarioRuns('scenarios/experiments/sanctions-short-vs-long-run.yaml');
for (const file of readdirSync(join(root, 'scenarios/validation')).sort()) {
  if (file.endsWith('.yaml') && !file.endsWith('.targets.yaml')) scenarioRuns(`scenarios/validation/${file}`);
}
const withRule = (spec: WorldSpec, rationing: RationingRule): WorldSpec => ({
  ...spec,
  params: { ...spec.params, rationing },
});
syntheticRun('policy/1e4', syntheticSpec(1e4, true), 20);
syntheticRun('policy/1e4 priority', withRule(syntheticSpec(1e4, true), 'priority'), 20);
syntheticRun('policy/1e4 random', withRule(syntheticSpec(1e4, true), 'random'), 20);
syntheticRun('step/1e4', syntheticSpec(1e4, false), 20);
if (!quick) syntheticRun('policy/1e5', syntheticSpec(1e5, true), 12);
console.log(`${all.digest('hex').slice(0, 16)}  all`);
