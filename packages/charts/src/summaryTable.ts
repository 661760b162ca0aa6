import { formatLocale } from 'd3';
import { metricLabel } from './metricInfo.js';

/*
 * Paper tables of a run's summary (summary.json, docs/outputs.md): one row per arm × sweep
 * point × metric with the mean, its 95% CI and the effect against the control arm, written as
 * CSV, Markdown or LaTeX (booktabs). Pure functions: no Node API, so the same tables can be
 * built in a browser. `chokepoint table` (packages/cli) reads the run directory and writes them.
 */

/**
 * A statistic a summary table can show, one or more columns each: `mean`; `ci` (95% CI of the
 * mean); `effect` (difference from the control arm with its 95% CI and a significance mark);
 * `relative` (the difference as a percentage of the control mean); `sd`; `n` (replicates).
 *
 * @example
 * ```ts
 * const statistics: TableStatistic[] = ['mean', 'ci', 'n'];
 * console.log(statistics.every((s) => TABLE_STATISTICS.includes(s))); // true
 * ```
 */
export type TableStatistic = 'mean' | 'ci' | 'effect' | 'relative' | 'sd' | 'n' | 'peak' | 'cumulative' | 'discounted';

/**
 * Every {@link TableStatistic}, in the order their columns take by default.
 *
 * @example
 * ```ts
 * console.log(TABLE_STATISTICS.join(',')); // mean,ci,effect,relative,sd,n,peak,cumulative,discounted
 * ```
 */
export const TABLE_STATISTICS: readonly TableStatistic[] = Object.freeze([
  'mean',
  'ci',
  'effect',
  'relative',
  'sd',
  'n',
  'peak',
  'cumulative',
  'discounted',
]);

/**
 * The statistics a table shows when none are chosen: mean, 95% CI, effect vs control.
 *
 * @example
 * ```ts
 * console.log(DEFAULT_TABLE_STATISTICS); // ['mean', 'ci', 'effect']
 * ```
 */
export const DEFAULT_TABLE_STATISTICS: readonly TableStatistic[] = Object.freeze(['mean', 'ci', 'effect']);

/**
 * One arm × point × metric of a summary, as summary.json writes it. `ci95` is null (or absent)
 * with fewer than two replicates and for a deterministic metric, whose replicates are all
 * identical (`deterministic: true`; older runs wrote an interval of width 0 and sd 0).
 *
 * @example
 * ```ts
 * const metric: TableSummaryMetric = { arm: 'control', point: 0, metric: 'state/CN/output', n: 5, mean: 12, sd: 0, ci95: null, deterministic: true };
 * console.log(buildSummaryTable({ scenario: 's', control: 'control', metrics: [metric], effects: [] }).rows[0]!.ci); // deterministic
 * ```
 */
export interface TableSummaryMetric {
  /** Arm. */
  arm: string;
  /** Sweep point (0 without a sweep). */
  point?: number;
  /** Metric `kind/entity/variable`. */
  metric: string;
  /** Replicates. */
  n: number;
  /** Mean over replicates. */
  mean: number;
  /** Standard deviation, or null. */
  sd?: number | null;
  /** 95% CI of the mean, or null. */
  ci95?: readonly [number, number] | null;
  /** All replicates identical. */
  deterministic?: boolean;
}

/**
 * One treatment arm × point × metric effect of a summary: the difference from the control arm.
 *
 * @example
 * ```ts
 * const effect: TableSummaryEffect = { arm: 'ban', control: 'control', point: 0, metric: 'state/KR/output', difference: -2, ci95: [-3, -1], relative: -0.2 };
 * console.log(effect.ci95![1] < 0); // true
 * ```
 */
export interface TableSummaryEffect {
  /** Treatment arm. */
  arm: string;
  /** Control arm. */
  control?: string;
  /** Sweep point. */
  point?: number;
  /** Metric. */
  metric: string;
  /** Treatment mean − control mean. */
  difference: number;
  /** 95% CI of the difference (Welch), or null. */
  ci95?: readonly [number, number] | null;
  /** difference / control mean, or null. */
  relative?: number | null;
  /** Both arms deterministic: an exact difference, never marked significant. */
  deterministic?: boolean;
  /** The largest deviation from the control's mean path, and when (summary.json's statistics over time). */
  peak?: TableOverTime;
  /** The difference of the sums over the run. */
  cumulative?: TableOverTime;
  /** The difference of the discounted sums. */
  discounted?: TableOverTime;
}

