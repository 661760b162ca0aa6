/**
 * Data shapes read from a run directory (see docs/outputs.md): one tidy metric row,
 * and the contents of summary.json and manifest.json.
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
export type EntityKind = 'world' | 'state' | 'firm' | 'flow' | 'state_product' | 'product' | 'alliance' | 'standard' | 'measure' | (string & {});

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
 * One arm × point × key metric of summary.json: the final-step value across replicates.
 *
 * @example
 * ```ts
 * const welfare: SummaryMetric[] = summary.metrics.filter((m) => m.metric === 'world/world/welfare');
 * console.log(welfare.map((m) => m.arm), welfare[0]!.n); // ['control', 'us-only', 'aligned', 'fab-fire'] 2
 * ```
 */
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
  /** Every replicate gave the same value (up to floating-point noise): sd 0 and no interval. Absent in older runs. */
  deterministic?: boolean;
  /** The sweep point whose runs these values are, when the arm ignores the swept parameters that differ. */
  sharedWith?: number;
  /** Replicates the metric needs by the coefficient-of-variation method; absent in older runs. */
  replicateAdvice?: { needed: number | null; cv: number | null; tolerance: number; window: number };
  /** The sum over the run's steps, across replicates (when the scenario asked for it). */
  cumulative?: OverTimeSummary;
  /** The discounted sum, across replicates. */
  discounted?: OverTimeSummary;
}

/**
 * A per-run statistic over time (a sum, a discounted sum) across replicates, in summary.json.
 *
 * @example
 * ```ts
 * const cumulative: OverTimeSummary = { n: 2, mean: 41, sd: 1.4, ci95: [28.3, 53.7], deterministic: false };
 * console.log(cumulative.mean); // 41
 * ```
 */
export interface OverTimeSummary {
  n: number;
  mean: number;
  sd: number | null;
  ci95: [number, number] | null;
  deterministic: boolean;
}

/**
 * A difference of a statistic over time (the peak deviation, a sum, a discounted sum) between a
 * treatment and the control, in summary.json.
 *
 * @example
 * ```ts
 * const peak: DifferenceOverTime = { difference: -16.3, ci95: [-20, -12.6], relative: -0.4, deterministic: false, step: 6, date: '2024-06-30' };
 * console.log(peak.step, peak.date); // 6 2024-06-30
 * ```
 */
export interface DifferenceOverTime {
  difference: number;
  ci95: [number, number] | null;
  relative: number | null;
  deterministic: boolean;
  /** For the peak: the step (1 = after the first) and its date. */
  step?: number;
  date?: string;
}

/**
 * One treatment arm × point × key metric of summary.json: the difference from the control arm.
 *
 * @example
 * ```ts
 * const effects: SummaryEffect[] = summary.effects.filter((e) => e.arm === 'aligned');
 * console.log(effects.map((e) => e.metric).includes('product/sme/leakage'), effects[0]!.control); // true control
 * ```
 */
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
  /** Both arms are deterministic: an exact difference, with no interval, never significant. Absent in older runs. */
  deterministic?: boolean;
  /** The largest deviation of the treatment's mean path from the control's, and when. */
  peak?: DifferenceOverTime;
  /** The difference of the sums over the run. */
  cumulative?: DifferenceOverTime;
  /** The difference of the discounted sums. */
  discounted?: DifferenceOverTime;
}

/**
 * The contents of summary.json. Fields beyond the contract are optional.
 *
 * @example
 * ```ts
 * // summary: the content of runs/qs/summary.json.
 * const run: RunSummary = summary;
 * console.log(run.scenario, run.control, run.statistic, run.title); // quickstart control final Quickstart: unilateral vs aligned controls on chipmaking equipment
 * ```
 */
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
  /** The statistics over time summary.json gives beside the final value (`final`, `peak`, `cumulative`, `discounted`). Absent in older runs. */
  statistics?: string[];
  /** The annual discount rate of `discounted`. */
  discountRate?: number;
  /** Per arm × point × key metric summaries. */
  metrics: SummaryMetric[];
  /** Per treatment arm × point × key metric effects against the control. */
  effects: SummaryEffect[];
  /** The measures each arm × point adopted over its replicates, by origin, instrument type and issuer (measures.csv has them one by one). Absent in older runs. */
  measures?: Array<{ arm: string; point: number; runs: number; runsWithMeasures: number; adopted: number; byOrigin: Record<string, number>; byType: Record<string, number>; byIssuer: Record<string, number> }>;
  /** Arms that ignore swept parameters: each ran at `points` of the sweep points only, and stands for the others. Absent when none. */
  shared?: Array<{ arm: string; parameters: string[]; points: number }>;
  /** The arms an `ablation:` added (one per scenario arm and mechanism switched off). Absent without one. */
  ablation?: { mechanisms: string[]; arms: Array<{ arm: string; parent: string; mechanism: string }> };
  /** How much of each effect each mechanism carries (see {@link SummaryAttribution}). Absent without `ablation:`. */
  attribution?: SummaryAttribution[];
  /** Where the shortages of the key metrics' firms and states came from, in replicate 0 of each arm × point. Absent when none was short, and in older runs. */
  shortfalls?: SummaryShortfall[];
}

/**
 * One entry of summary.json's `attribution`: how much of an effect (final values) one mechanism
 * carries, from the arms an `ablation:` added.
 *
 * @example
 * ```ts
 * // summary: the content of a run directory's summary.json.
 * const retaliation: SummaryAttribution[] = (summary.attribution ?? []).filter((a) => a.mechanism === 'retaliation');
 * for (const a of retaliation) console.log(a.arm, a.metric, a.share);
 * ```
 */
export interface SummaryAttribution {
  arm: string;
  control: string;
  point: number;
  metric: string;
  mechanism: string;
  /** Treatment − control. */
  effect: number;
  /** The same with the mechanism switched off in both arms. */
  effectWithout: number;
  /** effect − effectWithout, with a t interval over replicates. */
  carried: { difference: number; ci95: [number, number] | null; deterministic: boolean };
  /** carried / effect, or null for a zero effect. */
  share: number | null;
}

/**
 * One entry of summary.json's `shortfalls`: in replicate 0 of an arm × point, the step at which a
 * key metric's firm or state fell furthest short of its orders, and the shortage path of each of
 * its short firms then (e.g. `Samsung-Mobile (KR) ← compound_semis 41% ← Qorvo (US) ← gallium
 * 0% (closed: CN, 100% of base supply)`).
 *
 * @example
 * ```ts
 * // summary: the content of a run directory's summary.json.
 * const paths: SummaryShortfall[] = summary.shortfalls ?? [];
 * for (const s of paths) console.log(s.arm, s.entity, s.date, s.firms[0]?.path);
 * ```
 */
export interface SummaryShortfall {
  /** The arm. */
  arm: string;
  /** The sweep point whose runs it comes from. */
  point: number;
  /** `firm/<id>` or `state/<id>`. */
  entity: string;
  /** The step of the largest shortfall (1 = after the first step). */
  step: number;
  /** Its date, or '' without a calendar. */
  date: string;
  /** The share of the entity's orders (by value, for a state) not made then. */
  lostShare: number;
  /** The short firms (the firm itself, or the state's three most short by value), with their paths. */
  firms: Array<{ firm: string; lostShare: number; path: string; tree?: unknown }>;
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
  design: { samples?: number; trajectories?: number; levels?: number; points: number; parameters: Array<{ name: string; axis?: unknown }> };
  /** The analyses. */
  analyses: SensitivityAnalysisData[];
}
