/**
 * `chokepoint table`: a run's summary as paper tables (CSV, Markdown, LaTeX booktabs). It reads
 * summary.json, or, for `--step` or a metric the summary does not hold, each run's recorded
 * value in metrics.parquet / metrics.csv, summarized by `buildSummary` of @chokepoint/scenario
 * (the same statistics as summary.json). Nothing is simulated again. The tables themselves are
 * `buildSummaryTable` and its writers in @chokepoint/charts.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { type RunSummary as ScenarioRunSummary } from '@chokepoint/format';
import { buildSummary, writeFileAtomic } from '@chokepoint/outputs';
import { commandLineError, ScenarioError, type Diagnostic } from '@chokepoint/scenario';
import {
  TABLE_STATISTICS,
  buildSummaryTable,
  provenanceLine,
  readRunDirectory,
  summaryTableCsv,
  summaryTableLatex,
  summaryTableMarkdown,
  type RunManifest,
  type SummaryTable,
  type SummaryTableInput,
  type TableStatistic,
  type TidyRow,
} from '@chokepoint/charts/node';
import { InvalidArgumentError, type Command } from 'commander';
import { collect, integer, type CliIO } from '../shared.js';
import type { RegisterCommand } from './index.js';

const EXAMPLES = `
Examples:
  $ chokepoint table runs/quickstart-2026-11-22T10-00-00
  $ chokepoint table runs/qs --format tex --metric state/CN/output --metric world/world/welfare --out paper/tables
  $ chokepoint table runs/qs --stat mean,ci,effect,sd,n --digits 4 --step 8

Writes table.csv, table.md and table.tex (table-step-N.* with --step) into <dir>/tables/ or
--out: one row per arm (and sweep point) and metric, with the mean, its 95% CI and the effect
against the control arm with its 95% CI, * when that CI excludes 0. Deterministic arms (all
replicates identical) read "deterministic" in place of an interval. By default the table shows
the scenario's key metrics (outputs.metrics) at the final step, read from summary.json; --step
and other metrics are read from the run's metrics. Prints the paths written.`;

/** The table formats and their file extensions. */
const FORMATS = { csv: 'csv', md: 'md', tex: 'tex' } as const;
type Format = keyof typeof FORMATS;

function commandLine(flag: string, expected: string, received: string): ScenarioError {
  return commandLineError(flag, expected, received);
}

/** A commander parser for --digits: an integer from 1 to 15 (a double has about 16 significant digits). */
function digitsOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 15)
    throw new InvalidArgumentError(
      `expected a number of significant figures (an integer from 1 to 15), received "${value}"`,
    );
  return n;
}

