/**
 * The shapes of summary.json and manifest.json.
 *
 * @module
 */
import type { Mechanism } from '@chokepoint/core';
import type { ArmMeasures, ShortfallRecord } from './records.js';
import type { ReplicateAdvice } from './replicateAdvice.js';
import type { DifferenceSummary, MeanSummary } from './stats.js';
import type { PeakDifference, TimeStatistic } from './timeStatistics.js';

/**
 * One arm × point × key metric of summary.json.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const summary: RunSummary = JSON.parse(readFileSync('runs/qs/summary.json', 'utf8'));
 * const welfare: SummaryMetric[] = summary.metrics.filter((m) => m.metric === 'world/world/welfare');
 * console.log(welfare.map((m) => `${m.arm}: n=${m.n}`)); // ['control: n=2', 'us-only: n=2', 'aligned: n=2', 'fab-fire: n=2']
 * ```
 */
export interface SummaryMetric {
  /** Arm. */
  arm: string;
  /** Sweep point. */
  point: number;
  /** Metric `kind/entity/variable`. */
  metric: string;
  /** Replicates with a value. */
  n: number;
  /** Mean of the final-step values. */
  mean: number;
  /** Standard deviation; 0 when deterministic; null when n < 2. */
  sd: number | null;
  /** 95% CI of the mean (Student's t); null when n < 2 or deterministic. */
  ci95: [number, number] | null;
  /** Every replicate gave the same value (up to floating-point noise): no interval (absent in runs written before it existed). */
  deterministic?: boolean;
  /** How many replicates the metric needs, by the coefficient-of-variation method (absent in runs written before it existed). */
  replicateAdvice?: ReplicateAdvice;
  /** The sweep point whose runs these values come from, when the arm ignores the swept parameters that differ (see {@link RunSummary.shared}). */
  sharedWith?: number;
  /** The sum of the metric over the run's steps, across replicates (`cumulative` in `outputs.statistics`). */
  cumulative?: MeanSummary;
  /** The same, each step discounted at `discountRate` a year (`discounted`). */
  discounted?: MeanSummary;
}

/**
 * One treatment arm × point × key metric effect of summary.json.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const summary: RunSummary = JSON.parse(readFileSync('runs/qs/summary.json', 'utf8'));
 * const leakage: SummaryEffect[] = summary.effects.filter((e) => e.metric === 'product/sme/leakage');
 * console.log(leakage.map((e) => `${e.arm} vs ${e.control}`)); // ['us-only vs control', 'aligned vs control', 'fab-fire vs control']
 * ```
 */
export interface SummaryEffect {
  /** Treatment arm. */
  arm: string;
  /** Control arm. */
  control: string;
  /** Sweep point. */
  point: number;
  /** Metric. */
  metric: string;
  /** Treatment mean − control mean. */
  difference: number;
  /** 95% CI of the difference (Welch's t); null when a group has fewer than 2 replicates, or both are deterministic. */
  ci95: [number, number] | null;
  /** difference / control mean, or null when the control mean is 0. */
  relative: number | null;
  /** Both arms are deterministic: the difference is exact, untested, never significant (absent in runs written before it existed). */
  deterministic?: boolean;
  /** The largest deviation of the treatment's mean path from the control's, and when (`peak` in `outputs.statistics`). */
  peak?: PeakDifference;
  /** The difference of the sums over the run (`cumulative`). */
  cumulative?: DifferenceSummary;
  /** The difference of the discounted sums (`discounted`). */
  discounted?: DifferenceSummary;
}

/**
 * The content of summary.json (docs/outputs.md).
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const summary: RunSummary = JSON.parse(readFileSync('runs/qs/summary.json', 'utf8'));
 * console.log(summary.scenario, summary.control, summary.statistic, summary.points); // quickstart control final [{}]
 * ```
 */
export interface RunSummary {
  /** Scenario name. */
  scenario: string;
  /** Title. */
  title: string;
  /** Description. */
  description?: string;
  /** Citations. */
  sources?: unknown[];
  /** Control arm, or null. */
  control: string | null;
  /** How each run is reduced: its value at the final step. */
  statistic: 'final';
  /** Swept parameters by point index. */
  points: Array<Record<string, unknown>>;
  /** How each key metric is reduced over the run, beside its final value (`outputs.statistics`; absent in runs written before). */
  statistics?: TimeStatistic[];
  /** Annual discount rate of the `discounted` statistic. */
  discountRate?: number;
  /** Per arm × point × metric. */
  metrics: SummaryMetric[];
  /** Per treatment arm × point × metric. */
  effects: SummaryEffect[];
  /** The measures each arm × point adopted over its replicates (absent in runs written before measures.csv existed). */
  measures?: ArmMeasures[];
  /**
   * The arms that ignore swept parameters: each ran once per distinct configuration, and its
   * values at the other points (`sharedWith`) are those runs'. Absent when every arm ran at every point.
   */
  shared?: SharedArm[];
  /** The arms `ablation:` added (absent without it). */
  ablation?: AblationPlan;
  /** How much of each effect each mechanism carries (absent without `ablation:`). */
  attribution?: SummaryAttribution[];
  /**
   * Where the shortages of the key metrics' firms and states came from, in replicate 0 of each
   * arm × point: at the step of the largest shortfall, the short firms' paths up the supply
   * chain. Absent when none was short (or in runs written before it existed).
   */
  shortfalls?: ArmShortfall[];
}

