import type { RunPlan } from '@chokepoint/scenario';
import { planJobs, type RunPart } from './simulateRun.ts';
import type { PlanMessage, PlanRequest } from './worker.ts';

/*
 * Runs a plan's runs in Web Workers, off the page's thread, reporting progress; `cancel`
 * terminates the workers. The result is every run's part (header and metrics.csv rows), in
 * the plan's order: what outputs.ts joins into the CLI's metrics.csv and summary.json.
 */

/** The parts of a finished plan. */
export interface PlanResult {
  /** Each run's part, in the plan's run order. */
  parts: RunPart[];
  runs: number;
  /** Workers the runs were spread over. */
  workers: number;
  milliseconds: number;
}

/** A running plan. */
export interface PlanRun {
  /** Resolves with the parts; rejects with {@link CancelledError} on cancel, or with the first failed run's error. */
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

/** Workers to run a plan on: one per core but one (for the page), at most 4. */
export function defaultWorkers(): number {
  const cores = typeof navigator === 'undefined' ? 2 : (navigator.hardwareConcurrency ?? 2);
  return Math.max(1, Math.min(4, cores - 1));
}

/**
 * Starts the plan's runs in new workers (`workers`, default {@link defaultWorkers}), run `i`
 * on worker `i mod workers`; `onProgress(done, total)` after each run. The parts come back in
 * the plan's run order, whatever the workers' timing.
 */
export function runPlan(
  plan: RunPlan,
  options: { workers?: number; onProgress?: (done: number, total: number) => void } = {},
): PlanRun {
  const jobs = planJobs(plan);
  const size = Math.max(1, Math.min(options.workers ?? defaultWorkers(), jobs.length));
  const started = performance.now();
  const workers: Worker[] = [];
  let settle: { resolve: (r: PlanResult) => void; reject: (e: unknown) => void } | undefined;
  const result = new Promise<PlanResult>((resolve, reject) => (settle = { resolve, reject }));
  const parts: RunPart[] = new Array<RunPart>(jobs.length);
  let done = 0;
  let finished = 0;
  const finish = (outcome: { ok: PlanResult } | { error: unknown }) => {
    for (const worker of workers) worker.terminate();
    if ('ok' in outcome) settle?.resolve(outcome.ok);
    else settle?.reject(outcome.error);
    settle = undefined;
  };
  options.onProgress?.(0, jobs.length);
  for (let w = 0; w < size; w++) {
    const indices = jobs.map((_, i) => i).filter((i) => i % size === w);
    const worker = new Worker(new URL('./worker.ts', import.meta.url), {
      type: 'module',
      name: `chokepoint-playground-${w + 1}`,
    });
    workers.push(worker);
    worker.onmessage = (event: MessageEvent<PlanMessage>) => {
      const message = event.data;
      if (message.type === 'run') {
        parts[indices[message.index]!] = { header: message.header, csv: message.csv };
        done += 1;
        options.onProgress?.(done, jobs.length);
      } else if (message.type === 'done') {
        finished += 1;
        if (finished === size)
          finish({
            ok: { parts, runs: jobs.length, workers: size, milliseconds: performance.now() - started },
          });
      } else {
        finish({ error: new Error(`run ${message.runId}: ${message.message}`) });
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      finish({ error: new Error(`The simulation worker failed: ${event.message}`) });
    };
    worker.postMessage({ jobs: indices.map((i) => jobs[i]!) } satisfies PlanRequest);
  }
  return { result, cancel: () => finish({ error: new CancelledError() }) };
}
