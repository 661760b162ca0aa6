/**
 * Data shapes read from a run directory (see docs/outputs.md): one tidy metric row,
 * and the contents of manifest.json. The shapes of summary.json are @chokepoint/format's, shared
 * with the code that writes it.
 */

/**
 * The kind of entity a metric row describes, e.g. `state` or `flow`.
 *
 * @example
 * ```ts
 * const kinds = new Set<EntityKind>(parsed.rows.map((r) => r.entityKind));
 * console.log([...kinds]); // ['firm', 'flow', 'state', 'world', 'state_product', 'product', 'alliance', 'measure']
 * ```
 */
export type EntityKind =
  | 'world'
  | 'state'
  | 'firm'
  | 'flow'
  | 'state_product'
  | 'product'
  | 'alliance'
  | 'standard'
  | 'measure'
  | (string & {});

/**
 * A swept parameter's value on a row: numbers stay numbers, anything else is text.
 *
 * @example
 * ```ts
 * const { rows } = parseMetricsCsv('run_id,scenario,arm,point,replicate,seed,step,date,entity_kind,entity,variable,value,params.rate,doctrine\nbase/0/0,s,base,0,0,1,1,,world,world,output,2,0.5,DNM\n');
 * const values: ParameterValue[] = Object.values(rows[0]!.parameters);
 * console.log(values); // [0.5, 'DNM']
 * ```
 */
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
 * console.log(parseMetricName(`${row.entityKind}/${row.entity}/${row.variable}`)); // { entityKind: 'state', entity: 'US', variable: 'output' }
 * console.log(parsed.rows[0]!.runId, parsed.rows[0]!.scenario); // control/0/0 quickstart
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

/**
 * One run listed in manifest.json.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const manifest: RunManifest = JSON.parse(readFileSync('runs/qs/manifest.json', 'utf8'));
 * const first: ManifestRun = manifest.runs![0]!;
 * console.log(first.run_id, typeof first.seed, first.parameters); // control/0/0 string { licence: 0.1 }
 * ```
 */
export interface ManifestRun {
  /** `<arm>/<point>/<replicate>`. */
  run_id: string;
  /** The run's derived seed. */
  seed: string | number;
  /** The run's parameters, by path. */
  parameters?: Record<string, unknown>;
}

/**
 * The contents of manifest.json. Fields beyond the contract are kept as they are.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const manifest: RunManifest = JSON.parse(readFileSync('runs/qs/manifest.json', 'utf8'));
 * console.log(manifest.tool, manifest.runs!.length, manifest.workers, manifest.shard); // chokepoint 8 1 null
 * ```
 */
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
  /** What the run did that likely misleads, one line each (e.g. a control arm that adopts measures). */
  warnings?: string[];
  /** Anything else the runner records. */
  [key: string]: unknown;
}

/**
 * Morris measures of one parameter, as in sensitivity.json.
 *
 * @example
 * ```ts
 * const coalition: SensitivityMorrisIndex = { parameter: 'coalition_share', mu: -2.1, muStar: 2.1, sigma: 0.4, muStarCi: [1.8, 2.4] };
 * const svg = tornadoChart({ metric: 'state/CN/imports', arm: 'coalition', morris: [coalition] }, {}, document);
 * console.log(svg.querySelectorAll('rect.mu-star-bar').length, svg.querySelectorAll('circle.sigma-marker').length); // 1 1
 * ```
 */
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

/**
 * Sobol indices of one parameter, as in sensitivity.json.
 *
 * @example
 * ```ts
 * // S1 and ST are null in the file when the metric did not vary; such rows are not drawn.
 * const indices: SensitivitySobolIndex[] = [
 *   { parameter: 'licence', S1: 0.7, S1Ci: [0.5, 0.9], ST: 0.8, STCi: [0.6, 1] },
 *   { parameter: 'params.substitutionRate', S1: null, S1Ci: null, ST: null, STCi: null },
 * ];
 * const svg = sensitivityIndexChart({ metric: 'state/CN/output', arm: 'base', sobol: indices }, {}, document);
 * console.log(svg.querySelectorAll('g.index-row').length); // 1
 * ```
 */
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

/**
 * One analysis of sensitivity.json: a metric in one arm at one step.
 *
 * @example
 * ```ts
 * const analysis: SensitivityAnalysisData = {
 *   metric: 'state/CN/imports', arm: 'coalition', at: 'last', step: 24, points: 40, replicates: 2, noiseShare: 0.1, confidence: 0.95,
 *   morris: [
 *     { parameter: 'params.substitutionRate', mu: -0.8, muStar: 1.2, sigma: 0.9, muStarCi: [0.9, 1.5] },
 *     { parameter: 'coalition_share', mu: -2.1, muStar: 2.1, sigma: 0.4, muStarCi: [1.8, 2.4] },
 *   ],
 * };
 * console.log(tornadoChart(analysis, {}, document).querySelector('title')!.textContent); // Morris screening: CN imports — coalition
 * ```
 */
export interface SensitivityAnalysisData {
  /** Metric `kind/entity/variable`. */
  metric: string;
  /** Arm. */
  arm: string;
  /** The arm the analysis is of the effect against (its values are differences from it), when it is. */
  against?: string;
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

/**
 * The contents of sensitivity.json (written by `chokepoint sensitivity`; docs/sensitivity.md).
 *
 * @example
 * ```ts
 * const analysis: SensitivityAnalysisData = {
 *   metric: 'state/CN/output', arm: 'base', at: 'last', step: 6, points: 16, replicates: 2, noiseShare: null, confidence: 0.95,
 *   sobol: [
 *     { parameter: 'licence', S1: 0.7, S1Ci: [0.5, 0.9], ST: 0.8, STCi: [0.6, 1] },
 *     { parameter: 'params.substitutionRate', S1: 0.1, S1Ci: [0, 0.3], ST: 0.25, STCi: [0.1, 0.4] },
 *   ],
 * };
 * const report: SensitivityData = {
 *   format: 'chokepoint-sensitivity/1', method: 'sobol',
 *   design: { samples: 4, points: 16, parameters: [{ name: 'licence' }, { name: 'params.substitutionRate' }] },
 *   analyses: [analysis],
 * };
 * const svgs = report.analyses.map((a) => sensitivityIndexChart(a, {}, document));
 * console.log(svgs.length, svgs[0]!.querySelectorAll('g.index-row').length); // 1 2
 * ```
 */
export interface SensitivityData {
  /** `chokepoint-sensitivity/1`. */
  format: string;
  /** `morris` or `sobol`. */
  method: string;
  /** The design's size and parameters. */
  design: {
    samples?: number;
    trajectories?: number;
    levels?: number;
    points: number;
    parameters: Array<{ name: string; axis?: unknown }>;
  };
  /** The analyses. */
  analyses: SensitivityAnalysisData[];
}
