/**
 * summary.json: the key metrics' means and intervals by arm × point, the effects against the
 * control, statistics over time, attribution and shortage paths, built from the runs' part
 * headers. The one implementation the CLI's run directory and the browser playground use.
 *
 * @module
 */
import type { Mechanism } from '@chokepoint/core';
import { daysPerStep, stepEndDate, type StepCalendar } from './dates.js';
import type { PartHeader } from './part.js';
import type { ArmMeasures } from './records.js';
import { replicateAdvice } from './replicateAdvice.js';
import { compareMeans, summarizeMean } from './stats.js';
import type {
  AblationPlan,
  ArmShortfall,
  RunSummary,
  SharedArm,
  SummaryAttribution,
  SummaryEffect,
  SummaryMetric,
} from './summary.js';
import { compareOverTime, DEFAULT_DISCOUNT_RATE, summarizeOverTime, type TimeStatistic } from './timeStatistics.js';

/**
 * What {@link buildSummary} reads of a plan: its names, arms, points, key metrics, and the arm
 * and point of each run (`PlanMeta` of `@chokepoint/scenario` has this shape).
 *
 * @example
 * ```ts
 * const layout: SummaryLayout = { name: 'study', title: 'Study', control: 'control', arms: ['control', 'ban'], points: [{}], keyMetrics: ['state/KR/output'], runs: [{ arm: 'control', point: 0 }, { arm: 'ban', point: 0 }] };
 * console.log(buildSummary(layout, [{ finals: { 'state/KR/output': 10 } }, { finals: { 'state/KR/output': 7 } }]).effects[0]!.difference); // -3
 * ```
 */
export interface SummaryLayout {
  /** Scenario name. */
  name: string;
  /** Title. */
  title: string;
  /** Description. */
  description?: string;
  /** Citations. */
  sources?: unknown[];
  /** The control arm, or null. */
  control: string | null;
  /** The arms, in plan order. */
  arms: readonly string[];
  /** The sweep points: the swept columns' values. */
  points: ReadonlyArray<Record<string, unknown>>;
  /** The key metrics. */
  keyMetrics: readonly string[];
  /** Each arm × point's calendar, and the point whose runs it shares (arm-major, as the plan lists them). */
  configs?: ReadonlyArray<{ calendar: StepCalendar; sharedWith?: number }>;
  /** The arms that ignore swept parameters. */
  shared?: SharedArm[];
  /** `outputs.statistics`. */
  statistics?: TimeStatistic[];
  /** `outputs.discountRate`. */
  discountRate?: number;
  /** The arms `ablation:` added. */
  ablation?: AblationPlan;
  /** The arm and point of each run, in the order of the headers. */
  runs: ReadonlyArray<{ arm: string; point: number }>;
}

/**
 * Builds summary.json from the part headers (final values of the key metrics). Any per-run
 * values summarize the same way: `chokepoint table --step` passes each run's value at a step.
 *
 * @example
 * ```ts
 * const { meta } = buildPlan(loadScenario('scenarios/quickstart.yaml', { set: ['replicates=2'] }));
 * // Final CN output by run: 10 and 12 in the control arm, 8 and 10 in the others.
 * const headers = meta.runs.map((run, i) => ({ run: i, run_id: run.runId, rows: 0, finals: { 'state/CN/output': (run.arm === 'control' ? 10 : 8) + 2 * run.replicate } }));
 * const summary = buildSummary(meta, headers);
 * console.log(summary.metrics[0]!.mean, summary.effects[0]!.arm, summary.effects[0]!.difference); // 11 us-only -2
 * ```
 *
 * @param measures - The measures each arm × point adopted ({@link MeasureTally}); summary.json's `measures`.
 */
