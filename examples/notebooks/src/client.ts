import type { RecordOptions } from '@chokepoint/core';
import type { Mark } from './charts.ts';
import type {
  ResultRow,
  RowFilter,
  RunJob,
  SimulationFailure,
  SimulationRequest,
  SimulationResponse,
} from './protocol.ts';

/*
 * The page side of the simulation worker. One worker per page runs one batch at a time.
 * Each notebook cell asks on its own channel; while a batch runs, a newer request on the
 * same channel replaces the one waiting, so dragging a slider never builds a backlog: the
 * page shows the latest settings as soon as the worker is free.
 */

/** What a batch of runs returns. */
export interface SimulationResult {
  /** The kept metric rows of every run. */
  rows: ResultRow[];
  /** Number of runs. */
  runs: number;
  /** Worker time for the batch, in milliseconds. */
  milliseconds: number;
  /** Where scripted measures start, for the charts' markers (set by the notebook that ran it). */
  marks?: Mark[];
}

/** A failed batch; `failure.path` locates a problem in the spec when there is one. */
export class SimulationError extends Error {
  readonly failure: SimulationFailure;
  constructor(failure: SimulationFailure) {
    super(failure.message);
    this.name = 'SimulationError';
    this.failure = failure;
  }
}

interface Waiting {
  request: Omit<SimulationRequest, 'id'>;
  settle: Array<{ resolve: (result: SimulationResult) => void; reject: (error: unknown) => void }>;
}

let worker: Worker | undefined;
let nextId = 1;
let inFlight: { id: number; job: Waiting } | undefined;
const queue = new Map<string, Waiting>();

function getWorker(): Worker {
  if (worker !== undefined) return worker;
  // Vite bundles the worker (and the core it imports) from this pattern.
  worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'chokepoint-simulation' });
  worker.onmessage = (event: MessageEvent<SimulationResponse>) => {
    const current = inFlight;
    if (current === undefined || current.id !== event.data.id) return;
    inFlight = undefined;
    const response = event.data;
    for (const { resolve, reject } of current.job.settle) {
      if (response.ok) resolve({ rows: response.rows, runs: response.runs, milliseconds: response.milliseconds });
      else reject(new SimulationError(response.error));
    }
    pump();
  };
  worker.onerror = (event) => {
    event.preventDefault();
    const current = inFlight;
    inFlight = undefined;
    for (const { reject } of current?.job.settle ?? [])
      reject(new Error(`The simulation worker failed: ${event.message}`));
    pump();
  };
  return worker;
}

function pump(): void {
  if (inFlight !== undefined) return;
  const next = queue.entries().next();
  if (next.done) return;
  const [channel, job] = next.value;
  queue.delete(channel);
  const id = nextId++;
  inFlight = { id, job };
  getWorker().postMessage({ id, ...job.request } satisfies SimulationRequest);
}

/**
 * Runs a batch of simulations in the worker and resolves with the kept metric rows.
 * A request replaces any request still waiting on the same `channel`; both promises then
 * resolve with the newer result (the notebook has moved on from the older one).
 */
export function simulateInWorker(
  runs: RunJob[],
  options: { keep?: RowFilter[]; record?: RecordOptions; channel?: string } = {},
): Promise<SimulationResult> {
  const channel = options.channel ?? 'default';
  return new Promise((resolve, reject) => {
    const previous = queue.get(channel);
    const request = {
      runs,
      ...(options.keep ? { keep: options.keep } : {}),
      ...(options.record ? { record: options.record } : {}),
    };
    const settle = [...(previous?.settle ?? []), { resolve, reject }];
    queue.delete(channel);
    queue.set(channel, { request, settle });
    pump();
  });
}

/** Builds the replicate runs of one arm: replicate r has seed `${prefix}/${r}` in every arm. */
export function replicates(
  arm: string,
  spec: RunJob['spec'],
  options: { count: number; steps: number; seedPrefix: string },
): RunJob[] {
  return Array.from({ length: options.count }, (_, r) => ({
    arm,
    replicate: r,
    spec,
    steps: options.steps,
    seed: `${options.seedPrefix}/${r}`,
  }));
}
