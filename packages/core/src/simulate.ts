import { createWorld } from './createWorld.js';
import { MetricsTable, recordMetrics, type MetricRow, type RecordOptions } from './metrics.js';
import type { WorldSpec } from './spec.js';
import { step } from './step.js';
import type { World } from './world.js';

/** Options of {@link run} and {@link simulate}. */
export interface SimulateOptions {
  /** Number of steps to run (a non-negative integer). */
  steps: number;
  /** The run's seed. Default 0. Ignored when a ready {@link World} is passed. */
  seed?: string | number;
  /** Which metrics to record. */
  record?: RecordOptions;
  /**
   * Called before each step with the world, e.g. to apply a scripted shock.
   * `world.step` is the number of steps already taken.
   */
  beforeStep?: (world: World) => void;
}

/** One step of a run, as yielded by {@link run}. */
export interface Frame {
  /** Steps completed (1 after the first step). */
  step: number;
  /** The live world; it changes on the next iteration. */
  world: World;
  /** The metric rows recorded for this step. */
  metrics: MetricRow[];
}

/** The result of {@link simulate}. */
export interface SimulationResult {
  /** The seed used. */
  seed: string;
  /** Steps run. */
  steps: number;
  /** The world after the last step. */
  world: World;
  /** All recorded metrics, in step order. */
  metrics: MetricsTable;
}

/**
 * Runs a world step by step, yielding a {@link Frame} after each step; use it
 * for live views and progress.
 *
 * @example
 * ```ts
 * for (const frame of run(spec, { steps: 8, seed: 1 })) {
 *   console.log(frame.step, frame.metrics.length);
 * }
 * ```
 */
export function* run(spec: WorldSpec | World, options: SimulateOptions): Generator<Frame, void, undefined> {
  const table = new MetricsTable();
  for (const [world, start] of advance(spec, options, table)) {
    yield { step: world.step, world, metrics: table.rows(start) };
  }
}

/**
 * Runs a world for `options.steps` steps and returns every recorded metric.
 * The same spec and seed give bit-identical metrics on any machine.
 *
 * @example
 * ```ts
 * const result = simulate(spec, { steps: 40, seed: 'my-run' });
 * result.metrics.rows().filter((r) => r.variable === 'output');
 * ```
 */
export function simulate(spec: WorldSpec | World, options: SimulateOptions): SimulationResult {
  const metrics = new MetricsTable();
  let world: World | undefined;
  for (const [current] of advance(spec, options, metrics)) world = current;
  world ??= isWorld(spec) ? spec : createWorld(spec, options.seed ?? 0);
  return { seed: world.seed, steps: options.steps, world, metrics };
}

/** The step loop shared by run and simulate: yields the world and the first row of each step's metrics. */
function* advance(spec: WorldSpec | World, options: SimulateOptions, table: MetricsTable): Generator<[World, number]> {
  if (!Number.isInteger(options.steps) || options.steps < 0) {
    throw new RangeError(`steps: expected a non-negative integer, received ${String(options.steps)}`);
  }
  const world = isWorld(spec) ? spec : createWorld(spec, options.seed ?? 0);
  for (let i = 0; i < options.steps; i++) {
    options.beforeStep?.(world);
    step(world);
    const start = table.length;
    recordMetrics(world, table, options.record);
    yield [world, start];
  }
}

function isWorld(value: WorldSpec | World): value is World {
  return (value as World).edgeSupplier instanceof Int32Array;
}
