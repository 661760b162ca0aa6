/// <reference lib="webworker" />
import { simulateJob, type RunJob, type RunPart } from './simulateRun.ts';

/*
 * The playground's simulation worker: runs a plan's jobs in order and posts each run's part
 * (its header and its metrics.csv rows, the bytes handed over, not copied) as it finishes, so
 * the page can show progress. The page cancels a run by terminating the worker.
 */

/** What the page sends. */
export interface PlanRequest {
  jobs: RunJob[];
}

/** What the worker answers: once per run, then once at the end (or on the first error). */
export type PlanMessage =
  | ({ type: 'run'; index: number } & RunPart)
  | { type: 'done'; milliseconds: number }
  | { type: 'error'; runId: string; message: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<PlanRequest>) => {
  const { jobs } = event.data;
  const started = performance.now();
  for (const [index, job] of jobs.entries()) {
    try {
      const part = simulateJob(job);
      scope.postMessage({ type: 'run', index, ...part } satisfies PlanMessage, [part.csv.buffer]);
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      scope.postMessage({ type: 'error', runId: job.run.runId, message } satisfies PlanMessage);
      return;
    }
  }
  scope.postMessage({ type: 'done', milliseconds: performance.now() - started } satisfies PlanMessage);
};
