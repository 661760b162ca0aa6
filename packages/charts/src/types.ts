/**
 * Data shapes read from a run directory (see docs/outputs.md): one tidy metric row,
 * and the contents of summary.json and manifest.json.
 */

/** The kind of entity a metric row describes, e.g. `state` or `flow`. */
export type EntityKind = 'world' | 'state' | 'firm' | 'flow' | 'state_product' | 'product' | 'alliance' | (string & {});

/** A swept parameter's value on a row: numbers stay numbers, anything else is text. */
export type ParameterValue = number | string;

/**
 * One row of metrics.csv: the value of `variable` for `entity` at `step` in one run.
 *
 * @example
 * ```ts
 * const row: TidyRow = {
 *   runId: 'control/0/0', scenario: 'quickstart', arm: 'control', point: 0, replicate: 0,
 *   seed: '123', step: 1, date: '2025-03-31', entityKind: 'state', entity: 'US',
 *   variable: 'output', value: 1.2, parameters: {},
 * };
 * ```
 */
export interface TidyRow {
  /** `<arm>/<point>/<replicate>`. */
  runId: string;
  /** Scenario name (file stem). */
  scenario: string;
  /** Arm name, e.g. `control`. */
  arm: string;
  /** Index of the sweep point (0 without a sweep). */
  point: number;
  /** Replicate index. */
  replicate: number;
  /** The run's derived seed, as written. */
  seed: string;
  /** Step the value was observed after (1 after the first step). */
  step: number;
  /** ISO date at the end of the step, or '' when the scenario has no start date. */
  date: string;
  /** Entity kind. */
  entityKind: EntityKind;
  /** Entity id, e.g. `US`, `US>CN:chip` or `CN:logic_leading`. */
  entity: string;
  /** Variable name, e.g. `output`. */
  variable: string;
  /** The value. */
  value: number;
  /** Swept parameters of the run, by path (e.g. `params.substitutionRate`). Shared between rows of one run. */
  parameters: Record<string, ParameterValue>;
}

/** One arm × point × key metric of summary.json: the final-step value across replicates. */
export interface SummaryMetric {
  /** Arm name. */
  arm: string;
  /** Sweep point index. */
  point: number;
  /** Metric name `entity_kind/entity/variable`. */
  metric: string;
  /** Number of replicates. */
  n: number;
  /** Mean across replicates. */
  mean: number;
  /** Standard deviation across replicates. */
  sd: number;
  /** 95% confidence interval of the mean (Student's t). */
  ci95: [number, number];
  /** Replicates the metric needs by the coefficient-of-variation method; absent in older runs. */
  replicateAdvice?: { needed: number | null; cv: number | null; tolerance: number; window: number };
}

/** One treatment arm × point × key metric of summary.json: the difference from the control arm. */
export interface SummaryEffect {
  /** Treatment arm. */
  arm: string;
  /** Control arm it is compared with. */
  control: string;
  /** Sweep point index. */
  point: number;
  /** Metric name `entity_kind/entity/variable`. */
  metric: string;
  /** Treatment mean minus control mean. */
  difference: number;
  /** 95% confidence interval of the difference (Welch's t). */
  ci95: [number, number];
  /** difference / control mean, or null when the control mean is 0. */
  relative: number | null;
}

/** The contents of summary.json. Fields beyond the contract are optional. */
export interface RunSummary {
  /** Scenario name (file stem). */
  scenario: string;
  /** Scenario title. */
  title?: string;
  /** Scenario description, when the runner copies it here. */
  description?: string;
  /** Scenario sources (citations), when the runner copies them here. */
  sources?: unknown[];
  /** The control arm, or null. */
  control: string | null;
  /** How each run was reduced to one number, e.g. `final`. */
  statistic?: string;
  /** Per arm × point × key metric summaries. */
  metrics: SummaryMetric[];
  /** Per treatment arm × point × key metric effects against the control. */
  effects: SummaryEffect[];
}

/** One run listed in manifest.json. */
export interface ManifestRun {
  /** `<arm>/<point>/<replicate>`. */
  run_id: string;
  /** The run's derived seed. */
  seed: string | number;
  /** The run's parameters, by path. */
  parameters?: Record<string, unknown>;
}

/** The contents of manifest.json. Fields beyond the contract are kept as they are. */
export interface RunManifest {
  /** `chokepoint`. */
  tool?: string;
  /** Package version. */
  version?: string;
  /** Git commit, if any. */
  commit?: string | null;
  /** The scenario file: path, hash and text. */
  scenario?: { path?: string; hash?: string; text?: string };
  /** Base seed. */
  seed?: string | number;
  /** Every run with its seed and parameters. */
  runs?: ManifestRun[];
  /** Node version, OS, architecture and CPU count. */
  platform?: Record<string, unknown>;
  /** ISO start time. */
  startedAt?: string;
  /** Wall time in milliseconds. */
  wallTimeMs?: number;
  /** Worker count. */
  workers?: number;
  /** Shard `i/N`, or null. */
  shard?: unknown;
  /** Anything else the runner records. */
  [key: string]: unknown;
}

/** Morris measures of one parameter, as in sensitivity.json. */
export interface SensitivityMorrisIndex {
  /** Parameter (swept key). */
  parameter: string;
  /** Mean elementary effect. */
  mu: number;
  /** Mean absolute elementary effect. */
  muStar: number;
  /** Standard deviation of the elementary effects, or null. */
  sigma: number | null;
  /** Bootstrap interval of μ*, or null. */
  muStarCi: [number, number] | null;
}

/** Sobol indices of one parameter, as in sensitivity.json. */
export interface SensitivitySobolIndex {
  /** Parameter (swept key). */
  parameter: string;
  /** First-order index (null when undefined). */
  S1: number | null;
  /** Bootstrap interval of S1, or null. */
  S1Ci: [number, number] | null;
  /** Total index (null when undefined). */
  ST: number | null;
  /** Bootstrap interval of ST, or null. */
  STCi: [number, number] | null;
}

/** One analysis of sensitivity.json: a metric in one arm at one step. */
export interface SensitivityAnalysisData {
  /** Metric `kind/entity/variable`. */
  metric: string;
  /** Arm. */
  arm: string;
  /** `last` or `step`. */
  at: string;
  /** The step read. */
  step: number;
  /** Sweep points. */
  points: number;
  /** Replicates per point. */
  replicates: number;
  /** Replicate noise as a share of the variance over the design, or null. */
  noiseShare: number | null;
  /** Confidence level of the intervals. */
  confidence: number;
  /** Morris measures (morris sweeps). */
  morris?: SensitivityMorrisIndex[];
  /** Sobol indices (sobol sweeps). */
  sobol?: SensitivitySobolIndex[];
}

/** The contents of sensitivity.json (written by `chokepoint sensitivity`; docs/sensitivity.md). */
export interface SensitivityData {
  /** `chokepoint-sensitivity/1`. */
  format: string;
  /** `morris` or `sobol`. */
  method: string;
  /** The design's size and parameters. */
  design: { samples?: number; trajectories?: number; levels?: number; points: number; parameters: Array<{ name: string; axis?: unknown }> };
  /** The analyses. */
  analyses: SensitivityAnalysisData[];
}
