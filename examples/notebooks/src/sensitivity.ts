import { tornadoChart } from '@chokepoint/charts';
import { Rng, type PolicyParams, type WorldSpec } from '@chokepoint/core';
import { figure, fitWidth, redrawable, statsPanel } from './charts.ts';
import { simulateInWorker, type SimulationResult } from './client.ts';
import { choice, panel, slider } from './inputs.ts';
import type { ResultRow, RunJob } from './protocol.ts';
import { cutoffMeasures, sanctionsWorld, STEPS } from './sanctions.ts';

/*
 * Notebook 7, "Sensitivity analysis": which of the model's assumptions decide notebook 4's
 * answers? A Morris screening (Morris 1991; Campolongo, Cariboni and Saltelli 2007) of eight
 * parameters of capability growth, the frontier and investment, run in the worker. Each point
 * of the design runs the world twice, with and without the staged cutoff; the outcome is the
 * cutoff's effect, so a parameter matters when it changes what the sanctions do, not only
 * where China would be anyway.
 */

/** One parameter screened: its key in `policy`, a label, and the range it is varied over. */
export interface Factor {
  key: keyof PolicyParams;
  label: string;
  low: number;
  high: number;
}

/** The parameters screened, with ranges around their defaults (ODD §7.9, §7.18, §7.19). */
export const FACTORS: readonly Factor[] = [
  { key: 'substitutionPull', label: 'Pull of denied demand', low: 0, high: 0.6 },
  { key: 'spilloverRate', label: 'Spillover from foreign leaders', low: 0, high: 0.2 },
  { key: 'rdEffect', label: 'Effect of R&D on catch-up', low: 0.5, high: 1.5 },
  { key: 'capabilityBaseRate', label: 'Base rate of catch-up', low: 0, high: 0.04 },
  { key: 'learningByDoing', label: 'Learning by doing', low: 0, high: 0.3 },
  { key: 'frontierGrowth', label: 'Growth of the frontier', low: 0.02, high: 0.08 },
  { key: 'timeToBuildDays', label: 'Time to build (days)', low: 365, high: 1095 },
  { key: 'designOutRate', label: 'Design-out rate', low: 0.1, high: 1 },
];

/** Quarters per run: notebook 4's fifteen years. */
export const RUN_STEPS = STEPS;

/** Grid levels of the design: four, with jumps of Δ = 2/3 of a parameter's range (the usual choice). */
export const LEVELS = 4;
const DELTA = LEVELS / (2 * (LEVELS - 1));

/** What the screening measures. */
export const OUTCOMES = {
  capability: {
    label: 'Effect of the cutoff on China’s chip capability after 15 years',
    unit: 'points of the frontier',
    entity: 'CN:chip',
    variable: 'capability',
    scale: 100,
  },
  share: {
    label: 'Effect of the cutoff on the US share of world equipment sales after 15 years',
    unit: 'percentage points',
    entity: 'US:sme',
    variable: 'market_share',
    scale: 100,
  },
} as const;
export type Outcome = keyof typeof OUTCOMES;

/** The notebook's settings. */
export interface SensitivitySettings {
  outcome: Outcome;
  trajectories: number;
}

/** The control panel. */
export function controls() {
  return panel('The screening', {
    outcome: choice({
      label: 'Outcome',
      name: 'outcome',
      options: [
        { value: 'capability', label: 'China’s chips', title: OUTCOMES.capability.label },
        { value: 'share', label: 'US equipment share', title: OUTCOMES.share.label },
      ],
      value: 'capability',
    }),
    trajectories: slider({
      label: 'Trajectories',
      name: 'trajectories',
      min: 2,
      max: 12,
      step: 1,
      value: 6,
      format: (v) => String(v),
      note: (v) => `${v * (FACTORS.length + 1)} points, ${2 * v * (FACTORS.length + 1)} runs`,
    }),
  });
}

