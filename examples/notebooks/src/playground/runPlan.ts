import type { RunPlan } from '@chokepoint/scenario';
import { planJobs, type KeyRow } from './simulateRun.ts';
import type { PlanMessage, PlanRequest } from './worker.ts';

/*
 * Runs a plan's runs in a Web Worker, off the page's thread, reporting progress; `cancel`
 * terminates the worker. The result is the key metrics' rows of every run, the data the
 * CLI's summary.json reduces (writing metrics.csv and summary.json from it is a later step).
 */

/** The rows of a finished plan. */
export interface PlanResult {
  rows: KeyRow[];
  runs: number;
  milliseconds: number;
}

/** A running plan. */
export interface PlanRun {
  /** Resolves with the rows; rejects with {@link CancelledError} on cancel, or with the first failed run's error. */
  result: Promise<PlanResult>;
  /** Stops the run (terminates the worker). */
  cancel(): void;
}

/** The run was cancelled. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** Starts the plan's runs in a new worker; `onProgress(done, total)` after each run. */
export function runPlan(plan: RunPlan, options: { onProgress?: (done: number, total: number) => void } = {}): PlanRun {
  const jobs = planJobs(plan);
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'chokepoint-playground' });
  let settle: { resolve: (r: PlanResult) => void; reject: (e: unknown) => void } | undefined;
  const result = new Promise<PlanResult>((resolve, reject) => (settle = { resolve, reject }));
  const rows: KeyRow[] = [];
  let done = 0;
  const finish = (outcome: { ok: PlanResult } | { error: unknown }) => {
    worker.terminate();
    if ('ok' in outcome) settle?.resolve(outcome.ok);
    else settle?.reject(outcome.error);
    settle = undefined;
  };
  worker.onmessage = (event: MessageEvent<PlanMessage>) => {
    const message = event.data;
    if (message.type === 'run') {
      for (const row of message.rows) rows.push(row);
      done += 1;
      options.onProgress?.(done, jobs.length);
    } else if (message.type === 'done') {
      finish({ ok: { rows, runs: jobs.length, milliseconds: message.milliseconds } });
    } else {
      finish({ error: new Error(`run ${message.runId}: ${message.message}`) });
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    finish({ error: new Error(`The simulation worker failed: ${event.message}`) });
  };
  options.onProgress?.(0, jobs.length);
  worker.postMessage({ jobs, keyMetrics: [...plan.meta.keyMetrics] } satisfies PlanRequest);
  return { result, cancel: () => finish({ error: new CancelledError() }) };
}
