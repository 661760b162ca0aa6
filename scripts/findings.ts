/**
 * The parts of scripts/findings-report.ts that do not run experiments: read a finished run
 * directory (summary.json, manifest.json, the resolved scenario), render its charts into
 * docs/findings/<experiment>/charts/, analyse the run of its sensitivity sweep (the Morris
 * screening of its effects, `analyzeSensitivity` against the control), and write the Markdown of
 * docs/findings.md: per experiment its effects over time, what drives them (the attribution of
 * its `ablation:`), their robustness, and a reading of each generated from the numbers.
 * test/findings/findings-report.test.ts checks them on small fixture runs.
 */
import { readFileSync, rmSync, unlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { metricLabel } from '@chokepoint/charts';
import type {
  DifferenceSummary,
  MeanSummary,
  SummaryAttribution,
  SummaryEffect,
  SummaryMetric,
} from '@chokepoint/format';
import { readRunDirectory, renderRunCharts } from '@chokepoint/charts/node';
import { analyzeSensitivity, type SensitivityAnalysis } from '@chokepoint/analysis';
import { loadScenario, type SweepAxis } from '@chokepoint/scenario';

/** A difference over the run: cumulative, discounted, or a peak with its step and date. */
type DifferenceOverTime = DifferenceSummary & { step?: number; date?: string };
/** One arm's level over the run (a mean across replicates with its interval). */
type OverTimeSummary = MeanSummary;

/** A chart of an experiment, with its files relative to docs/. */
export interface FindingsChart {
  /** Chart id (file stem). */
  id: string;
  /** Kind of chart, e.g. `time-series` or `effect-forest`. */
  kind: string;
  /** Title. */
  title: string;
  /** Caption. */
  caption: string;
  /** SVG file, relative to docs/. */
  svg?: string;
  /** PNG file, relative to docs/. */
  png?: string;
}

/** Everything docs/findings.md says about one experiment. */
export interface ExperimentFindings {
  /** Scenario name (file stem). */
  name: string;
  /** The scenario file, relative to the repository root. */
  file: string;
  /** Title (the question). */
  title: string;
  /** Description (how the experiment asks it). */
  description: string;
  /** The control arm. */
  control: string;
  /** How each run was reduced to one number (`final`: the value after the last step). */
  statistic: string;
  /** Steps run. */
  horizon?: number;
  /** Arms in scenario order, with their descriptions. */
  arms: Array<{ name: string; description?: string }>;
  /** Per arm × key metric: mean, sd and 95% CI (summary.json). */
  metrics: SummaryMetric[];
  /** Per treatment arm × key metric: difference from control with its 95% CI, and its statistics over time (summary.json). */
  effects: SummaryEffect[];
  /** The statistics over time the run computed (`peak`, `cumulative`, `discounted`; summary.json's `statistics`). */
  statistics: string[];
  /** Annual discount rate of the `discounted` statistic. */
  discountRate?: number;
  /** The mechanisms the scenario's `ablation:` switched off, in order (empty without one). */
  mechanisms: string[];
  /** Per treatment arm × key metric × mechanism: the part of the effect the mechanism carries (summary.json's `attribution`). */
  attribution: SummaryAttribution[];
  /** The Morris screening of the effects over the experiment's main parameters, when it has a sensitivity sweep. */
  robustness?: RobustnessFindings;
  /** Runs made (arms, ablation arms and replicates). */
  runs: number;
  /** Replicates per arm. */
  replicates: number;
  /** Base seed; run seeds derive from it as `<seed>/<arm>/<point>/<replicate>`. */
  seed: string;
  /** Wall time of the run, ms. */
  wallTimeMs: number;
  /** Worker threads of the run. */
  workers?: number;
  /** Chokepoint version of the run. */
  version?: string;
  /** Git commit of the run, when known. */
  commit?: string | null;
  /** Charts kept in docs/findings/<name>/charts/: the effect sizes and the key metrics over time. */
  charts: FindingsChart[];
  /** Titles of the run's other charts, rendered and then left out to keep the repository small. */
  omitted: string[];
}

/** How an experiment's effects move over the plausible ranges of its main parameters: its sensitivity sweep, analysed. */
export interface RobustnessFindings {
  /** The sensitivity scenario (`<experiment>.sensitivity.yaml`), relative to the repository root. */
  file: string;
  /** The sweep's method. */
  method: 'morris' | 'sobol';
  /** Swept parameters, with their ranges as written. */
  parameters: Array<{ name: string; axis: SweepAxis }>;
  /** Sweep points. */
  points: number;
  /** Morris trajectories. */
  trajectories?: number;
  /** Runs made. */
  runs: number;
  /** Wall time of the run, ms. */
  wallTimeMs: number;
  /**
   * One analysis per key metric × treatment arm, of the effect: each point's value is the arm's
   * final value minus the control's at that point (`analyzeSensitivity` with `against`).
   */
  analyses: SensitivityAnalysis[];
}

/** The whole report. */
export interface FindingsInput {
  /** The experiments, in report order. */
  experiments: ExperimentFindings[];
  /** The command that generated the report. */
  command: string;
  /** Replicates forced on every experiment (a quick run), or undefined for the scenarios' own. */
  replicatesOverride?: number;
  /** Wall time of the whole generation (runs, when made, and charts), ms. */
  generationMs?: number;
  /** Whether the runs were made by this generation (false: read with --from). */
  ranExperiments?: boolean;
  /**
   * "What changed and why" since the last generation, in Markdown (written by hand in
   * docs/findings/CHANGES.md, where a model change explains how the findings moved), or undefined.
   */
  changes?: string;
}

/** Chart kinds docs/findings.md keeps: they show the key metrics, which the effects are about. */
export const KEPT_CHART_KINDS: ReadonlySet<string> = new Set(['effect-forest', 'time-series']);

/**
 * Reads a finished run directory and renders its charts (SVG and PNG) into
 * `<docsDir>/findings/<name>/charts/`, replacing what was there; charts of other kinds than
 * {@link KEPT_CHART_KINDS} are deleted again and only named.
 */
export async function collectExperiment(runDir: string, docsDir: string, root: string): Promise<ExperimentFindings> {
  const run = await readRunDirectory(runDir, { chartRowsOnly: true });
  const summary = run.summary;
  const manifest = run.manifest;
  if (summary === undefined || manifest === undefined)
    throw new Error(`${runDir}: no summary.json or manifest.json (is the run finished?)`);
  const loaded = loadScenario(join(runDir, 'scenario.yaml'));
  const doc = loaded.doc as { arms?: Record<string, { description?: string; control?: boolean }>; horizon?: number };
  const name = summary.scenario;
  const target = join(docsDir, 'findings', name);
  rmSync(join(target, 'charts'), { recursive: true, force: true });
  const rendered = await renderRunCharts(target, { run, formats: ['svg', 'png'], scale: 1 });
  const omitted: string[] = [];
  for (const chart of rendered) {
    if (KEPT_CHART_KINDS.has(chart.kind)) continue;
    omitted.push(chart.title);
    for (const file of chart.files) unlinkSync(file);
  }
  const charts = rendered
    .filter((chart) => KEPT_CHART_KINDS.has(chart.kind))
    .map((chart) => {
      const svg = chart.files.find((f) => f.endsWith('.svg'));
      const png = chart.files.find((f) => f.endsWith('.png'));
      return {
        id: chart.id,
        kind: chart.kind,
        title: chart.title,
        caption: chart.caption,
        ...(svg ? { svg: relative(docsDir, svg) } : {}),
        ...(png ? { png: relative(docsDir, png) } : {}),
      };
    });
  const runs = (manifest.runs ?? []) as Array<{ run_id: string }>;
  const replicates =
    typeof manifest.replicates === 'number'
      ? manifest.replicates
      : new Set(runs.map((r) => r.run_id.split('/')[2])).size;
  const ablated = new Set((summary.ablation?.arms ?? []).map((a) => a.arm));
  return {
    name,
    file: manifest.scenario?.path ?? relative(root, loaded.file),
    title: summary.title ?? run.scenario?.title ?? name,
    description: summary.description ?? run.scenario?.description ?? '',
    control: summary.control ?? '',
    statistic: summary.statistic ?? 'final',
    ...(typeof doc.horizon === 'number' ? { horizon: doc.horizon } : {}),
    arms: Object.entries(doc.arms ?? {}).map(([arm, spec]) => ({
      name: arm,
      ...(spec?.description ? { description: spec.description } : {}),
    })),
    // The ablation arms enter through the attribution, not as arms of their own.
    metrics: summary.metrics.filter((m) => !ablated.has(m.arm)),
    effects: summary.effects,
    statistics: summary.statistics ?? ['final'],
    ...(summary.discountRate !== undefined ? { discountRate: summary.discountRate } : {}),
    mechanisms: summary.ablation?.mechanisms ?? [],
    attribution: summary.attribution ?? [],
    runs: runs.length,
    replicates,
    seed: String(manifest.seed ?? ''),
    wallTimeMs: manifest.wallTimeMs ?? 0,
    ...(manifest.workers !== undefined ? { workers: manifest.workers } : {}),
    ...(manifest.version !== undefined ? { version: manifest.version } : {}),
    commit: manifest.commit ?? null,
    charts,
    omitted,
  };
}

/**
 * Analyses a finished run of an experiment's sensitivity sweep (`<experiment>.sensitivity.yaml`,
 * a Morris or Sobol design): for each key metric and each arm but the control, how the arm's
 * effect (its final value minus the control's at the same point) moves over the swept
 * parameters. The numerics are `analyzeSensitivity` of @chokepoint/scenario, the same as
 * `chokepoint sensitivity RUN --metric M --against CONTROL`.
 */
export async function collectRobustness(
  runDir: string,
  metrics: readonly string[],
  control: string,
  root: string,
): Promise<RobustnessFindings> {
  const report = await analyzeSensitivity(runDir, { metric: metrics, against: control, cwd: root });
  const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as {
    scenario?: { path?: string };
    runs?: unknown[];
    wallTimeMs?: number;
  };
  return {
    file: manifest.scenario?.path ?? relative(root, join(runDir, 'scenario.yaml')),
    method: report.method,
    parameters: report.design.parameters,
    points: report.design.points,
    ...(report.design.trajectories !== undefined ? { trajectories: report.design.trajectories } : {}),
    runs: manifest.runs?.length ?? 0,
    wallTimeMs: manifest.wallTimeMs ?? 0,
    analyses: report.analyses,
  };
}

/**
 * A number for the report: 3 significant digits, no exponent for ordinary magnitudes.
 *
 * @example
 * ```ts
 * fmt(0.154716); // '0.155'
 * fmt(-26.7357); // '-26.7'
 * fmt(262.68);   // '263'
 * ```
 */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1000) return x.toFixed(0);
  if (a >= 1e-4) return Number(x.toPrecision(3)).toString();
  return x.toExponential(2);
}