/**
 * An effect over time as summary.json writes it: a difference with its interval, and for the
 * peak its step and date.
 *
 * @example
 * ```ts
 * const peak: TableOverTime = { difference: -16, ci95: [-20, -12], relative: -0.4, deterministic: false, step: 6, date: '2024-06-30' };
 * console.log(peak.date); // 2024-06-30
 * ```
 */
export interface TableOverTime {
  difference: number;
  ci95?: readonly [number, number] | null;
  relative?: number | null;
  deterministic?: boolean;
  step?: number;
  date?: string;
}

/**
 * What a summary table is built from: summary.json's content (or the same shape computed at
 * another step).
 *
 * @example
 * ```ts
 * const input: SummaryTableInput = summary; // the content of runs/qs/summary.json
 * console.log(buildSummaryTable(input).rows.length === summary.metrics.length); // true
 * ```
 */
export interface SummaryTableInput {
  /** Scenario name. */
  scenario: string;
  /** Scenario title. */
  title?: string;
  /** The control arm, or null. */
  control: string | null;
  /** Swept parameter values by point. */
  points?: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** Per arm × point × metric. */
  metrics: readonly TableSummaryMetric[];
  /** Per treatment arm × point × metric. */
  effects: readonly TableSummaryEffect[];
  /** The arms an `ablation:` added (left out of the table: summary.json's attribution holds what they show). */
  ablation?: { arms: ReadonlyArray<{ arm: string }> };
  /** The discount rate of the discounted statistic. */
  discountRate?: number;
}

/**
 * Options of {@link buildSummaryTable}.
 *
 * @example
 * ```ts
 * const options: SummaryTableOptions = { metrics: ['world/world/welfare'], statistics: ['mean', 'n'], digits: 4, step: 'the final step' };
 * const table = buildSummaryTable(summary, options);
 * console.log(table.statistics, new Set(table.rows.map((r) => r.metric))); // ['mean', 'n'] Set(1) { 'world/world/welfare' }
 * ```
 */
export interface SummaryTableOptions {
  /** Metrics to show, in this order. Default: every metric of the summary, in its order. */
  metrics?: readonly string[];
  /** Statistics to show, in this order. Default {@link DEFAULT_TABLE_STATISTICS}. */
  statistics?: readonly TableStatistic[];
  /** Significant figures of every number. Default 3. */
  digits?: number;
  /** Where each run was read, for the caption, e.g. `the final step` or `step 8`. Default `the final step`. */
  step?: string;
  /** The provenance line (scenario, seed, version, commit), for the caption and the CSV. */
  provenance?: string;
  /** Provenance columns for every CSV row, e.g. `{ seed: '2023', version: '0.1.0', commit: 'abc…' }`. */
  provenanceColumns?: Readonly<Record<string, string>>;
}

/**
 * A 95% interval in a table: its bounds, `deterministic` (all replicates identical, so there
 * is no spread to put an interval on), or null (fewer than two replicates).
 *
 * @example
 * ```ts
 * const cells: TableInterval[] = [{ low: 1, high: 2 }, 'deterministic', null];
 * console.log(cells.map((c) => (c === null ? 'none' : c === 'deterministic' ? c : `[${c.low}, ${c.high}]`))); // ['[1, 2]', 'deterministic', 'none']
 * ```
 */
export type TableInterval = { low: number; high: number } | 'deterministic' | null;

/**
 * The effect of a treatment arm in a table row.
 *
 * @example
 * ```ts
 * const table = buildSummaryTable({
 *   scenario: 's', control: 'control',
 *   metrics: [{ arm: 'control', metric: 'state/KR/output', n: 5, mean: 10, sd: 1, ci95: [9, 11] }, { arm: 'ban', metric: 'state/KR/output', n: 5, mean: 7, sd: 1, ci95: [6, 8] }],
 *   effects: [{ arm: 'ban', metric: 'state/KR/output', difference: -3, ci95: [-4.5, -1.5], relative: -0.3 }],
 * });
 * const effect: TableEffect = table.rows[1]!.effect as TableEffect;
 * console.log(effect.difference, effect.significant); // -3 true
 * ```
 */
