/**
 * The piscina worker: runs one simulation per task and writes its part file. Compiled to
 * dist/worker.js; in the source tree it runs through tsx.
 */
import { executeRun, type PartHeader, type RunTask } from './execute.js';
import { importPluginDefinitions } from './plugins.js';

/** Runs one task (see {@link executeRun}), importing its plugin modules first (once per worker). */
export default async function runTask(task: RunTask): Promise<PartHeader> {
  return executeRun(task, task.plugins.length > 0 ? await importPluginDefinitions(task.plugins) : undefined);
}