/** Direction of an effect read from its 95% CI. */
export type EffectDirection = 'higher' | 'lower' | 'none' | 'unchanged';

/**
 * The direction of an effect: `higher`/`lower` when the 95% CI excludes zero, or when both arms
 * are deterministic (identical replicates: the difference is exact, summary.json gives it no
 * CI) and it is not zero; `unchanged` when the difference and its CI are zero up to rounding
 * (1e-9 of `scale`, the control mean: identical in every replicate), else `none` (CI includes
 * zero, or no CI with fewer than 2 replicates).
 */
export function effectDirection(
  effect: Pick<SummaryEffect, 'difference' | 'ci95' | 'deterministic'>,
  scale = 1,
): EffectDirection {
  const tolerance = 1e-9 * Math.max(1, Math.abs(scale));
  const ci = effect.ci95 as [number, number] | null;
  const [lo, hi] = ci ?? (effect.deterministic ? [effect.difference, effect.difference] : [-Infinity, Infinity]);
  if (Math.abs(effect.difference) <= tolerance && Math.abs(lo) <= tolerance && Math.abs(hi) <= tolerance)
    return 'unchanged';
  if (lo > 0) return 'higher';
  if (hi < 0) return 'lower';
  return 'none';
}

/** The 95% CI as `[lo, hi]`, or what stands in its place: `[deterministic]`, `[no CI]`. */
function formatInterval(item: { ci95: [number, number] | null; deterministic?: boolean }): string {
  if (item.ci95 !== null) return `[${fmt(item.ci95[0])}, ${fmt(item.ci95[1])}]`;
  return item.deterministic ? '[deterministic]' : '[no CI]';
}