/** A Morris design: `trajectories` paths through the unit cube, each moving one factor at a time by Δ. */
export interface MorrisDesign {
  /** The points, in [0, 1]^k, path after path. */
  points: number[][];
  /** For each point after the first of its path, the factor it moved (−1 for a path's first point). */
  moved: number[];
}

/** Builds a Morris design for `k` factors from a seed (the same seed gives the same design). */
export function morrisDesign(k: number, trajectories: number, seed: string | number): MorrisDesign {
  const rng = new Rng(seed);
  const points: number[][] = [];
  const moved: number[] = [];
  const starts = Array.from({ length: LEVELS }, (_, i) => i / (LEVELS - 1)).filter((x) => x + DELTA <= 1 + 1e-12);
  for (let t = 0; t < trajectories; t++) {
    let x = Array.from({ length: k }, () => starts[rng.int(starts.length)]!);
    points.push(x);
    moved.push(-1);
    // A random order of the factors.
    const order = Array.from({ length: k }, (_, i) => i);
    for (let i = k - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      x = [...x];
      x[i] = x[i]! + DELTA;
      points.push(x);
      moved.push(i);
    }
  }
  return { points, moved };
}

/** The parameter values of a design point. */
export function valuesOf(point: readonly number[]): Partial<PolicyParams> {
  return Object.fromEntries(FACTORS.map((f, i) => [f.key, f.low + point[i]! * (f.high - f.low)]));
}

/** The world of notebook 4 (R&D 5%, no screening), with some parameters set. */
export function sensitivityWorld(cutoff: boolean, params: Partial<PolicyParams>): WorldSpec {
  const world = sanctionsWorld(cutoff ? cutoffMeasures(0) : [], 0.05);
  return { ...world, policy: { ...world.policy, ...params } };
}

/** The runs of a design: each point with and without the cutoff (the arm is the point's index). */
export function sensitivityRuns(design: MorrisDesign): RunJob[] {
  return design.points.flatMap((point, i) => [
    {
      arm: `${i}/control`,
      replicate: 0,
      spec: sensitivityWorld(false, valuesOf(point)),
      steps: STEPS,
      seed: 'sensitivity',
    },
    {
      arm: `${i}/cutoff`,
      replicate: 0,
      spec: sensitivityWorld(true, valuesOf(point)),
      steps: STEPS,
      seed: 'sensitivity',
    },
  ]);
}

/** The design of the current settings (a fixed seed, so the same settings give the same design). */
export function designOf(settings: SensitivitySettings): MorrisDesign {
  return morrisDesign(FACTORS.length, settings.trajectories, 'notebook-sensitivity');
}

/** Runs a design in the worker, keeping the last quarter of both outcomes. */
export function simulateSensitivity(design: MorrisDesign): Promise<SimulationResult> {
  return simulateInWorker(sensitivityRuns(design), {
    channel: 'sensitivity',
    keep: Object.values(OUTCOMES).map((o) => ({ kind: 'state_product', entity: o.entity, variable: o.variable })),
  });
}

/** The outcome at each design point: the cutoff's effect in the last quarter, in the outcome's unit. */
export function outcomes(rows: readonly ResultRow[], design: MorrisDesign, outcome: Outcome): number[] {
  const o = OUTCOMES[outcome];
  const last = new Map<string, number>();
  for (const r of rows)
    if (r.step === STEPS && r.entity === o.entity && r.variable === o.variable) last.set(r.arm, r.value);
  return design.points.map((_, i) => o.scale * (last.get(`${i}/cutoff`)! - last.get(`${i}/control`)!));
}

/** Morris measures of one factor: μ (mean elementary effect, signed), μ* (mean absolute), σ (spread). */
export interface MorrisMeasure {
  factor: Factor;
  mu: number;
  muStar: number;
  sigma: number;
}

