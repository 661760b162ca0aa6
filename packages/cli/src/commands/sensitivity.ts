/**
 * `chokepoint sensitivity`: Morris measures or Sobol indices of a metric over a run of a
 * morris or sobol sweep (the numerics are `analyzeSensitivity` of @chokepoint/scenario);
 * writes sensitivity.json, prints a table, and redraws the charts and report.
 */
import { relative, resolve } from 'node:path';
import { analyzeSensitivity, writeSensitivityReport, type SensitivityAnalysis } from '@chokepoint/analysis';
import { COMMAND_LINE, ScenarioError } from '@chokepoint/scenario';
import type { Command } from 'commander';
import { integer, renderReport, seedText, type CliIO } from '../shared.js';
import type { RegisterCommand } from './index.js';

const EXAMPLES = `
Examples:
  $ chokepoint run scenarios/experiments/unilateral-vs-multilateral.sensitivity.yaml --out runs/uvm-sens
  $ chokepoint sensitivity runs/uvm-sens --metric state/CN/imports --arm all-allies
  $ chokepoint sensitivity runs/uvm-sens --metric world/world/welfare --step 8 --json
  $ chokepoint sensitivity runs/uvm-sens --metric state/CN/imports --against control

The run must be of a sweep with method: morris or sobol (docs/sensitivity.md). Each sweep
point is reduced to the metric's mean over its replicates at the final step (or --step).
With --against ARM, each point's value is the arm's mean minus ARM's at the same point: the
measures then say how the parameters move the effect, not the level.
Morris: mu* (mean absolute elementary effect, with a bootstrap 95% interval), mu and sigma per
parameter. Sobol: first-order S1 and total ST indices with bootstrap 95% intervals. Writes
sensitivity.json into the run directory (one analysis per metric x arm x step), then the
charts and report.html (skip with --no-report).`;

function interval(ci: [number, number] | null, format: (v: number) => string): string {
  return ci === null ? '' : ` [${format(ci[0])}, ${format(ci[1])}]`;
}

/** Four significant digits, without exponent noise for ordinary magnitudes. */
function number(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 1e-3 && magnitude < 1e6 ? String(Number(value.toPrecision(4))) : value.toExponential(3);
}

function index(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '–' : value.toFixed(3);
}

/**
 * The table of one analysis: a heading line, then one row per parameter, most influential
 * first (by μ* for Morris, by ST for Sobol).
 *
 * @example
 * ```ts
 * io.stdout(sensitivityTable(report.analyses[0]));
 * ```
 */
export function sensitivityTable(analysis: SensitivityAnalysis): string {
  const noise =
    analysis.noiseShare === null ? '' : `; replicate noise ${(100 * analysis.noiseShare).toFixed(1)}% of the variance`;
  const heading = `${analysis.metric}, arm ${analysis.arm}${analysis.against !== undefined ? ` − ${analysis.against}` : ''}, ${analysis.at === 'last' ? `final step (${analysis.step})` : `step ${analysis.step}`}: ${analysis.points} points × ${analysis.replicates} replicate${analysis.replicates === 1 ? '' : 's'}; mean ${number(analysis.mean)}, variance ${number(analysis.variance)}${noise}\n`;
  const level = `${Math.round(100 * analysis.confidence)}%`;
  let headers: string[];
  let rows: string[][];
  if (analysis.morris !== undefined) {
    headers = ['parameter', `mu* [${level} CI]`, 'mu', 'sigma'];
    rows = [...analysis.morris]
      .sort((a, b) => b.muStar - a.muStar)
      .map((m) => [m.parameter, `${number(m.muStar)}${interval(m.muStarCi, number)}`, number(m.mu), number(m.sigma)]);
  } else {
    headers = ['parameter', `S1 [${level} CI]`, `ST [${level} CI]`];
    rows = [...(analysis.sobol ?? [])]
      .sort((a, b) => (Number.isFinite(b.ST) ? b.ST : -1) - (Number.isFinite(a.ST) ? a.ST : -1))
      .map((s) => [
        s.parameter,
        `${index(s.S1)}${interval(s.S1Ci, index)}`,
        `${index(s.ST)}${interval(s.STCi, index)}`,
      ]);
  }
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]): string =>
    `${cells
      .map((text, c) => text.padEnd(widths[c]!))
      .join('  ')
      .trimEnd()}\n`;
  return heading + line(headers) + line(widths.map((w) => '-'.repeat(w))) + rows.map(line).join('');
}