/** `+0.155 (+46%) [0.108, 0.201]`: the difference, relative change and 95% CI. */
export function formatEffect(effect: SummaryEffect): string {
  const sign = effect.difference > 0 ? '+' : '';
  const rel =
    effect.relative === null || effect.relative === undefined || !Number.isFinite(effect.relative)
      ? ''
      : ` (${effect.relative > 0 ? '+' : ''}${fmt(effect.relative * 100)}%)`;
  return `${sign}${fmt(effect.difference)}${rel} ${formatInterval(effect)}`;
}

/**
 * One sentence reading an arm's effects against the control, generated from the numbers:
 * which key metrics it raises and lowers (95% CI excludes zero), and where no difference
 * is detectable.
 */
export function readArm(
  arm: string,
  control: string,
  effects: readonly SummaryEffect[],
  statistic: string,
  scaleOf: (metric: string) => number = () => 1,
): string {
  const groups: Record<EffectDirection, string[]> = { higher: [], lower: [], none: [], unchanged: [] };
  for (const effect of effects) {
    const label = lowerFirst(metricLabel(effect.metric));
    const direction = effectDirection(effect, scaleOf(effect.metric));
    groups[direction].push(
      direction === 'none' || direction === 'unchanged' ? label : `${label} by ${magnitude(effect)}`,
    );
  }
  const parts: string[] = [];
  if (groups.higher.length > 0) parts.push(`raises ${list(groups.higher)}`);
  if (groups.lower.length > 0) parts.push(`lowers ${list(groups.lower)}`);
  let sentence = `Against **${control}**, **${arm}** ${parts.length > 0 ? `${list(parts)} (95% CIs of the differences exclude zero; table above)` : 'changes no key metric detectably'}`;
  if (groups.none.length > 0)
    sentence += `; no difference is detectable in ${list(groups.none)} (95% CI includes zero)`;
  if (groups.unchanged.length > 0)
    sentence += `; ${list(groups.unchanged)} ${groups.unchanged.length === 1 ? 'is' : 'are'} identical to control in every replicate`;
  return `${sentence}. Values are the ${statistic === 'final' ? 'final-step values' : `${statistic} values`} of each run.`;
}

/** `26.7 (15.2%)`: the size of a difference, without its sign (the verb carries it). */
function magnitude(effect: SummaryEffect): string {
  const rel =
    effect.relative === null || effect.relative === undefined || !Number.isFinite(effect.relative)
      ? ''
      : ` (${fmt(Math.abs(effect.relative) * 100)}%)`;
  return `${fmt(Math.abs(effect.difference))}${rel}`;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** A GitHub-style anchor for a heading. */
export function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .trim()
    .replace(/ /g, '-');
}

/**
 * The Markdown of docs/findings.md: a generated-file header (version, commit, seeds,
 * replicates, wall time), a summary table, and per experiment its question, arms, effect
 * sizes with 95% CIs, a reading of each arm generated from the numbers, and its charts.
 */