/**
 * A {@link ShortfallRecord} of replicate 0 of one arm × point, as summary.json's `shortfalls` holds it.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const summary: RunSummary = JSON.parse(readFileSync('runs/qs/summary.json', 'utf8'));
 * const fire: ArmShortfall = summary.shortfalls!.find((s) => s.arm === 'fab-fire' && s.entity === 'state/US')!;
 * console.log(fire.point, fire.date, fire.firms[0]!.path); // 0 2023-03-31 Apple (US) ← chip 84% ← TSMC (TW): capacity, 39% damaged, orders 1.27× capacity
 * ```
 */
export interface ArmShortfall extends ShortfallRecord {
  /** The arm. */
  arm: string;
  /** The sweep point (the point whose runs it is, for an arm that ignores the swept parameters). */
  point: number;
}

/**
 * How much of one effect (treatment arm × point × key metric, final values) one mechanism carries:
 * summary.json's `attribution` (see docs/outputs.md, "What drives an effect").
 *
 * @example
 * ```ts
 * import { readFileSync, writeFileSync } from 'node:fs';
 * // The quickstart with every arm run again without retaliation (2 replicates, 6 quarters).
 * writeFileSync('ablation.yaml', 'extends: scenarios/quickstart.yaml\nablation: [retaliation]\n');
 * const { out } = await runScenario('ablation.yaml', { out: 'runs/ablation', set: ['replicates=2', 'horizon=6'], workers: 1 });
 * const summary: RunSummary = JSON.parse(readFileSync(`${out}/summary.json`, 'utf8'));
 * const carried: SummaryAttribution[] = summary.attribution!.filter((a) => a.metric === 'state/CN/output');
 * console.log(carried.map((a) => `${a.arm}: ${a.mechanism}`)); // ['us-only: retaliation', 'aligned: retaliation', 'fab-fire: retaliation']
 * ```
 */
export interface SummaryAttribution {
  /** Treatment arm. */
  arm: string;
  /** Control arm. */
  control: string;
  /** Sweep point. */
  point: number;
  /** Key metric. */
  metric: string;
  /** The mechanism switched off. */
  mechanism: Mechanism;
  /** The effect, treatment mean − control mean. */
  effect: number;
  /** The same effect with the mechanism switched off in both arms. */
  effectWithout: number;
  /** effect − effectWithout, averaged over replicates, with a t interval on the replicates' differences (null with one replicate, or when deterministic). */
  carried: { difference: number; ci95: [number, number] | null; deterministic: boolean };
  /** carried / effect: the share of the effect the mechanism carries (null for a zero effect). Shares of several mechanisms need not add to 1: mechanisms interact. */
  share: number | null;
}

/**
 * Timing and environment of a run, for manifest.json.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const { startedAt, wallTimeMs, workers, shard } = JSON.parse(readFileSync('runs/qs/manifest.json', 'utf8'));
 * const record: RunRecord = { startedAt, wallTimeMs, workers, shard };
 * console.log(record.workers, record.shard, record.wallTimeMs > 0); // 1 null true
 * ```
 */
export interface RunRecord {
  /** ISO start time. */
  startedAt: string;
  /** Wall time in milliseconds. */
  wallTimeMs: number;
  /** Worker threads used. */
  workers: number | null;
  /** `i/N` for a shard, else null. */
  shard: string | null;
  /** Shards joined by `chokepoint merge`. */
  merged?: Array<{ shard: string; startedAt: string; wallTimeMs: number; workers: number | null }>;
}

/**
 * An arm that ignores swept parameters (`PlanMeta.shared` of `@chokepoint/scenario`).
 *
 * @example
 * ```ts
 * // The quickstart swept over the licence of its controls: the arm "fab-fire" has none, and
 * // "control" no measure at all, so each runs at one point.
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('swept.yaml', 'extends: scenarios/quickstart.yaml\nsweep: { parameters: { licence: [0, 0.5] } }\n');
 * const shared: SharedArm[] = buildPlan(loadScenario('swept.yaml')).meta.shared!;
 * console.log(shared.map((s) => `${s.arm} ignores ${s.parameters.join()}, runs at ${s.points} point`)); // ['control ignores licence, runs at 1 point', 'fab-fire ignores licence, runs at 1 point']
 * ```
 */
export interface SharedArm {
  /** The arm. */
  arm: string;
  /** The swept parameters (columns) it ignores. */
  parameters: string[];
  /** The number of sweep points it runs at. */
  points: number;
}

/**
 * What a scenario's `ablation:` adds to its plan: the mechanisms, and one arm per scenario arm
 * and mechanism (plan.json's and summary.json's `ablation`).
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('ablation.yaml', 'extends: scenarios/quickstart.yaml\nablation: [prices]\n');
 * const plan = buildPlan(loadScenario('ablation.yaml'));
 * const ablation: AblationPlan = plan.meta.ablation!;
 * console.log(ablation.mechanisms, ablation.arms.map((a) => a.arm)); // ['prices'] ['control-without-prices', 'us-only-without-prices', 'aligned-without-prices', 'fab-fire-without-prices']
 * ```
 */
export interface AblationPlan {
  mechanisms: Mechanism[];
  arms: AblationArm[];
}

/**
 * One arm an `ablation:` adds: a scenario arm run again with one mechanism switched off.
 *
 * @example
 * ```ts
 * const arm: AblationArm = { arm: 'ban-without-prices', parent: 'ban', mechanism: 'prices' };
 * console.log(ablationArmName(arm.parent, arm.mechanism) === arm.arm); // true
 * ```
 */
export interface AblationArm {
  /** The added arm, `<parent>-without-<mechanism>`. */
  arm: string;
  /** The arm it repeats (and whose seeds it shares). */
  parent: string;
  /** The mechanism switched off. */
  mechanism: Mechanism;
}