export interface TableEffect {
  /** Treatment mean − control mean. */
  difference: number;
  /** difference / control mean, or null. */
  relative: number | null;
  /** 95% CI of the difference. */
  ci: TableInterval;
  /** The CI excludes 0 (never for a deterministic difference). */
  significant: boolean;
  /** The effects over time summary.json gives (when it gives them). */
  peak?: TableEffectOverTime;
  cumulative?: TableEffectOverTime;
  discounted?: TableEffectOverTime;
}

/**
 * An effect over time in a table row: the difference, its interval, whether it is significant,
 * and for the peak when it came.
 *
 * @example
 * ```ts
 * const cell: TableEffectOverTime = { difference: -16, ci: { low: -20, high: -12 }, significant: true, when: '2024-06-30' };
 * console.log(cell.significant); // true
 * ```
 */
export interface TableEffectOverTime {
  difference: number;
  ci: TableInterval;
  significant: boolean;
  /** The peak's date, else its step (`step 6`). */
  when?: string;
}

/**
 * One row of a summary table: an arm × point × metric.
 *
 * @example
 * ```ts
 * const row: SummaryTableRow = buildSummaryTable(summary).rows[0]!;
 * console.log(row.arm, row.effect); // control control
 * ```
 */
export interface SummaryTableRow {
  /** Arm. */
  arm: string;
  /** Sweep point. */
  point: number;
  /** Swept parameter values of the point. */
  parameters: Readonly<Record<string, unknown>>;
  /** Metric `kind/entity/variable`. */
  metric: string;
  /** Readable metric label, e.g. `KR output`. */
  label: string;
  /** Replicates. */
  n: number;
  /** Mean. */
  mean: number;
  /** Standard deviation, or null. */
  sd: number | null;
  /** 95% CI of the mean. */
  ci: TableInterval;
  /** `control` for the control arm, the effect for a treatment arm, null without one. */
  effect: TableEffect | 'control' | null;
}

/**
 * A summary table, ready to be written by {@link summaryTableCsv}, {@link summaryTableMarkdown}
 * or {@link summaryTableLatex}.
 *
 * @example
 * ```ts
 * const table: SummaryTable = buildSummaryTable(summary, { digits: 2 });
 * console.log(table.caption); // Quickstart: unilateral vs aligned controls on chipmaking equipment: key metrics at the final step
 * ```
 */
export interface SummaryTable {
  /** Caption: the scenario's title and the step. */
  caption: string;
  /** Scenario name, e.g. for a LaTeX label. */
  scenario: string;
  /** The control arm, or null. */
  control: string | null;
  /** Statistics shown, in column order. */
  statistics: readonly TableStatistic[];
  /** Significant figures. */
  digits: number;
  /** Swept parameters (a column each in CSV, one column in Markdown and LaTeX); empty without a sweep. */
  parameters: readonly string[];
  /** Rows, by metric, then point, then arm. */
  rows: readonly SummaryTableRow[];
  /** Notes under the table: how to read it, and its provenance. */
  notes: readonly string[];
  /** Provenance columns for every CSV row. */
  provenanceColumns: Readonly<Record<string, string>>;
}

// ASCII minus: a CSV cell stays a number a spreadsheet reads, and LaTeX gets a plain '-'.
const locale = formatLocale({ decimal: '.', thousands: ',', grouping: [3], currency: ['', ''], minus: '-' });

/**
 * Formats a number to `digits` significant figures with d3-format: plain decimals from 1e-4 to
 * 1e6 (trailing zeros dropped), exponent notation outside (`1.22e-13`, never
 * `0.0000000000001215`), `0` for zero, and `–` for a missing value.
 *
 * @example
 * ```ts
 * console.log(formatSignificant(0.012345), formatSignificant(-12345.6), formatSignificant(1.215e-13), formatSignificant(2.5e7, 2), formatSignificant(null)); // 0.0123 -12300 1.22e-13 2.5e+7 –
 * ```
 */