export function renderFindings(input: FindingsInput): string {
  const { experiments } = input;
  const versions = [...new Set(experiments.map((e) => e.version ?? 'unknown'))];
  const commits = [...new Set(experiments.map((e) => e.commit ?? 'unknown (not a git checkout)'))];
  const totalMs = experiments.reduce((sum, e) => sum + e.wallTimeMs + (e.robustness?.wallTimeMs ?? 0), 0);
  const lines: string[] = [
    '<!-- Generated by scripts/findings-report.ts (pnpm findings:report). Do not edit by hand. -->',
    '# Findings: the experiment library',
    '',
    '*This file is generated from the experiment runs by `scripts/findings-report.ts`; never edit it by hand.',
    'Regenerate it with `pnpm findings:report` (runs every scenario in `scenarios/experiments/`), or from',
    'finished run directories with `pnpm findings:report --from runs/<dir>`.*',
    '',
    `- **Version**: chokepoint ${versions.join(', ')}; **commit**: ${commits.map((c) => `\`${c}\``).join(', ')}`,
    `- **Generated by**: \`${input.command}\``,
    `- **Replicates**: ${input.replicatesOverride !== undefined ? `**${input.replicatesOverride} per arm (a quick run, overriding the scenarios: not the committed configuration)**` : `the scenarios' own (${[...new Set(experiments.map((e) => e.replicates))].join(', ')} per arm)`}`,
    `- **Seeds**: each experiment's base seed below; run seeds derive from (seed, arm, point, replicate), so every number here is reproducible bit for bit`,
    `- **Wall time**: ${fmtDuration(totalMs)} for ${experiments.length} experiment${experiments.length === 1 ? '' : 's'} and their sensitivity sweeps (${[...new Set(experiments.map((e) => e.workers ?? 1))].join(', ')} worker threads), summed over the runs' manifests${input.generationMs !== undefined ? `; this generation took ${fmtDuration(input.generationMs)} (${input.ranExperiments ? 'runs, analyses and charts' : 'analyses and charts from finished runs'})` : ''}`,
    '',
    'How to read it. Each experiment compares treatment arms with a control arm. An effect is the',
    'difference of the arm mean from the control mean of a key metric (`outputs.metrics` of the',
    'scenario), with a Welch 95% confidence interval over replicates (summary.json of the run; see',
    '[outputs.md](outputs.md)). A reading says an arm *raises* or *lowers* a metric only when the CI',
    'excludes zero; a zero-width CI means the outcome is the same in every replicate (the arm leaves',
    'no room for chance). Readings are generated from the numbers, not written by hand: they state',
    'what the model does under its assumptions ([ODD.md](ODD.md)), not what the world would do.',
    '',
    'Each experiment gives, for every effect: its **time profile** (the final value beside the',
    'largest deviation from the control and when, and the cumulative and discounted sums over the run:',
    '[outputs.md, "Effects over time"](outputs.md#effects-over-time)), **what drives it** (every arm',
    'run again with one mechanism switched off, on the same seeds: the part of the final effect each',
    'mechanism carries, [outputs.md, "What drives an effect"](outputs.md#what-drives-an-effect)), and',
    'its **robustness** (a Morris screening of the effect over the plausible ranges of the',
    "experiment's main parameters, its `.sensitivity.yaml`: [sensitivity.md](sensitivity.md)).",
    '',
    ...(input.changes !== undefined && input.changes.trim() !== ''
      ? ['## What changed and why', '', input.changes.trim(), '']
      : []),
    '## Summary',
    '',
    '| experiment | question | arms | replicates | mechanisms switched off | runs | sensitivity runs | seed | wall time |',
    '|---|---|---:|---:|---|---:|---:|---|---:|',
  ];
  for (const e of experiments) {
    const wall = e.wallTimeMs + (e.robustness?.wallTimeMs ?? 0);
    lines.push(
      `| [${e.name}](#${anchor(e.name)}) | ${esc(e.title.replace(/^Experiment:\s*/i, ''))} | ${e.arms.length} | ${e.replicates} | ${e.mechanisms.length > 0 ? e.mechanisms.join(', ') : '–'} | ${e.runs} | ${e.robustness?.runs ?? '–'} | \`${e.seed}\` | ${fmtDuration(wall)} |`,
    );
  }
  for (const e of experiments) {
    lines.push('', `## ${e.name}`, '', `**${esc(e.title)}** — \`${e.file}\``, '');
    if (e.description) lines.push(`> ${esc(e.description)}`, '');
    lines.push(
      `Control: **${e.control}**. ${e.replicates} replicates per arm, base seed \`${e.seed}\`${e.horizon !== undefined ? `, ${e.horizon} steps` : ''}; statistic: ${e.statistic === 'final' ? 'the value after the last step' : e.statistic}. Wall time ${fmtDuration(e.wallTimeMs)}.`,
      '',
    );
    lines.push('| arm | description |', '|---|---|');
    for (const arm of e.arms)
      lines.push(`| ${arm.name === e.control ? controlLabel(arm.name) : arm.name} | ${esc(arm.description ?? '')} |`);

    const treatments = e.arms.map((a) => a.name).filter((a) => a !== e.control);
    const metricNames = [...new Set(e.metrics.map((m) => m.metric))];
    const pointZero = (m: { point: number }) => m.point === 0;
    const controlOf = (metric: string) =>
      e.metrics.find((m) => m.metric === metric && m.arm === e.control && pointZero(m));
    const effectOf = (arm: string, metric: string) =>
      e.effects.find((x) => x.metric === metric && x.arm === arm && pointZero(x));
    const scaleOf = (metric: string) => controlOf(metric)?.mean ?? 1;
    lines.push(...effectTable(e, treatments, metricNames, controlOf, effectOf));
    lines.push(...attributionTable(e, treatments, metricNames, effectOf, scaleOf));
    lines.push(...robustnessTable(e));

    lines.push('', '### Reading', '');
    for (const arm of treatments) {
      const effects = e.effects.filter((x) => x.arm === arm && pointZero(x));
      if (effects.length === 0) continue;
      lines.push(`- ${readArm(arm, e.control, effects, e.statistic, scaleOf)}`);
      for (const effect of effects) {
        const text = readEffect(e, effect, scaleOf(effect.metric));
        if (text !== undefined) lines.push(`  - ${text}`);
      }
    }

    lines.push('', '### Charts', '');
    const shown = [
      ...e.charts.filter((c) => c.kind === 'effect-forest'),
      ...e.charts.filter((c) => c.kind !== 'effect-forest'),
    ];
    for (const chart of shown) {
      const image = chart.png ?? chart.svg;
      if (image === undefined) continue;
      lines.push(
        `![${esc(chart.title)}](${image})`,
        '',
        `*${esc(chart.caption)}*${chart.svg ? ` ([SVG](${chart.svg}))` : ''}`,
        '',
      );
    }
    if (e.omitted.length > 0) {
      lines.push(
        `The run's other charts (${e.omitted.map(esc).join('; ')}) are left out here to keep the repository small; \`chokepoint chart <run dir>\` draws them.`,
        '',
      );
    }
  }
  lines.push('');
  return lines.join('\n');
}

