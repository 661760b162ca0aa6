/**
 * One calibration task: simulate one parameter sample of one arm over its replicates and
 * return the statistics. Runs in this thread or as a piscina worker (compiled to
 * dist/calibrate/worker.js; through tsx in the source tree).
 */
import { simulate, type RecordOptions } from '@chokepoint/core';
import { createRunWorld } from '@chokepoint/runner/internal';
import { importPluginDefinitions, type PluginDefinitions } from '@chokepoint/scenario';
import { materializeWorld, type WorldRecipe } from '@chokepoint/scenario';
import { computeStatistics, type ResolvedStatistic } from './statistics.js';

/** Everything one task needs; plain data, so it can cross to a worker thread. */
export interface CalibrationTask {
  /** How to build the world. */
  recipe: WorldRecipe;
  /** Steps to run. */
  steps: number;
  /** What to record. */
  record: RecordOptions;
  /** One seed per replicate. */
  seeds: string[];
  /** The statistics of this arm's targets. */
  statistics: ResolvedStatistic[];
  /** File URLs of plugin modules (a worker imports them itself). */
  plugins: string[];
}

/** A task's result: per replicate, the statistics in order; or the metric names no run records. */
export interface CalibrationTaskResult {
  /** values[replicate][statistic]. */
  values: number[][];
  /** Metric names that matched no entity. */
  missing?: string[];
}

/** Runs a task (see {@link CalibrationTask}) with already imported plugin definitions. */
export function runCalibrationTask(task: CalibrationTask, plugins?: PluginDefinitions): CalibrationTaskResult {
  const spec = materializeWorld(task.recipe);
  const values: number[][] = [];
  for (const seed of task.seeds) {
    const world = plugins === undefined ? spec : createRunWorld(spec, seed, plugins);
    const result = simulate(world, { steps: task.steps, seed, record: task.record });
    const computed = computeStatistics(result.metrics, task.statistics, task.steps);
    if (computed.missing !== undefined) return { values: [], missing: computed.missing };
    values.push(computed.values);
  }
  return { values };
}

/** The piscina entry: imports the task's plugins (cached by the module loader), then runs it. */
export default async function calibrationWorker(task: CalibrationTask): Promise<CalibrationTaskResult> {
  return runCalibrationTask(task, task.plugins.length > 0 ? await importPluginDefinitions(task.plugins) : undefined);
}