export function formatSignificant(value: number | null | undefined, digits = 3): string {
  if (value == null || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  // d3's `e` precision counts the digits after the point, `r` all significant ones.
  return locale.format(magnitude >= 1e-4 && magnitude < 1e6 ? `.${digits}~r` : `.${Math.max(0, digits - 1)}~e`)(value);
}

/**
 * Whether an interval has no width beyond floating-point noise (at most 1e-12 of its
 * magnitude): the replicates behind it were identical, so it is no interval at all. Runs written
 * before summary.json marked deterministic metrics carry such intervals.
 */
function zeroWidth(low: number, high: number): boolean {
  return high - low <= 1e-12 * Math.max(Math.abs(low), Math.abs(high));
}

/** The effects over time of a summary effect, as table cells. */
function overTimeCells(e: TableSummaryEffect): Pick<TableEffect, 'peak' | 'cumulative' | 'discounted'> {
  const out: Pick<TableEffect, 'peak' | 'cumulative' | 'discounted'> = {};
  for (const key of ['peak', 'cumulative', 'discounted'] as const) {
    const d = e[key];
    if (d === undefined) continue;
    const ci: TableInterval =
      d.deterministic === true
        ? 'deterministic'
        : d.ci95 != null && Number.isFinite(d.ci95[0]) && Number.isFinite(d.ci95[1])
          ? zeroWidth(d.ci95[0], d.ci95[1])
            ? 'deterministic'
            : { low: d.ci95[0], high: d.ci95[1] }
          : null;
    const when = key === 'peak' ? (d.date ? d.date : d.step !== undefined ? `step ${d.step}` : undefined) : undefined;
    out[key] = {
      difference: d.difference,
      ci,
      significant: ci !== null && ci !== 'deterministic' && (ci.low > 0 || ci.high < 0),
      ...(when !== undefined ? { when } : {}),
    };
  }
  return out;
}

function metricInterval(m: TableSummaryMetric): TableInterval {
  if (m.deterministic === true) return 'deterministic';
  const ci = m.ci95;
  if (ci != null && Number.isFinite(ci[0]) && Number.isFinite(ci[1]))
    return zeroWidth(ci[0], ci[1]) ? 'deterministic' : { low: ci[0], high: ci[1] };
  // No interval with two or more replicates: they were all identical (summary.json leaves it out).
  return m.n >= 2 ? 'deterministic' : null;
}

function effectInterval(
  e: TableSummaryEffect,
  treatment: TableSummaryMetric | undefined,
  control: TableSummaryMetric | undefined,
): TableInterval {
  if (e.deterministic === true) return 'deterministic';
  // Two deterministic arms differ exactly: there is nothing to test, whatever noise the interval carries.
  if (
    treatment !== undefined &&
    control !== undefined &&
    metricInterval(treatment) === 'deterministic' &&
    metricInterval(control) === 'deterministic'
  )
    return 'deterministic';
  const ci = e.ci95;
  if (ci != null && Number.isFinite(ci[0]) && Number.isFinite(ci[1]))
    return zeroWidth(ci[0], ci[1]) ? 'deterministic' : { low: ci[0], high: ci[1] };
  // Welch's interval needs two replicates in each arm; without it, both arms were identical replicates.
  return (treatment?.n ?? 0) >= 2 && (control?.n ?? 0) >= 2 ? 'deterministic' : null;
}

/**
 * Builds a paper table from a run's summary: one row per metric × sweep point × arm with the
 * chosen statistics. A missing interval never fails: deterministic arms (all replicates
 * identical) read `deterministic`, and an effect is marked significant only when its 95% CI
 * excludes 0 (never a zero-variance difference).
 *
 * @throws Error when a chosen metric is not in the summary (the CLI checks names first).
 *
 * @example
 * ```ts
 * const table = buildSummaryTable(summary, { metrics: ['state/CN/output'], statistics: ['mean', 'ci', 'effect'] });
 * console.log(table.rows.map((r) => r.arm)); // ['control', 'us-only', 'aligned', 'fab-fire']
 * console.log(summaryTableMarkdown(table).split('\n')[2]); // | Arm | Metric | Mean | 95% CI | Effect vs control [95% CI] |
 * ```
 */
export function buildSummaryTable(summary: SummaryTableInput, options: SummaryTableOptions = {}): SummaryTable {
  const statistics = options.statistics ?? DEFAULT_TABLE_STATISTICS;
  const digits = options.digits ?? 3;
  const metricNames = options.metrics ?? [...new Set(summary.metrics.map((m) => m.metric))];
  const missing = metricNames.filter((name) => !summary.metrics.some((m) => m.metric === name));
  if (missing.length > 0)
    throw new Error(`metric${missing.length === 1 ? '' : 's'} not in the summary: ${missing.join(', ')}`);
  const points = summary.points ?? [];
  const parameters = [...new Set(points.flatMap((p) => Object.keys(p)))];
  const key = (arm: string, point: number, metric: string): string => `${arm}\u0000${point}\u0000${metric}`;
  const metricsByKey = new Map(summary.metrics.map((m) => [key(m.arm, m.point ?? 0, m.metric), m]));
  const effectsByKey = new Map(summary.effects.map((e) => [key(e.arm, e.point ?? 0, e.metric), e]));
  // An ablation arm repeats another without a mechanism; its numbers belong to the attribution, not to this table.
  const ablated = new Set((summary.ablation?.arms ?? []).map((a) => a.arm));
  const arms = [...new Set(summary.metrics.map((m) => m.arm))].filter((arm) => !ablated.has(arm));
  const pointIndexes = [...new Set(summary.metrics.map((m) => m.point ?? 0))].sort((a, b) => a - b);

  const rows: SummaryTableRow[] = [];
  let deterministic = false;
  let singleReplicate = false;
  for (const metric of metricNames) {
    for (const point of pointIndexes) {
      for (const arm of arms) {
        const m = metricsByKey.get(key(arm, point, metric));
        if (m === undefined) continue;
        let effect: SummaryTableRow['effect'] = null;
        if (arm === summary.control) effect = 'control';
        else {
          const e = effectsByKey.get(key(arm, point, metric));
          if (e !== undefined) {
            const ci = effectInterval(
              e,
              m,
              summary.control === null ? undefined : metricsByKey.get(key(summary.control, point, metric)),
            );
            effect = {
              difference: e.difference,
              relative: e.relative ?? null,
              ci,
              significant: ci !== null && ci !== 'deterministic' && (ci.low > 0 || ci.high < 0),
              ...overTimeCells(e),
            };
          }
        }
        const row: SummaryTableRow = {
          arm,
          point,
          parameters: points[point] ?? {},
          metric,
          label: metricLabel(metric),
          n: m.n,
          mean: m.mean,
          sd: m.sd ?? null,
          ci: metricInterval(m),
          effect,
        };
        if (row.ci === 'deterministic' || (typeof effect === 'object' && effect?.ci === 'deterministic'))
          deterministic = true;
        if (row.ci === null) singleReplicate = true;
        rows.push(row);
      }
    }
  }

  const step = options.step ?? 'the final step';
  const notes: string[] = [];
  notes.push(
    `Each run's value at ${step}; mean over replicates${statistics.includes('ci') ? ", with its 95% CI (Student's t)" : ''}.`,
  );
  if ((statistics.includes('effect') || statistics.includes('relative')) && summary.control !== null) {
    notes.push(
      `Effect: difference from the control arm (${summary.control})${statistics.includes('effect') ? ", with its 95% CI (Welch's t); * the CI excludes 0" : ''}${statistics.includes('relative') ? '; relative: as a percentage of the control mean' : ''}.`,
    );
  }
  if (statistics.includes('peak'))
    notes.push(
      "Peak: the largest difference of the arm's mean path from the control's over the run, when it came, and Welch's 95% CI at that step (not widened for having picked the largest).",
    );
  if (statistics.includes('cumulative'))
    notes.push('Cumulative: the difference of the metric summed over every step of the run, with its 95% CI (Welch).');
  if (statistics.includes('discounted'))
    notes.push(
      `Discounted: the same, each step discounted to the start${summary.discountRate !== undefined ? ` at ${formatSignificant(100 * summary.discountRate, 3)}% a year` : ''}.`,
    );
  if (deterministic)
    notes.push(
      'deterministic: all replicates identical, so there is no interval (and a difference between two such arms is exact, not tested).',
    );
  if (singleReplicate) notes.push('–: one replicate, no interval.');
  notes.push(`Numbers to ${digits} significant figure${digits === 1 ? '' : 's'}.`);
  if (options.provenance) notes.push(`Source: ${options.provenance}.`);
  return {
    caption: `${summary.title ?? summary.scenario}: key metrics at ${step}`,
    scenario: summary.scenario,
    control: summary.control,
    statistics,
    digits,
    parameters,
    rows,
    notes,
    provenanceColumns: options.provenanceColumns ?? {},
  };
}

/** A table as header and body cells; the formats differ only in how they write a cell. */
interface Cells {
  header: string[];
  /** Columns that hold numbers (right-aligned). */
  numeric: boolean[];
  body: string[][];
}

/** How a format writes numbers, intervals, marks and text. */
interface Style {
  number: (text: string) => string;
  interval: (low: string, high: string) => string;
  mark: (number: string) => string;
  text: (text: string) => string;
  none: string;
}

/** A formatted number as LaTeX math (without the dollars): `1.22e-13` becomes `1.22\times10^{-13}`. */
function latexMath(text: string): string {
  const exponent = /^(-?[\d.]+)e([+-])(\d+)$/.exec(text);
  return exponent ? `${exponent[1]}\\times10^{${exponent[2] === '-' ? '-' : ''}${exponent[3]}}` : text;
}

function latexNumber(text: string): string {
  return text === '–' ? '--' : `$${latexMath(text)}$`;
}

function parameterText(parameters: Readonly<Record<string, unknown>>, names: readonly string[]): string {
  return names
    .map(
      (name) =>
        `${name} = ${typeof parameters[name] === 'number' ? formatSignificant(parameters[name] as number, 6) : String(parameters[name] ?? '')}`,
    )
    .join(', ');
}

function cells(table: SummaryTable, style: Style): Cells {
  const f = (value: number | null | undefined): string => style.number(formatSignificant(value, table.digits));
  const interval = (ci: TableInterval): string =>
    ci === null
      ? style.none
      : ci === 'deterministic'
        ? style.text('deterministic')
        : style.interval(formatSignificant(ci.low, table.digits), formatSignificant(ci.high, table.digits));
  const header = ['Arm', 'Metric'];
  const numeric = [false, false];
  if (table.parameters.length > 0) {
    header.push('Parameters');
    numeric.push(false);
  }
  for (const statistic of table.statistics) {
    header.push(
      {
        mean: 'Mean',
        ci: '95% CI',
        effect: 'Effect vs control [95% CI]',
        relative: 'Relative effect',
        sd: 'SD',
        n: 'n',
        peak: 'Peak effect [95% CI] (when)',
        cumulative: 'Cumulative effect [95% CI]',
        discounted: 'Discounted effect [95% CI]',
      }[statistic],
    );
    numeric.push(statistic === 'mean' || statistic === 'relative' || statistic === 'sd' || statistic === 'n');
  }
  const body = table.rows.map((row) => {
    const out = [style.text(row.arm), style.text(row.label)];
    if (table.parameters.length > 0) out.push(style.text(parameterText(row.parameters, table.parameters)));
    for (const statistic of table.statistics) {
      const effect = typeof row.effect === 'object' ? row.effect : null;
      switch (statistic) {
        case 'mean':
          out.push(f(row.mean));
          break;
        case 'ci':
          out.push(interval(row.ci));
          break;
        case 'sd':
          // A deterministic row's sd is 0 (older runs wrote floating-point noise such as 1.4e-16).
          out.push(row.ci === 'deterministic' ? f(0) : row.sd === null ? style.none : f(row.sd));
          break;
        case 'n':
          out.push(style.number(String(row.n)));
          break;
        case 'relative':
          out.push(
            effect === null || effect.relative === null
              ? row.effect === 'control'
                ? style.text('(control)')
                : style.none
              : `${style.number(formatSignificant(100 * effect.relative, table.digits))}${style.text('%')}`,
          );
          break;
        case 'peak':
        case 'cumulative':
        case 'discounted': {
          const d = effect?.[statistic];
          if (row.effect === 'control') out.push(style.text('(control)'));
          else if (d === undefined) out.push(style.none);
          else {
            const difference = formatSignificant(d.difference, table.digits);
            const ci =
              d.ci === 'deterministic'
                ? ` ${style.text('(deterministic)')}`
                : d.ci === null
                  ? ''
                  : ` ${interval(d.ci)}`;
            out.push(
              `${d.significant ? style.mark(difference) : style.number(difference)}${ci}${d.when !== undefined ? ` ${style.text(`(${d.when})`)}` : ''}`,
            );
          }
          break;
        }
        case 'effect': {
          if (row.effect === 'control') out.push(style.text('(control)'));
          else if (effect === null) out.push(style.none);
          else {
            const difference = formatSignificant(effect.difference, table.digits);
            const ci =
              effect.ci === 'deterministic'
                ? ` ${style.text('(deterministic)')}`
                : effect.ci === null
                  ? ''
                  : ` ${interval(effect.ci)}`;
            out.push(`${effect.significant ? style.mark(difference) : style.number(difference)}${ci}`);
          }
          break;
        }
      }
    }
    return out;
  });
  return { header, numeric, body };
}

/**
 * The table as CSV (d3-dsv quoting): one column per statistic, intervals split into low and high
 * columns, a `significant` column (`*` when the effect's 95% CI excludes 0), a `notes` column
 * (`deterministic`, `one replicate`), one column per swept parameter, and the provenance
 * columns (scenario, seed, version, commit, step) on every row. Numbers are to the table's
 * significant figures.
 *
 * @example
 * ```ts
 * const csv = summaryTableCsv(buildSummaryTable(summary, { metrics: ['state/CN/output'] }));
 * console.log(csv.split('\n')[0]); // arm,metric,metric_label,mean,ci95_low,ci95_high,effect,effect_ci95_low,effect_ci95_high,significant,notes,scenario
 * ```
 */
export function summaryTableCsv(table: SummaryTable): string {
  const f = (value: number | null | undefined): string =>
    value == null || !Number.isFinite(value) ? '' : formatSignificant(value, table.digits);
  const header = ['arm', ...table.parameters, 'metric', 'metric_label'];
  for (const statistic of table.statistics) {
    if (statistic === 'ci') header.push('ci95_low', 'ci95_high');
    else if (statistic === 'effect') header.push('effect', 'effect_ci95_low', 'effect_ci95_high', 'significant');
    else if (statistic === 'peak')
      header.push('peak_effect', 'peak_ci95_low', 'peak_ci95_high', 'peak_significant', 'peak_when');
    else if (statistic === 'cumulative' || statistic === 'discounted')
      header.push(`${statistic}_effect`, `${statistic}_ci95_low`, `${statistic}_ci95_high`, `${statistic}_significant`);
    else header.push(statistic);
  }
  const provenance = { scenario: table.scenario, ...table.provenanceColumns };
  header.push('notes', ...Object.keys(provenance));
  const lines = [header];
  for (const row of table.rows) {
    const effect = typeof row.effect === 'object' ? row.effect : null;
    const notes: string[] = [];
    if (row.ci === 'deterministic') notes.push('deterministic: all replicates identical');
    else if (row.ci === null) notes.push('one replicate: no interval');
    if (row.effect === 'control') notes.push('control arm');
    else if (effect?.ci === 'deterministic') notes.push('deterministic difference');
    const out = [
      row.arm,
      ...table.parameters.map((name) =>
        row.parameters[name] === undefined
          ? ''
          : typeof row.parameters[name] === 'number'
            ? formatSignificant(row.parameters[name] as number, 6)
            : String(row.parameters[name]),
      ),
      row.metric,
      row.label,
    ];
    for (const statistic of table.statistics) {
      switch (statistic) {
        case 'mean':
          out.push(f(row.mean));
          break;
        case 'ci':
          out.push(...(row.ci === null || row.ci === 'deterministic' ? ['', ''] : [f(row.ci.low), f(row.ci.high)]));
          break;
        case 'effect':
          out.push(
            effect === null ? '' : f(effect.difference),
            ...(effect === null || effect.ci === null || effect.ci === 'deterministic'
              ? ['', '']
              : [f(effect.ci.low), f(effect.ci.high)]),
            effect?.significant ? '*' : '',
          );
          break;
        case 'relative':
          out.push(effect === null ? '' : f(effect.relative));
          break;
        case 'sd':
          out.push(row.ci === 'deterministic' ? '0' : f(row.sd));
          break;
        case 'n':
          out.push(String(row.n));
          break;
        case 'peak':
        case 'cumulative':
        case 'discounted': {
          const d = effect?.[statistic];
          out.push(
            d === undefined ? '' : f(d.difference),
            ...(d === undefined || d.ci === null || d.ci === 'deterministic' ? ['', ''] : [f(d.ci.low), f(d.ci.high)]),
            d?.significant ? '*' : '',
          );
          if (statistic === 'peak') out.push(d?.when ?? '');
          break;
        }
      }
    }
    out.push(notes.join('; '), ...Object.values(provenance));
    lines.push(out);
  }
  return `${lines.map((line) => line.map(csvCell).join(',')).join('\n')}\n`;
}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Escapes text for a Markdown table cell: pipes, backslashes, and the characters that start
 * emphasis or code.
 *
 * @example
 * ```ts
 * console.log(escapeMarkdown('CN:logic_leading | *x*')); // CN:logic\_leading \| \*x\*
 * ```
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\|*_`]/g, (c) => `\\${c}`);
}

/**
 * The table as Markdown (GitHub-flavoured pipes, numbers right-aligned), with its caption above
 * and its notes below.
 *
 * @example
 * ```ts
 * const md = summaryTableMarkdown(buildSummaryTable(summary, { metrics: ['state/CN/output'] }));
 * console.log(md.split('\n').filter((line) => line.startsWith('| ')).length); // 5
 * ```
 */
export function summaryTableMarkdown(table: SummaryTable): string {
  const { header, numeric, body } = cells(table, {
    number: (t) => t,
    interval: (low, high) => `[${low}, ${high}]`,
    mark: (t) => `${t}\\*`,
    text: escapeMarkdown,
    none: '–',
  });
  const line = (row: string[]): string => `| ${row.join(' | ')} |`;
  const rule = `|${numeric.map((n) => (n ? '---:' : '---')).join('|')}|`;
  return (
    [
      `**${escapeMarkdown(table.caption)}**`,
      '',
      line(header.map(escapeMarkdown)),
      rule,
      ...body.map(line),
      '',
      ...table.notes.map((n) => `${escapeMarkdown(n)}  `),
    ]
      .join('\n')
      .replace(/ {2}$/, '') + '\n'
  );
}

const LATEX_SPECIALS: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
  '·': '\\textperiodcentered{}',
  '–': '--',
  '—': '---',
  '×': '$\\times$',
  '−': '-',
};

/**
 * Escapes text for LaTeX: `\ & % $ # _ { } ~ ^`, and `< > |` (which the default font encoding
 * prints as other glyphs), and the dashes, dot and times sign the provenance line uses.
 *
 * @example
 * ```ts
 * console.log(escapeLatex('US>CN:chip_eq 50% & more')); // US\textgreater{}CN:chip\_eq 50\% \& more
 * ```
 */