/** `3 min 25 s`, `41.2 s` or `850 ms`. */
export function fmtDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}

/** The control arm's name in a table: `nlg-nlg (control)`, or `control` alone. */
function controlLabel(arm: string): string {
  return arm === 'control' ? 'control' : `${arm} (control)`;
}

/** `[lo, hi]` of a statistic over time, or what stands in its place. */
function overTimeInterval(d: { ci95: [number, number] | null; deterministic: boolean }): string {
  return formatInterval({ ci95: d.ci95, deterministic: d.deterministic });
}

/** `-16.3 (-40%) [-20, -12.6]`: a difference over time with its relative change and 95% CI. */
function formatDifference(d: DifferenceOverTime): string {
  const sign = d.difference > 0 ? '+' : '';
  const rel =
    d.relative === null || !Number.isFinite(d.relative)
      ? ''
      : ` (${d.relative > 0 ? '+' : ''}${fmt(d.relative * 100)}%)`;
  return `${sign}${fmt(d.difference)}${rel} ${overTimeInterval(d)}`;
}

/** Whether a difference (final, or over time) is detectable: its CI excludes zero, or both arms are deterministic and it is not zero. */
function detectable(
  d: { difference: number; ci95: [number, number] | null; deterministic?: boolean } | undefined,
  scale = 1,
): boolean {
  if (d === undefined) return false;
  const direction = effectDirection(
    { difference: d.difference, ci95: d.ci95 as [number, number], deterministic: d.deterministic ?? false },
    scale,
  );
  return direction === 'higher' || direction === 'lower';
}

/** A bold cell when detectable. */
function bold(text: string, yes: boolean): string {
  return yes ? `**${text}**` : text;
}

/** When a peak came: its date, else its step. */
function when(d: DifferenceOverTime): string {
  return d.date ? d.date : d.step !== undefined ? `step ${d.step}` : '?';
}

/**
 * "Effect sizes": per key metric, the control's levels and each treatment's difference from
 * them, at the final step and over the run (peak and when, cumulative, discounted sums).
 */
function effectTable(
  e: ExperimentFindings,
  treatments: readonly string[],
  metricNames: readonly string[],
  controlOf: (metric: string) => SummaryMetric | undefined,
  effectOf: (arm: string, metric: string) => SummaryEffect | undefined,
): string[] {
  const over = (['peak', 'cumulative', 'discounted'] as const).filter((s) => e.statistics.includes(s));
  const heads: Record<(typeof over)[number], string> = {
    peak: 'peak difference [95% CI], when',
    cumulative: 'cumulative (sum over the run) [95% CI]',
    discounted: `discounted sum (${fmt(100 * (e.discountRate ?? 0.02))}% a year) [95% CI]`,
  };
  const out = [
    '',
    '### Effect sizes',
    '',
    `Each treatment row is the difference from **${e.control}** (relative change) [95% CI]; the control row gives its levels (mean [95% CI]). *Final*: the value after the last step. ${over.length > 0 ? "*Peak*: the largest deviation of the arm's mean path from the control's, and when (its interval is Welch's at that step, not widened for having picked it). *Cumulative* and *discounted*: the metric summed over every step of the run, plainly and discounted to the start; for a flow such as output, what was made or lost in all." : ''}`.trimEnd(),
    '',
    `| ${['key metric', 'arm', 'final', ...over.map((s) => heads[s])].join(' | ')} |`,
    `|---|---|${['final', ...over].map(() => '---:').join('|')}|`,
  ];
  for (const metric of metricNames) {
    const label = `${esc(metricLabel(metric))} (\`${metric}\`)`;
    const control = controlOf(metric);
    const level = (x: OverTimeSummary | undefined) => (x === undefined ? '–' : `${fmt(x.mean)} ${overTimeInterval(x)}`);
    const controlCells = over.map((s) => (s === 'peak' ? '–' : level(control?.[s])));
    out.push(
      `| ${label} | ${controlLabel(e.control)} | ${control === undefined ? '–' : `${fmt(control.mean)} ${formatInterval(control)}`} |${controlCells.map((c) => ` ${c} |`).join('')}`,
    );
    for (const arm of treatments) {
      const effect = effectOf(arm, metric);
      if (effect === undefined) continue;
      const direction = effectDirection(effect, control?.mean ?? 1);
      const final =
        direction === 'unchanged'
          ? '0 (identical in every replicate)'
          : bold(formatEffect(effect), direction === 'higher' || direction === 'lower');
      const cells = over.map((s) => {
        const d = effect[s];
        if (d === undefined) return '–';
        if (direction === 'unchanged' && d.difference === 0) return '0';
        const text = s === 'peak' ? `${formatDifference(d)}, ${when(d)}` : formatDifference(d);
        return bold(text, detectable(d, s === 'peak' ? (control?.mean ?? 1) : (control?.[s]?.mean ?? 1)));
      });
      out.push(`| ${label} | ${arm} | ${final} |${cells.map((c) => ` ${c} |`).join('')}`);
    }
  }
  out.push('', 'Bold: the 95% CI excludes zero.');
  return out;
}

