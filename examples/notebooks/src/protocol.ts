import type { RecordOptions, WorldSpec } from '@chokepoint/core';

/*
 * The messages between a notebook page and its simulation worker (worker.ts).
 * Everything here is plain data, so it crosses the worker boundary by structured clone.
 */

/** One run: a world, how long to run it, its seed, and the arm and replicate it belongs to. */
export interface RunJob {
  /** The arm (scenario variant) this run belongs to, e.g. `US alone`. Charts draw one series per arm. */
  arm: string;
  /** Replicate number within the arm. */
  replicate: number;
  /** The world. */
  spec: WorldSpec;
  /** Steps (quarters) to run. */
  steps: number;
  /** The run's seed. Replicate r of every arm shares a seed (common random numbers). */
  seed: string | number;
}

/**
 * Which metric rows to send back: a row is kept when it matches any filter. A filter matches
 * when each field it sets matches (`entity` may be a regular expression).
 */
export interface RowFilter {
  /** Entity kind, e.g. `state`. */
  kind?: string;
  /** Entity id, or a pattern, e.g. `/>CN:sme$/`. */
  entity?: string | RegExp;
  /** Variable name, e.g. `output`. */
  variable?: string;
}

/** A batch of runs for the worker. */
export interface SimulationRequest {
  /** Request id, echoed in the response. */
  id: number;
  /** The runs, done in order. */
  runs: RunJob[];
  /** Rows to keep; all when absent. */
  keep?: RowFilter[];
  /** What the core records. Default: no per-firm rows. */
  record?: RecordOptions;
}

/** One tidy metric row of one run: the core's `MetricRow` plus its arm and replicate. */
export interface ResultRow {
  arm: string;
  replicate: number;
  step: number;
  entityKind: string;
  entity: string;
  variable: string;
  value: number;
}

/** A problem with a run, with the field path of a `WorldSpecError` when there is one. */
export interface SimulationFailure {
  name: string;
  message: string;
  /** Field path inside the spec, e.g. `['firms', 3, 'product']`. */
  path?: Array<string | number>;
  expected?: string;
  received?: string;
  /** The arm of the run that failed. */
  arm?: string;
}

/** The worker's answer. */
export type SimulationResponse =
  | { id: number; ok: true; rows: ResultRow[]; runs: number; milliseconds: number }
  | { id: number; ok: false; error: SimulationFailure };
