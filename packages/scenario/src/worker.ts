/**
 * The piscina worker: runs one simulation per task and writes its part file. Compiled to
 * dist/worker.js; in the source tree it runs through tsx.
 */
import { executeRun, type PartHeader, type RunTask } from './execute.js';

/** Runs one task (see {@link executeRun}). */
export default function runTask(task: RunTask): PartHeader {
  return executeRun(task);
}
