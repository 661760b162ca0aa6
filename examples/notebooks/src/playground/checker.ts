import type { Checked } from './check.ts';
import type { CheckRequest, CheckResponse } from './checkWorker.ts';

/*
 * The page side of the check worker. One check runs at a time; a newer check replaces the
 * one waiting, and both callers get the newer result (the editor has moved on from the older
 * text, and CodeMirror's linter drops results for an old document anyway).
 */

interface Waiting {
  path: string;
  text: string;
  settle: Array<(checked: Checked) => void>;
}

let worker: Worker | undefined;
let nextId = 1;
let inFlight: { id: number; job: Waiting } | undefined;
let waiting: Waiting | undefined;

function getWorker(): Worker {
  if (worker !== undefined) return worker;
  worker = new Worker(new URL('./checkWorker.ts', import.meta.url), { type: 'module', name: 'chokepoint-check' });
  worker.onmessage = (event: MessageEvent<CheckResponse>) => {
    const current = inFlight;
    if (current === undefined || current.id !== event.data.id) return;
    inFlight = undefined;
    for (const resolve of current.job.settle) resolve(event.data.checked);
    pump();
  };
  worker.onerror = (event) => {
    event.preventDefault();
    const current = inFlight;
    inFlight = undefined;
    const message = `The check worker failed: ${event.message}`;
    const problem = { file: current?.job.path ?? '', line: 0, col: 0, message, text: message };
    for (const resolve of current?.job.settle ?? []) resolve({ ok: false, problems: [problem] });
    pump();
  };
  return worker;
}

function pump(): void {
  if (inFlight !== undefined || waiting === undefined) return;
  const job = waiting;
  waiting = undefined;
  inFlight = { id: nextId++, job };
  getWorker().postMessage({ id: inFlight.id, path: job.path, text: job.text } satisfies CheckRequest);
}

/** Loads and plans `text` as the file at `path`, in the check worker. */
export function checkInWorker(path: string, text: string): Promise<Checked> {
  return new Promise((resolve) => {
    waiting = { path, text, settle: [...(waiting?.settle ?? []), resolve] };
    pump();
  });
}
