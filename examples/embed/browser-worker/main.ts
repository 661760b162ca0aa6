/*
 * The page: reads the form, starts the worker, and fills the table as steps
 * arrive. The page stays responsive while the core runs in the worker.
 * `?autorun` (with optional doctrine, firms, steps, seed) runs at once; the
 * result is left on `window.chokepointResult` and `document.body.dataset.status`.
 */
import type { RunRequest } from './simulation.js';
import type { WorkerMessage } from './worker.js';

const form = document.querySelector<HTMLFormElement>('#controls')!;
const table = document.querySelector<HTMLTableSectionElement>('#steps tbody')!;
const status = document.querySelector<HTMLElement>('#status')!;

function readForm(): RunRequest {
  const data = new FormData(form);
  return {
    doctrine: data.get('doctrine') as RunRequest['doctrine'],
    firms: Number(data.get('firms')),
    steps: Number(data.get('steps')),
    seed: Number(data.get('seed')),
  };
}

function start(request: RunRequest): void {
  table.replaceChildren();
  document.body.dataset.status = 'running';
  status.textContent = `Running ${request.steps} steps of a ${request.firms}-firm world…`;
  // Built next to main.js by build.ts; a module worker, so it can import the core.
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
    const message = event.data;
    if (message.type === 'step') {
      const { step, demandMet, escalation, measures } = message.summary;
      const row = table.insertRow();
      for (const cell of [String(step), demandMet.toFixed(4), escalation.toFixed(2), String(measures)]) row.insertCell().textContent = cell;
    } else if (message.type === 'done') {
      status.textContent = `Done in ${message.milliseconds.toFixed(0)} ms.`;
      Object.assign(window, { chokepointResult: { request, summaries: message.summaries } });
      document.body.dataset.status = 'done';
      worker.terminate();
    } else {
      status.textContent = `Error: ${message.message}`;
      document.body.dataset.status = 'error';
      worker.terminate();
    }
  };
  worker.postMessage(request);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  start(readForm());
});

const query = new URLSearchParams(location.search);
for (const name of ['doctrine', 'firms', 'steps', 'seed']) {
  const value = query.get(name);
  const input = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
  if (value !== null && input !== null) input.value = value;
}
if (query.has('autorun')) start(readForm());
