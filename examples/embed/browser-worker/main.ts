/*
 * The page: reads the form, starts the worker, and fills the table as steps
 * arrive. The page stays responsive while the core runs in the worker.
 * `?autorun` (with optional doctrine, firms, steps, seed) runs at once; the
 * result is left on `window.chokepointResult` and `document.body.dataset.status`.
 *
 * One run at a time: Run again stops the worker of the run before (its rows
 * would otherwise mix with the new run's), and a value the form does not offer
 * (`?doctrine=XYZ`, a number out of range) is reported, not run.
 */
import { DOCTRINES, type RunRequest } from './simulation.js';
import type { WorkerMessage } from './worker.js';

const form = document.querySelector<HTMLFormElement>('#controls')!;
const table = document.querySelector<HTMLTableSectionElement>('#steps tbody')!;
const status = document.querySelector<HTMLElement>('#status')!;

/** The worker of the run in progress, if any. */
let current: Worker | null = null;

/** The form's request, or a message saying which field is wrong. */
function readForm(): RunRequest | string {
  const data = new FormData(form);
  const doctrine = data.get('doctrine');
  if (typeof doctrine !== 'string' || !(DOCTRINES as readonly string[]).includes(doctrine))
    return `Choose a doctrine: ${DOCTRINES.join(', ')}.`;
  const request: RunRequest = { doctrine: doctrine as RunRequest['doctrine'], firms: 0, steps: 0, seed: 0 };
  for (const name of ['firms', 'steps', 'seed'] as const) {
    const input = form.elements.namedItem(name) as HTMLInputElement;
    const value = Number(input.value);
    if (input.value.trim() === '' || !Number.isInteger(value) || !input.checkValidity()) {
      const range = input.min !== '' && input.max !== '' ? ` from ${input.min} to ${input.max}` : '';
      return `${name[0]!.toUpperCase()}${name.slice(1)} must be a whole number${range} (got “${input.value}”).`;
    }
    request[name] = value;
  }
  return request;
}

function stop(): void {
  current?.terminate();
  current = null;
}

function fail(message: string): void {
  stop();
  status.textContent = message;
  document.body.dataset.status = 'error';
}

function start(request: RunRequest | string): void {
  stop(); // a run still going would keep adding its rows to this run's table
  table.replaceChildren();
  if (typeof request === 'string') {
    fail(request);
    return;
  }
  document.body.dataset.status = 'running';
  status.textContent = `Running ${request.steps} steps of a ${request.firms}-firm world…`;
  // Built next to main.js by build.ts; a module worker, so it can import the core.
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  current = worker;
  worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
    if (worker !== current) return; // a message already on its way from a run that was stopped
    const message = event.data;
    if (message.type === 'step') {
      const { step, demandMet, escalation, measures } = message.summary;
      const row = table.insertRow();
      for (const cell of [String(step), demandMet.toFixed(4), escalation.toFixed(2), String(measures)])
        row.insertCell().textContent = cell;
    } else if (message.type === 'done') {
      status.textContent = `Done in ${message.milliseconds.toFixed(0)} ms.`;
      Object.assign(window, { chokepointResult: { request, summaries: message.summaries } });
      document.body.dataset.status = 'done';
      stop();
    } else {
      fail(`Error: ${message.message}`);
    }
  };
  worker.postMessage(request);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  start(readForm());
});

const query = new URLSearchParams(location.search);
let invalid: string | null = null;
for (const name of ['doctrine', 'firms', 'steps', 'seed']) {
  const value = query.get(name);
  const input = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
  if (value === null || input === null) continue;
  input.value = value;
  // A select given a value it has no option for selects nothing: say so rather than run without a doctrine.
  if (input instanceof HTMLSelectElement && input.value !== value) {
    invalid ??= `Unknown doctrine “${value}” in the address: choose ${DOCTRINES.join(', ')}.`;
    input.value = 'DERISK';
  }
}
if (invalid !== null) fail(invalid);
else if (query.has('autorun')) start(readForm());
