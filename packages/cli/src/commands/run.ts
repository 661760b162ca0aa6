import { join, relative, sep } from 'node:path';
import { parseShard, runScenario, type RunOptions } from '@chokepoint/runner';
import { ScenarioError } from '@chokepoint/scenario';
import { Presets, SingleBar } from 'cli-progress';
import { addLimitOptions, collect, limitsFrom, integer, renderReport, seedText } from '../shared.js';
import type { RegisterCommand } from './index.js';

const EXAMPLES = `
Examples:
  $ chokepoint run scenarios/quickstart.yaml
  $ chokepoint run scenarios/quickstart.yaml --out runs/qs --workers 2 --replicates 20
  $ chokepoint run my.yaml --set params.substitutionRate=0.1 --set hawk=0.8 --seed 7
  $ chokepoint run my.yaml --out runs/big --shard 3/8        # one shard; then chokepoint merge
  $ chokepoint run my.yaml --out runs/big-$SLURM_ARRAY_TASK_ID --shard auto   # inside sbatch --array=1-8
  $ chokepoint run my.yaml --out runs/big --resume           # continue an interrupted run
  $ chokepoint run my.yaml --detail                          # every firm's rows, not only the key metrics' firms

Writes metrics.csv, metrics.parquet, summary.json, manifest.json and scenario.yaml into the
run directory (default runs/<scenario>-<timestamp>/), then charts/*.svg|png and report.html
(skip them with --no-report). Prints the run directory, then "Report: <path>".`;

/** `chokepoint run`: {@link RegisterCommand}. */
export const registerRun: RegisterCommand = (program, io, cwd) => {
  const me = io.command ?? 'chokepoint';
  addLimitOptions(
    program
      .command('run')
      .description('run a scenario: every arm × sweep point × replicate, in a worker pool')
      .argument('<file>', 'scenario file (YAML or JSON)')
      .option('-o, --out <dir>', 'run directory (default runs/<scenario>-<timestamp>/)')
      .option(
        '-w, --workers <n>',
        'worker threads (default: the number of CPUs; 1 runs in-process)',
        integer(1, 'a worker count'),
      )
      .option(
        '-r, --replicates <n>',
        'replicates per arm and point (overrides the file)',
        integer(1, 'a replicate count'),
      )
      .option('-s, --seed <seed>', 'base seed (overrides the file)', seedText)
      .option('--set <path=value>', 'set a value by path, e.g. params.substitutionRate=0.1 (repeatable)', collect)
      .option(
        '--shard <i/N>',
        'run shard i of N only and leave part files for `chokepoint merge`; `auto` takes i/N from the Slurm array task (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT)',
      )
      .option('--resume', 'continue an interrupted run in --out: finished runs are skipped')
      .option('-q, --quiet', 'no progress bar')
      .option('--keep-parts', 'keep the per-run part files after writing the outputs')
      .option('--no-report', 'do not render the charts and report.html')
      .option(
        '--detail',
        'record the rows of every firm (default: only the firms the key metrics name and outputs.firms lists)',
      ),
  )
    .addHelpText('after', EXAMPLES)
    .action(async (file: string, opts: Record<string, unknown>) => {
      if (opts.resume && opts.out === undefined)
        throw new ScenarioError([], 'run: --resume needs --out DIR (the directory of the interrupted run)');
      const options: RunOptions = { cwd };
      if (opts.out !== undefined) options.out = opts.out as string;
      if (opts.workers !== undefined) options.workers = opts.workers as number;
      if (opts.replicates !== undefined) options.replicates = opts.replicates as number;
      if (opts.seed !== undefined) options.seed = opts.seed as string;
      if (opts.set !== undefined) options.set = opts.set as string[];
      if (opts.shard !== undefined) options.shard = parseShard(opts.shard as string);
      if (opts.resume) options.resume = true;
      if (opts.keepParts) options.keepParts = true;
      if (opts.detail) options.detail = true;
      options.limits = limitsFrom(opts);

      let bar: SingleBar | undefined;
      let outDir = '';
      const started = Date.now();
      options.onPlan = ({ plan, out, total, skipped, workers, damaged }) => {
        outDir = out;
        // Damaged parts of an earlier run are removed and run again: worth knowing even with --quiet.
        for (const line of damaged) io.stderr(`note: ${line}\n`);
        // Notes are printed even with --quiet: an arm whose measure is never in force is worth knowing.
        for (const note of plan.notes ?? []) io.stderr(`note: ${note}\n`);
        if (opts.quiet) return;
        const shard = options.shard ? ` (shard ${options.shard.index}/${options.shard.count})` : '';
        const resumed = skipped > 0 ? `, ${skipped} already done` : '';
        io.stderr(
          `${plan.name}: ${plan.arms.length} arm${plan.arms.length === 1 ? '' : 's'} × ${plan.points.length} point${plan.points.length === 1 ? '' : 's'} × ${plan.replicates} replicate${plan.replicates === 1 ? '' : 's'} = ${plan.runs.length} runs${shard}${resumed}, ${workers} worker${workers === 1 ? '' : 's'}\n`,
        );
        for (const s of plan.shared ?? []) {
          io.stderr(
            `arm "${s.arm}" ignores ${s.parameters.join(', ')}: it runs at ${s.points} of the ${plan.points.length} sweep points, and its results stand for the others\n`,
          );
        }
        bar = new SingleBar(
          {
            format:
              'running [{bar}] {value}/{total} runs | {percentage}% | elapsed {duration_formatted} | ETA {eta_formatted}',
            noTTYOutput: true,
            notTTYSchedule: 2000,
            stream: io.progressStream ?? process.stderr,
            hideCursor: true,
            etaBuffer: 20,
          },
          Presets.shades_classic,
        );
        bar.start(total, skipped);
      };
      options.onProgress = ({ done }) => bar?.update(done);
      options.onWriting = () => {
        bar?.stop();
        bar = undefined;
        if (!opts.quiet)
          io.stderr(
            'writing metrics.csv, metrics.parquet, measures.csv, summary.json, manifest.json and scenario.yaml\n',
          );
      };
      const interrupt = (): void => {
        bar?.stop();
        io.stderr(
          `\ninterrupted; finished runs are saved. Continue with: ${me} run ${file} --resume --out ${outDir ? relative(cwd, outDir) || '.' : 'DIR'}\n`,
        );
        process.exit(130);
      };
      process.once('SIGINT', interrupt);
      try {
        const result = await runScenario(file, options);
        bar?.stop();
        // Printed even with --quiet, like notes: a control arm that adopts measures changes what every effect means.
        for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        const shown = relative(cwd, result.out).startsWith('..') ? result.out : relative(cwd, result.out) || '.';
        if (!opts.quiet) {
          if (result.complete)
            io.stderr(
              `done: ${result.executed} runs${result.skipped > 0 ? ` (${result.skipped} resumed)` : ''} in ${seconds} s; outputs in ${shown}${sep}\n`,
            );
          else
            io.stderr(
              `shard ${options.shard!.index}/${options.shard!.count}: ${result.executed} runs written to ${shown}${sep}parts (${seconds} s); join the shards with ${me} merge\n`,
            );
        }
        io.stdout(`${shown}\n`);
        if (result.complete && opts.report !== false) {
          if (!opts.quiet) io.stderr('rendering charts and report.html\n');
          const report = await renderReport(result.out, cwd);
          io.stdout(`Report: ${relative(cwd, report).startsWith('..') ? report : relative(cwd, report)}\n`);
        }
      } finally {
        bar?.stop();
        process.removeListener('SIGINT', interrupt);
      }
    });
};