/**
 * Whether a mechanism carries none of an effect: exactly, or up to floating-point rounding (a
 * part and interval within a millionth of the effect: sums taken in another order when a
 * mechanism is switched off that does not act).
 */
function carriesNothing(a: SummaryAttribution): boolean {
  const tolerance = 1e-6 * Math.abs(a.effect);
  const [lo, hi] = a.carried.ci95 ?? [a.carried.difference, a.carried.difference];
  return Math.abs(a.carried.difference) <= tolerance && Math.abs(lo) <= tolerance && Math.abs(hi) <= tolerance;
}

/** The carried part's share of the effect with its interval (the carried part's interval over the effect), as percentages. */
function formatShare(a: SummaryAttribution): string {
  if (a.carried.deterministic && a.carried.difference === 0) return '0 (exact)';
  if (carriesNothing(a)) return '0 (rounding)';
  if (a.share === null || a.effect === 0) return '–';
  const pct = (x: number) => `${fmt(100 * x)}%`;
  if (a.carried.deterministic) return `${pct(a.share)} (exact)`;
  if (a.carried.ci95 === null) return `${pct(a.share)} [no CI]`;
  const [lo, hi] = a.carried.ci95.map((x) => x / a.effect).sort((x, y) => x - y) as [number, number];
  return `${pct(a.share)} [${pct(lo)}, ${pct(hi)}]`;
}

/** Whether a mechanism's carried part is detectable (its interval excludes zero, or it is exact and not zero). */
function carries(a: SummaryAttribution): boolean {
  if (carriesNothing(a)) return false;
  if (a.carried.deterministic) return a.carried.difference !== 0;
  return a.carried.ci95 !== null && (a.carried.ci95[0] > 0 || a.carried.ci95[1] < 0);
}

/**
 * "What drives each effect": for each detectable final effect, the share of it each mechanism
 * the scenario's `ablation:` switched off carries, with its interval.
 */
function attributionTable(
  e: ExperimentFindings,
  treatments: readonly string[],
  metricNames: readonly string[],
  effectOf: (arm: string, metric: string) => SummaryEffect | undefined,
  scaleOf: (metric: string) => number,
): string[] {
  if (e.mechanisms.length === 0) return [];
  const out = [
    '',
    '### What drives each effect',
    '',
    `Every arm ran again with each mechanism switched off (${e.mechanisms.map((m) => `\`${m}\``).join(', ')}; docs/ODD.md §7.15), on the same seeds. A cell is the share of the final effect that the mechanism carries: (effect − effect with the mechanism off in both arms) / effect, replicate by replicate, with the 95% interval of the part carried over the effect. 100% means the effect vanishes without the mechanism; 0, that it does not depend on it; a negative share, that the mechanism works against it. Shares need not add to 100%: mechanisms interact. Only effects whose final 95% CI excludes zero are listed. Bold: the part carried is detectable (its interval excludes zero).`,
    '',
    `| key metric | arm | final effect | ${e.mechanisms.join(' | ')} |`,
    `|---|---|---:|${e.mechanisms.map(() => '---:').join('|')}|`,
  ];
  let rows = 0;
  for (const metric of metricNames) {
    for (const arm of treatments) {
      const effect = effectOf(arm, metric);
      if (effect === undefined || !detectable(effect, scaleOf(metric))) continue;
      const cells = e.mechanisms.map((m) => {
        const a = e.attribution.find((x) => x.arm === arm && x.metric === metric && x.mechanism === m && x.point === 0);
        return a === undefined ? '–' : bold(formatShare(a), carries(a) && !a.carried.deterministic);
      });
      out.push(
        `| ${esc(metricLabel(metric))} (\`${metric}\`) | ${arm} | ${fmt(effect.difference)} | ${cells.join(' | ')} |`,
      );
      rows++;
    }
  }
  if (rows === 0)
    return [...out.slice(0, 4), 'No key metric has a detectable final effect, so there is nothing to attribute.'];
  return out;
}

