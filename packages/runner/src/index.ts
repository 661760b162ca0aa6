/**
 * `@chokepoint/runner`: runs a Chokepoint scenario.
 *
 * {@link runScenario} loads a scenario file and plans it (`@chokepoint/scenario`), runs the
 * plan (a piscina worker pool, shards, resume) and writes the run directory
 * (`@chokepoint/outputs`); {@link mergeRuns} joins shards. The run directory is described in
 * docs/outputs.md; the file format in docs/scenarios.md.
 *
 * The examples in this reference run as tests, each in a fresh working folder holding copies
 * of the repository's scenarios/ and examples/embed/ (a plugin instrument,
 * custom-instrument.ts, and digital-services-tax.yaml, a scenario that uses it), a short run of
 * the quickstart in runs/qs (2 replicates of 8 quarters, as below), and a small Sobol sweep of
 * sobol.yaml (a `toy-chips` world, two parameters) in runs/sobol.
 *
 * @example
 * ```ts
 * import { ScenarioError } from '@chokepoint/scenario';
 * import { runScenario } from '@chokepoint/runner';
 * try {
 *   // 2 replicates of 8 quarters, in this thread (by default, a worker per CPU).
 *   const { out, executed } = await runScenario('scenarios/quickstart.yaml', { out: 'runs/first', set: ['replicates=2', 'horizon=8'], workers: 1 });
 *   console.log(`${executed} runs, data in ${out}`);
 * } catch (e) {
 *   if (e instanceof ScenarioError) console.error(e.lines().join('\n'));
 *   else throw e;
 * }
 * ```
 *
 * @packageDocumentation
 */
export {
  parseShard,
  mergeRuns,
  readPlan,
  runScenario,
  type MergeOptions,
  type Progress,
  type RunOptions,
  type RunResult,
} from './runner.js';
export {
  shardFromEnv,
  slurmLayout,
  slurmScripts,
  type Shard,
  type SlurmJob,
  type SlurmLayout,
  type SlurmScripts,
} from './cluster.js';
export { ShortfallTracker, shortfallEntities } from '@chokepoint/format';
