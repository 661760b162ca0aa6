/**
 * The piscina worker: runs one simulation per task and writes its part file. Compiled to
 * dist/worker.js; in the source tree it runs through tsx.
 */
import { sendableError } from '@chokepoint/outputs/internal';
import type { PartHeader } from '@chokepoint/format';
import { executeRun, type RunTask } from './execute.js';
import { importPluginDefinitions } from '@chokepoint/scenario';

/** Runs one task (see {@link executeRun}), importing its plugin modules first (once per worker). */
export default async function runTask(task: RunTask): Promise<PartHeader> {
  try {
    return executeRun(task, task.plugins.length > 0 ? await importPluginDefinitions(task.plugins) : undefined);
  } catch (error) {
    // A full disk in a worker is reported like one in the main thread: with its code and path.
    throw sendableError(error);
  }
}
