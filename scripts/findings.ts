/**
 * The parts of scripts/findings-report.ts that do not run experiments: read a finished run
 * directory (summary.json, manifest.json, the resolved scenario), render its charts into
 * docs/findings/<experiment>/charts/, and write the Markdown of docs/findings.md with a
 * reading of each effect generated from its numbers. test/findings/findings-report.test.ts
 * checks them on a small fixture run.
 */
import { rmSync, unlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { metricLabel, type SummaryEffect, type SummaryMetric } from '@chokepoint/charts';
import { readRunDirectory, renderRunCharts } from '@chokepoint/charts/node';
import { loadScenario } from '@chokepoint/scenario';

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
  /** Per treatment arm × key metric: difference from control with its 95% CI (summary.json). */
  effects: SummaryEffect[];
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
  if (summary === undefined || manifest === undefined) throw new Error(`${runDir}: no summary.json or manifest.json (is the run finished?)`);
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
  const charts = rendered.filter((chart) => KEPT_CHART_KINDS.has(chart.kind)).map((chart) => {
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
  const replicates = typeof manifest.replicates === 'number' ? manifest.replicates : new Set(runs.map((r) => r.run_id.split('/')[2])).size;
  return {
    name,
    file: manifest.scenario?.path ?? relative(root, loaded.file),
    title: summary.title ?? run.scenario?.title ?? name,
    description: summary.description ?? run.scenario?.description ?? '',
    control: summary.control ?? '',
    statistic: summary.statistic ?? 'final',
    ...(typeof doc.horizon === 'number' ? { horizon: doc.horizon } : {}),
    arms: Object.entries(doc.arms ?? {}).map(([arm, spec]) => ({ name: arm, ...(spec?.description ? { description: spec.description } : {}) })),
    metrics: summary.metrics,
    effects: summary.effects,
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
export function effectDirection(effect: Pick<SummaryEffect, 'difference' | 'ci95' | 'deterministic'>, scale = 1): EffectDirection {
  const tolerance = 1e-9 * Math.max(1, Math.abs(scale));
  const ci = effect.ci95 as [number, number] | null;
  const [lo, hi] = ci ?? (effect.deterministic ? [effect.difference, effect.difference] : [-Infinity, Infinity]);
  if (Math.abs(effect.difference) <= tolerance && Math.abs(lo) <= tolerance && Math.abs(hi) <= tolerance) return 'unchanged';
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
  const rel = effect.relative === null || effect.relative === undefined || !Number.isFinite(effect.relative) ? '' : ` (${effect.relative > 0 ? '+' : ''}${fmt(effect.relative * 100)}%)`;
  return `${sign}${fmt(effect.difference)}${rel} ${formatInterval(effect)}`;
}

/**
 * One sentence reading an arm's effects against the control, generated from the numbers:
 * which key metrics it raises and lowers (95% CI excludes zero), and where no difference
 * is detectable.
 */
export function readArm(arm: string, control: string, effects: readonly SummaryEffect[], statistic: string, scaleOf: (metric: string) => number = () => 1): string {
  const groups: Record<EffectDirection, string[]> = { higher: [], lower: [], none: [], unchanged: [] };
  for (const effect of effects) {
    const label = lowerFirst(metricLabel(effect.metric));
    const direction = effectDirection(effect, scaleOf(effect.metric));
    groups[direction].push(direction === 'none' || direction === 'unchanged' ? label : `${label} by ${magnitude(effect)}`);
  }
  const parts: string[] = [];
  if (groups.higher.length > 0) parts.push(`raises ${list(groups.higher)}`);
  if (groups.lower.length > 0) parts.push(`lowers ${list(groups.lower)}`);
  let sentence = `Against **${control}**, **${arm}** ${parts.length > 0 ? `${list(parts)} (95% CIs of the differences exclude zero; table above)` : 'changes no key metric detectably'}`;
  if (groups.none.length > 0) sentence += `; no difference is detectable in ${list(groups.none)} (95% CI includes zero)`;
  if (groups.unchanged.length > 0) sentence += `; ${list(groups.unchanged)} ${groups.unchanged.length === 1 ? 'is' : 'are'} identical to control in every replicate`;
  return `${sentence}. Values are the ${statistic === 'final' ? 'final-step values' : `${statistic} values`} of each run.`;
}

/** `26.7 (15.2%)`: the size of a difference, without its sign (the verb carries it). */
function magnitude(effect: SummaryEffect): string {
  const rel = effect.relative === null || effect.relative === undefined || !Number.isFinite(effect.relative) ? '' : ` (${fmt(Math.abs(effect.relative) * 100)}%)`;
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
  const totalMs = experiments.reduce((sum, e) => sum + e.wallTimeMs, 0);
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
    `- **Wall time**: ${fmtDuration(totalMs)} for ${experiments.length} experiment${experiments.length === 1 ? '' : 's'} (${[...new Set(experiments.map((e) => e.workers ?? 1))].join(', ')} worker threads), summed over the runs' manifests${input.generationMs !== undefined ? `; this generation took ${fmtDuration(input.generationMs)} (${input.ranExperiments ? 'runs and charts' : 'charts from finished runs'})` : ''}`,
    '',
    'How to read it. Each experiment compares treatment arms with a control arm. An effect is the',
    'difference of the arm mean from the control mean of a key metric (`outputs.metrics` of the',
    'scenario), with a Welch 95% confidence interval over replicates (summary.json of the run; see',
    '[outputs.md](outputs.md)). A reading says an arm *raises* or *lowers* a metric only when the CI',
    'excludes zero; a zero-width CI means the outcome is the same in every replicate (the arm leaves',
    'no room for chance). Readings are generated from the numbers, not written by hand: they state',
    'what the model does under its assumptions ([ODD.md](ODD.md)), not what the world would do.',
    '',
    ...(input.changes !== undefined && input.changes.trim() !== '' ? ['## What changed and why', '', input.changes.trim(), ''] : []),
    '## Summary',
    '',
    '| experiment | question | arms | replicates | seed | wall time |',
    '|---|---|---:|---:|---|---:|',
  ];
  for (const e of experiments) {
    lines.push(`| [${e.name}](#${anchor(e.name)}) | ${esc(e.title.replace(/^Experiment:\s*/i, ''))} | ${e.arms.length} | ${e.replicates} | \`${e.seed}\` | ${fmtDuration(e.wallTimeMs)} |`);
  }
  for (const e of experiments) {
    lines.push('', `## ${e.name}`, '', `**${esc(e.title)}** — \`${e.file}\``, '');
    if (e.description) lines.push(`> ${esc(e.description)}`, '');
    lines.push(
      `Control: **${e.control}**. ${e.replicates} replicates per arm, base seed \`${e.seed}\`${e.horizon !== undefined ? `, ${e.horizon} steps` : ''}; statistic: ${e.statistic === 'final' ? 'the value after the last step' : e.statistic}. Wall time ${fmtDuration(e.wallTimeMs)}.`,
      '',
    );
    lines.push('| arm | description |', '|---|---|');
    for (const arm of e.arms) lines.push(`| ${arm.name}${arm.name === e.control ? ' (control)' : ''} | ${esc(arm.description ?? '')} |`);

    const treatments = e.arms.map((a) => a.name).filter((a) => a !== e.control);
    const metricNames = [...new Set(e.metrics.map((m) => m.metric))];
    const pointZero = (m: { point: number }) => m.point === 0;
    lines.push('', '### Effect sizes', '', `Difference from **${e.control}** (relative change) [95% CI]; the control column is its mean [95% CI].`, '');
    lines.push(`| key metric | ${e.control} (control) | ${treatments.join(' | ')} |`, `|---|---:|${treatments.map(() => '---:').join('|')}|`);
    for (const metric of metricNames) {
      const control = e.metrics.find((m) => m.metric === metric && m.arm === e.control && pointZero(m));
      const cells = treatments.map((arm) => {
        const effect = e.effects.find((x) => x.metric === metric && x.arm === arm && pointZero(x));
        if (effect === undefined) return '–';
        const direction = effectDirection(effect, control?.mean ?? 1);
        if (direction === 'unchanged') return '0 (identical in every replicate)';
        const text = formatEffect(effect);
        return direction === 'higher' || direction === 'lower' ? `**${text}**` : text;
      });
      const controlCell = control === undefined ? '–' : `${fmt(control.mean)} ${formatInterval(control)}`;
      lines.push(`| ${esc(metricLabel(metric))} (\`${metric}\`) | ${controlCell} | ${cells.join(' | ')} |`);
    }
    lines.push('', 'Bold: the 95% CI excludes zero.', '', '### Reading', '');
    for (const arm of treatments) {
      const effects = e.effects.filter((x) => x.arm === arm && pointZero(x));
      const scaleOf = (metric: string) => e.metrics.find((m) => m.metric === metric && m.arm === e.control && pointZero(m))?.mean ?? 1;
      if (effects.length > 0) lines.push(`- ${readArm(arm, e.control, effects, e.statistic, scaleOf)}`);
    }

    lines.push('', '### Charts', '');
    const shown = [...e.charts.filter((c) => c.kind === 'effect-forest'), ...e.charts.filter((c) => c.kind !== 'effect-forest')];
    for (const chart of shown) {
      const image = chart.png ?? chart.svg;
      if (image === undefined) continue;
      lines.push(`![${esc(chart.title)}](${image})`, '', `*${esc(chart.caption)}*${chart.svg ? ` ([SVG](${chart.svg}))` : ''}`, '');
    }
    if (e.omitted.length > 0) {
      lines.push(`The run's other charts (${e.omitted.map(esc).join('; ')}) are left out here to keep the repository small; \`chokepoint chart <run dir>\` draws them.`, '');
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