/** A swept parameter's label: the last part of its path (`policy.forgiveness` → `forgiveness`). */
export function parameterName(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

/** `0.5–1.5`, `0.005–0.02 (log)`, or the values of a list. */
function formatAxis(axis: SweepAxis): string {
  if (Array.isArray(axis)) return axis.join(', ');
  if ('values' in axis) return axis.values.join(', ');
  const range = axis as { min?: number; max?: number; scale?: string; distribution?: string };
  return `${range.min}–${range.max}${range.scale === 'log' ? ' (log scale)' : ''}${range.distribution !== undefined && range.distribution !== 'uniform' ? ` (${range.distribution})` : ''}`;
}

/** The Morris measures of an analysis, most influential first. */
function ranked(analysis: SensitivityAnalysis): NonNullable<SensitivityAnalysis['morris']> {
  return [...(analysis.morris ?? [])].filter((m) => Number.isFinite(m.muStar)).sort((a, b) => b.muStar - a.muStar);
}

/**
 * "Robustness": the Morris screening of each effect over the experiment's main parameters: μ*
 * (the mean absolute change of the effect over a parameter's whole range) and σ (their
 * spread) per parameter.
 */
function robustnessTable(e: ExperimentFindings): string[] {
  const r = e.robustness;
  if (r === undefined) return [];
  const names = r.parameters.map((p) => p.name);
  const size =
    r.method === 'morris' && r.trajectories !== undefined
      ? `${r.trajectories} trajectories × ${names.length + 1} points`
      : `${r.points} points`;
  const replicates = r.analyses[0]?.replicates ?? 0;
  const out = [
    '',
    '### Robustness',
    '',
    `A ${r.method === 'morris' ? 'Morris screening' : 'Sobol analysis'} (\`${r.file}\`, ${size}, ${replicates} replicate${replicates === 1 ? '' : 's'} per point: ${r.runs} runs, ${fmtDuration(r.wallTimeMs)}) of each effect over the plausible ranges of the experiment's main parameters (each range justified in the file): ${r.parameters.map((p) => `\`${p.name}\` ${formatAxis(p.axis)}`).join('; ')}. At every point the effect is the arm's final value minus **${e.control}**'s (\`chokepoint sensitivity --against ${e.control}\`, [sensitivity.md](sensitivity.md)). A cell is μ* (σ): μ* is the mean absolute change of the effect when the parameter moves over its whole range, in the metric's units; σ the spread of those changes (σ above μ*: the parameter acts through interactions or non-linearly). Bold: the largest μ* of the row. *Noise*: the share of the variance over the design that replicate noise alone would give.`,
    '',
  ];
  if (r.method !== 'morris') return [...out, 'Only Morris screenings are tabulated here.'];
  out.push(
    `| key metric | arm | mean effect over the design | ${names.map((n) => `\`${parameterName(n)}\``).join(' | ')} | noise |`,
    `|---|---|---:|${names.map(() => '---:').join('|')}|---:|`,
  );
  const still: string[] = [];
  for (const a of r.analyses) {
    if (!(a.variance > 0)) {
      still.push(`${esc(metricLabel(a.metric))} (${a.arm})`);
      continue;
    }
    const top = ranked(a)[0]?.parameter;
    const cells = names.map((n) => {
      const m = a.morris?.find((x) => x.parameter === n);
      return m === undefined ? '–' : bold(`${fmt(m.muStar)} (${m.sigma === null ? '–' : fmt(m.sigma)})`, n === top);
    });
    out.push(
      `| ${esc(metricLabel(a.metric))} (\`${a.metric}\`) | ${a.arm} | ${fmt(a.mean)} | ${cells.join(' | ')} | ${a.noiseShare === null ? '–' : `${fmt(100 * a.noiseShare)}%`} |`,
    );
  }
  if (still.length > 0)
    out.push('', `Effects that do not move over the design (the same at every point): ${list(still)}.`);
  return out;
}

/** What switching each mechanism off removes, and the assumption it rests on: the readings name it when a mechanism carries most of an effect. */
export const MECHANISM_NOTES: Readonly<Record<string, string>> = {
  prices:
    'prices: firms price scarcity and discount lost orders, and buyers follow delivered prices (ODD §7.14; the flexibilities are assumptions)',
  substitution: 'supplier substitution: buyers move their shares off short or blocked suppliers (ODD §7.3)',
  supplierSearch: 'supplier search: blocked buyers find new suppliers (ODD §7.11)',
  sellerSearch: 'seller search: sellers that lose orders find new buyers (ODD §7.14)',
  importSubstitution:
    'import substitution: denied demand, R&D, learning and spillovers raise domestic capability (ODD §7.9)',
  designOut: "design-out: third-country firms remove the issuer's content (ODD §7.10; the rate is an assumption)",
  subsidies: 'subsidies: investment, R&D and export finance paid by the state (ODD §7.5, §7.19)',
  retaliation: 'retaliation: the answers to measures (ODD §7.7)',
  frontLoading: 'front-loading: buyers stock up ahead of announced measures (ODD §7.5)',
};

/** `+0.155 (+46%)`: a difference and its relative change, without the interval. */
function signed(d: { difference: number; relative?: number | null }): string {
  const rel =
    d.relative === null || d.relative === undefined || !Number.isFinite(d.relative)
      ? ''
      : ` (${d.relative > 0 ? '+' : ''}${fmt(d.relative * 100)}%)`;
  return `${d.difference > 0 ? '+' : ''}${fmt(d.difference)}${rel}`;
}

/**
 * One effect read from its numbers, for the effects worth reading (detectable at the end, at
 * its peak or summed over the run): its time profile (final against peak), what drives it (the
 * mechanisms whose carried part is detectable, largest first, and the assumption the main one
 * rests on), and its robustness (the parameters that move it, and whether any moves it by half
 * its size). Undefined for an effect detectable nowhere.
 */