/** Registers `chokepoint sensitivity`. */
export const registerSensitivity: RegisterCommand = (program: Command, io: CliIO, cwd: string) => {
  program
    .command('sensitivity')
    .description('Morris elementary effects or Sobol indices of a metric over a morris or sobol sweep run')
    .argument('<dir>', 'run directory of a sweep with method: morris or sobol')
    .requiredOption('-m, --metric <name>', 'metric kind/entity/variable, e.g. world/world/welfare')
    .option('--step <s>', 'read the metric at this step (default: the final step)', integer(1, 'a step'))
    .option('--at <when>', 'read the metric at the final step: last (the default)')
    .option('--arm <arm>', 'analyse one arm (default: every arm)')
    .option(
      '--against <arm>',
      "analyse each arm's effect: its difference from this arm (e.g. the control) at each point",
    )
    .option(
      '-b, --bootstrap <n>',
      'bootstrap resamples for the 95% intervals (0: none)',
      integer(0, 'a resample count'),
      1000,
    )
    .option('-s, --seed <seed>', 'seed of the bootstrap (default: derived from the run seed, metric and arm)', seedText)
    .option('--json', 'print the analyses as JSON instead of tables')
    .option('--no-report', 'do not redraw the charts and report.html')
    .addHelpText('after', EXAMPLES)
    .action(async (dir: string, opts: Record<string, unknown>) => {
      if (opts.at !== undefined && opts.at !== 'last') {
        throw new ScenarioError([
          { ...COMMAND_LINE, path: '--at', expected: 'last (or give --step S)', received: `"${String(opts.at)}"` },
        ]);
      }
      if (opts.at !== undefined && opts.step !== undefined) {
        throw new ScenarioError([
          { ...COMMAND_LINE, path: '--at', expected: 'either --at last or --step S, not both', received: 'both' },
        ]);
      }
      const runDir = resolve(cwd, dir);
      const report = await analyzeSensitivity(runDir, {
        metric: opts.metric as string,
        cwd,
        bootstrap: opts.bootstrap as number,
        ...(opts.step !== undefined ? { step: opts.step as number } : {}),
        ...(opts.arm !== undefined ? { arm: opts.arm as string } : {}),
        ...(opts.against !== undefined ? { against: opts.against as string } : {}),
        ...(opts.seed !== undefined ? { seed: opts.seed as string } : {}),
      });
      writeSensitivityReport(runDir, report);
      if (opts.json)
        io.stdout(
          `${JSON.stringify(report.analyses, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`,
        );
      else io.stdout(report.analyses.map(sensitivityTable).join('\n'));
      const shown = (path: string): string => (relative(cwd, path).startsWith('..') ? path : relative(cwd, path));
      io.stderr(
        `${report.method}: ${report.analyses.length} analys${report.analyses.length === 1 ? 'is' : 'es'} written to ${shown(resolve(runDir, 'sensitivity.json'))}\n`,
      );
      for (const analysis of report.analyses) {
        if (analysis.noiseShare !== null && analysis.noiseShare > 0.5) {
          io.stderr(
            `warning: arm ${analysis.arm}: replicate noise is ${(100 * analysis.noiseShare).toFixed(0)}% of the variance of ${analysis.metric} over the design; the indices mostly measure noise (add replicates or widen the ranges)\n`,
          );
        }
        if (!(analysis.variance > 0))
          io.stderr(
            `warning: arm ${analysis.arm}: ${analysis.metric} does not vary over the design; the indices are undefined\n`,
          );
      }
      if (opts.report !== false) {
        const path = await renderReport(runDir, cwd);
        io.stdout(`Report: ${shown(path)}\n`);
      }
    });
};