function list(values: readonly string[]): string[] {
  return values
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Optimal-string-alignment distance, for the nearest metric names after a typo. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The `count` names nearest to `name` (case-insensitive edit distance, then the order given).
 *
 * @example
 * ```ts
 * console.log(nearestNames('state/USA/output', ['world/world/output', 'state/US/output', 'state/CN/output'], 2)); // ['state/US/output', 'state/CN/output']
 * ```
 */
export function nearestNames(name: string, candidates: Iterable<string>, count = 3): string[] {
  const lower = name.toLowerCase();
  return [...new Set(candidates)]
    .map((candidate, order) => ({ candidate, order, d: distance(lower, candidate.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.order - b.order)
    .slice(0, count)
    .map((c) => c.candidate);
}

function metricOf(row: TidyRow): string {
  return `${row.entityKind}/${row.entity}/${row.variable}`;
}

function readJson<T>(path: string, shown: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new ScenarioError([
      {
        file: shown,
        line: 1,
        col: 1,
        path: '(json)',
        expected: 'valid JSON',
        received: (error as Error).message.split('\n')[0]!,
      },
    ]);
  }
}

/**
 * Each run's value of the chosen metrics at `step` (or at its final step), summarized like
 * summary.json: the runs, arms, points and control come from the run directory.
 */
function summaryFromRows(
  rows: readonly TidyRow[],
  metrics: readonly string[],
  summary: ScenarioRunSummary,
  manifest: RunManifest | undefined,
  step: number | undefined,
): ScenarioRunSummary {
  const runs = new Map<
    string,
    { arm: string; point: number; finals: Record<string, number>; steps: Record<string, number> }
  >();
  for (const row of rows) {
    if (step !== undefined && row.step !== step) continue;
    let run = runs.get(row.runId);
    if (run === undefined) runs.set(row.runId, (run = { arm: row.arm, point: row.point, finals: {}, steps: {} }));
    const metric = metricOf(row);
    // Without --step, a run's value is the one at the last step the metric was recorded (as in summary.json).
    if (!(metric in run.steps) || row.step >= run.steps[metric]!) {
      run.steps[metric] = row.step;
      run.finals[metric] = row.value;
    }
  }
  const ordered = [...runs.values()];
  const arms = Array.isArray(manifest?.arms)
    ? (manifest.arms as string[])
    : [...new Set([...summary.metrics.map((m) => m.arm), ...ordered.map((r) => r.arm)])];
  const points = summary.points ?? [];
  return buildSummary(
    {
      name: summary.scenario,
      title: summary.title,
      ...(summary.description !== undefined ? { description: summary.description } : {}),
      ...(summary.sources !== undefined ? { sources: summary.sources } : {}),
      control: summary.control,
      arms,
      points: (points.length > 0 ? points : [{}]) as Parameters<typeof buildSummary>[0]['points'],
      keyMetrics: [...metrics],
      runs: ordered,
    },
    ordered,
  );
}

/** Registers `chokepoint table`. */
export const registerTable: RegisterCommand = (program: Command, io: CliIO, cwd: string) => {
  program
    .command('table')
    .description('write the summary of a run directory as paper tables (CSV, Markdown, LaTeX booktabs)')
    .argument('<dir>', 'run directory')
    .option('-f, --format <formats>', 'csv, md and/or tex, comma-separated or repeated (default: all three)', collect)
    .option(
      '-m, --metric <name>',
      'metric kind/entity/variable, e.g. world/world/welfare (repeatable; default: the key metrics of summary.json)',
      collect,
    )
    .option(
      '--stat <stats>',
      `statistics, comma-separated, in column order: ${TABLE_STATISTICS.join(', ')} (default: mean,ci,effect)`,
      collect,
    )
    .option('--step <s>', "read each run's value at this step (default: the final step)", integer(1, 'a step'))
    .option('-d, --digits <n>', 'significant figures of every number (1 to 15)', digitsOption, 3)
    .option('-o, --out <dir>', 'write the tables into this directory (default: <dir>/tables)')
    .addHelpText('after', EXAMPLES)
    .action(
      async (
        dir: string,
        opts: { format?: string[]; metric?: string[]; stat?: string[]; step?: number; digits: number; out?: string },
      ) => {
        const me = io.command ?? 'chokepoint';
        const runDir = resolve(cwd, dir);
        const show = (path: string): string =>
          relative(cwd, path).startsWith('..') ? path : relative(cwd, path) || '.';

        const formats = list(opts.format ?? ['csv,md,tex']);
        for (const format of formats) {
          if (!(format in FORMATS))
            throw commandLine('--format', 'csv, md or tex (comma-separated for several)', `"${format}"`);
        }
        const statistics = list(opts.stat ?? ['mean,ci,effect']);
        for (const statistic of statistics) {
          if (!TABLE_STATISTICS.includes(statistic as TableStatistic))
            throw commandLine('--stat', `statistics among ${TABLE_STATISTICS.join(', ')}`, `"${statistic}"`);
        }
        for (const metric of opts.metric ?? []) {
          if (!/^[^/]+\/.+\/[^/]+$/.test(metric))
            throw commandLine('--metric', 'a metric kind/entity/variable, e.g. world/world/welfare', `"${metric}"`);
        }

        // The run directory and its summary.json.
        const problem = (path: string, expected: string, received: string): ScenarioError =>
          new ScenarioError([
            { file: show(path), line: 1, col: 1, path: '(run directory)', expected, received } satisfies Diagnostic,
          ]);
        if (!existsSync(runDir) || !statSync(runDir).isDirectory())
          throw problem(
            runDir,
            `a run directory (written by ${me} run FILE --out DIR)`,
            existsSync(runDir) ? 'a file' : 'no such directory',
          );
        const summaryPath = join(runDir, 'summary.json');
        if (!existsSync(summaryPath)) {
          const shard = existsSync(join(runDir, 'parts', 'plan.json'));
          throw problem(
            summaryPath,
            shard
              ? `the summary.json that ${me} merge writes when it joins the shards (${me} merge SHARD_DIRS --out DIR, then ${me} table DIR)`
              : `the summary.json that ${me} run writes into its run directory (${me} run FILE --out DIR; finish an interrupted run with --resume)`,
            shard ? 'a shard directory without one' : 'no such file',
          );
        }
        const summary = readJson<ScenarioRunSummary>(summaryPath, show(summaryPath));
        if (!Array.isArray(summary.metrics)) throw problem(summaryPath, 'a summary.json with "metrics"', 'none');
        const manifestPath = join(runDir, 'manifest.json');
        const manifest = existsSync(manifestPath) ? readJson<RunManifest>(manifestPath, show(manifestPath)) : undefined;

        // Which metrics, and where their numbers come from.
        const keyMetrics = [...new Set(summary.metrics.map((m) => m.metric))];
        const metrics = opts.metric !== undefined ? [...new Set(opts.metric)] : keyMetrics;
        if (metrics.length === 0)
          throw problem(
            summaryPath,
            'key metrics in summary.json (outputs.metrics of the scenario), or --metric',
            'none',
          );
        let input: SummaryTableInput = summary as SummaryTableInput;
        let stepLabel = 'the final step';
        if (opts.step !== undefined || metrics.some((m) => !keyMetrics.includes(m))) {
          const wanted = new Set(metrics);
          const seen = new Set<string>(keyMetrics);
          let lastStep = 0;
          const run = await readRunDirectory(runDir, {
            includeFirms: metrics.some((m) => m.startsWith('firm/')),
            filter: (row) => {
              const name = metricOf(row);
              seen.add(name);
              if (!wanted.has(name)) return false;
              if (row.step > lastStep) lastStep = row.step;
              return true;
            },
          }).catch((error: Error) => {
            if (!/no metrics\.csv/.test(error.message)) throw error;
            throw problem(
              join(runDir, 'metrics.csv'),
              `the metrics.csv or metrics.parquet that ${me} run writes, to read --step or a metric summary.json does not hold`,
              'no such file',
            );
          });
          for (const metric of metrics) {
            if (!run.rows.some((row) => metricOf(row) === metric)) {
              throw commandLine(
                '--metric',
                `a metric this run recorded (nearest: ${nearestNames(metric, seen).join(', ')})`,
                `"${metric}"`,
              );
            }
          }
          if (opts.step !== undefined && (opts.step > lastStep || !run.rows.some((row) => row.step === opts.step))) {
            throw commandLine('--step', `a step of the run (1 to ${lastStep})`, `"${opts.step}"`);
          }
          input = summaryFromRows(run.rows, metrics, summary, manifest, opts.step) as SummaryTableInput;
          if (opts.step !== undefined) {
            const date = run.rows.find((row) => row.step === opts.step)?.date;
            stepLabel = `step ${opts.step}${date ? ` (${date})` : ''}`;
          }
        }

        const provenance = provenanceLine({
          scenario: summary.scenario,
          seed: manifest?.seed,
          tool: manifest?.tool,
          version: manifest?.version,
          commit: manifest?.commit ?? null,
        });
        const table: SummaryTable = buildSummaryTable(input, {
          metrics,
          statistics: statistics as TableStatistic[],
          digits: opts.digits,
          step: stepLabel,
          provenance,
          provenanceColumns: {
            step: opts.step === undefined ? 'final' : String(opts.step),
            seed: manifest?.seed === undefined ? '' : String(manifest.seed),
            version: manifest?.version ?? '',
            commit: manifest?.commit ?? '',
          },
        });

        const outDir = resolve(cwd, opts.out ?? join(dir, 'tables'));
        mkdirSync(outDir, { recursive: true });
        const base = opts.step === undefined ? 'table' : `table-step-${opts.step}`;
        const writers: Record<Format, (t: SummaryTable) => string> = {
          csv: summaryTableCsv,
          md: summaryTableMarkdown,
          tex: summaryTableLatex,
        };
        const written: string[] = [];
        for (const format of [...new Set(formats)] as Format[]) {
          const path = join(outDir, `${base}.${FORMATS[format]}`);
          await writeFileAtomic(path, writers[format](table));
          written.push(path);
        }
        io.stderr(
          `${table.rows.length} row${table.rows.length === 1 ? '' : 's'} (${metrics.length} metric${metrics.length === 1 ? '' : 's'} × arms${table.parameters.length > 0 ? ' × sweep points' : ''}) at ${stepLabel}\n`,
        );
        for (const path of written) io.stdout(`${show(path)}\n`);
      },
    );
};
