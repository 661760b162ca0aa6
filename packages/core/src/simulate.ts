import { createWorld } from './createWorld.js';
import { MetricsTable, recordMetrics, type MetricRow, type RecordOptions } from './metrics.js';
import type { WorldSpec } from './spec.js';
import { step } from './step.js';
import type { World } from './world.js';

/**
 * Options of {@link run} and {@link simulate}.
 *
 * @example
 * ```ts
 * // A shock from step 2 on: a fire destroys half of TSMC's capacity.
 * const options: SimulateOptions = {
 *   steps: 4,
 *   seed: 1,
 *   record: { flows: false },
 *   beforeStep: (world) => {
 *     if (world.step === 2) world.firmDamage[world.firmIndex.get('TSMC')!] = 0.5;
 *   },
 * };
 * const output = simulate(spec, options).metrics.rows().filter((r) => r.entity === 'TSMC' && r.variable === 'output');
 * console.log(output.map((r) => r.value.toFixed(1))); // ['48.3', '48.3', '26.6', '43.8']
 * ```
 */
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
  /**
   * Called after each step, once its metrics are recorded, with the world as the step left it:
   * the place to read what only the last step holds (its orders and deliveries, say, for
   * {@link explainShortfall}). `world.step` is the number of steps taken, this one included.
   */
  afterStep?: (world: World) => void;
}

/**
 * One step of a run, as yielded by {@link run}.
 *
 * @example
 * ```ts
 * const frames: Frame[] = [...run(spec, { steps: 3, seed: 1 })];
 * console.log(frames.map((f) => f.step), frames[2]!.world === frames[0]!.world); // [1, 2, 3] true
 * ```
 */
export interface Frame {
  /** Steps completed (1 after the first step). */
  step: number;
  /** The live world; it changes on the next iteration. */
  world: World;
  /** The metric rows recorded for this step. */
  metrics: MetricRow[];
}

/**
 * The result of {@link simulate}.
 *
 * @example
 * ```ts
 * const result: SimulationResult = simulate(spec, { steps: 4, seed: 'demo' });
 * console.log(result.seed, result.steps, result.world.step, result.metrics.length > 0); // demo 4 4 true
 * ```
 */
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
 * const shares: string[] = [];
 * for (const frame of run(spec, { steps: 3, seed: 1 })) {
 *   const met = frame.metrics.find((r) => r.entity === 'world' && r.variable === 'final_demand_met_share')!;
 *   shares.push(`${frame.step}: ${met.value}`); // a live view would draw here
 * }
 * console.log(shares); // ['1: 1', '2: 1', '3: 1']
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
 * const apple = result.metrics.rows().filter((r) => r.entity === 'Apple' && r.variable === 'output');
 * console.log(apple.length, apple[39]!.value); // 40 49
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
    // Every step records about as many rows as the first: room for the rest, allocated once.
    if (i === 0) table.reserve(start + (table.length - start) * options.steps * 1.1);
    options.afterStep?.(world);
    yield [world, start];
  }
}

function isWorld(value: WorldSpec | World): value is World {
  return (value as World).edgeSupplier instanceof Int32Array;
}