export function readEffect(e: ExperimentFindings, effect: SummaryEffect, scale: number): string | undefined {
  const label = metricLabel(effect.metric);
  const final = detectable(effect, scale);
  const peak = effect.peak !== undefined && detectable(effect.peak, scale) ? effect.peak : undefined;
  const cumulative = effect.cumulative !== undefined && detectable(effect.cumulative) ? effect.cumulative : undefined;
  if (!final && peak === undefined && cumulative === undefined) return undefined;
  const parts: string[] = [];

  // Time profile.
  let profile = final ? `${signed(effect)} at the end` : 'no detectable effect at the end';
  if (peak !== undefined) {
    const ratio = Math.abs(effect.difference) / Math.abs(peak.difference);
    const lastStep = e.horizon !== undefined && peak.step === e.horizon;
    if (lastStep) profile += ', still growing (the largest deviation is at the last step)';
    else if (!final) profile += `, but ${signed(peak)} at its peak (${when(peak)}): a transient effect`;
    else if (Math.sign(effect.difference) !== Math.sign(peak.difference))
      profile += `; it reversed: ${signed(peak)} at its peak (${when(peak)})`;
    else if (ratio >= 0.8) profile += `, about its peak (${signed(peak)}, ${when(peak)}): it persists`;
    else profile += `, ${fmt(100 * ratio)}% of its peak (${signed(peak)}, ${when(peak)}): it fades`;
  }
  if (cumulative !== undefined && cumulative.relative !== null && Number.isFinite(cumulative.relative))
    profile += `; summed over the run, ${cumulative.relative > 0 ? '+' : ''}${fmt(100 * cumulative.relative)}% of the control's sum`;
  parts.push(`**${label}**: ${profile}.`);

  // What drives it (the attribution is of the final effect).
  if (e.mechanisms.length > 0 && final) {
    const entries = e.attribution.filter(
      (a) => a.arm === effect.arm && a.metric === effect.metric && a.point === 0 && carries(a),
    );
    const forIt = entries
      .filter((a) => a.carried.difference * effect.difference > 0)
      .sort((a, b) => Math.abs(b.carried.difference) - Math.abs(a.carried.difference));
    const against = entries
      .filter((a) => a.carried.difference * effect.difference < 0)
      .sort((a, b) => Math.abs(b.carried.difference) - Math.abs(a.carried.difference));
    const name = (a: SummaryAttribution) => `${a.mechanism} (${formatShare(a)})`;
    const all = e.attribution.filter((a) => a.arm === effect.arm && a.metric === effect.metric && a.point === 0);
    if (all.length > 0 && all.every(carriesNothing))
      parts.push(
        `None of the mechanisms switched off (${list(all.map((a) => a.mechanism))}) carries any of it: it comes from the arm's own rule.`,
      );
    else if (forIt.length === 0)
      parts.push(
        `No single mechanism carries it (no mechanism's part is detectable)${against.length > 0 ? `; ${list(against.map(name))} work${against.length === 1 ? 's' : ''} against it` : ''}.`,
      );
    else {
      const main = forIt[0]!;
      // "Driven by" only when the largest part is at least half the effect; else the rest comes from the arm's own rule or mechanisms together.
      let sentence = `${main.share !== null && main.share >= 0.5 ? 'Driven by' : 'No mechanism carries half of it; partly carried by'} ${list(forIt.map(name))}`;
      if (against.length > 0)
        sentence += `; ${list(against.map(name))} work${against.length === 1 ? 's' : ''} against it`;
      if (main.share !== null && main.share >= 0.5 && MECHANISM_NOTES[main.mechanism] !== undefined)
        sentence += `. It follows from ${MECHANISM_NOTES[main.mechanism]}`;
      parts.push(`${sentence}.`);
    }
  } else if (e.mechanisms.length > 0) {
    parts.push('The attribution is of final values, so it does not split an effect that is gone at the end.');
  }

  // Robustness.
  const analysis = e.robustness?.analyses.find(
    (a) => a.arm === effect.arm && a.metric === effect.metric && a.against === e.control,
  );
  if (analysis !== undefined) {
    if (!(analysis.variance > 0)) parts.push('It does not move over the sensitivity ranges.');
    else {
      const order = ranked(analysis);
      const top = order[0]!;
      // The parameters within half of the largest μ* move it most; those under a tenth of it hardly.
      const most = order.filter((m) => m.muStar >= 0.5 * top.muStar);
      const still = order.filter((m) => m.muStar < 0.1 * top.muStar);
      const show = (m: (typeof order)[number]) =>
        `\`${parameterName(m.parameter)}\` (μ* ${fmt(m.muStar)}${m.sigma === null ? '' : `, σ ${fmt(m.sigma)}`})`;
      let sentence = `Over the sensitivity ranges it moves most with ${list(most.map(show))}`;
      if (still.length > 0) sentence += `, hardly with ${list(still.map((m) => `\`${parameterName(m.parameter)}\``))}`;
      const size = Math.abs(final ? effect.difference : analysis.mean);
      if (size > 0) {
        sentence +=
          top.muStar < 0.5 * size
            ? `; no parameter changes it by half its size over its range (${fmt((100 * top.muStar) / size)}% at most): robust`
            : `; \`${parameterName(top.parameter)}\` changes it by ${fmt((100 * top.muStar) / size)}% of its size over its range: its size rests on that parameter`;
      }
      if (analysis.noiseShare !== null && analysis.noiseShare > 0.5)
        sentence += ` (replicate noise is ${fmt(100 * analysis.noiseShare)}% of the variance over the design: the ranking is uncertain)`;
      parts.push(`${sentence}.`);
    }
  }
  return parts.join(' ');
}