export function escapeLatex(text: string): string {
  return text.replace(/[\\&%$#_{}~^<>|·–—×−]/g, (c) => LATEX_SPECIALS[c]!);
}

/**
 * The table as a LaTeX `table` float with a booktabs `tabular` (`\toprule`, `\midrule`,
 * `\bottomrule`; needs `\usepackage{booktabs}`), numbers in math mode, the caption and a
 * `tab:<scenario>` label, and the notes in small type below. Every text cell is escaped.
 *
 * @example
 * ```ts
 * const tex = summaryTableLatex(buildSummaryTable(summary, { metrics: ['state/CN/output'] }));
 * console.log(tex.includes('\\toprule') && tex.includes('\\bottomrule'), tex.includes('\\label{tab:quickstart}')); // true true
 * ```
 */
export function summaryTableLatex(table: SummaryTable): string {
  const { header, numeric, body } = cells(table, {
    number: latexNumber,
    interval: (low, high) => `[${latexNumber(low)}, ${latexNumber(high)}]`,
    // Braced, so an exponent's own superscript and the mark do not collide: ${1.2\times10^{-9}}^{*}$.
    mark: (t) => '${' + latexMath(t) + '}^{*}$',
    text: escapeLatex,
    none: '--',
  });
  const row = (cellsOfRow: string[]): string => `${cellsOfRow.join(' & ')} \\\\`;
  // A little space between metric groups.
  const lines: string[] = [];
  table.rows.forEach((r, i) => {
    if (i > 0 && r.metric !== table.rows[i - 1]!.metric) lines.push('\\addlinespace');
    lines.push(row(body[i]!));
  });
  return [
    '% Generated by chokepoint table; needs \\usepackage{booktabs}.',
    '\\begin{table}[htbp]',
    '\\centering',
    `\\caption{${escapeLatex(table.caption)}}`,
    `\\label{tab:${table.scenario.replace(/[^A-Za-z0-9:.-]/g, '-')}}`,
    `\\begin{tabular}{${numeric.map((n) => (n ? 'r' : 'l')).join('')}}`,
    '\\toprule',
    row(header.map(escapeLatex)),
    '\\midrule',
    ...lines,
    '\\bottomrule',
    '\\end{tabular}',
    '\\par\\smallskip',
    `{\\footnotesize ${table.notes.map(escapeLatex).join(' ')}\\par}`,
    '\\end{table}',
    '',
  ].join('\n');
}