export function buildSummary(
  meta: SummaryLayout,
  headers: ReadonlyArray<Pick<PartHeader, 'finals'> & Partial<Pick<PartHeader, 'shortfalls' | 'series'>>>,
  measures?: readonly ArmMeasures[],
): RunSummary {
  const finals = new Map<string, number[]>(); // arm|point|metric -> values by replicate order
  const paths = new Map<string, number[][]>(); // arm|point|metric -> each replicate's path, when complete
  meta.runs.forEach((run, i) => {
    const header = headers[i]!;
    for (const metric of meta.keyMetrics) {
      const value = header.finals[metric];
      if (value === undefined) continue;
      const key = `${run.arm}|${run.point}|${metric}`;
      let list = finals.get(key);
      if (list === undefined) finals.set(key, (list = []));
      list.push(value);
      // A path with a missing step (null in JSON: the entity appeared later) is left out of the statistics over time.
      const path = header.series?.[metric];
      if (path === undefined || !path.every((v) => typeof v === 'number' && Number.isFinite(v))) continue;
      let runs = paths.get(key);
      if (runs === undefined) paths.set(key, (runs = []));
      runs.push(path);
    }
  });
  const statistics = meta.statistics ?? ['final'];
  const rate = meta.discountRate ?? DEFAULT_DISCOUNT_RATE;
  const calendarOf = (arm: string, point: number): StepCalendar =>
    meta.configs?.[meta.arms.indexOf(arm) * meta.points.length + point]?.calendar ?? { step: 'quarter' };
  const pathsOf = (arm: string, point: number, metric: string): number[][] =>
    paths.get(`${arm}|${runsAt(arm, point)}|${metric}`) ?? [];
  // The point whose runs an arm × point has: its own, or those of the point it shares (an arm that ignores the swept parameters).
  const runsAt = (arm: string, point: number): number =>
    meta.configs?.[meta.arms.indexOf(arm) * meta.points.length + point]?.sharedWith ?? point;
  const valuesOf = (arm: string, point: number, metric: string): number[] | undefined =>
    finals.get(`${arm}|${runsAt(arm, point)}|${metric}`);
  const metrics: SummaryMetric[] = [];
  const effects: SummaryEffect[] = [];
  for (const arm of meta.arms) {
    for (let point = 0; point < meta.points.length; point++) {
      for (const metric of meta.keyMetrics) {
        const values = valuesOf(arm, point, metric);
        if (values === undefined || values.length === 0) continue;
        const at = runsAt(arm, point);
        const overTime = summarizeOverTime(
          pathsOf(arm, point, metric),
          statistics,
          rate,
          daysPerStep(calendarOf(arm, point).step),
        );
        metrics.push({
          arm,
          point,
          metric,
          ...summarizeMean(values),
          replicateAdvice: replicateAdvice(values),
          ...(at !== point ? { sharedWith: at } : {}),
          ...overTime,
        });
      }
    }
  }
  const ablated = new Set((meta.ablation?.arms ?? []).map((a) => a.arm));
  if (meta.control !== null) {
    for (const arm of meta.arms) {
      // An ablation arm is not a treatment: it enters the attribution below, against the control without the same mechanism.
      if (arm === meta.control || ablated.has(arm)) continue;
      for (let point = 0; point < meta.points.length; point++) {
        for (const metric of meta.keyMetrics) {
          const treatment = valuesOf(arm, point, metric);
          const control = valuesOf(meta.control, point, metric);
          if (!treatment?.length || !control?.length) continue;
          const calendar = calendarOf(arm, point);
          const dateOf = (step: number): string =>
            calendar.start === undefined ? '' : stepEndDate(calendar.start, calendar.step, step);
          const overTime = compareOverTime(
            pathsOf(arm, point, metric),
            pathsOf(meta.control, point, metric),
            statistics,
            rate,
            daysPerStep(calendar.step),
            dateOf,
          );
          effects.push({ arm, control: meta.control, point, metric, ...compareMeans(treatment, control), ...overTime });
        }
      }
    }
  }
  return {
    scenario: meta.name,
    title: meta.title,
    ...(meta.description !== undefined ? { description: meta.description } : {}),
    ...(meta.sources !== undefined ? { sources: meta.sources } : {}),
    control: meta.control,
    statistic: 'final',
    points: [...meta.points],
    ...(meta.statistics !== undefined ? { statistics: meta.statistics, discountRate: rate } : {}),
    metrics,
    effects,
    ...(measures !== undefined ? { measures: [...measures] } : {}),
    ...(meta.shared !== undefined ? { shared: meta.shared } : {}),
    ...shortfallsOf(meta, headers),
    ...attributionOf(meta, valuesOf, ablated),
  };
}

