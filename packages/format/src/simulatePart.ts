/**
 * One run, simulated and formatted as its part: the step shared by the runner (which writes
 * it to a part file) and the browser playground (which keeps it in memory).
 *
 * @module
 */
import { createWorld, simulate, type World, type WorldSpec } from '@chokepoint/core';
import { formatPart, type PartTask } from './formatPart.js';
import { adoptedMeasures } from './measures.js';
import type { PartColumns, PartHeader, PartLayout } from './part.js';
import { ShortfallTracker } from './shortfalls.js';

/**
 * A run's part: its header (final values and paths of the key metrics, the measures it adopted
 * and, for replicate 0, its shortage paths), its metrics.csv rows as bytes (`body`, a view into
 * a buffer reused by the next run: copy it to keep it), and the layout and columns of the part
 * file.
 *
 * @example
 * ```ts
 * const plan = buildPlan(loadScenario('scenarios/quickstart.yaml', { set: ['replicates=1', 'horizon=2'] }));
 * const part: FormattedPart = simulatePart(partTask(plan.meta, plan.configs, 0), materializeWorld(plan.configs[0]!.recipe));
 * console.log(part.header.run_id, part.body.length === part.layout.csvBytes); // control/0/0 true
 * ```
 */
export interface FormattedPart {
  /** The part header (the first line of a part file, without its layout and checksum). */
  header: PartHeader;
  /** The run's metrics.csv rows, UTF-8. */
  body: Uint8Array;
  /** Where the part file's columns are, and the names their ids refer to. */
  layout: PartLayout;
  /** The rows as typed columns. */
  columns: PartColumns;
}

/**
 * Options of {@link simulatePart}.
 *
 * @example
 * ```ts
 * import { createWorld } from '@chokepoint/core';
 * const plan = buildPlan(loadScenario('scenarios/quickstart.yaml', { set: ['replicates=2', 'horizon=2'] }));
 * const built: string[] = [];
 * const options: SimulatePartOptions = { createWorld: (spec, seed) => (built.push(seed), createWorld(spec, seed)) };
 * simulatePart(partTask(plan.meta, plan.configs, 1), materializeWorld(plan.configs[0]!.recipe), options);
 * console.log(built); // ['2023/control/0/1']
 * ```
 */
export interface SimulatePartOptions {
  /**
   * Builds the run's world (the runner registers plugin instruments and doctrines here). When
   * given, every run's world is built with it; without it, replicate 0's world is built with
   * `createWorld` (its shortages are followed step by step) and the others by `simulate`.
   */
  createWorld?: (spec: WorldSpec, seed: string) => World;
}

/**
 * Simulates one planned run and formats it: the world of `spec` for the run's seed, simulated
 * for its steps with its record options (replicate 0 also following where its key firms' and
 * states' shortages came from), then its rows ({@link formatPart}), the measures it adopted
 * and its shortage paths. Every run of `chokepoint run` goes through here, and so does every
 * run of the playground, so both write the same bytes.
 *
 * @example
 * ```ts
 * const plan = buildPlan(loadScenario('scenarios/quickstart.yaml', { set: ['replicates=1', 'horizon=8'] }));
 * const spec = materializeWorld(plan.configs[3]!.recipe);
 * const { header } = simulatePart(partTask(plan.meta, plan.configs, 3), spec);
 * console.log(header.run_id, header.measures!.length, header.shortfalls!.map((s) => s.entity)); // fab-fire/0/0 0 ['state/CN', 'state/US']
 * ```
 */
export function simulatePart(task: PartTask, spec: WorldSpec, options: SimulatePartOptions = {}): FormattedPart {
  const { run } = task;
  const build = options.createWorld;
  const world: World | WorldSpec =
    build !== undefined ? build(spec, run.seed) : run.replicate === 0 ? createWorld(spec, run.seed) : spec;
  // Replicate 0 of each arm and point also says where its key entities' shortages came from.
  const tracker =
    run.replicate === 0 ? new ShortfallTracker(world as World, task.keyMetrics, task.calendar) : undefined;
  const afterStep = tracker === undefined || tracker.empty ? undefined : (w: World) => tracker.afterStep(w);
  const result = simulate(world, {
    steps: task.steps,
    seed: run.seed,
    record: task.record,
    ...(afterStep === undefined ? {} : { afterStep }),
  });
  const part = formatPart(task, result.metrics);
  part.header.measures = adoptedMeasures(result.world, task.steps);
  const shortfalls = tracker?.records() ?? [];
  if (shortfalls.length > 0) part.header.shortfalls = shortfalls;
  return part;
}
