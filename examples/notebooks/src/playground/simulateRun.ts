import { simulate, type RecordOptions, type WorldSpec } from '@chokepoint/core';
import { materializeWorld, type RunPlan, type WorldRecipe } from '@chokepoint/scenario';

/*
 * One planned run, as the CLI runs it (packages/runner/src/execute.ts): the world of its
 * configuration's recipe, simulated for the configuration's steps with the run's seed and
 * record options. Plain data in and out, so it runs in a Web Worker.
 */

/** Everything one run needs. */
export interface RunJob {
  /** `<arm>/<point>/<replicate>`. */
  runId: string;
  arm: string;
  point: number;
  replicate: number;
  /** The run's derived seed. */
  seed: string;
  steps: number;
  record: RecordOptions;
  recipe: WorldRecipe;
  /** Cache key of the world. */
  recipeHash: string;
}

/** One value of a key metric: a tidy row, as the charts take them. */
export interface KeyRow {
  arm: string;
  point: number;
  replicate: number;
  /** Key metric, e.g. `state/CN/output`. */
  metric: string;
  step: number;
  value: number;
}

/** The runs of a plan, in its order. */
export function planJobs(plan: RunPlan): RunJob[] {
  return plan.meta.runs.map((run) => {
    const config = plan.configs[run.config]!;
    return {
      runId: run.runId,
      arm: run.arm,
      point: run.point,
      replicate: run.replicate,
      seed: run.seed,
      steps: config.steps,
      record: config.record,
      recipe: config.recipe,
      recipeHash: config.recipeHash,
    };
  });
}

/** `kind/entity/variable`, e.g. `state_product/CN:chip/capability`. */
export function parseMetricKey(key: string): { kind: string; entity: string; variable: string } {
  const first = key.indexOf('/');
  const last = key.lastIndexOf('/');
  return { kind: key.slice(0, first), entity: key.slice(first + 1, last), variable: key.slice(last + 1) };
}

const worlds = new Map<string, WorldSpec>();

/** Runs one job and returns the rows of the key metrics, every step. */
export function simulateJob(job: RunJob, keyMetrics: readonly string[]): KeyRow[] {
  let spec = worlds.get(job.recipeHash);
  if (spec === undefined) {
    spec = materializeWorld(job.recipe);
    if (worlds.size >= 4) worlds.delete(worlds.keys().next().value!);
    worlds.set(job.recipeHash, spec);
  }
  const metrics = simulate(spec, { steps: job.steps, seed: job.seed, record: job.record }).metrics;
  const wanted = new Map(keyMetrics.map((key) => [key, parseMetricKey(key)]));
  const rows: KeyRow[] = [];
  for (let i = 0; i < metrics.length; i++) {
    const kind = metrics.entityKindAt(i);
    const entity = metrics.entityAt(i);
    const variable = metrics.variableAt(i);
    for (const [metric, k] of wanted) {
      if (k.kind !== kind || k.entity !== entity || k.variable !== variable) continue;
      rows.push({
        arm: job.arm,
        point: job.point,
        replicate: job.replicate,
        metric,
        step: metrics.stepAt(i),
        value: metrics.valueAt(i),
      });
    }
  }
  return rows;
}