/** The Morris measures from a design and its outcomes. An elementary effect is the change per full range of the factor. */
export function morrisMeasures(design: MorrisDesign, y: readonly number[]): MorrisMeasure[] {
  const effects: number[][] = FACTORS.map(() => []);
  for (let i = 1; i < design.points.length; i++) {
    const factor = design.moved[i]!;
    if (factor < 0) continue;
    effects[factor]!.push((y[i]! - y[i - 1]!) / DELTA);
  }
  return FACTORS.map((factor, i) => {
    const e = effects[i]!;
    const mean = e.reduce((a, b) => a + b, 0) / e.length;
    const muStar = e.reduce((a, b) => a + Math.abs(b), 0) / e.length;
    const sigma = e.length > 1 ? Math.sqrt(e.reduce((a, b) => a + (b - mean) ** 2, 0) / (e.length - 1)) : 0;
    return { factor, mu: mean, muStar, sigma };
  });
}

/** The tornado chart of the screening. */
export function screeningChart(
  measures: readonly MorrisMeasure[],
  outcome: Outcome,
  trajectories: number,
): HTMLElement {
  const o = OUTCOMES[outcome];
  const draw = () => {
    const svg = tornadoChart(
      {
        metric: `state_product/${o.entity}/${o.variable}`,
        arm: 'staged cutoff',
        morris: measures.map((m) => ({
          parameter: m.factor.label,
          mu: m.mu,
          muStar: m.muStar,
          sigma: m.sigma,
          muStarCi: null,
        })),
      },
      {
        title: 'Which assumptions move the answer',
        subtitle: `${o.label}, in ${o.unit}. Bars: μ*, the mean absolute change per full range of the parameter, over ${trajectories} trajectories; circles: σ, the spread of those changes.`,
        width: fitWidth(720),
        parameterLabelOf: (p) => p,
      },
    );
    // No bootstrap intervals are drawn here (one run per point, few trajectories): drop their legend entry.
    for (const item of svg.querySelectorAll('g.legend-item')) if (item.textContent?.includes('interval')) item.remove();
    return svg;
  };
  return figure(
    redrawable(draw),
    'A long bar: the parameter changes the answer a lot over its range. A circle far right of its bar’s end: its effect depends on where the other parameters are (interactions) or is not a straight line.',
  );
}

/** A table of the measures, with the signed μ, most influential first. */
export function measuresTable(measures: readonly MorrisMeasure[], outcome: Outcome): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'cp-table';
  const head = table.createTHead().insertRow();
  // Not upper-cased, which would turn μ and σ into M and Σ.
  for (const title of ['Parameter', 'Range', 'μ (signed)', 'μ*', 'σ']) {
    const th = Object.assign(document.createElement('th'), { textContent: title });
    th.style.textTransform = 'none';
    head.append(th);
  }
  const body = table.createTBody();
  const digits = (v: number) => (Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));
  for (const m of [...measures].sort((a, b) => b.muStar - a.muStar)) {
    const tr = body.insertRow();
    tr.insertCell().textContent = `${m.factor.label} (${m.factor.key})`;
    tr.insertCell().textContent = `${m.factor.low} – ${m.factor.high}`;
    for (const v of [m.mu, m.muStar, m.sigma]) {
      const td = tr.insertCell();
      td.className = 'cp-num';
      td.textContent = digits(v);
    }
  }
  const caption = table.createCaption();
  caption.textContent = `In ${OUTCOMES[outcome].unit}, per full range of each parameter.`;
  return table;
}

/** The range of the outcome over the design's points, as a line of text. */
export function rangeNote(y: readonly number[], outcome: Outcome): HTMLElement {
  const o = OUTCOMES[outcome];
  const fmt = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}`;
  return statsPanel([
    [
      `${fmt(Math.min(...y))} to ${fmt(Math.max(...y))}`,
      `${o.label}, in ${o.unit}, over the ${y.length} points of the design`,
    ],
    [String(y.filter((v) => v < 0).length), 'points where it is below zero'],
  ]);
}
