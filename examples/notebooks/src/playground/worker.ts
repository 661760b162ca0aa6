/// <reference lib="webworker" />
import { simulateJob, type KeyRow, type RunJob } from './simulateRun.ts';

/*
 * The playground's simulation worker: runs a plan's jobs in order and posts the key
 * metrics' rows after each run, so the page can show progress. The page cancels a run by
 * terminating the worker.
 */

/** What the page sends. */
export interface PlanRequest {
  jobs: RunJob[];
  keyMetrics: string[];
}

/** What the worker answers: once per run, then once at the end (or on the first error). */
export type PlanMessage =
  | { type: 'run'; index: number; rows: KeyRow[] }
  | { type: 'done'; milliseconds: number }
  | { type: 'error'; runId: string; message: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<PlanRequest>) => {
  const { jobs, keyMetrics } = event.data;
  const started = performance.now();
  for (const [index, job] of jobs.entries()) {
    try {
      scope.postMessage({ type: 'run', index, rows: simulateJob(job, keyMetrics) } satisfies PlanMessage);
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      scope.postMessage({ type: 'error', runId: job.runId, message } satisfies PlanMessage);
      return;
    }
  }
  scope.postMessage({ type: 'done', milliseconds: performance.now() - started } satisfies PlanMessage);
};
