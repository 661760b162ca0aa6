import { fileURLToPath } from 'node:url';
import { createWorld, type World, type WorldSpec } from '@chokepoint/core';
import { writeChunksAtomic } from '@chokepoint/outputs/internal';
import { partChecksum } from '@chokepoint/outputs/internal';
import { simulatePart, type PartHeader, type PartTask } from '@chokepoint/format';
import type { Calendar, PlannedRun } from '@chokepoint/scenario';
import type { PluginDefinitions } from '@chokepoint/scenario';
import { materializeWorld, type WorldRecipe } from '@chokepoint/scenario';

/**
 * Everything one run needs; plain data, so it can cross to a worker thread. The fields of
 * {@link PartTask} say what the run writes (`simulatePart` of `@chokepoint/format` runs it).
 */
export interface RunTask extends PartTask {
  /** The run. */
  run: PlannedRun;
  /** Calendar, for the `date` column. */
  calendar: Calendar;
  /** How to build the world. */
  recipe: WorldRecipe;
  /** Hash of the recipe (cache key). */
  recipeHash: string;
  /** Where to write the part file. */
  partPath: string;
  /** File URLs of the plugin modules to register (a worker imports them itself). */
  plugins: string[];
}

/*
 * After the header and its layout, the header line ends with `checksum`: the CRC-32 of the
 * line without it and of every byte after it (see partChecksum in partFile.ts); parts written
 * before it existed have none.
 */

const specCache = new Map<string, WorldSpec>();

function specFor(task: RunTask): WorldSpec {
  let spec = specCache.get(task.recipeHash);
  if (spec === undefined) {
    spec = materializeWorld(task.recipe);
    if (specCache.size >= 4) specCache.delete(specCache.keys().next().value!);
    specCache.set(task.recipeHash, spec);
  }
  return spec;
}

/**
 * The world of one run: built from `spec` for `seed`, with the plugins' instruments and doctrines
 * registered. Every command that simulates (a scenario's runs, a calibration's samples) builds
 * its worlds here.
 */
export function createRunWorld(spec: WorldSpec, seed: string, plugins?: PluginDefinitions): World {
  return createWorld(
    spec,
    seed,
    plugins === undefined ? {} : { instruments: plugins.instruments, doctrines: plugins.doctrines },
  );
}

/**
 * Runs one simulation and writes its part file atomically: a JSON header line
 * ({@link PartHeader}, with the measures the run adopted) and then the run's metrics.csv rows.
 *
 * @param plugins - The definitions of `task.plugins`, registered at world creation.
 * @returns The header.
 */
export function executeRun(task: RunTask, plugins?: PluginDefinitions): PartHeader {
  const { run } = task;
  if (task.plugins.length > 0 && plugins === undefined)
    throw new Error(`run ${run.runId}: its plugin modules were not imported`);
  const spec = specFor(task);
  // The world the plugins were registered in, for the error of a plugin that fails.
  let world: World | WorldSpec = spec;
  let part: ReturnType<typeof simulatePart>;
  try {
    part = simulatePart(
      task,
      spec,
      plugins === undefined ? {} : { createWorld: (s, seed) => (world = createRunWorld(s, seed, plugins)) },
    );
  } catch (error) {
    throw pluginFailure(task, world, error) ?? error;
  }
  const { header, body, layout, columns } = part;
  const bytes = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const chunks = [
    body,
    bytes(columns.steps),
    columns.kindCodes,
    bytes(columns.entityIds),
    bytes(columns.variableIds),
    bytes(columns.values),
  ];
  // The checksum covers the header and every byte after it: resume and merge refuse a part changed since.
  const headerJson = JSON.stringify({ ...header, layout });
  const checksum = partChecksum(headerJson, chunks);
  writeChunksAtomic(task.partPath, [`${headerJson.slice(0, -1)},"checksum":${JSON.stringify(checksum)}}\n`, ...chunks]);
  return header;
}

/** The `code` of the error of a run that failed inside plugin code; the runner reports it as bad input. */
export const PLUGIN_FAILURE = 'ERR_CHOKEPOINT_PLUGIN';

/**
 * An error thrown inside a plugin module's code (its stack passes through the module), restated
 * with the run, the step and the module, so the user knows whose code to fix; undefined for an
 * error that did not come from a plugin.
 */
function pluginFailure(task: RunTask, world: World | WorldSpec, error: unknown): Error | undefined {
  if (!(error instanceof Error) || task.plugins.length === 0) return undefined;
  const stack = error.stack ?? '';
  const module = task.plugins.find((url) => stack.includes(url) || stack.includes(fileURLToPath(url)));
  if (module === undefined) return undefined;
  const step = 'step' in world && typeof world.step === 'number' ? `, step ${world.step}` : '';
  const failure = Object.assign(
    new Error(
      `a plugin failed: run ${task.run.runId} (arm "${task.run.arm}"${step}) threw in ${fileURLToPath(module)}: ${error.message.split('\n')[0]}`,
    ),
    { code: PLUGIN_FAILURE },
  );
  failure.stack = `${failure.message}\n${stack}`;
  return failure;
}
