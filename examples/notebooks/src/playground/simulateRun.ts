import type { WorldSpec } from '@chokepoint/core';
import { partTask, simulatePart, type PartHeader, type PartTask } from '@chokepoint/format';
import { materializeWorld, type RunPlan, type WorldRecipe } from '@chokepoint/scenario';

/*
 * One planned run, as the CLI runs it: the task `chokepoint run` hands its workers
 * (`partTask` of @chokepoint/format), the world of its configuration's recipe, and
 * `simulatePart`, the function every run of the CLI goes through, so the run's metrics.csv
 * rows and part header are the CLI's, byte for byte. Plain data in and out, so it runs in a
 * Web Worker.
 */

/** Everything one run needs: its part task and how to build its world. */
export interface RunJob extends PartTask {
  recipe: WorldRecipe;
  /** Cache key of the world. */
  recipeHash: string;
}

/** What one run gives back: what a part file of the CLI holds, less its layout and binary columns. */
export interface RunPart {
  /** The part header as JSON, as a part file holds it (the CLI reads its headers back from that JSON). */
  header: string;
  /** The run's rows of metrics.csv, UTF-8. */
  csv: Uint8Array;
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
  return plan.meta.runs.map((run, index) => {
    const config = plan.configs[run.config]!;
    return { ...partTask(plan.meta, plan.configs, index), recipe: config.recipe, recipeHash: config.recipeHash };
  });
}

const worlds = new Map<string, WorldSpec>();

/** Runs one job: its part header and its metrics.csv rows. */
export function simulateJob(job: RunJob): RunPart {
  let spec = worlds.get(job.recipeHash);
  if (spec === undefined) {
    spec = materializeWorld(job.recipe);
    if (worlds.size >= 4) worlds.delete(worlds.keys().next().value!);
    worlds.set(job.recipeHash, spec);
  }
  const { header, body } = simulatePart(job, spec);
  // `body` is a view into a buffer the next run reuses: the copy is the run's own.
  return { header: JSON.stringify(header), csv: body.slice() };
}

/**
 * The key metrics' rows of a run, every step, from its header's paths (`series`; index 0 is
 * step 1). A step the metric has no value at (an entity that appeared later: null in the JSON)
 * has no row.
 */
export function keyRows(
  run: { arm: string; point: number; replicate: number },
  header: Pick<PartHeader, 'series'>,
): KeyRow[] {
  const rows: KeyRow[] = [];
  for (const [metric, path] of Object.entries(header.series ?? {}))
    path.forEach((value, t) => {
      if (typeof value === 'number' && Number.isFinite(value))
        rows.push({ arm: run.arm, point: run.point, replicate: run.replicate, metric, step: t + 1, value });
    });
  return rows;
}