/**
 * summary.json's `ablation` and `attribution`: for each treatment arm × point × key metric and
 * each mechanism switched off, how much of the effect the mechanism carries. With T, C the
 * treatment and control and T₋ₘ, C₋ₘ the same without mechanism m (same seeds, replicate by
 * replicate), carried = (T − C) − (T₋ₘ − C₋ₘ), averaged over replicates with a t interval on the
 * replicate differences; share = carried / (T − C). {} without `ablation:`.
 */
function attributionOf(
  meta: SummaryLayout,
  valuesOf: (arm: string, point: number, metric: string) => number[] | undefined,
  ablated: ReadonlySet<string>,
): { ablation?: AblationPlan; attribution?: SummaryAttribution[] } {
  const plan = meta.ablation;
  if (plan === undefined || meta.control === null) return {};
  const control = meta.control;
  // The arm that repeats `parent` without `mechanism` (`ablationArmName` of the scenario language names it).
  const ablationArmOf = (parent: string, mechanism: Mechanism): string =>
    plan.arms.find((a) => a.parent === parent && a.mechanism === mechanism)?.arm ?? '';
  const attribution: SummaryAttribution[] = [];
  for (const arm of meta.arms) {
    if (arm === control || ablated.has(arm)) continue;
    for (let point = 0; point < meta.points.length; point++) {
      for (const metric of meta.keyMetrics) {
        const treated = valuesOf(arm, point, metric);
        const base = valuesOf(control, point, metric);
        if (!treated?.length || !base?.length) continue;
        const effect = compareMeans(treated, base).difference;
        for (const mechanism of plan.mechanisms) {
          const treatedOff = valuesOf(ablationArmOf(arm, mechanism), point, metric);
          const baseOff = valuesOf(ablationArmOf(control, mechanism), point, metric);
          if (!treatedOff?.length || !baseOff?.length) continue;
          const n = Math.min(treated.length, base.length, treatedOff.length, baseOff.length);
          // Replicate r of each arm shares its seed with replicate r of the arm it repeats.
          const carried = Array.from({ length: n }, (_, r) => treated[r]! - base[r]! - (treatedOff[r]! - baseOff[r]!));
          const summary = summarizeMean(carried);
          attribution.push({
            arm,
            control,
            point,
            metric,
            mechanism,
            effect,
            effectWithout: compareMeans(treatedOff, baseOff).difference,
            carried: { difference: summary.mean, ci95: summary.ci95, deterministic: summary.deterministic },
            share: effect !== 0 ? summary.mean / effect : null,
          });
        }
      }
    }
  }
  return { ablation: plan, ...(attribution.length > 0 ? { attribution } : {}) };
}

/** summary.json's `shortfalls`: each run's records (replicate 0 has them), with its arm and point; {} when none. */
function shortfallsOf(
  meta: SummaryLayout,
  headers: ReadonlyArray<Partial<Pick<PartHeader, 'shortfalls'>>>,
): { shortfalls?: ArmShortfall[] } {
  const shortfalls: ArmShortfall[] = [];
  meta.runs.forEach((run, i) => {
    for (const record of headers[i]?.shortfalls ?? []) shortfalls.push({ arm: run.arm, point: run.point, ...record });
  });
  return shortfalls.length > 0 ? { shortfalls } : {};
}

/**
 * summary.json's text: the summary as indented JSON with a final newline, as the CLI writes it.
 *
 * @example
 * ```ts
 * const layout: SummaryLayout = { name: 'study', title: 'Study', control: null, arms: ['a'], points: [{}], keyMetrics: ['state/KR/output'], runs: [{ arm: 'a', point: 0 }] };
 * const text = summaryJson(buildSummary(layout, [{ finals: { 'state/KR/output': 1 } }]));
 * console.log(text.startsWith('{\n  "scenario": "study",'), text.endsWith('}\n')); // true true
 * ```
 */
export function summaryJson(summary: RunSummary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}
