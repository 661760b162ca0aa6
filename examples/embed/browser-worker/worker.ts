/*
 * The Web Worker: runs the core off the page's main thread and posts one
 * message per step, then a final one.
 */
import { simulateRequest, type RunRequest, type StepSummary } from './simulation.js';

/** Messages the worker posts. */
export type WorkerMessage =
  | { type: 'step'; summary: StepSummary }
  | { type: 'done'; summaries: StepSummary[]; milliseconds: number }
  | { type: 'error'; message: string };

// The worker's global scope, typed by hand so this file compiles with the DOM library.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<RunRequest>) => void) | null;
  postMessage(message: WorkerMessage): void;
};

scope.onmessage = (event) => {
  const started = performance.now();
  try {
    const summaries = simulateRequest(event.data, (summary) => scope.postMessage({ type: 'step', summary }));
    scope.postMessage({ type: 'done', summaries, milliseconds: performance.now() - started });
  } catch (error) {
    scope.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
